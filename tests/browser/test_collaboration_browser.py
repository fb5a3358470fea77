"""The collaboration page in a real browser: the network map is drawn (WebGL, no basemap) and the
timeline renders, with no error box."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from clusterviz.app import ui
from clusterviz.charts.base import STATUS_COLOURS

from .helpers import assert_no_error, screenshot, wait_for_app

pytestmark = pytest.mark.browser

DECK = '[data-testid="stDeckGlJsonChart"]'
VEGA = '[data-testid="stVegaLiteChart"]'
URL_PATH = next(url for key, _, url, _ in ui.PAGES if key == "collaboration")


def _pixels_near(png: bytes, colour: str, tolerance: int = 12) -> int:
    """How many pixels of the image are within ``tolerance`` of the hex colour on every channel."""
    target = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for px in image.get_flattened_data() if all(abs(a - b) <= tolerance for a, b in zip(px, target)))


@pytest.mark.parametrize("collab", ["nordland-pilot-2016", "nord-norge-quality"])
def test_map_and_timeline_render(app_server, page, collab):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # Open "/" first: this test looks at the collaboration page, not at how the first session of a fresh
    # server resolves a deep link (that is the router's business and has its own tests).
    page.goto(app_server)
    wait_for_app(page)
    page.goto(f"{app_server}/{URL_PATH}?lang=en&collab={collab}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Regional collaboration")).to_be_visible()
    assert_no_error(page, check_js_errors=True)

    deck = page.locator(DECK)
    expect(deck).to_have_count(1)
    deck.scroll_into_view_if_needed()
    expect(deck.locator("canvas").first).to_be_visible()
    page.wait_for_timeout(1500)  # let deck.gl draw its first frame
    drawn = _pixels_near(deck.screenshot(), STATUS_COLOURS["bronze"])
    assert drawn > 50, "the Bronze member points are not drawn on the map"

    timeline = page.locator(VEGA).filter(has_text="Timeline")
    expect(timeline).to_have_count(1)
    timeline.scroll_into_view_if_needed()
    expect(timeline.locator("canvas, svg").first).to_be_visible()
    assert timeline.bounding_box()["height"] > 100

    assert not [u for u in requests if "cartocdn" in u or "mapbox" in u], "a basemap was fetched"
    assert_no_error(page, check_js_errors=True)
    screenshot(page, f"collaboration-{collab}")
    assert not app_server.tracebacks(), app_server.log_text()
