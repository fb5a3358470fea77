"""Regional collaboration: one collaboration as a portfolio — members, scorecard, before/after, network."""

import streamlit as st

from clusterviz.app import ui
from clusterviz.charts import collaboration as charts
from clusterviz.charts import collaboration_map, collaboration_tables
from clusterviz.figures import collaboration as collab
from clusterviz.figures import collaboration_before_after, metrics
from clusterviz.text.i18n import localised, localised_column

view = ui.page_setup("collaboration")
if view is None:
    st.stop()
tr, snapshot = view.tr, view.snapshot
st.markdown(tr("collaboration.intro"))

collabs = view.memo("collaborations", lambda: collab.collaborations(snapshot))
if collabs.empty:
    st.info(tr("collaboration.none"))
    st.stop()
ids = list(collabs["collaboration_id"])
names = dict(zip(collabs["collaboration_id"], localised_column(collabs, "name", tr.lang)))  # name_en on English pages
default = collab.preselect(collabs, view.filters.counties)
key = ui.bind("collab", "collab", default, choices=ids)
# a county chosen in the sidebar preselects a collaboration covering it
st.session_state[key] = collab.choose(collabs, st.session_state.get(key), view.filters.counties, st.session_state.get("_collab_counties"))
st.session_state["_collab_counties"] = view.filters.counties
chosen = st.selectbox(tr("collaboration.picker"), ids, key=key, format_func=names.get)
info = view.memo("collab_details", lambda: collab.details(collabs, chosen), chosen)
st.caption(view.build(collaboration_tables.summary, info, tr))
st.text(localised(info, "description", tr.lang))

members = view.memo("collab_members", lambda: collab.members(snapshot, chosen, view.states), chosen)
events = view.memo("collab_events", lambda: collab.events(snapshot, chosen), chosen)
member_ids = tuple(members["cluster_id"])
a, b, c, d = st.columns([1, 1, 1, 1.4])  # the start date needs more room than a count
a.metric(tr("collaboration.metric_members"), tr.integer(len(members)), border=True)
b.metric(tr("collaboration.metric_valid"), tr.integer(collab.valid_count(members)), border=True)
c.metric(tr("collaboration.metric_events"), tr.integer(len(events)), border=True)
d.metric(tr("collaboration.metric_start"), tr.date(info["start_date"], "medium"), border=True)

st.subheader(tr("collaboration.members_title"))
scores = None if view.public else collab.latest_labelled(snapshot.assessments, member_ids, view.as_of)
table = view.build(collaboration_tables.members_table, members, tr, scores)
ui.cluster_table(table, members["cluster_id"], tr)
ui.download_buttons(table, f"{chosen}-members", tr, "collab_members")

# --- Regional Cluster Excellence Scorecard
min_group = metrics.MIN_GROUP if view.public else 1
st.subheader(tr("collaboration.scorecard_title"))
window = metrics.comparison_window(snapshot)
st.caption(
    tr("collaboration.scorecard_caption", start=tr.date(window[0], "MMMM y"), end=tr.date(window[1], "MMMM y"), date=tr.date(view.as_of))
    + " "
    + ui.window_source(snapshot, tr)
)
card = view.memo("collab_scorecard", lambda: collab.scorecard(snapshot, member_ids, min_group), chosen, min_group)
for column, group in zip(st.columns(len(collab.GROUPS)), collab.GROUPS):
    value = card.index_of(group)
    column.metric(
        charts.group_label(group, card.size_of(group), tr),
        "–" if value is None else tr.number(value),
        help=tr("collaboration.index_help") if value is not None else tr("common.group_too_small", n=metrics.MIN_GROUP),
        border=True,
    )
if card.size_of("members") < len(members):
    st.caption(tr("collaboration.members_unlabelled", n=tr.integer(card.size_of("members")), total=tr.integer(len(members))))
uncovered = {group: (known, n) for group, known, n in card.uncovered()}
for group in card.groups.loc[~card.groups["shown"], "group"]:
    if group in uncovered:
        known, n = uncovered[group]
        st.caption(
            f"{collaboration_tables.group_name(group, tr)}: "
            + tr("common.not_covered", what=tr("common.what_index"), k=tr.integer(known), n=tr.integer(n), min=metrics.MIN_KNOWN)
        )
    else:
        st.caption(f"{collaboration_tables.group_name(group, tr)}: {tr('common.group_too_small', n=metrics.MIN_GROUP)}")
