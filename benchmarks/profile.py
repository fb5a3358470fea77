"""Where a page's rerun spends its time: cProfile of AppTest runs of app.py (no server, no network).

    python -m benchmarks.profile renewals                  # demo data, filter change Norway -> Denmark -> all
    python -m benchmarks.profile renewals --warm           # the same filters once more first: filters already seen
    python -m benchmarks.profile renewals --control        # the page's own control (its values in CONTROL_VALUES)
    python -m benchmarks.profile renewals --shell          # and the share of the app shell's parts in those runs
    python -m benchmarks.profile map --europe              # the Europe-scale snapshot (made in a temp dir)
    python -m benchmarks.profile overview --top 40 --sort tottime

The first run of the page (imports, snapshot load, label states) is not profiled; then each of the filter
states in ``--filters`` (or the control's values) is applied in turn and those reruns are profiled together.
The profiler is switched on inside Streamlit's script thread (ScriptRunner._run_script), which is where a
page's time goes, and counts CPU time (``--timer wall`` for elapsed time): the machine's other work does not
count.  Every run shares one compiled-script cache, as a server does (AppTest compiles the scripts again on
every run otherwise, a third of what it measured).  AppTest reruns the whole script even for a control drawn
in ``st.fragment``; the benchmark's ``control rerun`` row measures the fragment run a browser gets.
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

# What --control sets, per page: the control's state key and its values (the values its link parameter takes).
CONTROL_VALUES = {
    "map": ("map_measure", ("share_valid", "lapsed", "valid")),
    "renewals": ("renewals_horizon", ("12", "3", "6")),
    "comparison": ("cmp_peer_kind", ("programme", "sector", "county")),
    "competence": ("competence_area", ("structure", "management", "financing")),
}

# The app shell's parts and Streamlit's per-element work, as (label, file suffix, function): what --shell sums.
SHELL_PARTS = (
    ("ui.start", "clusterviz/app/ui.py", "start"),
    ("ui.navigation", "clusterviz/app/ui.py", "navigation"),
    ("ui.sidebar", "clusterviz/app/ui.py", "sidebar"),
    ("  the snapshot catalog (store.scan)", "clusterviz/app/ui.py", "_catalog"),
    ("ui.page_setup", "clusterviz/app/ui.py", "page_setup"),
    ("ui.finish", "clusterviz/app/ui.py", "finish"),
    ("links.publish", "clusterviz/app/links.py", "publish"),
    ("downloads.chart", "clusterviz/app/downloads.py", "chart"),
    ("downloads.download_buttons", "clusterviz/app/downloads.py", "download_buttons"),
    ("downloads.cluster_table", "clusterviz/app/downloads.py", "cluster_table"),
    ("Streamlit: queueing elements (_enqueue)", "streamlit/delta_generator.py", "_enqueue"),
    ("  of which hashing messages for the client's cache", "streamlit/runtime/forward_msg_cache.py", "populate_hash_if_needed"),
    ("Streamlit: st.altair_chart", "streamlit/elements/vega_charts.py", "altair_chart"),
    ("Streamlit: st.dataframe", "streamlit/elements/arrow.py", "dataframe"),
    ("Streamlit: st.download_button", "streamlit/elements/widgets/button.py", "download_button"),
)


def europe_root(folder: str, n_clusters: int = 2000) -> str:
    """Write the Europe-scale snapshot under folder (once) and return the snapshot root for CLUSTERVIZ_DATA."""
    from clusterviz.data import demo

    root = os.path.join(folder, "snapshots")
    if not os.path.isdir(root) or not os.listdir(root):
        demo.write_europe(folder, n_clusters=n_clusters)
    return root


def _share_compiled_scripts():
    """One ScriptCache for every AppTest run (a server compiles each script once); returns the undo."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    saved = app_test.ScriptCache, local_runner.ScriptCache
    app_test.ScriptCache = local_runner.ScriptCache = lambda: shared  # type: ignore[assignment,misc]

    def undo() -> None:
        app_test.ScriptCache, local_runner.ScriptCache = saved  # type: ignore[misc]

    return undo


