"""The competence page in a real browser: the lights, payoff and timeline charts and the small event map
render (WebGL, no basemap), with no error box."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from clusterviz.app.ui import PAGES
from clusterviz.charts.competence import LIGHT_COLOURS
from clusterviz.charts.competence_programmes import HELD_RGB, PLANNED_RGB

from .helpers import assert_no_error, screenshot, wait_for_app

pytestmark = pytest.mark.browser

DECK = '[data-testid="stDeckGlJsonChart"]'
VEGA = '[data-testid="stVegaLiteChart"]'
URL_PATH = next(url for key, _, url, _ in PAGES if key == "competence")


def _pixels_near(png: bytes, colour: str | list[int], tolerance: int = 12) -> int:
    """How many pixels of the image are within ``tolerance`` of the colour on every channel."""
    target = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)] if isinstance(colour, str) else colour[:3]
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for px in image.get_flattened_data() if all(abs(a - b) <= tolerance for a, b in zip(px, target)))


def _drawn(page, element, colour, at_least: int, tries: int = 20) -> bool:
    """Whether at least ``at_least`` pixels of the colour appear in the element within ~5 s (charts and
    WebGL paint a moment after the script run has finished)."""
    for _ in range(tries):
        if _pixels_near(element.screenshot(), colour) >= at_least:
            return True
        page.wait_for_timeout(250)
    return False


@pytest.mark.parametrize("query", ["lang=en", "lang=en&by=county", "period=latest"])
def test_charts_and_map_render_without_error(app_server, page, query):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{app_server}/{URL_PATH}?{query}")
    wait_for_app(page)
    # no lang in the link: the browser's language (en-GB in the page fixture) picks English
    expect(page.get_by_role("heading", name="Competence")).to_be_visible()
    assert_no_error(page, check_js_errors=True)

    charts = page.locator(VEGA)
    expect(charts).to_have_count(3, timeout=30_000)  # the first session on a cold server loads Vega late
    for i in range(3):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        expect(chart.locator("canvas, svg").first).to_be_visible()
        assert chart.bounding_box()["height"] > 120
    lights = charts.first
    lights.scroll_into_view_if_needed()
    assert _drawn(page, lights, LIGHT_COLOURS["green"], 500), "the green segments are not drawn"
    assert _drawn(page, lights, LIGHT_COLOURS["red"], 100), "the red segments are not drawn"

    deck = page.locator(DECK)
    expect(deck).to_have_count(1, timeout=30_000)
    deck.scroll_into_view_if_needed()
    expect(deck.locator("canvas").first).to_be_visible()
    assert _drawn(page, deck, HELD_RGB, 300), "Bucharest (held events) is not drawn"
    assert _drawn(page, deck, PLANNED_RGB, 150), "Sofia (planned events) is not drawn"

    assert not [u for u in requests if "cartocdn" in u or "mapbox" in u], "a basemap was fetched"
    assert_no_error(page, check_js_errors=True)
    screenshot(page, f"competence-{query.replace('&', '-').replace('=', '_')}")
    assert not app_server.tracebacks(), app_server.log_text()
