"""Norway–Denmark: the spring-2017 comparison side by side, where the difference lies, and peer groups
(figures from clusterviz.figures.comparison, sections from clusterviz.app.sections.comparison)."""

import streamlit as st

from clusterviz.app import ui, widgets
from clusterviz.app.sections import comparison as sections
from clusterviz.figures import comparison, metrics

WINDOW = ui.bind("window", "cmp_window", "data", choices=comparison.WINDOWS)  # before page_setup: link notices
view = ui.page_setup("comparison")
if view is None:
    st.stop()
tr = view.tr
st.markdown(tr("comparison.intro"))
window_choice = widgets.choice(
    tr("comparison.window_label"),
    comparison.WINDOWS,
    WINDOW,
    "data",
    format_func=lambda w: tr(f"comparison.window_{w}"),
    help=tr("comparison.window_help", months=metrics.RECENT_MONTHS),
)
window = comparison.window_for(window_choice, view.snapshot)
fig = view.cached(comparison.figures, view.snapshot, view.clusters, view.states, view.public, window)
start, end = tr.date(window[0], "MMMM y"), tr.date(window[1], "MMMM y")
source = ui.window_source(view.snapshot, tr) if window_choice == "data" else ""
st.caption(f"{tr('comparison.sample_caption', start=start, end=end)} {source}".strip())
if not fig.countries:
    st.info(tr("common.no_clusters_match"))
    st.stop()

sections.cards(view, fig)
sections.labels(view, fig)
sections.distribution(view, fig)
sections.profile(view, fig)
st.subheader(tr("comparison.peers"))
st.caption(tr("comparison.peers_caption", date=tr.date(view.as_of)))
widgets.section(sections.peers, view, fig)  # the peer choice redraws this part only
