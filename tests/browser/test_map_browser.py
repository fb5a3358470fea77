"""The map in a real browser: canvas drawn with borders and points, a county click filters, a cluster click
shows its history, nothing is fetched from a basemap server, and a rerun stays small."""

from __future__ import annotations

import io
import math
import re
import time
import urllib.parse

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from clusterviz.charts import map_layers as maps
from clusterviz.data import border_shapes, borders, store
from clusterviz.figures import map as mapdata
from clusterviz.figures import metrics
from tests.conftest import ROOT, SEED_DATE, SHARED

from .helpers import assert_no_error, rerun_and_wait, screenshot, wait_for_app

pytestmark = pytest.mark.browser

DECK = '[data-testid="stDeckGlJsonChart"]'
MAP_HEIGHT = 560
BASEMAP_HOSTS = ("cartocdn", "carto.com", "mapbox", "maptiler", "openstreetmap")


@pytest.fixture(scope="module", autouse=True)
def installed_borders():
    """The map test needs the borders; install them from ../shared/geo/raw when they are missing."""
    if not borders.installed():
        borders.install(SHARED / "geo" / "raw")
    assert borders.installed()


@pytest.fixture(scope="module")
def seed():
    snapshot = store.load(str(ROOT / "data" / "snapshots" / SEED_DATE.isoformat()))
    states = metrics.label_states(snapshot.clusters, snapshot.assessments, snapshot.as_of)
    return mapdata.map_clusters(snapshot.clusters, states)


def merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def to_pixel(lon: float, lat: float, fit: tuple[float, float, float], box: dict) -> tuple[float, float]:
    """Where deck.gl's web-mercator view (centre lat, lon, zoom) draws a point, in page pixels."""
    lat0, lon0, zoom = fit
    scale = 512 * 2**zoom / (2 * math.pi)
    x = box["x"] + box["width"] / 2 + math.radians(lon - lon0) * scale
    y = box["y"] + box["height"] / 2 - (merc_y(lat) - merc_y(lat0)) * scale
    return x, y


def inside_county_away_from_points(code: str, points, step: float = 0.1) -> tuple[float, float]:
    """A spot inside the county's largest polygon, as far as possible from any cluster and from its label."""
    rows = [r for r in borders.load_polygons() if r["code"] == code]
    ring = max(rows, key=lambda r: len(r["polygon"]))["polygon"]
    shape = {"type": "Polygon", "coordinates": [ring]}
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    others = list(zip(points["lon"], points["lat"]))
    best, best_gap = None, -1.0
    lat = min(lats)
    while lat < max(lats):
        lon = min(lons)
        while lon < max(lons):
            if border_shapes.contains(shape, lon, lat):
                gap = min(math.hypot((lon - x) * math.cos(math.radians(lat)), lat - y) for x, y in others)
                if gap > best_gap:
                    best, best_gap = (lon, lat), gap
            lon += step
        lat += step
    assert best is not None
    return best


def click_map(page, x: float, y: float) -> None:
    """Hover first (deck.gl compiles its picking shaders on the first pick), then click and wait for the rerun.
    Under software WebGL on a busy machine a pick can take a few hundred ms, so the run may start late."""
    page.mouse.move(x, y)
    time.sleep(1.0)
    with rerun_and_wait(page, start_timeout=15_000):
        page.mouse.click(x, y)


def click_map_until(page, point, heading: str, attempts: int = 2) -> None:
    """Click the map at ``point(box)`` of the deck's box as it is now until ``heading`` shows.  On a busy machine
    (CI's browser tests beside other work) a first click can be lost while deck.gl still draws its picking
    buffer or the page settles: a reader clicks again, and so does this, with the box measured again."""
    for attempt in range(attempts):
        click_map(page, *point(page.locator(DECK).first.bounding_box()))
        try:
            expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=20_000)
            return
        except AssertionError:
            if attempt == attempts - 1:
                raise


def settle(page, seconds: float = 2.5) -> None:
    """deck.gl draws after the script run ends (and loads the borders by URL): give it a moment."""
    page.wait_for_selector(f"{DECK} canvas", state="attached")
    time.sleep(seconds)


def open_map(page, server: str, query: str, nav_title: str) -> None:
    """Open the app with the link's query, then the map page from the sidebar, as a user would."""
    page.goto(f"{server}/?{query}")
    wait_for_app(page)
    with rerun_and_wait(page):
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=nav_title).click()
    expect(page.get_by_role("heading", name=nav_title, level=1)).to_be_visible()
    settle(page)


def colour_share(image: Image.Image, colour: str, tolerance: int = 18) -> float:
    """Share of the image's pixels within ``tolerance`` (per channel) of a colour."""
    pixels = np.asarray(image.convert("RGB"), dtype=int)
    near = (np.abs(pixels - np.array(maps.rgba(colour)[:3])) <= tolerance).all(axis=2)
    return float(near.mean())


