"""Charts of the collaboration page: the portfolio scorecard, the before/after label shift and the event
timeline (the network map is charts/collaboration_map.py, the worded tables collaboration_tables.py).

Every builder takes the tidy frames of clusterviz.figures.collaboration and only ever sees group means (the
scorecard) or public facts (labels, validity, events); no individual score reaches a chart.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from clusterviz.charts.base import COUNTRY_COLOURS, STATUS_COLOURS, base_config, keyed_scale, stacked, status_scale
from clusterviz.charts.collaboration_tables import group_name
from clusterviz.data.snapshot import AREAS, EVENT_KINDS
from clusterviz.figures.collaboration import GROUPS
from clusterviz.figures.metrics import STATUSES
from clusterviz.text.i18n import Translator

GROUP_COLOURS = {"members": "#009E73", "NO": COUNTRY_COLOURS["NO"], "DK": COUNTRY_COLOURS["DK"], "gold": STATUS_COLOURS["gold"]}
EVENT_COLOURS = {"workshop": "#009E73", "seminar": "#56B4E9", "training": "#0072B2", "gathering": "#CC79A7"}
# Streamlit sizes a stretched chart with autosize "fit", which squeezes the plot to make room for bottom
# legends; "fit-x" keeps the height for the marks and only fits the width.
FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")


def group_label(group: str, n: int, tr: Translator) -> str:
    return tr("collaboration.group_with_n", group=group_name(group, tr), n=tr.integer(n))


# --------------------------------------------------------------------------- scorecard


def scorecard_chart(profile: pd.DataFrame, tr: Translator, present: bool = False) -> alt.LayerChart | alt.FacetChart:
    """Dot plot of the Regional Cluster Excellence Scorecard: one row per ESCA area, one dot per group mean
    (colour = group, legend with group sizes), a grey line spanning the groups' range in each area."""
    data = profile.assign(
        area_name=profile["measure"].map(tr.area),
        group_name=[group_label(g, n, tr) for g, n in zip(profile["group"], profile["n"])],
        score_text=profile["score"].map(lambda v: tr.number(v)),
        n_text=profile["n"].map(tr.integer),
    )
    shown = [g for g in GROUPS if g in set(profile["group"])]
    labels = [data.loc[data["group"] == g, "group_name"].iloc[0] for g in shown]
    area_order = [tr.area(a) for a in AREAS]
    low = max(0.0, math.floor((float(profile["score"].min()) - 5) / 10) * 10) if len(profile) else 0.0
    x_scale = alt.Scale(domain=[low, 100], zero=False)
    y = alt.Y("area_name:N", title=None, sort=area_order, axis=alt.Axis(labelLimit=320))
    span = (
        alt.Chart(data)
        .mark_rule(color="#BBBBBB", strokeWidth=2)
        .encode(y=y, x=alt.X("min(score):Q", scale=x_scale), x2=alt.X2("max(score):Q"))
    )
    dots = (
        alt.Chart(data)
        .mark_circle(size=220 if present else 140, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            y=y,
            x=alt.X("score:Q", title=tr("collaboration.axis_score"), scale=x_scale),
            color=alt.Color(
                "group_name:N",
                title=tr("collaboration.col_group"),
                scale=alt.Scale(domain=labels, range=[GROUP_COLOURS[g] for g in shown]),
                sort=labels,
                legend=alt.Legend(labelLimit=400),
            ),
            tooltip=[
                alt.Tooltip("group_name:N", title=tr("collaboration.col_group")),
                alt.Tooltip("area_name:N", title=tr("collaboration.col_area")),
                alt.Tooltip("score_text:N", title=tr("collaboration.col_mean_score")),
                alt.Tooltip("n_text:N", title=tr("collaboration.col_n")),
            ],
        )
    )
    chart = alt.layer(span, dots, title=tr("collaboration.scorecard_chart_title"), height=300 if present else 240, autosize=FIT_X)
    return base_config(chart, present)


# --------------------------------------------------------------------------- before / after


