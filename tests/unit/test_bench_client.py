"""The benchmark client drives real script runs over the websocket, like a browser tab.

``run`` (not ``asyncio.run``): when the browser tests ran first, Playwright's
session-wide event loop is still running in this thread.
"""

from __future__ import annotations

import pytest

from benchmarks.client import burst, first_render, rerun, run
from tests.support.servers import REPO_ROOT, script_server, streamlit_server

BASELINE = REPO_ROOT / "benchmarks" / "baseline_app.py"

WIDGET_APP = """
import streamlit as st

n = st.slider("How many", 0, 10, 2, key="how_many")
if st.button("Go", key="go"):
    st.write(f"pressed with {n}")
st.write(f"n is {n}")
if st.query_params.get("boom"):
    raise ValueError("deliberate failure")
"""


FRAGMENT_APP = """
import streamlit as st

st.write("page drawn")


@st.fragment
def part():
    months = st.segmented_control("Horizon", ["3", "6", "12"], default="6", key="horizon")
    st.write(f"horizon {months}")


part()
big = st.checkbox("Big", value=True, key="big")
if big:
    st.markdown("x" * 20_000)  # above global.minCachedMessageSize (10 KB by default): cacheable
"""


@pytest.fixture(scope="module")
def baseline_server():
    with streamlit_server(BASELINE, cwd=REPO_ROOT) as server:
        yield server


@pytest.fixture(scope="module")
def widget_server(tmp_path_factory):
    with script_server(tmp_path_factory.mktemp("bench_client_app"), "widget_app.py", WIDGET_APP) as server:
        yield server


@pytest.fixture(scope="module")
def fragment_server(tmp_path_factory):
    with script_server(tmp_path_factory.mktemp("bench_client_fragment"), "fragment_app.py", FRAGMENT_APP) as server:
        yield server


def test_first_render_of_baseline_finishes(baseline_server):
    result = run(first_render(baseline_server))
    assert result.finished, result.error_messages
    assert result.status == "FINISHED_SUCCESSFULLY"
    assert result.bytes > 0 and result.messages >= 3  # new_session, the delta, script_finished
    assert result.errors == 0, result.error_messages
    assert result.texts == ["hello"]
    assert 0 < result.seconds < 60
    assert result.session.session_id and result.session.ws is None  # closed unless keep_open
    assert not baseline_server.tracebacks()


def test_burst_of_three(baseline_server):
    stats = run(burst(baseline_server, 3))
    assert stats.ok, stats.failures
    assert stats.finished == 3 and stats.errors == 0
    assert 0 < stats.p50 <= stats.p95 <= stats.max
    assert stats.mean_bytes > 0


def test_exception_in_script_counts_as_error(widget_server):
    result = run(first_render(widget_server, query_string="boom=1"))
    assert result.finished  # the run ends normally; the exception is an element
    assert result.errors == 1
    assert any("deliberate failure" in m for m in result.error_messages)
    assert any("deliberate failure" in tb for tb in widget_server.tracebacks())


def test_rerun_with_widget_state_on_same_session(widget_server):
    async def scenario():
        first = await first_render(widget_server, keep_open=True)
        try:
            assert first.ok, first.error_messages
            assert "n is 2" in first.texts
            assert {w.type for w in first.session.widgets.values()} == {"slider", "button"}
            second = await rerun(first.session, {"how_many": 7, "Go": True})
            third = await rerun(first.session)  # the slider keeps 7, the button does not fire again
            return first, second, third
        finally:
            await first.session.close()

    first, second, third = run(scenario())
    assert second.ok and second.bytes > 0
    assert "pressed with 7" in second.texts and "n is 7" in second.texts
    assert third.ok and "n is 7" in third.texts and "pressed with 7" not in third.texts
    assert first.session.session_id == second.session.session_id


def test_unreachable_server_is_an_error():
    from tests.support.servers import free_port

    result = run(first_render(f"http://127.0.0.1:{free_port()}", timeout=5))
    assert not result.finished and not result.ok
    assert result.error_messages


def test_a_widget_in_a_fragment_reruns_only_its_fragment(fragment_server):
    """As the browser does: the change of a widget drawn in st.fragment is sent with that fragment's id."""

    async def scenario():
        first = await first_render(fragment_server, keep_open=True)
        try:
            control = await rerun(first.session, {"horizon": ["12"]})
            page = await rerun(first.session, {"big": True})  # outside the fragment: the whole page
            return first, control, page
        finally:
            await first.session.close()

    first, control, page = run(scenario())
    assert first.ok and not first.fragment_id
    widget = first.session.find_widget("horizon")
    assert widget.fragment_id and not first.session.find_widget("big").fragment_id
    assert control.ok and control.fragment_id == widget.fragment_id
    assert control.status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
    assert control.texts == ["horizon 12"]  # the fragment only: the page's own text is not drawn again
    assert page.ok and not page.fragment_id and page.status == "FINISHED_SUCCESSFULLY"
    assert "page drawn" in page.texts and "horizon 12" in page.texts


def test_cached_elements_expire_like_the_frontends(fragment_server):
    """A cacheable element comes back as a reference while the tab holds it, and in full again once it has
    been out of the page for more than max_cached_message_age runs (the frontend has dropped it then)."""

    async def scenario():
        first = await first_render(fragment_server, keep_open=True)
        try:
            again = await rerun(first.session, {"big": True})
            hidden = [await rerun(first.session, {"big": False}) for _ in range(first.session.cache.max_age + 1)]
            back = await rerun(first.session, {"big": True})
            return first, again, hidden, back
        finally:
            await first.session.close()

    first, again, hidden, back = run(scenario())
    assert first.session.cache.max_age == 2  # Streamlit's default global.maxCachedMessageAge
    assert first.bytes_by_kind["markdown"] > 20_000
    assert again.cached_refs == 1 and again.bytes < 5_000 and again.bytes_by_kind["ref"] > 0
    assert all(r.ok and r.cached_refs == 0 for r in hidden)
    assert back.cached_refs == 0 and back.bytes_by_kind["markdown"] > 20_000  # expired: sent in full
