"""The renewals page in a real browser: the funnel and the label timelines render, with no error box; the
timelines come a page at a time (the pager moves on and writes the link), their tooltips show the bar's
dates, written in the browser from the timestamps in the chart data.  The watch-list's horizon, the timelines'
sort, scope and pager and the changes' snapshot each rerun their own section only (a fragment), the address bar
follows them and reopens the same view; the horizon reruns the page when the timelines show the watch-list."""

from __future__ import annotations

import io
import re
import urllib.parse

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from clusterviz.charts.base import STATUS_COLOURS
from clusterviz.charts.renewals import OUTCOME_COLOURS
from clusterviz.data import store
from clusterviz.figures import metrics
from clusterviz.figures import renewals as renewal
from clusterviz.figures.renewals_timeline import TIMELINE_ROWS
from tests.conftest import ROOT, SEED_DATE

from .helpers import assert_no_error, record_reruns, rerun_and_wait, screenshot, wait_for_app

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


def _watched_in_norway(months: str) -> int:
    """Norwegian clusters on the watch-list of ``months`` (straight from the snapshot, not through the page)."""
    snapshot = store.load(str(ROOT / "data" / "snapshots" / SEED_DATE.isoformat()))
    states = metrics.label_states(snapshot.clusters, snapshot.assessments, snapshot.as_of)
    norway = snapshot.clusters[snapshot.clusters["country"] == "NO"]
    return len(renewal.watch_list(norway, states, snapshot.as_of, months))


def _query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query).items()}


def _option(page, group: str, option: str):
    return page.get_by_role("radiogroup", name=group).get_by_role("radio", name=option, exact=True)


def _change(page, sent: list, control) -> list[bool]:
    """Click ``control`` and wait for the rerun it causes; for each rerun request the page sent, whether it asked
    for a fragment's rerun only."""
    sent.clear()
    with rerun_and_wait(page):
        control.click()
    return [bool(request.fragment_id) for request in sent]


def _close_dialog(page) -> None:
    close = page.get_by_role("dialog").get_by_role("button", name="Close")  # see test_funnel_and_timelines_render
    if close.count():
        close.click()


def test_each_control_reruns_its_own_section_and_the_link_reopens_the_view(app_server, page):
    sent = record_reruns(page)
    page.goto(f"{app_server}/renewals?lang=en&country=NO")
    wait_for_app(page)
    _close_dialog(page)
    watch_metric = page.locator('[data-testid="stMetric"]').filter(has_text="Running out within")

    # the horizon: the watch-list alone
    assert _change(page, sent, _option(page, "Running out within", "12 months")) == [True]
    expect(watch_metric).to_contain_text("Running out within 12 months")
    assert _query(page) == {"lang": "en", "country": "NO", "horizon": "12"}  # the whole link, nothing lost

    # the pager, the order, the scope: the timelines alone; another order or scope starts from the top
    pager = page.get_by_role("combobox", name="Rows")
    assert _change(page, sent, page.get_by_role("button", name="Next")) == [True]
    expect(pager).to_have_value(f"Rows {TIMELINE_ROWS + 1}–{NORWAY_LABELLED} of {NORWAY_LABELLED}")
    assert _query(page)["timeline_page"] == "2"
    assert _change(page, sent, _option(page, "Sort by", "Days since expiry")) == [True]
    expect(pager).to_have_value(f"Rows 1–{TIMELINE_ROWS} of {NORWAY_LABELLED}")
    assert _query(page)["sort"] == "expiry" and "timeline_page" not in _query(page)
    assert _change(page, sent, _option(page, "Show", "Watch-list only")) == [True]
    watched = _watched_in_norway("12")
    expect(page.get_by_text(f"{watched} clusters on the watch-list (running out within 12 months")).to_be_visible()
    assert _query(page)["scope"] == "watch"

    # the horizon while the timelines show the watch-list: its callback reruns the page, so the timelines follow
    _change(page, sent, _option(page, "Running out within", "3 months"))
    watched = _watched_in_norway("3")
    expect(page.get_by_text(f"{watched} clusters on the watch-list (running out within 3 months")).to_be_visible()
    assert watched < _watched_in_norway("12") and _query(page)["horizon"] == "3"

    # the snapshot to compare with: the changes alone
    since = page.get_by_role("combobox", name="Compare with the snapshot of")
    since.scroll_into_view_if_needed()
    sent.clear()
    with rerun_and_wait(page):
        since.click()
        page.get_by_role("option", name="1 March 2016").click()
    expect(page.get_by_text("Changes from 1 March 2016 to 1 March 2017", exact=False)).to_be_visible()
    assert [bool(request.fragment_id) for request in sent] == [True]
    assert _query(page) == {"lang": "en", "country": "NO", "horizon": "3", "sort": "expiry", "scope": "watch", "since": "2016-03-01"}
    assert_no_error(page, check_js_errors=True)

    # the address bar reopens the same view
    again = page.context.new_page()
    again.goto(page.url)
    wait_for_app(again)
    for group, option in (("Running out within", "3 months"), ("Sort by", "Days since expiry"), ("Show", "Watch-list only")):
        expect(_option(again, group, option)).to_have_attribute("aria-checked", "true")
    expect(again.get_by_text(f"{watched} clusters on the watch-list (running out within 3 months")).to_be_visible()
    expect(again.get_by_role("combobox", name="Compare with the snapshot of")).to_have_value("1 March 2016")
    assert_no_error(again, check_js_errors=True)
    assert not app_server.tracebacks(), app_server.log_text()


def test_in_presenter_mode_a_control_reruns_the_page_so_the_share_link_follows(app_server, page):
    sent = record_reruns(page)
    page.goto(f"{app_server}/renewals?lang=en&country=NO&present=1")
    wait_for_app(page)
    _close_dialog(page)
    assert _change(page, sent, _option(page, "Running out within", "12 months")) == [False]  # no fragment to rerun
    assert _query(page)["horizon"] == "12"
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stCode"]')).to_contain_text("horizon=12")
    assert_no_error(page, check_js_errors=True)
