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


@case("manifest.json", "schema_version", "reads schema versions 1 and 2")
def manifest_wrong_schema_version(c: Copy):
    """A snapshot written by a future clusterviz (schema_version 3)."""
    manifest = c.manifest()
    manifest["schema_version"] = 3
    c.write_manifest(manifest)


@case("manifest.json", "comparison_window", "ends (2014-02-01) before it starts")
def comparison_window_backwards(c: Copy):
    """The manifest's comparison window with start and end swapped."""
    manifest = c.manifest()
    manifest["comparison_window"] = {"start": "2016-08-31", "end": "2014-02-01"}
    c.write_manifest(manifest)


@case("manifest.json", "as_of", "does not match the folder name")
def manifest_date_not_the_folder(c: Copy):
    """The folder was renamed (or copied) without updating the manifest's as_of."""
    manifest = c.manifest()
    manifest["as_of"] = (c.as_of - dt.timedelta(days=365)).isoformat()
    c.write_manifest(manifest)


@case("manifest.json", "tables", "no sha256 checksum")
def manifest_without_checksum(c: Copy):
    """The manifest lists a table without its checksum, so a damaged copy could not be detected."""
    manifest = c.manifest()
    del manifest["tables"]["clusters"]["sha256"]
    c.write_manifest(manifest)


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


@case("assessments.parquet", "quality_index", "is not a number")
def string_in_quality_index(c: Copy):
    """quality_index stored as text, one row saying "high" instead of a number."""
    values = [f"{v:.1f}" for v in c.values("assessments", "quality_index")]
    values[6] = "high"
    c.set_column("assessments", "quality_index", values, type=pa.string())
    return 7


@case("assessments.parquet", "quality_index", "is not a number")
def decimal_comma_in_quality_index(c: Copy):
    """quality_index as Norwegian text with a decimal comma ("63,5"), as pasted from a spreadsheet."""
    values = [f"{v:.1f}" for v in c.values("assessments", "quality_index")]
    values[0] = values[0].replace(".", ",")
    c.set_column("assessments", "quality_index", values, type=pa.string())
    return 1


@case("assessments.parquet", "assessment_date", "is not a date")
def text_dates(c: Copy):
    """assessment_date as text in the Norwegian style 01.03.2016 instead of a date."""
    values = [d.strftime("%d.%m.%Y") for d in c.values("assessments", "assessment_date")]
    c.set_column("assessments", "assessment_date", values, type=pa.string())
    return 1


@case("clusters.parquet", "founded_year", "is not a whole number")
def fractional_founded_year(c: Copy):
    """founded_year as a float with a fraction (2008.5)."""
    values = [float(v) for v in c.values("clusters", "founded_year")]
    values[3] = 2008.5
    c.set_column("clusters", "founded_year", values, type=pa.float64())
    return 4


@case("clusters.parquet", "active", "has type string; expected bool")
def yes_no_instead_of_boolean(c: Copy):
    """active as the words "ja"/"nei" instead of true/false."""
    values = ["ja" if v else "nei" for v in c.values("clusters", "active")]
    c.set_column("clusters", "active", values, type=pa.string())


# =========================================================================== keys and references


@case("clusters.parquet", "cluster_id", "a value is required")
def null_cluster_id(c: Copy):
    """A cluster without an id."""
    return c.set_cell("clusters", "cluster_id", 3, None)


@case("collaboration_members.parquet", "cluster_id", "a value is required")
def null_key_in_members(c: Copy):
    """A collaboration member row without a cluster id."""
    return c.set_cell("collaboration_members", "cluster_id", 2, None)


@case("clusters.parquet", "cluster_id", "duplicate id")
def duplicate_cluster_id(c: Copy):
    """Two clusters share an id (a copy-paste slip)."""
    first = c.values("clusters", "cluster_id")[0]
    return c.set_cell("clusters", "cluster_id", 12, first)


@case("assessments.parquet", "assessment_id", "duplicate id")
def duplicate_assessment_id(c: Copy):
    """Two assessments share an id."""
    first = c.values("assessments", "assessment_id")[0]
    return c.set_cell("assessments", "assessment_id", 2, first)


@case("assessments.parquet", "cluster_id", "not in clusters.parquet")
def dangling_cluster_in_assessments(c: Copy):
    """An assessment of a cluster that is not in clusters.parquet."""
    return c.set_cell("assessments", "cluster_id", 20, "NO-999")


@case("collaboration_members.parquet", "cluster_id", "not in clusters.parquet")
def dangling_cluster_in_members(c: Copy):
    """A collaboration member that is not a known cluster."""
    return c.set_cell("collaboration_members", "cluster_id", 4, "DK-999")


