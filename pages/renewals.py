"""Renewals: where organisations drop out, who is about to, and whether renewal is improving."""

import streamlit as st

from clusterviz.app import ui, widgets
from clusterviz.app.sections import renewals as section
from clusterviz.figures import renewals as renewal
from clusterviz.figures import renewals_timeline

ui.bind("horizon", section.HORIZON, "6", choices=renewal.HORIZONS)  # bound before page_setup,
ui.bind("sort", section.SORT, "county", choices=renewals_timeline.SORTS)  # so it shows link notices
ui.bind("scope", section.SCOPE, "all", choices=renewals_timeline.SCOPES)
ui.bind("timeline_page", section.PAGE, "1", choices=renewals_timeline.is_page_number)  # clamped once counted
view = ui.page_setup("renewals")
if view is None:
    st.stop()
st.markdown(view.tr("renewals.intro"))
if view.clusters.empty:
    st.info(view.tr("common.no_clusters_match"))
    st.stop()

section.funnel(view)
widgets.section(section.watch_list, view, params=["horizon"])  # each reruns alone when its own controls change
widgets.section(section.timelines, view, params=["sort", "scope", "timeline_page"])
section.recertification(view)
widgets.section(section.changes, view, params=["since"])
