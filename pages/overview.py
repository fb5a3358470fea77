"""Overview: the headline figures of the chosen snapshot, with the change since the previous one."""

import streamlit as st

from clusterviz.app import ui
from clusterviz.app.sections import overview as section
from clusterviz.figures import overview

view = ui.page_setup("overview")
if view is None:
    st.stop()
st.markdown(view.tr("overview.intro"))

current = view.cached(overview.overview_figures, view.clusters, view.all_assessments, view.as_of)
before = None
if view.previous is not None:  # the same filters on the previous snapshot: the cards' deltas
    before = view.cached(overview.overview_figures, view.previous_clusters, view.previous.assessments, view.previous.as_of)
if not current["countries"]:
    st.info(view.tr("common.no_clusters_match"))
    st.stop()

section.labels(view, current, before)
section.renewals(view, current, before)
facts = view.cached(overview.facts, view.snapshot)
section.comparison(view, facts)
left, right = st.columns([2, 1])  # the pilot's two figures get a third each: a date fits whole
with left:
    section.pilot(view, facts)
with right:
    section.training(view, facts)
