"""Pre-warm: compute each page's default view once, before the first room arrives.

A page's figures, tables and chart specs are cached per snapshot and inputs (View.cached, View.build: data/cache.py),
so the first visitor of a page pays for them and everyone after shares them.  When sixty people open a page
nobody has opened yet, they wait for that first computation together.  Pre-warming opens each page once,
with its default link, in Norwegian and in English, the way a browser tab does (the websocket
``/_stcore/stream``: ``rerun_script``, then wait for ``script_finished``), so the real page code fills the
caches: nothing here knows what a page computes.

- ``python -m clusterviz.app.prewarm --url http://127.0.0.1:8502``: once (scripts/serve.sh runs it after
  each replica starts);
- ``watch(url, root)``: a daemon thread in the server process that lists the snapshots every scan interval
  and pre-warms whenever the newest valid snapshot is new or was replaced (ui.start starts it in a real
  server, not under AppTest).  It also keeps an object store's catalog fresh without waiting for a visitor.

Uses the ``websockets`` client, a dependency of Streamlit itself (its server), so the app needs nothing more.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from http.cookies import SimpleCookie

log = logging.getLogger(__name__)
LANG_QUERIES = ("", "lang=en")  # the default link (nb) and its English twin
_watcher: threading.Thread | None = None
_watcher_lock = threading.Lock()


def page_paths() -> list[str]:
    from clusterviz.app.ui import PAGES

    return [url for _, _, url, _ in PAGES]


def _visit(base: str, page: str, query: str, timeout: float) -> float:
    """One tab: open ``page`` with ``query`` and wait until its script finished; seconds taken."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect
    from websockets.typing import Origin, Subprotocol

    start = time.perf_counter()
    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=timeout) as response:
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or ():
            jar.load(header)
    cookies = {name: morsel.value for name, morsel in jar.items()}
    token = cookies.get("_streamlit_xsrf", "PLACEHOLDER_AUTH_TOKEN")
    scheme, _, host = base.partition("://")
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else None
    ws_url = ("wss" if scheme == "https" else "ws") + f"://{host}/_stcore/stream"
    with connect(
        ws_url,
        subprotocols=[Subprotocol("streamlit"), Subprotocol(token)],
        origin=Origin(f"{scheme}://{host.split('/', 1)[0]}"),
        additional_headers=headers,
        open_timeout=timeout,
        max_size=None,
    ) as ws:
        back = BackMsg()
        back.rerun_script.CopyFrom(ClientState(query_string=query, page_name=page, page_script_hash=""))
        ws.send(back.SerializeToString())
        deadline = time.monotonic() + timeout
        while True:
            data = ws.recv(timeout=max(0.1, deadline - time.monotonic()))
            msg = ForwardMsg()
            msg.ParseFromString(data)
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
                ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ):  # not FINISHED_EARLY_FOR_RERUN
                return time.perf_counter() - start


def prewarm(base: str, pages: Sequence[str] | None = None, *, timeout: float = 120.0) -> list[tuple[str, str, float | None, str]]:
    """Open every page once per language, one after the other (so the visitors who arrive meanwhile share
    the computations rather than competing with many of them).  Returns (page, query, seconds or None,
    error) per visit; errors are reported, not raised."""
    done: list[tuple[str, str, float | None, str]] = []
    for page in pages if pages is not None else page_paths():
        for query in LANG_QUERIES:
            try:
                done.append((page, query, _visit(base.rstrip("/"), page, query, timeout), ""))
            except Exception as exc:  # a server that is restarting, a timeout: say so, go on
                done.append((page, query, None, f"{type(exc).__name__}: {exc}"))
    return done


def watch(base: str, root: str, interval: float | None = None) -> bool:
    """Start (once per process) the thread that pre-warms ``base`` whenever the newest valid snapshot
    under ``root`` changes.  Returns True when this call started it."""
    global _watcher
    with _watcher_lock:
        if _watcher is not None and _watcher.is_alive():
            return False
        _watcher = threading.Thread(target=_watch, args=(base, root, interval), daemon=True, name="clusterviz-prewarm")
        _watcher.start()
        return True


def _newest_identity(root: str) -> tuple | None:
    from clusterviz.data import store

    catalog = store.scan(root, max_age=store.scan_interval(root))
    if catalog.newest is None:
        return None
    snapshot = store.load(catalog.newest.location)
    return (
        catalog.newest.location,
        snapshot.manifest.created,
        tuple(sorted((name, str(meta.get("sha256"))) for name, meta in snapshot.manifest.tables.items())),
    )


def watch_once(base: str, root: str, warmed: tuple | None) -> tuple | None:
    """One look at the snapshots: pre-warm when the newest valid one is not ``warmed``; returns what is
    warmed now (unchanged when a view failed, so the next look tries again)."""
    newest = _newest_identity(root)
    if newest is None or newest == warmed:
        return warmed
    start = time.perf_counter()
    visits = prewarm(base)
    failed = [v for v in visits if v[2] is None]
    log.info(
        "pre-warmed %s for %s: %d views in %.1fs%s",
        base,
        newest[0],
        len(visits),
        time.perf_counter() - start,
        f", {len(failed)} failed: {failed[0][3]}" if failed else "",
    )
    return warmed if failed else newest


def _watch(base: str, root: str, interval: float | None) -> None:
    from clusterviz.data import store

    warmed = None
    while True:
        try:
            warmed = watch_once(base, root, warmed)
        except Exception:  # never let the watcher die silently
            log.exception("pre-warm watcher")
        time.sleep(interval or max(store.scan_interval(root), 5.0))


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base.rstrip('/')}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clusterviz.app.prewarm", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8502")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument(
        "--wait", type=float, default=0.0, help="seconds to wait for the server's health check first (e.g. a container's postStart)"
    )
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.wait
    while not _healthy(args.url) and time.monotonic() < deadline:
        time.sleep(0.5)
    start = time.perf_counter()
    visits = prewarm(args.url, timeout=args.timeout)
    for page, query, seconds, error in visits:
        print(f"/{page}{'?' + query if query else ''}: " + (f"{seconds:.2f}s" if seconds is not None else error))
    failed = sum(1 for v in visits if v[2] is None)
    print(f"pre-warmed {args.url}: {len(visits) - failed} of {len(visits)} views in {time.perf_counter() - start:.1f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
