"""Charts of the map page: the map's legends (drawn by Altair, so no HTML is built) and a cluster's label timeline."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from clusterviz.charts.base import STATUS_COLOURS, base_config, status_scale
from clusterviz.charts.map_layers import MEASURE_RAMP, PRESENT_SCALE, PROGRAMME_STYLE
from clusterviz.charts.map_rows import group_radius
from clusterviz.figures.metrics import STATUSES
from clusterviz.text.i18n import Translator

LABEL_ORDER = ("gold", "silver", "bronze")
SIZE_STEPS = (1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500)  # disc sizes the place legend may show


def _legend_only(chart: alt.Chart, present: bool, description: str) -> alt.Chart:
    """A chart whose plot area is empty: only its legends show (filled column by column); ``description``
    names them for a screen reader."""
    size = 18 if present else 13
    return (
        chart.properties(description=description, width=1, height=1, autosize=alt.AutoSizeParams(type="pad"))
        .configure_view(stroke=None)
        .configure_axis(disable=True)
        .configure_legend(
            orient="left",
            labelFontSize=size,
            titleFontSize=size,
            columns=2,
            symbolStrokeWidth=1,
            labelLimit=260,
            columnPadding=14,
            rowPadding=4,
        )
    )


def _status_part(tr: Translator, title: str, present: bool) -> alt.Chart:
    statuses = pd.DataFrame({"status_name": [tr.status(s) for s in STATUSES]})
    return (
        alt.Chart(statuses)
        .mark_point(filled=True, opacity=0)
        .encode(
            fill=alt.Fill(
                "status_name:N",
                scale=status_scale(tr),
                sort=None,
                legend=alt.Legend(title=title, symbolType="circle", symbolStrokeColor="#262626", symbolSize=(160 if present else 110)),
            )
        )
    )


def _size_part(names: list[str], areas: list[float], title: str) -> alt.Chart:
    frame = pd.DataFrame({"size_name": names})
    return (
        alt.Chart(frame)
        .mark_point(filled=True, opacity=0, fill="#BDBDBD", stroke="#262626", strokeWidth=1)
        .encode(
            size=alt.Size(
                "size_name:O",
                sort=None,
                scale=alt.Scale(type="ordinal", domain=names, range=areas),
                legend=alt.Legend(title=title, symbolType="circle"),
            )
        )
    )


def status_legend(tr: Translator, programme_levels: list[str], present: bool = False) -> alt.Chart:
    """Legend of the points: fill = label status, size = programme level (the sizes the map uses)."""
    scale = PRESENT_SCALE if present else 1.0
    areas = [(2 * PROGRAMME_STYLE[p][0] * scale) ** 2 for p in programme_levels]
    chart = alt.layer(
        _status_part(tr, tr("map.legend_status"), present),
        _size_part([tr.programme(p) for p in programme_levels], areas, tr("map.legend_programme")),
    )
    return _legend_only(
        chart.resolve_legend(fill="independent", size="independent"), present, f"{tr('map.legend_status')}; {tr('map.legend_programme')}"
    )


def size_steps(smallest: int, largest: int) -> list[int]:
    """The disc sizes the place legend shows: the smallest and the largest place in view and, between them,
    the round number of SIZE_STEPS nearest their geometric mean (when one lies strictly between)."""
    smallest, largest = max(int(smallest), 1), max(int(largest), 1)
    between = [n for n in SIZE_STEPS if smallest < n < largest]
    middle = min(between, key=lambda n: abs(math.log(n) - math.log(smallest * largest) / 2)) if between else None
    return sorted({smallest, largest} | ({middle} if middle else set()))


def group_legend(tr: Translator, smallest: int, largest: int, level: str, present: bool = False) -> alt.Chart:
    """Legend of the place discs: fill = the place's most common label status, size = its number of clusters
    (``smallest``/``largest``: the places in view; ``level``: "town" or "county", as from mapdata.place_groups)."""
    steps = size_steps(smallest, largest)
    areas = [round((2 * group_radius(n, present)) ** 2, 1) for n in steps]
    chart = alt.layer(
        _status_part(tr, tr("map.legend_group_status"), present),
        _size_part([tr.integer(n) for n in steps], areas, tr(f"map.legend_group_size_{level}")),
    )
    return _legend_only(
        chart.resolve_legend(fill="independent", size="independent"),
        present,
        f"{tr('map.legend_group_status')}; {tr(f'map.legend_group_size_{level}')}",
    )


def measure_legend(title: str, top: float, share: bool, present: bool = False) -> alt.Chart:
    """Gradient legend of the choropleth: 0 .. top (a share shown in percent)."""
    frame = pd.DataFrame({"value": [0.0, float(top)]})
    chart = (
        alt.Chart(frame)
        .mark_point(opacity=0)
        .encode(
            color=alt.Color(
                "value:Q",
                scale=alt.Scale(domain=[0, float(top)], range=list(MEASURE_RAMP)),
                legend=alt.Legend(
                    title=title,
                    format=".0%" if share else "d",
                    gradientLength=220 if present else 180,  # fits the legend column on a 1366-px laptop
                    tickCount=min(int(top), 5) if not share else 5,
                    direction="horizontal",
                ),
            )
        )
    )
    return _legend_only(chart, present, f"{title}: 0–{'100 %' if share else int(top)}")


def label_timeline(
    history: pd.DataFrame, as_of, tr: Translator, present: bool = False, name: str | None = None
) -> alt.LayerChart | alt.FacetChart:
    """One bar per label the cluster held (from the assessment to valid_until), its renewal year after it,
    and a rule at the snapshot date; ``name`` (the cluster's) as subtitle, so an exported slide says whose
    history it is.  ``history`` as from mapdata.cluster_history (no scores needed)."""
    rows = []
    for r in history.itertuples():
        label = tr.status(r.label_level)
        rows.append(
            {
                "label": label,
                "level": r.label_level,
                "part": tr("map.timeline_valid"),
                "start": r.assessment_date,
                "end": r.valid_until,
                "colour": STATUS_COLOURS[r.label_level],
                "opacity": 1.0,
                "from_text": tr.award_date(r.assessment_date, getattr(r, "date_precision", "day")),
                "until_text": tr.date(r.valid_until) if pd.notna(r.valid_until) else "–",
            }
        )
        if pd.isna(r.grace_end):
            continue
        rows.append(
            {
                "label": label,
                "level": r.label_level,
                "part": tr("map.timeline_grace"),
                "start": r.valid_until,
                "end": r.grace_end,
                "colour": STATUS_COLOURS["grace"],
                "opacity": 0.45,
                "from_text": tr.date(r.valid_until),
                "until_text": tr.date(r.grace_end),
            }
        )
    data = pd.DataFrame(rows, columns=["label", "level", "part", "start", "end", "colour", "opacity", "from_text", "until_text"])
    order = [tr.status(level) for level in LABEL_ORDER if level in set(history["label_level"])]
    tooltip = [
        alt.Tooltip("label:N", title=tr("common.col_label")),
        alt.Tooltip("part:N", title=tr("map.timeline_period")),
        alt.Tooltip("from_text:N", title=tr("map.timeline_from")),
        alt.Tooltip("until_text:N", title=tr("map.timeline_until")),
    ]
    base = alt.Chart(data)
    bars = base.mark_bar(height={"band": 0.6}, cornerRadius=2).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        x2="end:T",
        y=alt.Y("label:N", title=None, sort=order, scale=alt.Scale(domain=order)),
        color=alt.Color("colour:N", scale=None),
        opacity=alt.Opacity("opacity:Q", scale=None),
        tooltip=tooltip,
    )
    today = pd.DataFrame({"date": [pd.Timestamp(as_of)], "text": [tr("map.timeline_snapshot", date=tr.date(as_of))]})
    rule = alt.Chart(today).mark_rule(strokeDash=[4, 3]).encode(x="date:T")
    note = (
        alt.Chart(today)
        .mark_text(align="left", dx=4, dy=-6, baseline="bottom", fontSize=16 if present else 11)
        .encode(x="date:T", y=alt.YValue(0), text="text:N")
    )
    # Streamlit sizes the element by the spec's height; "fit-x" keeps that for the plot and stretches the width.
    step = 44 if present else 30
    title = alt.TitleParams(tr("map.timeline_title"), subtitle=name) if name else tr("map.timeline_title")
    chart = alt.layer(bars, rule, note).properties(
        title=title, height=step * max(len(order), 1), autosize=alt.AutoSizeParams(type="fit-x", contains="padding")
    )
    return base_config(chart, present)