@case("collaboration_members.parquet", "collaboration_id", "not in collaborations.parquet")
def dangling_collaboration_in_members(c: Copy):
    """A member of a collaboration that does not exist."""
    return c.set_cell("collaboration_members", "collaboration_id", 1, "nordland-pilot-2061")


@case("events.parquet", "collaboration_id", "not in collaborations.parquet")
def dangling_collaboration_in_events(c: Copy):
    """The Bodø workshop refers to a mistyped collaboration id."""
    row = c.row_where("events", collaboration_id="nordland-pilot-2016")
    return c.set_cell("events", "collaboration_id", row, "nordland-pilot-2015")


# =========================================================================== assessment rules


@case("assessments.parquet", "assessment_date", "is before 2010-01-01")
def assessment_before_2010(c: Copy):
    """An assessment dated 2009 (ESCA labels began in 2012): a typo in the year."""
    row = c.row_where("assessments", assessment_type="benchmarking")
    return c.set_cell("assessments", "assessment_date", row, dt.date(2009, 5, 4))


@case("assessments.parquet", "assessment_date", "is after the snapshot date")
def assessment_after_snapshot(c: Copy):
    """An assessment a month after the snapshot's as-of date."""
    row = c.row_where("assessments", assessment_type="benchmarking")
    return c.set_cell("assessments", "assessment_date", row, c.as_of + dt.timedelta(days=30))


@case("assessments.parquet", "valid_until", "is before the assessment date")
def valid_until_before_assessment(c: Copy):
    """valid_until a year before the assessment (day and month swapped into the past)."""
    row = c.row_where("assessments", label_level="gold")
    date = c.values("assessments", "assessment_date")[row - 1]
    return c.set_cell("assessments", "valid_until", row, date.replace(year=date.year - 1))


@case("assessments.parquet", "valid_until", "differs from ESCA's two-year rule", severity="warning")
def valid_until_three_years(c: Copy):
    """A label valid three years instead of two (a renewal under the later rules): kept, with a warning."""
    row = c.row_where("assessments", label_level="silver")
    end = c.values("assessments", "valid_until")[row - 1]
    return c.set_cell("assessments", "valid_until", row, end.replace(year=end.year + 1))


@case("assessments.parquet", "valid_until", "the label's end date is unknown", severity="warning")
def label_without_valid_until(c: Copy):
    """A Bronze label with no end date (the source does not state it): kept, with a warning."""
    row = c.row_where("assessments", label_level="bronze")
    return c.set_cell("assessments", "valid_until", row, None)


@case("assessments.parquet", "label_level", "must be bronze, silver, gold or none")
def unknown_label(c: Copy):
    """A label value outside the scheme ("platinum")."""
    row = c.row_where("assessments", label_level="gold")
    return c.set_cell("assessments", "label_level", row, "platinum")


@case("assessments.parquet", "label_level", "higher than the assessment type can award")
def label_higher_than_type(c: Copy):
    """A benchmarking (which awards Bronze) recorded as Silver."""
    row = c.row_where("assessments", assessment_type="benchmarking", label_level="bronze")
    return c.set_cell("assessments", "label_level", row, "silver")


@case("assessments.parquet", "quality_index", "Gold label needs a quality index of at least 80")
def gold_with_low_index(c: Copy):
    """A Gold label with quality index 72."""
    row = c.row_where("assessments", label_level="gold")
    return c.set_cell("assessments", "quality_index", row, 72.0)


@case("assessments.parquet", "quality_index", "Gold label needs a quality index of at least 80")
def gold_with_known_index_79(c: Copy):
    """A Gold label whose published index is 79.0: known, and under the 80 % rule."""
    row = c.row_where("assessments", label_level="gold")
    return c.set_cell("assessments", "quality_index", row, 79.0)


@case("assessments.parquet", "date_precision", "a value is required")
def null_date_precision(c: Copy):
    """An assessment without date_precision (required: how exact the date is must be said)."""
    return c.set_cell("assessments", "date_precision", 4, None)


@case("assessments.parquet", "date_precision", "must be day, month, year or derived")
def unknown_date_precision(c: Copy):
    """date_precision "quarter", which the schema does not know."""
    return c.set_cell("assessments", "date_precision", 6, "quarter")


@case("assessments.parquet", "assessment_date", "stored as the first day")
def month_date_not_on_the_first(c: Copy):
    """A date known only to the month ("Sept 2016") stored as 2016-09-15 instead of 2016-09-01."""
    row = c.row_where("assessments", label_level="bronze")
    c.set_cell("assessments", "assessment_date", row, dt.date(2016, 9, 15))
    c.set_cell("assessments", "valid_until", row, dt.date(2018, 9, 30))
    return c.set_cell("assessments", "date_precision", row, "month")


