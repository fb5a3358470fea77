"""The renewals page in a real browser: the funnel and the label timelines render, with no error box; the
timelines come a page at a time (the pager moves on and writes the link), their tooltips show the bar's
dates, written in the browser from the timestamps in the chart data."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from clusterviz.charts.base import STATUS_COLOURS
from clusterviz.charts.renewals import OUTCOME_COLOURS
from clusterviz.figures.renewals_timeline import TIMELINE_ROWS

from .helpers import assert_no_error, rerun_and_wait, screenshot, wait_for_app

pytestmark = pytest.mark.browser

VEGA = '[data-testid="stVegaLiteChart"]'
TOOLTIP = "#vg-tooltip-element"
NORWAY_LABELLED = 67  # Norwegian demo clusters that have held a label: two pages


def _pixels_near(png: bytes, colour: str, tolerance: int = 12) -> int:
    """How many pixels of the image are within ``tolerance`` of the hex colour on every channel."""
    target = np.array([int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)])
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
    expect(funnel).to_have_count(1)  # Norway only: the country filter applies
    funnel.scroll_into_view_if_needed()
    expect(funnel.locator("canvas, svg").first).to_be_visible()
    page.wait_for_timeout(500)
    assert _pixels_near(funnel.screenshot(), OUTCOME_COLOURS["kept"]) > 200, "the funnel bars are not drawn"

    timelines = page.locator(VEGA).filter(has_text="Validity periods and renewal years")
    expect(timelines).to_have_count(1)
    timelines.scroll_into_view_if_needed()
    expect(timelines.locator("canvas, svg").first).to_be_visible()
    first_height = timelines.bounding_box()["height"]
    assert first_height > TIMELINE_ROWS * 18, "a full first page of rows"
    pager = page.get_by_role("combobox", name="Rows")
    expect(pager).to_have_value(f"Rows 1–{TIMELINE_ROWS} of {NORWAY_LABELLED}")
    page.wait_for_timeout(500)
    shot = timelines.screenshot()
    assert _pixels_near(shot, STATUS_COLOURS["bronze"]) > 1000, "the Bronze validity bars are not drawn"
    assert _pixels_near(shot, STATUS_COLOURS["gold"]) > 100, "the Gold validity bars are not drawn"
    tooltip = _hover_a_bar(page, timelines)
    assert re.search(r"From\s*\d{1,2} [A-Z][a-z]+ \d{4}", tooltip), tooltip  # '1 March 2015', not a number
    assert re.search(r"To\s*\d{1,2} [A-Z][a-z]+ \d{4}", tooltip), tooltip
    assert re.search(r"Label\s*(Gold|Silver|Bronze)", tooltip) and re.search(r"Period\s*(Valid|Renewal year)", tooltip)

    with rerun_and_wait(page):
        page.get_by_role("button", name="Next").click()
    expect(pager).to_have_value(f"Rows {TIMELINE_ROWS + 1}–{NORWAY_LABELLED} of {NORWAY_LABELLED}")
    expect(page.get_by_text(f"Showing rows {TIMELINE_ROWS + 1}–{NORWAY_LABELLED}.", exact=False)).to_be_visible()
    assert "timeline_page=2" in page.url
    timelines = page.locator(VEGA).filter(has_text="Validity periods and renewal years")
    timelines.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    assert timelines.bounding_box()["height"] < first_height, "the last page holds the remaining rows only"
    assert _pixels_near(timelines.screenshot(), STATUS_COLOURS["bronze"]) > 500
    expect(page.get_by_role("button", name="Next")).to_be_disabled()

    expect(page.get_by_text("Expiry watch-list")).to_be_visible()
    assert_no_error(page, check_js_errors=True)
    screenshot(page, "renewals-norway")
    assert not app_server.tracebacks(), app_server.log_text()


def _hover_a_bar(page, chart) -> str:
    """Move the mouse over the chart's plot until Vega shows a bar's tooltip; its text."""
    box = chart.bounding_box()
    for row in range(8):
        y = box["y"] + 80 + row * 18 + 9
        for step in range(12):
            page.mouse.move(box["x"] + box["width"] * (0.3 + step * 0.055), y)
            tip = page.locator(TOOLTIP)
            if tip.count() and tip.is_visible() and "From" in tip.inner_text():
                return tip.inner_text()
    raise AssertionError("no bar tooltip found over the timelines")