def profile_page(
    page: str,
    filters: Sequence[str] = DEFAULT_FILTERS,
    data_root: str | None = None,
    lang: str = "en",
    first_renders: int = 0,
    *,
    warm: bool = False,
    control: tuple[str, Sequence[str]] | None = None,
    timer: str = "cpu",
) -> tuple[pstats.Stats, list[float]]:
    """Profile the reruns of one page (its key in clusterviz.app.ui.PAGES) while the country filter changes
    (``control``: while the state key takes each of the values), or with ``first_renders`` the first render
    of that many new sessions (what a burst costs per visitor).  ``warm``: every state is applied once before
    the profiled reruns, so they show what a state already seen costs.  Returns the stats and the seconds of
    each profiled run (CPU seconds with ``timer="cpu"``)."""
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    from clusterviz.app.ui import PAGES

    if data_root:
        os.environ["CLUSTERVIZ_DATA"] = data_root
    clock = time.process_time if timer == "cpu" else time.perf_counter
    path = dict((key, file) for key, file, *_ in PAGES)[page]
    profiler = cProfile.Profile(clock)
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
    undo = _share_compiled_scripts()
    try:
        if first_renders:
            return _profile_first_renders(page, path, first_renders, lang, active, profiler, clock)
        at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=300)
        at.query_params["lang"] = lang
        at.run()
        if path != PAGES[0][1]:
            at.switch_page(path)
            at.run()
        if at.exception:
            raise RuntimeError(f"{page}: {[e.message for e in at.exception]}")
        key, values = control if control else ("f_country", filters)
        for value in values if warm else ():
            at.session_state[key] = value
            at.run()
        seconds = []
        active["on"] = True
        for value in values:
            at.session_state[key] = value
            start = clock()
            at.run()
            seconds.append(clock() - start)
            if at.exception:
                raise RuntimeError(f"{page} with {key}={value}: {[e.message for e in at.exception]}")
    finally:
        script_runner.ScriptRunner._run_script = original
        undo()
    return pstats.Stats(profiler), seconds


def _profile_first_renders(page, path, count, lang, active, profiler, clock):
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
        start = clock()
        at.run()
        seconds.append(clock() - start)
        active["on"] = False
        if at.exception:
            raise RuntimeError(f"{page}: {[e.message for e in at.exception]}")
    return pstats.Stats(profiler), seconds


def shell_shares(stats: pstats.Stats) -> list[tuple[str, float, int]]:
    """(part, cumulative seconds, calls) of each of SHELL_PARTS found in the profile, in SHELL_PARTS' order."""
    found = []
    for label, suffix, name in SHELL_PARTS:
        hits = [
            (cumulative, calls)
            for (file, _, function), (_, calls, _, cumulative, _) in stats.stats.items()  # type: ignore[attr-defined]
            if function == name and file.replace(os.sep, "/").endswith(suffix)
        ]
        if hits:
            found.append((label, max(hits)[0], max(hits)[1]))
    return found


def format_shares(stats: pstats.Stats, runs: int) -> str:
    """The shell's parts as milliseconds per run and their share of the profiled time."""
    total = stats.total_tt  # type: ignore[attr-defined]
    lines = [f"# the shell's parts and Streamlit's per-element work ({runs} runs, {1000 * total / max(runs, 1):.1f} ms per run)"]
    for label, seconds, calls in shell_shares(stats):
        lines.append(
            f"{1000 * seconds / max(runs, 1):8.2f} ms/run {100 * seconds / total:5.1f} %  {calls / max(runs, 1):6.1f} calls/run  {label}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.profile", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("page", help="page key, e.g. overview, map, renewals")
    parser.add_argument("--europe", action="store_true", help="use the Europe-scale synthetic snapshot")
    parser.add_argument("--data", help="snapshot root (CLUSTERVIZ_DATA) instead of the bundled demo")
    parser.add_argument("--filters", nargs="+", default=list(DEFAULT_FILTERS), help="country states to apply")
    parser.add_argument("--warm", action="store_true", help="apply every state once before profiling (states already seen)")
    parser.add_argument(
        "--control", action="store_true", help=f"change the page's own control instead of the filter ({', '.join(CONTROL_VALUES)})"
    )
    parser.add_argument(
        "--first", type=int, default=0, metavar="N", help="profile the first render of N new sessions instead of filter changes"
    )
    parser.add_argument("--timer", choices=("cpu", "wall"), default="cpu", help="CPU time of the process (default) or elapsed time")
    parser.add_argument("--shell", action="store_true", help="also print the share of the app shell's parts")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime, ...)")
    parser.add_argument("--out", help="also dump the raw profile here (for snakeviz / pstats)")
    args = parser.parse_args(argv)
    if args.control and args.page not in CONTROL_VALUES:
        parser.error(f"no control values for {args.page!r}; pages with a control: {', '.join(CONTROL_VALUES)}")
    with tempfile.TemporaryDirectory(prefix="clusterviz-profile-") as tmp:
        root = args.data or (europe_root(tmp) if args.europe else None)
        stats, seconds = profile_page(
            args.page,
            args.filters,
            root,
            first_renders=args.first,
            warm=args.warm,
            control=CONTROL_VALUES[args.page] if args.control else None,
            timer=args.timer,
        )
    what = "first renders" if args.first else f"{'control' if args.control else 'filter'} reruns{' (seen before)' if args.warm else ''}"
    print(
        f"# {args.page}: {what} {', '.join(f'{s:.3f}s' for s in seconds)} ({args.timer} time; "
        f"{'europe' if args.europe else args.data or 'demo'} data)"
    )
    if args.out:
        stats.dump_stats(args.out)
    if args.shell:
        print(format_shares(stats, len(seconds)))
    buffer = io.StringIO()
    stats.stream = buffer  # type: ignore[attr-defined]
    stats.sort_stats(args.sort).print_stats(args.top)
    print(buffer.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
