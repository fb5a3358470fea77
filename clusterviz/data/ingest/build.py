"""Typed tables -> checked frames (the app's rules) -> a written snapshot; one master list -> a series of snapshots."""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs

from clusterviz.data.ingest.derive import derive, event_status
from clusterviz.data.ingest.readers import read_source
from clusterviz.data.ingest.results import IngestProblem, IngestResult, Progress, Reading, SheetTable
from clusterviz.data.snapshot import TABLES, join, resolve, write_snapshot
from clusterviz.data.validate import Problem, check_rules, conform, read_snapshot
from clusterviz.data.validate import errors as error_problems

# --------------------------------------------------------------------------- typed tables -> checked frames


def _lenient_frame(table: str, arrow: pa.Table) -> pd.DataFrame:
    """Frames with holes where cells failed, so the rules can still look at everything else.

    Holes in required text columns become "" and list holes [] (the rules expect values there); whatever a rule then says about
    a hole is dropped by ``_without_repeats``, since the cell was reported already.
    """
    frame = arrow.to_pandas(date_as_object=False)
    for f in arrow.schema:
        if pa.types.is_list(f.type):
            frame[f.name] = frame[f.name].map(lambda v: v if v is not None else [])
        elif pa.types.is_string(f.type) and not TABLES[table][f.name][1]:
            frame[f.name] = frame[f.name].fillna("")
    return frame


def _found(frame: pd.DataFrame, columns: list[str], index: int) -> str:
    shown = []
    for column in columns:
        value = frame[column].iloc[index]
        if isinstance(value, pd.Timestamp):
            shown.append(f"{value:%Y-%m-%d}")
        elif hasattr(value, "__len__") and not isinstance(value, str):
            shown.append(", ".join(map(str, value)) or "empty")
        elif pd.isna(value):
            shown.append("empty")
        else:
            shown.append(repr(str(value)) if isinstance(value, str) else f"{value:.10g}" if isinstance(value, float) else str(value))
    return " / ".join(shown)


def _translate(problem: Problem, tables: dict[str, SheetTable], frames: dict[str, pd.DataFrame]) -> IngestProblem:
    """A rule problem about 'assessments.parquet, row 6' -> sheet assessments, spreadsheet row 7, cell."""
    table = problem.file.removesuffix(".parquet")
    sheet_table = tables[table]
    message = problem.message
    for name, other in tables.items():
        message = message.replace(f"{name}.parquet", other.sheet if other.place == "file" else f"the {other.sheet} sheet")
    row = None
    columns = [c for c in (problem.column or "").split(",") if c]
    if problem.row is not None and problem.row - 1 < len(sheet_table.rows):
        row = sheet_table.rows[problem.row - 1]
        if columns and all(c in frames[table].columns for c in columns):
            message += f" (found {_found(frames[table], columns, problem.row - 1)})"
    return sheet_table.problem(row, problem.column, message, problem.severity)


def build_frames(tables: dict[str, SheetTable], as_of: dt.date) -> tuple[dict[str, pd.DataFrame], list[IngestProblem]]:
    """Schema conformity and every snapshot rule on the typed tables; problems point at spreadsheet cells."""
    frames: dict[str, pd.DataFrame] = {}
    problems: list[IngestProblem] = []
    for table, sheet_table in tables.items():
        try:
            arrow = sheet_table.to_arrow()
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
            # cannot happen with converted cells; one readable line rather than a pyarrow traceback
            problems.append(
                sheet_table.problem(None, None, f"could not be converted to the schema's types ({type(exc).__name__}: {str(exc)[:120]})")
            )
            continue
        conform_problems: list[Problem] = []
        try:
            frame = conform(f"{table}.parquet", table, arrow, conform_problems)
        except (pa.ArrowException, ValueError):  # cannot happen with converted cells; the rules still run
            frame = None
        frames[table] = frame if frame is not None else _lenient_frame(table, arrow)
        # read_rows has reported every empty required cell already (with the spreadsheet's wording)
        problems.extend(_translate(p, tables, frames) for p in conform_problems if "is empty (null)" not in p.message)
    try:
        rule_problems = check_rules(frames, as_of)
    except Exception as exc:  # only reachable with holes left by cells reported already
        problems.append(
            IngestProblem(
                None,
                None,
                None,
                f"some rules could not run because of the cell problems listed here; they run once those are fixed ({type(exc).__name__})",
            )
        )
        rule_problems = []
    problems.extend(_translate(p, tables, frames) for p in rule_problems)
    return frames, problems


def checked_frames(reading: Reading, as_of: dt.date, *, derived: bool = False) -> tuple[dict[str, pd.DataFrame], list[IngestProblem]]:
    """Derive what follows from other cells, then convert and check: the frames and every problem, sorted.

    ``derived``: ``derive`` has run on these tables already (a series derives once, then checks each date)."""
    if not derived and len(reading.tables) == len(TABLES):
        derive(reading)
    problems = list(reading.problems)
    frames: dict[str, pd.DataFrame] = {}
    if len(reading.tables) == len(TABLES):
        problems.extend(event_status(reading.tables, as_of))
        frames, rule_problems = build_frames(reading.tables, as_of)
        problems.extend(_without_repeats(rule_problems, reading.problems, reading.holes))
    return frames, _sorted(problems)


