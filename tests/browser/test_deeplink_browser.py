"""Workshop links in a real browser: a pasted link to a non-default page in presenter mode reopens the same
view; moving between pages through the sidebar keeps the link; a kiosk link changes page by itself."""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from clusterviz.app import ui
from clusterviz.text import i18n

from .helpers import assert_no_error, screenshot, wait_for_app

pytestmark = pytest.mark.browser

URL_PATHS = {key: url for key, _, url, _ in ui.PAGES}


def en(key: str, **values) -> str:
    return i18n.t(key, "en", **values)


def query(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def close_page_not_found(page) -> None:
    """The first page load after the server starts may show Streamlit's "Page not found" dialog (its legacy
    pages/ folder mode, decided before app.py runs); it is not part of the view under test."""
    close = page.get_by_role("dialog").get_by_role("button", name="Close")
    if close.count():
        close.click()


def open_link(page, base: str, page_key: str, link: str) -> None:
    page.goto(f"{base}/{URL_PATHS[page_key]}?{link}")
    wait_for_app(page)
    close_page_not_found(page)
    expect(page.get_by_role("heading", name=en(f"common.nav_{page_key}"), level=1)).to_be_visible()
    wait_for_app(page)


@contextlib.contextmanager
def in_a_new_browser(browser, url: str):
    """``url`` opened in a new browser context (nothing shared with the first: a pasted link), loaded."""
    other = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="nb-NO")
    try:
        fresh = other.new_page()
        fresh.goto(url)
        wait_for_app(fresh)
        close_page_not_found(fresh)
        yield fresh
    finally:
        other.close()


def checked(page, group_label: str):
    """The selected option of a segmented control (a radiogroup named by its label)."""
    return page.get_by_role("radiogroup", name=group_label).get_by_role("radio", checked=True)


def test_presenter_link_to_a_non_default_page_reopens_the_same_view(app_server, page):
    link = "present=1&lang=en&country=NO&horizon=12"
    open_link(page, app_server, "renewals", link)
    assert_no_error(page, check_js_errors=True)

    # the sidebar is collapsed, and the filter inside it shows the link's country
    expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "true")
    expect(page.get_by_test_id("stExpandSidebarButton")).to_be_visible()
    expect(checked(page, en("common.sidebar_country"))).to_have_text(en("common.country_NO"))
    # the page's own control shows the link's horizon, and the figures follow it
    expect(checked(page, en("renewals.horizon"))).to_have_text(en("renewals.horizon_months", n="12"))
    expect(page.get_by_test_id("stMetricLabel").filter(has_text=en("renewals.metric_expiring", n="12"))).to_be_visible()
    expect(page.get_by_text(en("common.filters_active", text=en("common.country_NO")), exact=False)).to_be_visible()
    # presenter mode: big metric values, no toolbar menu
    value = page.get_by_test_id("stMetricValue").first
    assert float(value.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 60
    expect(page.get_by_test_id("stMainMenu")).to_be_hidden()

    # the address bar and the copy-link box both reopen this view
    assert urlsplit(page.url).path.rstrip("/").endswith(f"/{URL_PATHS['renewals']}")
    assert query(page.url) == query(f"?{link}")
    box = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]')
    copied = box.inner_text().strip()
    assert copied.startswith(f"{app_server}/{URL_PATHS['renewals']}?") and query(copied) == query(f"?{link}")
    screenshot(page, "deeplink-renewals-presenter-en")
    assert not app_server.tracebacks(), app_server.log_text()


def test_a_copied_link_opened_in_a_new_browser_shows_the_same_view(app_server, page, browser):
    open_link(page, app_server, "renewals", "lang=en&country=NO&horizon=12")
    with_widgets = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').inner_text().strip()
    with in_a_new_browser(browser, with_widgets) as fresh:
        expect(fresh.get_by_role("heading", name="Renewals", level=1)).to_be_visible()
        expect(checked(fresh, en("renewals.horizon"))).to_have_text(en("renewals.horizon_months", n="12"))
        assert_no_error(fresh)


def test_switching_pages_in_the_sidebar_keeps_the_link(app_server, page):
    open_link(page, app_server, "overview", "lang=en&country=DK&status=gold,silver")
    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_role("link", name=en("common.nav_comparison")).click()
    expect(page.get_by_role("heading", name=en("common.nav_comparison"), level=1)).to_be_visible()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(rf"/{URL_PATHS['comparison']}\?"))
    assert {k: query(page.url)[k] for k in ("lang", "country", "status")} == {"lang": "en", "country": "DK", "status": "gold,silver"}
    expect(checked(page, en("common.sidebar_country"))).to_have_text(en("common.country_DK"))
    assert_no_error(page, check_js_errors=True)


def test_kiosk_link_moves_to_the_next_page_and_stops_on_request(app_server, page):
    open_link(page, app_server, "renewals", "kiosk=10&pages=renewals,comparison&present=1&lang=en&country=NO")
    indicator = page.locator(".st-key-cv_kiosk")
    expect(indicator).to_contain_text(en("common.kiosk_running", seconds="10", page=en("common.nav_comparison")))
    screenshot(page, "kiosk-renewals")
    # after ten seconds the kiosk shows the next page, with the shared filters still in the link
    expect(page.get_by_role("heading", name=en("common.nav_comparison"), level=1)).to_be_visible(timeout=30_000)
    wait_for_app(page)
    assert {k: query(page.url).get(k) for k in ("kiosk", "present", "lang", "country")} == {
        "kiosk": "10",
        "present": "1",
        "lang": "en",
        "country": "NO",
    }
    expect(indicator).to_contain_text(en("common.nav_renewals"))
    indicator.get_by_role("button", name=en("common.kiosk_stop")).click()
    expect(indicator).to_have_count(0)
    wait_for_app(page)
    assert "kiosk" not in query(page.url) and query(page.url)["present"] == "1"
    page.wait_for_timeout(12_000)
    expect(page.get_by_role("heading", name=en("common.nav_comparison"), level=1)).to_be_visible()
    assert_no_error(page, check_js_errors=True)
