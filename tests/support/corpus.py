"""A corpus of bad snapshots, generated from the good demo snapshot (nothing binary is committed).

Each case is a function that receives a fresh copy of ``data/snapshots/2017-03-01`` (a ``Copy``) and
breaks it in exactly one way.  The ``@case(file, column, message)`` decorator records the problem the
validator must report; the function returns the 1-based data row the problem is on (or None for file-
and column-level problems).  Edits rewrite the table *and* its checksum in manifest.json, so that each
case reaches the rule it is aimed at instead of stopping at the checksum — except the cases about the
checksum itself.

    folder, expected = CASES["gold_with_low_index"].build(tmp_path)
    snapshot, problems = validate.read_snapshot(folder)
    assert snapshot is None and expected.found_in(problems)

``build(root, as_of=...)`` can date the copy differently (folder name and manifest), which the app tests
use to put a broken snapshot *after* the last valid one.

Schema 2: only the impossible is an error.  A case registered with ``severity="warning"`` (an ESCA rule that
real data may break) must be reported as a warning while the snapshot is still served.  ``FINE`` holds the
copies that must be served without any problem: unknown values (nulls) where the schema allows them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from clusterviz.data.snapshot import AREA_COLUMNS, LIGHTS

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "snapshots" / "2017-03-01"
SEED_DATE = dt.date(2017, 3, 1)


@dataclass(frozen=True)
class Expected:
    """The problem a case must produce: file, column, row (1-based, None = not row-specific) and words."""

    file: str
    column: str | None
    row: int | None
    message: str
    severity: str = "error"

    def matches(self, problem) -> bool:
        return (
            problem.file == self.file
            and problem.column == self.column
            and problem.row == self.row
            and problem.severity == self.severity
            and self.message.lower() in problem.message.lower()
        )

    def found_in(self, problems) -> bool:
        return any(self.matches(p) for p in problems)

    def __str__(self) -> str:
        where = self.file + (f", column {self.column}" if self.column else "") + (f", row {self.row}" if self.row is not None else "")
        return f"{where}: …{self.message}…"


class Copy:
    """A writable copy of the seed snapshot with small editing helpers (rows are 1-based, like problems)."""

    def __init__(self, folder: Path):
        self.folder = folder

    # -- manifest
    def manifest(self) -> dict:
        return json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))

    def write_manifest(self, data: dict) -> None:
        (self.folder / "manifest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")

    @property
    def as_of(self) -> dt.date:
        return dt.date.fromisoformat(self.manifest()["as_of"])

    # -- raw files
    def path(self, table: str) -> Path:
        return self.folder / f"{table}.parquet"

    def write_bytes(self, table: str, data: bytes, *, publish: bool = True) -> None:
        """Replace a table file; ``publish`` also records its checksum (as a careless writer would)."""
        self.path(table).write_bytes(data)
        if publish:
            manifest = self.manifest()
            manifest["tables"][table]["sha256"] = hashlib.sha256(data).hexdigest()
            self.write_manifest(manifest)

    # -- tables
    def table(self, table: str) -> pa.Table:
        return pq.read_table(self.path(table))

    def write(self, table: str, arrow: pa.Table, *, publish: bool = True) -> None:
        sink = io.BytesIO()
        pq.write_table(arrow, sink)
        self.write_bytes(table, sink.getvalue(), publish=publish)
        if publish:
            manifest = self.manifest()
            manifest["tables"][table]["rows"] = arrow.num_rows
            self.write_manifest(manifest)

    def values(self, table: str, column: str) -> list:
        return self.table(table).column(column).to_pylist()

    def row_where(self, table: str, **equal) -> int:
        """1-based row of the first row whose columns equal the given values."""
        arrow = self.table(table)
        columns = {name: arrow.column(name).to_pylist() for name in equal}
        for i in range(arrow.num_rows):
            if all(columns[name][i] == value for name, value in equal.items()):
                return i + 1
        raise LookupError(f"no row in {table} with {equal}")

    def set_column(self, table: str, column: str, values: list, type: pa.DataType | None = None) -> None:
        """Replace a column; keeps its type when the values fit it, else lets Arrow infer one (a wrong type)."""
        arrow = self.table(table)
        index = arrow.schema.get_field_index(column)
        if type is None:
            try:
                array = pa.array(values, type=arrow.schema.field(index).type)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
                array = pa.array(values)
        else:
            array = pa.array(values, type=type)
        self.write(table, arrow.set_column(index, pa.field(column, array.type, nullable=True), array))

    def set_cell(self, table: str, column: str, row: int, value) -> int:
        values = self.values(table, column)
        values[row - 1] = value
        self.set_column(table, column, values)
        return row

    def set_cells(self, table: str, row: int, **values) -> int:
        for column, value in values.items():
            self.set_cell(table, column, row, value)
        return row

    def keep_rows(self, table: str, keep: Callable[[int], bool]) -> None:
        arrow = self.table(table)
        self.write(table, arrow.filter(pa.array([keep(i + 1) for i in range(arrow.num_rows)])))


@dataclass(frozen=True)
class Case:
    name: str
    breaks: Callable[[Copy], int | None]
    file: str
    column: str | None
    message: str
    description: str
    severity: str = "error"

    def build(self, root: str | os.PathLike, as_of: dt.date = SEED_DATE) -> tuple[Path, Expected]:
        """Copy the seed snapshot to root/<as_of>, break it, and return (folder, expected problem)."""
        folder = Path(root) / as_of.isoformat()
        shutil.copytree(SEED, folder)
        copy = Copy(folder)
        if as_of != SEED_DATE:
            manifest = copy.manifest()
            manifest["as_of"] = as_of.isoformat()
            copy.write_manifest(manifest)
        row = self.breaks(copy)
        return folder, Expected(self.file, self.column, row, self.message, self.severity)


CASES: dict[str, Case] = {}


def case(file: str, column: str | None, message: str, severity: str = "error"):
    """Register a corpus case; the function breaks the copy and returns the offending row (or None)."""

    def register(function: Callable[[Copy], int | None]):
        CASES[function.__name__] = Case(function.__name__, function, file, column, message, (function.__doc__ or "").strip(), severity)
        return function

    return register


def cells(
    name: str,
    table: str,
    row: int | dict,
    values: dict,
    message: str,
    description: str,
    *,
    column: str | None = None,
    severity: str = "error",
) -> None:
    """Register a case that sets cells of one row of ``table``: ``row`` is 1-based, or the column values of the
    first row to edit; a new value is a value, or a function of (copy, row) that reads it from the copy.  The
    problem is expected on that row, in ``column`` (default: the one column set)."""

    def breaks(c: Copy) -> int:
        at = row if isinstance(row, int) else c.row_where(table, **row)
        new = {key: value(c, at) if callable(value) else value for key, value in values.items()}
        return c.set_cells(table, at, **new)

    CASES[name] = Case(name, breaks, f"{table}.parquet", column or next(iter(values)), message, description, severity)


def read(table: str, column: str, row: int | None = None) -> Callable[[Copy, int], object]:
    """A new value read from the copy: ``column`` of ``row`` (default: the row being edited)."""
    return lambda c, at: c.values(table, column)[(row or at) - 1]


def shifted(table: str, column: str, years: int) -> Callable[[Copy, int], dt.date]:
    """A new value: the date in ``column`` of the row being edited, moved by whole years."""
    return lambda c, at: (date := c.values(table, column)[at - 1]).replace(year=date.year + years)


def after_snapshot(days: int) -> Callable[[Copy, int], dt.date]:
    return lambda c, at: c.as_of + dt.timedelta(days=days)


def manifest_edit(name: str, column: str, message: str, edit: Callable[[dict, Copy], object], description: str) -> None:
    """Register a case that edits manifest.json in place (``edit`` changes the parsed manifest)."""

    def breaks(c: Copy) -> None:
        manifest = c.manifest()
        edit(manifest, c)
        c.write_manifest(manifest)

    CASES[name] = Case(name, breaks, "manifest.json", column, message, description)


def column_edit(
    name: str,
    table: str,
    column: str,
    message: str,
    description: str,
    *,
    row: int | None,
    convert: Callable | None = None,
    type: pa.DataType | None = None,
    bad=None,
) -> None:
    """Register a case that rewrites a whole column: each value through ``convert``, stored as ``type`` (default:
    the column's own), and on ``row`` the value ``bad`` (or ``bad`` of the value there).  The problem is expected
    on ``row`` (None: on no row in particular)."""

    def breaks(c: Copy) -> int | None:
        values = [convert(v) for v in c.values(table, column)] if convert else c.values(table, column)
        if row is not None and bad is not None:
            values[row - 1] = bad(values[row - 1]) if callable(bad) else bad
        c.set_column(table, column, values, type=type)
        return row

    CASES[name] = Case(name, breaks, f"{table}.parquet", column, message, description)


def error_cases() -> list[str]:
    return sorted(name for name, c in CASES.items() if c.severity == "error")


def warning_cases() -> list[str]:
    return sorted(name for name, c in CASES.items() if c.severity == "warning")


@dataclass(frozen=True)
class Fine:
    """A copy of the seed snapshot edited in a way schema 2 allows: it must be served without any problem."""

    name: str
    edits: Callable[[Copy], None]
    description: str

    def build(self, root: str | os.PathLike) -> Path:
        folder = Path(root) / SEED_DATE.isoformat()
        shutil.copytree(SEED, folder)
        self.edits(Copy(folder))
        return folder


FINE: dict[str, Fine] = {}


def fine(function: Callable[[Copy], None]):
    FINE[function.__name__] = Fine(function.__name__, function, (function.__doc__ or "").strip())
    return function


# =========================================================================== files and manifest


@case("clusters.parquet", None, "not a readable Parquet file")
def truncated_parquet(c: Copy):
    """clusters.parquet cut in half (an interrupted copy), its checksum recorded anyway."""
    data = c.path("clusters").read_bytes()
    c.write_bytes("clusters", data[: len(data) // 2])


@case("assessments.parquet", None, "not a readable Parquet file")
def corrupt_bytes_in_the_middle(c: Copy):
    """64 bytes in the middle of assessments.parquet overwritten, checksum recorded anyway."""
    data = bytearray(c.path("assessments").read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"\xff" * 64
    c.write_bytes("assessments", bytes(data))


@case("events.parquet", None, "not a readable Parquet file")
def csv_renamed_to_parquet(c: Copy):
    """events.parquet is really a CSV export that someone renamed."""
    arrow = c.table("events").drop_columns(["themes"])
    sink = io.BytesIO()
    pacsv.write_csv(arrow, sink)
    c.write_bytes("events", sink.getvalue())


@case("clusters.parquet", None, "is a folder")
def table_is_a_folder(c: Copy):
    """clusters.parquet is a folder (a Spark/Hive-style dataset directory) instead of one file."""
    c.path("clusters").unlink()
    c.path("clusters").mkdir()
    (c.path("clusters") / "part-0.parquet").write_bytes(b"PAR1")


@case("events.parquet", None, "missing from the snapshot folder")
def table_missing(c: Copy):
    """events.parquet was not copied."""
    c.path("events").unlink()


@case("clusters.parquet", None, "is 200 MB; the limit is 100 MB")
def file_of_200_mb(c: Copy):
    """clusters.parquet padded to 200 MB (sparse: no disk or time spent); refused by size before reading."""
    with c.path("clusters").open("r+b") as f:
        f.truncate(200 * 1024 * 1024)


@case("manifest.json", None, "missing")
def manifest_missing(c: Copy):
    """No manifest.json: a half-finished hand copy."""
    (c.folder / "manifest.json").unlink()


@case("manifest.json", None, "not valid JSON")
def manifest_not_json(c: Copy):
    """manifest.json cut off in the middle."""
    text = (c.folder / "manifest.json").read_text(encoding="utf-8")
    (c.folder / "manifest.json").write_text(text[: len(text) // 2], encoding="utf-8")


@case("manifest.json", None, "must be a JSON object")
def manifest_is_a_list(c: Copy):
    """manifest.json holds a JSON list instead of an object."""
    (c.folder / "manifest.json").write_text(json.dumps([c.manifest()]), encoding="utf-8")


manifest_edit(
    "manifest_wrong_schema_version",
    "schema_version",
    "reads schema versions 1 and 2",
    lambda m, c: m.update(schema_version=3),
    "A snapshot written by a future clusterviz (schema_version 3).",
)
manifest_edit(
    "comparison_window_backwards",
    "comparison_window",
    "ends (2014-02-01) before it starts",
    lambda m, c: m.update(comparison_window={"start": "2016-08-31", "end": "2014-02-01"}),
    "The manifest's comparison window with start and end swapped.",
)
manifest_edit(
    "manifest_date_not_the_folder",
    "as_of",
    "does not match the folder name",
    lambda m, c: m.update(as_of=(c.as_of - dt.timedelta(days=365)).isoformat()),
    "The folder was renamed (or copied) without updating the manifest's as_of.",
)
manifest_edit(
    "manifest_without_checksum",
    "tables",
    "no sha256 checksum",
    lambda m, c: m["tables"]["clusters"].pop("sha256"),
    "The manifest lists a table without its checksum, so a damaged copy could not be detected.",
)


@case("clusters.parquet", None, "does not match the checksum")
def table_edited_after_publishing(c: Copy):
    """A cluster renamed in clusters.parquet after the snapshot was published (manifest untouched)."""
    arrow = c.table("clusters")
    names = arrow.column("name").to_pylist()
    names[0] = "Renamed by hand (demo)"
    c.write("clusters", arrow.set_column(1, "name", pa.array(names)), publish=False)


@case("assessments.parquet", None, "rows; manifest.json says")
def row_count_not_the_manifest(c: Copy):
    """assessments.parquet lost its last row, and only the checksum was updated."""
    arrow = c.table("assessments")
    sink = io.BytesIO()
    pq.write_table(arrow.slice(0, arrow.num_rows - 1), sink)
    c.write_bytes("assessments", sink.getvalue())


# =========================================================================== columns and types


@case("clusters.parquet", "sector", "required column is missing")
def missing_column(c: Copy):
    """clusters.parquet without the sector column."""
    c.write("clusters", c.table("clusters").drop_columns(["sector"]))


@case("clusters.parquet", "contact_email", "unknown column")
def extra_column(c: Copy):
    """An extra column (contact e-mail) that the schema does not have — personal data must not slip in."""
    arrow = c.table("clusters")
    c.write("clusters", arrow.append_column("contact_email", pa.array(["post@example.no"] * arrow.num_rows)))


for _name, _row, _bad, _description in (
    ("string_in_quality_index", 7, "high", 'quality_index stored as text, one row saying "high" instead of a number.'),
    (
        "decimal_comma_in_quality_index",
        1,
        lambda value: value.replace(".", ","),
        'quality_index as Norwegian text with a decimal comma ("63,5"), as pasted from a spreadsheet.',
    ),
):
    column_edit(
        _name,
        "assessments",
        "quality_index",
        "is not a number",
        _description,
        row=_row,
        convert="{:.1f}".format,
        type=pa.string(),
        bad=_bad,
    )
column_edit(
    "text_dates",
    "assessments",
    "assessment_date",
    "is not a date",
    "assessment_date as text in the Norwegian style 01.03.2016 instead of a date.",
    row=1,
    convert=lambda d: d.strftime("%d.%m.%Y"),
    type=pa.string(),
)
column_edit(
    "fractional_founded_year",
    "clusters",
    "founded_year",
    "is not a whole number",
    "founded_year as a float with a fraction (2008.5).",
    row=4,
    convert=float,
    type=pa.float64(),
    bad=2008.5,
)
column_edit(
    "yes_no_instead_of_boolean",
    "clusters",
    "active",
    "has type string; expected bool",
    'active as the words "ja"/"nei" instead of true/false.',
    row=None,
    convert=lambda v: "ja" if v else "nei",
    type=pa.string(),
)


# =========================================================================== keys and references

cells("null_cluster_id", "clusters", 3, {"cluster_id": None}, "a value is required", "A cluster without an id.")
cells(
    "null_key_in_members",
    "collaboration_members",
    2,
    {"cluster_id": None},
    "a value is required",
    "A collaboration member row without a cluster id.",
)
cells(
    "duplicate_cluster_id",
    "clusters",
    12,
    {"cluster_id": read("clusters", "cluster_id", 1)},
    "duplicate id",
    "Two clusters share an id (a copy-paste slip).",
)
cells(
    "duplicate_assessment_id",
    "assessments",
    2,
    {"assessment_id": read("assessments", "assessment_id", 1)},
    "duplicate id",
    "Two assessments share an id.",
)
cells(
    "dangling_cluster_in_assessments",
    "assessments",
    20,
    {"cluster_id": "NO-999"},
    "not in clusters.parquet",
    "An assessment of a cluster that is not in clusters.parquet.",
)
cells(
    "dangling_cluster_in_members",
    "collaboration_members",
    4,
    {"cluster_id": "DK-999"},
    "not in clusters.parquet",
    "A collaboration member that is not a known cluster.",
)
cells(
    "dangling_collaboration_in_members",
    "collaboration_members",
    1,
    {"collaboration_id": "nordland-pilot-2061"},
    "not in collaborations.parquet",
    "A member of a collaboration that does not exist.",
)
cells(
    "dangling_collaboration_in_events",
    "events",
    {"collaboration_id": "nordland-pilot-2016"},
    {"collaboration_id": "nordland-pilot-2015"},
    "not in collaborations.parquet",
    "The Bodø workshop refers to a mistyped collaboration id.",
)


# =========================================================================== assessment rules

BENCHMARKING, BRONZE, SILVER, GOLD = (
    {"assessment_type": "benchmarking"},
    {"label_level": "bronze"},
    {"label_level": "silver"},
    {"label_level": "gold"},
)

cells(
    "assessment_before_2010",
    "assessments",
    BENCHMARKING,
    {"assessment_date": dt.date(2009, 5, 4)},
    "is before 2010-01-01",
    "An assessment dated 2009 (ESCA labels began in 2012): a typo in the year.",
)
cells(
    "assessment_after_snapshot",
    "assessments",
    BENCHMARKING,
    {"assessment_date": after_snapshot(days=30)},
    "is after the snapshot date",
    "An assessment a month after the snapshot's as-of date.",
)
cells(
    "valid_until_before_assessment",
    "assessments",
    GOLD,
    {"valid_until": shifted("assessments", "assessment_date", years=-1)},
    "is before the assessment date",
    "valid_until a year before the assessment (day and month swapped into the past).",
)
cells(
    "valid_until_three_years",
    "assessments",
    SILVER,
    {"valid_until": shifted("assessments", "valid_until", years=1)},
    "differs from ESCA's two-year rule",
    "A label valid three years instead of two (a renewal under the later rules): kept, with a warning.",
    severity="warning",
)
cells(
    "label_without_valid_until",
    "assessments",
    BRONZE,
    {"valid_until": None},
    "the label's end date is unknown",
    "A Bronze label with no end date (the source does not state it): kept, with a warning.",
    severity="warning",
)
cells(
    "unknown_label",
    "assessments",
    GOLD,
    {"label_level": "platinum"},
    "must be bronze, silver, gold or none",
    'A label value outside the scheme ("platinum").',
)
cells(
    "label_higher_than_type",
    "assessments",
    BENCHMARKING | BRONZE,
    {"label_level": "silver"},
    "higher than the assessment type can award",
    "A benchmarking (which awards Bronze) recorded as Silver.",
)
cells(
    "gold_with_low_index",
    "assessments",
    GOLD,
    {"quality_index": 72.0},
    "Gold label needs a quality index of at least 80",
    "A Gold label with quality index 72.",
)
cells(
    "gold_with_known_index_79",
    "assessments",
    GOLD,
    {"quality_index": 79.0},
    "Gold label needs a quality index of at least 80",
    "A Gold label whose published index is 79.0: known, and under the 80 % rule.",
)
cells(
    "null_date_precision",
    "assessments",
    4,
    {"date_precision": None},
    "a value is required",
    "An assessment without date_precision (required: how exact the date is must be said).",
)
cells(
    "unknown_date_precision",
    "assessments",
    6,
    {"date_precision": "quarter"},
    "must be day, month, year or derived",
    'date_precision "quarter", which the schema does not know.',
)
for _precision, _description in (
    ("month", 'A date known only to the month ("Sept 2016") stored as 2016-09-15 instead of 2016-09-01.'),
    ("derived", "A date derived from valid_until (ESCA's rule read backwards) is the first of a month: not the 15th."),
):
    cells(
        f"{_precision}_date_not_on_the_first",
        "assessments",
        BRONZE,
        {"assessment_date": dt.date(2016, 9, 15), "valid_until": dt.date(2018, 9, 30), "date_precision": _precision},
        "stored as the first day",
        _description,
        column="assessment_date",
    )
cells(
    "null_assessment_type",
    "assessments",
    3,
    {"assessment_type": None},
    "a value is required",
    "An assessment without its type (required: a label's type is always known from its label).",
)
cells("null_cluster_name", "clusters", 3, {"name": None}, "a value is required", "A cluster without a name.")
cells(
    "latitude_without_longitude",
    "clusters",
    7,
    {"lon": None},
    "only one of lat and lon is given",
    "A cluster office with a latitude and an empty longitude (half a coordinate is no place).",
    column="lat,lon",
)
cells(
    "control_character_in_source",
    "clusters",
    2,
    {"source": "https://example.org/\x1b[31mlabel"},
    "control",
    "A source with an escape character pasted in.",
)
cells("index_above_100", "assessments", 5, {"quality_index": 640.0}, "between 0 and 100", "quality_index 640 (a missing decimal point).")
cells(
    "index_below_0",
    "assessments",
    8,
    {"quality_index": -1.0},
    "between 0 and 100",
    "quality_index -1 (a 'missing' marker from the source system).",
)
cells(
    "index_not_a_number",
    "assessments",
    9,
    {"quality_index": float("nan")},
    "is NaN",
    "quality_index NaN (a float NaN is a broken value, not an unknown one: unknown is an empty cell).",
)
cells("area_score_out_of_range", "assessments", 3, {"area_services": 140.0}, "between 0 and 100", "An area score of 140.")
cells(
    "unknown_light_value",
    "assessments",
    2,
    {"light_training": "grønn"},
    "must be green, yellow or red",
    'A traffic light in Norwegian ("grønn") instead of the code green.',
)


# =========================================================================== allowed by schema 2 (served, no problem)


@fine
def unknown_cluster_facts(c: Copy):
    """Nulls in every nullable cluster column (programme level, sector, town, municipality, coordinates, founded
    year), a source on another cluster, and a Norwegian cluster at programme level "other"."""
    for column in ("programme_level", "sector", "home_town", "municipality_code", "lat", "lon", "founded_year"):
        c.set_cell("clusters", column, 3, None)
    c.set_cell("clusters", "source", 4, "https://example.org/clusters; regional council list 2017")
    c.set_cell("clusters", "programme_level", c.row_where("clusters", country="NO"), "other")


@fine
def unknown_scores_and_lights(c: Copy):
    """An assessment with no quality index, no area score and no lights (a public label only), with its source."""
    row = c.row_where("assessments", label_level="bronze")
    for column in ("quality_index", *AREA_COLUMNS, *LIGHTS):
        c.set_cell("assessments", column, row, None)
    c.set_cell("assessments", "source", row, "https://www.cluster-analysis.org/")


@fine
def gold_with_unknown_index(c: Copy):
    """A Gold label whose score is not published: the 80 % rule cannot be checked, and is not."""
    c.set_cell("assessments", "quality_index", c.row_where("assessments", label_level="gold"), None)


@fine
def year_precise_date_with_three_year_validity(c: Copy):
    """An assessment known only as "2016" (stored 2016-01-01, precision year): no era rule is checked on it."""
    row = c.row_where("assessments", label_level="bronze")
    c.set_cell("assessments", "assessment_date", row, dt.date(2016, 1, 1))
    c.set_cell("assessments", "valid_until", row, dt.date(2019, 1, 31))
    c.set_cell("assessments", "date_precision", row, "year")


@fine
def unplaced_event_and_english_names(c: Copy):
    """An event without coordinates, and English names on an event and a collaboration."""
    c.set_cell("events", "lat", 2, None)
    c.set_cell("events", "lon", 2, None)
    c.set_cell("events", "name_en", 1, "Cluster gathering and workshop in Bodø")
    c.set_cell("collaborations", "name_en", 1, "The Nordland pilot 2016: regional cluster quality")
    c.set_cell("collaborations", "description_en", 1, "Seven Nordland clusters benchmarked together.")


# =========================================================================== places

cells(
    "swapped_coordinates",
    "clusters",
    6,
    {"lat": read("clusters", "lon"), "lon": read("clusters", "lat")},
    "not inside the cluster's country",
    "Latitude and longitude swapped for one cluster.",
    column="lat,lon",
)
cells(
    "coordinates_not_a_number",
    "clusters",
    7,
    {"lat": float("nan"), "lon": float("nan")},
    "is NaN",
    "A cluster office at NaN, NaN (broken values; an unknown place is an empty cell).",
)
cells(
    "county_code_that_does_not_exist",
    "clusters",
    {"country": "NO"},
    {"county_code": "20"},
    "not a 2024 Norwegian county code",
    'County code "20" (Finnmark before 2020; today 56).',
)
cells(
    "county_code_of_viken",
    "clusters",
    {"county_code": "32"},
    {"county_code": "30"},
    "not a 2024 Norwegian county code",
    'County code "30" (Viken, 2020-2023, split again in 2024).',
)
cells(
    "county_of_the_wrong_country",
    "clusters",
    {"country": "NO"},
    {"county_code": "1084"},
    "belongs to another country",
    "A Norwegian cluster placed in the Danish capital region (1084).",
)
cells(
    "municipality_code_lost_leading_zero",
    "clusters",
    {"municipality_code": "0301"},
    {"municipality_code": "301"},
    "must be a 4-digit municipality code",
    'Oslo\'s municipality code 0301 as "301" (a spreadsheet ate the leading zero).',
)
cells(
    "municipality_in_another_county",
    "clusters",
    {"county_code": "18"},
    {"municipality_code": "4601"},
    "is not in the cluster's county",
    "A Bergen (4601) municipality code on a cluster in Nordland (18).",
)


column_edit(
    "collaboration_in_viken",
    "collaborations",
    "county_codes",
    "not a 2024 county or Danish region",
    "A collaboration covering the dissolved county Viken (30).",
    row=2,
    bad=lambda codes: codes + ["30"],
)


# =========================================================================== empty tables

for _table in ("clusters", "assessments"):
    CASES[f"empty_{_table}"] = Case(
        f"empty_{_table}",
        lambda c, table=_table: c.keep_rows(table, lambda row: False),
        f"{_table}.parquet",
        None,
        "the table is empty",
        f"{_table}.parquet with the right columns and no rows.",
    )


# =========================================================================== text

cells(
    "name_with_script",
    "clusters",
    2,
    {"name": "Hav<script>alert(document.cookie)</script> (demo)"},
    "markup is not allowed",
    "A cluster name carrying a script tag.",
)
cells(
    "event_name_with_html",
    "events",
    1,
    {"name": 'Workshop <img src=x onerror="alert(1)">'},
    "markup is not allowed",
    "An event name with an image tag and an onerror handler.",
)
cells(
    "right_to_left_override",
    "clusters",
    4,
    {"name": "Klynge \u202e(omed) egnylK"},
    "bidirectional-override",
    "A right-to-left override (U+202E) that would display the name reversed.",
)
cells(
    "name_of_300_characters",
    "clusters",
    5,
    {"name": "Klynge " + "x" * 293},
    "longer than 200 characters",
    "A 300-character cluster name (a description pasted into the name cell).",
)
cells("control_character_in_town", "clusters", 8, {"home_town": "Bod\x07ø"}, "control", "A home town with a BEL control character.")
cells("blank_collaboration_name", "collaborations", 1, {"name": "   "}, "is blank", "A collaboration whose name is only spaces.")


# =========================================================================== events, clusters, collaborations

column_edit(
    "unknown_theme",
    "events",
    "themes",
    "unknown theme tag",
    'An event tagged with a theme outside the list ("teambuilding").',
    row=1,
    bad=lambda themes: themes + ["teambuilding"],
)
cells(
    "future_event_marked_held",
    "events",
    2,
    {"start_date": after_snapshot(days=40), "status": "held"},
    "status is not 'planned'",
    "An event after the snapshot date marked as held.",
)
cells("negative_participants", "events", 3, {"participants_n": -12}, "cannot be negative", "An event with -12 participants.")
cells(
    "founded_in_the_future",
    "clusters",
    9,
    {"founded_year": lambda c, at: c.as_of.year + 1},
    "must be between 1950 and",
    "A cluster founded the year after the snapshot.",
)
cells(
    "collaboration_ends_before_it_starts",
    "collaborations",
    {"collaboration_id": "nordland-pilot-2016"},
    {"end_date": dt.date(2015, 12, 15)},
    "is before start_date",
    "The Nordland pilot ending in 2015, before it started.",
)
cells(
    "norwegian_programme_in_denmark",
    "clusters",
    {"country": "DK"},
    {"programme_level": "nce"},
    "unknown programme level for the country",
    "A Danish cluster at the Norwegian programme level NCE.",
)
cells("cluster_in_sweden", "clusters", 10, {"country": "SE"}, "must be NO or DK", "A Swedish cluster (SE) in a NO/DK snapshot.")


def disk_state(folder: Path) -> dict[str, tuple]:
    """Every file and folder under ``folder`` with its size and content hash (size+mtime for huge sparse files)."""
    state = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_dir():
            state[rel] = ("dir",)
            continue
        info = path.stat()
        if info.st_size > 10 * 1024 * 1024:
            state[rel] = (info.st_size, info.st_mtime_ns)
        else:
            state[rel] = (info.st_size, hashlib.sha256(path.read_bytes()).hexdigest())
    return state
