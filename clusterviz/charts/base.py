"""What the chart builders share (one module per view: charts/overview.py, charts/renewals.py, ...; one function per
chart, tidy frames in, a chart out; specs are tested without a browser.  This module holds what they share.

Colours: the label statuses use a colour-blind-safe set that still reads gold / silver / bronze
(Okabe-Ito orange for Gold, a blue-grey Silver, a dark brown Bronze; reddish purple for the grace year,
mid grey for lapsed, a lighter neutral grey for validity not known, pale grey for never certified) — distinct
in lightness as well as hue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Iterable, Mapping, TypeVar

import altair as alt
import pandas as pd

from clusterviz.figures.metrics import STATUSES
from clusterviz.text.i18n import Translator

STATUS_COLOURS = {
    "gold": "#E69F00",
    "silver": "#9AA8B8",
    "bronze": "#8C4A1C",
    "grace": "#CC79A7",
    "lapsed": "#7A7A7A",
    "unknown": "#ABABAB",  # validity not known: between lapsed and never in lightness, no hue (not a label)
    "never": "#DADADA",
}
COUNTRY_COLOURS = {"NO": "#0072B2", "DK": "#D55E00"}
FONT_SIZE = {"normal": 14, "present": 22}
# Text on the page's background (not on a bar) in each theme: near-black on light, near-white on dark.
INK = {"light": "#222222", "dark": "#E8E8E8"}
INKED_MARKS = ("text", "rule", "tick")
# Legends sit under the chart as a list, one entry a row: Vega does not wrap a legend, so a row of every entry
# ran past a half-width chart's edge and cut its last entries off (the renewals funnel's "Lapsed" on a laptop,
# the overview's statuses on a phone).  The element is made taller by a row per entry (``legend_rows``).
LEGEND_ROW_PX = {"normal": 18, "present": 28}
_LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "strokeDash", "size", "opacity")
ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)  # any chart: single, layered, faceted, concatenated
# Panels of a chart (one per country, per group) sit one above the other and fit the width of their box: Vega-Lite
# cannot fit a facet or a row of panels to a width (a row of panels with fit-x drew at width 0, measured), so a
# facet or row of fixed-width panels overflowed a laptop's half column by 60 px and a phone by up to 540 px, and
# Streamlit stretches a column of panels to its box *plus* their axes (54 px past the box on every screen).  A
# column of panels with ``fit-x`` fits the box exactly on a phone, a laptop and a projector (``stacked``).
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


def base_config(chart: ChartT, present: bool = False) -> ChartT:
    """Calm defaults for the screen and for presenters: bigger type, no grid clutter, no action menu.

    Sets the config on the chart it is given and returns it (builders pass a chart they just made).  The
    chained ``configure_*`` calls copy the chart once each, and copying a layered or concatenated chart
    re-combines its layers' parameters and data."""
    size = FONT_SIZE["present" if present else "normal"]
    target: Any = chart  # every top-level chart kind has .config
    if target.config is alt.Undefined:
        target.config = alt.Config()
    target.config["axis"] = alt.AxisConfig(labelFontSize=size, titleFontSize=size, grid=False)
    target.config["legend"] = alt.LegendConfig(labelFontSize=size, titleFontSize=size, orient="bottom", columns=1)
    target.config["title"] = alt.TitleConfig(fontSize=size + 4, anchor="start")
    target.config["view"] = alt.ViewConfig(strokeWidth=0)
    # Text and rules off the bars carry no colour of their own: the ink of the page's theme is set here
    # (light background: exports, and the screen until ui.chart knows the reader's theme).
    for mark in INKED_MARKS:
        target.config[mark] = alt.MarkConfig(color=INK["light"])
    describe(chart)
    return chart


def stacked(*panels, shared: tuple[str, ...] = ("x", "y"), **kwargs) -> alt.VConcatChart:
    """Panels one above the other on the same ``shared`` scales, fitted to the width of the element they are
    drawn in (``FIT_WIDTH``); the other keyword arguments go to ``alt.vconcat`` (title, spacing, description,
    ...).  An export gives every panel the slide's width (``exports._slide_spec``)."""
    scales: dict[str, Any] = dict.fromkeys(shared, "shared")
    resolve = alt.Resolve(scale=alt.ScaleResolveMap(**scales)) if shared else alt.Undefined
    return alt.vconcat(*panels, autosize=FIT_WIDTH, resolve=resolve, **kwargs)


