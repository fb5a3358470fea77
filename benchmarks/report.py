"""Benchmark rows and the one table they are printed as.

Every :class:`Row` is one figure of one page next to the same figure of the trivial baseline, measured in
the same run (this machine is noisy: the ratio is what carries over, the absolute value goes beside it),
and the issue's target for it when there is one.

A :class:`Measurement` is one burst of ``n`` simultaneous first renders of one page (the raw material of
the burst rows; ``format_table`` prints a list of them on their own).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from benchmarks.client import BurstStats


@dataclass
class Row:
    """One line of the report: ``value`` of ``page`` against ``base`` (the baseline, same run)."""

    measure: str  # "burst p95", "rerun", "bytes/rerun", "RSS", "RSS/session", "snapshot load"
    page: str  # page key (clusterviz.app.ui.PAGES) or a description of what was measured
    scale: str  # "demo", "europe" or "-"
    n: int | None  # sessions (bursts, RSS) or reruns
    value: float
    unit: str  # "s", "KB", "MiB"
    base: float | None = None  # the same figure for the baseline
    target: str = ""  # the target, as text
    met: bool | None = None  # None: no target for this row
    errors: int = 0
    detail: str = ""
    missed: str = ""  # which part of the target was missed ("ratio", "2 s", "errors")

    @property
    def ratio(self) -> float | None:
        return self.value / self.base if self.base else None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}


def check(row: Row, ratio_max: float | None = None, value_max: float | None = None) -> Row:
    """Fill ``target`` and ``met`` from a ratio and/or absolute limit (errors never meet a target)."""
    parts, missed = [], [] if row.errors == 0 else ["errors"]
    if ratio_max is not None:
        parts.append(f"<= {ratio_max:g}x")
        if row.ratio is None or row.ratio > ratio_max:
            missed.append("ratio")
    if value_max is not None:
        parts.append(f"<= {value_max:g} {row.unit}")
        if row.value > value_max:
            missed.append(f"{value_max:g} {row.unit}")
    row.target, row.met, row.missed = ", ".join(parts), not missed, ", ".join(missed)
    return row


def _value(v: float, unit: str) -> str:
    if unit == "s":
        return f"{v:.3f}"
    if unit == "KB":
        return f"{v:,.1f}"
    return f"{v:,.2f}" if abs(v) < 10 else f"{v:,.0f}"


def format_rows(rows: Sequence[Row]) -> str:
    """The report table: one line per row, ratio beside the absolute figures."""
    header = ["measure", "page", "scale", "N", "value", "baseline", "ratio", "target", "met", "err", "detail"]
    lines = [header]
    for r in rows:
        ratio = r.ratio
        lines.append(
            [
                r.measure,
                r.page,
                r.scale,
                "-" if r.n is None else str(r.n),
                f"{_value(r.value, r.unit)} {r.unit}",
                "-" if r.base is None else f"{_value(r.base, r.unit)} {r.unit}",
                "-" if ratio is None else f"{ratio:.2f}x",
                r.target or "-",
                "-" if r.met is None else "yes" if r.met else f"NO ({r.missed})",
                str(r.errors),
                r.detail,
            ]
        )
    return _table(lines, left={0, 1, 2, 7, 8, 10})


def summary(rows: Sequence[Row]) -> str:
    with_target = [r for r in rows if r.met is not None]
    missed = [r for r in with_target if not r.met]
    text = f"targets met: {len(with_target) - len(missed)} of {len(with_target)}"
    if missed:
        text += "; not met: " + "; ".join(
            f"{r.measure} {r.page} {r.scale}" + (f" N={r.n}" if r.n else "") + f" ({r.missed})" for r in missed
        )
    return text


def _table(lines: list[list[str]], left: set[int]) -> str:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = []
    for j, line in enumerate(lines):
        cells = [c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))]
        out.append("  ".join(cells).rstrip())
        if j == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


# --------------------------------------------------------------------------- raw bursts


@dataclass
class Measurement:
    name: str  # row label, e.g. "baseline" or "map"
    page: str  # URL path of the page ("" = default page)
    n: int  # simultaneous sessions
    stats: BurstStats
    baseline: str | None = None  # name of the row to compute ratios against
    rss_mb: float | None = None  # server RSS after the burst
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.stats.ok

    def as_dict(self) -> dict[str, Any]:
        s = self.stats
        return {
            "name": self.name,
            "page": self.page,
            "n": self.n,
            "p50_s": s.p50,
            "p95_s": s.p95,
            "max_s": s.max,
            "wall_s": s.wall_seconds,
            "bytes_per_render": s.mean_bytes,
            "errors": s.errors,
            "finished": s.finished,
            "rss_mb": self.rss_mb,
            "failures": s.failures,
            "baseline": self.baseline,
            "notes": self.notes,
            **self.extra,
        }


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}" if base > 0 else "-"


def format_table(rows: Sequence[Measurement]) -> str:
    by_key = {(r.name, r.n): r for r in rows}
    header = ["row", "page", "N", "p50 s", "p95 s", "max s", "bytes", "errors", "done", "RSS MiB", "p50 x", "p95 x", "bytes x"]
    lines = [header]
    for r in rows:
        s = r.stats
        base = by_key.get((r.baseline, r.n)) if r.baseline else None
        ratios = ["-", "-", "-"]
        if base is not None and base is not r:
            b = base.stats
            ratios = [_ratio(s.p50, b.p50), _ratio(s.p95, b.p95), _ratio(s.mean_bytes, b.mean_bytes)]
        lines.append(
            [
                r.name,
                "/" + r.page,
                str(r.n),
                f"{s.p50:.3f}",
                f"{s.p95:.3f}",
                f"{s.max:.3f}",
                f"{s.mean_bytes:,.0f}",
                str(s.errors),
                f"{s.finished}/{s.n}",
                f"{r.rss_mb:.0f}" if r.rss_mb is not None else "-",
                *ratios,
            ]
        )
    return _table(lines, left={0, 1})


# --------------------------------------------------------------------------- three ways, side by side


def format_three_way(rows: Sequence[Row]) -> str:
    """The rows of the ``replicas`` section as one table per page: stock's p95 (the paired bursts), then
    p95 and ratio of the app in one process and behind the proxy, cold and warm; memory per process; and
    which targets are met.  Empty when the section did not run."""
    bursts = [r for r in rows if r.measure.startswith("burst p95 cold, ") or r.measure.startswith("burst p95 warm, ")]
    if not bursts:
        return ""
    ways = list(dict.fromkeys(r.measure.split(", ", 1)[1] for r in bursts))
    columns = [(phase, way) for way in ways for phase in ("cold", "warm")]
    header = ["page", "N", "stock p95", *[f"{way}: {phase}" for phase, way in columns]]
    lines = [header]
    for page in dict.fromkeys(r.page for r in bursts):
        found = {(r.measure.split(" ")[2].rstrip(","), r.measure.split(", ", 1)[1]): r for r in bursts if r.page == page}
        stock = [r.base for r in found.values() if r.base]
        cells = []
        for key in columns:
            r = found.get(key)
            cells.append(
                "-"
                if r is None
                else f"{r.value:.2f}s {r.ratio or 0:.2f}x {'ok' if r.met else 'NO'}" + (f" err {r.errors}" if r.errors else "")
            )
        n = next(iter(found.values())).n
        lines.append([page, str(n), f"{min(stock):.2f}-{max(stock):.2f}s" if stock else "-", *cells])
    out = [_table(lines, left={0})]
    memory = [r for r in rows if r.measure == "RSS after the bursts"]
    if memory:
        out.append("memory after the bursts: " + ", ".join(f"{r.page} {r.value:,.0f} MiB" for r in memory))
    for way in ways:
        mine = [r for r in bursts if r.measure.endswith(", " + way)]
        met = [r for r in mine if r.met]
        target = mine[0].target if mine else ""
        out.append(
            f"{way}: target {target} stock, cold and warm: met on {len(met)} of {len(mine)} bursts"
            + (
                ""
                if len(met) == len(mine)
                else "; not met: " + ", ".join(f"{r.page} {r.measure.split(' ')[2].rstrip(',')}" for r in mine if not r.met)
            )
        )
    return "\n".join(out)


# --------------------------------------------------------------------------- reruns, one line per page


def format_reruns(rows: Sequence[Row]) -> str:
    """The rows of the ``rerun`` section as one line per page: ratio to the stock rerun and KB per rerun, for
    the shared filter and the page's own control, at each scale.  Empty when the section did not run."""
    measures = {"rerun": "filter", "bytes/rerun": "filter", "control rerun": "control", "bytes/control rerun": "control"}
    mine = [r for r in rows if r.measure in measures and r.scale != "-"]
    if not mine:
        return ""
    scales = list(dict.fromkeys(r.scale for r in mine))
    columns = [(scale, what) for scale in scales for what in ("filter", "control")]
    lines = [["page", *[f"{scale} {what}" for scale, what in columns]]]
    for page in dict.fromkeys(r.page for r in mine):
        cells = []
        for scale, what in columns:
            found = {r.measure: r for r in mine if r.page == page and r.scale == scale and measures[r.measure] == what}
            timed = found.get("rerun" if what == "filter" else "control rerun")
            sized = found.get("bytes/rerun" if what == "filter" else "bytes/control rerun")
            if timed is None and sized is None:
                cells.append("-")
                continue
            if sized is None and timed is not None and not timed.n:  # the page did not draw the control
                cells.append("not drawn")
                continue
            parts = [f"{timed.ratio or 0:.2f}x{'' if timed.met is not False else ' NO'}"] if timed is not None else []
            parts += [f"{sized.value:,.1f} KB{'' if sized.met is not False else ' NO'}"] if sized is not None else []
            cells.append(" ".join(parts))
        lines.append([page, *cells])
    return _table(lines, left={0})
