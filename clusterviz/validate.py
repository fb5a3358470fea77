"""Read a snapshot and check it: schema, types, keys, ranges, label rules and references between tables.

``read_snapshot(folder)`` returns ``(snapshot, problems)``; the snapshot is None whenever any problem is
an error.  Every problem names the file, the column, the (1-based) data row and what is wrong, so that a
person with the spreadsheet open can find it.  The rules are vectorised pandas checks so a Europe-scale
snapshot (2,000 clusters, 10 years) validates in well under a second.
"""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from . import geo
from .snapshot import (
    AREA_COLUMNS, ASSESSMENT_TYPES, COLLABORATION_KINDS, EVENT_KINDS, EVENT_STATUS, KEYS, LABEL_VALUES,
    LIGHT_VALUES, LIGHTS, MANIFEST, PROGRAMME_LEVELS, SCHEMA_VERSION, SNAPSHOT_NAME, TABLES, THEMES,
    Manifest, Snapshot, arrow_schema, read_bytes, resolve, sha256,
)

EARLIEST_DATE = dt.date(2010, 1, 1)
MAX_TEXT = 200
MB = 1024 * 1024
MAX_FILE_BYTES = 100 * MB            # a snapshot table larger than this is refused before it is read
MAX_ROWS_LISTED = 10                 # per rule; the rest are counted
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
# _has_controls as one regex (Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F), checked per
# column instead of per character in Python: that loop was a third of a Europe-scale validation.  The two are
# kept side by side; tests/test_benchmarks.py checks that they agree.
CONTROLS_PATTERN = r"[\x00-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]"


@dataclass(frozen=True)
class Problem:
    file: str
    column: str | None
    row: int | None          # 1-based data row in the file; None for file- or column-level problems
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


# --------------------------------------------------------------------------- reading

def read_snapshot(folder: str) -> tuple[Snapshot | None, list[Problem]]:
    """Read and validate one snapshot folder. Never raises for bad data; returns the problems instead."""
    problems: list[Problem] = []
    try:
        fs, base = resolve(folder)
    except (pa.ArrowInvalid, ValueError, OSError) as exc:
        return None, [Problem(str(folder), None, None, f"cannot open location: {exc}")]
    manifest = _read_manifest(fs, base, problems)
    if manifest is None:
        return None, problems
    # All bytes first, then the (slower) parsing: a writer replacing the folder can only catch the few
    # milliseconds of reading, and a mix of two versions fails the checksums (store.py then reads again).
    raw = {table: _read_table_bytes(fs, base, table, manifest, problems) for table in TABLES}
    frames: dict[str, pd.DataFrame] = {}
    for table, data in raw.items():
        frame = _parse_table(table, data, manifest, problems) if data is not None else None
        if frame is not None:
            frames[table] = frame
    if errors(problems):
        return None, problems
    try:
        problems.extend(check_rules(frames, manifest.as_of))
    except Exception as exc:  # a last line of defence: bad data must give a report, never a crash
        problems.append(Problem(MANIFEST, None, None, f"the snapshot could not be checked ({type(exc).__name__}: "
                                                      f"{str(exc)[:200]}); it is refused"))
    if errors(problems):
        return None, problems
    return Snapshot(manifest, frames, location=str(folder)), problems


