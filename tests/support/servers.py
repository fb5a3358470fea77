"""Real streamlit servers for tests (one implementation: benchmarks/servers.py).

    from tests.support.servers import streamlit_server

    with streamlit_server("app.py", cwd=REPO_ROOT) as server:
        page.goto(server)                 # the base URL, http://127.0.0.1:PORT
        ...
    assert not server.tracebacks(), server.log_path

Logs go to tests/output/logs/ (git-ignored; kept as a CI artifact).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path

from benchmarks.servers import HEADLESS_FLAGS, REPO_ROOT, Server, ServerError, free_port
from benchmarks.servers import streamlit_server as _streamlit_server

__all__ = [
    "HEADLESS_FLAGS",
    "LOG_DIR",
    "OUTPUT_DIR",
    "REPO_ROOT",
    "Server",
    "ServerError",
    "free_port",
    "script_server",
    "streamlit_server",
]

OUTPUT_DIR = REPO_ROOT / "tests" / "output"
LOG_DIR = OUTPUT_DIR / "logs"

# benchmarks.servers.streamlit_server with the tests' log folder: yields a Server (a ``str`` holding the base URL,
# with ``.port``, ``.log_path``, ``.log_text()``, ``.tracebacks()``) once ``/_stcore/health`` says "ok", and
# stops the server's process group on exit.
streamlit_server = functools.partial(_streamlit_server, log_dir=LOG_DIR)


@contextlib.contextmanager
def script_server(folder: Path, name: str, source: str) -> Iterator[Server]:
    """A server running a small app of its own: ``source`` written to ``folder/name``."""
    (folder / name).write_text(source, encoding="utf-8")
    with streamlit_server(name, cwd=folder) as server:
        yield server