def status_shift_chart(shift: pd.DataFrame, tr: Translator, present: bool = False) -> alt.VConcatChart:
    """Stacked bars: label status of the members and of the comparable non-members at the start and at
    each snapshot date (counts from collaboration_before_after.status_shift), one panel per group, one above
    the other on the same scales and fitted to the width they are drawn in (``stacked``)."""
    data = shift[shift["clusters"] > 0].copy()
    data["status_name"] = data["status"].astype(str).map(tr.status)
    data["order"] = data["status"].cat.codes
    data["when"] = [
        tr("collaboration.point_start", date=tr.date(d, "medium")) if p == "start" else tr.date(d, "medium")
        for d, p in zip(data["date"], data["point"])
    ]
    data["group_name"] = [
        tr("collaboration.group_with_n", group=tr(f"collaboration.group_{g}"), n=tr.integer(n)) for g, n in zip(data["group"], data["n"])
    ]
    when_order = list(dict.fromkeys(data.sort_values("date")["when"]))
    groups = list(dict.fromkeys(data.sort_values("group", key=lambda s: s.map({"members": 0, "comparable": 1}))["group_name"]))
    encoding = dict(
        x=alt.X("when:N", title=None, sort=when_order, axis=alt.Axis(labelAngle=0, labelLimit=240)),
        y=alt.Y("clusters:Q", title=tr("common.col_clusters"), stack="zero"),
        color=alt.Color("status_name:N", title=tr("common.col_status"), scale=status_scale(tr)),
        order=alt.Order("order:Q"),
        tooltip=[
            alt.Tooltip("group_name:N", title=tr("collaboration.col_group")),
            alt.Tooltip("when:N", title=tr("collaboration.col_date")),
            alt.Tooltip("status_name:N", title=tr("common.col_status")),
            alt.Tooltip("clusters:Q", title=tr("common.col_clusters")),
        ],
    )
    panels = [
        alt.Chart(
            data[data["group_name"] == group],
            title=alt.TitleParams(group, anchor="start", fontSize=22 if present else 16),
            width=(150 if present else 120) * max(len(when_order), 1),
            height=300 if present else 180,
        )
        .mark_bar()
        .encode(**encoding)
        for group in groups
    ]
    chart = stacked(*panels, title=tr("collaboration.before_after_chart_title"))
    return base_config(chart, present)


# --------------------------------------------------------------------------- timeline


