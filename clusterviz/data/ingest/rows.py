"""Rows -> a typed table: the header checked against the schema (aliases, misspellings, missing columns) and every cell
converted, with problems per cell (at most MAX_ROWS_LISTED rows per column and kind, the rest counted)."""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Sequence

from clusterviz.data.ingest.cells import DERIVED, HEADER_ALIASES, Bad, column_parsers
from clusterviz.data.ingest.results import IngestProblem, Progress, SheetTable
from clusterviz.data.snapshot import TABLES
from clusterviz.data.validate import MAX_ROWS_LISTED


def normalise_name(text) -> str:
    """Header and sheet names are matched loosely: case, surrounding spaces, inner spaces/hyphens."""
    return re.sub(r"[\s\-]+", "_", str(text).strip()).lower()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def read_rows(
    records: Iterable[tuple[int, Sequence]],
    table: str,
    sheet: str,
    *,
    place: str = "sheet",
    excel: bool = True,
    total: int | None = None,
    progress: Progress | None = None,
) -> tuple[SheetTable | None, list[IngestProblem]]:
    """Header check and cell conversion for one table. ``records`` yields (spreadsheet row, values).

    Returns the typed table (None when the header is unusable) and every problem found, at most
    ``MAX_ROWS_LISTED`` rows per column and kind of problem, the rest counted.
    """
    result = SheetTable(table, sheet, place)
    problems: list[IngestProblem] = []
    expected = list(TABLES[table])
    iterator = iter(records)
    first = next(iterator, None)
    while first is not None and all(_blank(v) for v in first[1]):
        first = next(iterator, None)
    if first is None:
        problems.append(result.problem(None, None, f"is empty: row 1 must hold the column names ({', '.join(expected)}); see the template"))
        return None, problems
    header_row, header = first
    if header_row != 1:
        problems.append(
            result.problem(header_row, None, f"the column names must be in row 1, not row {header_row} (delete the rows above them)")
        )
        return None, problems

    positions: dict[str, int] = {}
    unnamed: set[int] = set()
    unknown: list[tuple[int, str, str]] = []
    written = {normalise_name(raw) for raw in header if not _blank(raw)}
    aliases = HEADER_ALIASES.get(table, {})
    for index, raw in enumerate(header):
        if _blank(raw):
            unnamed.add(index)
            continue
        name = normalise_name(raw)
        if name not in TABLES[table] and aliases.get(name) in TABLES[table] and aliases[name] not in written:
            problems.append(
                result.problem(
                    1, aliases[name], f"column {str(raw).strip()!r} read as {aliases[name]}", severity="note", cell=f"{_letter(index)}1"
                )
            )
            name = aliases[name]
        if name in positions:
            problems.append(
                result.problem(
                    1,
                    name,
                    f"appears twice in the header (columns {_letter(positions[name])} and {_letter(index)})",
                    cell=f"{_letter(index)}1",
                )
            )
        elif name in TABLES[table]:
            positions[name] = index
        else:
            unknown.append((index, name, str(raw).strip()))
    missing = [c for c in expected if c not in positions]
    demanded = [c for c in missing if not TABLES[table][c][1] and (table, c) not in DERIVED]
    for index, name, raw in unknown:
        close = difflib.get_close_matches(name, missing, n=1, cutoff=0.8)
        if close:  # a misspelt schema column: its values would be lost, so it is not ignored
            problems.append(result.problem(1, raw, f"unknown column {raw!r} — did you mean {close[0]!r}?", cell=f"{_letter(index)}1"))
            continue
        hint = difflib.get_close_matches(name, expected, n=1, cutoff=0.6)
        problems.append(
            result.problem(
                1,
                raw,
                f"column {raw!r} is not in the {table} schema and was ignored" + (f" (did you mean {hint[0]!r}?)" if hint else ""),
                severity="note",
                cell=f"{_letter(index)}1",
            )
        )
    for name in demanded:
        near = difflib.get_close_matches(name, [n for _, n, _ in unknown], n=1, cutoff=0.6)
        problems.append(
            result.problem(
                1, name, "required column is missing from the header" + (f" (is {near[0]!r} a misspelling of it?)" if near else "")
            )
        )
    left_empty = [c for c in missing if c not in demanded]
    if any(p.severity == "error" for p in problems):
        return None, problems
    if left_empty and len(left_empty) < len(expected):
        derived = [c for c in left_empty if (table, c) in DERIVED]
        blank = [c for c in left_empty if c not in derived]
        if blank:
            problems.append(result.problem(1, None, f"not in the header, left empty (unknown): {', '.join(blank)}", severity="note"))
        if derived:
            problems.append(
                result.problem(
                    1, None, f"not in the header, derived from the other columns where possible: {', '.join(derived)}", severity="note"
                )
            )

    result.letters = {name: _letter(index) for name, index in positions.items()}
    parsers = column_parsers(table)
    nullable = {name: spec[1] or (table, name) in DERIVED for name, spec in TABLES[table].items()}
    absent = len(header) + 1  # a column not in the header reads as blank cells
    plan = [(name, positions.get(name, absent), parsers[name], result.columns.setdefault(name, [])) for name in expected]
    counted: dict[tuple[str, str], int] = {}
    width = len(header)
    label = f"{place} {sheet}"

    def report(row: int, column: str, kind: str, message: str) -> None:
        n = counted[(column, kind)] = counted.get((column, kind), 0) + 1
        if n <= MAX_ROWS_LISTED:
            problems.append(result.problem(row, column, message))

    for row_number, values in iterator:
        if all(_blank(v) for v in values):
            continue
        result.rows.append(row_number)
        for index in range(len(values)):
            if (index >= width or index in unnamed) and not _blank(values[index]):
                key = (f"#{index}", "unnamed")
                if key not in counted:
                    problems.append(
                        result.problem(
                            row_number,
                            None,
                            f"column {_letter(index)} holds values but has no name in row 1 (delete the values or name the column)",
                            cell=f"{_letter(index)}{row_number}",
                        )
                    )
                counted[key] = 1
        for name, index, parse, out in plan:
            raw = values[index] if index < len(values) else None
            try:
                value = parse(raw, excel)
            except Bad as exc:
                report(row_number, name, "type", str(exc))
                value = None
            else:
                if value is None and not nullable[name]:
                    report(row_number, name, "empty", "is empty; a value is required")
            out.append(value)
        if progress is not None:
            progress.rows(label, len(result.rows), total)
    if progress is not None:
        progress.rows(label, len(result.rows), total, final=True)
    for (column, kind), n in counted.items():
        if n > MAX_ROWS_LISTED and not column.startswith("#"):
            problems.append(
                result.problem(
                    None,
                    column,
                    f"... and {n - MAX_ROWS_LISTED} more rows with the same "
                    f"kind of problem ({'empty' if kind == 'empty' else 'wrong type'})",
                )
            )
    if table == "assessments" and result.rows:
        scores = [v for v in result.columns["quality_index"] if v is not None]
        if scores and max(scores) <= 1:
            problems.append(
                result.problem(
                    None,
                    "quality_index",
                    "every value is 1 or less; scores are percent 0-100 (a cell formatted as % stores 63.6 % as 0.636)",
                )
            )
    return result, problems


def empty_table(table: str, sheet: str, place: str = "sheet") -> SheetTable:
    return SheetTable(table, sheet, place, {c: [] for c in TABLES[table]}, [], {})
