"""Map: every cluster's label on the snapshot date (a disc per place when too many are in view), counties
coloured by a chosen measure; click to select."""

import streamlit as st

from clusterviz.app import ui
from clusterviz.charts import map_layers as maps
from clusterviz.charts import map_rows, map_tables
from clusterviz.charts.map import group_legend, label_timeline, measure_legend, status_legend
from clusterviz.data import borders, geo
from clusterviz.data.snapshot import PROGRAMME_LEVELS
from clusterviz.figures import map as mapdata
from clusterviz.figures import metrics

view = ui.page_setup("map")
if view is None:
    st.stop()
tr = view.tr
ids = set(view.all_clusters["cluster_id"])
CLUSTER = ui.bind("cluster", "map_cluster", "", choices=lambda v: v in ids)
COUNTY = ui.bind("sel_county", "map_county", "", choices=tuple(geo.ADMIN1))
MEASURE = ui.bind("measure", "map_measure", "valid", choices=mapdata.MEASURES)
BASEMAP = ui.bind("basemap", "map_basemap", False, choices=("0", "1"))
if st.session_state[BASEMAP] in ("0", "1"):
    st.session_state[BASEMAP] = st.session_state[BASEMAP] == "1"
if st.session_state.get(MEASURE) not in mapdata.MEASURES:  # the control was clicked off
    st.session_state[MEASURE] = "valid"


def on_select(chart_key: str) -> None:
    """A click on the map: a cluster opens its panel; a county becomes the county filter (set here, in a
    callback, because the filter widget is drawn in the sidebar before this page)."""
    target = maps.selection_target((st.session_state.get(chart_key) or {}).get("selection"))
    st.session_state[CLUSTER] = ""
    st.session_state[COUNTY] = ""
    if target and target[0] == "cluster" and target[1] in ids:
        st.session_state[CLUSTER] = target[1]
    elif target and target[0] == "county" and target[1] in geo.ADMIN1:
        st.session_state[COUNTY] = target[1]
        ui.filter_to_county(target[1])
        st.session_state["_map_gen"] = st.session_state.get("_map_gen", 0) + 1  # fresh chart: no dimming


def clear_selection() -> None:
    st.session_state[CLUSTER] = st.session_state[COUNTY] = ""
    st.session_state["_map_gen"] = st.session_state.get("_map_gen", 0) + 1


countries = mapdata.view_countries(view.filters)
measures = view.memo(
    "map_measures",
    lambda: mapdata.county_measures(
        metrics.filter_clusters(view.all_clusters, view.states, mapdata.without_counties(view.filters)), view.states, countries
    ),
)
points = view.memo("map_points", lambda: mapdata.map_clusters(view.clusters, view.states))
drawn = view.memo("map_placed", lambda: mapdata.placed(points))  # clusters without coordinates: listed below
have_borders = borders.installed()
polygons = borders.load_polygons() if have_borders else None

cluster_id = st.session_state[CLUSTER] if st.session_state[CLUSTER] in set(points["cluster_id"]) else ""
county = st.session_state[COUNTY]
if county not in measures["county_code"].to_numpy() or (view.filters.counties and county not in view.filters.counties):
    county = view.filters.counties[0] if len(view.filters.counties) == 1 else ""