@case("assessments.parquet", "assessment_date", "stored as the first day")
def derived_date_not_on_the_first(c: Copy):
    """A date derived from valid_until (ESCA's rule read backwards) is the first of a month: not the 15th."""
    row = c.row_where("assessments", label_level="bronze")
    c.set_cell("assessments", "assessment_date", row, dt.date(2016, 9, 15))
    c.set_cell("assessments", "valid_until", row, dt.date(2018, 9, 30))
    return c.set_cell("assessments", "date_precision", row, "derived")


@case("assessments.parquet", "assessment_type", "a value is required")
def null_assessment_type(c: Copy):
    """An assessment without its type (required: a label's type is always known from its label)."""
    return c.set_cell("assessments", "assessment_type", 3, None)


@case("clusters.parquet", "name", "a value is required")
def null_cluster_name(c: Copy):
    """A cluster without a name."""
    return c.set_cell("clusters", "name", 3, None)


@case("clusters.parquet", "lat,lon", "only one of lat and lon is given")
def latitude_without_longitude(c: Copy):
    """A cluster office with a latitude and an empty longitude (half a coordinate is no place)."""
    return c.set_cell("clusters", "lon", 7, None)


@case("clusters.parquet", "source", "control")
def control_character_in_source(c: Copy):
    """A source with an escape character pasted in."""
    return c.set_cell("clusters", "source", 2, "https://example.org/\x1b[31mlabel")


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
    for column in (
        "quality_index",
        "area_structure",
        "area_management",
        "area_financing",
        "area_services",
        "area_interaction",
        "area_achievements",
        "light_budget",
        "light_plan",
        "light_training",
    ):
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


@case("assessments.parquet", "quality_index", "between 0 and 100")
def index_above_100(c: Copy):
    """quality_index 640 (a missing decimal point)."""
    return c.set_cell("assessments", "quality_index", 5, 640.0)


@case("assessments.parquet", "quality_index", "between 0 and 100")
def index_below_0(c: Copy):
    """quality_index -1 (a 'missing' marker from the source system)."""
    return c.set_cell("assessments", "quality_index", 8, -1.0)


@case("assessments.parquet", "quality_index", "is NaN")
def index_not_a_number(c: Copy):
    """quality_index NaN (a float NaN is a broken value, not an unknown one: unknown is an empty cell)."""
    return c.set_cell("assessments", "quality_index", 9, float("nan"))


@case("assessments.parquet", "area_services", "between 0 and 100")
def area_score_out_of_range(c: Copy):
    """An area score of 140."""
    return c.set_cell("assessments", "area_services", 3, 140.0)


@case("assessments.parquet", "light_training", "must be green, yellow or red")
def unknown_light_value(c: Copy):
    """A traffic light in Norwegian ("grønn") instead of the code green."""
    return c.set_cell("assessments", "light_training", 2, "grønn")


# =========================================================================== places


@case("clusters.parquet", "lat,lon", "not inside the cluster's country")
def swapped_coordinates(c: Copy):
    """Latitude and longitude swapped for one cluster."""
    lat, lon = c.values("clusters", "lat")[5], c.values("clusters", "lon")[5]
    return c.set_cells("clusters", 6, lat=lon, lon=lat)


@case("clusters.parquet", "lat", "is NaN")
def coordinates_not_a_number(c: Copy):
    """A cluster office at NaN, NaN (broken values; an unknown place is an empty cell)."""
    return c.set_cells("clusters", 7, lat=float("nan"), lon=float("nan"))


@case("clusters.parquet", "county_code", "not a 2024 Norwegian county code")
def county_code_that_does_not_exist(c: Copy):
    """County code "20" (Finnmark before 2020; today 56)."""
    row = c.row_where("clusters", country="NO")
    return c.set_cell("clusters", "county_code", row, "20")


@case("clusters.parquet", "county_code", "not a 2024 Norwegian county code")
def county_code_of_viken(c: Copy):
    """County code "30" (Viken, 2020-2023, split again in 2024)."""
    row = c.row_where("clusters", county_code="32")
    return c.set_cell("clusters", "county_code", row, "30")


@case("clusters.parquet", "county_code", "belongs to another country")
def county_of_the_wrong_country(c: Copy):
    """A Norwegian cluster placed in the Danish capital region (1084)."""
    row = c.row_where("clusters", country="NO")
    return c.set_cell("clusters", "county_code", row, "1084")


