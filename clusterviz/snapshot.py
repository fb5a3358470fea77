"""The snapshot format: one folder per as-of date holding a manifest and Parquet tables.

    data/snapshots/2017-03-01/
        manifest.json            schema_version, as_of, source, demo, created, tables{name: rows, sha256}
        clusters.parquet         one row per cluster organisation
        assessments.parquet      one row per ESCA assessment (benchmarking, silver, gold)
        collaborations.parquet   regional collaborations (the Nordland pilot, ...)
        collaboration_members.parquet
        events.parquet           workshops, seminars, training gatherings

Every path goes through pyarrow's filesystem layer, so a local folder, ``file://`` and ``s3://`` URIs
share one code path.  Writers build the whole snapshot in a hidden temporary folder and rename it into
place, so readers only ever see complete snapshots.
"""
from __future__ import annotations

import ctypes
import datetime as dt
import errno
import hashlib
import io
import json
import os
import re
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from . import objectstore

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
SNAPSHOT_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")

AREAS = ("structure", "management", "financing", "services", "interaction", "achievements")
AREA_COLUMNS = tuple(f"area_{a}" for a in AREAS)
LIGHTS = ("light_budget", "light_plan", "light_training")
LIGHT_VALUES = ("green", "yellow", "red")
LABEL_LEVELS = ("bronze", "silver", "gold")
LABEL_VALUES = LABEL_LEVELS + ("none",)
ASSESSMENT_TYPES = ("benchmarking", "silver", "gold")
PROGRAMME_LEVELS = {
    "NO": ("arena", "arena_pro", "nce", "gce"),
    "DK": ("dk_national", "dk_other"),
}
EVENT_KINDS = ("workshop", "seminar", "training", "gathering")
EVENT_STATUS = ("held", "planned")
COLLABORATION_KINDS = ("pilot", "cooperation", "programme")
THEMES = (
    "organisation_management", "strategy", "financing", "services", "branding",
    "internationalisation", "business_models", "matchmaking", "change_management", "quality",
)

# Column name -> (arrow type, nullable, meaning). The README's schema table is printed from these.
TABLES: dict[str, dict[str, tuple[pa.DataType, bool, str]]] = {
    "clusters": {
        "cluster_id": (pa.string(), False, "stable id, e.g. NO-017"),
        "name": (pa.string(), False, "cluster organisation name (demo names end in '(demo)')"),
        "country": (pa.string(), False, "NO or DK"),
        "programme_level": (pa.string(), False, "NO: arena, arena_pro, nce, gce; DK: dk_national, dk_other"),
        "sector": (pa.string(), False, "sector / portfolio, e.g. maritime, energy, health"),
        "home_town": (pa.string(), False, "town of the cluster office"),
        "municipality_code": (pa.string(), False, "4-digit municipality code (2024 NO; DK kommunekode)"),
        "county_code": (pa.string(), False, "2024 Norwegian county (03..56) or Danish region (1081..1085)"),
        "lat": (pa.float64(), False, "WGS84 latitude of the office, degrees"),
        "lon": (pa.float64(), False, "WGS84 longitude of the office, degrees"),
        "founded_year": (pa.int32(), False, "year the cluster organisation was founded"),
        "active": (pa.bool_(), False, "false when no longer operative on the as-of date"),
    },
    "assessments": {
        "assessment_id": (pa.string(), False, "stable id"),
        "cluster_id": (pa.string(), False, "-> clusters.cluster_id"),
        "assessment_date": (pa.date32(), False, "date of the interview / on-site assessment"),
        "assessment_type": (pa.string(), False, "benchmarking (Bronze), silver or gold"),
        "label_level": (pa.string(), False, "resulting label: bronze, silver, gold, or none"),
        "valid_until": (pa.date32(), True, "last day of validity: end of the month two years on; null when none"),
        "quality_index": (pa.float64(), False, "cluster management excellence score, percent 0-100 (confidential)"),
        **{c: (pa.float64(), False, f"score of the ESCA area '{a}', 0-100 (confidential)")
           for c, a in zip(AREA_COLUMNS, AREAS)},
        "light_budget": (pa.string(), False, "training budget for the team and board: green/yellow/red"),
        "light_plan": (pa.string(), False, "training plan: green/yellow/red"),
        "light_training": (pa.string(), False, "training delivered: green/yellow/red"),
    },
    "collaborations": {
        "collaboration_id": (pa.string(), False, "stable id"),
        "name": (pa.string(), False, "name of the collaboration"),
        "kind": (pa.string(), False, "pilot, cooperation or programme"),
        "region": (pa.string(), False, "region in words, e.g. Nordland"),
        "county_codes": (pa.list_(pa.string()), False, "counties/regions it covers"),
        "start_date": (pa.date32(), False, "start"),
        "end_date": (pa.date32(), True, "end; null while running"),
        "description": (pa.string(), False, "one sentence on what it did"),
    },
    "collaboration_members": {
        "collaboration_id": (pa.string(), False, "-> collaborations.collaboration_id"),
        "cluster_id": (pa.string(), False, "-> clusters.cluster_id"),
    },
    "events": {
        "event_id": (pa.string(), False, "stable id"),
        "name": (pa.string(), False, "event name"),
        "kind": (pa.string(), False, "workshop, seminar, training or gathering"),
        "programme": (pa.string(), True, "training programme it belongs to, if any"),
        "collaboration_id": (pa.string(), True, "-> collaborations.collaboration_id, if any"),
        "start_date": (pa.date32(), False, "first day"),
        "days": (pa.int32(), False, "length in days"),
        "place": (pa.string(), False, "town"),
        "country": (pa.string(), False, "ISO country code of the place (NO, DK, RO, BG, ...)"),
        "lat": (pa.float64(), False, "WGS84 latitude"),
        "lon": (pa.float64(), False, "WGS84 longitude"),
        "clusters_n": (pa.int32(), True, "clusters taking part"),
        "participants_n": (pa.int32(), True, "people taking part (about)"),
        "themes": (pa.list_(pa.string()), False, "theme tags (see THEMES)"),
        "status": (pa.string(), False, "held, or planned when after the as-of date"),
    },
}
KEYS = {
    "clusters": ("cluster_id",),
    "assessments": ("assessment_id",),
    "collaborations": ("collaboration_id",),
    "collaboration_members": ("collaboration_id", "cluster_id"),
    "events": ("event_id",),
}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(name, typ, nullable) for name, (typ, nullable, _) in TABLES[table].items()])


