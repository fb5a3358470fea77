"""The cluster page in a real browser: searching "bodo" finds the Bodø clusters (the search reruns alone, as a
fragment, and its link reopens the matches), a click on a match or on a cluster of the map opens its
profile, and an adviser (unlocked with the access code) sees its scores and the plan.

The server is this module's own: it reads a secrets file holding an access-code hash (``--secrets.files``),
so the adviser test can unlock as a user would; without the code it is the public app."""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import expect

from clusterviz.app import access
from clusterviz.data import borders, store
from clusterviz.figures import map as mapdata
from clusterviz.figures import metrics
from tests.conftest import ROOT, SEED_DATE, SHARED
from tests.support.servers import REPO_ROOT, streamlit_server

from . import test_map_browser as map_helpers
from .helpers import assert_no_error, record_reruns, rerun_and_wait, screenshot, wait_for_app

pytestmark = pytest.mark.browser
CODE = "profile-browser-test-code"
BODO = ("Arena Laksesenteret Bodø (demo)", "Arena Energivest Bodø (demo)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not borders.installed():
        borders.install(SHARED / "geo" / "raw")
    secrets = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    secrets.write_text(f'[clusterviz]\naccess_code_hash = "{access.hash_code(CODE, iterations=1000)}"\n', encoding="utf-8")
    with streamlit_server("app.py", cwd=REPO_ROOT, extra_args=["--secrets.files", str(secrets)]) as running:
        yield running


def open_cluster_page(page, server, query: str = "lang=en") -> None:
    page.goto(f"{server}/cluster?{query}")
    wait_for_app(page)
    close = page.get_by_role("dialog").get_by_role("button", name="Close")  # legacy pages/ mode, first load
    if close.count():
        close.click()
    expect(page.get_by_role("heading", name="Cluster", level=1)).to_be_visible()
    wait_for_app(page)


def search(page, text: str) -> None:
    box = page.get_by_role("textbox", name="Search for a cluster")
    box.fill(text)
    with rerun_and_wait(page):
        box.press("Enter")


def test_search_bodo_finds_the_bodo_clusters_and_opens_one(server, page):
    reruns = record_reruns(page)
    open_cluster_page(page, server)
    del reruns[:]
    search(page, "bodo")
    for name in BODO:
        expect(page.get_by_role("button", name=name)).to_be_visible()
    assert reruns and all(r.fragment_id for r in reruns), "typing a search reran the whole page"
    page.wait_for_function("() => window.location.search.includes('q=bodo')", timeout=30_000)
    assert_no_error(page, check_js_errors=True)
    screenshot(page, "cluster-search-bodo", full_page=False)
    open_cluster_page(page, server, page.url.split("?", 1)[1])  # the address bar's link reopens the matches
    expect(page.get_by_role("textbox", name="Search for a cluster")).to_have_value("bodo")
    for name in BODO:
        expect(page.get_by_role("button", name=name)).to_be_visible()
    with rerun_and_wait(page):
        page.get_by_role("button", name=BODO[0]).click()
    expect(page.get_by_role("heading", name=BODO[0], level=2)).to_be_visible()
    expect(page.get_by_text("Renewal counts until")).to_be_visible()
    assert "cluster=NO-058" in page.url and "q=bodo" in page.url
    expect(page.get_by_text("Points to 80")).to_have_count(0)  # public: no scores
    assert_no_error(page, check_js_errors=True)


def test_a_click_on_a_map_cluster_opens_its_profile(server, page):
    snapshot = store.load(str(ROOT / "data" / "snapshots" / SEED_DATE.isoformat()))
    states = metrics.label_states(snapshot.clusters, snapshot.assessments, snapshot.as_of)
    points = mapdata.map_clusters(snapshot.clusters, states)
    map_helpers.open_map(page, server, "lang=en&country=NO&county=18", "Map")
    nordland = points[points["county_code"] == "18"]

    def isolation(row):
        return min(math.hypot(row.lon - o.lon, row.lat - o.lat) for o in nordland.itertuples() if o.cluster_id != row.cluster_id)

    target = max(nordland.itertuples(), key=isolation)
    zoomed = mapdata.fit_view(mapdata.county_bbox(["18"], borders.load_polygons()), height=map_helpers.MAP_HEIGHT)
    box = page.locator(map_helpers.DECK).first.bounding_box()
    map_helpers.click_map(page, *map_helpers.to_pixel(target.lon, target.lat, zoomed, box))
    expect(page.get_by_role("heading", name="Selected cluster")).to_be_visible(timeout=30_000)
    with rerun_and_wait(page):
        page.get_by_role("button", name="Open the cluster profile").click()
    expect(page.get_by_role("heading", name="Cluster", level=1)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name=target.name, level=2)).to_be_visible()
    assert f"cluster={target.cluster_id}" in page.url, page.url
    assert_no_error(page, check_js_errors=True)
    screenshot(page, "cluster-from-map", full_page=False)


def test_the_adviser_profile_shows_scores_and_the_plan(server, page):
    open_cluster_page(page, server, "lang=en&cluster=NO-001")
    expect(page.get_by_text("shown in adviser mode (unlock in the sidebar)")).to_be_visible()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Adviser access").click()
    sidebar.get_by_role("textbox", name="Access code").fill(CODE)
    with rerun_and_wait(page):
        sidebar.get_by_role("button", name="Unlock").click()
    expect(page.get_by_text("Points to 80")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Index at the latest assessment")).to_be_visible()
    expect(page.get_by_text("Improvement plan", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Download the plan (PDF, one page)")).to_be_visible()
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(3, timeout=30_000)  # label timeline, scores, plan gaps
    assert_no_error(page, check_js_errors=True)
    screenshot(page, "cluster-adviser", full_page=True)
