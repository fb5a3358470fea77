"""Norway–Denmark: the spring-2017 comparison side by side, where the difference lies, and peer groups."""

import streamlit as st

from clusterviz.app import ui
from clusterviz.charts import comparison as charts
from clusterviz.charts import comparison_tables
from clusterviz.data import store
from clusterviz.figures import comparison, comparison_peers, metrics

WINDOW = ui.bind("window", "cmp_window", "data", choices=comparison.WINDOWS)  # before page_setup: link notices
view = ui.page_setup("comparison")
if view is None:
    st.stop()
tr, public, present = view.tr, view.public, view.present
too_small = tr("common.group_too_small", n=metrics.MIN_GROUP)


def table(frame, basename: str, key: str) -> None:
    with st.expander(tr("comparison.table"), icon=":material/table:"):
        st.dataframe(view.build(comparison_tables.formatted, frame, tr), hide_index=True)
        ui.download_buttons(frame, basename, tr, key)


if st.session_state.get(WINDOW) not in comparison.WINDOWS:  # the control was clicked off
    st.session_state[WINDOW] = "data"
st.markdown(tr("comparison.intro"))
window_choice = (
    st.segmented_control(
        tr("comparison.window_label"),
        comparison.WINDOWS,
        key=WINDOW,
        format_func=lambda w: tr(f"comparison.window_{w}"),
        help=tr("comparison.window_help", months=metrics.RECENT_MONTHS),
    )
    or "data"
)
window = comparison.window_for(window_choice, view.snapshot)
fig = view.memo("comparison", lambda: comparison.figures(view.snapshot, view.clusters, view.states, public, window), view.mode, window)
st.caption(
    " ".join(
        [
            tr("comparison.sample_caption", start=tr.date(window[0], "MMMM y"), end=tr.date(window[1], "MMMM y")),
            ui.window_source(view.snapshot, tr) if window_choice == "data" else "",
        ]
    ).strip()
)
if not fig.countries:
    st.info(tr("common.no_clusters_match"))
    st.stop()

coverage_lines = comparison.index_coverage(fig.stats)
if fig.headline is not None:
    st.subheader(view.memo("comparison_headline", lambda: comparison_tables.headline_text(fig.headline, tr), view.mode, tr.lang, window))
elif any(not ok for _, _, n, ok in coverage_lines if n):
    st.caption(tr("comparison.headline_uncovered"))
else:
    st.caption(tr("comparison.headline_missing", n=metrics.MIN_GROUP))
for country in fig.countries:
    card = fig.card(country)
    a, b, c = st.columns(3)
    a.metric(tr("comparison.metric_sample", country=tr.country(country)), tr.integer(card["n"]), border=True)
    b.metric(
        tr("comparison.metric_mean", country=tr.country(country)),
        tr.number(card["mean"]),
        border=True,
        help=tr("comparison.of_100") if card["mean"] is not None else too_small if card["n"] else None,
    )
    c.metric(
        tr("comparison.metric_gold_silver", country=tr.country(country)),
        tr("comparison.gold_silver_value", gold=tr.integer(card["gold"]), silver=tr.integer(card["silver"])),
        help=tr("comparison.valid_on", date=tr.date(view.as_of)),
        border=True,
    )
    if card["n"]:
        enough_known = metrics.covered(card["n_known"], card["n"], comparison.known_rule(public))
        st.caption(
            ui.known_text(
                "what_index",
                card["n_known"],
                card["n"],
                tr,
                country=country,
                shown=enough_known and not card["one_level"],
                one_level=enough_known and card["one_level"],
            )
        )

st.subheader(tr("comparison.labels"))
left, right = st.columns([1, 2])
with left:
    ui.chart(view.build(charts.label_counts, fig.counts, tr, view.as_of, present), "labels-now", tr, "cmp_labels")
with right:
    snapshots = [store.load(entry.location) for entry in view.catalog.valid]
    over_time = view.memo(
        "comparison_over_time",
        lambda: comparison.label_counts_over_time(snapshots, view.filters, ui.states_of),
        comparison.snapshots_key(snapshots),
    )
    ui.chart(view.build(charts.label_counts_over_time, over_time, tr, present), "labels-over-time", tr, "cmp_labels_time")
    st.caption(tr("comparison.labels_over_time_caption"))
table(view.build(comparison_tables.label_table, fig.counts, tr), tr("comparison.labels"), "cmp_labels_table")

