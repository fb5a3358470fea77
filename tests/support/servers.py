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
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from benchmarks.servers import HEADLESS_FLAGS, REPO_ROOT, Server, ServerError, free_port
from benchmarks.servers import streamlit_server as _streamlit_server

__all__ = ["HEADLESS_FLAGS", "LOG_DIR", "OUTPUT_DIR", "REPO_ROOT", "Server", "ServerError", "free_port", "streamlit_server"]

OUTPUT_DIR = REPO_ROOT / "tests" / "output"
LOG_DIR = OUTPUT_DIR / "logs"


@contextlib.contextmanager
def streamlit_server(
    script: str | os.PathLike,
    cwd: str | os.PathLike | None = None,
    extra_args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    *,
    log_dir: str | os.PathLike | None = None,
    startup_timeout: float = 60.0,
) -> Iterator[Server]:
    """``python -m streamlit run SCRIPT`` on 127.0.0.1:<free port>, headless.

    Yields a :class:`Server` (a ``str`` holding the base URL, with ``.port``,
    ``.log_path``, ``.log_text()``, ``.tracebacks()``) once ``/_stcore/health``
    says "ok"; stops the server's process group on exit.
    """
    with _streamlit_server(
        script, cwd, extra_args, env, log_dir=Path(log_dir) if log_dir is not None else LOG_DIR, startup_timeout=startup_timeout
    ) as server:
        yield server
