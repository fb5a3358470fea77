"""The public collection in a real browser (issue 15): map, renewals and Norway–Denmark on ``?data=public``
show the real organisations (or, where the public view shows groups only, the real record's coverage), and a
copied link with ``data=public`` reopens the same view: page, collection and filters."""

from __future__ import annotations

import csv

import pytest
from playwright.sync_api import expect

from clusterviz.data import store

from .helpers import assert_no_error, screenshot, wait_for_app
from .test_deeplink_browser import URL_PATHS, checked, en, in_a_new_browser, open_link, query

pytestmark = pytest.mark.browser

WORKBOOK = store.PROJECT_ROOT / "data" / "public" / "workbook" / "public_clusters.csv"


def public_names() -> dict[str, str]:
    with open(WORKBOOK, encoding="utf-8") as f:
        return {row["cluster_id"]: row["name"] for row in csv.DictReader(f)}


def demo_names() -> set[str]:
    snapshot = store.load(store.scan(str(store.PROJECT_ROOT / "data" / "snapshots")).newest.location)
    return set(snapshot.clusters["name"])


def names_in(page, names, at_least: int, timeout_ms: int = 15_000) -> int:
    """How many of ``names`` the page holds (data grids render their rows a moment after the run ends)."""
    for _ in range(timeout_ms // 500):
        found = sum(name in page.content() for name in names)
        if found >= at_least:
            return found
        page.wait_for_timeout(500)
    return found


def open_public(page, base: str, page_key: str, link: str) -> None:
    open_link(page, base, page_key, link)
    expect(checked(page, en("common.sidebar_collection"))).to_have_text(en("common.collection_public"))
    expect(page.get_by_text(en("common.coverage_labelled", k="44", n="66"), exact=False).first).to_be_visible()
    assert_no_error(page, check_js_errors=True)


def test_renewals_and_map_show_the_real_organisations(app_server, page):
    names, demo = public_names(), demo_names()
    open_public(page, app_server, "renewals", "data=public&lang=en&country=NO")
    body = page.inner_text("body")
    shown = [name for name in names.values() if name in body]
    assert len(shown) >= 10, shown  # the timelines' rows: real names
    assert not [name for name in demo if name in body]  # and no demo cluster
    screenshot(page, "public-renewals-en")

    open_public(page, app_server, "map", "data=public&lang=en&cluster=NO-P003")
    expect(page.locator("body")).to_contain_text(names["NO-P003"])  # the cluster panel
    open_public(page, app_server, "map", "data=public&lang=en&county=18")
    assert names_in(page, names.values(), 3) >= 3  # the county's list (a data grid)
    screenshot(page, "public-map-county-en")
    assert not app_server.tracebacks(), app_server.log_text()


def test_comparison_shows_the_public_record_not_the_demo(app_server, page):
    """The public view of Norway–Denmark shows groups, not names: it must be the real record's groups."""
    open_public(page, app_server, "comparison", "data=public&lang=en")
    body = page.inner_text("body")
    assert "Demo data" not in body.split(en("common.sidebar_collection"))[0]  # no demo badge above the sidebar
    assert en("common.coverage_precision_derived", k="22") in body
    assert "63.6" not in body and "67.2" not in body  # the demo's means are not shown
    screenshot(page, "public-comparison-en")


def test_a_copied_public_link_reopens_the_same_view(app_server, page, browser):
    open_public(page, app_server, "map", "data=public&lang=en&country=NO&county=18")
    copied = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').inner_text().strip()
    assert copied.startswith(f"{app_server}/{URL_PATHS['map']}?")
    assert {k: query(copied).get(k) for k in ("data", "country", "county")} == {"data": "public", "country": "NO", "county": "18"}
    with in_a_new_browser(browser, copied) as fresh:
        expect(fresh.get_by_role("heading", name=en("common.nav_map"), level=1)).to_be_visible()
        wait_for_app(fresh)
        expect(checked(fresh, en("common.sidebar_collection"))).to_have_text(en("common.collection_public"))
        expect(checked(fresh, en("common.sidebar_country"))).to_have_text(en("common.country_NO"))
        assert query(fresh.url).get("data") == "public" and query(fresh.url).get("county") == "18"
        names = public_names()
        assert names_in(fresh, names.values(), 3) >= 3
        assert_no_error(fresh)
