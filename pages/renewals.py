"""Renewals: where organisations drop out, who is about to, and whether renewal is improving."""

import datetime as dt

import streamlit as st

from clusterviz.app import ui
from clusterviz.charts import renewals as charts
from clusterviz.charts import renewals_tables
from clusterviz.data import store
from clusterviz.figures import metrics, renewals_timeline
from clusterviz.figures import renewals as renewal

HORIZON = ui.bind("horizon", "renewals_horizon", "6", choices=renewal.HORIZONS)  # bound before page_setup,
SORT = ui.bind("sort", "renewals_sort", "county", choices=renewals_timeline.SORTS)  # so it shows link notices
SCOPE = ui.bind("scope", "renewals_scope", "all", choices=renewals_timeline.SCOPES)
PAGE = ui.bind("timeline_page", "renewals_page", "1", choices=renewals_timeline.is_page_number)  # clamped once counted
view = ui.page_setup("renewals")
if view is None:
    st.stop()
tr = view.tr
st.markdown(tr("renewals.intro"))
clusters, assessments, on = view.clusters, view.snapshot.assessments, view.as_of
if clusters.empty:
    st.info(tr("common.no_clusters_match"))
    st.stop()
countries = [c for c in ("NO", "DK") if (clusters["country"] == c).any()]

# ---------------------------------------------------------------- funnel
st.subheader(tr("renewals.funnel_title"))
funnel = view.memo("renewals_funnel", lambda: metrics.renewal_funnel(clusters, assessments, on))
stages = view.memo("renewals_stages", lambda: renewal.funnel_stages(clusters, assessments, on))
for column, country in zip(st.columns(len(countries)), countries):
    with column:
        st.markdown(f"**{tr('renewals.funnel_country', country=tr.country(country))}**")
        n = {step: tr.integer(value) for step, value in view.build(metrics.funnel_values, funnel, country).items()}
        a, b = st.columns(2)
        c, d = st.columns(2)
        a.metric(tr("renewals.metric_first_ended"), n["first_ended"], border=True)
        b.metric(tr("renewals.metric_renewed"), n["renewed"], border=True)
        c.metric(
            tr("renewals.metric_not_renewed"),
            n["not_renewed"],
            border=True,
            help=tr("renewals.not_renewed_help", n=n["not_renewed_in_grace"]),
        )
        d.metric(tr("renewals.metric_still_valid"), n["still_valid"], border=True, help=tr("renewals.still_valid_help"))
        if n.get("end_unknown", "0") != tr.integer(0):  # real data: first labels known only by their year
            st.metric(tr("renewals.metric_end_unknown"), n["end_unknown"], border=True, help=tr("renewals.end_unknown_help"))
        ui.chart(view.build(charts.funnel, stages, country, tr, view.present), f"funnel-{country}-{on}", tr, f"renewals_funnel_{country}")
st.caption(tr("renewals.funnel_caption"))

# ---------------------------------------------------------------- watch-list
st.subheader(tr("renewals.watch_title"))
if st.session_state.get(HORIZON) not in renewal.HORIZONS:  # the control was clicked off
    st.session_state[HORIZON] = "6"
horizon = (
    st.segmented_control(
        tr("renewals.horizon"),
        renewal.HORIZONS,
        key=HORIZON,
        selection_mode="single",
        format_func=lambda n: tr("renewals.horizon_months", n=n),
    )
    or "6"
)
watch = view.memo("renewals_watch", lambda: renewal.watch_list(clusters, view.states, on, horizon), horizon)
table = view.build(renewals_tables.watch_table, watch, tr)
a, b, _ = st.columns([1, 1, 2])
a.metric(tr("renewals.metric_expiring", n=horizon), tr.integer(int((watch["state"] == "valid").sum())), border=True)
b.metric(tr("renewals.metric_in_grace"), tr.integer(int((watch["state"] == "grace").sum())), border=True)
st.caption(tr("renewals.watch_caption", n=horizon, date=tr.date(on)))
if table.empty:
    st.info(tr("renewals.watch_empty"))
else:
    ui.cluster_table(table, watch["cluster_id"], tr)
    ui.download_buttons(table, tr("renewals.file_watch", months=horizon, date=on.isoformat()), tr, "renewals_watch")

# ---------------------------------------------------------------- timelines
st.subheader(tr("renewals.timelines_title"))
for key, default, choices in ((SORT, "county", renewals_timeline.SORTS), (SCOPE, "all", renewals_timeline.SCOPES)):
    if st.session_state.get(key) not in choices:  # the control was clicked off
        st.session_state[key] = default


def go_to(number: int) -> None:
    """Pager buttons, and another order or scope (from its top); a callback, so it runs before the pager."""
    st.session_state[PAGE] = str(number)