def bluish_share(image: Image.Image) -> float:
    """Share of pixels in the choropleth's blue ramp (blue clearly above red; the page background is warm grey)."""
    pixels = np.asarray(image.convert("RGB"), dtype=int)
    return float(((pixels[..., 2] - pixels[..., 0] > 20) & (pixels[..., 2] >= pixels[..., 1])).mean())


def test_map_draws_borders_and_points_and_county_click_filters(app_server, page, seed):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda data: received.append(len(data))))

    open_map(page, app_server, "lang=en&country=NO", "Map")
    assert_no_error(page, check_js_errors=True)

    # -- the canvas shows the choropleth and the points (sampled from a screenshot)
    deck = page.locator(DECK).first
    shot = Image.open(io.BytesIO(deck.screenshot()))
    screenshot(page, "map-norway", full_page=False)
    assert len(np.unique(np.asarray(shot.convert("RGB")).reshape(-1, 3), axis=0)) > 50, "the map canvas is blank"
    fill_share = bluish_share(shot)
    # the view is fitted to a phone-wide map (mapdata.NARROWEST_MAP_WIDTH), so on this wide canvas Norway
    # fills less of it than a 660-px fit did (0.04 measured vs 0.05 before)
    assert fill_share > 0.025, f"county polygons not drawn ({fill_share:.3f} of the canvas in choropleth colours)"
    assert colour_share(shot, "#E69F00") > 0.0005, "no Gold points"
    assert colour_share(shot, "#8C4A1C") > 0.0005, "no Bronze points"
    assert any(u.endswith("/app/static/geo/" + borders.POLYGONS) for u in requests), "borders not loaded by URL"
    assert not [u for u in requests if any(h in u for h in BASEMAP_HOSTS)], "a basemap was fetched"

    # -- a click on Nordland sets the county filter, zooms, and lists its clusters
    norway = mapdata.fit_view(mapdata.country_bbox(("NO",)), height=MAP_HEIGHT)
    lon, lat = inside_county_away_from_points("18", seed)
    click_map_until(page, lambda box: to_pixel(lon, lat, norway, box), "Clusters in Nordland")
    settle(page, 1.5)
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert query.get("county") == ["18"] and query.get("sel_county") == ["18"], page.url
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Nordland")).to_be_visible()
    table = page.locator('[data-testid="stDataFrame"]').last
    expect(table).to_contain_text("Arena Laksesenteret Bodø (demo)")
    assert_no_error(page, check_js_errors=True)
    screenshot(page, "map-nordland", full_page=False)

    # -- a click on a cluster shows its facts and label history
    nordland = seed[seed["county_code"] == "18"]
    polygons = borders.load_polygons()
    zoomed = mapdata.fit_view(mapdata.county_bbox(["18"], polygons), height=MAP_HEIGHT)

    def isolation(row):
        return min(
            math.hypot(row.lon - o.lon, row.lat - o.lat) for o in nordland.itertuples() if o is not row and o.cluster_id != row.cluster_id
        )

    target = max(nordland.itertuples(), key=isolation)
    click_map_until(page, lambda box: to_pixel(target.lon, target.lat, zoomed, box), "Selected cluster")
    expect(page.locator('[data-testid="stDataFrame"]').last).to_contain_text(target.name)
    expect(page.locator('[data-testid="stVegaLiteChart"]').last).to_be_visible()
    assert re.search(r"[?&]cluster=" + re.escape(target.cluster_id), page.url), page.url
    assert_no_error(page, check_js_errors=True)
    screenshot(page, "map-cluster", full_page=False)

    # -- a rerun (another measure) sends well under 100 KB
    received.clear()
    with rerun_and_wait(page):
        page.locator('[data-testid="stButtonGroup"]').get_by_text("Share valid").click()
    settle(page, 1.0)
    assert 0 < sum(received) < 100_000, f"a rerun sent {sum(received)} bytes"
    print(f"\nmap rerun (county filter, cluster panel): {sum(received)} bytes over the websocket")
    assert not [u for u in requests if any(h in u for h in BASEMAP_HOSTS)], "a basemap was fetched"


def test_map_of_both_countries_rerun_size_and_no_error(app_server, page):
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda data: received.append(len(data))))
    open_map(page, app_server, "lang=nb", "Kart")
    assert_no_error(page, check_js_errors=True)
    received.clear()
    with rerun_and_wait(page):
        page.locator('[data-testid="stButtonGroup"]').get_by_text("Bortfalte", exact=True).click()
    settle(page, 1.0)
    total = sum(received)
    print(f"\nmap rerun (both countries, 110 clusters): {total} bytes over the websocket")
    assert 0 < total < 100_000, f"a rerun sent {total} bytes"
    screenshot(page, "map-both", full_page=False)
