"""The documented Excel template (README sheet, one sheet per table, validations, comments), optionally filled from a snapshot."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from clusterviz.data.ingest.cells import DERIVED, ENUMS, EXCEL_ROWS, KIND_WORDS, LIST_VALUES, README_SHEET, UNITS, column_kind
from clusterviz.data.ingest.results import IngestError
from clusterviz.data.snapshot import PROGRAMME_LEVELS, TABLES

# --------------------------------------------------------------------------- the template


def column_help(table: str, column: str) -> dict[str, str]:
    """What the template says about one column: type, required, unit or allowed values, meaning."""
    typ, nullable, meaning = TABLES[table][column]
    kind = column_kind(typ)
    allowed = ENUMS.get((table, column)) or LIST_VALUES.get((table, column))
    if (table, column) == ("clusters", "programme_level"):
        values = "; ".join(f"{country}: {', '.join(levels)}" for country, levels in PROGRAMME_LEVELS.items())
    elif allowed:
        values = ", ".join(allowed)
    elif kind == "boolean":
        values = "TRUE or FALSE (also ja/nei, yes/no, 1/0)"
    else:
        values = UNITS.get((table, column), "")
    return {"type": KIND_WORDS[kind], "required": "optional" if nullable else "required", "values": values, "meaning": meaning}


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
    if column_kind(TABLES[table][column][0]) == "list":
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
            for i, value in enumerate(
                (table, column, info["type"], info["required"], info["values"], info["meaning"], when_blank(table, column)), start=1
            ):
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
            note = (
                f"{info['meaning']}\n{info['type']}, {info['required']}"
                + (f"\n{info['values']}" if info["values"] else "")
                + f"\nWhen blank: {when_blank(table, column)}"
            )
            cell.comment = Comment(note, "clusterviz", width=300, height=160)
            kind = column_kind(columns[column][0])
            if kind in ("text", "list", "date"):  # dates as text too: 2017 or Sept 2016 stay as written
                ws.column_dimensions[letter].number_format = "@"
                ws.column_dimensions[letter].number_format = "@"
            cells = f"{letter}2:{letter}{EXCEL_ROWS}"
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
    common = dict(
        allow_blank=nullable or (table, column) in DERIVED,
        showErrorMessage=True,
        errorTitle=column,
        promptTitle=column,
        showInputMessage=False,
    )
    allowed = ENUMS.get((table, column))
    if kind == "boolean":
        allowed = ("TRUE", "FALSE")
    if allowed:
        # a warning, not a stop: the words people write (Arena Pro, Gull, Vest-Agder, ja) are read too
        return DataValidation(
            type="list",
            formula1='"' + ",".join(allowed) + '"',
            errorStyle="warning",
            error=f"the values are: {', '.join(allowed)}; other words are checked by the ingest",
            **common,
        )
    if kind == "integer":
        return DataValidation(type="whole", operator="between", formula1="0", formula2="100000", error="a whole number", **common)
    if (table, column) in UNITS and UNITS[(table, column)].startswith("percent"):
        return DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100", error="a score in percent, 0 to 100", **common
        )
    if column in ("lat", "lon"):
        limit = "90" if column == "lat" else "180"
        return DataValidation(type="decimal", operator="between", formula1=f"-{limit}", formula2=limit, error="degrees, WGS84", **common)
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
    kinds = [(column, column_kind(spec[0])) for column, spec in TABLES[table].items()]
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
