"""The Norway–Denmark page's sections, each drawn from the page's figures (``figures.comparison.figures``):
the headline and country cards, valid labels, the index distribution, the area profile, and the peer groups
(a fragment: the peer choice redraws only it)."""

from __future__ import annotations

import streamlit as st

from clusterviz.app import ui, widgets
from clusterviz.app.view import View
from clusterviz.charts import comparison as charts
from clusterviz.charts import comparison_tables
from clusterviz.data import store
from clusterviz.figures import comparison, comparison_peers, metrics
from clusterviz.figures.comparison import Figures


def _table(view: View, frame, title: str, key: str) -> None:
    widgets.table_expander(
        view.tr("comparison.table"),
        frame,
        title,
        view.tr,
        key,
        shown=view.cached(comparison_tables.formatted, frame, view.tr),
        icon=":material/table:",
    )


def _too_small(view: View) -> str:
    return view.tr("common.group_too_small", n=metrics.MIN_GROUP)


def cards(view: View, fig: Figures) -> None:
    """The headline (or why there is none), then per country: sample size, mean index, Gold and Silver."""
    tr = view.tr
    if fig.headline is not None:
        st.subheader(view.cached(comparison_tables.headline_text, fig.headline, tr))
    elif any(not ok for _, _, n, ok in comparison.index_coverage(fig.stats) if n):
        st.caption(tr("comparison.headline_uncovered"))
    else:
        st.caption(tr("comparison.headline_missing", n=metrics.MIN_GROUP))
    for country in fig.countries:
        card = fig.card(country)
        widgets.metric_cards(
            [
                (tr("comparison.metric_sample", country=tr.country(country)), tr.integer(card["n"]), None),
                (
                    tr("comparison.metric_mean", country=tr.country(country)),
                    tr.number(card["mean"]),
                    tr("comparison.of_100") if card["mean"] is not None else _too_small(view) if card["n"] else None,
                ),
                (
                    tr("comparison.metric_gold_silver", country=tr.country(country)),
                    tr("comparison.gold_silver_value", gold=tr.integer(card["gold"]), silver=tr.integer(card["silver"])),
                    tr("comparison.valid_on", date=tr.date(view.as_of)),
                ),
            ]
        )
        if card["n"]:
            enough_known = metrics.covered(card["n_known"], card["n"], comparison.known_rule(view.public))
            shown, one_level = enough_known and not card["one_level"], enough_known and card["one_level"]
            st.caption(ui.known_text("what_index", card["n_known"], card["n"], tr, country=country, shown=shown, one_level=one_level))


def labels(view: View, fig: Figures) -> None:
    """Valid labels per country now and in every snapshot of the collection."""
    tr = view.tr
    st.subheader(tr("comparison.labels"))
    left, right = st.columns([1, 2])
    with left:
        ui.chart(view.build(charts.label_counts, fig.counts, tr, view.as_of, view.present), "labels-now", tr, "cmp_labels")
    with right:
        snapshots = tuple(store.load(entry.location) for entry in view.catalog.valid)
        over_time = view.cached(comparison.labels_over_time, snapshots, view.filters)
        ui.chart(view.build(charts.label_counts_over_time, over_time, tr, view.present), "labels-over-time", tr, "cmp_labels_time")
        st.caption(tr("comparison.labels_over_time_caption"))
    _table(view, view.cached(comparison_tables.label_table, fig.counts, tr), tr("comparison.labels"), "cmp_labels_table")


def distribution(view: View, fig: Figures) -> None:
    """Each cluster's index (adviser) or the histogram (public), with means and sample sizes."""
    tr = view.tr
    st.subheader(tr("comparison.distribution"))
    if not view.public:
        ui.chart(view.build(charts.index_strip, fig.points, fig.stats, tr, view.present), "index", tr, "cmp_index")
        st.caption(tr("comparison.distribution_adviser"))
    elif len(fig.histogram):
        ui.chart(view.build(charts.index_histogram, fig.histogram, fig.stats, tr, view.present), "index", tr, "cmp_index")
        st.caption(tr("comparison.distribution_public", width=tr.integer(comparison.BIN_WIDTH)))
    for country in fig.hidden_countries:  # hidden for its size (hidden for coverage: said under the cards)
        if fig.card(country)["n"] < metrics.MIN_GROUP:
            st.caption(tr("comparison.peer_too_small", group=tr.country(country), text=_too_small(view)))
    if len(fig.stats):
        _table(view, view.cached(comparison_tables.stats_table, fig.stats, tr), tr("comparison.distribution"), "cmp_index_table")


