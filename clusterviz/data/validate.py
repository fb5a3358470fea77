"""Read a snapshot and check it: schema, types, keys, ranges, label rules and references between tables.

``read_snapshot(folder)`` returns ``(snapshot, problems)``; the snapshot is None whenever any problem is
an error.  Every problem names the file, the column, the (1-based) data row and what is wrong, so that a
person with the spreadsheet open can find it.

A snapshot is read and checked as Arrow tables (the Parquet files straight from memory, the rules as
pyarrow.compute kernels and numpy) and converted to pandas once, at the end, only when it is valid: the
validated read costs about what reading the five files with ``pq.read_table`` costs (issue 9; the benchmark
row "snapshot load / validated read").  ``check_rules`` also takes pandas frames (ingest).
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from pandas.api.internals import create_dataframe_from_blocks

from clusterviz.data import geo
from clusterviz.data.snapshot import (
    AREA_COLUMNS,
    ASSESSMENT_TYPES,
    COLLABORATION_KINDS,
    DATE_PRECISIONS,
    EVENT_KINDS,
    EVENT_STATUS,
    KEYS,
    LABEL_RANK,
    LABEL_VALUES,
    LIGHT_VALUES,
    LIGHTS,
    MANIFEST,
    PROGRAMME_LEVELS,
    READABLE_SCHEMA_VERSIONS,
    SCHEMA_VERSION,
    SNAPSHOT_NAME,
    TABLES,
    THEMES,
    Manifest,
    Snapshot,
    add_missing_columns,
    arrow_schema,
    read_bytes,
    resolve,
    sha256,
)

EARLIEST_DATE = dt.date(2010, 1, 1)
MAX_TEXT = 200
MB = 1024 * 1024
MAX_FILE_BYTES = 100 * MB            # a snapshot table larger than this is refused before it is read
MAX_ROWS_LISTED = 10                 # per rule; the rest are counted
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
# _has_controls as one regex (Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F), checked per
# column instead of per character in Python: that loop was a third of a Europe-scale validation.  The two are
# kept side by side; tests/unit/test_benchmarks.py checks that they agree.
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

def read_snapshot(folder: str, resolved: tuple[pafs.FileSystem, str] | None = None) -> tuple[Snapshot | None, list[Problem]]:
    """Read and validate one snapshot folder. Never raises for bad data; returns the problems instead.
    ``resolved``: the folder's (filesystem, path) from ``resolve`` when the caller has it already."""
    problems: list[Problem] = []
    try:
        fs, base = resolved or resolve(folder)
    except (pa.ArrowInvalid, ValueError, OSError) as exc:
        return None, [Problem(str(folder), None, None, f"cannot open location: {exc}")]
    manifest = _read_manifest(fs, base, problems)
    if manifest is None:
        return None, problems
    # All bytes first, then the (slower) parsing: a writer replacing the folder can only catch the few
    # milliseconds of reading, and a mix of two versions fails the checksums (store.py then reads again).
    raw = {table: _read_table_bytes(fs, base, table, manifest, problems) for table in TABLES}
    tables: dict[str, pa.Table] = {}
    for table, data in raw.items():
        arrow = _parse_table(table, data, manifest, problems) if data is not None else None
        if arrow is not None:
            tables[table] = arrow
    if errors(problems):
        return None, problems
    try:
        problems.extend(check_rules(tables, manifest.as_of))
    except Exception as exc:  # a last line of defence: bad data must give a report, never a crash
        problems.append(Problem(MANIFEST, None, None, f"the snapshot could not be checked ({type(exc).__name__}: "
                                                      f"{str(exc)[:200]}); it is refused"))
    if errors(problems):
        return None, problems
    # pandas only now, once, for a snapshot that passed every rule
    frames = {table: _frame(f"{table}.parquet", arrow, problems) for table, arrow in tables.items()}
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
    if isinstance(version, bool) or version not in READABLE_SCHEMA_VERSIONS:
        problems.append(Problem(MANIFEST, "schema_version", None,
                                f"is {version!r}; this version of clusterviz reads schema versions "
                                f"{' and '.join(map(str, READABLE_SCHEMA_VERSIONS))}"))
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
    window = _comparison_window(data.get("comparison_window"), problems)
    collection = data.get("collection")
    if collection is not None and not (isinstance(collection, str) and collection.strip()
                                       and len(collection) <= 40 and collection.isprintable()):
        problems.append(Problem(MANIFEST, "collection", None, "must be a short name such as demo or public"))
    if errors(problems) or as_of is None or not isinstance(version, int):
        return None
    return Manifest(version, as_of, str(data["source"]), bool(data["demo"]), str(data.get("created", "")), tables,
                    comparison_window=window, collection=collection)


def _comparison_window(value, problems: list[Problem]) -> tuple[dt.date, dt.date] | None:
    """The manifest's optional {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}, start not after end."""
    if value is None:
        return None
    try:
        start, end = dt.date.fromisoformat(value["start"]), dt.date.fromisoformat(value["end"])
    except (TypeError, KeyError, ValueError):
        problems.append(Problem(MANIFEST, "comparison_window", None,
                                'must be {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}'))
        return None
    if end < start:
        problems.append(Problem(MANIFEST, "comparison_window", None, f"ends ({end}) before it starts ({start})"))
        return None
    return start, end


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