for group in collab.GROUPS:
    if card.index_of(group) is not None and card.known_of(group) < card.size_of(group):
        st.caption(
            f"{collaboration_tables.group_name(group, tr)}: "
            + tr("common.known_of", what=tr("common.what_index"), k=tr.integer(card.known_of(group)), n=tr.integer(card.size_of(group)))
        )
if len(card.profile) < len(card.groups[card.groups["shown"]]) * len(collab.AREAS):
    st.caption(tr("collaboration.profile_uncovered", n=metrics.MIN_KNOWN))
if len(card.profile):
    ui.chart(
        view.build(charts.scorecard_chart, card.profile, tr, view.present),
        f"{chosen}-scorecard",
        tr,
        "collab_scorecard_chart",
        height="content",
    )
score_table = view.memo("collab_scorecard_table", lambda: collaboration_tables.scorecard_table(card, tr), chosen, min_group, tr.lang)
with st.expander(tr("collaboration.scorecard_table")):
    st.dataframe(score_table, hide_index=True, width="stretch")
    ui.download_buttons(score_table, f"{chosen}-scorecard", tr, "collab_scorecard")

# --- Before / after, next to comparable non-members
st.subheader(tr("collaboration.before_after_title"))
later = collaboration_before_after.snapshots_after(view.catalog, info["start_date"])
comparable = view.memo(
    "collab_comparable",
    lambda: collaboration_before_after.comparable_non_members(
        snapshot.clusters, snapshot.assessments, member_ids, info["start_date"], view.as_of
    ),
    chosen,
)
shift_table = view.memo(
    "collab_before_after",
    lambda: collaboration_before_after.before_after(
        snapshot, member_ids, tuple(comparable["cluster_id"]), info["start_date"], later, None if view.public else 1
    ),
    chosen,
    view.public,
    tuple(s.as_of for s in later),
)
difference = view.memo("collab_difference", lambda: collaboration_before_after.difference(shift_table, view.as_of), chosen, view.public)
st.markdown(collaboration_tables.explain(difference, tr) if difference else tr("collaboration.diff_not_yet"))
shift = view.memo("collab_shift", lambda: collaboration_before_after.status_shift(shift_table), chosen, view.public)
ui.chart(
    view.build(charts.status_shift_chart, shift, tr, view.present), f"{chosen}-before-after", tr, "collab_shift_chart", height="content"
)
st.caption(tr("collaboration.comparable_caption", k=tr.integer(len(comparable))))
if view.public:
    st.caption(tr("collaboration.index_adviser_only"))
shift_shown = view.build(collaboration_tables.before_after_table, shift_table, tr, with_index=not view.public)
with st.expander(tr("collaboration.before_after_table")):
    st.dataframe(shift_shown, hide_index=True, width="stretch")
    ui.download_buttons(shift_shown, f"{chosen}-before-after", tr, "collab_before_after")

# --- Network, map and timeline
st.subheader(tr("collaboration.network_title"))
network = view.memo("collab_network", lambda: collab.network(members, events), chosen)
deck = view.build(collaboration_map.network_deck, network, tr, view.present)
st.pydeck_chart(deck, height=620 if view.present else 480)
st.altair_chart(view.build(collaboration_map.map_legend, members["status"], tr, view.present), width="stretch")
st.caption(tr("collaboration.map_caption"))
unplaced = members[members["lat"].isna() | members["lon"].isna()]
if len(unplaced):
    st.caption(
        tr(
            "collaboration.members_unplaced",
            n=tr.integer(len(unplaced)),
            names=", ".join(ui.escape_markdown(str(name)) for name in unplaced["name"]),
        )
    )
frame = view.memo("collab_timeline", lambda: collab.timeline(info, events, member_ids, snapshot.assessments, view.as_of), chosen)
ui.chart(
    view.build(charts.timeline_chart, frame, tr, view.as_of, view.present),
    f"{chosen}-timeline",
    tr,
    "collab_timeline_chart",
    height="content",
)
event_table = view.build(collaboration_tables.events_table, events, tr)
st.dataframe(event_table, hide_index=True, width="stretch")
ui.download_buttons(event_table, f"{chosen}-events", tr, "collab_events")