def profile(view: View, fig: Figures) -> None:
    """The six ESCA areas per country, and where the difference lies."""
    tr = view.tr
    st.subheader(tr("comparison.profile"))
    st.caption(tr("comparison.profile_caption"))
    if fig.countries and not len(fig.profile):
        st.caption(tr("comparison.profile_uncovered", n=metrics.MIN_KNOWN))
    left, right = st.columns(2)
    if len(fig.profile):
        with left:
            ui.chart(view.build(charts.area_profile, fig.profile, tr, view.present), "areas", tr, "cmp_profile")
    with right:
        if len(fig.gap):
            ui.chart(view.build(charts.area_gap, fig.gap, tr, view.present), "area-gap", tr, "cmp_gap")
        else:
            st.caption(tr("comparison.gap_missing"))
    if len(fig.gap):
        _table(view, view.cached(comparison_tables.gap_table, fig.gap, tr), tr("comparison.profile"), "cmp_gap_table")


def peers(view: View, fig: Figures) -> None:
    """The peer choice (kind and focus, bound to ?peer= and ?focus=) and the focus group against its peers."""
    tr = view.tr
    kinds = comparison_peers.peer_kinds(view.public)
    kind_key = ui.bind("peer", "cmp_peer_kind", "county", choices=kinds)
    kind = widgets.choice(
        tr("comparison.peer_kind"), kinds, kind_key, "county", format_func=lambda k: tr(f"comparison.peer_kind_{k}"), required=True
    )
    options = comparison_peers.focus_options(fig.current, kind)
    default = comparison_peers.default_focus(options, kind)
    focus_key = ui.bind("focus", "cmp_focus", default, choices=options)
    if st.session_state.get(focus_key) not in options:
        st.session_state[focus_key] = default
    unknown = comparison_peers.unknown_values(fig.current, kind)
    if unknown:  # no group is formed from an unknown value: say how many are left out
        st.caption(tr(f"comparison.peer_unknown_{kind}", n=tr.integer(unknown)))
    if not options:
        st.info(tr("comparison.peer_none"))
        return
    names = None if view.public else fig.names
    focus = st.selectbox(
        tr("comparison.peer_focus"), options, key=focus_key, format_func=lambda v: comparison_tables.focus_name(kind, v, tr, names)
    )
    groups = view.cached(comparison_peers.peer_groups, fig.current, fig.reference, kind, focus, view.public)
    group_labels = view.cached(comparison_tables.group_labels, groups, tr, names)
    table = view.cached(comparison_tables.peer_table, groups, tr, names)
    left, right = st.columns(2)
    with left:
        ui.chart(view.build(charts.peer_index, groups.groups, group_labels, tr, view.present), "peer-index", tr, "cmp_peer_index")
    with right:
        if len(groups.profile):
            ui.chart(view.build(charts.peer_profile, groups.profile, group_labels, tr, view.present), "peer-areas", tr, "cmp_peer_profile")
    uncovered = groups.uncovered
    for group, n in groups.hidden:
        if group in uncovered:
            known, total = uncovered[group]
            text = tr("common.not_covered", what=tr("common.what_index"), k=tr.integer(known), n=tr.integer(total), min=metrics.MIN_KNOWN)
        else:
            text = _too_small(view) if n else tr("comparison.peer_empty")
        st.caption(tr("comparison.peer_too_small", group=group_labels[group], text=text))
    _table(view, table, tr("comparison.peers"), "cmp_peer_table")
