"""The collaboration page's body, one collaboration as a portfolio: the picker and summary, the members, the
Regional Cluster Excellence Scorecard, before/after next to comparable non-members, and the network.  All
of it follows the picker, so the picker reruns the page: as a fragment it would save only the shell (about
an eighth of the rerun's server time, measured) and leave the sidebar's copy-link box behind."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from clusterviz.app import ui, widgets
from clusterviz.app.view import View
from clusterviz.charts import collaboration as charts
from clusterviz.charts import collaboration_map, collaboration_tables
from clusterviz.figures import collaboration as collab
from clusterviz.figures import collaboration_before_after as before_after_figures
from clusterviz.figures import metrics
from clusterviz.text.i18n import localised, localised_column


def collaboration(view: View, collabs: pd.DataFrame, key: str) -> None:
    """The picker (bound to ?collab=) and everything shown of the chosen collaboration."""
    tr = view.tr
    names = dict(zip(collabs["collaboration_id"], localised_column(collabs, "name", tr.lang)))  # name_en on English pages
    chosen = str(st.selectbox(tr("collaboration.picker"), list(collabs["collaboration_id"]), key=key, format_func=lambda cid: names[cid]))
    info = view.cached(collab.details, collabs, chosen)
    st.caption(view.cached(collaboration_tables.summary, info, tr))
    st.text(localised(info, "description", tr.lang))
    members = view.cached(collab.members, view.snapshot, chosen, view.states)
    events = view.cached(collab.events, view.snapshot, chosen)
    member_ids = tuple(members["cluster_id"])
    widgets.metric_cards(
        [
            (tr("collaboration.metric_members"), tr.integer(len(members)), None),
            (tr("collaboration.metric_valid"), tr.integer(collab.valid_count(members)), None),
            (tr("collaboration.metric_events"), tr.integer(len(events)), None),
            (tr("collaboration.metric_start"), tr.date(info["start_date"], "medium"), None),
        ],
        widths=[1, 1, 1, 1.4],  # the start date needs more room than a count
    )
    st.subheader(tr("collaboration.members_title"))
    scores = None if view.public else view.cached(collab.latest_labelled, view.all_assessments, member_ids, view.as_of)
    table = view.cached(collaboration_tables.members_table, members, tr, scores)
    ui.cluster_table(table, members["cluster_id"], tr)
    ui.download_buttons(table, f"{chosen}-members", tr, "collab_members")
    scorecard(view, chosen, member_ids, len(members))
    before_after(view, chosen, info, member_ids)
    network(view, chosen, info, members, events)


def scorecard(view: View, chosen: str, member_ids: tuple[str, ...], n_members: int) -> None:
    """Mean index and area profile of the members against each country's sample and its Gold group."""
    tr = view.tr
    min_group = metrics.MIN_GROUP if view.public else 1
    st.subheader(tr("collaboration.scorecard_title"))
    start, end = (tr.date(day, "MMMM y") for day in metrics.comparison_window(view.snapshot))
    caption = tr("collaboration.scorecard_caption", start=start, end=end, date=tr.date(view.as_of))
    st.caption(f"{caption} {ui.window_source(view.snapshot, tr)}")
    card = view.cached(collab.scorecard, view.snapshot, member_ids, min_group)
    widgets.metric_cards(
        [
            (
                charts.group_label(group, card.size_of(group), tr),
                "–" if card.index_of(group) is None else tr.number(card.index_of(group)),
                tr("collaboration.index_help") if card.index_of(group) is not None else tr("common.group_too_small", n=metrics.MIN_GROUP),
            )
            for group in collab.GROUPS
        ]
    )
    if card.size_of("members") < n_members:
        st.caption(tr("collaboration.members_unlabelled", n=tr.integer(card.size_of("members")), total=tr.integer(n_members)))
    uncovered = {group: (known, n) for group, known, n in card.uncovered()}
    for group in card.groups.loc[~card.groups["shown"], "group"]:
        if group in uncovered:
            known, n = uncovered[group]
            text = tr("common.not_covered", what=tr("common.what_index"), k=tr.integer(known), n=tr.integer(n), min=metrics.MIN_KNOWN)
        else:
            text = tr("common.group_too_small", n=metrics.MIN_GROUP)
        st.caption(f"{collaboration_tables.group_name(group, tr)}: {text}")
    for group in collab.GROUPS:
        if card.index_of(group) is not None and card.known_of(group) < card.size_of(group):
            known_text = tr(
                "common.known_of", what=tr("common.what_index"), k=tr.integer(card.known_of(group)), n=tr.integer(card.size_of(group))
            )
            st.caption(f"{collaboration_tables.group_name(group, tr)}: {known_text}")
    if len(card.profile) < len(card.groups[card.groups["shown"]]) * len(collab.AREAS):
        st.caption(tr("collaboration.profile_uncovered", n=metrics.MIN_KNOWN))
    if len(card.profile):
        chart = view.build(charts.scorecard_chart, card.profile, tr, view.present)
        ui.chart(chart, f"{chosen}-scorecard", tr, "collab_scorecard_chart", height="content")
    table = view.cached(collaboration_tables.scorecard_table, card, tr)
    widgets.table_expander(tr("collaboration.scorecard_table"), table, f"{chosen}-scorecard", tr, "collab_scorecard")


