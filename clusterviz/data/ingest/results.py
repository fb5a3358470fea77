"""What an ingest reports: problems (sheet, row, column, message), the tables read, the result, progress."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import pyarrow as pa

from clusterviz.data.ingest.cells import PROGRESS_EVERY
from clusterviz.data.snapshot import arrow_schema

# --------------------------------------------------------------------------- problems and results


@dataclass(frozen=True)
class IngestProblem:
    """One thing wrong with the input: where (sheet or CSV file, spreadsheet row, column, cell) and what."""

    sheet: str | None  # sheet title, or CSV file name when place == "file"
    row: int | None  # the spreadsheet's own row number: header = 1, first record = 2
    column: str | None
    message: str
    cell: str | None = None  # e.g. "E7"
    severity: str = "error"  # "warning" is printed but does not stop the ingest
    place: str = "sheet"
    table: str | None = None  # the schema table the sheet or file holds

    def __str__(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"{self.place} {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}" + (f" (cell {self.cell})" if self.cell else ""))
        return (", ".join(parts) + ": " if parts else "") + self.message


@dataclass
class SheetTable:
    """One table as read from a sheet or a CSV file: typed values per column and where each row came from."""

    table: str
    sheet: str  # sheet title or CSV file name, as the user sees it
    place: str = "sheet"  # "sheet" or "file"
    columns: dict[str, list] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)  # spreadsheet row number of each record
    letters: dict[str, str] = field(default_factory=dict)  # column -> spreadsheet column letter

    def __len__(self) -> int:
        return len(self.rows)

    def to_arrow(self) -> pa.Table:
        """The typed values as an Arrow table of the schema's types (nulls allowed: failed cells are holes)."""
        schema = arrow_schema(self.table)
        loose = pa.schema([f.with_nullable(True) for f in schema])
        return pa.Table.from_arrays([pa.array(self.columns[f.name], type=f.type) for f in schema], schema=loose)

    def problem(self, row: int | None, column: str | None, message: str, severity: str = "error", cell: str | None = None) -> IngestProblem:
        if cell is None and row is not None and column in self.letters:
            cell = f"{self.letters[column]}{row}"
        return IngestProblem(self.sheet, row, column, message, cell, severity, self.place, self.table)


@dataclass
class Reading:
    """Everything read from one input: the tables, the problems found so far and informational notes."""

    tables: dict[str, SheetTable] = field(default_factory=dict)
    problems: list[IngestProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    holes: set[tuple[str, int, str]] = field(default_factory=set)  # (table, row, column) left blank by a
    # problem reported elsewhere (its root): the rules' follow-on messages about them are dropped


@dataclass
class IngestResult:
    location: str | None  # where the snapshot was written; None when nothing was
    problems: list[IngestProblem]  # errors and warnings, sorted by sheet, row and column
    notes: list[str]
    rows: dict[str, int]

    @property
    def errors(self) -> list[IngestProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


class IngestError(Exception):
    """A problem with the input as a whole (not a spreadsheet, too large, ...): one readable message."""


# --------------------------------------------------------------------------- progress


class Progress:
    """A one-line progress bar on stderr (``\\r``-updated), shown when stderr is a terminal or when asked."""

    def __init__(self, enabled: bool | None = None, stream=None, width: int = 24):
        self.stream = stream or sys.stderr
        self.enabled = bool(self.stream.isatty()) if enabled is None else enabled
        self.width = width
        self._last: tuple[str, int] | None = None

    def rows(self, label: str, done: int, total: int | None = None, final: bool = False, unit: str = "rows") -> None:
        if not self.enabled or (not final and done % PROGRESS_EVERY) or (final and self._last == (label, done)):
            if final and self.enabled:
                self.stream.write("\n")
            return
        self._last = (label, done)
        if total:
            filled = min(self.width, int(self.width * done / max(total, 1)))
            bar = f"[{'#' * filled}{'.' * (self.width - filled)}] {done:>9,}/{total:,} {unit}"
        else:
            bar = f"{done:>9,} {unit}"
        self.stream.write(f"\r{label:<28} {bar}   ")
        if final:
            self.stream.write("\n")
        self.stream.flush()

    def writing(self, step: int, steps: int) -> None:
        """A ``progress`` callback for ``snapshot.write_snapshot``."""
        self.rows("writing snapshot", step, steps, final=step == steps, unit="files")
