"""The measurements behind ``python -m benchmarks``: each returns report rows (page vs baseline, same run).

Servers (each started fresh, run through the real websocket protocol by ``benchmarks.client``):

- **stock**: ``baseline_app.py`` (``st.write("hello")``) copied into an empty temp folder and started with no
  flags but headless/address, so no ``.streamlit/config.toml`` applies: stock Streamlit, default settings.
- **baseline + app settings**: the same one-liner started from the repository root, so the app's
  ``.streamlit/config.toml`` applies: what the settings alone buy on an empty page.
- **app**: ``app.py`` from the repository root with its own config (nothing overridden on the command
  line), on the bundled demo snapshots ("demo") or on the Europe-scale synthetic snapshot ("europe",
  ``CLUSTERVIZ_DATA`` pointing at a temp root written by ``clusterviz.data.demo.write_europe``).

Sections: ``burst`` (N simultaneous first renders per page), ``rerun`` (a shared-filter change on an open
session: country Norway, Denmark, all; bytes per rerun come from the same reruns; then a change of the page's
own control (``CONTROLS``: renewals' horizon, comparison's peer choice, ...), sent as the browser sends it:
with the fragment's id when the control is drawn inside ``st.fragment``), ``rss`` (server memory
with 1/10/60 sessions kept open), ``load`` (validated snapshot load vs a bare pyarrow read, in process),
``settings`` (each server setting of the app's config undone in turn: memory growth over many sessions and
a burst; the ``runner.postScriptGC`` trade-off).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from benchmarks.client import RenderResult, WidgetInfo, burst, first_render, rerun, run
from benchmarks.report import Row, check
from benchmarks.servers import REPO_ROOT, STOCK_FLAGS, Server, cpu_seconds, rss_mb, streamlit_server

BENCH_DIR = Path(__file__).resolve().parent
OUTPUT_DIR = BENCH_DIR / "output"
LOG_DIR = OUTPUT_DIR / "logs"
BASELINE_APP = BENCH_DIR / "baseline_app.py"
APP = REPO_ROOT / "app.py"
QUERY = "lang=en"
COUNTRY_WIDGET = "f_country"  # the shared sidebar filter (segmented control: all, Norway, Denmark)
FILTER_CYCLE = (1, 2, 0)  # option indices: Norway, Denmark, back to all countries
SECTIONS = ("burst", "replicas", "rerun", "rss", "load", "settings", "smoke", "smoke-replicas")
MiB = 1024 * 1024


@dataclass(frozen=True)
class Control:
    """A page's own control, changed by the ``control rerun`` measure: found by its ``key=`` among the
    elements the tab received; the link must follow each change (``param`` is the query parameter it is
    bound to)."""

    key: str
    param: str


# The control of each page that redraws part of it (the issue: "st.fragment for page controls that redraw
# one part"); pages without one are measured with the shared filter only.
CONTROLS = {
    "map": Control("map_measure", "measure"),
    "collaboration": Control("collab", "collab"),
    "renewals": Control("renewals_horizon", "horizon"),
    "comparison": Control("cmp_peer_kind", "peer"),
    "competence": Control("competence_area", "area"),
}


@dataclass
class ControlSeries:
    """The first render, the control found in it, the control reruns and the link's ``param`` after each."""

    first: RenderResult
    widget: WidgetInfo | None = None
    reruns: list[RenderResult] = field(default_factory=list)
    linked: list[str | None] = field(default_factory=list)
    missing: bool = False  # the page rendered without the control (no data for it at this scale)

    @property
    def errors(self) -> int:
        return (0 if self.first.ok and (self.widget is not None or self.missing) else 1) + sum(0 if r.ok else 1 for r in self.reruns)

    @property
    def where(self) -> str:
        return "fragment" if self.widget is not None and self.widget.fragment_id else "whole page"


@dataclass(frozen=True)
class Page:
    key: str  # clusterviz.app.ui.PAGES key
    url: str  # its URL path, sent as page_name ("" for the overview, the default page)


def app_pages(only: Sequence[str] | None = None) -> list[Page]:
    from clusterviz.app.ui import PAGES

    pages = [Page(key, url) for key, _, url, _ in PAGES]
    if only:
        unknown = set(only) - {p.key for p in pages}
        if unknown:
            raise ValueError(f"unknown page(s) {sorted(unknown)}; known: {[p.key for p in pages]}")
        pages = [p for p in pages if p.key in only]
    return pages


