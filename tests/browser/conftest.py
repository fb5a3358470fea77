"""Fixtures for browser tests: a real streamlit server and headless chromium.

- ``app_server`` (session): ``python -m streamlit run app.py`` from the repo root;
  a :class:`tests.support.servers.Server` (str base URL with ``.log_path``, ``.tracebacks()``).
- ``browser`` (session): Playwright chromium, Debian's ``/usr/bin/chromium``
  (``CHROMIUM`` env var overrides the path). Never ``playwright install``.
- ``page`` (function): a fresh context + page, 1600x1000, English/Oslo; uncaught
  JS errors are collected for ``assert_no_error(page, check_js_errors=True)``;
  a screenshot is saved when the test fails.

Helpers (``wait_for_app``, ``rerun_and_wait``, ``assert_no_error``, ``screenshot``)
live in tests/browser/helpers.py.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.support.servers import REPO_ROOT, Server, streamlit_server

from .helpers import PAGE_ERRORS, screenshot

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1600, "height": 1000}
# Playwright's assertions wait 5 s by default. On a shared 2-core machine a page's full rerun (sidebar and
# all) once took longer than that (a CI run with other work beside it: the sidebar's collection radio was
# still being redrawn after 5 s), so an expectation waits as long as an action may (context timeout below).
expect.set_options(timeout=30_000)


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian chromium not found: apt-get install -y chromium (do not run `playwright install`)")
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def app_server() -> Iterator[Server]:
    """The clusterviz app (app.py at the repo root) on a free loopback port."""
    with streamlit_server("app.py", cwd=REPO_ROOT) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/Oslo")
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(60_000)
    page = context.new_page()
    errors: list[str] = []
    PAGE_ERRORS[id(page)] = errors
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield page
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            try:
                screenshot(page, f"FAILED-{request.node.name}")
            except Exception:  # the page may be gone; the failure matters more
                pass
        PAGE_ERRORS.pop(id(page), None)
        context.close()
