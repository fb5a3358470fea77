"""The map page's one section: the map (measure and basemap controls, the deck, its notes and legends) and the
panel beside it (the selected cluster, the selected county, or every county's figures).

Not a fragment (issue 19 weighed): the measure colours the map and orders the panel's table, and a cluster clicked
opens in the panel, so a fragment would hold the whole page but the sidebar; a county clicked sets the sidebar's
filter and must rerun the page anyway.  Measured, a fragment's rerun of the measure took as long as the full
rerun (about 50 ms each on the demo) and sent 14 KB instead of 20 KB."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from clusterviz.app import ui, widgets
from clusterviz.app.view import View
from clusterviz.charts import map_layers as maps
from clusterviz.charts import map_tables
from clusterviz.charts.map import group_legend, label_timeline, measure_legend, status_legend
from clusterviz.charts.map_deck import map_deck
from clusterviz.data import borders, geo
from clusterviz.data.snapshot import PROGRAMME_LEVELS
from clusterviz.figures import map as mapdata

CLUSTER, COUNTY, MEASURE, BASEMAP = "map_cluster", "map_county", "map_measure", "map_basemap"  # the page binds them
GENERATION = "_map_gen"  # a new number: a new chart (its selection cleared, nothing dimmed)


def map_and_panel(view: View) -> None:
    """The map on the left, the panel on the right."""
    countries = mapdata.view_countries(view.filters)
    measures = view.cached(mapdata.county_measures, view.clusters_under(mapdata.without_counties(view.filters)), view.states, countries)
    points = view.cached(mapdata.map_clusters, view.clusters, view.states)
    cluster_id = st.session_state[CLUSTER] if points["cluster_id"].eq(st.session_state[CLUSTER]).any() else ""
    county = st.session_state[COUNTY]
    if county not in measures["county_code"].to_numpy() or (view.filters.counties and county not in view.filters.counties):
        county = view.filters.counties[0] if len(view.filters.counties) == 1 else ""
    left, right = st.columns([3, 2], gap="medium")
    with left:
        measure = _map(view, countries, measures, points)
    with right:
        if cluster_id:
            _cluster_panel(view, points, cluster_id)
        elif county:
            _county_panel(view, measures, points, county)
        else:
            _counties_panel(view, measures, measure)
        if cluster_id or st.session_state[COUNTY]:
            st.button(view.tr("map.clear_selection"), on_click=_clear_selection, icon=":material/close:")


def _map(view: View, countries: tuple[str, ...], measures: pd.DataFrame, points: pd.DataFrame) -> str:
    """The controls, the deck and what is said under it; returns the measure chosen."""
    tr, height = view.tr, 680 if view.present else 560
    a, b = st.columns([2, 1], vertical_alignment="bottom")
    measure_names = {m: tr(f"map.option_{m}") for m in mapdata.MEASURES}
    measure = widgets.choice(
        tr("map.measure"), mapdata.MEASURES, MEASURE, "valid", format_func=measure_names.get, where=a, help=tr("map.measure_help")
    )
    basemap = b.toggle(tr("map.basemap"), key=BASEMAP, help=tr("map.basemap_help"))
    drawn = view.cached(mapdata.placed, points)  # clusters without coordinates: listed below
    groups = view.cached(mapdata.place_groups, drawn) if mapdata.aggregated(drawn) else None
    have_borders = borders.installed()
    box = (
        mapdata.county_bbox(view.filters.counties, borders.load_polygons() if have_borders else None, drawn)
        if view.filters.counties
        else None
    )
    fit = mapdata.fit_view(box or mapdata.country_bbox(countries), height=height)
    shown = view.cached(mapdata.counties_in_view, measures, view.filters.counties)
    scores = None if view.public or groups is not None else view.cached(mapdata.latest_scores, view.all_assessments, view.as_of)
    deck = view.build(
        map_deck,
        measures,
        shown,
        drawn,
        groups,
        scores,
        measure,
        tr,
        borders_url=borders.static_url(borders.POLYGONS) if have_borders else None,
        basemap=basemap,
        countries=countries,
        fit=fit,
        present=view.present,
    )
    chart_key = maps.chart_key(st.session_state.get(GENERATION, 0), view.filters)
    st.pydeck_chart(
        deck, on_select=functools.partial(_on_select, chart_key, view), selection_mode="single-object", key=chart_key, height=height
    )
    if groups is not None:
        st.caption(tr(f"map.grouped_{groups['level'].iloc[0]}", n=tr.integer(len(drawn)), limit=tr.integer(mapdata.AGGREGATE_ABOVE)))
    notes = [borders.ATTRIBUTION[c] for c in geo.COUNTRIES] if have_borders else []
    notes += [tr("map.basemap_attribution")] if basemap else []
    if notes:
        st.caption(" · ".join(notes))
    else:
        st.info(tr("map.no_borders"), icon=":material/map:")
    if points.empty:
        st.caption(tr("map.no_clusters_in_view"))
    if len(drawn) < len(points):
        unplaced = view.cached(map_tables.unplaced_table, points, tr)
        with st.expander(tr("map.unplaced", n=tr.integer(len(unplaced)), total=tr.integer(len(points))), icon=":material/location_off:"):
            st.caption(tr("map.unplaced_help"))
            widgets.table(unplaced)
            ui.download_buttons(unplaced, f"{tr('map.unplaced_file')}-{view.as_of.isoformat()}", tr, "map_unplaced")
    _legends(view, countries, measures, groups, measure)
    return measure


def _legends(view: View, countries: tuple[str, ...], measures: pd.DataFrame, groups, measure: str) -> None:
    """What the points (or places) and the county colours mean."""
    tr, chosen = view.tr, view.filters.programme_levels
    if groups is not None:
        low, high = int(groups["clusters"].min()), int(groups["clusters"].max())
        legend = view.build(group_legend, tr, low, high, groups["level"].iloc[0], view.present)
    else:
        levels = [level for c in countries for level in PROGRAMME_LEVELS[c] if not chosen or level in chosen]
        legend = view.build(status_legend, tr, levels, view.present)
    x, y = st.columns([3, 2])  # the status legend's two columns of names need more than half (11 px over at 1366)
    # legends at their own width: stretched, the empty plot area beside them reached 290 px into the next column
    x.altair_chart(legend, key="map_legend_status", width="content")
    title, top = tr(f"map.measure_{measure}"), maps.measure_max(measures, measure)
    y.altair_chart(
        view.build(measure_legend, title, top, measure == "share_valid", view.present), key="map_legend_measure", width="content"
    )
    y.caption(tr("map.legend_no_clusters"))


def _cluster_panel(view: View, points: pd.DataFrame, cluster_id: str) -> None:
    """The selected cluster: its facts and label history, and the way to its profile."""
    tr = view.tr
    point = points[points["cluster_id"] == cluster_id].iloc[0]
    history = view.cached(mapdata.cluster_history, view.all_assessments, cluster_id, view.as_of, with_scores=not view.public)
    st.subheader(tr("map.panel_cluster"))
    ui.profile_button(cluster_id, tr, "map_open_profile")
    facts = map_tables.cluster_facts(point, history, tr, public=view.public)
    st.dataframe(facts, hide_index=True, width="stretch")
    ui.download_buttons(facts, f"{cluster_id}-{view.as_of.isoformat()}", tr, "map_cluster")
    if history.empty:
        st.caption(tr("map.no_history"))
    else:
        chart = view.build(label_timeline, history, view.as_of, tr, view.present, point["name"])
        ui.chart(chart, f"{cluster_id}-label-history", tr, "map_timeline")


def _county_panel(view: View, measures: pd.DataFrame, points: pd.DataFrame, county: str) -> None:
    """The selected (or the one filtered) county: its figures and its clusters."""
    tr, name = view.tr, geo.county_name(county)
    row = measures[measures["county_code"] == county].iloc[0]
    st.subheader(tr("map.panel_county", county=name))
    widgets.metric_cards([(tr(f"map.metric_{m}"), tr.integer(row[m])) for m in ("clusters", "valid", "lapsed")])
    table = view.cached(map_tables.county_cluster_list, points, county, tr)
    valid_until = tr("common.col_valid_until")
    dates = {valid_until: st.column_config.DateColumn(valid_until, format="DD.MM.YYYY" if tr.lang == "nb" else "D MMM YYYY")}
    ids = view.cached(mapdata.county_cluster_ids, points, county)
    file = f"{name}-{view.as_of.isoformat()}"
    widgets.table_or_note(table, tr("map.panel_county_empty", county=name), tr, file, "map_county", cluster_ids=ids, column_config=dates)


def _counties_panel(view: View, measures: pd.DataFrame, measure: str) -> None:
    """No selection: every county's figures, ordered by the measure the map shows."""
    tr = view.tr
    st.subheader(tr("map.panel_counties"))
    st.caption(tr("map.panel_counties_help"))
    table = view.cached(map_tables.county_table, measures, measure, tr)
    share = tr("map.col_share_valid")
    config = {share: st.column_config.ProgressColumn(share, format="percent", min_value=0.0, max_value=1.0)}
    widgets.table(table, column_config=config)
    ui.download_buttons(table, f"{tr('map.panel_counties')}-{view.as_of.isoformat()}", tr, "map_counties")


def _on_select(chart_key: str, view: View) -> None:
    """A click on the map: a cluster opens its panel; a county becomes the county filter (set here, in a
    callback, because the sidebar draws the filter before the page)."""
    target = maps.selection_target((st.session_state.get(chart_key) or {}).get("selection"))
    st.session_state[CLUSTER] = st.session_state[COUNTY] = ""
    if target and target[0] == "cluster" and target[1] in view.cluster_ids:
        st.session_state[CLUSTER] = target[1]
    elif target and target[0] == "county" and target[1] in geo.ADMIN1:
        st.session_state[COUNTY] = target[1]
        ui.filter_to_county(target[1])
        st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1  # fresh chart: no dimming


def _clear_selection() -> None:
    st.session_state[CLUSTER] = st.session_state[COUNTY] = ""
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
