"""``python -m benchmarks``: bursts of simultaneous first renders, printed as a table.

    python -m benchmarks --smoke              # baseline app, one burst of 3 (CI)
    python -m benchmarks --n 10 30            # every scenario at N=10 and N=30
    python -m benchmarks --json out.json      # also write the rows as JSON

Exit status 0 when every render finished without an error, else 1.

Add rows by adding a :class:`Scenario` to ``SCENARIOS`` (one server is started
per distinct script + args + env; each of its scenarios then runs at every N).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.client import burst, first_render, run
from benchmarks.report import Measurement, format_table
from benchmarks.servers import REPO_ROOT, rss_mb, streamlit_server

BENCH_DIR = Path(__file__).resolve().parent
OUTPUT_DIR = BENCH_DIR / "output"
BASELINE_APP = BENCH_DIR / "baseline_app.py"


@dataclass(frozen=True)
class Scenario:
    name: str                              # row label
    script: Path                           # streamlit entry script
    page: str = ""                         # URL path of the page ("" = default page)
    query_string: str = ""
    baseline: str | None = "baseline"      # ratios against this row (same N)
    extra_args: tuple[str, ...] = ()       # extra `streamlit run` flags
    env: tuple[tuple[str, str], ...] = ()  # extra environment for the server

    def server(self) -> tuple:
        return (str(self.script), self.extra_args, self.env)


BASELINE = Scenario("baseline", BASELINE_APP, baseline=None)

# The full matrix (the app's pages, N = 10/30/60, ...) is added here.
SCENARIOS: list[Scenario] = [BASELINE]
DEFAULT_NS: tuple[int, ...] = (10,)


def measure(scenarios: Sequence[Scenario], ns: Sequence[int], *, warmup: int = 1,
            timeout: float = 180.0, pause: float = 1.0, log=print) -> list[Measurement]:
    """Run every scenario at every N; scenarios sharing a server reuse it."""
    groups: dict[tuple, list[Scenario]] = {}
    for sc in scenarios:
        groups.setdefault(sc.server(), []).append(sc)
    rows: list[Measurement] = []
    for (script, extra_args, env), group in groups.items():
        log(f"# starting streamlit run {script} {' '.join(extra_args)}".rstrip())
        with streamlit_server(script, cwd=REPO_ROOT, extra_args=extra_args, env=dict(env),
                              log_dir=OUTPUT_DIR / "logs") as server:
            for sc in group:
                for _ in range(warmup):  # imports, caches: not what a burst should measure
                    warm = run(first_render(server, sc.page, sc.query_string, timeout=timeout))
                    if not warm.ok:
                        log(f"# warm-up of {sc.name} failed: {warm.error_messages}")
                for n in ns:
                    time.sleep(pause)  # let the previous sessions' cleanup settle
                    stats = run(burst(server, n, sc.page, sc.query_string, timeout=timeout))
                    rows.append(Measurement(sc.name, sc.page, n, stats, baseline=sc.baseline,
                                            rss_mb=rss_mb(server.process.pid)))
                    log(f"# {sc.name} N={n}: p50 {stats.p50:.3f}s, errors {stats.errors}")
            tracebacks = server.tracebacks()
            if tracebacks:
                log(f"# server log has {len(tracebacks)} traceback(s): {server.log_path}")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="baseline app only, one burst of 3 (CI)")
    parser.add_argument("--n", type=int, nargs="+", help=f"burst sizes (default {list(DEFAULT_NS)})")
    parser.add_argument("--only", nargs="+", metavar="ROW", help="run only these scenario names")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per render (default 180)")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args(argv)

    if args.smoke:
        scenarios, ns = [BASELINE], args.n or [3]
    else:
        scenarios, ns = SCENARIOS, args.n or list(DEFAULT_NS)
        if args.only:
            scenarios = [s for s in scenarios if s.name in args.only]
            if not scenarios:
                parser.error(f"no scenario named {args.only}; known: {[s.name for s in SCENARIOS]}")
    rows = measure(scenarios, ns, timeout=args.timeout, log=lambda m: print(m, file=sys.stderr, flush=True))
    print(format_table(rows))
    failed = [r for r in rows if not r.ok]
    for r in failed:
        print(f"FAILED {r.name} N={r.n}: {r.stats.finished}/{r.n} finished, {r.stats.errors} errors; "
              f"{r.stats.failures[:5]}", file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([r.as_dict() for r in rows], indent=2), encoding="utf-8")
    return 1 if failed or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
