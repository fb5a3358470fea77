"""Map: every cluster's label on the snapshot date (a disc per place when too many are in view), counties
coloured by a chosen measure; click to select."""

import streamlit as st

from clusterviz.app import ui
from clusterviz.app.sections import map as section
from clusterviz.data import geo
from clusterviz.figures import map as mapdata

view = ui.page_setup("map")
if view is None:
    st.stop()
ui.bind("cluster", section.CLUSTER, "", choices=lambda v: v in view.cluster_ids)
ui.bind("sel_county", section.COUNTY, "", choices=tuple(geo.ADMIN1))
ui.bind("measure", section.MEASURE, "valid", choices=mapdata.MEASURES)
ui.bind("basemap", section.BASEMAP, False, choices=("0", "1"))
if st.session_state[section.BASEMAP] in ("0", "1"):  # from the link
    st.session_state[section.BASEMAP] = st.session_state[section.BASEMAP] == "1"

section.map_and_panel(view)  # not a fragment: it is the whole page, so one would save nothing (see its module)