left, right = st.columns([3, 2], gap="medium")
with left:
    a, b = st.columns([2, 1], vertical_alignment="bottom")
    measure = (
        a.segmented_control(
            tr("map.measure"),
            mapdata.MEASURES,
            key=MEASURE,
            selection_mode="single",
            format_func=lambda m: tr(f"map.option_{m}"),
            help=tr("map.measure_help"),
        )
        or "valid"
    )
    basemap = b.toggle(tr("map.basemap"), key=BASEMAP, help=tr("map.basemap_help"))
    url = borders.static_url(borders.POLYGONS)
    layers = (
        [maps.county_polygon_layer(url, measures, measure, alpha=170 if basemap else 255), maps.county_border_layer(url)]
        if have_borders
        else []
    )
    if not have_borders:
        layers.insert(0, maps.county_point_layer(map_rows.county_point_rows(measures, measure, tr), view.present))
    shown = measures[measures["county_code"].isin(view.filters.counties)] if view.filters.counties else measures
    labels = maps.label_layer(map_rows.label_rows(shown, measure, tr), view.present)
    groups = view.memo("map_place_groups", lambda: mapdata.place_groups(drawn)) if mapdata.aggregated(drawn) else None
    if groups is not None:  # too many to draw one by one: a disc per place (no scores, in any mode)
        rows = view.memo("map_group_rows", lambda: map_rows.group_rows(groups, tr, view.present), tr.lang, view.present)
        layers += [maps.group_layer(rows, view.present), labels]
    else:
        scores = None if view.public else mapdata.latest_scores(view.snapshot.assessments, view.as_of)
        rows = view.memo(
            "map_cluster_rows", lambda: map_rows.cluster_rows(drawn, tr, view.present, scores), tr.lang, view.present, view.public
        )
        layers += [labels, maps.cluster_layer(rows)]
    box = mapdata.county_bbox(view.filters.counties, polygons, drawn) if view.filters.counties else None
    fit = mapdata.fit_view(box or mapdata.country_bbox(countries), height=680 if view.present else 560)
    deck = maps.deck(layers, maps.view_state(countries, fit), basemap)
    chart_key = maps.chart_key(st.session_state.get("_map_gen", 0), view.filters)
    st.pydeck_chart(
        deck, on_select=lambda: on_select(chart_key), selection_mode="single-object", key=chart_key, height=680 if view.present else 560
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
        unplaced = view.memo("map_unplaced", lambda: map_tables.unplaced_table(points, tr), tr.lang)
        with st.expander(tr("map.unplaced", n=tr.integer(len(unplaced)), total=tr.integer(len(points))), icon=":material/location_off:"):
            st.caption(tr("map.unplaced_help"))
            st.dataframe(unplaced, hide_index=True, width="stretch")
            ui.download_buttons(unplaced, f"{tr('map.unplaced_file')}-{view.as_of.isoformat()}", tr, "map_unplaced")
    if groups is not None:
        legend = view.build(
            group_legend, tr, int(groups["clusters"].min()), int(groups["clusters"].max()), groups["level"].iloc[0], view.present
        )
    else:
        levels = [
            lv for c in countries for lv in PROGRAMME_LEVELS[c] if not view.filters.programme_levels or lv in view.filters.programme_levels
        ]
        legend = view.build(status_legend, tr, levels, view.present)
    x, y = st.columns(2)
    x.altair_chart(legend, key="map_legend_status")
    measure_legend_chart = view.build(
        measure_legend, tr(f"map.measure_{measure}"), maps.measure_max(measures, measure), measure == "share_valid", view.present
    )
    y.altair_chart(measure_legend_chart, key="map_legend_measure")
    y.caption(tr("map.legend_no_clusters"))

with right:
    if cluster_id:
        point = points[points["cluster_id"] == cluster_id].iloc[0]
        history = mapdata.cluster_history(view.snapshot.assessments, cluster_id, view.as_of, with_scores=not view.public)
        st.subheader(tr("map.panel_cluster"))
        ui.profile_button(cluster_id, tr, "map_open_profile")
        facts = map_tables.cluster_facts(point, history, tr, public=view.public)
        st.dataframe(facts, hide_index=True, width="stretch")
        ui.download_buttons(facts, f"{cluster_id}-{view.as_of.isoformat()}", tr, "map_cluster")
        if history.empty:
            st.caption(tr("map.no_history"))
        else:
            ui.chart(
                view.build(label_timeline, history, view.as_of, tr, view.present, point["name"]),
                f"{cluster_id}-label-history",
                tr,
                "map_timeline",
            )
    elif county:
        row = measures[measures["county_code"] == county].iloc[0]
        st.subheader(tr("map.panel_county", county=geo.county_name(county)))
        a, b, c = st.columns(3)
        a.metric(tr("map.metric_clusters"), tr.integer(row["clusters"]), border=True)
        b.metric(tr("map.metric_valid"), tr.integer(row["valid"]), border=True)
        c.metric(tr("map.metric_lapsed"), tr.integer(row["lapsed"]), border=True)
        table = map_tables.county_cluster_list(points, county, tr)
        if table.empty:
            st.info(tr("map.panel_county_empty", county=geo.county_name(county)))
        else:
            valid_until = tr("common.col_valid_until")
            dates = st.column_config.DateColumn(valid_until, format="DD.MM.YYYY" if tr.lang == "nb" else "D MMM YYYY")
            ui.cluster_table(table, mapdata.county_cluster_ids(points, county), tr, column_config={valid_until: dates})
            ui.download_buttons(table, f"{geo.county_name(county)}-{view.as_of.isoformat()}", tr, "map_county")
    else:
        st.subheader(tr("map.panel_counties"))
        st.caption(tr("map.panel_counties_help"))
        table = map_tables.county_table(measures, measure, tr)
        share = tr("map.col_share_valid")
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={share: st.column_config.ProgressColumn(share, format="percent", min_value=0.0, max_value=1.0)},
        )
        ui.download_buttons(table, f"{tr('map.panel_counties')}-{view.as_of.isoformat()}", tr, "map_counties")
    if cluster_id or st.session_state[COUNTY]:
        st.button(tr("map.clear_selection"), on_click=clear_selection, icon=":material/close:")