def _parse_table(table: str, data: bytes, manifest: Manifest, problems: list[Problem]) -> pa.Table | None:
    """Parquet bytes -> an Arrow table with exactly the documented columns and types, or None with problems."""
    file = f"{table}.parquet"
    rows = (manifest.tables.get(table) or {}).get("rows")
    coded = CODED_COLUMNS.get(table, ()) if isinstance(rows, int) and rows >= CODED_FROM_ROWS else ()
    try:
        arrow = _read_parquet(data, coded)
    except (pa.ArrowException, OSError, ValueError) as exc:
        problems.append(Problem(file, None, None, f"is not a readable Parquet file: {str(exc)[:200]}"))
        return None
    names = arrow.column_names
    if len(set(names)) < len(names):        # (pq.read_table refused these as unreadable; ParquetFile reads them)
        repeated = min(name for name in names if names.count(name) > 1)
        problems.append(Problem(file, None, None, f"is not a readable Parquet file: the column {repeated} appears "
                                                  f"{names.count(repeated)} times"))
        return None
    if isinstance(rows, int) and rows != arrow.num_rows:
        problems.append(Problem(file, None, None, f"has {arrow.num_rows} rows; manifest.json says {rows}"))
        return None
    if manifest.schema_version == 1:
        arrow = add_missing_columns(table, arrow)        # read as schema 2: the new columns unknown, dates days
    try:
        return _conform_table(file, table, arrow, problems)
    except (pa.ArrowException, ValueError) as exc:   # e.g. text that is not UTF-8 inside a damaged file
        problems.append(Problem(file, None, None, f"holds damaged data: {str(exc)[:200]}"))
        return None


# Text columns with few distinct values (countries, levels, sectors, towns, the 2,000 cluster ids of 9,000
# assessments): read as the Parquet file's own dictionary, they skip building a string per row, and the rules
# look at each distinct value once instead of at every row (_Codes, _checked_values); decoded once, for pandas.
# That pays from a few hundred rows (Europe scale: a load 13 % quicker); for the demo's 110 clusters the extra
# decoding step costs more than it saves (5 % slower), so smaller tables are read plain.
CODED_FROM_ROWS = 500
CODED_COLUMNS = {
    "clusters": ("country", "programme_level", "sector", "home_town", "municipality_code", "county_code"),
    "assessments": ("cluster_id", "assessment_type", "label_level", "light_budget", "light_plan", "light_training"),
}


def _read_parquet(data: bytes, coded: tuple[str, ...]) -> pa.Table:
    """One Parquet file from memory, ``coded`` text columns as dictionaries.  ParquetFile reads the one file
    directly (pq.read_table goes through the dataset layer, which costs more than the decoding here), in this
    thread (Arrow's thread pool did not pay for itself even on the 9,000 assessments of the Europe snapshot)."""
    try:
        parquet = pq.ParquetFile(pa.BufferReader(data), read_dictionary=list(coded) or None)
    except KeyError:       # a coded column is missing or not plain: read as it is, for conform to report
        parquet = pq.ParquetFile(pa.BufferReader(data))
    return parquet.read(use_threads=False)


def conform(file: str, table: str, arrow: pa.Table, problems: list[Problem]) -> pd.DataFrame | None:
    """Check columns and types against the schema and cast where values fit (see ``_conform_table``); as pandas."""
    conformed = _conform_table(file, table, arrow, problems)
    return None if conformed is None else to_frame(conformed)


def _conform_table(file: str, table: str, arrow: pa.Table, problems: list[Problem]) -> pa.Table | None:
    """Check columns and types against the schema; cast safely (e.g. int64 -> int32) where values fit."""
    schema = _schema(table)
    before = len(problems)
    position = {name: i for i, name in enumerate(arrow.column_names)}
    for name in schema.names:
        if name not in position:
            problems.append(Problem(file, name, None, "required column is missing"))
    for name in arrow.column_names:
        if name not in _names(table):
            problems.append(Problem(file, name, None, f"unknown column (schema version {SCHEMA_VERSION} has no such column)"))
    if len(problems) > before:
        return None
    columns = []
    for field in schema:
        column = arrow.column(position[field.name])
        kind = column.type
        if pa.types.is_dictionary(kind) and not (
                pa.types.is_string(field.type) and pa.types.is_string(kind.value_type)
                and not any(chunk.dictionary.null_count for chunk in column.chunks)):
            column = _decode(column)                              # checked below as the plain values it holds
            kind = column.type
        if pa.types.is_dictionary(kind):
            pass                                                  # text as its dictionary (see CODED_COLUMNS)
        elif not kind.equals(field.type):
            try:
                column = column.cast(field.type, safe=True)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
                problems.append(Problem(file, field.name, None, f"has type {kind}; expected {field.type}"))
                bad, message = _uncastable_rows(column, field.type)
                _rows(problems, file, field.name, bad, message)
                continue
        if not field.nullable and column.null_count:
            rows = np.flatnonzero(column.is_null().to_numpy(zero_copy_only=False))
            _rows(problems, file, field.name, rows, "is empty (null); a value is required")
            continue
        if pa.types.is_floating(field.type):
            # a stored NaN is a broken value, not "unknown": unknown is an empty cell (null), which the rules skip
            nan = _stored_nan(column)
            if nan.any():
                _rows(problems, file, field.name, np.flatnonzero(nan),
                      "is NaN (not a number); leave the cell empty when it is unknown")
                continue
        columns.append(column)
    if len(problems) > before:
        return None
    conformed = pa.Table.from_arrays(columns, names=schema.names)
    conformed.validate(full=True)       # raises on invalid UTF-8 and similar damage the reader let through
    return conformed


