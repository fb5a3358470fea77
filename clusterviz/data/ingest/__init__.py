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

from clusterviz.data import words  # noqa: F401 - ingest.words, as before the split
from clusterviz.data.ingest.build import SnapshotWriter, ingest  # noqa: F401
from clusterviz.data.ingest.cells import (  # noqa: F401
    ALL_PROGRAMME_LEVELS,
    CODE_WIDTH,
    COUNTY_CODES,
    DEFAULT_TEMPLATE,
    DERIVED,
    ENUMS,
    FALSE_WORDS,
    HEADER_ALIASES,
    KIND_WORDS,
    LIST_VALUES,
    MAX_BYTES,
    PROGRESS_EVERY,
    README_SHEET,
    REQUIRED_TABLES,
    ROW_WORDS,
    TRUE_WORDS,
    UNITS,
    UPPER_CASE,
    WORD_COLUMNS,
    Bad,
    column_kind,
    column_parsers,
)
from clusterviz.data.ingest.check import build_frames, checked_frames  # noqa: F401
from clusterviz.data.ingest.derive import MAX_ROWS_NOTED, derive, event_status, rule_valid_until, stable_id  # noqa: F401
from clusterviz.data.ingest.excel import excel_precision, read_workbook, read_worksheet  # noqa: F401
from clusterviz.data.ingest.readers import CSV_SUFFIXES, read_csv, read_csv_set, read_source  # noqa: F401
from clusterviz.data.ingest.results import IngestError, IngestProblem, IngestResult, Progress, Reading, SheetTable  # noqa: F401
from clusterviz.data.ingest.rows import empty_table, normalise_name, read_rows  # noqa: F401
from clusterviz.data.ingest.series import SERIES_DAY, SeriesResult, as_of_tables, ingest_series, series_dates  # noqa: F401
from clusterviz.data.ingest.template import (  # noqa: F401
    WHEN_BLANK_REQUIRED,
    WHEN_BLANK_UNKNOWN,
    column_help,
    template_workbook,
    when_blank,
    write_template,
)
from clusterviz.data.snapshot import AREA_COLUMNS, LIGHTS  # noqa: F401
