"""Competence: the training lights of the cluster teams, whether all-green clusters do better, and the
training programmes of the events table (figures from clusterviz.figures.competence, sections from
clusterviz.app.sections.competence)."""

import datetime as dt

import streamlit as st

from clusterviz.app import ui, widgets
from clusterviz.app.sections import competence as sections
from clusterviz.charts import competence_programmes as programme_charts
from clusterviz.data.snapshot import AREAS
from clusterviz.figures import competence, competence_programmes, metrics

# Page state is bound before page_setup so that bad link values are reported with the page's notices.
PERIOD = ui.bind("period", "competence_period", "window", choices=competence.PERIODS)
BY = ui.bind("by", "competence_by", "country", choices=competence.GROUPINGS)
DATES = (
    ui.bind("from", "competence_from", metrics.WINDOW[0], parse=dt.date.fromisoformat),  # the demo's
    ui.bind("to", "competence_to", metrics.WINDOW[1], parse=dt.date.fromisoformat),
)  # window
AREA = ui.bind("area", "competence_area", None, choices=AREAS)
view = ui.page_setup("competence")
if view is None:
    st.stop()
tr = view.tr
events = view.cached(competence_programmes.programme_events, view.cached(competence_programmes.training_events, view.snapshot))
places = view.cached(programme_charts.programme_places, events, tr)
st.markdown(
    tr("competence.intro_lights")
    + " "
    + (tr("competence.intro_programmes", places=places) if places else tr("competence.intro_no_programmes"))
)

st.subheader(tr("competence.section_lights"))
widgets.section(sections.lights, view, PERIOD, BY, DATES)  # period and grouping redraw this part only

st.subheader(tr("competence.section_programmes"))
if events.empty:
    st.info(tr("competence.no_events"))
    st.stop()
st.caption(tr("competence.programmes_caption", places=places))
sections.programme_cards(view, events)
widgets.section(sections.events_on_area, view, events, AREA)  # the area pills redraw this part only
