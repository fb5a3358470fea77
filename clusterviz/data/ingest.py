"""Spreadsheets in: the Excel template, and Excel/CSV files turned into new validated snapshots.

    python -m clusterviz template [--out FILE.xlsx] [--example]
    python -m clusterviz ingest FILE.xlsx|FILE.csv|FOLDER --as-of DATE [--data ROOT] [--source TEXT] [--replace]
    python -m clusterviz ingest FILE.xlsx --series [--as-of D1,D2,...]      # one master list, a snapshot per date

Layout: one sheet per table (``clusters``, ``assessments``, ``collaborations``, ``collaboration_members``,
``events``), the schema's column names in row 1, one record per row from row 2.  A ``README`` sheet (and
any sheet named like it) is ignored.  CSV: one file per table named after it, optionally with a common
prefix (``2017_clusters.csv``, ``2017_assessments.csv``, ...); give any one of them or their folder.

Cells are read as people write them (``clusterviz.data.words``: Arena Pro, Gull, Sept 2016; ``clusterviz.data.places``:
county names of every era, towns), converted to the schema's types, completed where a value follows from
other cells (``derive``: ids, assessment type, county and place from a known town, ...; each with a note),
then checked with the same rules the app applies to every snapshot (``validate.check_rules``).  A blank cell
that follows from nothing stays blank: unknown is never filled in.  Every problem names the sheet, the
spreadsheet's own row number (header = row 1) and the column; when any error is found nothing is written.
A good file is written through ``snapshot.write_snapshot`` (temporary folder + rename) and never over an
existing snapshot unless asked (``--replace``).
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import difflib
import hashlib
import io
import math
import os
import re
import sys
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs

from clusterviz.data import geo, places, words
from clusterviz.data.snapshot import (
    AREA_COLUMNS,
    ASSESSMENT_TYPES,
    COLLABORATION_KINDS,
    DATE_PRECISIONS,
    EVENT_KINDS,
    EVENT_STATUS,
    LABEL_VALUES,
    LIGHT_VALUES,
    LIGHTS,
    PROGRAMME_LEVELS,
    TABLES,
    THEMES,
    arrow_schema,
    join,
    resolve,
    write_snapshot,
)
from clusterviz.data.validate import MAX_ROWS_LISTED, Problem, check_rules, conform, read_snapshot
from clusterviz.data.validate import errors as error_problems

MAX_BYTES = 50 * 1024 * 1024          # a file (or CSV set) larger than this is refused before it is read
README_SHEET = "README"
REQUIRED_TABLES = ("clusters", "assessments")  # the others may be left out (an empty table)
PROGRESS_EVERY = 1000                 # rows between two updates of the progress line
DEFAULT_TEMPLATE = "clusterviz-template.xlsx"
_EXCEL_ROWS = 1_048_576

ALL_PROGRAMME_LEVELS = tuple(level for levels in PROGRAMME_LEVELS.values() for level in levels)
COUNTY_CODES = tuple(geo.ADMIN1)

# (table, column) -> allowed values. Text in these columns is matched case-insensitively and stored in
# the canonical spelling ("Gold" -> "gold", "no" -> "NO"); anything else is reported by the rules.
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("clusters", "country"): geo.COUNTRIES,
    ("clusters", "programme_level"): ALL_PROGRAMME_LEVELS,
    ("clusters", "county_code"): COUNTY_CODES,
    ("assessments", "assessment_type"): ASSESSMENT_TYPES,
    ("assessments", "label_level"): LABEL_VALUES,
    ("assessments", "date_precision"): DATE_PRECISIONS,
    **{("assessments", light): LIGHT_VALUES for light in LIGHTS},
    ("collaborations", "kind"): COLLABORATION_KINDS,
    ("events", "kind"): EVENT_KINDS,
    ("events", "status"): EVENT_STATUS,
}
LIST_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("collaborations", "county_codes"): COUNTY_CODES,
    ("events", "themes"): THEMES,
}
UPPER_CASE = {("clusters", "country"), ("events", "country")}
# Excel drops leading zeros from codes typed as numbers (Oslo 0301 -> 301); these are padded back.
CODE_WIDTH = {("clusters", "county_code"): 2, ("clusters", "municipality_code"): 4,
              ("collaborations", "county_codes"): 2}
UNITS: dict[tuple[str, str], str] = {
    ("clusters", "lat"): "degrees north (WGS84)", ("clusters", "lon"): "degrees east (WGS84)",
    ("clusters", "founded_year"): "year, e.g. 2008",
    ("assessments", "quality_index"): "percent, 0-100",
    **{("assessments", c): "percent, 0-100" for c in AREA_COLUMNS},
    ("events", "lat"): "degrees north (WGS84)", ("events", "lon"): "degrees east (WGS84)",
    ("events", "days"): "days, 1-31", ("events", "clusters_n"): "count", ("events", "participants_n"): "count",
}
TRUE_WORDS = {"true", "yes", "ja", "1", "sann", "aktiv", "active"}
FALSE_WORDS = {"false", "no", "nei", "0", "usann", "inaktiv", "inactive", "nedlagt", "closed"}

# Required columns that may stay blank because they follow from other cells (the README sheet says how).
# A blank cell here is filled by ``derive`` (with a note) or reported there, once, when it cannot be.
DERIVED: dict[tuple[str, str], str] = {
    ("clusters", "cluster_id"): "may stay blank: generated from country + name (stable), with a note",
    ("clusters", "county_code"): "may stay blank: taken from home_town or municipality_code when a known place, "
                                 "else unknown (null); county names of any era are accepted (Vest-Agder, "
                                 "Hordaland, Viken + town; a split county without a town is unknown, with a warning)",
    ("clusters", "municipality_code"): "may stay blank: taken from home_town when it is a known place",
    ("clusters", "lat"): "may stay blank: the point of home_town's municipality when known, else not placed",
    ("clusters", "lon"): "may stay blank: the point of home_town's municipality when known, else not placed",
    ("clusters", "active"): "may stay blank: blank means active",
    ("assessments", "assessment_id"): "may stay blank: generated from cluster_id + date + label (stable)",
    ("assessments", "assessment_type"): "may stay blank: from the label (bronze -> benchmarking, silver, gold)",
    ("assessments", "assessment_date"): "may stay blank when valid_until is given: derived by ESCA's rule (the "
                                        "latest award date the validity allows: valid_until minus two years, first "
                                        "of that month), date_precision derived, with a note",
    ("assessments", "date_precision"): "may stay blank: from how assessment_date is written (2017, 2017-09, ...)",
    ("assessments", "valid_until"): "may stay blank: for a label, the end of the month two years after the "
                                    "assessment (ESCA's rule of the articles' era), with a note",
    ("events", "event_id"): "may stay blank: generated from name + start_date (stable)",
    ("events", "lat"): "may stay blank: the point of the place's municipality when known",
    ("events", "lon"): "may stay blank: the point of the place's municipality when known",
    ("events", "status"): "may stay blank: held when on or before the as-of date, else planned",
}
# Header words people use for a schema column (after normalise_name); read as that column, with a note.
HEADER_ALIASES: dict[str, dict[str, str]] = {
    "clusters": {"id": "cluster_id", "cluster": "name", "cluster_name": "name", "organisation": "name",
                 "programme": "programme_level", "program": "programme_level", "level": "programme_level",
                 "town": "home_town", "city": "home_town", "place": "home_town", "sted": "home_town",
                 "municipality": "municipality_code", "kommune": "municipality_code",
                 "county": "county_code", "region": "county_code", "fylke": "county_code",
                 "latitude": "lat", "longitude": "lon", "founded": "founded_year", "sources": "source"},
    "assessments": {"id": "assessment_id", "cluster": "cluster_id", "cluster_name": "cluster_id",
                    "name": "cluster_id", "date": "assessment_date", "label": "label_level",
                    "type": "assessment_type", "valid_to": "valid_until", "index": "quality_index",
                    "score": "quality_index", "sources": "source"},
    "events": {"date": "start_date", "town": "place"},
}
KIND_WORDS = {
    "text": "text", "decimal": "number", "integer": "whole number", "date": "date (YYYY-MM-DD)",
    "boolean": "TRUE/FALSE", "list": "comma-separated list",
}


# --------------------------------------------------------------------------- problems and results

@dataclass(frozen=True)
class IngestProblem:
    """One thing wrong with the input: where (sheet or CSV file, spreadsheet row, column, cell) and what."""

    sheet: str | None         # sheet title, or CSV file name when place == "file"
    row: int | None           # the spreadsheet's own row number: header = 1, first record = 2
    column: str | None
    message: str
    cell: str | None = None   # e.g. "E7"
    severity: str = "error"   # "warning" is printed but does not stop the ingest
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
    sheet: str                                   # sheet title or CSV file name, as the user sees it
    place: str = "sheet"                         # "sheet" or "file"
    columns: dict[str, list] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)        # spreadsheet row number of each record
    letters: dict[str, str] = field(default_factory=dict)  # column -> spreadsheet column letter

    def __len__(self) -> int:
        return len(self.rows)

    def to_arrow(self) -> pa.Table:
        """The typed values as an Arrow table of the schema's types (nulls allowed: failed cells are holes)."""
        schema = arrow_schema(self.table)
        loose = pa.schema([f.with_nullable(True) for f in schema])
        return pa.Table.from_arrays([pa.array(self.columns[f.name], type=f.type) for f in schema], schema=loose)

    def problem(self, row: int | None, column: str | None, message: str, severity: str = "error",
                cell: str | None = None) -> IngestProblem:
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
    location: str | None                 # where the snapshot was written; None when nothing was
    problems: list[IngestProblem]        # errors and warnings, sorted by sheet, row and column
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


