"""Competence: the training lights of the cluster teams, whether all-green clusters do better, and the
training programmes of the events table (figures from clusterviz.figures.competence)."""

import datetime as dt

import streamlit as st

from clusterviz.app import ui
from clusterviz.charts import competence as charts
from clusterviz.charts import competence_programmes as programme_charts
from clusterviz.charts import competence_tables
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
window = metrics.comparison_window(view.snapshot)
all_events = view.snapshot.memo(
    ("competence_events",), lambda: competence_programmes.programme_events(competence_programmes.training_events(view.snapshot))
)
places = programme_charts.programme_places(all_events, tr)
st.markdown(
    tr("competence.intro_lights")
    + " "
    + (tr("competence.intro_programmes", places=places) if places else tr("competence.intro_no_programmes"))
)

# --------------------------------------------------------------------------- period and grouping
st.subheader(tr("competence.section_lights"))
left, right = st.columns([3, 1])
if st.session_state.get(PERIOD) not in competence.PERIODS:  # the control was clicked off
    st.session_state[PERIOD] = "window"
left.segmented_control(tr("competence.period_label"), competence.PERIODS, key=PERIOD, format_func=lambda p: tr(f"competence.period_{p}"))
if st.session_state.get(BY) not in competence.GROUPINGS:
    st.session_state[BY] = "country"
right.segmented_control(tr("competence.by_label"), competence.GROUPINGS, key=BY, format_func=lambda g: tr(f"competence.by_{g}"))
period, by = st.session_state[PERIOD], st.session_state[BY]

first_day, last_day = competence.date_bounds(view.snapshot.assessments, view.as_of)
custom = (None, None)
if period == "custom":
    for key in DATES:  # another snapshot may have narrowed the range
        st.session_state[key] = min(max(st.session_state[key], first_day), last_day)
    custom = tuple(
        column.date_input(
            tr(f"competence.period_{side}"), min_value=first_day, max_value=last_day, key=key, format=tr("competence.date_input_format")
        )
        for column, side, key in zip(st.columns(4), ("from", "to"), DATES)
    )
start, end = competence.period_range(period, view.as_of, *custom, window=window)
note = competence.period_note(period, start, end, view.as_of, window)
if note in ("after_snapshot", "reversed"):
    st.info(tr(f"competence.note_{note}", start=tr.date(start), end=tr.date(end), date=tr.date(view.as_of)))
else:
    parts = [
        tr(f"competence.caption_{period}", start=tr.date(start), end=tr.date(end)),
        ui.window_source(view.snapshot, tr) if period == "window" else None,
        tr("competence.note_clipped") if note == "clipped" else None,
        tr("competence.caption_filters"),
    ]
    st.caption(" ".join(p for p in parts if p))

sample = view.memo("competence_sample", lambda: competence.light_sample(view.clusters, view.snapshot.assessments, start, end), start, end)

# --------------------------------------------------------------------------- training lights
if sample.empty:
    if note not in ("after_snapshot", "reversed"):
        st.info(tr("competence.no_sample"))
else:
    country_shares, hidden_countries = view.memo(
        "competence_shares", lambda: competence.light_shares(sample, "country", view.public), start, end, "country", view.public
    )
    summary = view.build(competence.all_green_summary, country_shares)
    for column, row in zip(st.columns(max(len(summary), 2)), summary.itertuples()):
        column.metric(
            tr("competence.metric_all_green", group=competence_tables.group_name(row.group, tr)),
            tr("competence.n_of", n=tr.integer(row.all_green), total=tr.integer(row.n)),
            help=tr("competence.metric_all_green_help", share=tr.percent(row.share)),
            border=True,
        )
    cover = view.memo("competence_light_coverage", lambda: competence.light_coverage(sample, view.public), start, end, view.public)
    for row in cover.itertuples():
        st.caption(ui.known_text("what_lights", row.n_known, row.n_total, tr, country=row.group, shown=row.covered))
    shares, hidden = (
        (country_shares, hidden_countries)
        if by == "country"
        else view.memo(
            "competence_shares", lambda: competence.light_shares(sample, "county", view.public), start, end, "county", view.public
        )
    )
    if by == "county" and view.public:
        st.caption(tr("competence.counties_merged", n=metrics.MIN_GROUP))
    if hidden:
        st.caption(
            tr("competence.groups_hidden", n=metrics.MIN_GROUP, groups=", ".join(competence_tables.group_name(g, tr) for g in hidden))
        )
    if not shares.empty:
        ui.chart(view.build(charts.light_bars, shares, tr, view.present), f"training-lights-{by}", tr, "competence_lights_chart")
        with st.expander(tr("competence.table_lights")):
            table = view.memo(
                "competence_light_table", lambda: competence_tables.light_table(shares, tr), start, end, by, view.public, tr.lang
            )
            st.dataframe(table, hide_index=True)
            ui.download_buttons(table, f"training-lights-{by}-{start}-{end}", tr, "competence_lights")
    if not view.public:
        with st.expander(tr("competence.adviser_table")):
            table = competence_tables.cluster_lights(sample, view.clusters, tr)
            ui.cluster_table(table, competence.cluster_light_ids(sample, view.clusters), tr)
            ui.download_buttons(table, f"training-lights-clusters-{start}-{end}", tr, "competence_clusters")

