"""One master list -> a series of snapshots: the workbook as it stood on each as-of date, all checked before any is written."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Sequence

from clusterviz.data.ingest.build import SnapshotWriter, source_label
from clusterviz.data.ingest.check import checked_frames, sorted_problems
from clusterviz.data.ingest.derive import derive
from clusterviz.data.ingest.readers import read_source
from clusterviz.data.ingest.results import IngestProblem, IngestResult, Progress, Reading, SheetTable
from clusterviz.data.snapshot import TABLES

SERIES_DAY = (3, 1)  # the default yearly snapshots: 1 March, as the bundled demo's


def series_dates(tables: dict[str, SheetTable]) -> list[dt.date]:
    """The default as-of dates of a series: 1 March of each year from the first assessment to the latest one,
    and the latest assessment's date itself."""
    dates = sorted(d for d in tables["assessments"].columns["assessment_date"] if d is not None)
    if not dates:
        return []
    first, latest = _day(dates[0]), _day(dates[-1])
    out = [dt.date(year, *SERIES_DAY) for year in range(first.year, latest.year + 1) if first <= dt.date(year, *SERIES_DAY) <= latest]
    return out + ([latest] if latest not in out else [])


def _day(value) -> dt.date:
    return dt.date(value.year, value.month, value.day)


def _subset(sheet_table: SheetTable, keep: list[bool]) -> SheetTable:
    return SheetTable(
        sheet_table.table,
        sheet_table.sheet,
        sheet_table.place,
        {c: [v for v, k in zip(values, keep) if k] for c, values in sheet_table.columns.items()},
        [r for r, k in zip(sheet_table.rows, keep) if k],
        sheet_table.letters,
    )


def as_of_tables(tables: dict[str, SheetTable], as_of: dt.date) -> dict[str, SheetTable]:
    """The master list as it stood on ``as_of``: assessments, events and collaborations after it dropped (and
    their members and links), clusters founded after it dropped where founded_year is known, and a
    collaboration's end after it read as still running.  The tables given are not changed."""

    def before(table: str, column: str) -> list[bool]:
        return [d is None or _day(d) <= as_of for d in tables[table].columns[column]]

    clusters = tables["clusters"]
    keep_cluster = [y is None or y <= as_of.year for y in clusters.columns["founded_year"]]
    out = {"clusters": _subset(clusters, keep_cluster)}
    known = {c for c, k in zip(clusters.columns["cluster_id"], keep_cluster) if k}
    assessments = tables["assessments"]
    out["assessments"] = _subset(
        assessments,
        [k and (c in known or c is None) for k, c in zip(before("assessments", "assessment_date"), assessments.columns["cluster_id"])],
    )
    collaborations = _subset(tables["collaborations"], before("collaborations", "start_date"))
    collaborations.columns["end_date"] = [None if e is not None and _day(e) > as_of else e for e in collaborations.columns["end_date"]]
    out["collaborations"] = collaborations
    running = set(collaborations.columns["collaboration_id"])
    members = tables["collaboration_members"]
    out["collaboration_members"] = _subset(
        members, [a in running and b in known for a, b in zip(members.columns["collaboration_id"], members.columns["cluster_id"])]
    )
    events = _subset(tables["events"], before("events", "start_date"))
    events.columns["collaboration_id"] = [c if c is None or c in running else None for c in events.columns["collaboration_id"]]
    out["events"] = events
    return out


@dataclass
class SeriesResult:
    """One ingest of a master list into a snapshot per as-of date."""

    snapshots: list[tuple[dt.date, IngestResult]]  # per date: rows, the problems found on that date, location
    problems: list[IngestProblem]  # problems of the workbook itself (cells, headers) and refusals
    notes: list[str]

    @property
    def errors(self) -> list[IngestProblem]:
        return [p for p in self.problems if p.severity == "error"] + [p for _, result in self.snapshots for p in result.errors]

    @property
    def ok(self) -> bool:
        return not self.errors


def ingest_series(
    path: str | os.PathLike,
    root: str | os.PathLike,
    as_of_dates: Sequence[dt.date] | None = None,
    *,
    source: str | None = None,
    demo: bool = False,
    check_only: bool = False,
    replace: bool = False,
    progress: Progress | None = None,
    comparison_window: tuple[dt.date, dt.date] | None = None,
    collection: str | None = None,
) -> SeriesResult:
    """One workbook holding the whole history -> the snapshot of each as-of date (given, or ``series_dates``).

    Every snapshot is checked before any is written; when all pass, each is written atomically (a reader sees
    a whole snapshot or none).  An existing date is refused, before anything is written, unless ``replace``.
    """
    writer = SnapshotWriter(root, demo, replace, progress, comparison_window, collection)
    reading = read_source(path, progress)
    if len(reading.tables) == len(TABLES):
        derive(reading)
    base = [p for p in reading.problems]
    result = SeriesResult([], list(base), reading.notes)
    if len(reading.tables) != len(TABLES) or any(p.severity == "error" for p in base):
        result.problems = sorted_problems(result.problems)
        return result
    dates = sorted(set(as_of_dates or series_dates(reading.tables)))
    if not dates:
        result.problems.append(
            IngestProblem(None, None, None, "the assessments sheet holds no dated assessment, so there is no series to build; give --as-of")
        )
        return result
    existing = [d for d in dates if writer.exists(d)]
    if existing and not replace and not check_only:
        result.problems.append(
            IngestProblem(
                None,
                None,
                None,
                "snapshots already exist for " + ", ".join(map(str, existing)) + f" under {root}; nothing was written "
                "(add --replace to replace them, or choose other dates)",
            )
        )
        return result
    seen = {str(p) for p in base}
    frames_by_date = {}
    for as_of in dates:
        tables = as_of_tables(reading.tables, as_of)
        dated = Reading(tables, [p for p in reading.problems], [], set(reading.holes))
        frames, problems = checked_frames(dated, as_of, derived=True)
        fresh = [p for p in problems if str(p) not in seen]
        seen.update(str(p) for p in fresh)  # a warning true on every date is shown once, at its first date
        result.snapshots.append((as_of, IngestResult(None, fresh, [], {t: len(st) for t, st in tables.items()})))
        frames_by_date[as_of] = frames
    result.problems = sorted_problems(result.problems)
    if not result.ok or check_only:
        return result
    label = source or source_label(path)
    for as_of, dated_result in result.snapshots:
        writer.write(dated_result, as_of, frames_by_date[as_of], f"{label}; as of {as_of}")
    return result