left, right = st.columns(2)
order = (
    left.segmented_control(
        tr("renewals.sort"),
        renewals_timeline.SORTS,
        key=SORT,
        selection_mode="single",
        format_func=lambda s: tr(f"renewals.sort_{s}"),
        on_change=go_to,
        args=(1,),
    )
    or "county"
)
scope = (
    right.segmented_control(
        tr("renewals.scope"),
        renewals_timeline.SCOPES,
        key=SCOPE,
        selection_mode="single",
        format_func=lambda s: tr(f"renewals.scope_{s}"),
        on_change=go_to,
        args=(1,),
    )
    or "all"
)
listed = (order, scope, horizon if scope == "watch" else None)  # what decides the list of timelines
segments = view.memo(
    "renewals_timelines",
    lambda: renewals_timeline.timelines(
        clusters if scope == "all" else clusters[clusters["cluster_id"].isin(watch["cluster_id"])], assessments, view.states, on, order
    ),
    *listed,
)
labelled = segments["cluster_id"].nunique()
page = renewals_timeline.timeline_page(labelled, int(st.session_state.get(PAGE) or 1))
st.session_state[PAGE] = str(page.number)  # a filter that shrank the list: its last page, not an empty one
if page.pages > 1:
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.button(
            tr("renewals.page_previous"),
            icon=":material/chevron_left:",
            key="renewals_page_previous",
            disabled=page.number == 1,
            on_click=go_to,
            args=(page.number - 1,),
        )
        labels = view.memo("renewals_pager", lambda: renewals_tables.pager_choices(labelled, tr), *listed, tr.lang)
        st.selectbox(tr("renewals.page"), list(labels), key=PAGE, format_func=labels.get, width=280)
        st.button(
            tr("renewals.page_next"),
            icon=":material/chevron_right:",
            icon_position="right",
            key="renewals_page_next",
            disabled=page.number == page.pages,
            on_click=go_to,
            args=(page.number + 1,),
        )
if labelled:
    st.caption(renewals_tables.timelines_caption(page, scope, horizon, tr))
    shown = view.memo("renewals_page", lambda: renewals_timeline.page_segments(segments, page), *listed, page)
    years = view.memo("renewals_years", lambda: renewals_timeline.timeline_years(segments), *listed)
    gantt = view.build(charts.timelines, shown, on, tr, view.present, years=years)
    ui.chart(gantt, f"timelines-{on}-rows-{page.first}-{page.last}", tr, "renewals_timelines")
else:
    st.info(tr(f"renewals.timelines_empty_{scope}"))
if scope == "all" and len(clusters) > labelled:
    st.caption(tr("renewals.timelines_never", n=tr.integer(len(clusters) - labelled)))

# ---------------------------------------------------------------- re-certification over time
st.subheader(tr("renewals.recert_title"))
by_year = view.memo("renewals_recert", lambda: renewal.recertification_by_year(clusters, assessments, on))
curve = view.memo("renewals_survival", lambda: renewal.survival(clusters, assessments, on))
left, right = st.columns(2)
with left:
    if by_year.empty:
        st.info(tr("common.group_too_small", n=metrics.MIN_GROUP))
    else:
        ui.chart(view.build(charts.recertification, by_year, tr, view.present), f"recertification-{on}", tr, "renewals_recert")
    st.caption(tr("renewals.recert_caption", n=metrics.MIN_GROUP))
with right:
    if curve.empty:
        st.info(tr("renewals.survival_too_few", n=renewal.SURVIVAL_MIN))
    else:
        ui.chart(view.build(charts.survival, curve, tr, view.present), f"survival-{on}", tr, "renewals_survival")
    st.caption(tr("renewals.survival_caption", n=renewal.SURVIVAL_MIN))

# ---------------------------------------------------------------- what changed
st.subheader(tr("renewals.changes_title"))
earlier = [e.name for e in view.catalog.valid if e.as_of < on]
if not earlier:
    st.info(tr("renewals.only_one_snapshot"))
    st.stop()
key = ui.bind("since", "renewals_since", earlier[-1], choices=[e.name for e in view.catalog.valid])
if st.session_state.get(key) not in earlier:  # the sidebar moved to an older snapshot
    st.session_state[key] = earlier[-1]
since = st.selectbox(tr("renewals.since"), earlier, key=key, format_func=lambda n: tr.date(dt.date.fromisoformat(n)))
ui.publish()  # page_setup published the link before this binding existed
before = store.load(view.catalog.get(since).location)
changed = view.memo("renewals_changes", lambda: renewal.changes(before, view.snapshot, view.filters), since)
st.caption(tr("renewals.changes_caption", before=tr.date(before.as_of), after=tr.date(on)))
counts = view.build(renewal.change_counts, changed)
for column, kind in zip(st.columns(len(counts)), counts):
    column.metric(tr(f"renewals.change_{kind}"), tr.integer(counts[kind]), border=True)
changes_shown = view.build(renewals_tables.changes_table, changed, tr)
if changes_shown.empty:
    st.info(tr("renewals.changes_none"))
else:
    ui.cluster_table(changes_shown, changed["cluster_id"], tr)
    ui.download_buttons(changes_shown, tr("renewals.file_changes", before=since, after=on.isoformat()), tr, "renewals_changes")
