"""Map building blocks without a browser: per-county measures, layer data, colours, view, deck spec, legends."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from clusterviz.charts import map_layers as maps
from clusterviz.charts import map_rows, map_tables
from clusterviz.charts.base import STATUS_COLOURS
from clusterviz.charts.map import label_timeline, measure_legend, status_legend
from clusterviz.data import geo
from clusterviz.data.snapshot import AREA_COLUMNS
from clusterviz.figures import map as mapdata
from clusterviz.figures import metrics
from clusterviz.figures.metrics import Filters
from clusterviz.text.i18n import Translator

NB, EN = Translator("nb"), Translator("en")
SCORE_COLUMNS = ("quality_index", *AREA_COLUMNS)


@pytest.fixture(scope="module")
def states(seed_snapshot):
    return metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, seed_snapshot.as_of)


@pytest.fixture(scope="module")
def points(seed_snapshot, states):
    return mapdata.map_clusters(seed_snapshot.clusters, states)


@pytest.fixture(scope="module")
def measures(seed_snapshot, states):
    return mapdata.county_measures(seed_snapshot.clusters, states)


def small_frames():
    """Three clusters in Nordland (gold, lapsed, never) and one in Oslo (grace), on 2017-03-01."""
    clusters = pd.DataFrame(
        {
            "cluster_id": ["A", "B", "C", "D"],
            "name": ["Alfa", "Beta", "Gamma", "Delta"],
            "country": ["NO"] * 4,
            "county_code": ["18", "18", "18", "03"],
            "programme_level": ["gce", "arena", "nce", "arena"],
            "home_town": ["Bodø", "Rana", "Narvik", "Oslo"],
            "lat": [67.28, 66.31, 68.44, 59.91],
            "lon": [14.40, 14.14, 17.43, 10.75],
        }
    )
    states = pd.DataFrame(
        {
            "cluster_id": ["A", "B", "C", "D"],
            "status": ["gold", "lapsed", "never", "grace"],
            "label_level": ["gold", "bronze", None, "silver"],
            "valid_until": pd.to_datetime(["2018-06-30", "2014-05-31", None, "2016-12-31"]),
            "grace_until": pd.to_datetime(["2019-06-30", "2015-05-31", None, "2017-12-31"]),
            "labels_held": [2, 1, 0, 1],
        }
    )
    return clusters, states


# --------------------------------------------------------------------------- per-county measures


def test_county_measures_match_the_demo_data(measures):
    assert list(measures["county_code"]) == list(geo.ADMIN1)
    nordland = measures.set_index("county_code").loc["18"]
    assert (nordland["clusters"], nordland["valid"], nordland["bronze"], nordland["lapsed"]) == (8, 7, 7, 0)
    assert nordland["share_valid"] == pytest.approx(7 / 8)
    midtjylland = measures.set_index("county_code").loc["1082"]
    assert (midtjylland["clusters"], midtjylland["valid"]) == (11, 10)
    assert measures["clusters"].sum() == 110
    # the valid counts add up to the headline facts: NO 6 Gold + 0 Silver, DK 8 Gold + 6 Silver
    by_country = measures.groupby("country")[["gold", "silver"]].sum()
    assert by_country.loc["NO"].tolist() == [6, 0] and by_country.loc["DK"].tolist() == [8, 6]


def test_county_measures_on_small_frames_keep_empty_counties():
    clusters, states = small_frames()
    out = mapdata.county_measures(clusters, states, ("NO",)).set_index("county_code")
    assert len(out) == 15 and set(out["country"]) == {"NO"}
    assert out.loc["18", ["clusters", "gold", "lapsed", "never", "valid"]].tolist() == [3, 1, 1, 1, 1]
    assert out.loc["18", "share_valid"] == pytest.approx(1 / 3)
    assert out.loc["03", ["clusters", "grace", "valid"]].tolist() == [1, 1, 0]
    assert out.loc["50", "clusters"] == 0 and math.isnan(out.loc["50", "share_valid"])


def test_choropleth_compares_counties_without_the_county_filter():
    filters = Filters(("NO",), ("18",), ("arena",), ("bronze",))
    assert mapdata.without_counties(filters) == Filters(("NO",), (), ("arena",), ("bronze",))
    assert mapdata.view_countries(Filters()) == ("NO", "DK")
    assert mapdata.view_countries(Filters(("DK",))) == ("DK",)


def test_map_clusters_carry_no_scores(points):
    assert len(points) == 110
    assert not set(SCORE_COLUMNS) & set(points.columns)
    assert {"status", "valid_until", "lat", "lon", "programme_level"} <= set(points.columns)


# --------------------------------------------------------------------------- colours


def test_rgba_and_status_colours():
    assert maps.rgba("#E69F00") == [230, 159, 0, 255]
    assert maps.rgba("#8C4A1C", 128) == [140, 74, 28, 128]
    assert set(maps.STATUS_RGBA) == set(metrics.STATUSES)
    for status, colour in STATUS_COLOURS.items():
        assert maps.STATUS_RGBA[status][:3] == [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def test_measure_colours_run_from_light_to_dark(measures):
    low, high = maps.rgba(maps.MEASURE_RAMP[0]), maps.rgba(maps.MEASURE_RAMP[1])
    assert maps.measure_colour(0, 10) == low and maps.measure_colour(10, 10) == high
    assert maps.measure_colour(float("nan"), 10) == maps.rgba(maps.NO_CLUSTERS)
    colours = maps.county_colours(measures, "valid")
    assert colours["1082"] == high  # Midtjylland has the most valid labels (10)
    assert sum(colours["18"][:3]) < sum(colours["03"][:3])  # Nordland (7) darker than Oslo (1)
    assert maps.measure_max(measures, "share_valid") == 1.0
    assert maps.measure_max(measures, "lapsed") == measures["lapsed"].max()


def parse_fill_expression(expression: str) -> tuple[dict[str, list[int]], list[int]]:
    """Read the accessor back: code -> colour, plus the default."""
    pairs = re.findall(r"code == '(\d+)' \? (\[[\d,]+\])", expression)
    default = re.search(r": (\[[\d,]+\])$", expression).group(1)
    return {code: json.loads(colour) for code, colour in pairs}, json.loads(default)


def test_fill_expression_maps_every_county_to_its_colour(measures):
    colours = maps.county_colours(measures, "share_valid")
    mapping, default = parse_fill_expression(maps.fill_expression(colours, maps.rgba(maps.OTHER_COUNTRY)))
    assert mapping == colours and default == maps.rgba(maps.OTHER_COUNTRY)
    assert maps.fill_expression({"18'; alert(1)": [1, 2, 3, 4]}, [0, 0, 0, 0]) == "[0,0,0,0]"  # only known codes


# --------------------------------------------------------------------------- layers


def layer_json(layer) -> dict:
    return json.loads(maps.deck([layer], maps.view_state(("NO",))).to_json())["layers"][0]


def status_colours(expression: str) -> tuple[dict[str, list[int]], list[int]]:
    """Read the status accessor back: status -> colour, plus the default (what deck.gl evaluates per row)."""
    pairs = re.findall(r"s == '(\w+)' \? (\[[\d,]+\])", expression)
    default = re.search(r": (\[[\d,]+\])$", expression).group(1)
    return {status: json.loads(colour) for status, colour in pairs}, json.loads(default)


def fill_of(row: dict, expression: str) -> list[int]:
    mapping, default = status_colours(expression)
    return mapping.get(row["s"], default)


def test_cluster_rows_colour_by_status_size_by_programme(points):
    rows = map_rows.cluster_rows(points, NB)
    by_id = {r["id"]: r for r in rows}
    expression = layer_json(maps.cluster_layer(rows))["getFillColor"].removeprefix("@@=")
    status = dict(zip(points["cluster_id"], points["status"]))
    assert all(fill_of(by_id[c], expression) == maps.STATUS_RGBA[s] for c, s in status.items())
    gce = points.loc[points["programme_level"] == "gce", "cluster_id"].iloc[0]
    arena = points.loc[points["programme_level"] == "arena", "cluster_id"].iloc[0]
    assert by_id[gce]["r"] > by_id[arena]["r"] and by_id[gce]["w"] > by_id[arena]["w"]
    big = {r["id"]: r for r in map_rows.cluster_rows(points, NB, present=True)}
    assert big[arena]["r"] == pytest.approx(by_id[arena]["r"] * maps.PRESENT_SCALE)


def test_status_fill_expression_gives_every_status_its_colour():
    mapping, default = status_colours(maps.status_fill_expression())
    assert mapping | {"never": default} == maps.STATUS_RGBA
    faded, _ = status_colours(maps.status_fill_expression(maps.GROUP_ALPHA))
    assert faded["gold"] == maps.rgba(STATUS_COLOURS["gold"], maps.GROUP_ALPHA)


def test_cluster_rows_are_compact(points):
    rows = map_rows.cluster_rows(points, EN)
    row = next(r for r in rows if r["id"] == "NO-001")
    point = points[points["cluster_id"] == "NO-001"].iloc[0]
    assert row["p"] == [round(point["lon"], 4), round(point["lat"], 4)] and row["s"] == "gold"
    assert (row["r"], row["w"]) == maps.PROGRAMME_STYLE["gce"]
    # the deck's JSON has no indentation: about a third of a points layer's bytes were spaces and newlines
    text = maps.deck([maps.cluster_layer(rows)], maps.view_state(("NO",))).to_json()
    spec = json.loads(text)
    assert text == json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert len(text) < 0.75 * len(json.dumps(spec, sort_keys=True, indent=2))
    layer = spec["layers"][0]
    assert layer["data"] == json.loads(json.dumps(rows)) and layer["getPosition"] == "@@=p"
    assert len(text.encode()) / len(rows) < 220  # bytes per cluster, tooltip text included


def test_cluster_tooltip_texts():
    clusters, states = small_frames()
    frame = mapdata.map_clusters(clusters, states).set_index("cluster_id")
    gold = map_rows.cluster_tooltip(frame.loc["A"].to_dict() | {"cluster_id": "A"}, NB)
    assert gold.splitlines() == ["Alfa", "Gull – gyldig til 30. juni 2018", "Bodø, Nordland · GCE"]
    lapsed = map_rows.cluster_tooltip(frame.loc["B"].to_dict(), EN)
    assert lapsed.splitlines()[1] == "Lapsed – ran out 31 May 2014"
    never = map_rows.cluster_tooltip(frame.loc["C"].to_dict(), EN)
    assert never.splitlines()[1] == "Never certified"
    grace = map_rows.cluster_tooltip(frame.loc["D"].to_dict(), NB)
    assert grace.splitlines()[1] == "Utløpt (kan fornyes) – gikk ut 31. desember 2016"
    unknown = map_rows.cluster_tooltip(frame.loc["B"].to_dict() | {"status": "unknown", "valid_until": pd.NaT}, EN)
    assert unknown.splitlines()[1] == f"Validity not known – latest label: {EN.status(frame.loc['B', 'label_level'])}, end date not known"


def test_county_polygon_layer_loads_borders_by_url(measures):
    url = "app/static/geo/admin1_polygons.json"
    spec = layer_json(maps.county_polygon_layer(url, measures, "valid"))
    assert spec["data"] == url and spec["id"] == maps.LAYER_COUNTIES
    assert spec["pickable"] is True and spec["stroked"] is False
    assert spec["getPolygon"] == "@@=polygon" and spec["getFillColor"].startswith("@@=code == '03'")
    other = layer_json(maps.county_polygon_layer(url, measures, "lapsed"))
    assert other["updateTriggers"]["getFillColor"] != spec["updateTriggers"]["getFillColor"]
    borders = layer_json(maps.county_border_layer(url))
    assert borders["data"] == url and borders["pickable"] is False and borders["lineWidthUnits"] == "pixels"


def test_label_and_fallback_county_layers(measures):
    rows = map_rows.label_rows(measures, "share_valid", NB)
    nordland = next(r for r in rows if r["text"].startswith("Nordland"))
    assert nordland["text"] == "Nordland\n88 %" and nordland["priority"] == 8
    assert nordland["position"] == [geo.ADMIN1["18"][4], geo.ADMIN1["18"][3]]
    spec = layer_json(maps.label_layer(rows))
    assert spec["characterSet"] == "auto" and spec["sizeUnits"] == "pixels"  # æøå, not an accessor
    assert spec["extensions"] == [{"@@type": "CollisionFilterExtension"}]
    points = map_rows.county_point_rows(measures, "valid", EN)
    assert {p["code"] for p in points} == set(geo.ADMIN1)
    assert next(p for p in points if p["code"] == "18")["name"].splitlines() == [
        "Nordland",
        "8 clusters in the selection",
        "7 with a valid label (88%)",
    ]
    assert layer_json(maps.county_point_layer(points))["pickable"] is True


# --------------------------------------------------------------------------- place discs (many clusters in view)


def many_points(n_per_town: dict[tuple[str, str], list[str]]) -> pd.DataFrame:
    """map_clusters-like rows: for each (county_code, town) the given statuses, one cluster each."""
    rows = []
    for (county, town), statuses in n_per_town.items():
        for i, status in enumerate(statuses):
            rows.append(
                {
                    "cluster_id": f"{town}-{i}",
                    "name": f"{town} cluster {i}",
                    "county_code": county,
                    "home_town": town,
                    "lat": 60.0 + i * 0.01,
                    "lon": 10.0 + i * 0.02,
                    "status": status,
                    "programme_level": "arena",
                }
            )
    return pd.DataFrame(rows)


def test_place_groups_count_labels_per_town():
    points = many_points(
        {
            ("46", "Bergen"): ["gold"] * 5 + ["silver"] * 3 + ["bronze"] * 12 + ["never"] * 14,
            ("46", "Voss"): ["lapsed", "grace", "bronze"],
            ("18", "Bodø"): ["bronze", "never"],
        }
    )
    groups = mapdata.place_groups(points).set_index("place")
    assert list(groups.index) == ["Bodø", "Bergen", "Voss"]  # by county code, then place
    assert set(groups["level"]) == {"town"}
    bergen = groups.loc["Bergen"]
    assert bergen[["clusters", "gold", "silver", "bronze", "grace", "lapsed", "never", "valid"]].tolist() == [34, 5, 3, 12, 0, 0, 14, 20]
    assert bergen["dominant"] == "never" and bergen["county_code"] == "46"
    assert bergen["lat"] == pytest.approx(60.0 + 0.01 * 33 / 2) and bergen["lon"] == pytest.approx(10.0 + 0.02 * 33 / 2)
    assert groups.loc["Bodø", "dominant"] == "bronze"  # a tie goes to the better label
    assert groups.loc["Voss", "dominant"] == "bronze"
    # every cluster in view is counted once, in its own status
    assert groups["clusters"].sum() == len(points)
    assert groups[list(metrics.STATUSES)].sum().to_dict() == {s: int((points["status"] == s).sum()) for s in metrics.STATUSES}
    assert (groups[list(metrics.STATUSES)].sum(axis=1) == groups["clusters"]).all()


def test_place_groups_fall_back_to_counties_when_towns_are_many():
    points = many_points({("46", "Bergen"): ["gold", "bronze"], ("46", "Voss"): ["bronze"], ("18", "Bodø"): ["never"]})
    counties = mapdata.place_groups(points, max_places=2)
    assert set(counties["level"]) == {"county"} and list(counties["place"]) == ["Nordland", "Vestland"]
    assert counties.set_index("county_code").loc["46", ["clusters", "gold", "bronze"]].tolist() == [3, 1, 2]
    assert mapdata.place_groups(points.iloc[:0]).empty


def test_place_groups_of_the_demo_data_add_up_and_hold_no_scores(points):
    groups = mapdata.place_groups(points)
    assert groups["clusters"].sum() == 110 and set(groups["level"]) == {"town"}
    assert (
        groups[list(metrics.STATUSES)].sum().to_dict()
        == points["status"].value_counts().reindex(list(metrics.STATUSES), fill_value=0).to_dict()
    )
    assert groups.groupby("county_code")["clusters"].sum().to_dict() == points.groupby("county_code").size().to_dict()
    assert not set(SCORE_COLUMNS) & set(groups.columns)
    assert groups["gold"].sum() == 14  # NO 6 + DK 8 valid Gold


def test_aggregation_threshold():
    limit = mapdata.AGGREGATE_ABOVE
    at_limit = many_points({("46", f"Town {i}"): ["bronze"] * 10 for i in range(limit // 10)})
    assert len(at_limit) == limit and not mapdata.aggregated(at_limit)
    over = pd.concat([at_limit, many_points({("18", "Bodø"): ["gold"]})], ignore_index=True)
    assert mapdata.aggregated(over)


def test_group_rows_carry_the_label_mix_and_no_score(points):
    groups = mapdata.place_groups(points)
    rows = map_rows.group_rows(groups, EN)
    assert len(rows) == len(groups) and all(set(r) == {"code", "name", "p", "s", "r"} for r in rows)
    text = json.dumps(rows).lower()
    assert "index" not in text and "quality" not in text and "score" not in text
    big = max(rows, key=lambda r: r["r"])
    top = groups.loc[groups["clusters"].idxmax()]
    assert big["code"] == top["county_code"] and big["s"] == top["dominant"]
    assert big["name"].splitlines()[:2] == [f"{top['place']}, {geo.county_name(top['county_code'])}", f"{top['clusters']} clusters"]
    # the status lines add up to the disc's number of clusters
    counts = [int(line.rsplit(": ", 1)[1]) for line in big["name"].splitlines()[2:-1]]
    assert sum(counts) == top["clusters"]


def test_group_tooltip_texts():
    points = many_points({("46", "Bergen"): ["gold"] * 5 + ["silver"] * 3 + ["bronze"] * 12 + ["never"] * 14, ("18", "Bodø"): ["lapsed"]})
    groups = mapdata.place_groups(points).set_index("place")
    bergen = map_rows.group_tooltip(groups.loc["Bergen"].to_dict() | {"place": "Bergen"}, EN)
    assert bergen.splitlines() == [
        "Bergen, Vestland",
        "34 clusters",
        "Gold: 5",
        "Silver: 3",
        "Bronze: 12",
        "Never certified: 14",
        "Click to see the clusters of Vestland one by one",
    ]
    bodo = map_rows.group_tooltip(groups.loc["Bodø"].to_dict() | {"place": "Bodø"}, NB)
    assert bodo.splitlines() == ["Bodø, Nordland", "1 klynge", "Bortfalt: 1", "Klikk for å se klyngene i Nordland enkeltvis"]
    county = mapdata.place_groups(points, max_places=1).iloc[0].to_dict()
    assert map_rows.group_tooltip(county, EN).splitlines()[:2] == ["Nordland", "1 cluster"]


def test_group_discs_grow_with_their_clusters():
    assert map_rows.group_radius(1) < map_rows.group_radius(10) < map_rows.group_radius(100)
    # area grows with the count: 4x the clusters, about 2x the radius beyond the base
    base = maps.GROUP_RADIUS[0]
    assert (map_rows.group_radius(100) - base) == pytest.approx(2 * (map_rows.group_radius(25) - base), abs=0.1)
    assert map_rows.group_radius(25, present=True) == pytest.approx(map_rows.group_radius(25) * maps.PRESENT_SCALE, abs=0.1)
    spec = layer_json(maps.group_layer(map_rows.group_rows(mapdata.place_groups(many_points({("18", "Bodø"): ["gold"]})), EN)))
    assert spec["id"] == maps.LAYER_GROUPS and spec["pickable"] is True and spec["getRadius"] == "@@=r"
    assert spec["radiusUnits"] == "pixels" and status_colours(spec["getFillColor"].removeprefix("@@="))[0]["gold"] == maps.rgba(
        STATUS_COLOURS["gold"], maps.GROUP_ALPHA
    )


def test_group_legend_shows_the_disc_sizes_in_view():
    from clusterviz.charts.map import group_legend, size_steps

    assert size_steps(1, 270) == [1, 25, 270] and size_steps(26, 27) == [26, 27] and size_steps(5, 5) == [5]
    spec = group_legend(EN, 26, 270, "town").to_dict()
    fill = spec["layer"][0]["encoding"]["fill"]
    assert fill["legend"]["title"] == "Most common label status"
    assert fill["scale"]["range"] == [STATUS_COLOURS[s] for s in metrics.STATUSES]
    size = spec["layer"][1]["encoding"]["size"]
    assert size["legend"]["title"] == "Clusters in the town" and size["scale"]["domain"] == ["26", "100", "270"]
    assert size["scale"]["range"] == [pytest.approx((2 * map_rows.group_radius(n)) ** 2, abs=0.1) for n in (26, 100, 270)]
    county = group_legend(NB, 52, 1325, "county", present=True).to_dict()["layer"][1]["encoding"]["size"]
    assert county["legend"]["title"] == "Klynger i fylket" and county["scale"]["domain"] == ["52", "250", NB.integer(1325)]


# --------------------------------------------------------------------------- view and deck


def test_deck_has_no_basemap_unless_asked():
    view = maps.view_state(("NO",))
    offline = maps.deck([], view).to_json()
    assert "carto" not in offline.lower() and "mapbox" not in offline.lower()
    # pydeck's placeholder: Streamlit's frontend draws no basemap for it (for a missing mapStyle it adds Carto)
    assert json.loads(offline)["mapStyle"] == "__MAP_STYLE__"
    online = json.loads(maps.deck([], view, basemap=True).to_json())
    assert online["mapProvider"] == "carto" and "basemaps.cartocdn.com" in online["mapStyle"]
    assert json.loads(offline)["initialViewState"]["latitude"] == geo.COUNTRY_VIEW["NO"][0]


def test_fit_view_contains_the_box():
    box = mapdata.country_bbox(("NO",))
    lat, lon, zoom = mapdata.fit_view(box)
    assert box[1] < lat < box[3] and box[0] < lon < box[2]
    assert mapdata.fit_view(mapdata.country_bbox(("DK",)))[2] > zoom  # a smaller country, closer
    assert mapdata.fit_view(mapdata.country_bbox(("NO", "DK")))[2] <= zoom  # both, not closer (as wide as Norway)
    # a web-mercator map as wide as a phone's (358 px) and 560 px high at that zoom shows the whole box
    scale = 512 * 2**zoom / 360
    assert (box[2] - box[0]) * scale <= mapdata.NARROWEST_MAP_WIDTH


def test_both_countries_fit_a_phone_wide_map():
    """The "both" view holds Norway's and Denmark's joint box whole in a phone-wide map (the west coast was cut)."""
    import math

    lat0, lon0, zoom = mapdata.fit_view(mapdata.country_bbox(("NO", "DK")), height=560)
    scale = 512 * 2**zoom / (2 * math.pi)

    def merc(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    for country in ("NO", "DK"):
        lat_min, lat_max, lon_min, lon_max = geo.COUNTRY_BBOX[country]
        for lon, lat in ((lon_min, lat_min), (lon_max, lat_max)):
            x = math.radians(lon - lon0) * scale
            y = (merc(lat) - merc(lat0)) * scale
            assert abs(x) <= mapdata.NARROWEST_MAP_WIDTH / 2 and abs(y) <= 560 / 2, (country, lon, lat)


def test_county_bbox_from_polygons_or_points(points):
    ring = [[13.0, 65.0], [16.0, 65.0], [16.0, 69.0], [13.0, 65.0]]
    polygons = [
        {"code": "18", "name": "Nordland", "country": "NO", "polygon": ring},
        {"code": "03", "name": "Oslo", "country": "NO", "polygon": [[10, 59], [11, 59], [11, 60], [10, 59]]},
    ]
    assert mapdata.county_bbox(["18"], polygons) == (13.0, 65.0, 16.0, 69.0)
    fallback = mapdata.county_bbox(["18"], None, points)
    nordland = points[points["county_code"] == "18"]
    assert fallback[0] <= nordland["lon"].min() and fallback[3] >= nordland["lat"].max()
    assert mapdata.county_bbox(["99"], None, points) is None


def test_chart_key_changes_with_reset_and_filters():
    key = maps.chart_key(0, Filters(("NO",)))
    assert key.startswith("map-0-") and key == maps.chart_key(0, Filters(("NO",)))
    assert key != maps.chart_key(1, Filters(("NO",))) and key != maps.chart_key(0, Filters(("NO",), ("18",)))


def test_selection_target_reads_clicks_and_ignores_junk():
    county = {"indices": {"counties": [3]}, "objects": {"counties": [{"code": "18", "name": "Nordland"}]}}
    assert maps.selection_target(county) == ("county", "18")
    cluster = {"indices": {"clusters": [0]}, "objects": {"clusters": [{"id": "NO-058"}]}}
    assert maps.selection_target(cluster) == ("cluster", "NO-058")
    fallback = {"objects": {"county_points": [{"code": "1082"}]}}
    assert maps.selection_target(fallback) == ("county", "1082")
    disc = {"indices": {"cluster_groups": [2]}, "objects": {"cluster_groups": [{"code": "46", "name": "Bergen"}]}}
    assert maps.selection_target(disc) == ("county", "46")  # a place disc selects its county
    for junk in (
        None,
        {},
        {"objects": {}},
        {"objects": {"clusters": ["x"]}},
        {"objects": {"counties": [{"code": 5}]}},
        {"objects": {"cluster_groups": [{"id": "NO-001"}]}},
        {"objects": {"county_labels": [{"code": "18"}]}},
    ):
        assert maps.selection_target(junk) is None


# --------------------------------------------------------------------------- side panel and charts


def test_cluster_history_and_timeline(seed_snapshot):
    history = mapdata.cluster_history(seed_snapshot.assessments, "NO-001", seed_snapshot.as_of)
    assert list(history["label_level"]) == ["bronze", "gold", "gold"]
    assert "quality_index" not in history
    # renewed in time: no renewal year drawn for the first two labels; the current one has its year ahead
    assert history["grace_end"].isna().tolist() == [True, True, False]
    assert history["grace_end"].iloc[-1] == pd.Timestamp("2019-09-30")
    spec = label_timeline(history, seed_snapshot.as_of, EN).to_dict()
    data = next(iter(spec["datasets"].values()))
    assert len(data) == 4 and {d["label"] for d in data} == {"Gold", "Bronze"}
    assert not any("index" in key for d in data for key in d)
    y = spec["layer"][0]["encoding"]["y"]
    assert y["scale"]["domain"] == ["Gold", "Bronze"]  # only the levels it has held
    scores = mapdata.cluster_history(seed_snapshot.assessments, "NO-001", seed_snapshot.as_of, with_scores=True)
    assert "quality_index" in scores


def test_timeline_marks_an_award_date_derived_from_valid_until(seed_snapshot):
    first = seed_snapshot.assessments["cluster_id"] == "NO-001"
    derived = seed_snapshot.assessments.copy()
    derived.loc[first.idxmax(), "date_precision"] = "derived"  # NO-001's first (Bronze) label
    history = mapdata.cluster_history(derived, "NO-001", seed_snapshot.as_of)
    assert history["date_precision"].tolist()[0] == "derived"
    data = next(iter(label_timeline(history, seed_snapshot.as_of, EN).to_dict()["datasets"].values()))
    bronze = [d for d in data if d["label"] == "Bronze" and d["part"] == EN("map.timeline_valid")]
    assert bronze[0]["from_text"].startswith("≈ ") and "(derived from valid until)" in bronze[0]["from_text"]
    assert not any("≈" in d["from_text"] for d in data if d["label"] == "Gold")


def test_side_panel_tables(points, measures, seed_snapshot):
    listing = map_tables.county_cluster_list(points, "18", EN)
    assert list(listing.columns) == ["Cluster", "Town", "Programme", "Status", "Valid until"]
    assert len(listing) == 8 and listing["Status"].tolist().count("Bronze") == 7
    assert listing["Valid until"].iloc[0] == pd.Timestamp("2018-09-30").date()
    table = map_tables.county_table(measures, "valid", NB)
    assert table.iloc[0]["Fylke/region"] == "Midtjylland" and len(table) == 20
    lapsed = map_tables.county_table(measures, "lapsed", EN)
    assert list(lapsed.columns) == [
        "County/region",
        "Lapsed labels",
        "Clusters",
        "Clusters with a valid label",
        "Share valid",
        "Expired, renewable",
    ]
    assert lapsed.iloc[0]["County/region"] in ("Vestland", "Vestfold") and lapsed.iloc[0]["Lapsed labels"] == 4
    point = points[points["cluster_id"] == "NO-001"].iloc[0]
    history = mapdata.cluster_history(seed_snapshot.assessments, "NO-001", seed_snapshot.as_of, with_scores=True)
    public = map_tables.cluster_facts(point, history, EN, public=True)
    assert dict(zip(public["Fact"], public["Value"]))["Valid until"] == "30 September 2018"
    assert not public["Fact"].str.contains("index").any()
    adviser = map_tables.cluster_facts(point, history, EN, public=False)
    assert adviser["Fact"].str.contains("quality index").any()


def test_legends_follow_the_map_colours_and_sizes():
    spec = status_legend(EN, ["arena", "nce", "gce"]).to_dict()
    fill = spec["layer"][0]["encoding"]["fill"]["scale"]
    assert fill["range"] == [STATUS_COLOURS[s] for s in metrics.STATUSES]
    assert fill["domain"] == [EN.status(s) for s in metrics.STATUSES]
    size = spec["layer"][1]["encoding"]["size"]["scale"]
    assert size["domain"] == ["Arena", "NCE", "GCE"]
    assert size["range"] == [(2 * maps.PROGRAMME_STYLE[p][0]) ** 2 for p in ("arena", "nce", "gce")]
    gradient = measure_legend("Share", 1.0, True).to_dict()["encoding"]["color"]
    assert gradient["scale"]["range"] == list(maps.MEASURE_RAMP) and gradient["legend"]["format"] == ".0%"


def test_share_is_nan_not_zero_without_clusters():
    clusters, states = small_frames()
    out = mapdata.county_measures(clusters.iloc[:0], states.iloc[:0], ("DK",))
    assert len(out) == 5 and out["clusters"].sum() == 0 and np.isnan(out["share_valid"]).all()