def _stored_nan(column: pa.ChunkedArray) -> np.ndarray:
    """Rows of a float column holding NaN (not null).  numpy on the values when the column has no nulls (a kernel
    call costs more than these few hundred numbers), else pyarrow's is_nan, which is null (False) on nulls."""
    if not column.null_count:
        return np.isnan(column.to_numpy())
    return _mask(pc.is_nan(column))


def to_frame(table: pa.Table) -> pd.DataFrame:
    """The pandas frame the app works with, exactly as ``table.to_pandas(date_as_object=False)`` makes it:
    text as pandas' Arrow-backed ``str``, dates as datetime64[ms], whole numbers with gaps as float64 with NaN,
    list cells as numpy arrays, numpy columns of one dtype in one block.

    Built from the columns directly: pyarrow's generic conversion spends more on its bookkeeping (pandas
    metadata, index reconstruction, a thread pool) than on converting tables this small.  A column type
    outside the snapshot schema goes the generic way.  tests/unit/test_validate_fast.py compares the two."""
    text = pd.StringDtype(na_value=np.nan)         # pandas' default "str" dtype, which to_pandas picks too
    blocks: list[tuple[object, np.ndarray]] = []
    numpy_columns: dict[np.dtype, list[tuple[int, np.ndarray]]] = {}
    for position, (field, column) in enumerate(zip(table.schema, table.columns)):
        kind = field.type
        if pa.types.is_string(kind):
            blocks.append((text.__from_arrow__(_large_text(column)), np.array([position])))
            continue
        if pa.types.is_dictionary(kind) and pa.types.is_string(kind.value_type):
            blocks.append((text.__from_arrow__(_large_text(_decode(column))), np.array([position])))
            continue
        if pa.types.is_date32(kind):
            values = column.to_numpy().astype("datetime64[ms]")
        elif pa.types.is_integer(kind) and column.null_count:
            values = pc.cast(column, pa.float64()).to_numpy()
        elif pa.types.is_list(kind) and pa.types.is_string(kind.value_type):
            values = column.to_numpy(zero_copy_only=False)            # an object array of numpy arrays
        elif pa.types.is_floating(kind) or pa.types.is_integer(kind) or (pa.types.is_boolean(kind) and not column.null_count):
            values = column.to_numpy()
        else:
            return _decoded(table).to_pandas(date_as_object=False, use_threads=False)
        numpy_columns.setdefault(values.dtype, []).append((position, values))
    for dtype, members in numpy_columns.items():
        block = np.empty((len(members), table.num_rows), dtype=dtype)
        for row, (_, values) in enumerate(members):
            block[row] = values
        blocks.append((block, np.array([position for position, _ in members])))
    return create_dataframe_from_blocks(blocks, index=pd.RangeIndex(table.num_rows), columns=_columns(table.column_names))


def _large_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """string -> large_string (pandas' storage) with the text bytes shared: only the offsets widen.  What a cast
    does, without a kernel call per column."""
    chunks = []
    for chunk in column.chunks:
        validity, offsets, data = chunk.buffers()
        wide = np.frombuffer(offsets, dtype=np.int32)[:chunk.offset + len(chunk) + 1].astype(np.int64) \
            if offsets is not None else np.zeros(chunk.offset + 1, dtype=np.int64)
        chunks.append(pa.Array.from_buffers(pa.large_string(), len(chunk), [validity, pa.py_buffer(wide), data],
                                            chunk.null_count, chunk.offset))
    return pa.chunked_array(chunks, pa.large_string())


@functools.cache
def _column_index(names: tuple[str, ...]) -> pd.Index:
    return pd.Index(names)


def _columns(names: list[str]) -> pd.Index:
    """The frame's column labels: built once per schema (pandas spends ~0.1 ms making a text Index), then a new
    Index object over the same labels for every frame."""
    return _column_index(tuple(names)).copy()