@dataclass
class Plan:
    pages: list[Page]
    ns: tuple[int, ...] = (10, 30, 60)
    rounds: int = 2  # times the filter cycle is applied per page (3 reruns each)
    rss_counts: tuple[int, ...] = (1, 10, 60)
    load_repeats: int = 7
    settings_sessions: int = 200
    sections: tuple[str, ...] = ("burst", "replicas", "rerun", "rss", "load")
    europe_clusters: int = 2000
    timeout: float = 180.0
    replicas: int = 2  # behind the proxy in the "replicas" section
    smoke_n: int = 30  # the smoke run's one burst through the proxy


@dataclass
class Context:
    """Shared state of one benchmark run: the temp folder, the Europe snapshot, logs and tracebacks."""

    tmp: Path
    log: Callable[[str], None] = print
    tracebacks: list[str] = field(default_factory=list)
    _europe: str | None = None

    def europe_root(self, n_clusters: int = 2000) -> str:
        """The Europe-scale snapshot root (written once per run, deterministic)."""
        if self._europe is None:
            from clusterviz.data import demo

            start = time.perf_counter()
            demo.write_europe(str(self.tmp / "europe"), n_clusters=n_clusters)
            self._europe = str(self.tmp / "europe" / "snapshots")
            self.log(f"# Europe snapshot ({n_clusters} clusters) written in {time.perf_counter() - start:.1f}s")
        return self._europe

    @contextlib.contextmanager
    def server(self, kind: str, *, env: dict[str, str] | None = None, extra_args: Sequence[str] = ()) -> Iterator[Server]:
        """Start one of the servers described in the module docstring; tracebacks in its log are kept."""
        if kind == "stock":
            folder = self.tmp / "stock"
            folder.mkdir(exist_ok=True)
            shutil.copy(BASELINE_APP, folder / BASELINE_APP.name)
            script, cwd = folder / BASELINE_APP.name, folder
        elif kind == "baseline+config":
            script, cwd = BASELINE_APP, REPO_ROOT
        elif kind in ("app", "app (no pre-warm)"):
            script, cwd = APP, REPO_ROOT
            if kind != "app":
                env = {**(env or {}), "CLUSTERVIZ_PREWARM": "0"}
        else:
            raise ValueError(kind)
        self.log(f"# starting {kind} server ({script.name}{' ' + ' '.join(extra_args) if extra_args else ''})")
        with streamlit_server(script, cwd=cwd, flags=STOCK_FLAGS, extra_args=extra_args, env=env or {}, log_dir=LOG_DIR) as server:
            try:
                yield server
            finally:
                found = server.tracebacks()
                if found:
                    self.log(f"# {len(found)} traceback(s) in {server.log_path}")
                    self.tracebacks.extend(found)


# --------------------------------------------------------------------------- async building blocks


async def rerun_series(
    url: str, page: str, rounds: int, *, timeout: float = 120.0, query: str = QUERY
) -> tuple[RenderResult, list[RenderResult]]:
    """Open ``page`` and change the shared country filter ``rounds`` times through FILTER_CYCLE.

    On a page without that filter (the baseline) the same number of plain reruns is made."""
    first = await first_render(url, page, query, timeout=timeout, keep_open=True)
    results: list[RenderResult] = []
    try:
        if not first.ok:
            return first, results
        try:
            widget = first.session.find_widget(COUNTRY_WIDGET)
        except KeyError:
            widget = None
        for _ in range(rounds):
            for index in FILTER_CYCLE:
                change = {widget.id: [widget.options[index]]} if widget is not None else None
                results.append(await rerun(first.session, change, timeout=timeout))
    finally:
        await first.session.close()
    return first, results


def control_cycle(widget: WidgetInfo) -> list[int]:
    """The options a control is set to in turn, each a change: the next two after the one selected when it was
    drawn and back to it (the first three when none was selected)."""
    n = len(widget.options)
    current = widget.options.index(widget.value[0]) if widget.value and widget.value[0] in widget.options else -1
    if current < 0:
        return list(range(min(3, n)))
    return [(current + k) % n for k in (1, 2)[: n - 1]] + [current] if n > 1 else []


def _choice(widget: WidgetInfo, index: int):
    """The value the browser sends when option ``index`` of ``widget`` is clicked."""
    option = widget.options[index]
    return [option] if widget.type in ("button_group", "multiselect") else option


