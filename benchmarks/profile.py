"""Where a page's rerun spends its time: cProfile of AppTest runs of app.py (no server, no network).

    python -m benchmarks.profile renewals                     # demo data, filter change Norway -> Denmark
    python -m benchmarks.profile map --europe                 # the Europe-scale snapshot (made in a temp dir)
    python -m benchmarks.profile overview --top 40 --sort tottime

The first run of the page (imports, snapshot load, label states) is not profiled; then each of the filter
states in ``--filters`` is applied in turn and those reruns are profiled together. The profiler is switched
on inside Streamlit's script thread (ScriptRunner._run_script), which is where a page's time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Sequence

from benchmarks.servers import REPO_ROOT

DEFAULT_FILTERS = ("NO", "DK", "ALL")


def europe_root(folder: str, n_clusters: int = 2000) -> str:
    """Write the Europe-scale snapshot under folder (once) and return the snapshot root for CLUSTERVIZ_DATA."""
    from clusterviz.data import demo

    root = os.path.join(folder, "snapshots")
    if not os.path.isdir(root) or not os.listdir(root):
        demo.write_europe(folder, n_clusters=n_clusters)
    return root


def profile_page(
    page: str, filters: Sequence[str] = DEFAULT_FILTERS, data_root: str | None = None, lang: str = "en", first_renders: int = 0
) -> tuple[pstats.Stats, list[float]]:
    """Profile the reruns of one page (its key in clusterviz.app.ui.PAGES) while the country filter changes, or
    with ``first_renders`` the first render of that many new sessions (what a burst costs per visitor)."""
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    from clusterviz.app.ui import PAGES

    if data_root:
        os.environ["CLUSTERVIZ_DATA"] = data_root
    path = dict((key, file) for key, file, *_ in PAGES)[page]
    profiler = cProfile.Profile()
    active = {"on": False}
    original = script_runner.ScriptRunner._run_script

    def profiled(self, rerun_data):
        if not active["on"]:
            return original(self, rerun_data)
        profiler.enable()
        try:
            return original(self, rerun_data)
        finally:
            profiler.disable()

    script_runner.ScriptRunner._run_script = profiled
    try:
        if first_renders:
            return _profile_first_renders(page, path, first_renders, lang, active, profiler)
        at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=300)
        at.query_params["lang"] = lang
        at.run()
        if path != PAGES[0][1]:
            at.switch_page(path)
            at.run()
        if at.exception:
            raise RuntimeError(f"{page}: {[e.message for e in at.exception]}")
        seconds = []
        active["on"] = True
        for country in filters:
            at.session_state["f_country"] = country
            start = time.perf_counter()
            at.run()
            seconds.append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"{page} with {country}: {[e.message for e in at.exception]}")
    finally:
        script_runner.ScriptRunner._run_script = original
    return pstats.Stats(profiler), seconds


def _profile_first_renders(page, path, count, lang, active, profiler):
    from streamlit.testing.v1 import AppTest

    from clusterviz.app.ui import PAGES

    def session():
        at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=300)
        at.query_params["lang"] = lang
        if path != PAGES[0][1]:
            at.run()  # AppTest reaches a page by switching to it after the entry page
            at.switch_page(path)
        return at

    warm = session()
    warm.run()
    seconds = []
    for _ in range(count):
        at = session()
        active["on"] = True
        start = time.perf_counter()
        at.run()
        seconds.append(time.perf_counter() - start)
        active["on"] = False
        if at.exception:
            raise RuntimeError(f"{page}: {[e.message for e in at.exception]}")
    return pstats.Stats(profiler), seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.profile", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("page", help="page key, e.g. overview, map, renewals")
    parser.add_argument("--europe", action="store_true", help="use the Europe-scale synthetic snapshot")
    parser.add_argument("--data", help="snapshot root (CLUSTERVIZ_DATA) instead of the bundled demo")
    parser.add_argument("--filters", nargs="+", default=list(DEFAULT_FILTERS), help="country states to apply")
    parser.add_argument(
        "--first", type=int, default=0, metavar="N", help="profile the first render of N new sessions instead of filter changes"
    )
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime, ...)")
    parser.add_argument("--out", help="also dump the raw profile here (for snakeviz / pstats)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="clusterviz-profile-") as tmp:
        root = args.data or (europe_root(tmp) if args.europe else None)
        stats, seconds = profile_page(args.page, args.filters, root, first_renders=args.first)
    print(
        f"# {args.page}: {'first renders' if args.first else 'reruns'} {', '.join(f'{s:.3f}s' for s in seconds)} "
        f"({'europe' if args.europe else args.data or 'demo'} data)"
    )
    if args.out:
        stats.dump_stats(args.out)
    buffer = io.StringIO()
    stats.stream = buffer
    stats.sort_stats(args.sort).print_stats(args.top)
    print(buffer.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
