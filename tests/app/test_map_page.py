"""The map page under AppTest: views per country, county filter, colours, no basemap, spec size, panels."""

from __future__ import annotations

import json
import re

import pytest

from clusterviz.app import access
from clusterviz.charts import map_layers as maps
from clusterviz.charts.base import STATUS_COLOURS
from clusterviz.data import borders, geo
from clusterviz.figures import metrics
from clusterviz.text import i18n

PAGE = "pages/map.py"
SPEC_BUDGET = 100_000


@pytest.fixture(scope="module", autouse=True)
def installed_borders():
    """The page draws borders when they are installed (CI installs them before the tests)."""
    from conftest import SHARED

    if not borders.installed():
        borders.install(SHARED / "geo" / "raw")


@pytest.fixture(scope="module")
def statuses(seed_snapshot):
    states = metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, seed_snapshot.as_of)
    return dict(zip(states["cluster_id"], states["status"]))


def deck_spec(at) -> tuple[dict, str]:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    raw = charts[0].proto.json
    return json.loads(raw), raw


def layer(spec: dict, layer_id: str) -> dict | None:
    return next((l for l in spec["layers"] if l["id"] == layer_id), None)


def run(app_test, **params):
    i18n.MISSING.clear()
    at = app_test(PAGE, **params)
    assert not at.exception, [e.value for e in at.exception]
    assert not i18n.MISSING, sorted(i18n.MISSING)
    return at


@pytest.mark.parametrize("country, clusters, counties", [("NO", 73, 15), ("DK", 37, 5), ("ALL", 110, 20)])
def test_map_runs_for_each_country_view(app_test, seed_snapshot, country, clusters, counties):
    at = run(app_test, country=country, lang="en")
    spec, raw = deck_spec(at)
    points = layer(spec, maps.LAYER_CLUSTERS)["data"]
    assert len(points) == clusters
    expected = set(geo.COUNTRIES) if country == "ALL" else {country}
    countries = dict(zip(seed_snapshot.clusters["cluster_id"], seed_snapshot.clusters["country"]))
    assert {countries[p["id"]] for p in points} == expected
    assert layer(spec, maps.LAYER_GROUPS) is None  # demo scale: single clusters
    assert len(layer(spec, maps.LAYER_LABELS)["data"]) == counties
    assert layer(spec, maps.LAYER_COUNTIES)["data"] == borders.static_url(borders.POLYGONS)
    view = spec["initialViewState"]
    box = geo.COUNTRY_BBOX["NO" if country != "DK" else "DK"]
    assert box[0] <= view["latitude"] <= box[1]
    assert len(raw.encode()) < SPEC_BUDGET
    print(f"\nmap spec, country={country}: {len(raw.encode()):,} bytes")


def test_county_filter_keeps_only_that_county_and_zooms(app_test, seed_snapshot):
    at = run(app_test, county="18", lang="en")
    spec, raw = deck_spec(at)
    points = layer(spec, maps.LAYER_CLUSTERS)["data"]
    nordland = set(seed_snapshot.clusters.loc[seed_snapshot.clusters["county_code"] == "18", "cluster_id"])
    assert len(points) == 8 and {p["id"] for p in points} == nordland
    assert [r["text"].splitlines()[0] for r in layer(spec, maps.LAYER_LABELS)["data"]] == ["Nordland"]
    view = spec["initialViewState"]
    assert view["zoom"] > geo.COUNTRY_VIEW["NO"][2] + 1 and 65 < view["latitude"] < 69 and 11 < view["longitude"] < 18
    # the county panel lists the same clusters, with their labels
    assert at.subheader[0].value == "Clusters in Nordland"
    assert {m.label: m.value for m in at.metric} == {"Clusters": "8", "Valid label": "7", "Lapsed": "0"}
    table = at.dataframe[0].value
    assert len(table) == 8 and set(table["Status"]) == {"Bronze", "Never certified"}
    assert len(raw.encode()) < 20_000
    print(f"\nmap spec, county=18: {len(raw.encode()):,} bytes")