def _decode(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A dictionary column as its plain values (dictionary_decode: cheaper than a cast)."""
    return pa.chunked_array([chunk.dictionary_decode() for chunk in column.chunks], column.type.value_type)


def _decoded(table: pa.Table) -> pa.Table:
    """Dictionary columns as plain values (pandas would make them categorical)."""
    for i, column in enumerate(table.columns):
        if pa.types.is_dictionary(column.type):
            table = table.set_column(i, table.field(i).with_type(column.type.value_type), _decode(column))
    return table


def _frame(file: str, table: pa.Table, problems: list[Problem]) -> pd.DataFrame | None:
    try:
        return to_frame(table)
    except (pa.ArrowException, ValueError) as exc:
        problems.append(Problem(file, None, None, f"holds damaged data: {str(exc)[:200]}"))
        return None


@functools.cache
def _schema(table: str) -> pa.Schema:
    return arrow_schema(table)


@functools.cache
def _names(table: str) -> frozenset[str]:
    return frozenset(_schema(table).names)


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
#
# The rules run on the Arrow columns (pyarrow.compute kernels; numpy for numbers and dates) before anything is
# converted to pandas: pandas' methods on Arrow-backed text columns loop in Python for isin and map, and each
# small pandas operation costs tens of microseconds, which made the rules four fifths of a load.  Every check
# gives a numpy mask (True = the row breaks the rule), and row numbers are only listed for a mask with a True
# in it.  A missing value counts as pandas counts NaN/NaT (comparisons with it are False, ``!=`` is True), so
# the rules say the same about frames from ingest that still hold holes.  tests/unit/test_validate_fast.py keeps
# the former pandas rules and checks that both report the same problems, in the same order.

TEXT_COLUMNS = {"clusters": ("name", "home_town", "sector"), "collaborations": ("name", "name_en"),
                "events": ("name", "name_en", "place")}
SOURCE_COLUMNS = ("clusters", "assessments")     # tables with a free-text `source` (text or URLs)
ERA_RULE_WARNING = ("differs from ESCA's two-year rule (valid to the end of the month two years after the "
                    "assessment; renewals may run 3 years): kept as stated")


def check_rules(frames: Mapping[str, pa.Table | pd.DataFrame], as_of: dt.date) -> list[Problem]:
    """Row rules within and across tables, in a fixed order.  ``frames`` maps each table to an Arrow table or
    a pandas frame with the documented columns and types (as ``conform`` makes them)."""
    tables = {name: _Table(_as_arrow(name, frame)) for name, frame in frames.items()}
    problems: list[Problem] = []

    def add(table: str, column: str, mask: np.ndarray, message: str, severity: str = "error") -> None:
        if mask.any():
            _rows(problems, f"{table}.parquet", column, np.flatnonzero(mask), message, severity)

    def text_rules(table: str) -> None:
        for column in TEXT_COLUMNS[table]:
            for message, mask in text[table, column]:
                add(table, column, mask, message)

    text = _text_checks(tables)
    for table, key in KEYS.items():
        add(table, ",".join(key), _duplicated(tables[table], key), "duplicate id: the same key appears on an earlier row")

    clusters, assessments = tables["clusters"], tables["assessments"]
    if clusters.num_rows == 0:
        problems.append(Problem("clusters.parquet", None, None, "the table is empty"))
    if assessments.num_rows == 0:
        problems.append(Problem("assessments.parquet", None, None, "the table is empty"))

    # clusters
    text_rules("clusters")
    cluster_id = clusters["cluster_id"]
    add("clusters", "cluster_id", ~_ascii_fullmatch(cluster_id, ID_CHARACTERS, 1, 40),      # [A-Za-z0-9_.-]{1,40}
        "id must be 1-40 letters, digits, '-', '_' or '.'")
    country_codes = clusters.codes("country")
    country_ok = country_codes.isin(geo.COUNTRIES)
    add("clusters", "country", ~country_ok, "must be NO or DK")
    country_is = {c: country_codes.isin((c,)) for c in {*PROGRAMME_LEVELS, *geo.COUNTRY_BBOX}}
    level = clusters.codes("programme_level")
    level_ok = _any_of([country_is[c] & level.isin(levels)
                        for c, levels in PROGRAMME_LEVELS.items()], clusters.num_rows)
    add("clusters", "programme_level", country_ok & ~level_ok & _present(clusters["programme_level"]),
        "unknown programme level for the country (NO: arena, arena_pro, nce, gce, other; DK: dk_national, dk_other)")
    county_codes = clusters.codes("county_code")
    county_country = county_codes.values(geo.county_country)       # "NO", "DK" or None per row
    county_known = county_country != None  # noqa: E711  (elementwise on an object array)
    add("clusters", "county_code", ~county_known & _present(clusters["county_code"]),    # null: unknown county
        "not a 2024 Norwegian county code (03, 11, 15, 18, 31-34, 39, 40, 42, 46, 50, 55, 56) or Danish region (1081-1085)")
    add("clusters", "county_code", county_known & country_ok & (county_country != country_codes.values()),
        "county/region belongs to another country than the cluster")
    municipality = clusters.codes("municipality_code")
    municipality_ok = municipality.each(_four_digits)
    add("clusters", "municipality_code", ~municipality_ok & _present(clusters["municipality_code"]),
        "must be a 4-digit municipality code")
    norwegian = country_is["NO"] & (county_country == "NO") & municipality_ok
    if norwegian.any():                    # the first two characters against the county code
        county_prefix = municipality.values(lambda code: code[:2])
        add("clusters", "municipality_code", norwegian & (county_prefix != county_codes.values()),
            "is not in the cluster's county (a Norwegian municipality code starts with its county code)")
    lat, lon = _numbers(clusters["lat"]), _numbers(clusters["lon"])
    placed, half_placed = _coordinates_known(lat, lon)
    add("clusters", "lat,lon", half_placed, "only one of lat and lon is given; give both or leave both empty")
    inside = _any_of([country_is[c] & _inside(lat, lon, c) for c in geo.COUNTRY_BBOX], clusters.num_rows)
    add("clusters", "lat,lon", placed & country_ok & ~inside,
        "coordinates are not inside the cluster's country (lat/lon swapped or mistyped?)")
    founded = _numbers(clusters["founded_year"])
    add("clusters", "founded_year", (founded < 1950) | (founded > as_of.year), f"must be between 1950 and {as_of.year}")
    add("clusters", "source", _unsafe_text(clusters["source"]), "contains control or bidirectional-override characters")

    # assessments
    known_clusters = cluster_id
    add("assessments", "cluster_id", ~assessments.codes("cluster_id").isin(known_clusters),
        "refers to a cluster that is not in clusters.parquet")
    as_of_day, earliest = np.datetime64(as_of, "ms"), np.datetime64(EARLIEST_DATE, "ms")
    assessed = _Calendar(assessments["assessment_date"])
    date = assessed.dates
    add("assessments", "assessment_date", date < earliest, f"is before {EARLIEST_DATE} (ESCA labels began in 2012)")
    add("assessments", "assessment_date", date > as_of_day, f"is after the snapshot date {as_of}")
    precision = assessments.codes("date_precision")
    if precision.distinct == ["day"]:                  # every date a day (the demo, every schema-1 snapshot)
        by_year = np.zeros(assessments.num_rows, dtype=bool)
    else:
        add("assessments", "date_precision", ~precision.isin(DATE_PRECISIONS), "must be day, month, year or derived")
        by_month, by_year = precision.isin(("month", "derived")), precision.isin(("year",))
        add("assessments", "assessment_date",
            (by_month & (assessed.day != 1)) | (by_year & ((assessed.month != 1) | (assessed.day != 1))),
            "a date known only to the month (year) is stored as the first day of that month (year)")
    assessment_type = assessments.codes("assessment_type")
    add("assessments", "assessment_type", ~assessment_type.isin(ASSESSMENT_TYPES), "must be benchmarking, silver or gold")
    label = assessments.codes("label_level")
    add("assessments", "label_level", ~label.isin(LABEL_VALUES), "must be bronze, silver, gold or none")
    add("assessments", "label_level", label.map(LABEL_RANK) > assessment_type.map(TYPE_RANK),
        "is higher than the assessment type can award (a benchmarking gives Bronze, a silver assessment Silver)")
    valid_until = _dates(assessments["valid_until"])
    has_end = ~np.isnat(valid_until)
    no_label = label.isin(("none",))
    add("assessments", "valid_until", ~no_label & ~has_end,
        "is empty: the label's end date is unknown", "warning")
    add("assessments", "valid_until", no_label & has_end, "must be empty when no label was awarded")
    add("assessments", "valid_until", has_end & (valid_until < date), "is before the assessment date")
    # ESCA's rule of the 2017 era, checked where the assessment date is known at least to the month; real labels
    # may follow a later rule (a renewal runs 3 years) or a source may state another date: a warning, kept as given
    add("assessments", "valid_until",
        has_end & (valid_until >= date) & ~by_year
        & ((valid_until > assessed.months_on(24, month_end=True)) | (valid_until < assessed.months_on(23))),
        ERA_RULE_WARNING, "warning")
    scores = np.vstack([_numbers(assessments[column]) for column in ("quality_index", *AREA_COLUMNS)])
    outside = ~((scores >= 0) & (scores <= 100)) & ~np.isnan(scores)          # unknown (null) is not outside
    for column, mask in zip(("quality_index", *AREA_COLUMNS), outside):
        add("assessments", column, mask, "must be between 0 and 100")
    add("assessments", "quality_index", label.isin(("gold",)) & (scores[0] < 80),   # only where the index is known
        "a Gold label needs a quality index of at least 80")
    for column in LIGHTS:
        add("assessments", column, ~assessments.codes(column).isin(LIGHT_VALUES) & _present(assessments[column]),
            "must be green, yellow or red")
    add("assessments", "source", _unsafe_text(assessments["source"]), "contains control or bidirectional-override characters")

    # collaborations and members
    collaborations, members = tables["collaborations"], tables["collaboration_members"]
    text_rules("collaborations")
    add("collaborations", "kind", ~collaborations.codes("kind").isin(COLLABORATION_KINDS), "must be pilot, cooperation or programme")
    add("collaborations", "county_codes", _holds_unknown(collaborations["county_codes"], ADMIN1_CODES),
        "holds a code that is not a 2024 county or Danish region")
    start, end = _dates(collaborations["start_date"]), _dates(collaborations["end_date"])
    add("collaborations", "end_date", ~np.isnat(end) & (end < start), "is before start_date")
    add("collaborations", "start_date", start < earliest, f"is before {EARLIEST_DATE}")
    known_collaborations = collaborations["collaboration_id"]
    add("collaboration_members", "collaboration_id", ~_isin(members["collaboration_id"], known_collaborations),
        "refers to a collaboration that is not in collaborations.parquet")
    add("collaboration_members", "cluster_id", ~_isin(members["cluster_id"], known_clusters),
        "refers to a cluster that is not in clusters.parquet")

    # events
    events = tables["events"]
    text_rules("events")
    add("events", "kind", ~events.codes("kind").isin(EVENT_KINDS), "must be workshop, seminar, training or gathering")
    status = events.codes("status")
    add("events", "status", ~status.isin(EVENT_STATUS), "must be held or planned")
    start = _dates(events["start_date"])
    add("events", "start_date", start < earliest, f"is before {EARLIEST_DATE}")
    add("events", "start_date", (start > as_of_day) & ~status.isin(("planned",)),
        f"is after the snapshot date {as_of} but the status is not 'planned'")
    days = _numbers(events["days"])
    add("events", "days", (days < 1) | (days > 31), "must be 1 to 31 days")
    lat, lon = _numbers(events["lat"]), _numbers(events["lon"])
    placed, half_placed = _coordinates_known(lat, lon)
    add("events", "lat,lon", half_placed, "only one of lat and lon is given; give both or leave both empty")
    add("events", "lat,lon", placed & (~((lat >= -90) & (lat <= 90)) | ~((lon >= -180) & (lon <= 180))),
        "not a WGS84 coordinate")
    event_country = events.codes("country")
    for country in geo.COUNTRIES:
        add("events", "lat,lon", placed & event_country.isin((country,)) & ~_inside(lat, lon, country),
            f"coordinates are not inside {country}")
    for column in ("clusters_n", "participants_n"):
        add("events", column, _numbers(events[column]) < 0, "cannot be negative")
    add("events", "themes", _holds_unknown(events["themes"], THEMES),
        "holds an unknown theme tag (see the README's theme list)")
    collaboration = events["collaboration_id"]
    add("events", "collaboration_id", _present(collaboration) & ~_isin(collaboration, known_collaborations),
        "refers to a collaboration that is not in collaborations.parquet")
    return problems


def _coordinates_known(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(both known, exactly one known) per row; NaN = unknown."""
    lat_known, lon_known = ~np.isnan(lat), ~np.isnan(lon)
    return lat_known & lon_known, lat_known != lon_known


def _unsafe_text(values) -> np.ndarray:
    """Rows of a free-text column (sources) holding control or bidirectional-override characters; missing = False.
    A column of nulls (most snapshots' sources) costs nothing."""
    if values.null_count == len(values):
        return np.zeros(len(values), dtype=bool)
    text = _text(values)
    if not text.null_count and not _may_hold_markup_or_controls(text):
        return np.zeros(len(values), dtype=bool)
    return _matches(text, CONTROLS_PATTERN)


TYPE_RANK = {"benchmarking": 1, "silver": 2, "gold": 3}
ADMIN1_CODES = tuple(geo.ADMIN1)


def _text_checks(tables: dict[str, _Table]) -> dict[tuple[str, str], list[tuple[str, np.ndarray]]]:
    """The four rules on names and places (blank, too long, markup, control characters) for every text column
    at once: one kernel call per rule over all the columns side by side, then cut back per column.  A column
    read as its dictionary (sector, home town) is checked on its distinct values."""
    columns = [(table, column) for table, names in TEXT_COLUMNS.items() for column in names]
    parts = [_checked_values(tables[table].arrow[column]) for table, column in columns]
    values = pa.concat_arrays([chunk for part, _ in parts for chunk in part.chunks] or [pa.array([], pa.large_string())])
    long = _byte_lengths(values) > MAX_TEXT        # a character is at least one byte: count characters only there
    if long.any():
        long = _mask(pc.greater(pc.utf8_length(values), MAX_TEXT))
    rules = [("is blank", _blank(values)), (f"is longer than {MAX_TEXT} characters", long)]
    character_rules = [("contains '<' or '>' (markup is not allowed in names)", r"[<>]"),
                       ("contains control or bidirectional-override characters", CONTROLS_PATTERN)]  # = _has_controls
    if _may_hold_markup_or_controls(values):      # (the bytes of missing values are empty; they match nothing)
        rules += [(message, _matches(values, pattern)) for message, pattern in character_rules]
    else:
        none = np.zeros(len(values), dtype=bool)
        rules += [(message, none) for message, _ in character_rules]
    checks, offset = {}, 0
    for (table, column), (part, codes) in zip(columns, parts):
        end = offset + len(part)
        checks[table, column] = [(message, mask[offset:end] if codes is None else np.append(mask[offset:end], False)[codes])
                                 for message, mask in rules]
        offset = end
    return checks


def _checked_values(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray | None]:
    """What a value rule has to look at: a column read as its dictionary gives its distinct values and each
    row's position among them (a missing row at position len(values)), any other column its rows."""
    if pa.types.is_dictionary(column.type) and column.num_chunks == 1:
        chunk = column.chunk(0)
        return _text(pa.chunked_array([chunk.dictionary])), _codes(chunk.indices, len(chunk.dictionary))
    return _text(_decode(column) if pa.types.is_dictionary(column.type) else column), None


# -- column helpers: an Arrow column in, a numpy mask (or numbers, dates) out; missing values as in pandas

def _as_arrow(table: str, frame: pa.Table | pd.DataFrame) -> pa.Table:
    """An Arrow table as it is; a pandas frame (ingest) converted, columns without any typed value (empty or
    all missing) given their documented type."""
    if isinstance(frame, pa.Table):
        return frame
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    schema = _schema(table)
    for i, field in enumerate(arrow.schema):
        if pa.types.is_null(field.type) and field.name in schema.names:
            arrow = arrow.set_column(i, field.name, arrow.column(i).cast(schema.field(field.name).type))
    return arrow


def _text(values):
    """A text column as large_string (as pandas holds it), so columns can be put side by side."""
    if pa.types.is_string(values.type):
        return _large_text(values)
    return values if pa.types.is_large_string(values.type) else values.cast(pa.large_string())


def _mask(result) -> np.ndarray:
    """An Arrow boolean result as a numpy mask, missing = False."""
    if result.null_count:
        result = pc.fill_null(result, False)
    return result.to_numpy(zero_copy_only=False)


def _not_equal(values, other) -> np.ndarray:
    """values != other, True where either side is missing (as pandas compares NaN)."""
    result = pc.not_equal(values, other)
    if result.null_count:
        result = pc.fill_null(result, True)
    return result.to_numpy(zero_copy_only=False)


def _present(values) -> np.ndarray:
    return pc.is_valid(values).to_numpy(zero_copy_only=False) if values.null_count else np.ones(len(values), bool)


_VALUE_SETS: dict[tuple, pa.Array] = {}


def _isin(values, allowed) -> np.ndarray:
    """Series.isin: a missing value matches only a missing one (which no allowed list holds)."""
    if not len(values):
        return np.zeros(0, dtype=bool)
    if not isinstance(allowed, (pa.Array, pa.ChunkedArray)):
        key = (tuple(allowed), values.type)
        if key not in _VALUE_SETS:
            _VALUE_SETS[key] = pa.array(list(allowed), values.type)
        allowed = _VALUE_SETS[key]
    elif not allowed.type.equals(values.type):
        allowed = allowed.cast(values.type)
    return _mask(pc.is_in(values, value_set=allowed))


def _matches(values, pattern: str) -> np.ndarray:
    """Series.str.contains(pattern) with pyarrow's RE2, which pandas itself runs for these patterns."""
    return _mask(pc.match_substring_regex(values, pattern))


def _four_digits(values) -> np.ndarray:
    r"""Series.str.fullmatch(r"\d{4}"): four ASCII digits; pandas gives a column holding any non-ASCII text to
    Python's re, whose \d takes every Unicode decimal digit, so those few values are matched the same way."""
    ok = _ascii_fullmatch(values, DIGITS, 4, 4)
    for row in np.flatnonzero(~_mask(pc.string_is_ascii(values))):
        ok[row] = re.fullmatch(r"\d{4}", values[int(row)].as_py()) is not None
    return ok


def _byte_table(characters: str | bytes) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(characters.encode() if isinstance(characters, str) else characters)] = True
    return table