def before_after(view: View, chosen: str, info: pd.Series, member_ids: tuple[str, ...]) -> None:
    """Label states of the members and of comparable non-members at the start and at each snapshot since."""
    tr = view.tr
    st.subheader(tr("collaboration.before_after_title"))
    later = before_after_figures.snapshots_after(view.catalog, info["start_date"])
    start = info["start_date"]
    comparable = view.cached(
        before_after_figures.comparable_non_members, view.all_clusters, view.all_assessments, member_ids, start, view.as_of
    )
    index_min_group = None if view.public else 1
    shift_table = view.cached(
        before_after_figures.before_after, view.snapshot, member_ids, tuple(comparable["cluster_id"]), start, later, index_min_group
    )
    difference = view.cached(before_after_figures.difference, shift_table, view.as_of)
    st.markdown(view.cached(collaboration_tables.explain, difference, tr) if difference else tr("collaboration.diff_not_yet"))
    shift = view.cached(before_after_figures.status_shift, shift_table)
    chart = view.build(charts.status_shift_chart, shift, tr, view.present)
    ui.chart(chart, f"{chosen}-before-after", tr, "collab_shift_chart", height="content")
    st.caption(tr("collaboration.comparable_caption", k=tr.integer(len(comparable))))
    if view.public:
        st.caption(tr("collaboration.index_adviser_only"))
    shown = view.cached(collaboration_tables.before_after_table, shift_table, tr, with_index=not view.public)
    widgets.table_expander(tr("collaboration.before_after_table"), shown, f"{chosen}-before-after", tr, "collab_before_after")


def network(view: View, chosen: str, info: pd.Series, members: pd.DataFrame, events: pd.DataFrame) -> None:
    """The members and events on a map, the timeline, and the events table."""
    tr = view.tr
    st.subheader(tr("collaboration.network_title"))
    deck = view.build(collaboration_map.network_deck, view.cached(collab.network, members, events), tr, view.present)
    st.pydeck_chart(deck, height=620 if view.present else 480)
    st.altair_chart(view.build(collaboration_map.map_legend, members["status"], tr, view.present), width="stretch")
    st.caption(tr("collaboration.map_caption"))
    unplaced = members[members["lat"].isna() | members["lon"].isna()]
    if len(unplaced):
        names = ", ".join(ui.escape_markdown(str(name)) for name in unplaced["name"])
        st.caption(tr("collaboration.members_unplaced", n=tr.integer(len(unplaced)), names=names))
    frame = view.cached(collab.timeline, info, events, tuple(members["cluster_id"]), view.all_assessments, view.as_of)
    ui.chart(
        view.build(charts.timeline_chart, frame, tr, view.as_of, view.present),
        f"{chosen}-timeline",
        tr,
        "collab_timeline_chart",
        height="content",
    )
    table = view.cached(collaboration_tables.events_table, events, tr)
    widgets.table(table)
    ui.download_buttons(table, f"{chosen}-events", tr, "collab_events")
