"""Typed tables -> checked frames: the schema's types and every snapshot rule (the app's own), each problem pointing
at the spreadsheet's sheet, row and column; a cell reported once, not again by the rules that saw it empty."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pyarrow as pa

from clusterviz.data.ingest.derive import derive, event_status
from clusterviz.data.ingest.results import IngestProblem, Reading, SheetTable
from clusterviz.data.snapshot import TABLES
from clusterviz.data.validate import Problem, check_rules, conform


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
    return frames, sorted_problems(problems)


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


def sorted_problems(problems: list[IngestProblem]) -> list[IngestProblem]:
    """Whole-file problems first, then by table (schema order) and row; column summaries ("... and 12 more
    rows") after the rows of their sheet; stable within a row."""
    order = {t: i for i, t in enumerate(TABLES)}

    def key(p: IngestProblem):
        row = p.row if p.row is not None else (math.inf if p.column else 0)
        return (p.sheet is not None, order.get(p.table or "", len(order)), row)

    return sorted(problems, key=key)
