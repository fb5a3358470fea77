"""Regional collaboration: one collaboration as a portfolio — members, scorecard, before/after, network
(figures from clusterviz.figures.collaboration, sections from clusterviz.app.sections.collaboration)."""

import streamlit as st

from clusterviz.app import ui
from clusterviz.app.sections import collaboration as sections
from clusterviz.figures import collaboration as collab

view = ui.page_setup("collaboration")
if view is None:
    st.stop()
st.markdown(view.tr("collaboration.intro"))
collabs = view.cached(collab.collaborations, view.snapshot)
if collabs.empty:
    st.info(view.tr("collaboration.none"))
    st.stop()
key = ui.bind("collab", "collab", collab.preselect(collabs, view.filters.counties), choices=list(collabs["collaboration_id"]))
# a county chosen in the sidebar preselects a collaboration covering it
st.session_state[key] = collab.choose(collabs, st.session_state.get(key), view.filters.counties, st.session_state.get("_collab_counties"))
st.session_state["_collab_counties"] = view.filters.counties
sections.collaboration(view, collabs, key)
