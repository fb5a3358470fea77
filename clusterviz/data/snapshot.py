"""The snapshot format: one folder per as-of date holding a manifest and Parquet tables.

    data/snapshots/2017-03-01/
        manifest.json            schema_version, as_of, source, demo, created, tables{name: rows, sha256},
                                 optional comparison_window{start, end} and collection
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
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from clusterviz.data import cache, objectstore
from clusterviz.data.cache import Memo
from clusterviz.data.schema import *  # noqa: F403 - the schema (schema.__all__) is part of the format's public face
from clusterviz.data.schema import MANIFEST, SCHEMA_1_ADDED, SCHEMA_VERSION, SNAPSHOT_NAME, TABLES, arrow_schema


@dataclass(frozen=True)
class Manifest:
    schema_version: int
    as_of: dt.date
    source: str
    demo: bool
    created: str = ""
    tables: dict = field(default_factory=dict)
    comparison_window: tuple[dt.date, dt.date] | None = None  # (start, end) of the articles' comparison, if set
    collection: str | None = None  # e.g. "demo", "public"

    def to_json(self) -> str:
        data = {
            "schema_version": self.schema_version,
            "as_of": self.as_of.isoformat(),
            "source": self.source,
            "demo": self.demo,
            "created": self.created,
            "tables": self.tables,
        }
        if self.comparison_window is not None:
            start, end = self.comparison_window
            data["comparison_window"] = {"start": start.isoformat(), "end": end.isoformat()}
        if self.collection is not None:
            data["collection"] = self.collection
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)


@dataclass
class Snapshot:
    """One validated snapshot: its manifest and one pandas frame per table (read-only by convention)."""

    manifest: Manifest
    tables: dict[str, pd.DataFrame]
    location: str = ""
    _cache: Memo = field(default_factory=Memo, repr=False, compare=False)

    def cached(self, fn, *args, **kwargs):
        """``fn(*args, **kwargs)`` kept in this snapshot's cache under a key built from the function and its
        inputs (``data.cache.call``); a replaced snapshot takes its results with it."""
        return cache.call(self._cache, fn, *args, **kwargs)

    def cache_key(self) -> object:
        """What identifies this snapshot as an input of a cached call: where it is and what its tables hold."""
        digests = tuple(
            sorted((name, str(entry.get("sha256", ""))) for name, entry in self.manifest.tables.items() if isinstance(entry, dict))
        )
        if not digests:  # built in memory, never written: nothing says what it holds, so it is not a key
            return cache.UNKEYED
        return ("snapshot", self.location, self.manifest.as_of, digests)

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
    """A frame with the table's columns -> an Arrow table with exactly the documented schema.  A frame without
    the columns schema 2 added (SCHEMA_1_ADDED) gets them as a schema-1 snapshot is read: unknown (null), and
    date_precision "day"."""
    schema = arrow_schema(table)
    missing = {name: value for name, value in SCHEMA_1_ADDED.get(table, {}).items() if name not in frame.columns}
    if missing:
        frame = frame.assign(**{name: pd.Series([value] * len(frame), index=frame.index, dtype=object) for name, value in missing.items()})
    return pa.Table.from_pandas(frame[list(schema.names)], schema=schema, preserve_index=False)


def parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd", write_statistics=True)
    return sink.getvalue()


class SnapshotWriteError(OSError):
    """Writing a snapshot failed (disk full, permissions, ...); nothing visible was changed."""


def write_snapshot(
    root: str | os.PathLike,
    as_of: dt.date,
    frames: dict[str, pd.DataFrame],
    *,
    source: str,
    demo: bool,
    overwrite: bool = False,
    created: str | None = None,
    progress=None,
    comparison_window: tuple[dt.date, dt.date] | None = None,
    collection: str | None = None,
) -> str:
    """Write one snapshot atomically: everything goes to a hidden temp folder beside it, then one rename.

    Refuses to replace an existing snapshot unless ``overwrite``.  Returns the snapshot's location.
    On a local disk a replacement is one atomic exchange of the two folders, so a reader sees the old or the
    new snapshot and never neither.  When the disk is full (or any other OS error), raises SnapshotWriteError
    after removing the temp folder; an existing snapshot is left as it was.
    Validation is the caller's job (see ``clusterviz.data.validate``); this only writes.  Always writes the current
    SCHEMA_VERSION; ``comparison_window`` (start, end) and ``collection`` go into the manifest when given.
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
        _write_into(
            fs,
            temp,
            target,
            as_of,
            frames,
            source=source,
            demo=demo,
            exists=exists,
            created=created,
            progress=progress,
            comparison_window=comparison_window,
            collection=collection,
        )
    except BaseException as exc:
        try:
            fs.delete_dir(temp)
        except (FileNotFoundError, OSError):
            pass
        if isinstance(exc, OSError) and not isinstance(exc, (SnapshotWriteError, FileExistsError)):
            reason = exc.strerror or str(exc)
            raise SnapshotWriteError(
                exc.errno or errno.EIO,
                f"could not write snapshot {name} to {root}: {reason}; "
                "nothing was changed" + (" (the existing snapshot is kept)" if exists else ""),
            ) from exc
        raise
    return join(root, name)


def _write_into(
    fs, temp: str, target: str, as_of: dt.date, frames, *, source, demo, exists, created, progress, comparison_window=None, collection=None
):
    """Fill the temp folder, flush it, and move it into place."""
    tables_meta = {}
    for i, table_name in enumerate(TABLES):
        data = parquet_bytes(frame_to_table(table_name, frames[table_name]))
        with fs.open_output_stream(f"{temp}/{table_name}.parquet") as out:
            out.write(data)
        tables_meta[table_name] = {"rows": int(len(frames[table_name])), "sha256": sha256(data)}
        if progress:
            progress(i + 1, len(TABLES) + 1)
    manifest = Manifest(
        SCHEMA_VERSION,
        as_of,
        source,
        demo,
        created if created is not None else dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        tables_meta,
        comparison_window=comparison_window,
        collection=collection,
    )
    with fs.open_output_stream(f"{temp}/{MANIFEST}") as out:
        out.write(manifest.to_json().encode("utf-8"))
    _fsync_tree(fs, temp)
    if not exists:
        fs.move(temp, target)
    elif isinstance(fs, pafs.LocalFileSystem) and _exchange(temp, target):
        _remove_tree(fs, temp)  # temp now holds the old snapshot
    else:
        base, name = target.rsplit("/", 1)
        old = f"{base}/.old-{name}-{uuid.uuid4().hex[:8]}"
        fs.move(target, old)
        try:
            fs.move(temp, target)
        except BaseException:
            fs.move(old, target)  # put the old snapshot back before reporting
            raise
        try:
            fs.delete_dir(old)
        except OSError:
            pass  # the new snapshot is in place; remove_stale_temp tidies up
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
            name = e.base_name[len(".old-") :].rsplit("-", 1)[0]
            if SNAPSHOT_NAME.match(name) and fs.get_file_info(f"{base}/{name}").type == pafs.FileType.NotFound:
                fs.move(e.path, f"{base}/{name}")
                removed.append(e.base_name)
                continue
        _remove_tree(fs, e.path)
        removed.append(e.base_name)
    return removed