@dataclass(frozen=True)
class Manifest:
    schema_version: int
    as_of: dt.date
    source: str
    demo: bool
    created: str = ""
    tables: dict = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({
            "schema_version": self.schema_version, "as_of": self.as_of.isoformat(), "source": self.source,
            "demo": self.demo, "created": self.created, "tables": self.tables,
        }, indent=2, ensure_ascii=False, sort_keys=True)


@dataclass
class Snapshot:
    """One validated snapshot: its manifest and one pandas frame per table (read-only by convention)."""

    manifest: Manifest
    tables: dict[str, pd.DataFrame]
    location: str = ""
    _memo: dict = field(default_factory=dict, repr=False, compare=False)
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _computing: dict = field(default_factory=dict, repr=False, compare=False)   # key -> its lock, while computed

    def memo(self, key, compute, limit: int = 256):
        """Derived results (label states, funnels per filter...) computed once per process and shared by
        every session that reads this snapshot.  Callers must not mutate what they get back.

        Per-key lock: sessions asking for the same missing key at once wait for one computation (a room of
        sixty opening a page nobody has opened yet computes its figures once, not sixty times); different
        keys compute in parallel.  A computation that raises leaves nothing behind: the next caller tries."""
        try:
            return self._memo[key]
        except KeyError:
            pass
        with self._memo_lock:
            lock = self._computing.setdefault(key, threading.Lock())
        with lock:
            try:
                return self._memo[key]          # computed by the caller we waited for
            except KeyError:
                pass
            try:
                value = compute()
                with self._memo_lock:
                    if len(self._memo) >= limit:
                        self._memo.pop(next(iter(self._memo)), None)
                    self._memo[key] = value
            finally:
                with self._memo_lock:
                    self._computing.pop(key, None)
            return value

    @property
    def as_of(self) -> dt.date:
        return self.manifest.as_of

    @property
    def demo(self) -> bool:
        return self.manifest.demo

    @property
    def clusters(self) -> pd.DataFrame:
        return self.tables["clusters"]

    @property
    def assessments(self) -> pd.DataFrame:
        return self.tables["assessments"]

    @property
    def collaborations(self) -> pd.DataFrame:
        return self.tables["collaborations"]

    @property
    def collaboration_members(self) -> pd.DataFrame:
        return self.tables["collaboration_members"]

    @property
    def events(self) -> pd.DataFrame:
        return self.tables["events"]