# --------------------------------------------------------------------------- cell conversion

class _Bad(ValueError):
    """A cell that cannot be converted; the message says why (and quotes the value)."""


def _shown(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _undefuse(text: str) -> str:
    """Undo the apostrophe the app's CSV/Excel export puts before text that would look like a formula."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def _pad(text: str, width: int | None) -> str:
    if width and text.isdigit() and len(text) < width:
        return text.zfill(width)
    return text


def _number_text(value) -> str | None:
    """An Excel number in a text column: 1508.0 -> '1508'."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _kind(typ: pa.DataType) -> str:
    if pa.types.is_string(typ):
        return "text"
    if pa.types.is_floating(typ):
        return "decimal"
    if pa.types.is_integer(typ):
        return "integer"
    if pa.types.is_date(typ):
        return "date"
    if pa.types.is_boolean(typ):
        return "boolean"
    if pa.types.is_list(typ):
        return "list"
    raise TypeError(f"no spreadsheet conversion for {typ}")


# Columns whose words are read through clusterviz.data.words: (table, column) -> (function, what is expected).
WORD_COLUMNS: dict[tuple[str, str], tuple[Callable[[str], str | None], str]] = {
    ("assessments", "label_level"): (words.label_word, "bronze, silver, gold or none (also Bronse/Sølv/Gull, benchmarked)"),
    ("assessments", "assessment_type"): (words.type_word, "benchmarking, silver or gold (also Bronze/Bronse, Sølv, Gull)"),
    **{("assessments", light): (lambda text: words.LIGHT_WORDS.get(places.fold(text)), "green, yellow or red")
       for light in LIGHTS},
    ("clusters", "country"): (lambda text: words.COUNTRY_WORDS.get(places.fold(text)), "NO or DK"),
}
# Read as written here; ``derive`` turns them into codes with the row's other cells (country, town).
ROW_WORDS = {("clusters", "programme_level"), ("clusters", "county_code")}


def _vocabulary(table: str, column: str) -> dict[str, str]:
    """Known words of a column -> schema value, for suggestions."""
    if (table, column) == ("assessments", "label_level"):
        return words.LABEL_WORDS
    if (table, column) == ("assessments", "assessment_type"):
        return words.TYPE_WORDS
    if column in LIGHTS:
        return words.LIGHT_WORDS
    if (table, column) == ("clusters", "country"):
        return {**words.COUNTRY_WORDS, **{c.lower(): c for c in geo.COUNTRIES}}
    return {v: v for v in ENUMS.get((table, column), ())}


def _text_parser(table: str, column: str) -> Callable:
    allowed = {v.lower(): v for v in ENUMS.get((table, column), ())}
    upper = (table, column) in UPPER_CASE
    width = CODE_WIDTH.get((table, column))
    reader, expected = WORD_COLUMNS.get((table, column), (None, ""))
    if (table, column) in ROW_WORDS:
        allowed, reader = {}, None
    elif reader is None and allowed:
        expected = " or ".join([", ".join(list(allowed.values())[:-1]), list(allowed.values())[-1]]) \
            if len(allowed) > 1 else next(iter(allowed.values()))

    def parse(value, excel: bool):
        if value is None:
            return None
        if isinstance(value, bool):
            raise _Bad(f"{value} is TRUE/FALSE; expected text")
        if isinstance(value, (dt.date, dt.datetime)):
            raise _Bad(f"{value:%Y-%m-%d} is a date; expected text")
        if isinstance(value, (int, float)):
            text = _pad(_number_text(value) or "", width)
        else:
            text = _pad(_undefuse(str(value).strip()), width)
        if not text:
            return None
        if (table, column) == ("events", "country"):
            return words.COUNTRY_WORDS.get(places.fold(text), text.upper())
        if upper:
            text = text.upper()
        if reader is not None or allowed:
            found = allowed.get(text.lower()) or (reader(text) if reader is not None else None)
            if found is None:
                near = words.suggest(text, _vocabulary(table, column))
                raise _Bad(f"must be {expected} (found {_shown(text)})" + (f" — did you mean {near}?" if near else ""))
            return found
        return text

    return parse


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def _decimal(value, excel: bool):
    if value is None:
        return None
    if isinstance(value, bool):
        raise _Bad(f"{value} is TRUE/FALSE; expected a number")
    if isinstance(value, (dt.date, dt.datetime)):
        raise _Bad(f"{value:%Y-%m-%d} is a date; expected a number")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace("\u202f", "")
        if not text:
            return None
        if text.endswith("%") and len(text) > 1:   # "93 %" as a published score says: percent, 0-100
            text = text[:-1].strip()
        if _DECIMAL_COMMA.fullmatch(text):
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise _Bad(f"{_shown(value)} is not a number") from None
    if math.isnan(number):
        return None
    if not math.isfinite(number):
        raise _Bad(f"{_shown(value)} is not a finite number")
    return number


def _integer(value, excel: bool):
    try:
        number = _decimal(value, excel)
    except _Bad as exc:
        raise _Bad(str(exc).replace("a number", "a whole number")) from None
    if number is None:
        return None
    if not float(number).is_integer():
        raise _Bad(f"{_shown(value)} is not a whole number")
    if not -2**31 <= number < 2**31:
        raise _Bad(f"{_shown(value)} is too large")
    return int(number)


def _date(value, excel: bool):
    """A date cell -> words.PartialDate (its ``precision`` says day, month or year).

    Excel dates and serial numbers, a whole number 1900-2199 as a year (in a spreadsheet, 2017 is far more
    likely the year than the serial of 1905-07-09), and text in the forms of ``words.parse_date_text``."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise _Bad(f"{value:%Y-%m-%d %H:%M} has a time of day; expected a date")
        return words.PartialDate(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return value if isinstance(value, words.PartialDate) else words.PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise _Bad(f"{value} is TRUE/FALSE; expected a date")
    if isinstance(value, (int, float)):
        year = words.year_number(value)
        if year is not None:
            return words.PartialDate(year, precision="year")
        if excel and 1 <= value < 2958466:  # an Excel date serial in a cell without date format
            from openpyxl.utils.datetime import from_excel
            return _date(from_excel(value), excel)
        raise _Bad(f"{_shown(value)} is not a date (write {words.DATE_FORMS})")
    text = str(value).strip()
    if not text:
        return None
    try:
        return words.parse_date_text(text)
    except words.DateError as exc:
        raise _Bad(str(exc)) from None
    except ValueError:
        raise _Bad(f"{_shown(value)} is not a date (write {words.DATE_FORMS})") from None


def _boolean(value, excel: bool):
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise _Bad(f"{_shown(value)} is not TRUE or FALSE (also accepted: ja/nei, yes/no, 1/0)")


_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def _list_parser(table: str, column: str) -> Callable:
    width = CODE_WIDTH.get((table, column))

    def parse(value, excel: bool):
        if value is None:
            return []
        if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime)):
            raise _Bad(f"{_shown(value)} is not a comma-separated list")
        if isinstance(value, (int, float)):
            text = _number_text(value) or ""
        else:
            text = str(value).strip()
        if text.startswith("[") and text.endswith("]"):  # the app's export writes lists as ['a' 'b']
            items = [a or b for a, b in _QUOTED.findall(text)]
        else:
            items = re.split(r"[,;]", text)
        return [_pad(item.strip(), width) for item in items if item.strip()]

    return parse


def _parsers(table: str) -> dict[str, Callable]:
    out = {}
    for column, (typ, _, _) in TABLES[table].items():
        kind = _kind(typ)
        # B023: each lambda is called at once, in this iteration
        out[column] = {"text": lambda: _text_parser(table, column), "decimal": lambda: _decimal,  # noqa: B023
                       "integer": lambda: _integer, "date": lambda: _date, "boolean": lambda: _boolean,
                       "list": lambda: _list_parser(table, column)}[kind]()  # noqa: B023
    return out


# --------------------------------------------------------------------------- rows -> typed table

def normalise_name(text) -> str:
    """Header and sheet names are matched loosely: case, surrounding spaces, inner spaces/hyphens."""
    return re.sub(r"[\s\-]+", "_", str(text).strip()).lower()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(index + 1)


def read_rows(records: Iterable[tuple[int, Sequence]], table: str, sheet: str, *, place: str = "sheet",
              excel: bool = True, total: int | None = None,
              progress: Progress | None = None) -> tuple[SheetTable | None, list[IngestProblem]]:
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
        problems.append(result.problem(None, None, "is empty: row 1 must hold the column names "
                                                   f"({', '.join(expected)}); see the template"))
        return None, problems
    header_row, header = first
    if header_row != 1:
        problems.append(result.problem(header_row, None, f"the column names must be in row 1, not row {header_row} "
                                                         "(delete the rows above them)"))
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
            problems.append(result.problem(1, aliases[name], f"column {str(raw).strip()!r} read as {aliases[name]}",
                                           severity="note", cell=f"{_letter(index)}1"))
            name = aliases[name]
        if name in positions:
            problems.append(result.problem(1, name, f"appears twice in the header (columns "
                                                    f"{_letter(positions[name])} and {_letter(index)})",
                                           cell=f"{_letter(index)}1"))
        elif name in TABLES[table]:
            positions[name] = index
        else:
            unknown.append((index, name, str(raw).strip()))
    missing = [c for c in expected if c not in positions]
    demanded = [c for c in missing if not TABLES[table][c][1] and (table, c) not in DERIVED]
    for index, name, raw in unknown:
        close = difflib.get_close_matches(name, missing, n=1, cutoff=0.8)
        if close:  # a misspelt schema column: its values would be lost, so it is not ignored
            problems.append(result.problem(1, raw, f"unknown column {raw!r} — did you mean {close[0]!r}?",
                                           cell=f"{_letter(index)}1"))
            continue
        hint = difflib.get_close_matches(name, expected, n=1, cutoff=0.6)
        problems.append(result.problem(1, raw, f"column {raw!r} is not in the {table} schema and was ignored" +
                                       (f" (did you mean {hint[0]!r}?)" if hint else ""),
                                       severity="note", cell=f"{_letter(index)}1"))
    for name in demanded:
        near = difflib.get_close_matches(name, [n for _, n, _ in unknown], n=1, cutoff=0.6)
        problems.append(result.problem(1, name, "required column is missing from the header" +
                                       (f" (is {near[0]!r} a misspelling of it?)" if near else "")))
    left_empty = [c for c in missing if c not in demanded]
    if any(p.severity == "error" for p in problems):
        return None, problems
    if left_empty and len(left_empty) < len(expected):
        derived = [c for c in left_empty if (table, c) in DERIVED]
        blank = [c for c in left_empty if c not in derived]
        if blank:
            problems.append(result.problem(1, None, f"not in the header, left empty (unknown): {', '.join(blank)}",
                                           severity="note"))
        if derived:
            problems.append(result.problem(1, None, f"not in the header, derived from the other columns where "
                                                    f"possible: {', '.join(derived)}", severity="note"))

    result.letters = {name: _letter(index) for name, index in positions.items()}
    parsers = _parsers(table)
    nullable = {name: spec[1] or (table, name) in DERIVED for name, spec in TABLES[table].items()}
    absent = len(header) + 1  # a column not in the header reads as blank cells
    plan = [(name, positions.get(name, absent), parsers[name], result.columns.setdefault(name, []))
            for name in expected]
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
                    problems.append(result.problem(
                        row_number, None, f"column {_letter(index)} holds values but has no name in row 1 "
                                          "(delete the values or name the column)", cell=f"{_letter(index)}{row_number}"))
                counted[key] = 1
        for name, index, parse, out in plan:
            raw = values[index] if index < len(values) else None
            try:
                value = parse(raw, excel)
            except _Bad as exc:
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
            problems.append(result.problem(None, column, f"... and {n - MAX_ROWS_LISTED} more rows with the same "
                                                         f"kind of problem ({'empty' if kind == 'empty' else 'wrong type'})"))
    if table == "assessments" and result.rows:
        scores = [v for v in result.columns["quality_index"] if v is not None]
        if scores and max(scores) <= 1:
            problems.append(result.problem(None, "quality_index", "every value is 1 or less; scores are percent 0-100 "
                                                                  "(a cell formatted as % stores 63.6 % as 0.636)"))
    return result, problems


def empty_table(table: str, sheet: str, place: str = "sheet") -> SheetTable:
    return SheetTable(table, sheet, place, {c: [] for c in TABLES[table]}, [], {})


# --------------------------------------------------------------------------- Excel

_MERGE_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([^"]*)"')


def _merged_ranges(archive: zipfile.ZipFile | None, ws) -> list[str]:
    """Merged cell ranges of a read-only worksheet (read-only mode hides them): a streamed byte scan of the
    sheet's XML for ``<mergeCell ref="A1:C1"/>``, in 1 MB chunks (cell text cannot contain a raw '<')."""
    path = getattr(ws, "_worksheet_path", None)
    if archive is None or not path:
        return []
    ranges: list[str] = []
    overlap = 512
    buffer = b""
    with archive.open(path) as stream:
        while True:
            chunk = stream.read(1 << 20)
            buffer += chunk
            keep_from = len(buffer) - overlap
            for match in _MERGE_CELL.finditer(buffer):
                if chunk and match.end() > len(buffer) - overlap:
                    keep_from = match.start()  # may continue in the next chunk: seen again from there
                    break
                ranges.append(match.group(1).decode("ascii", "replace"))
                keep_from = max(keep_from, match.end())
            if not chunk:
                return ranges
            buffer = buffer[max(keep_from, 0):]


def read_worksheet(ws, table: str, *, archive: zipfile.ZipFile | None = None,
                   progress: Progress | None = None) -> tuple[SheetTable | None, list[IngestProblem]]:
    """Read one worksheet (any layout openpyxl opens: the template, the app's Excel export) as ``table``."""
    merged = _merged_ranges(archive, ws) if getattr(ws, "_worksheet_path", None) else \
        [str(r) for r in getattr(getattr(ws, "merged_cells", None), "ranges", ())]
    if merged:
        shown = ", ".join(merged[:MAX_ROWS_LISTED]) + (f" and {len(merged) - MAX_ROWS_LISTED} more"
                                                       if len(merged) > MAX_ROWS_LISTED else "")
        return None, [IngestProblem(ws.title, None, None, f"has merged cells ({shown}); unmerge them so that "
                                                          "every value sits in its own cell in its own row",
                                    table=table)]
    total = ws.max_row - 1 if isinstance(ws.max_row, int) and ws.max_row > 1 else None
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # a wrong <dimension> tag must not cut columns or rows off
    if any(_kind(spec[0]) == "date" for spec in TABLES[table].values()):
        # cells, not values: a date typed as "Sept 2016" becomes an Excel date shown as "Sep-16"; its format
        # says it is a month, and the precision must say so too
        records = enumerate((tuple(_excel_value(c) for c in row) for row in ws.iter_rows(min_row=1)), start=1)
    else:
        records = enumerate(ws.iter_rows(min_row=1, values_only=True), start=1)
    return read_rows(records, table, ws.title, excel=True, total=total, progress=progress)


_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def excel_precision(number_format: str | None) -> str:
    """How exact an Excel date cell's display is: ``mmm-yy`` -> month, ``yyyy`` -> year, else day."""
    shown = _FORMAT_NOISE.sub("", (number_format or "").split(";")[0]).lower()
    if "d" in shown or not any(c in shown for c in "my"):
        return "day"
    return "month" if "m" in shown else "year"


def _excel_value(cell):
    value = getattr(cell, "value", None)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        precision = excel_precision(getattr(cell, "number_format", None))
        if (precision == "month" and value.day == 1) or (precision == "year" and (value.month, value.day) == (1, 1)):
            return words.PartialDate(value.year, value.month, value.day, precision=precision)
        return words.PartialDate(value.year, value.month, value.day)
    return value


def read_workbook(source: str | os.PathLike | bytes, progress: Progress | None = None) -> Reading:
    """All five tables from an .xlsx workbook (path or bytes)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    reading = Reading()
    name = Path(source).name if not isinstance(source, bytes) else "workbook"
    opener = (lambda: io.BytesIO(source)) if isinstance(source, bytes) else (lambda: open(source, "rb"))
    try:
        with opener() as raw_file, zipfile.ZipFile(raw_file) as archive, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
            if "mimetype" in archive.namelist() and b"opendocument" in archive.read("mimetype"):
                raise IngestError(f"{name} is an OpenDocument spreadsheet; save it as Excel (.xlsx) first")
            workbook = openpyxl.load_workbook(raw_file, read_only=True, data_only=True)
            try:
                _read_sheets(workbook, archive, reading, progress)
            finally:
                workbook.close()
    except IngestError:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, EOFError) as exc:
        raise IngestError(f"{name} is not a readable Excel workbook (.xlsx): {str(exc)[:160]}") from None
    except Exception as exc:  # noqa: BLE001 - a damaged part inside the zip: openpyxl raises many kinds
        raise IngestError(f"{name} is a damaged Excel workbook ({type(exc).__name__}: {str(exc)[:160]})") from None
    return reading


def _read_sheets(workbook, archive, reading: Reading, progress: Progress | None) -> None:
    by_name = {normalise_name(title): title for title in workbook.sheetnames}
    spare = [title for key, title in by_name.items() if key not in TABLES and key != normalise_name(README_SHEET)]
    for table in TABLES:
        title = by_name.get(table)
        if title is None:
            hint = difflib.get_close_matches(table, spare, n=1, cutoff=0.6)
            if hint:
                reading.problems.append(IngestProblem(hint[0], None, None, f"is not a table name — did you mean "
                                                                           f"{table!r}? (rename the sheet)"))
            elif table in REQUIRED_TABLES:
                reading.problems.append(IngestProblem(None, None, None, f"the workbook has no {table!r} sheet; "
                                                                        f"sheets found: {', '.join(workbook.sheetnames)}"))
            else:
                reading.notes.append(f"no {table!r} sheet: the snapshot gets an empty {table} table")
                reading.tables[table] = empty_table(table, table)
            continue
        sheet_table, problems = read_worksheet(workbook[title], table, archive=archive, progress=progress)
        reading.problems.extend(problems)
        if sheet_table is not None:
            reading.tables[table] = sheet_table
    for title in spare:
        if not difflib.get_close_matches(normalise_name(title), [t for t in TABLES if t not in by_name], 1, 0.6):
            reading.notes.append(f"sheet {title!r} is not a table of the schema and was ignored")


# --------------------------------------------------------------------------- CSV

CSV_SUFFIXES = (".csv", ".txt", ".tsv")


def _csv_table(stem: str) -> tuple[str, str] | None:
    """A CSV file's stem -> (its prefix, the table it holds): ``2017_clusters`` -> ("2017_", "clusters")."""
    lowered = stem.lower()
    for table in sorted(TABLES, key=len, reverse=True):   # collaboration_members before ... members
        for spelling in (table, table.replace("_", " "), table.replace("_", "-")):
            if lowered.endswith(spelling):
                return stem[:len(stem) - len(spelling)], table
    return None


def _csv_set(path: Path) -> tuple[dict[str, Path], str]:
    """The CSV files of one snapshot: ``<prefix><table>.csv`` beside the given file, or in the given folder
    (where the files may share any prefix: ``council 2017 - clusters.csv``, ...)."""
    if path.is_dir():
        groups: dict[tuple[str, str], dict[str, Path]] = {}
        for candidate in sorted(path.iterdir()):
            if candidate.is_file() and candidate.suffix.lower() in CSV_SUFFIXES:
                found = _csv_table(candidate.stem)
                if found:
                    groups.setdefault((found[0].lower(), candidate.suffix.lower()), {})[found[1]] = candidate
        sets = {key: files for key, files in groups.items() if "clusters" in files} or groups
        if not sets:
            raise IngestError(f"{path}: no CSV file named after a table ({', '.join(t + '.csv' for t in TABLES)}, "
                              "optionally with a common prefix such as 2017_clusters.csv)")
        if len(sets) > 1:
            shown = ", ".join(sorted(files["clusters"].name if "clusters" in files else next(iter(files.values())).name
                                     for files in sets.values()))
            raise IngestError(f"{path} holds more than one set of CSV files ({shown}); give one file of the set "
                              "you mean")
        (prefix, suffix), files = next(iter(sets.items()))
        first = next(iter(files.values()))
        found = _csv_table(first.stem)
        assert found is not None                # the set was grouped by it
        prefix = first.stem[:len(first.stem) - len(found[1])]
        return files, f"{prefix}*{suffix}" if prefix else f"*{suffix}"
    found = _csv_table(path.stem)
    if found is None:
        raise IngestError(f"{path.name}: a CSV file must be named after its table — "
                          f"{', '.join(t + '.csv' for t in TABLES)} — optionally with a common prefix "
                          f"(2017_clusters.csv, 2017_assessments.csv, ...)")
    folder, prefix, suffix = path.parent, found[0], path.suffix
    files = {}
    for candidate in sorted(folder.iterdir()):
        other = _csv_table(candidate.stem) if candidate.is_file() else None
        if other and other[0].lower() == prefix.lower() and candidate.suffix.lower() == suffix.lower():
            files.setdefault(other[1], candidate)
    return files, f"{prefix}*{suffix}" if prefix else f"*{suffix}"


def _decode(data: bytes, name: str, notes: list[str]) -> str:
    if b"\x00" in data[:65536]:
        raise IngestError(f"{name} is not a text CSV file (it holds binary data); "
                          "save the sheet as CSV UTF-8 or give the .xlsx file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        notes.append(f"{name} is not UTF-8; read it as Windows-1252 (Excel's plain 'CSV' format)")
        return data.decode("cp1252", errors="replace")


def read_csv(path: str | os.PathLike, table: str, progress: Progress | None = None,
             notes: list[str] | None = None) -> tuple[SheetTable | None, list[IngestProblem]]:
    """One table from a CSV file: UTF-8 (with or without BOM) or Windows-1252; ',' ';' or tab separated."""
    path = Path(path)
    text = _decode(path.read_bytes(), path.name, notes if notes is not None else [])
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    total = max(text.count("\n") - 1, 0) or None
    try:
        return read_rows(enumerate(reader, start=1), table, path.name, place="file", excel=False, total=total,
                         progress=progress)
    except csv.Error as exc:
        return None, [IngestProblem(path.name, None, None, f"is not a readable CSV file: {exc}", place="file",
                                    table=table)]


def read_csv_set(path: str | os.PathLike, progress: Progress | None = None) -> Reading:
    files, pattern = _csv_set(Path(path))
    reading = Reading()
    size = sum(p.stat().st_size for p in files.values())
    if size > MAX_BYTES:
        raise IngestError(f"the CSV files are {size / 1e6:.0f} MB together; the limit is {MAX_BYTES / 1e6:.0f} MB")
    for table in TABLES:
        if table not in files:
            if table in REQUIRED_TABLES:
                reading.problems.append(IngestProblem(None, None, None, f"no {table} CSV file ({pattern.replace('*', table)}) "
                                                                        f"next to the others; a snapshot needs {table}"))
            else:
                reading.notes.append(f"no {pattern.replace('*', table)}: the snapshot gets an empty {table} table")
                reading.tables[table] = empty_table(table, f"{table}.csv", "file")
            continue
        sheet_table, problems = read_csv(files[table], table, progress, reading.notes)
        reading.problems.extend(problems)
        if sheet_table is not None:
            reading.tables[table] = sheet_table
    return reading


# --------------------------------------------------------------------------- any input

def read_source(path: str | os.PathLike, progress: Progress | None = None) -> Reading:
    """An .xlsx workbook, a CSV file of a set, or a folder of CSV files -> tables + problems.

    Raises IngestError (one readable message) when the input as a whole cannot be used.
    """
    path = Path(path)
    if not path.exists():
        raise IngestError(f"{path}: no such file or folder")
    if path.is_dir():
        return read_csv_set(path, progress)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(f"{path.name} is {size / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB "
                          "(split it, or write Parquet directly with snapshot.write_snapshot)")
    if size == 0:
        raise IngestError(f"{path.name} is an empty file")
    with open(path, "rb") as stream:
        magic = stream.read(8)
    if magic.startswith(b"PK\x03\x04"):
        return read_workbook(path, progress)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(f"{path.name} is an old Excel 97-2003 (.xls) or password-protected workbook; "
                          "save it as an .xlsx workbook without a password")
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        return read_csv_set(path, progress)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise IngestError(f"{path.name} is not a readable Excel workbook (.xlsx): it does not start like one "
                          "(renamed from another format?)")
    raise IngestError(f"{path.name} is not a spreadsheet: give an Excel workbook (.xlsx), a CSV file "
                      "or a folder of CSV files (see `python -m clusterviz template`)")


# --------------------------------------------------------------------------- what follows from other cells

MAX_ROWS_NOTED = 8   # rows named in one note; the rest are counted


class _Notes:
    """Derivation notes gathered per (table, column, message): one note each, naming its rows."""

    def __init__(self):
        self.rows: dict[tuple[str, str | None, str, str], list[int]] = {}
        self.tables: dict[str, SheetTable] = {}

    def add(self, sheet_table: SheetTable, row: int, column: str | None, message: str, severity: str = "note") -> None:
        self.tables[sheet_table.table] = sheet_table
        self.rows.setdefault((sheet_table.table, column, message, severity), []).append(row)

    def problems(self) -> list[IngestProblem]:
        out = []
        for (table, column, message, severity), rows in self.rows.items():
            sheet_table = self.tables[table]
            if len(rows) == 1:
                out.append(sheet_table.problem(rows[0], column, message, severity))
                continue
            shown = ", ".join(map(str, rows[:MAX_ROWS_NOTED])) + (f" and {len(rows) - MAX_ROWS_NOTED} more"
                                                                  if len(rows) > MAX_ROWS_NOTED else "")
            out.append(sheet_table.problem(None, column, f"{message} ({len(rows)} rows: {shown})", severity))
        return out


def stable_id(prefix: str, *parts) -> str:
    """An id that is the same every time the same facts are ingested: PREFIX-<10 hex digits of a SHA-1>."""
    text = "\x1f".join("" if p is None else (p.isoformat() if isinstance(p, dt.date) else places.fold(str(p)))
                       for p in parts)
    return f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:10].upper()}"


def rule_valid_until(assessed: dt.date) -> dt.date:
    """ESCA's rule of the articles' era: valid to the end of the month two years after the assessment."""
    year, month = assessed.year + 2, assessed.month
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def derive(reading: Reading) -> None:
    """Fill what follows from other cells (ids, county from town, place, assessment type, ...), each with a
    note; read the words that need the row's other cells (programme level by country, county by town).
    A cell that cannot be derived because its root cell is blank or wrong is left to that root's message."""
    notes = _Notes()
    failed = {(p.table, p.row, p.column) for p in reading.problems if p.row is not None and p.severity == "error"}
    clusters = reading.tables.get("clusters")
    if clusters is not None:
        _derive_clusters(clusters, notes, failed, reading)
    assessments = reading.tables.get("assessments")
    if assessments is not None:
        _derive_assessments(assessments, clusters, notes, failed, reading)
    events = reading.tables.get("events")
    if events is not None:
        _derive_events(events, notes, failed, reading)
    collaborations = reading.tables.get("collaborations")
    if collaborations is not None:
        _derive_collaborations(collaborations, notes)
    reading.problems.extend(notes.problems())
    # a required cell that is still blank: reported here once, unless its root was reported already
    reported = {(p.table, p.row, p.column) for p in reading.problems if p.row is not None and p.severity == "error"}
    for (table, column), how in DERIVED.items():
        sheet_table = reading.tables.get(table)
        if sheet_table is None or column not in TABLES[table] or TABLES[table][column][1] or column == "status":
            continue   # (an event's status is derived per as-of date, by event_status)
        for row, value in zip(sheet_table.rows, sheet_table.columns[column]):
            key = (table, row, column)
            if value is None and key not in reading.holes and key not in reported:
                reading.problems.append(sheet_table.problem(row, column, f"is empty and could not be derived ({how})"))
                reading.holes.add(key)


def _county_choices(codes) -> str:
    return ", ".join(f"{c} {geo.county_name(c)}" for c in codes)


def _derive_clusters(table: SheetTable, notes: _Notes, failed: set, reading: Reading) -> None:
    cols = table.columns
    for i, row in enumerate(table.rows):
        country = cols["country"][i]
        if country not in geo.COUNTRIES:
            country = None
        bad_country = ("clusters", row, "country") in failed or country is None

        # programme level: the country's words
        written = cols["programme_level"][i]
        if written is not None:
            word = words.programme_word(written, country)
            if word.value is None and word.suggestion:
                reading.problems.append(table.problem(row, "programme_level", f"{written!r} is not a programme level — "
                                                                             f"did you mean {word.suggestion}?"))
                reading.holes.add(("clusters", row, "programme_level"))
            elif word.value is None:
                reading.holes.add(("clusters", row, "programme_level"))  # the country is the root problem
            elif word.note:
                notes.add(table, row, "programme_level", word.note, "warning")
            cols["programme_level"][i] = word.value

        # county, municipality and place
        town = cols["home_town"][i]
        municipality = cols["municipality_code"][i]
        county_text = cols["county_code"][i]
        candidates = places.places(town, country) if town else []
        if municipality and municipality in places.MUNICIPALITIES:
            m = places.MUNICIPALITIES[municipality]
            if country in (None, m[0]):
                candidates = [places.Place(m[0], municipality, m[1], m[2], m[3], m[4])]
        code = None
        if county_text is not None:
            read = places.county(county_text, country)
            if not read.codes:
                near = difflib.get_close_matches(places.fold(county_text),
                                                 [places.fold(w) for w in places.county_words()], n=1, cutoff=0.75)
                hint = [w for w in places.county_words() if places.fold(w) == near[0]] if near else []
                reading.problems.append(table.problem(
                    row, "county_code", f"{county_text!r} is not a county or region code or name"
                    + (f" of {country}" if country else "") + (f" — did you mean {hint[0]!r}?" if hint else
                                                               " (2024 counties 03..56, Danish regions 1081..1085, "
                                                               "or their names of any era)")))
                reading.holes.add(("clusters", row, "county_code"))
            else:
                inside = [p for p in candidates if p.county_code in read.codes]
                in_town = {p.county_code for p in inside}
                if len(read.codes) == 1:
                    code = read.codes[0]
                elif len(in_town) == 1:
                    code = in_town.pop()
                    if code != read.codes[0] or read.split:
                        notes.add(table, row, "county_code", f"{read.name!r} covers several 2024 counties; "
                                                             f"{code} {geo.county_name(code)} taken from home_town")
                elif not read.split:
                    code = read.codes[0]
                else:   # unknown stays unknown: neither successor is guessed
                    notes.add(table, row, "county_code",
                              f"{read.name!r} was divided in 2024 into {_county_choices(read.codes)}"
                              + (f", and home_town {town!r} does not say which" if town else ", and there is no "
                                 "home_town to say which") + ": county left unknown (write the 2024 county if known)",
                              "warning")
                if code is not None and read.renamed and code in read.codes and len(read.codes) == 1:
                    notes.add(table, row, "county_code", f"{read.name!r} read as the 2024 county/region "
                                                         f"{code} {geo.county_name(code)}")
                elif code is not None and read.renamed and not read.split and len(in_town) != 1:
                    notes.add(table, row, "county_code", f"{read.name!r} read as its usual 2024 successor "
                                                         f"{code} {geo.county_name(code)}")
        # the place: one candidate, narrowed by the county when it is known
        narrowed = [p for p in candidates if code is None or p.county_code == code]
        place = narrowed[0] if len(narrowed) == 1 else None
        if code is None and county_text is None:
            if place is not None:
                code = place.county_code
                notes.add(table, row, "county_code", "county taken from home_town (the place table)")
            elif not bad_country and town:
                why = (f"home_town {town!r} is in several places ({_county_choices(sorted({p.county_code for p in candidates}))})"
                       if len(candidates) > 1 else f"home_town {town!r} is not in the place table")
                notes.add(table, row, "county_code", f"is empty, and {why}: county left unknown (write the county "
                                                     "if known)", "warning")
            elif not bad_country:
                notes.add(table, row, "county_code", "is empty and there is no home_town: county left unknown")
            else:
                reading.holes.add(("clusters", row, "county_code"))
        elif candidates and place is None and code is not None and not narrowed and town:
            notes.add(table, row, "home_town", f"home_town {town!r} lies in "
                                               f"{_county_choices(sorted({p.county_code for p in candidates}))}, not in "
                                               f"{code} {geo.county_name(code)}: not placed (check the county or the town)",
                      "warning")
        cols["county_code"][i] = code
        if place is not None:
            if municipality is None:
                cols["municipality_code"][i] = place.municipality_code
                notes.add(table, row, "municipality_code", "municipality_code taken from home_town")
            if cols["lat"][i] is None and cols["lon"][i] is None and place.municipality_code == cols["municipality_code"][i]:
                cols["lat"][i], cols["lon"][i] = place.lat, place.lon
                notes.add(table, row, "lat", "lat/lon: the point of home_town's municipality (the place table)")
        elif town and cols["lat"][i] is None and len(candidates) != 1:
            notes.add(table, row, "home_town", "home_town is not a known place (or fits several): lat/lon left "
                                               "empty, the map lists it as not placed")
        if town is None and cols["lat"][i] is None and place is None:
            notes.add(table, row, "lat", "no home_town and no coordinates: lat/lon left empty (not placed)")
        if town is None or ("clusters", row, "home_town") in failed:  # in a schema where they are required
            reading.holes.update(("clusters", row, c) for c in ("lat", "lon", "municipality_code")
                                 if cols[c][i] is None and not TABLES["clusters"][c][1])

        # ids and the rest
        if cols["cluster_id"][i] is None:
            name = cols["name"][i]
            if name is not None and country is not None:
                cols["cluster_id"][i] = stable_id(country, country, name)
                notes.add(table, row, "cluster_id", "cluster_id generated from country + name (stable: the same "
                                                    "name gives the same id next time)")
            else:
                reading.holes.add(("clusters", row, "cluster_id"))
        if cols["active"][i] is None:
            cols["active"][i] = True
            notes.add(table, row, "active", "active is blank: read as active")


def _derive_assessments(table: SheetTable, clusters: SheetTable | None, notes: _Notes, failed: set,
                        reading: Reading) -> None:
    cols = table.columns
    ids: set[str] = set()
    names: dict[str, list[str]] = {}
    if clusters is not None:
        ids = {c for c in clusters.columns["cluster_id"] if c is not None}
        for cluster_id, name in zip(clusters.columns["cluster_id"], clusters.columns["name"]):
            if cluster_id is not None and name is not None:
                names.setdefault(places.fold(name), []).append(cluster_id)
    precision_column = "date_precision" in TABLES["assessments"]
    for i, row in enumerate(table.rows):
        cluster_id = cols["cluster_id"][i]
        if cluster_id is not None and cluster_id not in ids:
            matches = names.get(places.fold(cluster_id), [])
            if len(matches) == 1:
                cols["cluster_id"][i] = matches[0]
                notes.add(table, row, "cluster_id", "cluster_id holds the cluster's name: matched to its id")
            elif len(matches) > 1:
                reading.problems.append(table.problem(row, "cluster_id", f"{cluster_id!r} is the name of "
                                                                         f"{len(matches)} clusters ({', '.join(matches)}); "
                                                                         "write the cluster_id"))
                reading.holes.add(("assessments", row, "cluster_id"))
        assessed = cols["assessment_date"][i]
        label = cols["label_level"][i]
        valid_until = cols["valid_until"][i]
        if assessed is None and valid_until is not None and label in words.LABEL_TYPE \
                and ("assessments", row, "valid_until") not in failed:
            assessed = cols["assessment_date"][i] = words.derived_award_date(valid_until)
            if precision_column:
                cols["date_precision"][i] = None    # whatever the column said, this date is not stated
            notes.add(table, row, "assessment_date", "assessment_date derived from valid_until by ESCA's rule (the "
                                                     "latest award date the validity allows: two years earlier, first "
                                                     "of that month); date_precision derived — not a stated fact")
        if precision_column:
            given = cols["date_precision"][i]
            written = getattr(assessed, "precision", "day") if assessed is not None else None
            if given is None and assessed is not None:
                cols["date_precision"][i] = written
            elif given is not None and written is not None and DATE_PRECISIONS.index(written) > DATE_PRECISIONS.index(given):
                cols["date_precision"][i] = written   # "2017" is not known to the day, whatever the column says
                notes.add(table, row, "date_precision", f"says {given} but the date is written as a {written}: "
                                                        f"read as {written}", "warning")
            elif given is None:
                reading.holes.add(("assessments", row, "date_precision"))
        if cols["assessment_type"][i] is None:
            if label in words.LABEL_TYPE:
                cols["assessment_type"][i] = words.LABEL_TYPE[label]
                notes.add(table, row, "assessment_type", "assessment_type taken from the label (bronze -> "
                                                         "benchmarking, silver -> silver, gold -> gold)")
            elif label == "none":
                reading.problems.append(table.problem(row, "assessment_type", "is empty, and a label 'none' does not "
                                                                              "say which assessment it was; write "
                                                                              "benchmarking, silver or gold"))
            else:
                reading.holes.add(("assessments", row, "assessment_type"))
        if cols["valid_until"][i] is None and label in words.LABEL_TYPE and assessed is not None:
            if getattr(assessed, "precision", "day") == "year":
                notes.add(table, row, "valid_until", "valid_until left empty: the assessment date is only a year, "
                                                     "so the two-year rule cannot give its end")
            else:
                cols["valid_until"][i] = rule_valid_until(assessed)
                notes.add(table, row, "valid_until", "valid_until derived by ESCA's rule of the articles' era (end of "
                                                     "the month two years after the assessment)")
        if cols["assessment_id"][i] is None:
            cluster_id = cols["cluster_id"][i]
            if cluster_id is not None and assessed is not None and label is not None:
                cols["assessment_id"][i] = stable_id("A", cluster_id, dt.date(assessed.year, assessed.month,
                                                                              assessed.day), label)
                notes.add(table, row, "assessment_id", "assessment_id generated from cluster_id + date + label (stable)")
            else:
                reading.holes.add(("assessments", row, "assessment_id"))


def _derive_events(table: SheetTable, notes: _Notes, failed: set, reading: Reading) -> None:
    cols = table.columns
    for i, row in enumerate(table.rows):
        if cols["event_id"][i] is None:
            if cols["name"][i] is not None and cols["start_date"][i] is not None:
                start = cols["start_date"][i]
                cols["event_id"][i] = stable_id("E", cols["name"][i], dt.date(start.year, start.month, start.day))
                notes.add(table, row, "event_id", "event_id generated from name + start_date (stable)")
            else:
                reading.holes.add(("events", row, "event_id"))
        if cols["lat"][i] is None and cols["lon"][i] is None and cols["place"][i] is not None:
            place = places.place(cols["place"][i], cols["country"][i])
            if place is not None:
                cols["lat"][i], cols["lon"][i] = place.lat, place.lon
                notes.add(table, row, "lat", "lat/lon: the point of the place's municipality (the place table)")


def _derive_collaborations(table: SheetTable, notes: _Notes) -> None:
    cols = table.columns
    for i, row in enumerate(table.rows):
        codes = []
        for item in cols["county_codes"][i] or []:
            read = places.county(item)
            if item not in geo.ADMIN1 and read.codes and not read.split:
                notes.add(table, row, "county_codes", f"{item!r} read as {read.codes[0]} {geo.county_name(read.codes[0])}")
                codes.append(read.codes[0])
            else:
                codes.append(item)
        cols["county_codes"][i] = list(dict.fromkeys(codes))   # Vest-Agder, Aust-Agder -> 42 once


def event_status(tables: dict[str, SheetTable], as_of: dt.date) -> list[IngestProblem]:
    """A blank event status: held when it started on or before ``as_of``, else planned (one note)."""
    notes = _Notes()
    events = tables.get("events")
    if events is not None:
        for i, row in enumerate(events.rows):
            start = events.columns["start_date"][i]
            if events.columns["status"][i] is None and start is not None:
                events.columns["status"][i] = "held" if start <= as_of else "planned"
                notes.add(events, row, "status", f"status derived from start_date and the as-of date {as_of}")
    return notes.problems()


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
            shown.append(repr(str(value)) if isinstance(value, str) else
                         f"{value:.10g}" if isinstance(value, float) else str(value))
    return " / ".join(shown)


def _translate(problem: Problem, tables: dict[str, SheetTable], frames: dict[str, pd.DataFrame]) -> IngestProblem:
    """A rule problem about 'assessments.parquet, row 6' -> sheet assessments, spreadsheet row 7, cell."""
    table = problem.file.removesuffix(".parquet")
    sheet_table = tables[table]
    message = problem.message
    for name, other in tables.items():
        message = message.replace(f"{name}.parquet",
                                  other.sheet if other.place == "file" else f"the {other.sheet} sheet")
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
            problems.append(sheet_table.problem(None, None, f"could not be converted to the schema's types "
                                                            f"({type(exc).__name__}: {str(exc)[:120]})"))
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
        problems.append(IngestProblem(None, None, None, "some rules could not run because of the cell problems "
                                                        f"listed here; they run once those are fixed ({type(exc).__name__})"))
        rule_problems = []
    problems.extend(_translate(p, tables, frames) for p in rule_problems)
    return frames, problems


def checked_frames(reading: Reading, as_of: dt.date, *, derived: bool = False) -> tuple[dict[str, pd.DataFrame],
                                                                                       list[IngestProblem]]:
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


def _without_repeats(rule_problems: list[IngestProblem], cell_problems: list[IngestProblem],
                     holes: set | None = None) -> list[IngestProblem]:
    """A cell that failed to convert is reported once, not again by the rules that saw it empty; nor is a cell
    left blank because its root cell (the label an assessment type follows from, ...) was reported."""
    failed = {(p.table, p.row, p.column) for p in cell_problems if p.row is not None and p.severity == "error"}
    failed |= holes or set()
    rows = {(table, row) for table, row, _ in failed}
    # a rule about a row with a reported cell is a follow-on (a range or an order that involves the hole)
    return [p for p in rule_problems
            if (p.table, p.row) not in rows
            and not any((p.table, p.row, c) in failed for c in (p.column or "").split(","))]


def _sorted(problems: list[IngestProblem]) -> list[IngestProblem]:
    """Whole-file problems first, then by table (schema order) and row; column summaries ("... and 12 more
    rows") after the rows of their sheet; stable within a row."""
    order = {t: i for i, t in enumerate(TABLES)}

    def key(p: IngestProblem):
        row = p.row if p.row is not None else (math.inf if p.column else 0)
        return (p.sheet is not None, order.get(p.table or "", len(order)), row)
    return sorted(problems, key=key)


def ingest(path: str | os.PathLike, as_of: dt.date, root: str | os.PathLike, *, source: str | None = None,
           demo: bool = False, check_only: bool = False, progress: Progress | None = None,
           replace: bool = False, comparison_window: tuple[dt.date, dt.date] | None = None,
           collection: str | None = None) -> IngestResult:
    """Read, convert and check a spreadsheet; write it as the snapshot ``as_of`` under ``root`` when all is well.

    Nothing is written when any error is found, or when the snapshot already exists (unless ``replace``: then
    the old one is exchanged for the new one in one step).  Raises IngestError for an input that cannot be
    used at all (not a spreadsheet, too large, missing).
    """
    target = join(root, as_of.isoformat())
    if not check_only and not replace and _exists(target):
        return IngestResult(None, [IngestProblem(None, None, None, f"snapshot {as_of} already exists at {target}; "
                                                                   "refusing to overwrite it (choose another "
                                                                   "--as-of, or add --replace)")],
                            [], {})
    reading = read_source(path, progress)
    frames, problems = checked_frames(reading, as_of)
    rows = {t: len(st) for t, st in reading.tables.items()}
    result = IngestResult(None, problems, reading.notes, rows)
    if not result.ok or check_only:
        return result
    _write(result, root, as_of, frames, source or _source_label(path), demo, replace, progress,
           comparison_window=comparison_window, collection=collection)
    return result


def _source_label(path) -> str:
    return f"spreadsheet {Path(path).name}, ingested {dt.date.today().isoformat()}"


def _write(result: IngestResult, root, as_of: dt.date, frames, source: str, demo: bool, replace: bool,
           progress: Progress | None, *, comparison_window: tuple[dt.date, dt.date] | None = None,
           collection: str | None = None) -> None:
    try:
        location = write_snapshot(root, as_of, frames, source=source, demo=demo, overwrite=replace,
                                  comparison_window=comparison_window, collection=collection,
                                  progress=progress.writing if progress and progress.enabled else None)
    except FileExistsError as exc:
        result.problems.append(IngestProblem(None, None, None, f"{exc}"))
        return
    snapshot, written = read_snapshot(location)
    if snapshot is None or error_problems(written):  # cannot happen unless the rules and the reader disagree
        result.problems.extend(IngestProblem(None, None, None, f"written snapshot does not read back: {p}")
                               for p in error_problems(written))
    result.location = location


# --------------------------------------------------------------------------- one master list, many snapshots

SERIES_DAY = (3, 1)   # the default yearly snapshots: 1 March, as the bundled demo's


def series_dates(tables: dict[str, SheetTable]) -> list[dt.date]:
    """The default as-of dates of a series: 1 March of each year from the first assessment to the latest one,
    and the latest assessment's date itself."""
    dates = sorted(d for d in tables["assessments"].columns["assessment_date"] if d is not None)
    if not dates:
        return []
    first, latest = _day(dates[0]), _day(dates[-1])
    out = [dt.date(year, *SERIES_DAY) for year in range(first.year, latest.year + 1)
           if first <= dt.date(year, *SERIES_DAY) <= latest]
    return out + ([latest] if latest not in out else [])


def _day(value) -> dt.date:
    return dt.date(value.year, value.month, value.day)


def _subset(sheet_table: SheetTable, keep: list[bool]) -> SheetTable:
    return SheetTable(sheet_table.table, sheet_table.sheet, sheet_table.place,
                      {c: [v for v, k in zip(values, keep) if k] for c, values in sheet_table.columns.items()},
                      [r for r, k in zip(sheet_table.rows, keep) if k], sheet_table.letters)


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
    out["assessments"] = _subset(assessments, [k and (c in known or c is None) for k, c in
                                               zip(before("assessments", "assessment_date"),
                                                   assessments.columns["cluster_id"])])
    collaborations = _subset(tables["collaborations"], before("collaborations", "start_date"))
    collaborations.columns["end_date"] = [None if e is not None and _day(e) > as_of else e
                                          for e in collaborations.columns["end_date"]]
    out["collaborations"] = collaborations
    running = set(collaborations.columns["collaboration_id"])
    members = tables["collaboration_members"]
    out["collaboration_members"] = _subset(members, [a in running and b in known for a, b in
                                                     zip(members.columns["collaboration_id"], members.columns["cluster_id"])])
    events = _subset(tables["events"], before("events", "start_date"))
    events.columns["collaboration_id"] = [c if c is None or c in running else None
                                          for c in events.columns["collaboration_id"]]
    out["events"] = events
    return out


@dataclass
class SeriesResult:
    """One ingest of a master list into a snapshot per as-of date."""

    snapshots: list[tuple[dt.date, IngestResult]]   # per date: rows, the problems found on that date, location
    problems: list[IngestProblem]                    # problems of the workbook itself (cells, headers) and refusals
    notes: list[str]

    @property
    def errors(self) -> list[IngestProblem]:
        return [p for p in self.problems if p.severity == "error"] + \
            [p for _, result in self.snapshots for p in result.errors]

    @property
    def ok(self) -> bool:
        return not self.errors


def ingest_series(path: str | os.PathLike, root: str | os.PathLike, as_of_dates: Sequence[dt.date] | None = None, *,
                  source: str | None = None, demo: bool = False, check_only: bool = False, replace: bool = False,
                  progress: Progress | None = None, comparison_window: tuple[dt.date, dt.date] | None = None,
                  collection: str | None = None) -> SeriesResult:
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
        result.problems.append(IngestProblem(None, None, None, "the assessments sheet holds no dated assessment, so "
                                                               "there is no series to build; give --as-of"))
        return result
    existing = [d for d in dates if _exists(join(root, d.isoformat()))]
    if existing and not replace and not check_only:
        result.problems.append(IngestProblem(None, None, None, "snapshots already exist for " +
                                             ", ".join(map(str, existing)) + f" under {root}; nothing was written "
                                             "(add --replace to replace them, or choose other dates)"))
        return result
    seen = {str(p) for p in base}
    frames_by_date = {}
    for as_of in dates:
        tables = as_of_tables(reading.tables, as_of)
        dated = Reading(tables, [p for p in reading.problems], [], set(reading.holes))
        frames, problems = checked_frames(dated, as_of, derived=True)
        fresh = [p for p in problems if str(p) not in seen]
        seen.update(str(p) for p in fresh)       # a warning true on every date is shown once, at its first date
        result.snapshots.append((as_of, IngestResult(None, fresh, [], {t: len(st) for t, st in tables.items()})))
        frames_by_date[as_of] = frames
    result.problems = _sorted(result.problems)
    if not result.ok or check_only:
        return result
    label = source or _source_label(path)
    for as_of, dated_result in result.snapshots:
        _write(dated_result, root, as_of, frames_by_date[as_of], f"{label}; as of {as_of}", demo, replace, progress,
               comparison_window=comparison_window, collection=collection)
    return result


def _exists(location: str) -> bool:
    fs, path = resolve(location)
    return fs.get_file_info(path).type != pafs.FileType.NotFound


# --------------------------------------------------------------------------- the template

def column_help(table: str, column: str) -> dict[str, str]:
    """What the template says about one column: type, required, unit or allowed values, meaning."""
    typ, nullable, meaning = TABLES[table][column]
    kind = _kind(typ)
    allowed = ENUMS.get((table, column)) or LIST_VALUES.get((table, column))
    if (table, column) == ("clusters", "programme_level"):
        values = "; ".join(f"{country}: {', '.join(levels)}" for country, levels in PROGRAMME_LEVELS.items())
    elif allowed:
        values = ", ".join(allowed)
    elif kind == "boolean":
        values = "TRUE or FALSE (also ja/nei, yes/no, 1/0)"
    else:
        values = UNITS.get((table, column), "")
    return {"type": KIND_WORDS[kind], "required": "optional" if nullable else "required",
            "values": values, "meaning": meaning}


_README_TEXT = (
    "How to fill this workbook",
    "One sheet per table. Row 1 holds the column names: do not rename, reorder freely. One record per row from row 2.",
    "UNKNOWN STAYS BLANK: leave a cell empty when no source gives it (scores, area scores, training lights, sector,",
    "founded year, coordinates...). Nothing is filled in for you except what follows from other cells (column G).",
    "Words as you write them: Arena Pro, NCE, GCE; national cluster / klyngeorganisation (DK); Gold, Gull, Bronse, Sølv;",
    "county names of any era (Vest-Agder, Hordaland, Viken with a town) or codes; Region Midtjylland or 1082.",
    "Dates: 2017-03-01, 01.03.2017, Excel dates, or only what you know: 2017-09, Sept 2016, 2017 (precision kept).",
    "Numbers: a decimal point or comma. Yes/no columns: TRUE/FALSE, ja/nei. Lists: comma-separated, e.g. 18, 55, 56.",
    "In assessments, cluster_id may hold the cluster's name. Extra columns (comments) are ignored with a note.",
    "No merged cells, no totals rows, no notes below the data.",
    "Then: python -m clusterviz ingest THIS_FILE.xlsx --as-of 2017-03-01   (or --series for a whole history; nothing",
    "is written if any cell is wrong; every problem is listed with sheet, row and column). This sheet is ignored.",
)
WHEN_BLANK_UNKNOWN = "unknown: stays empty"
WHEN_BLANK_REQUIRED = "refused: a value is needed"


def when_blank(table: str, column: str) -> str:
    """What the ingest does with a blank cell of this column (the template's README sheet says it)."""
    if (table, column) in DERIVED:
        return DERIVED[(table, column)]
    if TABLES[table][column][1]:
        return WHEN_BLANK_UNKNOWN
    if _kind(TABLES[table][column][0]) == "list":
        return "an empty list"
    return WHEN_BLANK_REQUIRED


def template_workbook(snapshot=None):
    """The documented template (an openpyxl Workbook); filled with ``snapshot``'s tables when given."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9E1F2")
    workbook = Workbook()
    readme = workbook.active
    readme.title = README_SHEET
    for line_number, line in enumerate(_README_TEXT, start=1):
        readme.cell(line_number, 1, line).font = Font(bold=line_number == 1, size=13 if line_number == 1 else 11)
    start = len(_README_TEXT) + 2
    headings = ("sheet", "column", "type", "required", "unit / allowed values", "meaning", "when blank")
    for i, heading in enumerate(headings, start=1):
        cell = readme.cell(start, i, heading)
        cell.font, cell.fill = bold, header_fill
    row = start + 1
    for table, columns in TABLES.items():
        for column in columns:
            info = column_help(table, column)
            for i, value in enumerate((table, column, info["type"], info["required"], info["values"], info["meaning"],
                                       when_blank(table, column)),
                                      start=1):
                readme.cell(row, i, value).alignment = Alignment(wrap_text=i >= 5, vertical="top")
            row += 1
    for letter, width in zip("ABCDEFG", (24, 22, 22, 10, 48, 70, 60)):
        readme.column_dimensions[letter].width = width

    for table, columns in TABLES.items():
        ws = workbook.create_sheet(table)
        frame = snapshot.tables[table] if snapshot is not None else None
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            info = column_help(table, column)
            cell = ws.cell(1, index, column)
            cell.font, cell.fill = bold, header_fill
            note = f"{info['meaning']}\n{info['type']}, {info['required']}" + (f"\n{info['values']}" if info["values"] else "") \
                + f"\nWhen blank: {when_blank(table, column)}"
            cell.comment = Comment(note, "clusterviz", width=300, height=160)
            kind = _kind(columns[column][0])
            if kind in ("text", "list", "date"):   # dates as text too: 2017 or Sept 2016 stay as written
                ws.column_dimensions[letter].number_format = "@"
                ws.column_dimensions[letter].number_format = "@"
            cells = f"{letter}2:{letter}{_EXCEL_ROWS}"
            validation = _validation(table, column, kind, DataValidation)
            if validation is not None:
                ws.add_data_validation(validation)
                validation.add(cells)
            widths = [len(column)] + ([len(_cell_text(v)) for v in frame[column].head(300)] if frame is not None else [])
            ws.column_dimensions[letter].width = min(50, max(12, max(widths) + 2))
        if frame is not None:
            _fill(ws, table, frame)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
    return workbook


def _validation(table: str, column: str, kind: str, DataValidation):
    typ, nullable, meaning = TABLES[table][column]
    common = dict(allow_blank=nullable or (table, column) in DERIVED, showErrorMessage=True, errorTitle=column,
                  promptTitle=column, showInputMessage=False)
    allowed = ENUMS.get((table, column))
    if kind == "boolean":
        allowed = ("TRUE", "FALSE")
    if allowed:
        # a warning, not a stop: the words people write (Arena Pro, Gull, Vest-Agder, ja) are read too
        return DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', errorStyle="warning",
                              error=f"the values are: {', '.join(allowed)}; other words are checked by the ingest",
                              **common)
    if kind == "integer":
        return DataValidation(type="whole", operator="between", formula1="0", formula2="100000",
                              error="a whole number", **common)
    if (table, column) in UNITS and UNITS[(table, column)].startswith("percent"):
        return DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                              error="a score in percent, 0 to 100", **common)
    if column in ("lat", "lon"):
        limit = "90" if column == "lat" else "180"
        return DataValidation(type="decimal", operator="between", formula1=f"-{limit}", formula2=limit,
                              error="degrees, WGS84", **common)
    return None


def _cell_value(value, kind: str):
    """A frame value -> what the template cell holds (lists as comma-separated text, dates as dates)."""
    if kind == "list":
        return ", ".join(str(v) for v in (value if value is not None else []))
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    if kind == "date":
        return pd.Timestamp(value).date()
    if kind == "integer":
        return int(value)
    if kind == "decimal":
        return float(value)
    if kind == "boolean":
        return bool(value)
    return str(value)


def _cell_text(value) -> str:
    """How wide a value is in the sheet (for the column width)."""
    if hasattr(value, "__len__") and not isinstance(value, str):
        return ", ".join(map(str, value))
    if value is None or pd.isna(value):
        return ""
    return f"{value:%Y-%m-%d}" if isinstance(value, pd.Timestamp) else str(value)


def _fill(ws, table: str, frame: pd.DataFrame) -> None:
    kinds = [(column, _kind(spec[0])) for column, spec in TABLES[table].items()]
    for row_number, record in enumerate(frame[[c for c, _ in kinds]].itertuples(index=False), start=2):
        for index, ((_column, kind), value) in enumerate(zip(kinds, record), start=1):
            cell = ws.cell(row_number, index, _cell_value(value, kind))
            if kind == "date" and cell.value is not None:
                cell.number_format = "yyyy-mm-dd"
            elif kind in ("text", "list"):
                cell.number_format = "@"


def write_template(path: str | os.PathLike, snapshot=None, *, overwrite: bool = False) -> Path:
    """Save the template to ``path`` (through a temporary file, so a failure leaves no half workbook)."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise IngestError(f"{path} already exists; choose another --out or add --force")
    workbook = template_workbook(snapshot)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".template-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        workbook.save(temp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp makes it private; a template is an ordinary file
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


# --------------------------------------------------------------------------- command line