st.subheader(tr("comparison.distribution"))
if not public:
    ui.chart(view.build(charts.index_strip, fig.points, fig.stats, tr, present), "index", tr, "cmp_index")
    st.caption(tr("comparison.distribution_adviser"))
elif len(fig.histogram):
    ui.chart(view.build(charts.index_histogram, fig.histogram, fig.stats, tr, present), "index", tr, "cmp_index")
    st.caption(tr("comparison.distribution_public", width=tr.integer(comparison.BIN_WIDTH)))
for country in fig.hidden_countries:  # hidden for its size (hidden for coverage: said under the cards)
    if fig.card(country)["n"] < metrics.MIN_GROUP:
        st.caption(tr("comparison.peer_too_small", group=tr.country(country), text=too_small))
if len(fig.stats):
    table(view.build(comparison_tables.stats_table, fig.stats, tr), tr("comparison.distribution"), "cmp_index_table")

st.subheader(tr("comparison.profile"))
st.caption(tr("comparison.profile_caption"))
if fig.countries and not len(fig.profile):
    st.caption(tr("comparison.profile_uncovered", n=metrics.MIN_KNOWN))
left, right = st.columns(2)
if len(fig.profile):
    with left:
        ui.chart(view.build(charts.area_profile, fig.profile, tr, present), "areas", tr, "cmp_profile")
with right:
    if len(fig.gap):
        ui.chart(view.build(charts.area_gap, fig.gap, tr, present), "area-gap", tr, "cmp_gap")
    else:
        st.caption(tr("comparison.gap_missing"))
if len(fig.gap):
    table(view.build(comparison_tables.gap_table, fig.gap, tr), tr("comparison.profile"), "cmp_gap_table")

st.subheader(tr("comparison.peers"))
st.caption(tr("comparison.peers_caption", date=tr.date(view.as_of)))
kinds = comparison_peers.peer_kinds(public)
key = ui.bind("peer", "cmp_peer_kind", "county", choices=kinds)
if st.session_state.get(key) not in kinds:
    st.session_state[key] = "county"
kind = st.segmented_control(
    tr("comparison.peer_kind"), kinds, key=key, required=True, format_func=lambda k: tr(f"comparison.peer_kind_{k}")
)
options = comparison_peers.focus_options(fig.current, kind)
key = ui.bind("focus", "cmp_focus", comparison_peers.default_focus(options, kind), choices=options)
if st.session_state.get(key) not in options:
    st.session_state[key] = comparison_peers.default_focus(options, kind)
ui.publish()  # page_setup published the link before this page's own bindings existed
unknown = comparison_peers.unknown_values(fig.current, kind)
if unknown:  # no group is formed from an unknown value: say how many are left out
    st.caption(tr(f"comparison.peer_unknown_{kind}", n=tr.integer(unknown)))
if not options:
    st.info(tr("comparison.peer_none"))
    st.stop()
names = fig.names if not public else None
focus = st.selectbox(tr("comparison.peer_focus"), options, key=key, format_func=lambda v: comparison_tables.focus_name(kind, v, tr, names))
peers = view.memo(
    "comparison_peers", lambda: comparison_peers.peer_groups(fig.current, fig.reference, kind, focus, public), view.mode, kind, focus
)
labels = view.memo("comparison_peer_labels", lambda: comparison_tables.group_labels(peers, tr, names), view.mode, kind, focus, tr.lang)
left, right = st.columns(2)
with left:
    ui.chart(view.build(charts.peer_index, peers.groups, labels, tr, present), "peer-index", tr, "cmp_peer_index")
with right:
    if len(peers.profile):
        ui.chart(view.build(charts.peer_profile, peers.profile, labels, tr, present), "peer-areas", tr, "cmp_peer_profile")
uncovered = peers.uncovered
for group, n in peers.hidden:
    if group in uncovered:
        known, total = uncovered[group]
        text = tr("common.not_covered", what=tr("common.what_index"), k=tr.integer(known), n=tr.integer(total), min=metrics.MIN_KNOWN)
    else:
        text = too_small if n else tr("comparison.peer_empty")
    st.caption(tr("comparison.peer_too_small", group=labels[group], text=text))

table(
    view.memo("comparison_peer_table", lambda: comparison_tables.peer_table(peers, tr, names), view.mode, kind, focus, tr.lang),
    tr("comparison.peers"),
    "cmp_peer_table",
)
