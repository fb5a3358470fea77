"""Read a snapshot and check it (problems.py, read.py, conform.py, rules.py, checks.py, frames.py): schema, types, keys, ranges, label rules and references between tables.

``read_snapshot(folder)`` returns ``(snapshot, problems)``; the snapshot is None whenever any problem is
an error.  Every problem names the file, the column, the (1-based) data row and what is wrong, so that a
person with the spreadsheet open can find it.

A snapshot is read and checked as Arrow tables (the Parquet files straight from memory, the rules as
pyarrow.compute kernels and numpy) and converted to pandas once, at the end, only when it is valid.  ``check_rules`` also takes pandas frames (ingest).
"""

from __future__ import annotations

from clusterviz.data.validate.checks import DIGITS, ID_CHARACTERS, MS_PER_DAY  # noqa: F401
from clusterviz.data.validate.conform import conform  # noqa: F401
from clusterviz.data.validate.frames import to_frame  # noqa: F401
from clusterviz.data.validate.problems import (  # noqa: F401
    BIDI_CONTROLS,
    CONTROLS_PATTERN,
    EARLIEST_DATE,
    MAX_FILE_BYTES,
    MAX_ROWS_LISTED,
    MAX_TEXT,
    MB,
    Problem,
    SnapshotInvalid,
    errors,
)
from clusterviz.data.validate.read import CODED_COLUMNS, CODED_FROM_ROWS, read_snapshot  # noqa: F401
from clusterviz.data.validate.rules import ADMIN1_CODES, ERA_RULE_WARNING, SOURCE_COLUMNS, TEXT_COLUMNS, TYPE_RANK, check_rules  # noqa: F401
