"""The browser harness itself: a throwaway app, a real server, chromium, a click."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.servers import script_server

from .helpers import EXCEPTION, assert_no_error, rerun_and_wait, screenshot, wait_for_app

pytestmark = pytest.mark.browser

HARNESS_APP = """
import streamlit as st

st.title("Harness check")
if st.button("Press me"):
    st.write("Button was pressed")
if st.query_params.get("boom"):
    raise ValueError("deliberate failure")
"""


@pytest.fixture(scope="module")
def harness_server(tmp_path_factory):
    with script_server(tmp_path_factory.mktemp("harness_app"), "harness_app.py", HARNESS_APP) as server:
        yield server


def test_click_button_and_see_result(harness_server, page):
    page.goto(harness_server)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Harness check")).to_be_visible()
    expect(page.get_by_text("Button was pressed")).to_have_count(0)
    assert_no_error(page)

    with rerun_and_wait(page):
        page.get_by_role("button", name="Press me").click()
    expect(page.get_by_text("Button was pressed")).to_be_visible()
    assert_no_error(page, check_js_errors=True)

    shot = screenshot(page, "harness-after-click")
    assert shot.is_file() and shot.stat().st_size > 1000
    assert not harness_server.tracebacks(), harness_server.log_text()


def test_exception_is_detected(harness_server, page):
    page.goto(harness_server + "/?boom=1")
    wait_for_app(page)
    expect(page.locator(EXCEPTION)).to_have_count(1)
    with pytest.raises(AssertionError, match="deliberate failure"):
        assert_no_error(page)
    # The server log records the traceback too; that is what app tests assert on.
    assert any("deliberate failure" in tb for tb in harness_server.tracebacks())