def legend_rows(chart) -> int:
    """How many rows the chart's legends take, one entry a row (``base_config``): per legend (per field: a colour
    and a shape of one field share one), its scale's domain or the field's distinct values in the view's data; a
    continuous field's gradient counts two.  Read from the chart object, not from its Vega-Lite spec."""
    entries: dict[str, int] = {}

    def visit(view, data) -> None:
        own = getattr(view, "data", None)
        data = own if isinstance(own, pd.DataFrame) else data  # a layer without data of its own draws its parent's
        encoding = getattr(view, "encoding", alt.Undefined)
        for channel in _LEGEND_CHANNELS if encoding is not alt.Undefined else ():
            found = _prop(encoding, channel)
            field, shorthand = _prop(found, "field"), _prop(found, "shorthand")
            name = str(field if isinstance(field, str) else shorthand if isinstance(shorthand, str) else "")
            if not name or _prop(found, "legend") is None:
                continue
            column, _, kind = name.partition(":")
            domain = _prop(_prop(found, "scale"), "domain")
            if kind == "Q" or _prop(found, "type") == "quantitative":
                count = 2
            elif isinstance(domain, (list, tuple)):
                count = len(domain)
            elif isinstance(data, pd.DataFrame) and column in data.columns:
                count = int(data[column].nunique())
            else:
                count = 1
            entries[column] = max(entries.get(column, 0), count)
        for part in ("layer", "hconcat", "vconcat", "concat"):
            for sub in getattr(view, part, None) or ():
                visit(sub, data)
        inner = getattr(view, "spec", alt.Undefined)
        if inner is not alt.Undefined and not isinstance(inner, (dict, str)):
            visit(inner, data)

    visit(chart, None)
    return sum(entries.values())


def _prop(value, name: str):
    """An Altair object's property as it was given (``alt.Undefined`` when not): the channel classes' ``.scale``,
    ``.legend``, ``.field`` ... are setter methods, so ``getattr`` does not read what was set."""
    kwds = getattr(value, "_kwds", None)
    return kwds.get(name, alt.Undefined) if isinstance(kwds, dict) else alt.Undefined


def title_text(title) -> str:
    """The words of a chart title: a string, a list of lines, or TitleParams with a subtitle."""
    if title is alt.Undefined or title is None:
        return ""
    if isinstance(title, alt.TitleParams):
        parts = [title_text(title.text), title_text(title.subtitle)]
        return " – ".join(p for p in parts if p)
    if isinstance(title, (list, tuple)):
        return " ".join(str(t) for t in title)
    return str(title)


def describe(chart, text: str | None = None):
    """Give the chart a text description (Vega-Lite ``description``: the chart's accessible name, read out by
    screen readers): ``text`` when given, else its title unless it has one already."""
    if text:
        chart.description = text
    elif getattr(chart, "description", alt.Undefined) is alt.Undefined:
        words = title_text(getattr(chart, "title", alt.Undefined))
        if words:
            chart.description = words
    return chart


def keyed_scale(keys: Iterable[str], name: Callable[[str], str], values: Mapping[str, Any]) -> alt.Scale:
    """A categorical scale over ``keys`` in their order: each key's name as the reader sees it (the chosen
    language) -> its colour, shape or dash in ``values``.  Every legend ties a key's words to its mark so."""
    keys = list(keys)
    return alt.Scale(domain=[name(k) for k in keys], range=[values[k] for k in keys])


def status_scale(tr: Translator, statuses: Iterable[str] = STATUSES) -> alt.Scale:
    """Label statuses (all of them, or the ones given, in that order) named and coloured."""
    return keyed_scale(statuses, tr.status, STATUS_COLOURS)


def country_scale(tr: Translator, countries: Iterable[str] = tuple(COUNTRY_COLOURS)) -> alt.Scale:
    """The countries among ``countries``, Norway first, named and coloured."""
    present = set(countries)
    return keyed_scale([c for c in COUNTRY_COLOURS if c in present], tr.country, COUNTRY_COLOURS)


def as_date(value) -> dt.date | None:
    """A date cell as a table shows and downloads it: the date, or None (a blank cell) when unknown."""
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()
