"""A problem with a snapshot (file, column, row, what; error or warning) and the limits every check uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EARLIEST_DATE = dt.date(2010, 1, 1)
MAX_TEXT = 200
MB = 1024 * 1024
MAX_FILE_BYTES = 100 * MB  # a snapshot table larger than this is refused before it is read
MAX_ROWS_LISTED = 10  # per rule; the rest are counted
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
# has_controls as one regex (Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F), checked per
# column instead of per character in Python: that loop was a third of a Europe-scale validation.  The two are
# kept side by side; tests/unit/test_benchmarks.py checks that they agree.
CONTROLS_PATTERN = r"[\x00-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]"


@dataclass(frozen=True)
class Problem:
    file: str
    column: str | None
    row: int | None  # 1-based data row in the file; None for file- or column-level problems
    message: str
    severity: str = "error"  # "error" refuses the snapshot; "warning" is reported only

    def __str__(self) -> str:
        where = self.file
        if self.column:
            where += f", column {self.column}"
        if self.row is not None:
            where += f", row {self.row}"
        return f"{where}: {self.message}"


class SnapshotInvalid(Exception):
    def __init__(self, location: str, problems: list[Problem]):
        self.location = location
        self.problems = problems
        super().__init__(f"{location}: {len(problems)} problem(s); first: {problems[0] if problems else ''}")


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
