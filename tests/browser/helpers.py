"""Helpers for browser tests (Playwright sync API against a real streamlit server).

    from .helpers import wait_for_app, assert_no_error, screenshot, rerun_and_wait

Streamlit 1.67 DOM signals used here (grep the bundled JS for the names):

- ``[data-testid="stApp"]`` carries ``data-test-script-state`` (``initial`` before
  the first run, then ``running`` / ``rerunRequested`` / ``stopRequested`` /
  ``notRunning`` / ``compilationError``) and ``data-test-connection-state``
  (``CONNECTED`` once the websocket is up).
- ``stStatusWidget`` (top right) shows ``stStatusWidgetRunningIcon`` /
  ``stStatusWidgetRunningManIcon`` only when a run lasts longer than 500 ms, so
  its absence alone does not prove the run is over; the stApp attribute does.
- An uncaught exception (or ``st.exception``) is a ``stException`` box holding
  ``stExceptionMessage``; it is drawn inside an alert, so ``stAlertContentError``
  is present too. ``st.error(...)`` draws ``stAlertContentError`` alone.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Page

from tests.support.servers import OUTPUT_DIR

SCREENSHOT_DIR = OUTPUT_DIR / "screenshots"

APP = '[data-testid="stApp"]'
FINISHED_STATES = ("notRunning", "compilationError")
RUNNING_ICONS = '[data-testid="stStatusWidgetRunningIcon"], [data-testid="stStatusWidgetRunningManIcon"]'
EXCEPTION = '[data-testid="stException"]'
ERROR_ALERT = '[data-testid="stAlertContentError"]'

_FINISHED_JS = """
([finished]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && finished.includes(app.getAttribute('data-test-script-state'))
    && !document.querySelector('[data-testid="stAppSkeleton"]');
}
"""

_WATCH_JS = """
() => {
  window.__cvzRunSeen = false;
  if (window.__cvzObserver) window.__cvzObserver.disconnect();
  const check = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute('data-test-script-state');
    if (state && state !== 'notRunning') window.__cvzRunSeen = true;
  };
  window.__cvzObserver = new MutationObserver(check);
  window.__cvzObserver.observe(document.body, {subtree: true, attributes: true,
    attributeFilter: ['data-test-script-state'], childList: true});
}
"""

# Uncaught JS errors per page, filled by the ``page`` fixture (see conftest.py).
PAGE_ERRORS: dict[int, list[str]] = {}


def wait_for_app(page: Page, timeout: float = 60_000) -> None:
    """Wait until the app is connected and its script run has finished.

    Waits for stApp's ``data-test-script-state`` to be ``notRunning`` (or
    ``compilationError``) with a ``CONNECTED`` websocket and no loading skeleton,
    then for the status widget's running icons to be gone. Right after a click,
    the state may still read ``notRunning`` from the previous run: use
    :func:`rerun_and_wait` or wait for the expected content instead.
    """
    page.wait_for_selector(APP, state="attached", timeout=timeout)
    page.wait_for_function(_FINISHED_JS, arg=[list(FINISHED_STATES)], timeout=timeout, polling=100)
    page.wait_for_selector(RUNNING_ICONS, state="detached", timeout=timeout)


@contextlib.contextmanager
def rerun_and_wait(page: Page, timeout: float = 60_000, start_timeout: float = 5_000) -> Iterator[None]:
    """Run the ``with`` block (a click, a fill, ...) and wait for the rerun it causes.

    Watches stApp for a state other than ``notRunning`` (up to ``start_timeout``
    ms; a very fast run may never be painted as running, which is tolerated),
    then waits as :func:`wait_for_app` does. Not for full page loads
    (``page.goto``): call :func:`wait_for_app` after those.
    """
    page.evaluate(_WATCH_JS)
    yield
    with contextlib.suppress(Exception):
        page.wait_for_function("() => window.__cvzRunSeen === true", timeout=start_timeout, polling=50)
    wait_for_app(page, timeout=timeout)


def error_texts(page: Page, *, include_error_alerts: bool = True) -> list[str]:
    """Texts of the exception boxes (and, optionally, ``st.error`` alerts) on the page."""
    texts = [t.strip() for t in page.locator(EXCEPTION).all_inner_texts()]
    if include_error_alerts:
        alerts = page.locator(f"{ERROR_ALERT}:not({EXCEPTION} {ERROR_ALERT})")
        texts += [t.strip() for t in alerts.all_inner_texts()]
    return texts


def assert_no_error(page: Page, *, allow_error_alerts: bool = False, check_js_errors: bool = False) -> None:
    """Fail if the page shows an exception box (``stException``) or, unless
    ``allow_error_alerts``, an error alert (``stAlertContentError``, i.e.
    ``st.error``). With ``check_js_errors`` also fail on uncaught JS errors seen
    by the ``page`` fixture."""
    problems = error_texts(page, include_error_alerts=not allow_error_alerts)
    if check_js_errors:
        problems += [f"JS error: {e}" for e in PAGE_ERRORS.get(id(page), [])]
    assert not problems, f"errors on {page.url}:\n" + "\n---\n".join(p[:2000] for p in problems)


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG as tests/output/screenshots/NAME.png (CI artifact, git-ignored)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "screenshot"
    path = SCREENSHOT_DIR / (safe if safe.endswith(".png") else f"{safe}.png")
    page.screenshot(path=str(path), full_page=full_page)
    return path


def record_reruns(page: Page) -> list:
    """The rerun requests the page sends on its websocket from now on (``ClientState`` protos, decoded from
    the binary ``BackMsg`` frames): ``fragment_id`` is set when a control inside ``st.fragment`` asked for a
    rerun of that fragment only.  Call before ``page.goto``."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    sent: list = []

    def frame(payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            msg = BackMsg()
            msg.ParseFromString(bytes(payload))
            if msg.WhichOneof("type") == "rerun_script":
                sent.append(msg.rerun_script)

    page.on("websocket", lambda ws: ws.on("framesent", frame))
    return sent
