"""Cluster: find a cluster; its label path, expiry, collaborations and peers by label (public); its scores
against peers, distance to Gold, path to Silver and improvement plan (adviser mode only).  Sections from
clusterviz.app.sections.cluster, figures from clusterviz.figures.cluster."""

import streamlit as st

from clusterviz.app import ui, widgets
from clusterviz.app.sections import cluster as sections
from clusterviz.figures import cluster as profile

view = ui.page_setup("cluster")
if view is None:
    st.stop()
ids = view.cluster_ids
CLUSTER = ui.bind("cluster", ui.PROFILE_KEY, "", choices=lambda v: v in ids)
QUERY = ui.bind("q", "profile_query", "", choices=lambda v: len(v) <= profile.MAX_QUERY)
ui.publish()  # page_setup published the link before these bindings existed
st.markdown(view.tr("cluster.intro"))
cluster_id = st.session_state.get(CLUSTER) if st.session_state.get(CLUSTER) in ids else ""
widgets.section(sections.search, view, QUERY, CLUSTER, st.session_state.get(CLUSTER))  # typing redraws the matches only
if not cluster_id:
    st.info(view.tr("cluster.pick_hint"), icon=":material/search:")
else:
    fig = sections.public_profile(view, cluster_id)
    sections.adviser_profile(view, cluster_id, fig)
