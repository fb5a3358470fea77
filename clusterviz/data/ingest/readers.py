"""Reading rows: an Excel workbook, a CSV file or set, any input -> typed tables (SheetTable) with problems."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import os
import re
import warnings
import zipfile
from pathlib import Path
from typing import Iterable, Sequence

from clusterviz.data import words
from clusterviz.data.ingest.cells import DERIVED, HEADER_ALIASES, MAX_BYTES, README_SHEET, REQUIRED_TABLES, Bad, column_kind, column_parsers
from clusterviz.data.ingest.results import IngestError, IngestProblem, Progress, Reading, SheetTable
from clusterviz.data.snapshot import TABLES
from clusterviz.data.validate import MAX_ROWS_LISTED

# --------------------------------------------------------------------------- rows -> typed table


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
            buffer = buffer[max(keep_from, 0) :]


def read_worksheet(
    ws, table: str, *, archive: zipfile.ZipFile | None = None, progress: Progress | None = None
) -> tuple[SheetTable | None, list[IngestProblem]]:
    """Read one worksheet (any layout openpyxl opens: the template, the app's Excel export) as ``table``."""
    merged = (
        _merged_ranges(archive, ws)
        if getattr(ws, "_worksheet_path", None)
        else [str(r) for r in getattr(getattr(ws, "merged_cells", None), "ranges", ())]
    )
    if merged:
        shown = ", ".join(merged[:MAX_ROWS_LISTED]) + (
            f" and {len(merged) - MAX_ROWS_LISTED} more" if len(merged) > MAX_ROWS_LISTED else ""
        )
        return None, [
            IngestProblem(
                ws.title,
                None,
                None,
                f"has merged cells ({shown}); unmerge them so that every value sits in its own cell in its own row",
                table=table,
            )
        ]
    total = ws.max_row - 1 if isinstance(ws.max_row, int) and ws.max_row > 1 else None
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # a wrong <dimension> tag must not cut columns or rows off
    if any(column_kind(spec[0]) == "date" for spec in TABLES[table].values()):
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
                reading.problems.append(
                    IngestProblem(hint[0], None, None, f"is not a table name — did you mean {table!r}? (rename the sheet)")
                )
            elif table in REQUIRED_TABLES:
                reading.problems.append(
                    IngestProblem(None, None, None, f"the workbook has no {table!r} sheet; sheets found: {', '.join(workbook.sheetnames)}")
                )
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
    for table in sorted(TABLES, key=len, reverse=True):  # collaboration_members before ... members
        for spelling in (table, table.replace("_", " "), table.replace("_", "-")):
            if lowered.endswith(spelling):
                return stem[: len(stem) - len(spelling)], table
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
            raise IngestError(
                f"{path}: no CSV file named after a table ({', '.join(t + '.csv' for t in TABLES)}, "
                "optionally with a common prefix such as 2017_clusters.csv)"
            )
        if len(sets) > 1:
            shown = ", ".join(
                sorted(files["clusters"].name if "clusters" in files else next(iter(files.values())).name for files in sets.values())
            )
            raise IngestError(f"{path} holds more than one set of CSV files ({shown}); give one file of the set you mean")
        (prefix, suffix), files = next(iter(sets.items()))
        first = next(iter(files.values()))
        found = _csv_table(first.stem)
        assert found is not None  # the set was grouped by it
        prefix = first.stem[: len(first.stem) - len(found[1])]
        return files, f"{prefix}*{suffix}" if prefix else f"*{suffix}"
    found = _csv_table(path.stem)
    if found is None:
        raise IngestError(
            f"{path.name}: a CSV file must be named after its table — "
            f"{', '.join(t + '.csv' for t in TABLES)} — optionally with a common prefix "
            f"(2017_clusters.csv, 2017_assessments.csv, ...)"
        )
    folder, prefix, suffix = path.parent, found[0], path.suffix
    files = {}
    for candidate in sorted(folder.iterdir()):
        other = _csv_table(candidate.stem) if candidate.is_file() else None
        if other and other[0].lower() == prefix.lower() and candidate.suffix.lower() == suffix.lower():
            files.setdefault(other[1], candidate)
    return files, f"{prefix}*{suffix}" if prefix else f"*{suffix}"


def _decode(data: bytes, name: str, notes: list[str]) -> str:
    if b"\x00" in data[:65536]:
        raise IngestError(f"{name} is not a text CSV file (it holds binary data); save the sheet as CSV UTF-8 or give the .xlsx file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        notes.append(f"{name} is not UTF-8; read it as Windows-1252 (Excel's plain 'CSV' format)")
        return data.decode("cp1252", errors="replace")


def read_csv(
    path: str | os.PathLike, table: str, progress: Progress | None = None, notes: list[str] | None = None
) -> tuple[SheetTable | None, list[IngestProblem]]:
    """One table from a CSV file: UTF-8 (with or without BOM) or Windows-1252; ',' ';' or tab separated."""
    path = Path(path)
    text = _decode(path.read_bytes(), path.name, notes if notes is not None else [])
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    total = max(text.count("\n") - 1, 0) or None
    try:
        return read_rows(enumerate(reader, start=1), table, path.name, place="file", excel=False, total=total, progress=progress)
    except csv.Error as exc:
        return None, [IngestProblem(path.name, None, None, f"is not a readable CSV file: {exc}", place="file", table=table)]


def read_csv_set(path: str | os.PathLike, progress: Progress | None = None) -> Reading:
    files, pattern = _csv_set(Path(path))
    reading = Reading()
    size = sum(p.stat().st_size for p in files.values())
    if size > MAX_BYTES:
        raise IngestError(f"the CSV files are {size / 1e6:.0f} MB together; the limit is {MAX_BYTES / 1e6:.0f} MB")
    for table in TABLES:
        if table not in files:
            if table in REQUIRED_TABLES:
                reading.problems.append(
                    IngestProblem(
                        None,
                        None,
                        None,
                        f"no {table} CSV file ({pattern.replace('*', table)}) next to the others; a snapshot needs {table}",
                    )
                )
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
        raise IngestError(
            f"{path.name} is {size / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB "
            "(split it, or write Parquet directly with snapshot.write_snapshot)"
        )
    if size == 0:
        raise IngestError(f"{path.name} is an empty file")
    with open(path, "rb") as stream:
        magic = stream.read(8)
    if magic.startswith(b"PK\x03\x04"):
        return read_workbook(path, progress)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(
            f"{path.name} is an old Excel 97-2003 (.xls) or password-protected workbook; save it as an .xlsx workbook without a password"
        )
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        return read_csv_set(path, progress)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise IngestError(
            f"{path.name} is not a readable Excel workbook (.xlsx): it does not start like one (renamed from another format?)"
        )
    raise IngestError(
        f"{path.name} is not a spreadsheet: give an Excel workbook (.xlsx), a CSV file "
        "or a folder of CSV files (see `python -m clusterviz template`)"
    )
