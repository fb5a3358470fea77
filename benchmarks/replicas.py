"""``scripts/serve.sh`` as a context manager: N replicas behind HAProxy, for the benchmarks and the tests.

    with serve(2, env=s3.env) as proxy:
        proxy                      # "http://127.0.0.1:P" (a str: the address a browser opens)
        proxy.replica_urls         # the replicas' own addresses
        proxy.states()             # {"r1": "UP", "r2": "UP"} from HAProxy's admin socket
        proxy.kill(1)              # SIGKILL replica r1 (the supervisor restarts it)
        proxy.rss()                # {"r1": MiB, ...}
        proxy.tracebacks()         # "Traceback" blocks in the replicas' logs

Ports: a free block of N+1 consecutive ports inside ``CLUSTERVIZ_PORT_RANGE`` (default 8700-8799).
Stopping sends SIGTERM to serve.sh (which stops its replicas and HAProxy), then kills its process group.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from benchmarks.servers import REPO_ROOT, ServerError, _health_ok, rss_mb

SERVE = REPO_ROOT / "scripts" / "serve.sh"


def free_block(n: int, port_range: str | None = None) -> int:
    """The first port of ``n`` consecutive free loopback ports in the range ("LOW-HIGH")."""
    low, high = (int(p) for p in (port_range or os.environ.get("CLUSTERVIZ_PORT_RANGE", "8700-8799")).split("-"))
    starts = list(range(low, high - n + 2))
    random.shuffle(starts)
    for base in starts:
        sockets = []
        try:
            for port in range(base, base + n):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise ServerError(f"no {n} consecutive free ports in {low}-{high}")


class Proxy(str):
    """The proxy's base URL, with the replicas behind it."""

    state_dir: Path
    process: subprocess.Popen
    replicas: int

    def __new__(cls, url: str, *, state_dir: Path, process: subprocess.Popen, replicas: int) -> "Proxy":
        obj = super().__new__(cls, url)
        obj.state_dir, obj.process, obj.replicas = state_dir, process, replicas
        return obj

    @property
    def url(self) -> str:
        return str.__str__(self)

    def table(self) -> dict[str, tuple[int, int]]:
        """name -> (port, pid) from serve.sh's replicas.tsv ("r1", ..., "haproxy")."""
        rows = {}
        with contextlib.suppress(FileNotFoundError):
            for line in (self.state_dir / "replicas.tsv").read_text().splitlines():
                name, port, pid = line.split("\t")
                rows[name if name == "haproxy" else f"r{name}"] = (int(port), int(pid or 0))
        return rows

    @property
    def replica_urls(self) -> dict[str, str]:
        return {name: f"http://127.0.0.1:{port}" for name, (port, _) in self.table().items() if name != "haproxy"}

    def pid(self, name: str) -> int:
        return self.table()[name][1]

    def admin(self, command: str) -> str:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(str(self.state_dir / "haproxy.sock"))
            s.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def states(self) -> dict[str, str]:
        """HAProxy's view of each replica: UP, DOWN, ... (no check yet: 'no check' / 'UP 1/2' etc.)."""
        out = {}
        for line in self.admin("show stat").splitlines():
            cells = line.split(",")
            if len(cells) > 17 and cells[0] == "replicas" and cells[1].startswith("r"):
                out[cells[1]] = cells[17]
        return out

    def kill(self, index: int, sig: int = signal.SIGKILL) -> int:
        pid = self.pid(f"r{index}")
        os.kill(pid, sig)
        return pid

    def rss(self) -> dict[str, float]:
        return {name: rss_mb(pid) or 0.0 for name, (_, pid) in self.table().items() if name != "haproxy"}

    def log_text(self) -> str:
        return (self.state_dir / "serve.log").read_text(errors="replace") if (self.state_dir / "serve.log").exists() else ""

    def tracebacks(self) -> list[str]:
        blocks = []
        for path in sorted(self.state_dir.glob("replica-*.log")):
            lines = path.read_text(errors="replace").splitlines()
            blocks += ["\n".join(lines[max(0, i - 2) : i + 30]) for i, line in enumerate(lines) if "Traceback" in line]
        return blocks

    def prewarmed(self) -> int:
        """How many pre-warm runs (one per replica start) have finished."""
        path = self.state_dir / "prewarm.log"
        return path.read_text().count("pre-warmed ") if path.exists() else 0

    def wait_up(self, timeout: float = 120.0, *, prewarmed: int = 0) -> None:
        """Until every replica answers its health check, HAProxy has them all UP and ``prewarmed`` pre-warm
        runs have finished."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"serve.sh exited with {self.process.returncode}:\n{self.log_text()[-3000:]}")
            urls = self.replica_urls
            try:
                up = (
                    len(urls) == self.replicas
                    and all(_health_ok(u, 2) for u in urls.values())
                    and set(self.states().values()) == {"UP"}
                    and _health_ok(self.url, 2)
                )
            except OSError:
                up = False
            if up and self.prewarmed() >= prewarmed:
                return
            time.sleep(0.5)
        raise ServerError(f"the replicas did not come up within {timeout:.0f}s:\n{self.log_text()[-3000:]}")


@contextlib.contextmanager
def serve(
    replicas: int = 2,
    env: Mapping[str, str] | None = None,
    *,
    startup_timeout: float = 180.0,
    prewarm: bool = True,
    state_dir: str | os.PathLike | None = None,
) -> Iterator[Proxy]:
    """``bash scripts/serve.sh --replicas N`` on a free block of loopback ports; yields once every replica
    is up behind HAProxy (and, with ``prewarm``, pre-warmed)."""
    base = free_block(replicas + 1)
    folder = Path(state_dir) if state_dir else Path(tempfile.mkdtemp(prefix="clusterviz-serve-"))
    folder.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    log = open(folder / "serve.log", "wb")
    proc = subprocess.Popen(
        ["bash", str(SERVE), "--replicas", str(replicas), "--port", str(base), "--address", "127.0.0.1", "--state-dir", str(folder)],
        cwd=REPO_ROOT,
        env=full_env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    proxy = Proxy(f"http://127.0.0.1:{base}", state_dir=folder, process=proc, replicas=replicas)
    try:
        proxy.wait_up(startup_timeout, prewarmed=replicas if prewarm else 0)
        yield proxy
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # serve.sh stops its replicas and HAProxy
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()
