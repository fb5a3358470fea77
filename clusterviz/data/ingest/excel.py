"""Reading an Excel workbook (.xlsx): each table's sheet, read-only and streamed; merged cells refused; a date's
display format kept as its precision (Sep-16 is a month)."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import re
import warnings
import zipfile
from pathlib import Path

from clusterviz.data import words
from clusterviz.data.ingest.cells import README_SHEET, REQUIRED_TABLES, column_kind
from clusterviz.data.ingest.results import IngestError, IngestProblem, Progress, Reading, SheetTable
from clusterviz.data.ingest.rows import empty_table, normalise_name, read_rows
from clusterviz.data.snapshot import TABLES
from clusterviz.data.validate import MAX_ROWS_LISTED

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
