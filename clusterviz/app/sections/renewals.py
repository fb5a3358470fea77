"""The renewals page's sections: the funnel, the expiry watch-list, the label timelines (a page at a time), the
re-certification curves and what changed since an earlier snapshot.  The watch-list, the timelines and the
changes each rerun alone when their own control changes (``widgets.section``)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from clusterviz.app import links, ui, widgets
from clusterviz.app.view import View
from clusterviz.charts import renewals as charts
from clusterviz.charts import renewals_tables
from clusterviz.data import geo, store
from clusterviz.figures import metrics, renewals_timeline
from clusterviz.figures import renewals as renewal
from clusterviz.figures.renewals_timeline import SCOPES, SORTS

HORIZON, SORT, SCOPE, PAGE = "renewals_horizon", "renewals_sort", "renewals_scope", "renewals_page"  # the page binds them


def funnel(view: View) -> None:
    """Where organisations drop out: each country's funnel figures and chart."""
    tr, on = view.tr, view.as_of
    st.subheader(tr("renewals.funnel_title"))
    counts = view.cached(metrics.renewal_funnel, view.clusters, view.all_assessments, on)
    stages = view.cached(renewal.funnel_stages, view.clusters, view.all_assessments, on)
    countries = [c for c in geo.COUNTRIES if (view.clusters["country"] == c).any()]
    for column, country in zip(st.columns(len(countries)), countries):
        with column:
            st.markdown(f"**{tr('renewals.funnel_country', country=tr.country(country))}**")
            n = {step: tr.integer(value) for step, value in view.cached(metrics.funnel_values, counts, country).items()}
            unknown = n.get("end_unknown", "0") != tr.integer(0)  # real data: first labels known only by their year
            widgets.metric_cards(
                [
                    (tr("renewals.metric_first_ended"), n["first_ended"]),
                    (tr("renewals.metric_renewed"), n["renewed"]),
                    (tr("renewals.metric_not_renewed"), n["not_renewed"], tr("renewals.not_renewed_help", n=n["not_renewed_in_grace"])),
                    (tr("renewals.metric_still_valid"), n["still_valid"], tr("renewals.still_valid_help")),
                    (tr("renewals.metric_end_unknown"), n["end_unknown"], tr("renewals.end_unknown_help")) if unknown else None,
                ],
                per_row=2,
            )
            chart = view.build(charts.funnel, stages, country, tr, view.present)
            ui.chart(chart, f"funnel-{country}-{on}", tr, f"renewals_funnel_{country}")
    st.caption(tr("renewals.funnel_caption"))


def watch_list(view: View) -> None:
    """Who is about to drop out: valid labels running out within the chosen horizon, and expired ones still in
    their renewal year.  The horizon reruns this section only, unless the timelines show the watch-list."""
    tr, on = view.tr, view.as_of
    st.subheader(tr("renewals.watch_title"))
    months = {n: tr("renewals.horizon_months", n=n) for n in renewal.HORIZONS}
    changed = {"on_change": _horizon_changed, "args": (view.present,)}
    horizon = widgets.choice(tr("renewals.horizon"), renewal.HORIZONS, HORIZON, "6", format_func=months.get, **changed)
    watch = view.cached(renewal.watch_list, view.clusters, view.states, on, horizon)
    expiring, in_grace = int((watch["state"] == "valid").sum()), int((watch["state"] == "grace").sum())
    widgets.metric_cards(
        [(tr("renewals.metric_expiring", n=horizon), tr.integer(expiring)), (tr("renewals.metric_in_grace"), tr.integer(in_grace))],
        widths=[1, 1, 2],
    )
    st.caption(tr("renewals.watch_caption", n=horizon, date=tr.date(on)))
    file = tr("renewals.file_watch", months=horizon, date=on.isoformat())
    table = view.cached(renewals_tables.watch_table, watch, tr)
    widgets.table_or_note(table, tr("renewals.watch_empty"), tr, file, "renewals_watch", cluster_ids=watch["cluster_id"])


def _horizon_changed(present: bool) -> None:
    """The horizon's callback: timelines that show the watch-list change with it, so the whole page reruns
    (in presenter mode it does anyway)."""
    if links.carried("scope") == "watch" and not present:  # the scope's control is outside this fragment
        st.rerun()