@case("clusters.parquet", "municipality_code", "must be a 4-digit municipality code")
def municipality_code_lost_leading_zero(c: Copy):
    """Oslo's municipality code 0301 as "301" (a spreadsheet ate the leading zero)."""
    row = c.row_where("clusters", municipality_code="0301")
    return c.set_cell("clusters", "municipality_code", row, "301")


@case("clusters.parquet", "municipality_code", "is not in the cluster's county")
def municipality_in_another_county(c: Copy):
    """A Bergen (4601) municipality code on a cluster in Nordland (18)."""
    row = c.row_where("clusters", county_code="18")
    return c.set_cell("clusters", "municipality_code", row, "4601")


@case("collaborations.parquet", "county_codes", "not a 2024 county or Danish region")
def collaboration_in_viken(c: Copy):
    """A collaboration covering the dissolved county Viken (30)."""
    values = c.values("collaborations", "county_codes")
    values[1] = values[1] + ["30"]
    c.set_column("collaborations", "county_codes", values)
    return 2


# =========================================================================== empty tables


@case("clusters.parquet", None, "the table is empty")
def empty_clusters(c: Copy):
    """clusters.parquet with the right columns and no rows."""
    c.keep_rows("clusters", lambda row: False)


@case("assessments.parquet", None, "the table is empty")
def empty_assessments(c: Copy):
    """assessments.parquet with the right columns and no rows."""
    c.keep_rows("assessments", lambda row: False)


# =========================================================================== text


@case("clusters.parquet", "name", "markup is not allowed")
def name_with_script(c: Copy):
    """A cluster name carrying a script tag."""
    return c.set_cell("clusters", "name", 2, "Hav<script>alert(document.cookie)</script> (demo)")


@case("events.parquet", "name", "markup is not allowed")
def event_name_with_html(c: Copy):
    """An event name with an image tag and an onerror handler."""
    return c.set_cell("events", "name", 1, 'Workshop <img src=x onerror="alert(1)">')


@case("clusters.parquet", "name", "bidirectional-override")
def right_to_left_override(c: Copy):
    """A right-to-left override (U+202E) that would display the name reversed."""
    return c.set_cell("clusters", "name", 4, "Klynge \u202e(omed) egnylK")


@case("clusters.parquet", "name", "longer than 200 characters")
def name_of_300_characters(c: Copy):
    """A 300-character cluster name (a description pasted into the name cell)."""
    return c.set_cell("clusters", "name", 5, "Klynge " + "x" * 293)


@case("clusters.parquet", "home_town", "control")
def control_character_in_town(c: Copy):
    """A home town with a BEL control character."""
    return c.set_cell("clusters", "home_town", 8, "Bod\x07ø")


@case("collaborations.parquet", "name", "is blank")
def blank_collaboration_name(c: Copy):
    """A collaboration whose name is only spaces."""
    return c.set_cell("collaborations", "name", 1, "   ")


# =========================================================================== events, clusters, collaborations


@case("events.parquet", "themes", "unknown theme tag")
def unknown_theme(c: Copy):
    """An event tagged with a theme outside the list ("teambuilding")."""
    values = c.values("events", "themes")
    values[0] = values[0] + ["teambuilding"]
    c.set_column("events", "themes", values)
    return 1


@case("events.parquet", "start_date", "status is not 'planned'")
def future_event_marked_held(c: Copy):
    """An event after the snapshot date marked as held."""
    return c.set_cells("events", 2, start_date=c.as_of + dt.timedelta(days=40), status="held")


@case("events.parquet", "participants_n", "cannot be negative")
def negative_participants(c: Copy):
    """An event with -12 participants."""
    return c.set_cell("events", "participants_n", 3, -12)


@case("clusters.parquet", "founded_year", "must be between 1950 and")
def founded_in_the_future(c: Copy):
    """A cluster founded the year after the snapshot."""
    return c.set_cell("clusters", "founded_year", 9, c.as_of.year + 1)


@case("collaborations.parquet", "end_date", "is before start_date")
def collaboration_ends_before_it_starts(c: Copy):
    """The Nordland pilot ending in 2015, before it started."""
    row = c.row_where("collaborations", collaboration_id="nordland-pilot-2016")
    return c.set_cell("collaborations", "end_date", row, dt.date(2015, 12, 15))


@case("clusters.parquet", "programme_level", "unknown programme level for the country")
def norwegian_programme_in_denmark(c: Copy):
    """A Danish cluster at the Norwegian programme level NCE."""
    row = c.row_where("clusters", country="DK")
    return c.set_cell("clusters", "programme_level", row, "nce")


@case("clusters.parquet", "country", "must be NO or DK")
def cluster_in_sweden(c: Copy):
    """A Swedish cluster (SE) in a NO/DK snapshot."""
    return c.set_cell("clusters", "country", 10, "SE")


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
