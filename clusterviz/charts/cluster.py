"""Charts of the cluster page: the label timeline (the map panel's, reused), and for advisers the scores at
every assessment against the peer groups with the 80 % Gold line, and the plan's gaps per area.

Every number written on a mark or in a tooltip is formatted in Python (tr.number), so the Norwegian decimal
comma reaches the chart.  ``scores`` and ``plan_gaps`` hold one cluster's scores: adviser mode only.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from clusterviz.charts.base import base_config
from clusterviz.charts.map import label_timeline  # noqa: F401 - the cluster page draws the same timeline as the map's panel
from clusterviz.figures import cluster_adviser as adviser
from clusterviz.text.i18n import Translator

GROUP_COLOURS = {"country": "#0072B2", "sector": "#009E73", "gold": "#E69F00"}
# older assessments lighter, the latest strongest: a purple rather than black, which vanished on a dark page
CLUSTER_COLOURS = ("#BDBDBD", "#7A7A7A", "#AA3377")


def _measure_names(tr: Translator) -> list[str]:
    return [tr("cluster.col_index")] + [tr.area(m.removeprefix("area_")) for m in adviser.MEASURES[1:]]


def score_rows(history: pd.DataFrame, peers: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """Tidy rows of the scores chart: series (an assessment's date, or a peer group), kind (cluster/peer),
    measure (translated), score, text (formatted), note (n of N for a group), order (series order)."""
    from clusterviz.charts.cluster_report import group_name

    names = dict(zip(adviser.MEASURES, _measure_names(tr)))
    rows = []
    have = adviser.scored(history)
    for i, r in enumerate(have.itertuples()):
        series = tr.date(r.assessment_date)
        for measure in adviser.MEASURES:
            value = getattr(r, measure)
            if pd.notna(value):
                rows.append(
                    {
                        "series": series,
                        "kind": "cluster",
                        "measure": names[measure],
                        "score": float(value),
                        "text": tr.number(float(value)),
                        "note": "",
                        "order": i,
                    }
                )
    shown = peers[peers["shown"].astype(bool)] if len(peers) else peers
    for _j, r in enumerate(shown.itertuples()):
        rows.append(
            {
                "series": group_name(r.group, r.key, tr),
                "kind": r.group,
                "measure": names[r.measure],
                "score": float(r.median),
                "text": tr.number(float(r.median)),
                "note": tr("cluster.n_of", n=tr.integer(r.known), total=tr.integer(r.size)),
                "order": 100 + adviser.SCORE_GROUPS.index(r.group),
            }
        )
    return pd.DataFrame(rows, columns=["series", "kind", "measure", "score", "text", "note", "order"])


def scores(
    history: pd.DataFrame, peers: pd.DataFrame, tr: Translator, present: bool = False, name: str | None = None
) -> alt.LayerChart | alt.FacetChart:
    """Index and six areas along the x axis; a line per assessment of the cluster (the latest darkest), the
    peer groups' medians as dashed lines (only groups the coverage rule lets through), and the 80 line."""
    data = score_rows(history, peers, tr)
    order = data.drop_duplicates("series").sort_values("order")
    clusters = order[order["kind"] == "cluster"]["series"].tolist()
    groups = order[order["kind"] != "cluster"]
    shades = (
        list(CLUSTER_COLOURS[-len(clusters) :])
        if len(clusters) <= len(CLUSTER_COLOURS)
        else [CLUSTER_COLOURS[0]] * (len(clusters) - 2) + list(CLUSTER_COLOURS[1:])
    )
    domain = clusters + groups["series"].tolist()
    colours = shades + [GROUP_COLOURS[k] for k in groups["kind"]]
    measures = _measure_names(tr)
    x = alt.X("measure:N", title=None, sort=measures, scale=alt.Scale(domain=measures), axis=alt.Axis(labelAngle=-30, labelLimit=220))
    y = alt.Y("score:Q", title=tr("cluster.axis_score"), scale=alt.Scale(domain=[0, 100]))
    colour = alt.Color("series:N", title=None, sort=domain, scale=alt.Scale(domain=domain, range=colours))
    dash = alt.StrokeDash(
        "kind:N", legend=None, scale=alt.Scale(domain=["cluster", *adviser.SCORE_GROUPS], range=[[1, 0], [6, 3], [6, 3], [6, 3]])
    )
    tooltip = [
        alt.Tooltip("series:N", title=tr("cluster.col_group")),
        alt.Tooltip("measure:N", title=tr("cluster.col_measure")),
        alt.Tooltip("text:N", title=tr("cluster.col_score")),
        alt.Tooltip("note:N", title=tr("cluster.col_known")),
    ]
    base = alt.Chart(data).encode(x=x, y=y, color=colour, detail="series:N", tooltip=tooltip)
    lines = base.mark_line(strokeWidth=3 if present else 2).encode(strokeDash=dash)
    points = base.mark_point(filled=True, size=90 if present else 50)
    line80 = pd.DataFrame({"score": [adviser.GOLD_LINE], "text": [tr("cluster.gold_line")]})
    rule = alt.Chart(line80).mark_rule(color="#E69F00", strokeWidth=2).encode(y="score:Q")
    label = (
        alt.Chart(line80)
        .mark_text(align="left", dx=4, dy=-7, color="#8a5a00", fontSize=16 if present else 11, fontWeight="bold")
        .encode(y="score:Q", x=alt.XValue(0), text="text:N")
    )
    title = alt.TitleParams(tr("cluster.chart_scores"), subtitle=name) if name else tr("cluster.chart_scores")
    chart = alt.layer(rule, label, lines, points).properties(
        title=title, height=420 if present else 320, autosize=alt.AutoSizeParams(type="fit-x", contains="padding")
    )
    return base_config(chart, present)


def plan_gaps(plan: adviser.Plan, tr: Translator, present: bool = False, name: str | None = None) -> alt.LayerChart | alt.FacetChart:
    """One bar per area with a known gap, the largest on top; negative bars: above the target."""
    a = plan.areas[plan.areas["gap"].notna()] if len(plan.areas) else plan.areas
    data = pd.DataFrame(
        {
            "area": [tr.area(v) for v in a.get("area", [])],
            "gap": a.get("gap", pd.Series(dtype=float)).astype(float).to_numpy(),
            "target": [tr(f"cluster.target_{k}") for k in a.get("target_kind", [])],
            "text": [tr.number(float(v)) for v in a.get("gap", [])],
        }
    )
    order = data["area"].tolist()
    tooltip = [
        alt.Tooltip("area:N", title=tr("cluster.col_area")),
        alt.Tooltip("text:N", title=tr("cluster.col_gap")),
        alt.Tooltip("target:N", title=tr("cluster.col_target")),
    ]
    base = alt.Chart(data).encode(y=alt.Y("area:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)), tooltip=tooltip)
    bars = base.mark_bar(color="#0072B2").encode(x=alt.X("gap:Q", title=tr("cluster.axis_gap")))
    size = 16 if present else 11
    above = base.transform_filter("datum.gap >= 0").mark_text(align="left", dx=4, fontSize=size)
    below = base.transform_filter("datum.gap < 0").mark_text(align="right", dx=-4, fontSize=size)
    texts = alt.layer(above.encode(x="gap:Q", text="text:N"), below.encode(x="gap:Q", text="text:N"))
    step = 40 if present else 28
    title = alt.TitleParams(tr("cluster.chart_plan"), subtitle=name) if name else tr("cluster.chart_plan")
    chart = alt.layer(bars, texts).properties(
        title=title, height=step * max(len(order), 1), autosize=alt.AutoSizeParams(type="fit-x", contains="padding")
    )
    return base_config(chart, present)
