"""The competence page in a real browser: the lights, payoff and timeline charts and the small event map
render (WebGL, no basemap), with no error box; the period and the area pills rerun their own sections (as
fragments) and the address bar's link reopens what they show."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from clusterviz.app.ui import PAGES
from clusterviz.charts.competence import LIGHT_COLOURS
from clusterviz.charts.competence_programmes import HELD_RGB, PLANNED_RGB

from .helpers import assert_no_error, record_reruns, rerun_and_wait, screenshot, wait_for_app

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


def _badge_colour(page, text: str) -> str:
    return page.get_by_text(text, exact=True).evaluate("e => getComputedStyle(e).backgroundColor")


def test_period_and_area_rerun_their_sections_only_and_the_link_reopens_them(app_server, page):
    reruns = record_reruns(page)
    page.goto(app_server)  # "/" first: a fresh server's first session on another page is the router's business
    wait_for_app(page)
    page.goto(f"{app_server}/{URL_PATH}?lang=en")
    wait_for_app(page)
    expect(page.get_by_text("(n = 9 vs n = 19)", exact=False)).to_be_visible()
    blue = _badge_colour(page, "Financing · 2")
    del reruns[:]

    latest = page.get_by_role("radio", name="Latest assessment", exact=True)
    with rerun_and_wait(page):
        latest.click()
    expect(latest).to_have_attribute("aria-checked", "true")
    expect(page.get_by_text("up to 1 March 2017", exact=False)).to_be_visible()  # the period caption
    financing = page.get_by_role("radio", name="Financing", exact=True)
    financing.scroll_into_view_if_needed()
    with rerun_and_wait(page):
        financing.click()
    expect(financing).to_have_attribute("aria-checked", "true")
    page.wait_for_function("() => window.location.search.includes('period=latest') && window.location.search.includes('area=financing')")
    assert _badge_colour(page, "Financing · 2") != blue, "the chosen area's themes are not highlighted"
    assert len(reruns) >= 2 and all(r.fragment_id for r in reruns), "a section's control reran the whole page"
    assert_no_error(page, check_js_errors=True)

    page.goto(page.url)  # the address bar's link reopens the same view
    wait_for_app(page)
    expect(page.get_by_role("radio", name="Latest assessment", exact=True)).to_have_attribute("aria-checked", "true")
    expect(page.get_by_role("radio", name="Financing", exact=True)).to_have_attribute("aria-checked", "true")
    expect(page.get_by_text("up to 1 March 2017", exact=False)).to_be_visible()
    assert _badge_colour(page, "Financing · 2") != blue
    assert_no_error(page, check_js_errors=True)
    assert not app_server.tracebacks(), app_server.log_text()
