"""Renewals: where organisations drop out, who is about to, and whether renewal is improving."""
import datetime as dt

import streamlit as st

from clusterviz import metrics, renewal, store, ui
from clusterviz.charts import renewals as charts

HORIZON = ui.bind("horizon", "renewals_horizon", "6", choices=renewal.HORIZONS)   # bound before page_setup,
SORT = ui.bind("sort", "renewals_sort", "county", choices=renewal.SORTS)           # so it shows link notices
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
        n = {step: tr.integer(metrics.funnel_value(funnel, country, step)) for step in funnel["step"].unique()}
        a, b = st.columns(2)
        c, d = st.columns(2)
        a.metric(tr("renewals.metric_first_ended"), n["first_ended"], border=True)
        b.metric(tr("renewals.metric_renewed"), n["renewed"], border=True)
        c.metric(tr("renewals.metric_not_renewed"), n["not_renewed"], border=True,
                 help=tr("renewals.not_renewed_help", n=n["not_renewed_in_grace"]))
        d.metric(tr("renewals.metric_still_valid"), n["still_valid"], border=True, help=tr("renewals.still_valid_help"))
        ui.chart(view.build(charts.funnel, stages, country, tr, view.present), f"funnel-{country}-{on}", tr,
                 f"renewals_funnel_{country}")
st.caption(tr("renewals.funnel_caption"))

# ---------------------------------------------------------------- watch-list
st.subheader(tr("renewals.watch_title"))
if st.session_state.get(HORIZON) not in renewal.HORIZONS:      # the control was clicked off
    st.session_state[HORIZON] = "6"
horizon = st.segmented_control(tr("renewals.horizon"), renewal.HORIZONS, key=HORIZON, selection_mode="single",
                               format_func=lambda n: tr("renewals.horizon_months", n=n)) or "6"
watch = view.memo("renewals_watch", lambda: renewal.watch_list(clusters, view.states, on, horizon), horizon)
table = renewal.watch_table(watch, tr)
a, b, _ = st.columns([1, 1, 2])
a.metric(tr("renewals.metric_expiring", n=horizon), tr.integer(int((watch["state"] == "valid").sum())), border=True)
b.metric(tr("renewals.metric_in_grace"), tr.integer(int((watch["state"] == "grace").sum())), border=True)
st.caption(tr("renewals.watch_caption", n=horizon, date=tr.date(on)))
if table.empty:
    st.info(tr("renewals.watch_empty"))
else:
    st.dataframe(table, hide_index=True, width="stretch")
    ui.download_buttons(table, tr("renewals.file_watch", months=horizon, date=on.isoformat()), tr, "renewals_watch")

# ---------------------------------------------------------------- timelines
st.subheader(tr("renewals.timelines_title"))
if st.session_state.get(SORT) not in renewal.SORTS:
    st.session_state[SORT] = "county"
order = st.segmented_control(tr("renewals.sort"), renewal.SORTS, key=SORT, selection_mode="single",
                             format_func=lambda s: tr(f"renewals.sort_{s}")) or "county"
segments = view.memo("renewals_timelines",
                     lambda: renewal.timelines(clusters, assessments, view.states, on, order), order)
shown = segments["cluster_id"].nunique()


def gantt_and_height():
    chart = view.build(charts.timelines, segments, on, tr, view.present)
    return chart, ui.element_height(chart)


if shown:
    st.caption(tr("renewals.timelines_caption", n=tr.integer(shown)))
    gantt, height = view.memo("renewals_gantt", gantt_and_height, order, tr.lang, view.present)
    st.altair_chart(gantt, width="stretch", height=height, key="renewals_timelines")   # too tall to export as a slide
else:
    st.info(tr("renewals.timelines_empty"))
if len(clusters) > shown:
    st.caption(tr("renewals.timelines_never", n=tr.integer(len(clusters) - shown)))

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
if st.session_state.get(key) not in earlier:               # the sidebar moved to an older snapshot
    st.session_state[key] = earlier[-1]
since = st.selectbox(tr("renewals.since"), earlier, key=key, format_func=lambda n: tr.date(dt.date.fromisoformat(n)))
ui.publish()     # page_setup published the link before this binding existed
before = store.load(view.catalog.get(since).location)
changed = view.memo("renewals_changes", lambda: renewal.changes(before, view.snapshot, view.filters), since)
st.caption(tr("renewals.changes_caption", before=tr.date(before.as_of), after=tr.date(on)))
counts = renewal.change_counts(changed)
for column, kind in zip(st.columns(len(counts)), counts):
    column.metric(tr(f"renewals.change_{kind}"), tr.integer(counts[kind]), border=True)
changes_shown = renewal.changes_table(changed, tr)
if changes_shown.empty:
    st.info(tr("renewals.changes_none"))
else:
    st.dataframe(changes_shown, hide_index=True, width="stretch")
    ui.download_buttons(changes_shown, tr("renewals.file_changes", before=since, after=on.isoformat()), tr,
                        "renewals_changes")