def fill_of(point: dict, clusters_layer: dict) -> list[int]:
    """The colour deck.gl gives a point: the layer's status expression evaluated for the point's status."""
    expression = clusters_layer["getFillColor"].removeprefix("@@=")
    colours = {s: json.loads(c) for s, c in re.findall(r"s == '(\w+)' \? (\[[\d,]+\])", expression)}
    return colours.get(point["s"], json.loads(re.search(r": (\[[\d,]+\])$", expression).group(1)))


def test_layer_colours_follow_label_status(app_test, statuses):
    spec, _ = deck_spec(run(app_test))
    clusters = layer(spec, maps.LAYER_CLUSTERS)
    points = clusters["data"]
    for point in points:
        status = statuses[point["id"]]
        assert point["s"] == status
        assert fill_of(point, clusters) == maps.rgba(STATUS_COLOURS[status])
    # every status but unknown (the demo states every valid_until)
    assert {p["s"] for p in points} == set(statuses.values()) == set(metrics.STATUSES) - {"unknown"}
    assert sum(fill_of(p, clusters) == maps.rgba(STATUS_COLOURS["gold"]) for p in points) == 14  # 6 NO + 8 DK valid Gold


def test_no_basemap_by_default_and_carto_on_request(app_test):
    at = run(app_test, lang="en")
    spec, raw = deck_spec(at)
    assert "carto" not in raw.lower() and "mapbox" not in raw.lower()
    assert spec["mapStyle"] == "__MAP_STYLE__"  # Streamlit's frontend: no basemap for this placeholder
    captions = " ".join(c.value for c in at.caption)
    assert borders.ATTRIBUTION["NO"] in captions and borders.ATTRIBUTION["DK"] in captions
    assert "CARTO" not in captions
    online = run(app_test, lang="en", basemap="1")
    spec, raw = deck_spec(online)
    assert spec["mapProvider"] == "carto" and "basemaps.cartocdn.com" in spec["mapStyle"]
    assert "© CARTO" in " ".join(c.value for c in online.caption)
    assert online.toggle(key="map_basemap").value is True


def test_public_mode_sends_no_scores(app_test, seed_snapshot):
    at = run(app_test, lang="en", cluster="NO-001")
    _, raw = deck_spec(at)
    assert "index" not in raw.lower() and "quality" not in raw.lower()
    facts = at.dataframe[0].value
    assert not facts["Fact"].str.contains("index", case=False).any()
    for chart in at.get("vega_lite_chart"):
        assert "quality" not in chart.proto.spec.lower()


def test_adviser_mode_shows_the_index(app_test):
    at = run(app_test, lang="en", cluster="NO-001")
    at.session_state[access.ADVISER_KEY] = True  # what unlocking does (tests/app/test_access.py covers how)
    at._finished_page_script_hash = ""  # rerun app.py too, not only the page (as test_access does)
    at.run()
    assert not at.exception
    _, raw = deck_spec(at)
    assert "Quality index" in raw
    assert at.dataframe[0].value["Fact"].str.contains("quality index").any()


def test_cluster_link_opens_its_panel(app_test):
    at = run(app_test, lang="en", cluster="NO-001")
    assert at.subheader[0].value == "Selected cluster"
    facts = dict(zip(at.dataframe[0].value["Fact"], at.dataframe[0].value["Value"]))
    assert facts["Cluster"] == "GCE Skipsleia (demo)" and facts["Status"] == "Gold"
    assert facts["Valid until"] == "30 September 2018" and facts["Labels so far"] == "3"
    titles = [json.loads(c.proto.spec).get("title") for c in at.get("vega_lite_chart")]
    assert {"text": "Label history", "subtitle": "GCE Skipsleia (demo)"} in titles
    assert at.query_params["cluster"] in ("NO-001", ["NO-001"])