# --------------------------------------------------------------------------- does training pay off?
payoff = None
if not sample.empty:
    st.subheader(tr("competence.section_payoff"))
    st.caption(tr("competence.payoff_caption", date=tr.date(view.as_of), n=metrics.MIN_GROUP))
    payoff = view.memo("competence_payoff", lambda: competence.payoff_groups(sample, view.snapshot.assessments, view.as_of), start, end)
    if payoff.empty:
        st.info(tr("competence.payoff_no_lights"))
if payoff is not None and not payoff.empty:
    groups = payoff
    for line in view.memo(
        "competence_payoff_text", lambda: competence_tables.payoff_sentences(competence.payoff_comparison(groups), tr), start, end, tr.lang
    ):
        st.markdown(line)
    chart = view.build(charts.payoff_bars, groups, tr, view.present)
    if chart is not None:
        ui.chart(chart, "training-payoff", tr, "competence_payoff_chart")
    with st.expander(tr("competence.table_payoff")):
        table = view.build(competence_tables.payoff_table, groups, tr)
        st.dataframe(table, hide_index=True)
        ui.download_buttons(table, f"training-payoff-{start}-{end}", tr, "competence_payoff")

# --------------------------------------------------------------------------- training programmes
st.subheader(tr("competence.section_programmes"))
if all_events.empty:
    st.info(tr("competence.no_events"))
    st.stop()

st.caption(tr("competence.programmes_caption", places=places))
programmes = view.snapshot.memo(("competence_programmes",), lambda: competence_programmes.programme_summary(all_events))
for row in programmes.itertuples():
    a, b, c = st.columns(3)
    a.metric(
        tr("competence.metric_events", country=programme_charts.place_country(row.country, tr)),
        tr.integer(row.events),
        help=tr("competence.metric_events_help", held=tr.integer(row.held), planned=tr.integer(row.planned)),
        border=True,
    )
    b.metric(tr("competence.metric_clusters"), tr.integer(competence.maybe(row.clusters_max)), border=True)
    c.metric(tr("competence.metric_participants"), tr.integer(competence.maybe(row.participants_max)), border=True)

area = st.pills(tr("competence.area_filter"), AREAS, key=AREA, format_func=tr.area)
events = view.snapshot.memo(("competence_events_on", area), lambda: competence_programmes.events_on_area(all_events, area))
if events.empty:
    st.info(tr("competence.no_events_on_area"))
else:
    ui.chart(
        view.build(programme_charts.event_timeline, events, view.as_of, tr, view.present), "training-programmes", tr, "competence_timeline"
    )

left, right = st.columns(2)
with left:
    st.pydeck_chart(
        view.build(
            programme_charts.event_map,
            view.snapshot.memo(("competence_places",), lambda: competence_programmes.event_places(all_events)),
            tr,
            view.present,
        ),
        height=340,
        key="competence_map",
    )
    st.caption(tr("competence.map_caption"))
with right:
    st.markdown(f"**{tr('competence.themes_heading')}**")
    tags = view.snapshot.memo(("competence_tags",), lambda: competence_programmes.theme_tags(all_events))
    for area_name, badges in view.build(programme_charts.theme_badges, tags, tr, area):
        st.markdown(f"{area_name}: {badges}")
    st.caption(tr("competence.themes_caption"))

with st.expander(tr("competence.table_events")):
    table = view.build(programme_charts.event_table, events, tr)
    st.dataframe(table, hide_index=True)
    ui.download_buttons(table, "training-programme-events", tr, "competence_events")