# --------------------------------------------------------------------------- file systems

def resolve(uri: str | os.PathLike) -> tuple[pafs.FileSystem, str]:
    """A local path, file:// or s3:// URI -> (pyarrow filesystem, path inside it)."""
    text = os.fspath(uri)
    if "://" in text:
        return objectstore.resolve(text) or pafs.FileSystem.from_uri(text)
    return pafs.LocalFileSystem(), str(Path(text).resolve())


def list_snapshot_dirs(root: str | os.PathLike) -> list[str]:
    """Names of the snapshot folders (YYYY-MM-DD) under root, oldest first. Hidden/temporary ones are skipped."""
    fs, base = resolve(root)
    info = fs.get_file_info(base)
    if info.type != pafs.FileType.Directory:
        return []
    entries = fs.get_file_info(pafs.FileSelector(base, recursive=False))
    names = [e.base_name for e in entries if e.type == pafs.FileType.Directory and SNAPSHOT_NAME.match(e.base_name)]
    return sorted(names)


def join(root: str | os.PathLike, *parts: str) -> str:
    text = os.fspath(root)
    if "://" in text:
        return "/".join([text.rstrip("/"), *parts])
    return str(Path(text, *parts))


def fingerprint(folder: str | os.PathLike, resolved: tuple[pafs.FileSystem, str] | None = None) -> tuple:
    """(name, size, mtime) of every file in a snapshot folder: changes when any file is rewritten.
    ``resolved``: the folder's (filesystem, path) from ``resolve`` when the caller has it already."""
    fs, base = resolved or resolve(folder)
    try:
        entries = fs.get_file_info(pafs.FileSelector(base, recursive=False))
    except (FileNotFoundError, OSError):
        return ()
    return tuple(sorted((e.base_name, e.size, e.mtime_ns) for e in entries if e.type == pafs.FileType.File))


def read_bytes(fs: pafs.FileSystem, path: str, limit: int | None = None) -> bytes:
    with fs.open_input_stream(path) as stream:
        return stream.read(limit) if limit is not None else stream.read()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- writing

def frame_to_table(table: str, frame: pd.DataFrame) -> pa.Table:
    """A frame with the table's columns -> an Arrow table with exactly the documented schema."""
    schema = arrow_schema(table)
    return pa.Table.from_pandas(frame[list(schema.names)], schema=schema, preserve_index=False)


def parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd", write_statistics=True)
    return sink.getvalue()


class SnapshotWriteError(OSError):
    """Writing a snapshot failed (disk full, permissions, ...); nothing visible was changed."""


def write_snapshot(root: str | os.PathLike, as_of: dt.date, frames: dict[str, pd.DataFrame], *,
                   source: str, demo: bool, overwrite: bool = False, created: str | None = None,
                   progress=None) -> str:
    """Write one snapshot atomically: everything goes to a hidden temp folder beside it, then one rename.

    Refuses to replace an existing snapshot unless ``overwrite``.  Returns the snapshot's location.
    On a local disk a replacement is one atomic exchange of the two folders, so a reader sees the old or the
    new snapshot and never neither.  When the disk is full (or any other OS error), raises SnapshotWriteError
    after removing the temp folder; an existing snapshot is left as it was.
    Validation is the caller's job (see ``clusterviz.validate``); this only writes.
    """
    fs, base = resolve(root)
    name = as_of.isoformat()
    target = f"{base}/{name}"
    exists = fs.get_file_info(target).type != pafs.FileType.NotFound
    if exists and not overwrite:
        raise FileExistsError(f"snapshot {name} already exists in {root}; refusing to overwrite it")
    temp = f"{base}/.tmp-{name}-{uuid.uuid4().hex[:8]}"
    try:
        fs.create_dir(base, recursive=True)
        fs.create_dir(temp, recursive=True)
        _write_into(fs, temp, target, as_of, frames, source=source, demo=demo, exists=exists, created=created,
                    progress=progress)
    except BaseException as exc:
        try:
            fs.delete_dir(temp)
        except (FileNotFoundError, OSError):
            pass
        if isinstance(exc, OSError) and not isinstance(exc, (SnapshotWriteError, FileExistsError)):
            reason = exc.strerror or str(exc)
            raise SnapshotWriteError(exc.errno or errno.EIO, f"could not write snapshot {name} to {root}: {reason}; "
                                     "nothing was changed" + (" (the existing snapshot is kept)" if exists else "")
                                     ) from exc
        raise
    return join(root, name)


