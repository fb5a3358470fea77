"""Offline rooms: with every request that leaves the loopback aborted, every page loads without a failed
request (fonts and icons are served by the app itself), basemap off (its default)."""

from __future__ import annotations

import urllib.parse

import pytest

from clusterviz.app import ui

from .helpers import assert_no_error, wait_for_app

pytestmark = pytest.mark.browser

LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def outside(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOOPBACK


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_page_works_without_the_internet(browser, app_server, lang):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    context.set_default_timeout(30_000)
    blocked: list[str] = []
    failed: list[str] = []

    def route(request_route):
        if outside(request_route.request.url):
            blocked.append(request_route.request.url)
            request_route.abort("internetdisconnected")
        else:
            request_route.continue_()

    context.route("**/*", route)
    page = context.new_page()

    def on_failed(request):
        # Leaving a page cancels its lazy-loaded chunks still in flight (net::ERR_ABORTED on the app's own
        # files); that is the navigation, not a missing file.  Everything else counts.
        if request.failure == "net::ERR_ABORTED" and not outside(request.url):
            return
        failed.append(f"{request.url} ({request.failure})")

    page.on("requestfailed", on_failed)

    def on_response(response):
        # Streamlit's client first looks for its server under the page's own path (/map/_stcore/health),
        # then at the root: a 404 there is that probe, not a missing file.
        path = urllib.parse.urlsplit(response.url).path
        if response.status == 404 and "/_stcore/" in path and not path.startswith("/_stcore/"):
            return
        if response.status >= 400:
            failed.append(f"{response.url} (HTTP {response.status})")

    page.on("response", on_response)
    try:
        for key, _, url_path, _ in ui.PAGES:
            page.goto(f"{app_server}/{url_path}?lang={lang}")
            wait_for_app(page)
            page.wait_for_timeout(500)
            assert_no_error(page)
            assert not failed, f"{key}: failed requests:\n" + "\n".join(failed)
    finally:
        context.close()
    assert not blocked, "requests to outside hosts:\n" + "\n".join(sorted(set(blocked)))
