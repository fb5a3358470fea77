"""Map: placeholder until its issue lands (no fake charts)."""
import streamlit as st

from clusterviz import ui

view = ui.page_setup("map")
if view is None:
    st.stop()
ui.coming_soon(view)