def _without_repeats(
    rule_problems: list[IngestProblem], cell_problems: list[IngestProblem], holes: set | None = None
) -> list[IngestProblem]:
    """A cell that failed to convert is reported once, not again by the rules that saw it empty; nor is a cell
    left blank because its root cell (the label an assessment type follows from, ...) was reported."""
    failed = {(p.table, p.row, p.column) for p in cell_problems if p.row is not None and p.severity == "error"}
    failed |= holes or set()
    rows = {(table, row) for table, row, _ in failed}
    # a rule about a row with a reported cell is a follow-on (a range or an order that involves the hole)
    return [
        p
        for p in rule_problems
        if (p.table, p.row) not in rows and not any((p.table, p.row, c) in failed for c in (p.column or "").split(","))
    ]


def _sorted(problems: list[IngestProblem]) -> list[IngestProblem]:
    """Whole-file problems first, then by table (schema order) and row; column summaries ("... and 12 more
    rows") after the rows of their sheet; stable within a row."""
    order = {t: i for i, t in enumerate(TABLES)}

    def key(p: IngestProblem):
        row = p.row if p.row is not None else (math.inf if p.column else 0)
        return (p.sheet is not None, order.get(p.table or "", len(order)), row)

    return sorted(problems, key=key)


def ingest(
    path: str | os.PathLike,
    as_of: dt.date,
    root: str | os.PathLike,
    *,
    source: str | None = None,
    demo: bool = False,
    check_only: bool = False,
    progress: Progress | None = None,
    replace: bool = False,
    comparison_window: tuple[dt.date, dt.date] | None = None,
    collection: str | None = None,
) -> IngestResult:
    """Read, convert and check a spreadsheet; write it as the snapshot ``as_of`` under ``root`` when all is well.

    Nothing is written when any error is found, or when the snapshot already exists (unless ``replace``: then
    the old one is exchanged for the new one in one step).  Raises IngestError for an input that cannot be
    used at all (not a spreadsheet, too large, missing).
    """
    target = join(root, as_of.isoformat())
    if not check_only and not replace and _exists(target):
        return IngestResult(
            None,
            [
                IngestProblem(
                    None,
                    None,
                    None,
                    f"snapshot {as_of} already exists at {target}; refusing to overwrite it (choose another --as-of, or add --replace)",
                )
            ],
            [],
            {},
        )
    reading = read_source(path, progress)
    frames, problems = checked_frames(reading, as_of)
    rows = {t: len(st) for t, st in reading.tables.items()}
    result = IngestResult(None, problems, reading.notes, rows)
    if not result.ok or check_only:
        return result
    _write(
        result,
        root,
        as_of,
        frames,
        source or _source_label(path),
        demo,
        replace,
        progress,
        comparison_window=comparison_window,
        collection=collection,
    )
    return result


def _source_label(path) -> str:
    return f"spreadsheet {Path(path).name}, ingested {dt.date.today().isoformat()}"


def _write(
    result: IngestResult,
    root,
    as_of: dt.date,
    frames,
    source: str,
    demo: bool,
    replace: bool,
    progress: Progress | None,
    *,
    comparison_window: tuple[dt.date, dt.date] | None = None,
    collection: str | None = None,
) -> None:
    try:
        location = write_snapshot(
            root,
            as_of,
            frames,
            source=source,
            demo=demo,
            overwrite=replace,
            comparison_window=comparison_window,
            collection=collection,
            progress=progress.writing if progress and progress.enabled else None,
        )
    except FileExistsError as exc:
        result.problems.append(IngestProblem(None, None, None, f"{exc}"))
        return
    snapshot, written = read_snapshot(location)
    if snapshot is None or error_problems(written):  # cannot happen unless the rules and the reader disagree
        result.problems.extend(
            IngestProblem(None, None, None, f"written snapshot does not read back: {p}") for p in error_problems(written)
        )
    result.location = location


# --------------------------------------------------------------------------- one master list, many snapshots

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
    reading = read_source(path, progress)
    if len(reading.tables) == len(TABLES):
        derive(reading)
    base = [p for p in reading.problems]
    result = SeriesResult([], list(base), reading.notes)
    if len(reading.tables) != len(TABLES) or any(p.severity == "error" for p in base):
        result.problems = _sorted(result.problems)
        return result
    dates = sorted(set(as_of_dates or series_dates(reading.tables)))
    if not dates:
        result.problems.append(
            IngestProblem(None, None, None, "the assessments sheet holds no dated assessment, so there is no series to build; give --as-of")
        )
        return result
    existing = [d for d in dates if _exists(join(root, d.isoformat()))]
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
    result.problems = _sorted(result.problems)
    if not result.ok or check_only:
        return result
    label = source or _source_label(path)
    for as_of, dated_result in result.snapshots:
        _write(
            dated_result,
            root,
            as_of,
            frames_by_date[as_of],
            f"{label}; as of {as_of}",
            demo,
            replace,
            progress,
            comparison_window=comparison_window,
            collection=collection,
        )
    return result


def _exists(location: str) -> bool:
    fs, path = resolve(location)
    return fs.get_file_info(path).type != pafs.FileType.NotFound