def timelines(view: View) -> None:
    """Every validity period and renewal year of the clusters in view (or of the watch-list's), in the chosen
    order, a page of TIMELINE_ROWS clusters at a time; another order or scope starts from the top."""
    tr, on = view.tr, view.as_of
    st.subheader(tr("renewals.timelines_title"))
    left, right = st.columns(2)
    from_the_top = {"on_change": widgets.go_to_page, "args": (PAGE, 1)}
    order, scope = (  # each starts from its first option
        widgets.choice(tr(f"renewals.{name}"), options, key, options[0], format_func=words.get, where=column, **from_the_top)
        for column, name, options, key in ((left, "sort", SORTS, SORT), (right, "scope", SCOPES, SCOPE))
        for words in [{option: tr(f"renewals.{name}_{option}") for option in options}]
    )
    horizon = links.bound_value("horizon")  # settled by the watch-list's section
    segments = view.cached(
        renewals_timeline.scoped_timelines,
        view.clusters,
        view.all_assessments,
        view.states,
        on,
        order,
        horizon if scope == "watch" else None,
    )
    labelled = segments["cluster_id"].nunique()
    page = renewals_timeline.timeline_page(labelled, int(st.session_state.get(PAGE) or 1))
    st.session_state[PAGE] = str(page.number)  # a filter that shrank the list: its last page, not an empty one
    words = (tr("renewals.page_previous"), tr("renewals.page"), tr("renewals.page_next"))
    widgets.pager(PAGE, view.cached(renewals_tables.pager_choices, labelled, tr), page.number, page.pages, words)
    if labelled:
        st.caption(renewals_tables.timelines_caption(page, scope, horizon, tr))
        shown = view.cached(renewals_timeline.page_segments, segments, page)
        gantt = view.build(charts.timelines, shown, on, tr, view.present, years=view.cached(renewals_timeline.timeline_years, segments))
        ui.chart(gantt, f"timelines-{on}-rows-{page.first}-{page.last}", tr, "renewals_timelines")
    else:
        st.info(tr(f"renewals.timelines_empty_{scope}"))
    if scope == "all" and len(view.clusters) > labelled:
        st.caption(tr("renewals.timelines_never", n=tr.integer(len(view.clusters) - labelled)))


def recertification(view: View) -> None:
    """Re-certification over time: the share renewed per year of expiry, and the survival curve."""
    tr, on = view.tr, view.as_of
    st.subheader(tr("renewals.recert_title"))
    by_year = view.cached(renewal.recertification_by_year, view.clusters, view.all_assessments, on)
    curve = view.cached(renewal.survival, view.clusters, view.all_assessments, on)
    left, right = st.columns(2)
    with left:
        chart = None if by_year.empty else view.build(charts.recertification, by_year, tr, view.present)
        widgets.chart_or_note(chart, tr("common.group_too_small", n=metrics.MIN_GROUP), f"recertification-{on}", tr, "renewals_recert")
        st.caption(tr("renewals.recert_caption", n=metrics.MIN_GROUP))
    with right:
        chart = None if curve.empty else view.build(charts.survival, curve, tr, view.present)
        widgets.chart_or_note(chart, tr("renewals.survival_too_few", n=renewal.SURVIVAL_MIN), f"survival-{on}", tr, "renewals_survival")
        st.caption(tr("renewals.survival_caption", n=renewal.SURVIVAL_MIN))


def changes(view: View) -> None:
    """What changed since an earlier snapshot (the previous one unless another is chosen): counts per kind of
    change and the clusters concerned."""
    tr, on = view.tr, view.as_of
    st.subheader(tr("renewals.changes_title"))
    earlier = {e.name: e for e in view.catalog.valid if e.as_of < on}  # oldest first
    if not earlier:
        st.info(tr("renewals.only_one_snapshot"))
        return
    latest = list(earlier)[-1]
    key = ui.bind("since", "renewals_since", latest, choices=[e.name for e in view.catalog.valid])
    if st.session_state.get(key) not in earlier:  # the sidebar moved to an older snapshot
        st.session_state[key] = latest
    since = st.selectbox(tr("renewals.since"), list(earlier), key=key, format_func=lambda n: tr.date(dt.date.fromisoformat(n)))
    before = store.load(earlier[since].location)
    changed = view.cached(renewal.changes, before, view.snapshot, view.filters)
    st.caption(tr("renewals.changes_caption", before=tr.date(before.as_of), after=tr.date(on)))
    widgets.metric_cards(
        [(tr(f"renewals.change_{kind}"), tr.integer(n)) for kind, n in view.cached(renewal.change_counts, changed).items()]
    )
    shown = view.cached(renewals_tables.changes_table, changed, tr)
    file = tr("renewals.file_changes", before=since, after=on.isoformat())
    widgets.table_or_note(shown, tr("renewals.changes_none"), tr, file, "renewals_changes", cluster_ids=changed["cluster_id"])
