"""Hand-made frames for the unit tests: assessment rows, a clusters frame and a snapshot around them.

Plain, predictable values, so a test can state what it expects by hand.  A test that needs another column or
value passes it; one that needs a different shape of row altogether keeps its own factory.

    assessments = assessments_frame(("a", "2015-03-10"), ("a", "2017-09-15", "gold"))
    clusters = clusters_frame("a", "b", country="DK")
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from clusterviz.data.demo import valid_until
from clusterviz.data.snapshot import AREA_COLUMNS, SCHEMA_VERSION, Manifest, Snapshot

TYPE_OF_LABEL = {"bronze": "benchmarking", "silver": "silver", "gold": "gold", "none": "gold"}  # "none": a failed Gold


def assessment(
    cluster_id: str,
    day,
    label: str = "bronze",
    *,
    kind: str | None = None,
    index: float = 60.0,
    areas: Sequence[float] | None = None,
    lights: Sequence[str] = ("green", "green", "green"),
) -> dict:
    """One assessment row: the type follows the label (unless ``kind``), valid_until by ESCA's rule from the day
    (none for a "none" result), the six area scores ``areas`` (default: each the index), the budget, plan and
    training ``lights``; the id is cluster-day-label."""
    day = pd.Timestamp(day)
    return {
        "assessment_id": f"{cluster_id}-{day.date()}-{label}",
        "cluster_id": cluster_id,
        "assessment_date": day,
        "assessment_type": kind or TYPE_OF_LABEL[label],
        "label_level": label,
        "valid_until": pd.NaT if label == "none" else pd.Timestamp(valid_until(day.date())),
        "quality_index": index,
        **dict(zip(AREA_COLUMNS, [index] * len(AREA_COLUMNS) if areas is None else areas, strict=True)),
        **dict(zip(("light_budget", "light_plan", "light_training"), lights, strict=True)),
    }


def assessments_frame(*rows: tuple, **options) -> pd.DataFrame:
    """A frame of :func:`assessment` rows, each given as its positional arguments; ``options`` apply to all."""
    return pd.DataFrame([assessment(*row, **options) for row in rows])


def clusters_frame(*ids: str, country: str = "NO", county: str = "18", **columns) -> pd.DataFrame:
    """Clusters ``ids``, all Arena clusters of one country and county; ``columns`` adds columns (a value or a list)."""
    return pd.DataFrame(
        {"cluster_id": list(ids), "country": country, "county_code": county, "programme_level": "arena", "sector": "x", **columns}
    )


def snapshot_of(as_of, tables: dict[str, pd.DataFrame]) -> Snapshot:
    """A demo-flagged schema-2 snapshot of ``tables`` dated ``as_of``."""
    return Snapshot(Manifest(SCHEMA_VERSION, pd.Timestamp(as_of).date(), "test", True), tables)
