"""Start a real ``python -m streamlit run`` server on a free loopback port.

This is the one implementation shared by the benchmarks and the test suite
(``tests/support/servers.py`` re-exports it with a test-friendly log folder).

    with streamlit_server("app.py", cwd=repo_root) as server:
        server            # "http://127.0.0.1:PORT" (a str, usable as the base URL)
        server.port       # PORT
        server.log_path   # merged stdout+stderr of the server process
        server.tracebacks()  # [] when the log holds no "Traceback"

The server runs in its own process group; on exit the whole group is sent
SIGTERM, then SIGKILL if it has not gone away after a grace period.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

HEADLESS_FLAGS: tuple[str, ...] = (
    "--server.headless",
    "true",
    "--server.address",
    "127.0.0.1",
    "--browser.gatherUsageStats",
    "false",
    "--server.fileWatcherType",
    "none",
    "--server.runOnSave",
    "false",
)

# Just enough to run unattended, and nothing that changes how the server behaves: the flags of the
# "stock Streamlit" baseline, and of the app when the benchmark measures it with its own .streamlit/config.toml.
STOCK_FLAGS: tuple[str, ...] = ("--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false")

HEALTH_PATH = "/_stcore/health"
_log_counter = itertools.count()


class ServerError(RuntimeError):
    """The server did not come up (the message holds the tail of its log)."""


class Server(str):
    """The base URL of a running server, with a few extras as attributes."""

    port: int
    log_path: Path
    process: subprocess.Popen

    def __new__(cls, url: str, *, port: int, log_path: Path, process: subprocess.Popen) -> "Server":
        obj = super().__new__(cls, url)
        obj.port = port
        obj.log_path = log_path
        obj.process = process
        return obj

    @property
    def url(self) -> str:
        return str.__str__(self)

    @property
    def ws_url(self) -> str:
        return "ws" + self.url[len("http") :] + "/_stcore/stream"

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def tracebacks(self) -> list[str]:
        """Each "Traceback" block found in the server log (empty when clean)."""
        text = self.log_text()
        blocks: list[str] = []
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if "Traceback" in line:
                blocks.append("\n".join(lines[max(0, i - 2) : i + 30]))
        return blocks

    def is_running(self) -> bool:
        return self.process.poll() is None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _health_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as resp:
            return resp.status == 200 and resp.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _tail(path: Path, n: int = 60) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return "(no log)"
    return "\n".join(lines[-n:])


def _stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    if proc.poll() is not None:
        return
    try:
        pgid = os.getpgid(proc.pid)
    except ProcessLookupError:
        return
    # The group id equals our child's pid (start_new_session=True), so this
    # only ever reaches the server and anything it spawned.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        proc.wait(timeout=grace)


@contextlib.contextmanager
def streamlit_server(
    script: str | os.PathLike,
    cwd: str | os.PathLike | None = None,
    extra_args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    *,
    log_dir: str | os.PathLike | None = None,
    startup_timeout: float = 60.0,
    attempts: int = 3,
    flags: Sequence[str] = HEADLESS_FLAGS,
) -> Iterator[Server]:
    """Run ``python -m streamlit run SCRIPT`` headless on 127.0.0.1:<free port>.

    ``script`` is resolved against ``cwd`` (default: the repo root).
    ``flags`` are the standard flags (``HEADLESS_FLAGS``; ``STOCK_FLAGS`` leaves file watching etc. to the
    config files), ``extra_args`` go after them (so they can override them),
    ``env`` is merged over ``os.environ``. Yields a :class:`Server` once
    ``/_stcore/health`` answers "ok"; raises :class:`ServerError` with the log
    tail if that does not happen within ``startup_timeout`` seconds. A port
    lost to a race is retried up to ``attempts`` times.
    """
    cwd_path = Path(cwd) if cwd is not None else REPO_ROOT
    script_path = Path(script)
    if not script_path.is_absolute():
        script_path = cwd_path / script_path
    logs = Path(log_dir) if log_dir is not None else REPO_ROOT / "benchmarks" / "output" / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    full_env = dict(os.environ)
    full_env.update({"PYTHONUNBUFFERED": "1", "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"})
    if env:
        full_env.update(env)

    last_error = ""
    for attempt in range(1, attempts + 1):
        port = free_port()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        log_path = logs / f"streamlit-{script_path.stem}-{stamp}-{os.getpid()}-{next(_log_counter)}-{port}.log"
        cmd = [sys.executable, "-m", "streamlit", "run", str(script_path), *flags, "--server.port", str(port), *extra_args]
        with open(log_path, "wb") as log:
            log.write(("$ " + " ".join(cmd) + "\n").encode())
            log.flush()
            proc = subprocess.Popen(
                cmd, cwd=cwd_path, env=full_env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        url = f"http://127.0.0.1:{port}"
        server = Server(url, port=port, log_path=log_path, process=proc)
        try:
            deadline = time.monotonic() + startup_timeout
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    break
                if _health_ok(url):
                    break
                time.sleep(0.2)
            else:
                raise ServerError(
                    f"streamlit did not answer {url}{HEALTH_PATH} within {startup_timeout:.0f}s (log {log_path}):\n{_tail(log_path)}"
                )
            if proc.poll() is not None:
                tail = _tail(log_path)
                last_error = f"streamlit exited with code {proc.returncode} (log {log_path}):\n{tail}"
                if "already in use" in tail and attempt < attempts:
                    continue
                raise ServerError(last_error)
        except BaseException:
            _stop(proc)
            raise
        try:
            yield server
        finally:
            _stop(proc)
        return
    raise ServerError(last_error)  # pragma: no cover - loop always returns or raises


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MiB (Linux /proc), None when unavailable."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except (OSError, ValueError, IndexError):
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system, every thread) a process has used so far, in seconds (Linux /proc); None when
    unavailable.  The difference over a burst divided by its sessions is the server's CPU per session: unlike
    p95, it does not move with what else the machine runs (the benchmark's own client included)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