ID_CHARACTERS = _byte_table("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
DIGITS = _byte_table("0123456789")


def _text_buffers(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(start offsets, end offsets, bytes) of a text column, for checks that look at the UTF-8 bytes."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    offset_type = np.int64 if pa.types.is_large_string(array.type) else np.int32
    _, offsets, data = array.buffers()
    offsets = np.frombuffer(offsets, dtype=offset_type)[array.offset:array.offset + len(array) + 1] \
        if offsets is not None else np.zeros(1, dtype=offset_type)
    data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    return offsets[:-1], offsets[1:], data


def _byte_lengths(values) -> np.ndarray:
    starts, ends, _ = _text_buffers(values)
    return ends - starts


def _ascii_fullmatch(values, allowed: np.ndarray, shortest: int, longest: int) -> np.ndarray:
    """Rows whose text is ``shortest``..``longest`` characters, all from the ASCII byte table ``allowed`` (what
    RE2's ``^[...]{shortest,longest}$`` finds, without a regex per row); missing = False."""
    starts, ends, data = _text_buffers(values)
    outside = np.concatenate([[0], np.cumsum(~allowed[data])])
    length = ends - starts
    ok = (outside[ends] == outside[starts]) & (length >= shortest) & (length <= longest)
    return ok & _present(values) if values.null_count else ok


def _may_hold_markup_or_controls(values) -> bool:
    """False when no text in the column can contain '<', '>' or a control character (CONTROLS_PATTERN): none of
    its bytes is below 0x20, '<', '>', 0x7f, or the UTF-8 lead bytes 0xc2 (U+0080-U+00BF, the C1 controls) and
    0xe2 (U+2000-U+2FFF, the bidi controls).  A scan of the bytes instead of a regex per value."""
    starts, ends, data = _text_buffers(values)
    text = data[starts[0]:ends[-1]] if len(starts) else data[:0]
    if not len(text):
        return False
    if text.min() < 0x20:
        return True
    raw = text.tobytes()
    return any(byte in raw for byte in (b"<", b">", b"\x7f", b"\xc2", b"\xe2"))


def _blank(values) -> np.ndarray:
    """Series.str.strip() == "": empty or only whitespace (missing = False).  Text that starts with a visible
    ASCII character is not blank; only the rest is trimmed."""
    starts, ends, data = _text_buffers(values)
    blank = ends == starts
    filled = np.flatnonzero(~blank)
    first = data[starts[filled]]
    unsure = filled[(first < 0x21) | (first > 0x7e)]
    if len(unsure):
        blank[unsure] = _byte_lengths(pc.utf8_trim_whitespace(values.take(pa.array(unsure)))) == 0
    return blank & _present(values) if values.null_count else blank


def _any_of(masks: list[np.ndarray], rows: int) -> np.ndarray:
    return np.logical_or.reduce(masks) if masks else np.zeros(rows, dtype=bool)


def _numbers(values) -> np.ndarray:
    """Numbers as a numpy array, missing = NaN (as pandas holds them)."""
    if values.null_count or not pa.types.is_floating(values.type):
        values = pc.cast(values, pa.float64())
    return values.to_numpy(zero_copy_only=False)


def _dates(values) -> np.ndarray:
    """Dates (date32, or timestamps from a pandas frame) as datetime64[ms], missing = NaT."""
    if pa.types.is_date32(values.type):
        return values.to_numpy(zero_copy_only=False).astype("datetime64[ms]")
    return pc.cast(values, pa.timestamp("ms")).to_numpy(zero_copy_only=False)


def _codes(positions, missing: int) -> np.ndarray:
    """Integer positions (index_in, list_parent_indices) as int64, missing ones as ``missing``."""
    if positions.null_count:
        positions = pc.fill_null(positions, missing)
    return positions.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)


class _Table:
    """A table as the rules see it: ``table[name]`` is a column with any dictionary decoded (the kernels want
    plain values), ``table.codes(name)`` its distinct values and each row's position among them."""

    def __init__(self, arrow: pa.Table):
        self.arrow = arrow
        self.num_rows = arrow.num_rows

    def __getitem__(self, name: str):
        column = self.arrow[name]
        return _decode(column) if pa.types.is_dictionary(column.type) else column

    def codes(self, name: str) -> _Codes:
        return _Codes(self.arrow[name])


class _Codes:
    """A text column as positions into its distinct values, so a rule about a handful of allowed values looks
    at each distinct value once instead of at every row: the Parquet file's own dictionary when the column
    was read as one (CODED_COLUMNS), else one hashing pass, however many rules.  A missing value has a
    position of its own and, as in pandas, is in no list and has no rank."""

    def __init__(self, values: pa.ChunkedArray):
        if pa.types.is_dictionary(values.type) and values.num_chunks == 1:
            encoded = values.chunk(0)
        else:
            if pa.types.is_dictionary(values.type):
                values = _decode(values)
            encoded = pc.dictionary_encode(values.combine_chunks())
        self.dictionary = encoded.dictionary        # may hold a value twice or unused; each row points at one
        self.codes = _codes(encoded.indices, len(self.dictionary))

    @functools.cached_property
    def distinct(self) -> list:
        return self.dictionary.to_pylist()

    def isin(self, allowed) -> np.ndarray:
        """Series.isin(allowed); ``allowed`` a list of values or an Arrow column (e.g. the known ids)."""
        if isinstance(allowed, (pa.Array, pa.ChunkedArray)):
            found = _isin(self.dictionary, allowed)
        else:
            found = np.array([value in allowed for value in self.distinct], dtype=bool)
        return np.append(found, False)[self.codes]

    def each(self, check) -> np.ndarray:
        """A vectorised check (Arrow column -> numpy mask) run on the distinct values, for every row; False where
        the row is missing."""
        return np.append(check(pa.chunked_array([self.dictionary])), False)[self.codes]

    def values(self, function=None) -> np.ndarray:
        """The value of each row as an object array, or ``function`` of it (Series.map(function), the function
        called once per distinct value); None where the row is missing."""
        values = self.distinct if function is None else [None if v is None else function(v) for v in self.distinct]
        return np.array(values + [None], dtype=object)[self.codes]

    def map(self, rank: dict[str, int]) -> np.ndarray:
        """Series.map(rank): NaN for a value without a rank."""
        return np.array([rank.get(value, np.nan) for value in self.distinct] + [np.nan], dtype=float)[self.codes]


def _inside(lat: np.ndarray, lon: np.ndarray, country: str) -> np.ndarray:
    """geo.inside_country for whole columns (NaN is outside)."""
    box = geo.COUNTRY_BBOX.get(country)
    if box is None:
        return np.zeros(len(lat), dtype=bool)
    return (box[0] <= lat) & (lat <= box[1]) & (box[2] <= lon) & (lon <= box[3])


def _holds_unknown(lists, allowed: tuple[str, ...]) -> np.ndarray:
    """Rows whose list holds an item outside ``allowed`` (a missing item is outside)."""
    items = pc.list_flatten(lists)
    if pa.types.is_null(items.type):
        items = items.cast(pa.string())
    unknown = ~_isin(items, allowed)
    bad = np.zeros(len(lists), dtype=bool)
    if unknown.any():
        bad[_codes(pc.list_parent_indices(lists), 0)[unknown]] = True
    return bad


def _duplicated(table: pa.Table, key: tuple[str, ...]) -> np.ndarray:
    """DataFrame.duplicated(key, keep="first"): rows whose key appeared on an earlier row (missing = equal)."""
    distinct = [pc.unique(table[name]) for name in key]
    if any(len(values) == table.num_rows for values in distinct):
        return np.zeros(table.num_rows, dtype=bool)         # one key column alone tells every row apart
    codes = np.zeros(table.num_rows, dtype=np.int64)
    for name, values in zip(key, distinct):
        codes = codes * (len(values) + 1) + _codes(pc.index_in(table[name], value_set=values), len(values))
    duplicated = np.ones(table.num_rows, dtype=bool)
    duplicated[np.unique(codes, return_index=True)[1]] = False
    return duplicated


MS_PER_DAY = 86_400_000


class _Calendar:
    """Dates (date32, or timestamps from a pandas frame) with their calendar fields, for month arithmetic.
    The fields come from Arrow's kernels: numpy's own month conversions cost about a microsecond per row."""

    def __init__(self, values):
        self.values = values
        self.dates = _dates(values)                  # datetime64[ms], NaT where missing
        self.year, self.month, self.day = (_codes(pc.fill_null(kernel(values), fill), 0)
                                           for kernel, fill in ((pc.year, 1970), (pc.month, 1), (pc.day, 1)))

    def months_on(self, months: int, month_end: bool = False) -> np.ndarray:
        """date + DateOffset(months=...) (the day clipped to the length of the month), and with ``month_end`` on
        to the last day of that month (+ MonthEnd(0)); the time of day is kept, NaT stays NaT."""
        index = (self.year - 1970) * 12 + (self.month - 1) + months     # the target month, from January 1970
        first, following = _month_starts(index), _month_starts(index + 1)
        shifted = following - 1 if month_end else first + np.minimum(self.day - 1, following - first - 1)
        result = shifted * MS_PER_DAY
        if not pa.types.is_date32(self.values.type):
            result += np.mod(self.dates.view(np.int64), MS_PER_DAY)     # the time of day
        result = result.view("datetime64[ms]")
        result[np.isnat(self.dates)] = np.datetime64("NaT")
        return result


def _month_starts(index: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of the first day of each month (counted from January 1970)."""
    if not len(index):
        return index
    low, high = int(index.min()), int(index.max())
    if high - low < 100_000:
        return np.arange(low, high + 1).astype("datetime64[M]").astype("datetime64[D]").view(np.int64)[index - low]
    distinct, position = np.unique(index, return_inverse=True)        # dates thousands of years apart
    return distinct.astype("datetime64[M]").astype("datetime64[D]").view(np.int64)[position]


def _has_controls(text: str) -> bool:
    return any(ch in BIDI_CONTROLS or (unicodedata.category(ch) == "Cc") for ch in text)

