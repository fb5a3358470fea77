"""Load: many visitors clicking through the app at once, on a real server, for a bounded time.

Each visitor is one browser tab driven by ``benchmarks.client``: it opens a page (the pages in turn, half
in Norwegian, half in English), then alternates between changing the shared country filter and moving to
another page through the navigation (as the sidebar does: the page's URL path, no query string), for
``actions`` script runs in all, and leaves.  All visitors of a round start at the same moment.

A round counts every script run that did not finish, drew an exception, or showed "page not found", and
the server's resident memory after the round (``/proc``).  The first round warms the server up (imports,
snapshot loading, per-filter caches, chart specs); memory is judged on the rounds after it, which repeat
the same visits: a leak (sessions, media files or caches that are never freed) grows with every round,
while a healthy server stays near its warmed-up size.

    python -m benchmarks.load                     # 60 visitors x 5 actions, 3 rounds, the app's own config
    python -m benchmarks.load --sessions 20 --rounds 2 --json benchmarks/output/load.json

tests/unit/test_load.py runs it (bounded) and asserts zero errors and the memory bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from benchmarks.client import RenderResult, Session, first_render, percentile, rerun, run
from benchmarks.servers import REPO_ROOT, STOCK_FLAGS, Server, rss_mb, streamlit_server

COUNTRY_WIDGET = "f_country"  # the shared sidebar filter: all, Norway, Denmark
SETTLE_SECONDS = 2.0  # after a round: let the server finish closing sessions before measuring


@dataclass
class Round:
    """One round of visitors: script runs, their latency, errors, and the server's memory afterwards."""

    visitors: int
    actions: int  # script runs per visitor
    runs: int
    errors: int
    wall_seconds: float
    p50: float
    p95: float
    max: float
    rss_mb: float
    failures: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    sessions: int
    actions: int
    rounds: list[Round]
    tracebacks: int = 0
    log_path: str = ""

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.rounds) + self.tracebacks

    @property
    def warm_rss(self) -> float:
        """Memory after the warm-up round."""
        return self.rounds[0].rss_mb

    @property
    def growth(self) -> float:
        """MiB the server grew between the end of the warm-up round and the end of the last round."""
        return self.rounds[-1].rss_mb - self.rounds[0].rss_mb

    def lines(self) -> list[str]:
        out = [f"{self.sessions} visitors at once per round"]
        for i, r in enumerate(self.rounds):
            out.append(
                f"round {i + 1}{' (warm-up)' if i == 0 else ''}: {r.visitors} x {r.actions} = "
                f"{r.runs} runs in {r.wall_seconds:.1f}s, "
                f"p50 {r.p50:.2f}s p95 {r.p95:.2f}s max {r.max:.2f}s, errors {r.errors}, "
                f"RSS {r.rss_mb:.0f} MiB" + (f"; {r.failures[0][:100]}" if r.failures else "")
            )
        out.append(f"memory growth after warm-up: {self.growth:+.0f} MiB; tracebacks in the server log: {self.tracebacks}")
        return out


def _pages() -> list[str]:
    """The URL paths of the app's pages ("" is the default page)."""
    from clusterviz.app.ui import PAGES

    return [url for _, _, url, _ in PAGES]


def _bad(result: RenderResult) -> str | None:
    if result.ok:
        return None
    return "; ".join(result.error_messages[:2]) or f"not finished ({result.status or 'no script_finished'})"


async def go_to(session: Session, url_path: str, *, timeout: float) -> RenderResult:
    """Move to another page the way the sidebar navigation does: its URL path, the query string dropped
    (the page hash is left to the server, which finds the page by path and answers with its hash)."""
    session.page_name = url_path
    session.page_script_hash = ""
    return await rerun(session, None, "", timeout=timeout)


async def visitor(url: str, index: int, pages: Sequence[str], actions: int, *, timeout: float = 120.0) -> list[tuple[str, RenderResult]]:
    """One tab: open a page, then alternate filter changes and page moves, ``actions`` runs in all."""
    start = pages[index % len(pages)]
    lang = "en" if index % 2 else "nb"
    first = await first_render(url, start, f"lang={lang}", timeout=timeout, keep_open=True)
    done = [(f"open /{start}", first)]
    session = first.session
    try:
        for step in range(1, actions):
            if not done[-1][1].finished or session.ws is None:
                break
            if step % 2:
                try:
                    widget = session.find_widget(COUNTRY_WIDGET)
                except KeyError:
                    done.append(("country filter", RenderResult(0.0, 0, 1, session, error_messages=["no country filter drawn"])))
                    break
                choice = widget.options[(index + step) % len(widget.options)]
                done.append((f"country={choice}", await rerun(session, {widget.id: [choice]}, timeout=timeout)))
            else:
                target = pages[(index + step) % len(pages)]
                done.append((f"go to /{target}", await go_to(session, target, timeout=timeout)))
    finally:
        await session.close()
    return done


async def one_round(
    url: str, sessions: int, actions: int, pages: Sequence[str], *, timeout: float
) -> tuple[list[RenderResult], list[str], float]:
    t0 = time.perf_counter()
    visits = await asyncio.gather(*(visitor(url, i, pages, actions, timeout=timeout) for i in range(sessions)), return_exceptions=True)
    wall = time.perf_counter() - t0
    results: list[RenderResult] = []
    failures: list[str] = []
    for i, visit in enumerate(visits):
        if isinstance(visit, BaseException):
            failures.append(f"visitor {i}: {type(visit).__name__}: {visit}")
            continue
        for label, result in visit:
            results.append(result)
            problem = _bad(result)
            if problem:
                failures.append(f"visitor {i}, {label}: {problem}")
        if len(visit) < actions:
            failures.append(f"visitor {i} stopped after {len(visit)} of {actions} actions")
    return results, failures, wall


def load(
    server: Server,
    sessions: int = 60,
    actions: int = 5,
    rounds: int = 3,
    *,
    warm_up_actions: int | None = None,
    timeout: float = 120.0,
    log=print,
) -> LoadReport:
    """Run ``rounds`` rounds of ``sessions`` simultaneous visitors against a running server; the first
    (warm-up) round's visitors make ``warm_up_actions`` script runs each (default: ``actions``)."""
    pages = _pages()
    report = LoadReport(sessions, actions, [], log_path=str(server.log_path))
    for i in range(rounds):
        steps = actions if i or warm_up_actions is None else warm_up_actions
        results, failures, wall = run(one_round(server, sessions, steps, pages, timeout=timeout))
        time.sleep(SETTLE_SECONDS)
        seconds = [r.seconds for r in results if r.finished]
        report.rounds.append(
            Round(
                visitors=sessions,
                runs=len(results),
                errors=len(failures),
                wall_seconds=wall,
                actions=steps,
                p50=statistics.median(seconds) if seconds else 0.0,
                p95=percentile(seconds, 95),
                max=max(seconds, default=0.0),
                rss_mb=rss_mb(server.process.pid) or 0.0,
                failures=failures[:20],
            )
        )
        log(report.lines()[len(report.rounds)])
    report.tracebacks = len(server.tracebacks())
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--actions", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warm-up-actions", type=int, help="script runs per visitor in the first round")
    parser.add_argument("--json", help="write the report here")
    args = parser.parse_args(argv)
    with streamlit_server(REPO_ROOT / "app.py", cwd=REPO_ROOT, flags=STOCK_FLAGS) as server:
        report = load(server, args.sessions, args.actions, args.rounds, warm_up_actions=args.warm_up_actions)
    for line in report.lines():
        print(line)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(asdict(report), fh, indent=2)
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