def _write_into(fs, temp: str, target: str, as_of: dt.date, frames, *, source, demo, exists, created, progress):
    """Fill the temp folder, flush it, and move it into place."""
    tables_meta = {}
    for i, table_name in enumerate(TABLES):
        data = parquet_bytes(frame_to_table(table_name, frames[table_name]))
        with fs.open_output_stream(f"{temp}/{table_name}.parquet") as out:
            out.write(data)
        tables_meta[table_name] = {"rows": int(len(frames[table_name])), "sha256": sha256(data)}
        if progress:
            progress(i + 1, len(TABLES) + 1)
    manifest = Manifest(SCHEMA_VERSION, as_of, source, demo,
                        created if created is not None else dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        tables_meta)
    with fs.open_output_stream(f"{temp}/{MANIFEST}") as out:
        out.write(manifest.to_json().encode("utf-8"))
    _fsync_tree(fs, temp)
    if not exists:
        fs.move(temp, target)
    elif isinstance(fs, pafs.LocalFileSystem) and _exchange(temp, target):
        _remove_tree(fs, temp)                      # temp now holds the old snapshot
    else:
        base, name = target.rsplit("/", 1)
        old = f"{base}/.old-{name}-{uuid.uuid4().hex[:8]}"
        fs.move(target, old)
        try:
            fs.move(temp, target)
        except BaseException:
            fs.move(old, target)                    # put the old snapshot back before reporting
            raise
        try:
            fs.delete_dir(old)
        except OSError:
            pass                                    # the new snapshot is in place; remove_stale_temp tidies up
    if progress:
        progress(len(TABLES) + 1, len(TABLES) + 1)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: str, b: str) -> bool:
    """Swap two local folders in one atomic step (Linux renameat2); False when not supported here."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), b)


def _remove_tree(fs: pafs.FileSystem, folder: str) -> None:
    if isinstance(fs, pafs.LocalFileSystem):
        shutil.rmtree(folder, ignore_errors=True)
    else:
        fs.delete_dir(folder)


def _fsync_tree(fs: pafs.FileSystem, folder: str) -> None:
    """Flush a local temp folder to disk before the rename makes it visible (no-op for object stores)."""
    if not isinstance(fs, pafs.LocalFileSystem):
        return
    for path in Path(folder).iterdir():
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


STALE_AFTER_SECONDS = 15 * 60


def remove_stale_temp(root: str | os.PathLike, older_than: float = STALE_AFTER_SECONDS) -> list[str]:
    """Tidy up after a writer that was killed mid-write. Returns the names it removed or restored.

    ``.tmp-`` folders (an unfinished write) are deleted once older than ``older_than`` seconds, so a writer
    still at work is left alone.  An ``.old-NAME-`` folder is a replaced snapshot whose writer died during the
    swap: it is moved back to NAME when NAME is missing (it is then the only copy), otherwise deleted.
    """
    fs, base = resolve(root)
    if fs.get_file_info(base).type != pafs.FileType.Directory:
        return []
    removed = []
    now_ns = time.time_ns()
    for e in fs.get_file_info(pafs.FileSelector(base, recursive=False)):
        if e.type != pafs.FileType.Directory or not (e.base_name.startswith(".tmp-") or e.base_name.startswith(".old-")):
            continue
        if e.mtime_ns is not None and now_ns - e.mtime_ns < older_than * 1e9:
            continue
        if e.base_name.startswith(".old-"):
            name = e.base_name[len(".old-"):].rsplit("-", 1)[0]
            if SNAPSHOT_NAME.match(name) and fs.get_file_info(f"{base}/{name}").type == pafs.FileType.NotFound:
                fs.move(e.path, f"{base}/{name}")
                removed.append(e.base_name)
                continue
        _remove_tree(fs, e.path)
        removed.append(e.base_name)
    return removed
