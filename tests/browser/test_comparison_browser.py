"""The Norway–Denmark page in a real browser: headline, figures and all seven charts render, no error box."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from clusterviz.app.ui import PAGES

from .helpers import assert_no_error, record_reruns, rerun_and_wait, screenshot, wait_for_app

pytestmark = pytest.mark.browser
URL_PATH = next(url for key, _, url, _ in PAGES if key == "comparison")

VEGA = '[data-testid="stVegaLiteChart"]'
CASES = {
    "nb": ("Norge–Danmark", "Danmarks snittindeks er 3,6 poeng høyere enn Norges (67,2 mot 63,6)."),
    "en": ("Norway–Denmark", "Denmark's mean index is 3.6 points higher than Norway's (67.2 vs 63.6)."),
}


@pytest.fixture(scope="module")
def server(app_server, browser):
    """The app server after one visit to "/": a fresh server's first session opened on a page other than
    the default shows Streamlit's "Page not found" modal over the right page (streamlit/streamlit#9992),
    which makes the page inert to clicks."""
    context = browser.new_context()
    try:
        first = context.new_page()
        first.goto(app_server)
        wait_for_app(first)
    finally:
        context.close()
    return app_server


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_comparison_page_renders(server, page, lang):
    title, headline = CASES[lang]
    page.goto(f"{server}/{URL_PATH}?lang={lang}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(page.get_by_text(headline, exact=True)).to_be_visible()
    assert_no_error(page, check_js_errors=True)
    expect(page.get_by_text("Page not found")).to_have_count(0)

    charts = page.locator(VEGA)
    expect(charts).to_have_count(7)
    for i in range(7):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        expect(chart.locator("canvas, svg").first).to_be_visible()
        assert chart.bounding_box()["height"] > 100
    assert_no_error(page, check_js_errors=True)
    screenshot(page, f"comparison-{lang}")
    assert not server.tracebacks(), server.log_text()


def test_the_peer_choice_reruns_its_section_only_and_its_link_reopens_it(server, page):
    reruns = record_reruns(page)
    page.goto(f"{server}/{URL_PATH}?lang=en")
    wait_for_app(page)
    button = page.get_by_role("radio", name="Sector", exact=True)  # a segmented control's segment
    button.scroll_into_view_if_needed()
    del reruns[:]
    with rerun_and_wait(page):
        button.click()
    expect(button).to_have_attribute("aria-checked", "true")
    focus = page.locator('[data-testid="stSelectbox"]').filter(has_text="Focus")
    expect(focus.locator("input")).to_have_value("Construction")  # the first sector
    page.wait_for_function("() => window.location.search.includes('peer=sector')", timeout=30_000)
    assert reruns and all(r.fragment_id for r in reruns), "the peer choice reran the whole page"
    assert_no_error(page, check_js_errors=True)

    page.goto(page.url)  # the address bar's link reopens the same view
    wait_for_app(page)
    button = page.get_by_role("radio", name="Sector", exact=True)
    expect(button).to_have_attribute("aria-checked", "true")
    expect(page.locator('[data-testid="stSelectbox"]').filter(has_text="Focus").locator("input")).to_have_value("Construction")
    assert_no_error(page, check_js_errors=True)
    assert not server.tracebacks(), server.log_text()


def test_a_table_behind_a_chart_is_drawn_when_its_expander_is_opened(server, page):
    """The tables behind the charts are drawn only once opened (widgets.table_expander): closed, no table is on
    the page; opening one in the labels section (a full rerun) and one in the peer section (a fragment) shows
    its table and its downloads, and the other expanders stay closed and empty."""
    page.goto(f"{server}/{URL_PATH}?lang=en")
    wait_for_app(page)
    expanders = page.locator('[data-testid="stExpander"]').filter(has_text="The figures as a table")
    expect(expanders).to_have_count(4)
    expect(page.locator('[data-testid="stExpander"] [data-testid="stDataFrame"]')).to_have_count(0)
    for index in (0, 3):  # labels (page rerun), peers (fragment rerun)
        box = expanders.nth(index)
        box.scroll_into_view_if_needed()
        with rerun_and_wait(page):
            box.locator("summary").click()
        expect(box.locator('[data-testid="stDataFrame"]')).to_have_count(1, timeout=30_000)
        expect(box.get_by_role("button", name="Download CSV")).to_be_visible()
    expect(page.locator('[data-testid="stExpander"] [data-testid="stDataFrame"]')).to_have_count(2)
    assert_no_error(page, check_js_errors=True)
    assert not server.tracebacks(), server.log_text()
