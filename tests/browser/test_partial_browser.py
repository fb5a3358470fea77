"""Every page in a real browser on the partial schema-2 snapshot of the real shape (tests/conftest.py:
partial_frames): no error box, no JS error, no traceback in the server log, the coverage badge shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from clusterviz.app import ui
from clusterviz.text import i18n
from tests.support.servers import REPO_ROOT, streamlit_server

from .helpers import assert_no_error, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def partial_server(partial_root):
    """The app serving only the partial snapshot (CLUSTERVIZ_DATA)."""
    with streamlit_server("app.py", cwd=REPO_ROOT, env={"CLUSTERVIZ_DATA": partial_root}) as server:
        yield server


def test_every_page_opens_on_partial_data(partial_server, page):
    for key, _, url, _ in ui.PAGES:
        page.goto(f"{partial_server}/{url}?lang=en")
        wait_for_app(page)
        close = page.get_by_role("dialog").get_by_role("button", name="Close")
        if close.count():  # Streamlit's first-load "Page not found" (legacy pages/ mode)
            close.click()
        expect(page.get_by_role("heading", name=i18n.t(f"common.nav_{key}", "en"), level=1)).to_be_visible()
        expect(page.get_by_text("quality index for 1 of 19", exact=False).first).to_be_visible()
        expect(page.get_by_text("placed on the map: 16 of 19", exact=False).first).to_be_visible()
        assert_no_error(page, check_js_errors=True)
    assert not partial_server.tracebacks(), partial_server.log_path
