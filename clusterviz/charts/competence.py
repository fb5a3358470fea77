"""Charts of the competence page's training lights: light shares per group and the all-green comparison (the
programme timeline and map are charts/competence_programmes.py, the worded tables competence_tables.py).

The lights use a colour-blind-safe set (Okabe-Ito bluish green, yellow, vermillion; grey for "not all
green") and every segment wide enough carries its name and share as text, so colour is never the only cue.
Only group aggregates reach these charts (the page's functions withhold groups under MIN_GROUP).
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from clusterviz.charts.base import base_config, country_scale, keyed_scale, stacked
from clusterviz.charts.competence_tables import group_name
from clusterviz.figures.competence import LIGHT_NAMES, VALUES
from clusterviz.text.i18n import Translator

LIGHT_COLOURS = {"green": "#009E73", "yellow": "#F0E442", "red": "#D55E00", "not_all_green": "#BBBBBB"}
NAME_MIN_SHARE = 0.2  # a segment this wide shows "Green 64 %"; narrower ones the share only
SHARE_MIN_SHARE = 0.08  # narrower segments show no text (the tooltip and the table still do)
BAR_WIDTH = {"normal": 560, "present": 760}
ROW_HEIGHT = {"normal": 22, "present": 34}


def _size(present: bool) -> str:
    return "present" if present else "normal"


def _percent_axis(tr: Translator, title: str | None = None, values=None) -> alt.Axis:
    """A 0..1 axis labelled as percent the way the language writes it (50 % in nb, 50% in en)."""
    suffix = tr.percent(0.0)[1:]
    return alt.Axis(title=title, values=values, labelExpr=f"format(datum.value * 100, 'd') + {json.dumps(suffix)}")


def _value_name(value: str, tr: Translator) -> str:
    return tr(f"competence.value_{value}")


def light_bars(shares: pd.DataFrame, tr: Translator, present: bool = False) -> alt.VConcatChart:
    """Stacked 100 % bars, one per light (budget, plan, training, all three green), one panel per group
    (from competence.light_shares), one above the other and fitted to the width they are drawn in
    (``stacked``): segments green / yellow / red (grey "not all green" on the last bar), each labelled with
    its name and share where it is wide enough."""
    group_rank = {g: i for i, g in enumerate(dict.fromkeys(shares["group"]))}
    data = shares.assign(
        group_rank=shares["group"].map(group_rank),
        light_rank=shares["light"].map({light: i for i, light in enumerate(LIGHT_NAMES)}),
        rank=shares["value"].map({v: i for i, v in enumerate(VALUES)}),
    ).sort_values(["group_rank", "light_rank", "rank"], kind="stable")
    data = data.assign(end=data.groupby(["group", "light"], sort=False)["share"].cumsum())
    data = data.assign(
        start=data["end"] - data["share"],
        group_name=data.apply(lambda r: f"{group_name(r['group'], tr)} (n = {tr.integer(r['n'])})", axis=1),
        light_name=data["light"].map(lambda light: tr(f"competence.light_{light}")),
        value_name=data["value"].map(lambda v: _value_name(v, tr)),
        share_text=data["share"].map(tr.percent),
        clusters_text=data.apply(lambda r: tr("competence.n_of", n=tr.integer(r["clusters"]), total=tr.integer(r["n"])), axis=1),
    )
    data = data.assign(
        mid=(data["start"] + data["end"]) / 2,
        label=[
            (f"{name} {share}" if s >= NAME_MIN_SHARE else share if s >= SHARE_MIN_SHARE else "")
            for name, share, s in zip(data["value_name"], data["share_text"], data["share"])
        ],
    )
    data = data[data["clusters"] > 0][
        ["group", "group_name", "light_name", "value_name", "rank", "start", "end", "mid", "label", "share_text", "clusters_text"]
    ]
    size = _size(present)
    y = alt.Y(
        "light_name:N",
        title=None,
        sort=[tr(f"competence.light_{light}") for light in LIGHT_NAMES],
        axis=alt.Axis(ticks=False, domain=False, labelLimit=260),
    )
    bars = (
        alt.Chart()
        .mark_bar(height={"band": 0.8}, stroke="white", strokeWidth=1)
        .encode(
            y=y,
            x=alt.X(
                "start:Q", scale=alt.Scale(domain=[0, 1]), axis=_percent_axis(tr, tr("competence.axis_share"), [0, 0.25, 0.5, 0.75, 1])
            ),
            x2="end:Q",
            color=alt.Color("value_name:N", title=None, scale=keyed_scale(VALUES, lambda v: _value_name(v, tr), LIGHT_COLOURS)),
            tooltip=[
                alt.Tooltip("group_name:N", title=tr("competence.col_group")),
                alt.Tooltip("light_name:N", title=tr("competence.col_light")),
                alt.Tooltip("value_name:N", title=tr("competence.col_value")),
                alt.Tooltip("clusters_text:N", title=tr("common.col_clusters")),
                alt.Tooltip("share_text:N", title=tr("competence.col_share")),
            ],
        )
    )
    text = alt.Chart().mark_text(color="black", fontSize=20 if present else 12).encode(y=y, x=alt.X("mid:Q"), text=alt.Text("label:N"))
    groups = list(dict.fromkeys(data["group_name"]))
    panels = [
        alt.layer(
            bars,
            text,
            data=data[data["group_name"] == group],
            title=alt.TitleParams(group, anchor="start", fontWeight="bold", fontSize=22 if present else 14),
            width=BAR_WIDTH[size],
            height=ROW_HEIGHT[size] * len(LIGHT_NAMES),
        )
        for group in groups
    ]
    chart = stacked(*panels, spacing=8, title=tr("competence.chart_lights_title"))
    return base_config(chart, present)


def payoff_bars(groups: pd.DataFrame, tr: Translator, present: bool = False) -> alt.VConcatChart | None:
    """Two small bar panels, one above the other (``stacked``): mean quality index and renewal rate of
    all-green clusters and the rest per country (competence.payoff_groups), each bar labelled with its value
    and group size.  Withheld aggregates (groups under MIN_GROUP) are left out; None when nothing is left."""
    shown = groups[groups["mean_index"].notna()]
    if shown.empty:
        return None
    group_label = shown["all_green"].map(lambda g: tr("competence.group_all_green" if g else "competence.group_not_all_green"))
    data = pd.DataFrame(
        {
            "row": shown["country"].map(tr.country) + " – " + group_label,
            "country_name": shown["country"].map(tr.country),
            "group_name": group_label,
            "clusters_text": shown["clusters"].map(tr.integer),
            "mean_index": shown["mean_index"].astype(float),
            "index_text": [f"{tr.number(v)} (n = {tr.integer(n)})" for v, n in zip(shown["mean_index"], shown["clusters"])],
            "renewal_rate": pd.to_numeric(shown["renewal_rate"], errors="coerce"),
            "rate_text": [
                ("–" if pd.isna(r) else f"{tr.percent(r)} ({tr.integer(k)}/{tr.integer(e)})")
                for r, k, e in zip(shown["renewal_rate"], shown["renewed"], shown["first_ended"])
            ],
        }
    )
    rows = list(data["row"])
    size = _size(present)
    font = 20 if present else 12
    y = alt.Y("row:N", title=None, sort=rows, axis=alt.Axis(ticks=False, domain=False, labelLimit=300))
    colour = alt.Color("country_name:N", title=None, legend=None, scale=country_scale(tr))
    opacity = alt.Opacity(
        "group_name:N",
        title=None,
        legend=None,
        scale=alt.Scale(domain=[tr("competence.group_all_green"), tr("competence.group_not_all_green")], range=[1.0, 0.45]),
    )
    tooltip = [
        alt.Tooltip("row:N", title=tr("competence.col_group")),
        alt.Tooltip("clusters_text:N", title=tr("common.col_clusters")),
        alt.Tooltip("index_text:N", title=tr("competence.col_mean_index")),
        alt.Tooltip("rate_text:N", title=tr("competence.col_renewal_rate")),
    ]
    height = ROW_HEIGHT[size] * 1.6 * len(rows)
    width = BAR_WIDTH[size]

    def panel(field: str, text: str, title: str, domain, axis: alt.Axis) -> alt.LayerChart | alt.FacetChart:
        base = alt.Chart(data).encode(y=y)
        bars = base.mark_bar(height={"band": 0.7}).encode(
            x=alt.X(f"{field}:Q", title=None, scale=alt.Scale(domain=domain), axis=axis), color=colour, opacity=opacity, tooltip=tooltip
        )
        labels = base.mark_text(align="left", dx=4, fontSize=font).encode(x=alt.X(f"{field}:Q"), text=alt.Text(f"{text}:N"))
        return alt.layer(bars, labels, transform=[alt.FilterTransform(f"isValid(datum.{field})")], title=title, width=width, height=height)

    # properties given at construction: each later .resolve_scale/.properties copies the compound chart,
    # and a copy re-combines its layers (most of the build time, see charts.base_config)
    chart = stacked(
        panel("mean_index", "index_text", tr("competence.col_mean_index"), [0, 100], alt.Axis(title=None, values=[0, 25, 50, 75, 100])),
        panel("renewal_rate", "rate_text", tr("competence.col_renewal_rate"), [0, 1], _percent_axis(tr, values=[0, 0.25, 0.5, 0.75, 1])),
        spacing=16,
        shared=("y",),  # the same rows; the index (0–100) and the rate (0–1) keep their own axes
        # no title of its own (the page's subheader says it): the description reads the bars out
        description=f"{tr('competence.col_mean_index')}, {tr('competence.col_renewal_rate')}: "
        + "; ".join(f"{row}: {index}, {rate}" for row, index, rate in zip(data["row"], data["index_text"], data["rate_text"])),
    )
    return base_config(chart, present)
