"""``python -m benchmarks``: every page of the app against stock Streamlit's one-line page, in one table.

    python -m benchmarks                       # full run: bursts N=10/30/60, the 60-burst side by side (stock,
                                               # 1 process without and with pre-warm, 2 replicas + proxy; cold and
                                               # warm), reruns (demo + Europe scale),
                                               # RSS with 1/10/60 sessions, snapshot load  (< 10 min)
    python -m benchmarks --quick               # N=10 only, fewer reruns and sessions (~2 min)
    python -m benchmarks --pages overview map  # only these pages (keys of clusterviz.app.ui.PAGES)
    python -m benchmarks --sections settings   # each config setting undone: memory growth, burst p95
    python -m benchmarks --smoke               # CI: every page renders and reruns with 0 errors, then one burst
                                               # through the proxy to 2 replicas on the S3 server; no timing
    python -m benchmarks --json out.json       # also write the rows as JSON

Exit status 1 when any render failed, drew an exception or a server logged a traceback; targets that
are not met are reported, not failed (this machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.report import format_reruns, format_rows, format_three_way, summary
from benchmarks.suite import SECTIONS, Plan, app_pages, measure


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="correctness only: every page, one filter change (CI)")
    parser.add_argument("--quick", action="store_true", help="N=10, one filter cycle, 1/10 sessions")
    parser.add_argument("--pages", nargs="+", metavar="KEY", help="only these pages (default: all of ui.PAGES)")
    parser.add_argument("--sections", nargs="+", choices=SECTIONS, help="default: burst rerun rss load")
    parser.add_argument("--n", type=int, nargs="+", help="burst sizes (default 10 30 60)")
    parser.add_argument("--europe-clusters", type=int, default=2000, help="clusters in the Europe snapshot")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per render (default 180)")
    parser.add_argument("--replicas", type=int, default=2, help="replicas behind the proxy (default 2)")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args(argv)

    try:
        pages = app_pages(args.pages)
    except ValueError as exc:
        parser.error(str(exc))
    plan = Plan(pages=pages, europe_clusters=args.europe_clusters, timeout=args.timeout, replicas=args.replicas)
    if args.quick:
        plan.ns, plan.rounds, plan.rss_counts, plan.load_repeats, plan.settings_sessions = (10,), 1, (1, 10), 3, 60
    if args.n:
        plan.ns = tuple(args.n)
    if args.smoke:
        plan.sections = ("smoke", "smoke-replicas")
    elif args.sections:
        plan.sections = tuple(args.sections)

    start = time.perf_counter()
    rows, tracebacks = measure(plan, log=lambda m: print(m, file=sys.stderr, flush=True))
    elapsed = time.perf_counter() - start
    print(format_rows(rows))
    for extra in (format_reruns(rows), format_three_way(rows)):
        if extra:
            print("\n" + extra)
    print(f"\n{summary(rows)}; {len(tracebacks)} server traceback(s); {elapsed:.0f}s")
    for block in tracebacks[:3]:
        print(block, file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"rows": [r.as_dict() for r in rows], "seconds": elapsed, "tracebacks": tracebacks}, indent=2), encoding="utf-8"
        )
    errors = sum(r.errors for r in rows)
    return 1 if errors or tracebacks or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
