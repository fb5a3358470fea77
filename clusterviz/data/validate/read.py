"""Reading a snapshot: manifest, table bytes and checksums, Parquet, then the columns (conform.py), the rules (rules.py) and
pandas frames (frames.py) once valid."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from clusterviz.data.snapshot import (
    MANIFEST,
    READABLE_SCHEMA_VERSIONS,
    SNAPSHOT_NAME,
    TABLES,
    Manifest,
    Snapshot,
    add_missing_columns,
    read_bytes,
    resolve,
    sha256,
)
from clusterviz.data.validate.conform import conform_table
from clusterviz.data.validate.frames import to_frame
from clusterviz.data.validate.problems import MAX_FILE_BYTES, MB, Problem, errors
from clusterviz.data.validate.rules import check_rules

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
        problems.append(
            Problem(MANIFEST, None, None, f"the snapshot could not be checked ({type(exc).__name__}: {str(exc)[:200]}); it is refused")
        )
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
        problems.append(
            Problem(
                MANIFEST,
                "schema_version",
                None,
                f"is {version!r}; this version of clusterviz reads schema versions {' and '.join(map(str, READABLE_SCHEMA_VERSIONS))}",
            )
        )
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
                problems.append(
                    Problem(
                        MANIFEST, "tables", None, f"{table} has no sha256 checksum (64 hex digits), so a damaged copy could not be detected"
                    )
                )
            rows = entry.get("rows")
            if not (isinstance(rows, int) and not isinstance(rows, bool) and rows >= 0):
                problems.append(Problem(MANIFEST, "tables", None, f"{table} has no row count"))
    window = _comparison_window(data.get("comparison_window"), problems)
    collection = data.get("collection")
    if collection is not None and not (
        isinstance(collection, str) and collection.strip() and len(collection) <= 40 and collection.isprintable()
    ):
        problems.append(Problem(MANIFEST, "collection", None, "must be a short name such as demo or public"))
    if errors(problems) or as_of is None or not isinstance(version, int):
        return None
    return Manifest(
        version,
        as_of,
        str(data["source"]),
        bool(data["demo"]),
        str(data.get("created", "")),
        tables,
        comparison_window=window,
        collection=collection,
    )


def _comparison_window(value, problems: list[Problem]) -> tuple[dt.date, dt.date] | None:
    """The manifest's optional {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}, start not after end."""
    if value is None:
        return None
    try:
        start, end = dt.date.fromisoformat(value["start"]), dt.date.fromisoformat(value["end"])
    except (TypeError, KeyError, ValueError):
        problems.append(Problem(MANIFEST, "comparison_window", None, 'must be {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}'))
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
        problems.append(
            Problem(file, None, None, "does not match the checksum in manifest.json (incomplete copy or edited after publishing)")
        )
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
    if len(set(names)) < len(names):  # (pq.read_table refused these as unreadable; ParquetFile reads them)
        repeated = min(name for name in names if names.count(name) > 1)
        problems.append(
            Problem(file, None, None, f"is not a readable Parquet file: the column {repeated} appears {names.count(repeated)} times")
        )
        return None
    if isinstance(rows, int) and rows != arrow.num_rows:
        problems.append(Problem(file, None, None, f"has {arrow.num_rows} rows; manifest.json says {rows}"))
        return None
    if manifest.schema_version == 1:
        arrow = add_missing_columns(table, arrow)  # read as schema 2: the new columns unknown, dates days
    try:
        return conform_table(file, table, arrow, problems)
    except (pa.ArrowException, ValueError) as exc:  # e.g. text that is not UTF-8 inside a damaged file
        problems.append(Problem(file, None, None, f"holds damaged data: {str(exc)[:200]}"))
        return None


# Text columns with few distinct values (countries, levels, sectors, towns, the 2,000 cluster ids of 9,000
# assessments): read as the Parquet file's own dictionary, they skip building a string per row, and the rules
# look at each distinct value once instead of at every row (Codes, checked_values); decoded once, for pandas.
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
    except KeyError:  # a coded column is missing or not plain: read as it is, for conform to report
        parquet = pq.ParquetFile(pa.BufferReader(data))
    return parquet.read(use_threads=False)


def _frame(file: str, table: pa.Table, problems: list[Problem]) -> pd.DataFrame | None:
    try:
        return to_frame(table)
    except (pa.ArrowException, ValueError) as exc:
        problems.append(Problem(file, None, None, f"holds damaged data: {str(exc)[:200]}"))
        return None
