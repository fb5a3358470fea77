"""Shared fixtures: the bundled demo snapshots and an AppTest factory for the pages."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from clusterviz import store  # noqa: E402

SEED_DATE = dt.date(2017, 3, 1)
PAGE_FILES = [path for _, path, _, _ in __import__("clusterviz.ui", fromlist=["PAGES"]).PAGES]


def open_app(page: str, params: dict, *, adviser: bool = False, timeout: float = 120):
    """AppTest of ``page`` opened with the link ``params``; with ``adviser`` the session flag access.unlock sets
    (no link can set it) is set before the page runs."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.session_state["adviser"] = adviser
    at.switch_page(page)
    at.run()
    return at


@pytest.fixture(scope="session")
def data_root() -> str:
    return str(ROOT / "data" / "snapshots")


@pytest.fixture(scope="session")
def seed_snapshot(data_root):
    """The 2017-03-01 demo snapshot (the articles' 'now'), validated and shared."""
    return store.load(f"{data_root}/{SEED_DATE.isoformat()}")


@pytest.fixture
def app_test(monkeypatch):
    """AppTest of app.py on a given page: app_test("pages/map.py", lang="en", county="18")."""
    from streamlit.testing.v1 import AppTest

    def make(page: str | None = None, timeout: float = 60, env: dict | None = None, **params):
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
        for k, v in params.items():
            at.query_params[k] = v
        if page and page != PAGE_FILES[0]:
            at.run()
            at.switch_page(page)
        at.run()
        return at

    return make