def _read_manifest(fs, base: str, problems: list[Problem]) -> Manifest | None:
    path = f"{base}/{MANIFEST}"
    try:
        raw = read_bytes(fs, path, limit=1_000_000)
    except FileNotFoundError:
        problems.append(Problem(MANIFEST, None, None, "missing: a snapshot folder needs a manifest.json"))
        return None
    except OSError as exc:
        problems.append(Problem(MANIFEST, None, None, f"cannot be read: {exc}"))
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(Problem(MANIFEST, None, None, f"is not valid JSON: {exc}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(MANIFEST, None, None, "must be a JSON object"))
        return None
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        problems.append(Problem(MANIFEST, "schema_version", None,
                                f"is {version!r}; this version of clusterviz reads schema version {SCHEMA_VERSION}"))
    as_of = None
    try:
        as_of = dt.date.fromisoformat(str(data.get("as_of")))
    except ValueError:
        problems.append(Problem(MANIFEST, "as_of", None, f"{data.get('as_of')!r} is not a date (YYYY-MM-DD)"))
    folder_name = base.rstrip("/").rsplit("/", 1)[-1]
    if as_of and SNAPSHOT_NAME.match(folder_name) and folder_name != as_of.isoformat():
        problems.append(Problem(MANIFEST, "as_of", None, f"{as_of} does not match the folder name {folder_name}"))
    if not isinstance(data.get("demo"), bool):
        problems.append(Problem(MANIFEST, "demo", None, "must be true or false"))
    if not isinstance(data.get("source", ""), str) or not str(data.get("source", "")).strip():
        problems.append(Problem(MANIFEST, "source", None, "must name where the data comes from"))
    tables = data.get("tables")
    if not isinstance(tables, dict):
        problems.append(Problem(MANIFEST, "tables", None, "must list each table with its rows and sha256"))
        tables = {}
    else:
        for table in TABLES:
            entry = tables.get(table)
            if not isinstance(entry, dict):
                problems.append(Problem(MANIFEST, "tables", None, f"{table} is not listed (rows and sha256)"))
                continue
            digest = entry.get("sha256")
            if not (isinstance(digest, str) and len(digest) == 64 and all(ch in "0123456789abcdef" for ch in digest)):
                problems.append(Problem(MANIFEST, "tables", None, f"{table} has no sha256 checksum (64 hex digits), "
                                                                  "so a damaged copy could not be detected"))
            rows = entry.get("rows")
            if not (isinstance(rows, int) and not isinstance(rows, bool) and rows >= 0):
                problems.append(Problem(MANIFEST, "tables", None, f"{table} has no row count"))
    if errors(problems):
        return None
    return Manifest(version, as_of, str(data["source"]), bool(data["demo"]), str(data.get("created", "")), tables)


def _read_table_bytes(fs, base: str, table: str, manifest: Manifest, problems: list[Problem]) -> bytes | None:
    """The file's bytes when it is a regular file within the size limit and matches its checksum."""
    file = f"{table}.parquet"
    path = f"{base}/{file}"
    info = fs.get_file_info(path)
    if info.type == pafs.FileType.NotFound:
        problems.append(Problem(file, None, None, "missing from the snapshot folder"))
        return None
    if info.type != pafs.FileType.File:
        what = "a folder" if info.type == pafs.FileType.Directory else "not a regular file"
        problems.append(Problem(file, None, None, f"is {what}, not a Parquet file"))
        return None
    if info.size is not None and info.size > MAX_FILE_BYTES:
        problems.append(Problem(file, None, None, f"is {info.size / MB:.0f} MB; the limit is {MAX_FILE_BYTES / MB:.0f} MB"))
        return None
    try:
        data = read_bytes(fs, path)
    except OSError as exc:
        problems.append(Problem(file, None, None, f"cannot be read: {exc}"))
        return None
    expected = (manifest.tables.get(table) or {}).get("sha256")
    if expected and expected != sha256(data):
        problems.append(Problem(file, None, None, "does not match the checksum in manifest.json "
                                                  "(incomplete copy or edited after publishing)"))
        return None
    return data


def _parse_table(table: str, data: bytes, manifest: Manifest, problems: list[Problem]) -> pd.DataFrame | None:
    """Parquet bytes -> a frame with exactly the documented columns and types, or None with problems."""
    file = f"{table}.parquet"
    try:
        arrow = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        problems.append(Problem(file, None, None, f"is not a readable Parquet file: {str(exc)[:200]}"))
        return None
    rows = (manifest.tables.get(table) or {}).get("rows")
    if isinstance(rows, int) and rows != arrow.num_rows:
        problems.append(Problem(file, None, None, f"has {arrow.num_rows} rows; manifest.json says {rows}"))
        return None
    try:
        return _conform(file, table, arrow, problems)
    except (pa.ArrowException, ValueError) as exc:   # e.g. text that is not UTF-8 inside a damaged file
        problems.append(Problem(file, None, None, f"holds damaged data: {str(exc)[:200]}"))
        return None


def _conform(file: str, table: str, arrow: pa.Table, problems: list[Problem]) -> pd.DataFrame | None:
    """Check columns and types against the schema; cast safely (e.g. int64 -> int32) where values fit."""
    schema = arrow_schema(table)
    before = len(problems)
    present = set(arrow.column_names)
    for name in schema.names:
        if name not in present:
            problems.append(Problem(file, name, None, "required column is missing"))
    for name in arrow.column_names:
        if name not in schema.names:
            problems.append(Problem(file, name, None, f"unknown column (schema version {SCHEMA_VERSION} has no such column)"))
    if len(problems) > before:
        return None
    columns = []
    for field in schema:
        column = arrow.column(field.name)
        if not column.type.equals(field.type):
            try:
                column = column.cast(field.type, safe=True)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
                problems.append(Problem(file, field.name, None, f"has type {column.type}; expected {field.type}"))
                bad, message = _uncastable_rows(column, field.type)
                _rows(problems, file, field.name, bad, message)
                continue
        if not field.nullable and column.null_count:
            rows = np.flatnonzero(column.is_null().to_numpy(zero_copy_only=False))
            _rows(problems, file, field.name, rows, "is empty (null); a value is required")
            continue
        columns.append(column)
    if len(problems) > before:
        return None
    conformed = pa.Table.from_arrays(columns, schema=schema)
    conformed.validate(full=True)       # raises on invalid UTF-8 and similar damage the reader let through
    return conformed.to_pandas(date_as_object=False, types_mapper=None)


def _uncastable_rows(column: pa.ChunkedArray, target: pa.DataType) -> tuple[list[int], str]:
    """0-based rows whose value cannot become ``target`` (e.g. "high" in a number column), and what they are not."""
    if pa.types.is_integer(target):
        message = "is not a whole number"
    elif pa.types.is_floating(target):
        message = "is not a number (use a decimal point, no units)"
    elif pa.types.is_date(target):
        message = "is not a date (YYYY-MM-DD)"
    elif pa.types.is_boolean(target):
        message = "is not true or false"
    else:
        message = f"cannot be read as {target}"
    bad = []
    for i, value in enumerate(column.to_pylist()):
        if value is None:
            continue
        try:
            pa.array([value], type=column.type).cast(target, safe=True)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            bad.append(i)
    return bad, message


def _rows(problems: list[Problem], file: str, column: str, rows, message: str, severity: str = "error") -> None:
    """One problem per offending row (0-based positions in, 1-based rows out), the rest summed up."""
    rows = list(rows)
    for r in rows[:MAX_ROWS_LISTED]:
        problems.append(Problem(file, column, int(r) + 1, message, severity))
    if len(rows) > MAX_ROWS_LISTED:
        problems.append(Problem(file, column, None, f"{message} — and {len(rows) - MAX_ROWS_LISTED} more rows", severity))


# --------------------------------------------------------------------------- rules

def check_rules(frames: dict[str, pd.DataFrame], as_of: dt.date) -> list[Problem]:
    """Row rules within and across tables. Frames must already have the documented columns and types."""
    problems: list[Problem] = []
    add = lambda table, column, mask, message, severity="error": _rows(  # noqa: E731
        problems, f"{table}.parquet", column, np.flatnonzero(np.asarray(mask, dtype=bool)), message, severity)
    as_of_ts = pd.Timestamp(as_of)
    earliest = pd.Timestamp(EARLIEST_DATE)

    for table, key in KEYS.items():
        frame = frames[table]
        dup = frame.duplicated(list(key), keep="first").to_numpy()
        add(table, ",".join(key), dup, "duplicate id: the same key appears on an earlier row")

    clusters, assessments = frames["clusters"], frames["assessments"]
    if clusters.empty:
        problems.append(Problem("clusters.parquet", None, None, "the table is empty"))
    if assessments.empty:
        problems.append(Problem("assessments.parquet", None, None, "the table is empty"))

    # clusters
    for column in ("name", "home_town", "sector"):
        _text_rules(add, "clusters", column, clusters[column])
    add("clusters", "cluster_id", ~clusters["cluster_id"].str.fullmatch(r"[A-Za-z0-9_.\-]{1,40}").fillna(False),
        "id must be 1-40 letters, digits, '-', '_' or '.'")
    country_ok = clusters["country"].isin(geo.COUNTRIES)
    add("clusters", "country", ~country_ok, "must be NO or DK")
    level_ok = [lvl in PROGRAMME_LEVELS.get(c, ()) for c, lvl in zip(clusters["country"], clusters["programme_level"])]
    add("clusters", "programme_level", country_ok & ~np.array(level_ok, dtype=bool),
        "unknown programme level for the country (NO: arena, arena_pro, nce, gce; DK: dk_national, dk_other)")
    county_country = clusters["county_code"].map(geo.county_country)
    add("clusters", "county_code", county_country.isna(),
        "not a 2024 Norwegian county code (03, 11, 15, 18, 31-34, 39, 40, 42, 46, 50, 55, 56) or Danish region (1081-1085)")
    add("clusters", "county_code", county_country.notna() & country_ok & (county_country != clusters["country"]),
        "county/region belongs to another country than the cluster")
    municipality_ok = clusters["municipality_code"].str.fullmatch(r"\d{4}").fillna(False)
    add("clusters", "municipality_code", ~municipality_ok, "must be a 4-digit municipality code")
    norwegian = (clusters["country"] == "NO") & (county_country == "NO") & municipality_ok
    add("clusters", "municipality_code", norwegian & (clusters["municipality_code"].str[:2] != clusters["county_code"]),
        "is not in the cluster's county (a Norwegian municipality code starts with its county code)")
    inside = [geo.inside_country(la, lo, c) for la, lo, c in zip(clusters["lat"], clusters["lon"], clusters["country"])]
    add("clusters", "lat,lon", country_ok & ~np.array(inside, dtype=bool),
        "coordinates are not inside the cluster's country (lat/lon swapped or mistyped?)")
    add("clusters", "founded_year", (clusters["founded_year"] < 1950) | (clusters["founded_year"] > as_of.year),
        f"must be between 1950 and {as_of.year}")

    # assessments
    known_clusters = set(clusters["cluster_id"])
    add("assessments", "cluster_id", ~assessments["cluster_id"].isin(known_clusters),
        "refers to a cluster that is not in clusters.parquet")
    date = assessments["assessment_date"]
    add("assessments", "assessment_date", date < earliest, f"is before {EARLIEST_DATE} (ESCA labels began in 2012)")
    add("assessments", "assessment_date", date > as_of_ts, f"is after the snapshot date {as_of}")
    add("assessments", "assessment_type", ~assessments["assessment_type"].isin(ASSESSMENT_TYPES),
        "must be benchmarking, silver or gold")
    label = assessments["label_level"]
    add("assessments", "label_level", ~label.isin(LABEL_VALUES), "must be bronze, silver, gold or none")
    rank = {"none": 0, "bronze": 1, "silver": 2, "gold": 3}
    type_rank = assessments["assessment_type"].map({"benchmarking": 1, "silver": 2, "gold": 3})
    add("assessments", "label_level", label.map(rank) > type_rank,
        "is higher than the assessment type can award (a benchmarking gives Bronze, a silver assessment Silver)")
    valid_until = assessments["valid_until"]
    add("assessments", "valid_until", (label != "none") & valid_until.isna(), "is empty; a label needs an end date")
    add("assessments", "valid_until", (label == "none") & valid_until.notna(), "must be empty when no label was awarded")
    add("assessments", "valid_until", valid_until.notna() & (valid_until < date), "is before the assessment date")
    two_years_end = (date + pd.offsets.DateOffset(months=24) + pd.offsets.MonthEnd(0))
    earliest_end = date + pd.offsets.DateOffset(months=23)
    add("assessments", "valid_until",
        valid_until.notna() & (valid_until >= date) & ((valid_until > two_years_end) | (valid_until < earliest_end)),
        "breaks the two-year rule: a label is valid to the end of the month two years after the assessment")
    for column in ("quality_index", *AREA_COLUMNS):
        values = assessments[column]
        add("assessments", column, ~values.between(0, 100), "must be between 0 and 100")
    add("assessments", "quality_index", (label == "gold") & (assessments["quality_index"] < 80),
        "a Gold label needs a quality index of at least 80")
    for column in LIGHTS:
        add("assessments", column, ~assessments[column].isin(LIGHT_VALUES), "must be green, yellow or red")

    # collaborations and members
    collaborations, members = frames["collaborations"], frames["collaboration_members"]
    _text_rules(add, "collaborations", "name", collaborations["name"])
    add("collaborations", "kind", ~collaborations["kind"].isin(COLLABORATION_KINDS), "must be pilot, cooperation or programme")
    bad_counties = [any(c not in geo.ADMIN1 for c in codes) for codes in collaborations["county_codes"]]
    add("collaborations", "county_codes", bad_counties, "holds a code that is not a 2024 county or Danish region")
    add("collaborations", "end_date", collaborations["end_date"].notna() & (collaborations["end_date"] < collaborations["start_date"]),
        "is before start_date")
    add("collaborations", "start_date", collaborations["start_date"] < earliest, f"is before {EARLIEST_DATE}")
    known_collaborations = set(collaborations["collaboration_id"])
    add("collaboration_members", "collaboration_id", ~members["collaboration_id"].isin(known_collaborations),
        "refers to a collaboration that is not in collaborations.parquet")
    add("collaboration_members", "cluster_id", ~members["cluster_id"].isin(known_clusters),
        "refers to a cluster that is not in clusters.parquet")

    # events
    events = frames["events"]
    _text_rules(add, "events", "name", events["name"])
    _text_rules(add, "events", "place", events["place"])
    add("events", "kind", ~events["kind"].isin(EVENT_KINDS), "must be workshop, seminar, training or gathering")
    add("events", "status", ~events["status"].isin(EVENT_STATUS), "must be held or planned")
    add("events", "start_date", events["start_date"] < earliest, f"is before {EARLIEST_DATE}")
    add("events", "start_date", (events["start_date"] > as_of_ts) & (events["status"] != "planned"),
        f"is after the snapshot date {as_of} but the status is not 'planned'")
    add("events", "days", (events["days"] < 1) | (events["days"] > 31), "must be 1 to 31 days")
    add("events", "lat,lon", ~events["lat"].between(-90, 90) | ~events["lon"].between(-180, 180), "not a WGS84 coordinate")
    for country in geo.COUNTRIES:
        here = events["country"] == country
        inside = [geo.inside_country(la, lo, country) for la, lo in zip(events["lat"], events["lon"])]
        add("events", "lat,lon", here & ~np.array(inside, dtype=bool), f"coordinates are not inside {country}")
    for column in ("clusters_n", "participants_n"):
        add("events", column, events[column].notna() & (events[column] < 0), "cannot be negative")
    bad_themes = [any(t not in THEMES for t in themes) for themes in events["themes"]]
    add("events", "themes", bad_themes, "holds an unknown theme tag (see the README's theme list)")
    add("events", "collaboration_id", events["collaboration_id"].notna() & ~events["collaboration_id"].isin(known_collaborations),
        "refers to a collaboration that is not in collaborations.parquet")
    return problems


def _text_rules(add, table: str, column: str, values: pd.Series) -> None:
    text = values.astype(str)
    add(table, column, text.str.strip() == "", "is blank")
    add(table, column, text.str.len() > MAX_TEXT, f"is longer than {MAX_TEXT} characters")
    add(table, column, text.str.contains(r"[<>]", regex=True),
        "contains '<' or '>' (markup is not allowed in names)")
    add(table, column, text.str.contains(CONTROLS_PATTERN, regex=True),   # vectorised _has_controls
        "contains control or bidirectional-override characters")


def _has_controls(text: str) -> bool:
    return any(ch in BIDI_CONTROLS or (unicodedata.category(ch) == "Cc") for ch in text)