def test_selected_county_from_link_and_bad_values(app_test):
    at = run(app_test, lang="nb", sel_county="46")
    assert at.subheader[0].value == "Klynger i Vestland"
    assert len(at.dataframe[0].value) == 8
    bad = run(app_test, lang="nb", sel_county="<b>x</b>", cluster="NO-999", measure="score")
    assert bad.subheader[0].value == "Fylker og regioner"
    notices = [c.value for c in bad.caption if "Ignorerte" in c.value]
    assert len(notices) == 3


def test_measure_changes_the_choropleth(app_test):
    valid, _ = deck_spec(run(app_test, lang="nb"))
    share, _ = deck_spec(run(app_test, lang="nb", measure="share_valid"))
    assert layer(valid, maps.LAYER_COUNTIES)["getFillColor"] != layer(share, maps.LAYER_COUNTIES)["getFillColor"]
    labels = {r["text"].split("\n")[0]: r["text"].split("\n")[1] for r in layer(share, maps.LAYER_LABELS)["data"]}
    assert labels["Nordland"] == "88 %" and labels["Østfold"] == "100 %"


def test_presenter_mode_draws_bigger_points(app_test):
    normal, _ = deck_spec(run(app_test))
    big, _ = deck_spec(run(app_test, present="1"))
    radius = {p["id"]: p["r"] for p in layer(normal, maps.LAYER_CLUSTERS)["data"]}
    for point in layer(big, maps.LAYER_CLUSTERS)["data"]:
        assert point["r"] == pytest.approx(radius[point["id"]] * maps.PRESENT_SCALE, abs=0.05)
    assert layer(big, maps.LAYER_LABELS)["getSize"] > layer(normal, maps.LAYER_LABELS)["getSize"]


def test_without_borders_the_map_still_works(app_test, monkeypatch):
    monkeypatch.setattr(borders, "installed", lambda dest=borders.DEFAULT_DEST: False)
    at = run(app_test, lang="en")
    spec, _ = deck_spec(at)
    ids = [l["id"] for l in spec["layers"]]
    assert maps.LAYER_COUNTIES not in ids and maps.LAYER_BORDERS not in ids
    assert {maps.LAYER_COUNTY_POINTS, maps.LAYER_LABELS, maps.LAYER_CLUSTERS} <= set(ids)
    assert len(layer(spec, maps.LAYER_CLUSTERS)["data"]) == 110
    note = " ".join(i.value for i in at.info)
    assert "python -m clusterviz geo install" in note
    assert borders.ATTRIBUTION["NO"] not in " ".join(c.value for c in at.caption)


def test_the_deck_is_built_once_for_every_rerun_and_session_with_the_same_view(app_test, monkeypatch):
    """The deck (layers, rows, colours, view) comes from one builder through View.build: a rerun or another
    visitor with the same view draws the kept deck and its kept JSON (before: a new Deck, its rows and pydeck's
    failing Jupyter import on every rerun, about a sixth of a warm map rerun)."""
    import pydeck as pdk

    built = []
    original = pdk.Deck.__init__

    def counted(self, *args, **kwargs):
        built.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(pdk.Deck, "__init__", counted)
    at = run(app_test, lang="en", measure="lapsed")
    first, raw = deck_spec(at)
    after_first = len(built)
    at.run()
    assert deck_spec(at)[1] == raw
    again = run(app_test, lang="en", measure="lapsed")  # another visitor, the same view
    assert deck_spec(again)[1] == raw
    assert len(built) == after_first
    other = run(app_test, lang="nb", measure="lapsed")  # another language: another deck (its tooltips)
    assert deck_spec(other)[1] != raw and len(built) == after_first + 1


# --------------------------------------------------------------------------- Europe scale: place discs


@pytest.fixture(scope="module")
def europe(tmp_path_factory):
    """A Europe-scale snapshot small enough to be quick: 600 clusters in 75 towns of both countries, more
    than mapdata.AGGREGATE_ABOVE in the all-countries view, fewer in Denmark's and in any one county's."""
    from clusterviz.data import demo, store
    from clusterviz.figures import map as mapdata

    folder = tmp_path_factory.mktemp("europe")
    location = demo.write_europe(str(folder), n_clusters=600)
    snapshot = store.load(location)
    states = metrics.label_states(snapshot.clusters, snapshot.assessments, snapshot.as_of)
    return str(folder / "snapshots"), mapdata.map_clusters(snapshot.clusters, states)


