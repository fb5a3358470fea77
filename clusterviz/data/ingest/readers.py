"""Reading a source: a CSV file or set, and any input (``read_source``: an Excel workbook, a CSV file, a folder) -> typed tables."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from clusterviz.data.ingest.cells import MAX_BYTES, REQUIRED_TABLES
from clusterviz.data.ingest.excel import read_workbook
from clusterviz.data.ingest.results import IngestError, IngestProblem, Progress, Reading, SheetTable
from clusterviz.data.ingest.rows import empty_table, read_rows
from clusterviz.data.snapshot import TABLES

# --------------------------------------------------------------------------- CSV

CSV_SUFFIXES = (".csv", ".txt", ".tsv")


def _csv_table(stem: str) -> tuple[str, str] | None:
    """A CSV file's stem -> (its prefix, the table it holds): ``2017_clusters`` -> ("2017_", "clusters")."""
    lowered = stem.lower()
    for table in sorted(TABLES, key=len, reverse=True):  # collaboration_members before ... members
        for spelling in (table, table.replace("_", " "), table.replace("_", "-")):
            if lowered.endswith(spelling):
                return stem[: len(stem) - len(spelling)], table
    return None


def _csv_set(path: Path) -> tuple[dict[str, Path], str]:
    """The CSV files of one snapshot: ``<prefix><table>.csv`` beside the given file, or in the given folder
    (where the files may share any prefix: ``council 2017 - clusters.csv``, ...)."""
    if path.is_dir():
        groups: dict[tuple[str, str], dict[str, Path]] = {}
        for candidate in sorted(path.iterdir()):
            if candidate.is_file() and candidate.suffix.lower() in CSV_SUFFIXES:
                found = _csv_table(candidate.stem)
                if found:
                    groups.setdefault((found[0].lower(), candidate.suffix.lower()), {})[found[1]] = candidate
        sets = {key: files for key, files in groups.items() if "clusters" in files} or groups
        if not sets:
            raise IngestError(
                f"{path}: no CSV file named after a table ({', '.join(t + '.csv' for t in TABLES)}, "
                "optionally with a common prefix such as 2017_clusters.csv)"
            )
        if len(sets) > 1:
            shown = ", ".join(
                sorted(files["clusters"].name if "clusters" in files else next(iter(files.values())).name for files in sets.values())
            )
            raise IngestError(f"{path} holds more than one set of CSV files ({shown}); give one file of the set you mean")
        (prefix, suffix), files = next(iter(sets.items()))
        first = next(iter(files.values()))
        found = _csv_table(first.stem)
        assert found is not None  # the set was grouped by it
        prefix = first.stem[: len(first.stem) - len(found[1])]
        return files, f"{prefix}*{suffix}" if prefix else f"*{suffix}"
    found = _csv_table(path.stem)
    if found is None:
        raise IngestError(
            f"{path.name}: a CSV file must be named after its table — "
            f"{', '.join(t + '.csv' for t in TABLES)} — optionally with a common prefix "
            f"(2017_clusters.csv, 2017_assessments.csv, ...)"
        )
    folder, prefix, suffix = path.parent, found[0], path.suffix
    files = {}
    for candidate in sorted(folder.iterdir()):
        other = _csv_table(candidate.stem) if candidate.is_file() else None
        if other and other[0].lower() == prefix.lower() and candidate.suffix.lower() == suffix.lower():
            files.setdefault(other[1], candidate)
    return files, f"{prefix}*{suffix}" if prefix else f"*{suffix}"


def _decode(data: bytes, name: str, notes: list[str]) -> str:
    if b"\x00" in data[:65536]:
        raise IngestError(f"{name} is not a text CSV file (it holds binary data); save the sheet as CSV UTF-8 or give the .xlsx file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        notes.append(f"{name} is not UTF-8; read it as Windows-1252 (Excel's plain 'CSV' format)")
        return data.decode("cp1252", errors="replace")


def read_csv(
    path: str | os.PathLike, table: str, progress: Progress | None = None, notes: list[str] | None = None
) -> tuple[SheetTable | None, list[IngestProblem]]:
    """One table from a CSV file: UTF-8 (with or without BOM) or Windows-1252; ',' ';' or tab separated."""
    path = Path(path)
    text = _decode(path.read_bytes(), path.name, notes if notes is not None else [])
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    total = max(text.count("\n") - 1, 0) or None
    try:
        return read_rows(enumerate(reader, start=1), table, path.name, place="file", excel=False, total=total, progress=progress)
    except csv.Error as exc:
        return None, [IngestProblem(path.name, None, None, f"is not a readable CSV file: {exc}", place="file", table=table)]


def read_csv_set(path: str | os.PathLike, progress: Progress | None = None) -> Reading:
    files, pattern = _csv_set(Path(path))
    reading = Reading()
    size = sum(p.stat().st_size for p in files.values())
    if size > MAX_BYTES:
        raise IngestError(f"the CSV files are {size / 1e6:.0f} MB together; the limit is {MAX_BYTES / 1e6:.0f} MB")
    for table in TABLES:
        if table not in files:
            if table in REQUIRED_TABLES:
                reading.problems.append(
                    IngestProblem(
                        None,
                        None,
                        None,
                        f"no {table} CSV file ({pattern.replace('*', table)}) next to the others; a snapshot needs {table}",
                    )
                )
            else:
                reading.notes.append(f"no {pattern.replace('*', table)}: the snapshot gets an empty {table} table")
                reading.tables[table] = empty_table(table, f"{table}.csv", "file")
            continue
        sheet_table, problems = read_csv(files[table], table, progress, reading.notes)
        reading.problems.extend(problems)
        if sheet_table is not None:
            reading.tables[table] = sheet_table
    return reading


# --------------------------------------------------------------------------- any input


def read_source(path: str | os.PathLike, progress: Progress | None = None) -> Reading:
    """An .xlsx workbook, a CSV file of a set, or a folder of CSV files -> tables + problems.

    Raises IngestError (one readable message) when the input as a whole cannot be used.
    """
    path = Path(path)
    if not path.exists():
        raise IngestError(f"{path}: no such file or folder")
    if path.is_dir():
        return read_csv_set(path, progress)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(
            f"{path.name} is {size / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB "
            "(split it, or write Parquet directly with snapshot.write_snapshot)"
        )
    if size == 0:
        raise IngestError(f"{path.name} is an empty file")
    with open(path, "rb") as stream:
        magic = stream.read(8)
    if magic.startswith(b"PK\x03\x04"):
        return read_workbook(path, progress)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(
            f"{path.name} is an old Excel 97-2003 (.xls) or password-protected workbook; save it as an .xlsx workbook without a password"
        )
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        return read_csv_set(path, progress)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise IngestError(
            f"{path.name} is not a readable Excel workbook (.xlsx): it does not start like one (renamed from another format?)"
        )
    raise IngestError(
        f"{path.name} is not a spreadsheet: give an Excel workbook (.xlsx), a CSV file "
        "or a folder of CSV files (see `python -m clusterviz template`)"
    )