async def control_series(
    url: str, page: str, control: Control, rounds: int, *, timeout: float = 120.0, min_changes: int = 0, query: str = QUERY
) -> ControlSeries:
    """Open ``page`` and change its own control ``rounds`` times through ``control_cycle`` (the first round's
    values are new on this page, the later ones seen), and more rounds until at least ``min_changes``: a
    control of two options (the collaboration picker) otherwise had as many first-time values as seen ones,
    and its median fell between a first computation and a warm rerun."""
    first = await first_render(url, page, query, timeout=timeout, keep_open=True)
    series = ControlSeries(first)
    try:
        if not first.ok:
            return series
        try:
            series.widget = widget = first.session.find_widget(control.key)
        except KeyError:
            series.missing = True  # e.g. no collaborations or events in the Europe-scale snapshot
            return series
        indices = control_cycle(widget)
        rounds = max(rounds, -(-min_changes // len(indices))) if indices else rounds
        for _ in range(rounds):
            for index in indices:
                series.reruns.append(await rerun(first.session, {widget.id: _choice(widget, index)}, timeout=timeout))
                series.linked.append(parse_qs(first.session.query_string).get(control.param, [None])[0])
    finally:
        await first.session.close()
    return series


async def rss_curve(
    server: Server, pages: Sequence[str], counts: Sequence[int], *, batch: int = 1, timeout: float = 180.0
) -> list[tuple[int, float, int]]:
    """Open sessions (pages in turn) and keep them open; (sessions, RSS MiB, errors) at each count.
    Every page is rendered once first (then closed), so what the process caches for all sessions (the
    snapshot, memoised frames and charts) is in place before the first point.  Sessions open ``batch`` at a
    time (default one), so the figure is what a session keeps, not the allocator's high-water mark of many
    concurrent runs (the burst rows show the RSS after each burst)."""
    for page in dict.fromkeys(pages):
        await first_render(server, page, QUERY, timeout=timeout)
    opened: list[RenderResult] = []
    points = []
    try:
        for count in counts:
            while len(opened) < count:
                todo = min(batch, count - len(opened))
                start = len(opened)
                opened += await asyncio.gather(
                    *(first_render(server, pages[(start + i) % len(pages)], QUERY, timeout=timeout, keep_open=True) for i in range(todo))
                )
            await asyncio.sleep(1.0)  # let the last runs' cleanup finish
            points.append((count, rss_mb(server.process.pid) or 0.0, sum(0 if r.ok else 1 for r in opened)))
    finally:
        await asyncio.gather(*(r.session.close() for r in opened), return_exceptions=True)
    return points


async def session_churn(
    server: Server, pages: Sequence[str], sessions: int, *, batch: int = 10, timeout: float = 180.0
) -> tuple[list[tuple[int, float]], int]:
    """``sessions`` visitors, ``batch`` at a time: open a page, change the filter once, leave.
    Returns the RSS after each batch and the error count."""
    curve, errors, done = [], 0, 0
    while done < sessions:
        todo = min(batch, sessions - done)
        results = await asyncio.gather(*(rerun_series(server, pages[(done + i) % len(pages)], 1, timeout=timeout) for i in range(todo)))
        for first, reruns in results:
            errors += (0 if first.ok else 1) + sum(0 if r.ok else 1 for r in reruns[:1])
        done += todo
        curve.append((done, rss_mb(server.process.pid) or 0.0))
    return curve, errors


# --------------------------------------------------------------------------- sections


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def burst_rows(ctx: Context, plan: Plan) -> list[Row]:
    """N simultaneous first renders of each page vs the stock one-liner under the same N.

    Paired: the stock server stays up beside the app and bursts right before each page's burst, so a change
    in the machine's load between pages moves both sides of a ratio (this machine is shared). The stock row
    shows the median of its bursts at each N; each page row's baseline is its own pair."""
    rows: list[Row] = []
    with ctx.server("baseline+config") as server:
        run(first_render(server, timeout=plan.timeout))
        tuned = {}
        for n in plan.ns:
            time.sleep(1.0)
            tuned[n] = (run(burst(server, n, timeout=plan.timeout)), rss_mb(server.process.pid))
            ctx.log(f"# baseline+config N={n}: p95 {tuned[n][0].p95:.3f}s")
    with ctx.server("stock") as stock, ctx.server("app (no pre-warm)") as server:  # each page is warmed here, in turn
        run(first_render(stock, timeout=plan.timeout))
        pairs: dict[int, list] = {n: [] for n in plan.ns}
        page_rows = []
        for page in plan.pages:
            warm = run(first_render(server, page.url, QUERY, timeout=plan.timeout))
            if not warm.ok:
                ctx.log(f"# warm-up of {page.key} failed: {warm.error_messages[:3]}")
            for n in plan.ns:
                time.sleep(1.0)
                base = run(burst(stock, n, timeout=plan.timeout))
                pairs[n].append((base, rss_mb(stock.process.pid)))
                time.sleep(1.0)
                stats = run(burst(server, n, page.url, QUERY, timeout=plan.timeout))
                row = _burst_row(page.key, n, stats, base.p95, rss_mb(server.process.pid))
                page_rows.append(check(row, 1.0, 2.0) if n == 60 else row)
                ctx.log(f"# {page.key} N={n}: p95 {stats.p95:.3f}s vs stock {base.p95:.3f}s ({row.ratio or 0:.2f}x), errors {stats.errors}")
    for n in plan.ns:
        ordered = sorted(pairs[n], key=lambda pair: pair[0].p95)
        stats, rss = ordered[len(ordered) // 2]
        row = _burst_row("baseline (stock)", n, stats, None, rss)
        row.detail = f"median of {len(ordered)} paired bursts (p95 {ordered[0][0].p95:.3f}-{ordered[-1][0].p95:.3f}s); " + row.detail
        rows.append(row)
    for n in plan.ns:
        stats, rss = tuned[n]
        base = sorted(pairs[n], key=lambda pair: pair[0].p95)[len(pairs[n]) // 2][0].p95
        rows.append(_burst_row("baseline (app settings)", n, stats, base, rss))
    return rows + page_rows


def _burst_row(name: str, n: int, stats, base_p95: float | None, rss: float | None) -> Row:
    detail = f"p50 {stats.p50:.3f}s, max {stats.max:.3f}s, {stats.finished}/{n} done, {stats.mean_bytes / 1000:,.0f} KB/render" + (
        f", RSS {rss:,.0f} MiB" if rss else ""
    )
    if stats.failures:
        detail += f"; {stats.failures[0][:80]}"
    return Row("burst p95", name, "demo", n, stats.p95, "s", base_p95, errors=stats.errors, detail=detail)


SCALE_QUERIES = {"demo": QUERY, "europe": QUERY, "presenter": QUERY + "&present=1"}  # presenter: demo data, ?present=1


def rerun_rows(ctx: Context, plan: Plan, scales: Sequence[str] = ("demo", "europe", "presenter")) -> list[Row]:
    """Warm reruns after a filter change, per page and scale, vs a rerun of the stock one-liner.  The
    ``presenter`` scale is the demo in presenter mode (what a screen-share reruns: bigger charts, sections drawn
    with the page instead of in fragments), held to the demo's targets."""
    with ctx.server("stock") as server:  # every ratio's denominator: three times the rounds (a rerun costs 0.05 s)
        _, reruns = run(rerun_series(server, "", 3 * plan.rounds, timeout=plan.timeout))
    base_s = _median([r.seconds for r in reruns])
    base_kb = _median([r.bytes for r in reruns]) / 1000
    rows = [
        Row(
            "rerun",
            "baseline (stock)",
            "-",
            len(reruns),
            base_s,
            "s",
            errors=sum(0 if r.ok else 1 for r in reruns),
            detail=f"{base_kb:.1f} KB per rerun",
        )
    ]
    for scale in scales:
        env = {"CLUSTERVIZ_DATA": ctx.europe_root(plan.europe_clusters)} if scale == "europe" else {}
        with ctx.server("app (no pre-warm)", env=env) as server:  # a pre-warm thread would share the GIL with the first pages
            for page in plan.pages:
                query = SCALE_QUERIES[scale]
                first, reruns = run(rerun_series(server, page.url, plan.rounds, timeout=plan.timeout, query=query))
                errors = (0 if first.ok else 1) + sum(0 if r.ok else 1 for r in reruns)
                seconds = [r.seconds for r in reruns]
                new = seconds[: len(FILTER_CYCLE) - 1]  # Norway, Denmark: first time on this page
                seen = seconds[len(FILTER_CYCLE) :]  # the same filters again
                detail = f"first render {first.seconds:.3f}s; new filter max {max(new, default=0):.3f}s" + (
                    f", seen filter median {_median(seen):.3f}s" if seen else ""
                )
                if first.error_messages or any(r.error_messages for r in reruns):
                    detail += "; " + (first.error_messages + [m for r in reruns for m in r.error_messages])[0][:80]
                rows.append(
                    check(
                        Row("rerun", page.key, scale, len(reruns), _median(seconds), "s", base_s, errors=errors, detail=detail),
                        3.0 if scale == "europe" else 1.5,
                    )
                )
                kb = [r.bytes / 1000 for r in reruns]
                rows.append(
                    check(
                        Row(
                            "bytes/rerun",
                            page.key,
                            scale,
                            len(reruns),
                            statistics.fmean(kb) if kb else 0.0,
                            "KB",
                            base_kb,
                            errors=errors,
                            detail=f"max {max(kb, default=0):,.1f} KB, first render {first.bytes / 1000:,.1f} KB, "
                            f"{sum(r.cached_refs for r in reruns)} elements sent as cache refs",
                        ),
                        value_max=100.0,
                    )
                )
                ctx.log(f"# rerun {page.key} ({scale}): {_median(seconds):.3f}s, {statistics.fmean(kb) if kb else 0:.1f} KB")
                if page.key in CONTROLS:
                    changes = plan.rounds * len(FILTER_CYCLE)  # as many as the filter series, a third of them new
                    control = control_series(
                        server, page.url, CONTROLS[page.key], plan.rounds, timeout=plan.timeout, min_changes=changes, query=query
                    )
                    rows += control_rows(page.key, scale, run(control), base_s, base_kb)
    return rows


def control_rows(page: str, scale: str, series: ControlSeries, base_s: float, base_kb: float, *, timed: bool = True) -> list[Row]:
    """``control rerun`` (median seconds, against the stock rerun) and ``bytes/control rerun`` of a series."""
    control = CONTROLS[page]
    if series.missing:
        return [Row("control rerun", page, scale, 0, 0.0, "s", base_s, detail=f"{control.key} not drawn: no data for it at this scale")]
    seconds = [r.seconds for r in series.reruns]
    cycle = len(control_cycle(series.widget)) if series.widget is not None else 0
    new, seen = seconds[:cycle], seconds[cycle:]
    messages = series.first.error_messages + [m for r in series.reruns for m in r.error_messages]
    detail = f"{control.key} ({series.where})" + (f"; first round max {max(new):.3f}s" if new else "")
    detail += f", values seen before median {_median(seen):.3f}s" if seen else ""
    if messages:
        detail += "; " + messages[0][:80]
    rows = []
    if timed:
        rows.append(
            check(
                Row("control rerun", page, scale, len(seconds), _median(seconds), "s", base_s, errors=series.errors, detail=detail),
                3.0 if scale == "europe" else 1.5,
            )
        )
    kb = [r.bytes / 1000 for r in series.reruns]
    rows.append(
        check(
            Row(
                "bytes/control rerun",
                page,
                scale,
                len(kb),
                statistics.fmean(kb) if kb else 0.0,
                "KB",
                base_kb,
                errors=series.errors,
                detail=f"{control.key} ({series.where}); max {max(kb, default=0):,.1f} KB, "
                f"{sum(r.cached_refs for r in series.reruns)} elements sent as cache refs",
            ),
            value_max=100.0,
        )
    )
    return rows


def rss_rows(ctx: Context, plan: Plan) -> list[Row]:
    """Server memory with 1/10/60 sessions open (app at Europe scale, pages in turn) vs the stock one-liner."""
    with ctx.server("stock") as server:
        stock = run(rss_curve(server, [""], plan.rss_counts, timeout=plan.timeout))
    env = {"CLUSTERVIZ_DATA": ctx.europe_root(plan.europe_clusters)}
    with ctx.server("app", env=env) as server:
        app = run(rss_curve(server, [p.url for p in plan.pages], plan.rss_counts, timeout=plan.timeout))
    pages = "app: " + ", ".join(p.key for p in plan.pages) if len(plan.pages) < 7 else "app (pages in turn)"
    rows = []
    for (count, base, _), (_, value, errors) in zip(stock, app):
        rows.append(Row("RSS", pages, "europe", count, value, "MiB", base, errors=errors, detail=f"{count} sessions open"))
    if len(app) >= 2:
        (n0, a0, _), (n1, a1, errors) = app[0], app[-1]
        per_app = (a1 - a0) / (n1 - n0)
        per_stock = (stock[-1][1] - stock[0][1]) / (n1 - n0)
        rows.append(
            check(
                Row(
                    "RSS/session",
                    pages,
                    "europe",
                    n1,
                    per_app,
                    "MiB",
                    per_stock or None,
                    errors=errors,
                    detail=f"({a1:,.0f} - {a0:,.0f}) MiB / {n1 - n0} extra sessions; stock {per_stock:.2f} MiB/session",
                ),
                value_max=1.0,
            )
        )
    ctx.log("# rss: " + ", ".join(f"{n}: {v:.0f} MiB" for n, v, _ in app))
    return rows


def load_rows(ctx: Context, plan: Plan) -> list[Row]:
    """Validated snapshot load (fresh cache) and a session's cached load vs pq.read_table of the same files."""
    import pyarrow.parquet as pq

    from clusterviz.data import store
    from clusterviz.data.snapshot import TABLES, resolve

    rows = []
    for scale, root in (("demo", str(REPO_ROOT / "data" / "snapshots")), ("europe", ctx.europe_root(plan.europe_clusters))):
        catalog = store.scan(root)
        location = catalog.newest.location
        fs, base = resolve(location)
        paths = [f"{base}/{table}.parquet" for table in TABLES]

        def bare(fs=fs, paths=paths):
            return [pq.read_table(path, filesystem=fs) for path in paths]

        def cold(location=location):
            store.clear()
            return store.load(location)

        timings: dict[str, list[float]] = {"bare": [], "cold": [], "cached": []}
        for _ in range(plan.load_repeats):
            for name, fn in (("bare", bare), ("cold", cold), ("cached", lambda location=location: store.load(location))):
                start = time.perf_counter()
                fn()
                timings[name].append(time.perf_counter() - start)
        bare_s = min(timings["bare"])  # min: the least disturbed of the repeats, for both sides
        snapshot = store.load(location)
        size = sum(fs.get_file_info(p).size for p in paths)
        rows.append(
            check(
                Row(
                    "snapshot load",
                    "validated read",
                    scale,
                    plan.load_repeats,
                    min(timings["cold"]),
                    "s",
                    bare_s,
                    detail=f"{len(snapshot.clusters):,} clusters, {len(snapshot.assessments):,} "
                    f"assessments, {size / 1000:,.0f} KB Parquet; medians "
                    f"{_median(timings['cold']):.4f}s vs {_median(timings['bare']):.4f}s",
                ),
                1.5,
            )
        )
        rows.append(
            check(
                Row(
                    "snapshot load",
                    "per session (cached)",
                    scale,
                    plan.load_repeats,
                    min(timings["cached"]),
                    "s",
                    bare_s,
                    detail="store.load of a snapshot already in memory: one folder listing",
                ),
                1.5,
            )
        )
        store.clear()
        ctx.log(f"# load {scale}: validated {min(timings['cold']):.4f}s, bare {bare_s:.4f}s")
    return rows


# The settings .streamlit/config.toml changes from Streamlit's defaults, each undone in turn (command-line
# flags override the config file) to measure what it buys and what it costs.
SETTING_VARIANTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("as configured", ()),
    ("postScriptGC=true", ("--runner.postScriptGC", "true")),
    ("fileWatcherType=auto", ("--server.fileWatcherType", "auto")),
)


def settings_rows(ctx: Context, plan: Plan) -> list[Row]:
    """Each server setting of the app against the config as shipped (Europe scale, pages in turn): memory
    growth over ``settings_sessions`` short visits (open, change the filter once, leave; ten at a time)
    and a burst of max(N) first renders of the first page."""
    env = {"CLUSTERVIZ_DATA": ctx.europe_root(plan.europe_clusters)}
    pages = [p.url for p in plan.pages]
    results = {}
    for name, args in SETTING_VARIANTS:
        with ctx.server("app (no pre-warm)", env=env, extra_args=args) as server:
            for page in pages:
                run(first_render(server, page, QUERY, timeout=plan.timeout))
            start_rss = rss_mb(server.process.pid) or 0.0
            curve, errors = run(session_churn(server, pages, plan.settings_sessions, timeout=plan.timeout))
            time.sleep(1.0)
            stats = run(burst(server, max(plan.ns), pages[0], QUERY, timeout=plan.timeout))
            results[name] = (start_rss, curve, errors, stats)
            ctx.log(
                f"# {name}: RSS {start_rss:.0f} -> {curve[-1][1]:.0f} MiB over {plan.settings_sessions} "
                f"sessions; burst p95 {stats.p95:.3f}s"
            )
    rows = []
    base_rss, base_curve, _, base_stats = results[SETTING_VARIANTS[0][0]]
    first_page = plan.pages[0].key
    for name, _ in SETTING_VARIANTS:
        start_rss, curve, errors, stats = results[name]
        half = curve[len(curve) // 2][1]
        rows.append(
            Row(
                f"RSS growth, {name}",
                "app (pages in turn)",
                "europe",
                plan.settings_sessions,
                curve[-1][1] - start_rss,
                "MiB",
                base_curve[-1][1] - base_rss,
                errors=errors,
                detail=f"RSS {start_rss:,.0f} -> {half:,.0f} (half-way) -> {curve[-1][1]:,.0f} MiB",
            )
        )
        rows.append(
            Row(
                f"burst p95, {name}",
                first_page,
                "europe",
                stats.n,
                stats.p95,
                "s",
                base_stats.p95,
                errors=stats.errors,
                detail=f"p50 {stats.p50:.3f}s, max {stats.max:.3f}s",
            )
        )
    return rows


def smoke_rows(ctx: Context, plan: Plan) -> list[Row]:
    """CI: every page renders through the websocket and survives a filter change with no error; the bytes of
    each rerun are measured. No timing targets (CI machines vary); errors are what fails."""
    rows = []
    with ctx.server("stock") as server:
        first, reruns = run(rerun_series(server, "", 1, timeout=plan.timeout))
        rows.append(
            Row(
                "first render",
                "baseline (stock)",
                "-",
                1,
                first.seconds,
                "s",
                errors=(0 if first.ok else 1) + sum(0 if r.ok else 1 for r in reruns),
                detail="; ".join(first.error_messages)[:80],
            )
        )
    base_s = first.seconds
    base_kb = _median([r.bytes for r in reruns]) / 1000
    with ctx.server("app") as server:
        for page in plan.pages:
            first, reruns = run(rerun_series(server, page.url, 1, timeout=plan.timeout))
            messages = first.error_messages + [m for r in reruns for m in r.error_messages]
            errors = (0 if first.ok else 1) + sum(0 if r.ok else 1 for r in reruns)
            rows.append(
                Row("first render", page.key, "demo", 1, first.seconds, "s", base_s, errors=errors, detail="; ".join(messages)[:80])
            )
            kb = [r.bytes / 1000 for r in reruns]
            rows.append(
                Row("bytes/rerun", page.key, "demo", len(reruns), statistics.fmean(kb) if kb else 0.0, "KB", base_kb, errors=errors)
            )
            if page.key in CONTROLS:  # the page's own control too (a fragment rerun once it is in one)
                series = run(control_series(server, page.url, CONTROLS[page.key], 1, timeout=plan.timeout))
                rows += control_rows(page.key, "demo", series, base_s, base_kb, timed=False)
                errors += series.errors
            ctx.log(f"# smoke {page.key}: {first.seconds:.3f}s, errors {errors}")
    return rows


# --------------------------------------------------------------------------- three ways: stock, 1 process, replicas

ONE_PROCESS = "app, 1 process"
ONE_PREWARMED = "app, 1 process, pre-warmed"
TARGET_ONE = 0.5  # issue 19: one process <= 0.5x stock on every page, cold and warm
TARGET_REPLICAS = 0.35  # ... 2 replicas behind the proxy <= 0.35x stock on the 2-core machine


def _burst_with_cpu(pid: int | None, bursting, n: int):
    """Run a burst; its stats and the server's CPU per session in ms (None without a single process to read)."""
    before = cpu_seconds(pid) if pid else None
    stats = run(bursting)
    after = cpu_seconds(pid) if pid else None
    return stats, (None if before is None or after is None else (after - before) * 1000 / n)


def replica_rows(ctx: Context, plan: Plan) -> list[Row]:
    """The 60-burst of every page side by side: stock Streamlit's one-liner (one process), the app in one
    process without pre-warm, the same pre-warmed as deployed, and the app behind HAProxy with
    ``plan.replicas`` replicas (scripts/serve.sh).

    Cold: the burst is the page's first visitors.  Without pre-warm, the one process's cold row is what a
    room pays on a page nobody opened (arriving the moment the server started or a snapshot changed: the
    worst case).  Pre-warmed, the one process has had every page's default view computed once before the
    bursts (``clusterviz.app.prewarm``, as the app's own watcher does after a start and as serve.sh does for
    each replica), so its cold row, like the replicas', is what the first room after a (re)start pays once the
    pre-warm has run.  Warm: the same burst again.  Each page's bursts are paired with a stock burst right
    before them (this machine is shared)."""
    from benchmarks.replicas import serve
    from clusterviz.app.prewarm import prewarm

    n = max(plan.ns)
    replicas_name = f"app, {plan.replicas} replicas + proxy"
    rows: list[Row] = []
    with (
        ctx.server("stock") as stock,
        ctx.server("app (no pre-warm)") as one,
        ctx.server("app (no pre-warm)") as warmed,
        serve(plan.replicas, state_dir=ctx.tmp / "serve") as proxy,
    ):
        run(first_render(stock, timeout=plan.timeout))
        failed = [visit for visit in prewarm(warmed.url, timeout=plan.timeout) if visit[2] is None]
        ctx.log(f"# {ONE_PREWARMED}: pre-warmed" + (f", {len(failed)} views failed: {failed[0][3]}" if failed else ""))
        ways = ((ONE_PROCESS, one, TARGET_ONE), (ONE_PREWARMED, warmed, TARGET_ONE), (replicas_name, proxy, TARGET_REPLICAS))
        pids = {ONE_PROCESS: one.process.pid, ONE_PREWARMED: warmed.process.pid}  # the replicas: two processes, not summed
        for page in plan.pages:
            for phase in ("cold", "warm"):
                time.sleep(1.0)
                base, base_cpu = _burst_with_cpu(stock.process.pid, burst(stock, n, timeout=plan.timeout), n)
                for name, url, target in ways:
                    time.sleep(1.0)
                    stats, cpu = _burst_with_cpu(pids.get(name), burst(url, n, page.url, QUERY, timeout=plan.timeout), n)
                    row = _burst_row(page.key, n, stats, base.p95, None)
                    row.measure = f"burst p95 {phase}, {name}"
                    row.detail = f"stock p95 {base.p95:.3f}s; " + row.detail
                    if cpu is not None and base_cpu is not None:
                        row.detail += f"; server CPU {cpu:.0f} ms/session (stock {base_cpu:.0f})"
                    rows.append(check(row, target))
                    ctx.log(
                        f"# {name} {page.key} {phase} N={n}: p95 {stats.p95:.3f}s vs stock {base.p95:.3f}s "
                        f"({row.ratio or 0:.2f}x), errors {stats.errors}"
                    )
        memory = {
            "stock": rss_mb(stock.process.pid) or 0.0,
            ONE_PROCESS: rss_mb(one.process.pid) or 0.0,
            ONE_PREWARMED: rss_mb(warmed.process.pid) or 0.0,
            **{f"replica {name}": mib for name, mib in proxy.rss().items()},
        }
        for name, mib in memory.items():
            rows.append(Row("RSS after the bursts", name, "demo", None, mib, "MiB", memory["stock"] if name != "stock" else None))
        found = proxy.tracebacks()
        if found:
            ctx.log(f"# {len(found)} traceback(s) in the replicas' logs ({proxy.state_dir})")
            ctx.tracebacks.extend(found)
    return rows


def smoke_replica_rows(ctx: Context, plan: Plan) -> list[Row]:
    """CI: two replicas behind the proxy, on snapshots from a real S3 API (moto on loopback), take one burst
    of ``plan.smoke_n`` first renders with no error; no timing target."""
    from benchmarks.replicas import serve
    from benchmarks.s3 import s3_server

    with s3_server() as s3:
        for folder in sorted((REPO_ROOT / "data" / "snapshots").iterdir()):
            if folder.is_dir() and not folder.name.startswith("."):
                s3.upload(folder)
        with serve(plan.replicas, env=s3.env, state_dir=ctx.tmp / "serve-smoke") as proxy:
            page = plan.pages[0]
            stats = run(burst(proxy, plan.smoke_n, page.url, QUERY, timeout=plan.timeout))
            spread = sorted({r.session.cookies.get("CLUSTERVIZ_REPLICA", "?") for r in stats.results})
            row = _burst_row(page.key, plan.smoke_n, stats, None, None)
            row.measure = f"burst, {plan.replicas} replicas + proxy, S3"
            row.detail = f"served by {', '.join(spread)}; " + row.detail
            ctx.log(f"# smoke {row.measure}: p95 {stats.p95:.3f}s, errors {stats.errors}, replicas {spread}")
            found = proxy.tracebacks()
            ctx.tracebacks.extend(found)
            return [row]


SECTION_FUNCTIONS = {
    "burst": burst_rows,
    "rerun": rerun_rows,
    "rss": rss_rows,
    "load": load_rows,
    "settings": settings_rows,
    "smoke": smoke_rows,
    "replicas": replica_rows,
    "smoke-replicas": smoke_replica_rows,
}


def measure(plan: Plan, log: Callable[[str], None] = print, tmp: str | os.PathLike | None = None) -> tuple[list[Row], list[str]]:
    """Run the plan's sections; returns the rows and any server tracebacks."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="clusterviz-bench-", dir=tmp) as folder:
        ctx = Context(Path(folder), log)
        rows: list[Row] = []
        for section in plan.sections:
            start = time.perf_counter()
            rows += SECTION_FUNCTIONS[section](ctx, plan)
            log(f"# section {section} took {time.perf_counter() - start:.0f}s")
        return rows, ctx.tracebacks
