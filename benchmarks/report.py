"""Benchmark rows and the table they are printed as.

A :class:`Measurement` is one burst of ``n`` simultaneous first renders of one
page. Rows whose ``baseline`` names another row (same ``n``) get ratio columns
(``p50 x``, ``p95 x``, ``bytes x``): how many times slower/heavier than the
one-line baseline app, which factors out how fast and how busy the machine is.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.client import BurstStats


@dataclass
class Measurement:
    name: str                      # row label, e.g. "baseline" or "map"
    page: str                      # URL path of the page ("" = default page)
    n: int                         # simultaneous sessions
    stats: BurstStats
    baseline: str | None = None    # name of the row to compute ratios against
    rss_mb: float | None = None    # server RSS after the burst
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.stats.ok

    def as_dict(self) -> dict[str, Any]:
        s = self.stats
        return {
            "name": self.name, "page": self.page, "n": self.n, "p50_s": s.p50, "p95_s": s.p95,
            "max_s": s.max, "wall_s": s.wall_seconds, "bytes_per_render": s.mean_bytes,
            "errors": s.errors, "finished": s.finished, "rss_mb": self.rss_mb,
            "failures": s.failures, "baseline": self.baseline, "notes": self.notes, **self.extra,
        }


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}" if base > 0 else "-"


def format_table(rows: Sequence[Measurement]) -> str:
    by_key = {(r.name, r.n): r for r in rows}
    header = ["row", "page", "N", "p50 s", "p95 s", "max s", "bytes", "errors", "done",
              "RSS MiB", "p50 x", "p95 x", "bytes x"]
    lines = [header]
    for r in rows:
        s = r.stats
        base = by_key.get((r.baseline, r.n)) if r.baseline else None
        ratios = ["-", "-", "-"]
        if base is not None and base is not r:
            b = base.stats
            ratios = [_ratio(s.p50, b.p50), _ratio(s.p95, b.p95), _ratio(s.mean_bytes, b.mean_bytes)]
        lines.append([
            r.name, "/" + r.page, str(r.n), f"{s.p50:.3f}", f"{s.p95:.3f}", f"{s.max:.3f}",
            f"{s.mean_bytes:,.0f}", str(s.errors), f"{s.finished}/{s.n}",
            f"{r.rss_mb:.0f}" if r.rss_mb is not None else "-", *ratios,
        ])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for j, line in enumerate(lines):
        cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))]
        out.append("  ".join(cells).rstrip())
        if j == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