def timeline_chart(frame: pd.DataFrame, tr: Translator, as_of, present: bool = False) -> alt.LayerChart | alt.FacetChart:
    """Timeline: the collaboration period as a bar, its events as circles (size = participants, colour =
    kind, faded when planned) and the labels its members received (size = clusters), with a rule at the
    snapshot date."""
    tracks = {
        "period": tr("collaboration.track_period"),
        "event": tr("collaboration.track_event"),
        "label": tr("collaboration.track_label"),
    }
    data = frame.assign(
        track_name=frame["track"].map(tracks),
        date_text=[
            tr.date(d) if d == e else tr("collaboration.period_text", start=tr.date(d), end=tr.date(e))
            for d, e in zip(frame["date"], frame["end_date"])
        ],
        participants_text=frame["participants"].map(lambda v: tr.integer(v) if pd.notna(v) else "–"),
        clusters_text=frame["clusters"].map(lambda v: tr.integer(v) if pd.notna(v) else "–"),
        size_value=frame["participants"].fillna(0),
        name=frame["name"].fillna(""),
        place=frame["place"].fillna(""),
    )
    data["kind_name"] = [
        tr(f"collaboration.event_{k}") if t == "event" else (tr.status(k) if t == "label" else "")
        for t, k in zip(data["track"], data["kind"])
    ]
    data["status_name"] = data["status"].map(lambda s: tr(f"collaboration.event_status_{s}"))
    y = alt.Y("track_name:N", title=None, sort=list(tracks.values()), scale=alt.Scale(domain=list(tracks.values())))
    first = min(data["date"].min(), pd.Timestamp(as_of)) - pd.Timedelta(days=10)
    last = max(data["end_date"].max(), pd.Timestamp(as_of)) + pd.Timedelta(days=10)
    x_scale = alt.Scale(domain=[first.date().isoformat(), last.date().isoformat()])
    x_axis = alt.Axis(format=tr("collaboration.axis_date_format"), labelFlush=False)
    x = alt.X("date:T", title=tr("collaboration.col_date"), scale=x_scale, axis=x_axis)
    period = (
        alt.Chart(data[data["track"] == "period"])
        .mark_bar(height=16, color="#9AA8B8", opacity=0.6)
        .encode(
            y=y,
            x=x,
            x2="end_date:T",
            tooltip=[
                alt.Tooltip("name:N", title=tr("collaboration.col_collaboration")),
                alt.Tooltip("date_text:N", title=tr("collaboration.col_period")),
                alt.Tooltip("status_name:N", title=tr("collaboration.col_event_status")),
            ],
        )
    )
    events = data[data["track"] == "event"]
    kinds = [k for k in EVENT_KINDS if k in set(events["kind"])] or list(EVENT_KINDS[:1])
    event_marks = (
        alt.Chart(events)
        .mark_circle(stroke="black", strokeWidth=1)
        .encode(
            y=y,
            x=x,
            size=alt.Size(
                "size_value:Q",
                title=tr("collaboration.col_participants"),
                scale=alt.Scale(
                    domain=[0, max(60, math.ceil(events["size_value"].max() or 0))], range=[80, 1600 if present else 1000], zero=True
                ),
            ),
            color=alt.Color(
                "kind_name:N",
                title=tr("collaboration.col_kind"),
                scale=keyed_scale(kinds, lambda k: tr(f"collaboration.event_{k}"), EVENT_COLOURS),
            ),
            opacity=alt.condition(alt.datum.status == "planned", alt.value(0.35), alt.value(0.9)),
            tooltip=[
                alt.Tooltip("name:N", title=tr("collaboration.col_event")),
                alt.Tooltip("kind_name:N", title=tr("collaboration.col_kind")),
                alt.Tooltip("place:N", title=tr("common.col_town")),
                alt.Tooltip("date_text:N", title=tr("collaboration.col_date")),
                alt.Tooltip("participants_text:N", title=tr("collaboration.col_participants")),
                alt.Tooltip("clusters_text:N", title=tr("common.col_clusters")),
                alt.Tooltip("status_name:N", title=tr("collaboration.col_event_status")),
            ],
        )
    )
    labels = data[data["track"] == "label"]
    levels = [s for s in STATUSES if s in set(labels["kind"])] or ["bronze"]
    most = max(3.0, float(labels["clusters"].max())) if len(labels) else 3.0
    label_marks = (
        alt.Chart(labels)
        .mark_square(opacity=0.9, stroke="white", strokeWidth=1)
        .encode(
            y=y,
            x=x,
            size=alt.Size("clusters:Q", legend=None, scale=alt.Scale(domain=[1, most], range=[90, 450])),
            color=alt.Color("kind_name:N", title=tr("collaboration.col_label_awarded"), scale=status_scale(tr, levels)),
            tooltip=[
                alt.Tooltip("date_text:N", title=tr("collaboration.col_date")),
                alt.Tooltip("kind_name:N", title=tr("common.col_label")),
                alt.Tooltip("clusters_text:N", title=tr("collaboration.col_labelled")),
            ],
        )
    )
    today = pd.DataFrame({"date": [pd.Timestamp(as_of)], "text": [tr("collaboration.snapshot_rule", date=tr.date(as_of))]})
    rule = (
        alt.Chart(today)
        .mark_rule(strokeDash=[4, 4], opacity=0.75)
        .encode(x=x, tooltip=alt.Tooltip("text:N", title=tr("collaboration.col_date")))
    )
    chart = alt.layer(
        period,
        label_marks,
        event_marks,
        rule,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent", size="independent")),
        title=tr("collaboration.timeline_title"),
        height=220 if present else 180,
        autosize=FIT_X,
    )
    return base_config(chart, present)
