"""The renewals page in a real browser: the funnel and the label timelines render, with no error box."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from clusterviz.charts import STATUS_COLOURS
from clusterviz.charts.renewals import OUTCOME_COLOURS

from .helpers import assert_no_error, screenshot, wait_for_app

pytestmark = pytest.mark.browser

VEGA = '[data-testid="stVegaLiteChart"]'


def _pixels_near(png: bytes, colour: str, tolerance: int = 12) -> int:
    """How many pixels of the image are within ``tolerance`` of the hex colour on every channel."""
    target = np.array([int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)])
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    return int((np.abs(pixels - target) <= tolerance).all(axis=-1).sum())


def test_funnel_and_timelines_render(app_server, page):
    page.goto(f"{app_server}/renewals?lang=en&country=NO")
    wait_for_app(page)
    # The first page load after the server starts shows Streamlit's "Page not found" dialog over the page
    # (the legacy pages/ folder is scanned before st.navigation runs; reported, not this page's doing).
    # It dims the charts, so close it before looking at colours.
    close = page.get_by_role("dialog").get_by_role("button", name="Close")
    if close.count():
        close.click()
        expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("heading", name="Renewals")).to_be_visible()
    assert_no_error(page, check_js_errors=True)

    funnel = page.locator(VEGA).filter(has_text="Where organisations drop out")
    expect(funnel).to_have_count(1)                       # Norway only: the country filter applies
    funnel.scroll_into_view_if_needed()
    expect(funnel.locator("canvas, svg").first).to_be_visible()
    page.wait_for_timeout(500)
    assert _pixels_near(funnel.screenshot(), OUTCOME_COLOURS["kept"]) > 200, "the funnel bars are not drawn"

    timelines = page.locator(VEGA).filter(has_text="Validity periods and renewal years")
    expect(timelines).to_have_count(1)
    timelines.scroll_into_view_if_needed()
    expect(timelines.locator("canvas, svg").first).to_be_visible()
    box = timelines.bounding_box()
    assert box["height"] > 60 * 18, "one row per Norwegian cluster with a label"
    page.wait_for_timeout(500)
    shot = timelines.screenshot()
    assert _pixels_near(shot, STATUS_COLOURS["bronze"]) > 1000, "the Bronze validity bars are not drawn"
    assert _pixels_near(shot, STATUS_COLOURS["gold"]) > 100, "the Gold validity bars are not drawn"

    expect(page.get_by_text("Expiry watch-list")).to_be_visible()
    assert_no_error(page, check_js_errors=True)
    screenshot(page, "renewals-norway")
    assert not app_server.tracebacks(), app_server.log_text()