def run_europe(app_test, europe, **params):
    return run(app_test, env={"CLUSTERVIZ_DATA": europe[0]}, **params)


def test_europe_scale_map_draws_place_discs_under_budget(app_test, europe):
    from clusterviz.figures import map as mapdata

    points = europe[1]
    assert len(points) == 600 and mapdata.aggregated(points)
    at = run_europe(app_test, europe, lang="en")
    spec, raw = deck_spec(at)
    assert layer(spec, maps.LAYER_CLUSTERS) is None
    ids = [l["id"] for l in spec["layers"]]
    assert ids.index(maps.LAYER_GROUPS) < ids.index(maps.LAYER_LABELS)  # county names stay readable on top
    discs = layer(spec, maps.LAYER_GROUPS)["data"]
    assert len(discs) == points.groupby(["county_code", "home_town"]).ngroups
    counts = [int(d["name"].splitlines()[1].split()[0]) for d in discs]  # "8 clusters"
    assert sum(counts) == 600
    assert {d["code"] for d in discs} == set(points["county_code"])
    # no single cluster's id or name is in the map; the discs are small and few
    assert not any(cid in raw for cid in points["cluster_id"]) and "Europe demo cluster" not in raw
    assert len(raw.encode()) < SPEC_BUDGET / 4
    print(f"\nmap spec, Europe scale (600 clusters, {len(discs)} discs): {len(raw.encode()):,} bytes")
    # the page says the points are grouped and how to get single clusters; the legend is the discs'
    grouped = [c.value for c in at.caption if "too many to show one by one" in c.value]
    assert len(grouped) == 1 and "600 clusters" in grouped[0] and "Choose a county" in grouped[0]
    legends = " ".join(c.proto.spec for c in at.get("vega_lite_chart"))
    assert "Most common label status" in legends and "Clusters in the town" in legends
    assert "Programme level" not in legends


def test_europe_scale_discs_carry_no_score_in_adviser_mode(app_test, europe):
    at = run_europe(app_test, europe, lang="en")
    public, _ = deck_spec(at)
    at.session_state[access.ADVISER_KEY] = True
    at._finished_page_script_hash = ""
    at.run()
    assert not at.exception
    adviser, raw = deck_spec(at)
    assert layer(adviser, maps.LAYER_GROUPS)["data"] == layer(public, maps.LAYER_GROUPS)["data"]
    assert "quality" not in raw.lower() and "index" not in raw.lower()


def test_europe_scale_one_county_or_a_small_country_shows_single_clusters(app_test, europe):
    from clusterviz.figures import map as mapdata

    points = europe[1]
    county = points["county_code"].value_counts().idxmax()  # the biggest county
    mine = points[points["county_code"] == county]
    at = run_europe(app_test, europe, lang="en", county=county)
    spec, raw = deck_spec(at)
    assert layer(spec, maps.LAYER_GROUPS) is None
    singles = layer(spec, maps.LAYER_CLUSTERS)["data"]
    assert {p["id"] for p in singles} == set(mine["cluster_id"]) and len(singles) == len(mine)
    assert not [c.value for c in at.caption if "too many to show one by one" in c.value]
    assert len(raw.encode()) < SPEC_BUDGET
    print(f"\nmap spec, Europe scale, county {county} ({len(mine)} clusters): {len(raw.encode()):,} bytes")
    denmark = points[points["country"] == "DK"]
    assert len(denmark) <= mapdata.AGGREGATE_ABOVE
    spec, _ = deck_spec(run_europe(app_test, europe, lang="nb", country="DK"))
    assert len(layer(spec, maps.LAYER_CLUSTERS)["data"]) == len(denmark) and layer(spec, maps.LAYER_GROUPS) is None
