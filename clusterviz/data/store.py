"""Loading shared by all sessions: one validated copy of each snapshot per process, re-read when its files change.

``scan(root)`` lists the snapshot folders and validates each (cached by the folder's file fingerprint);
``load(location)`` returns the validated Snapshot.  The caches live in plain module-level dicts guarded by
a lock, so the CLI, tests and the Streamlit app share one implementation; Streamlit sessions in one
process therefore share one copy in memory (frames are read-only by convention: never mutate them).

Changes on disk while the app runs: a folder replaced during a read is read again (its fingerprint
changed), a folder that disappears is skipped by ``scan`` as not there (not "refused"), and ``load`` of a
folder deleted since the last scan returns the copy already in memory, so a page that is running finishes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.fs as pafs

from clusterviz.data.snapshot import (
    MANIFEST,
    SCHEMA_VERSION,
    SNAPSHOT_NAME,
    Snapshot,
    fingerprint,
    join,
    list_snapshot_dirs,
    resolve,
    write_snapshot,
)
from clusterviz.data.validate import Problem, errors, read_snapshot

PROJECT_ROOT = Path(__file__).resolve().parents[2]
_LOCK = threading.RLock()
_CACHE: dict[str, tuple[tuple, Snapshot | None, list[Problem]]] = {}
GONE = "the snapshot folder is gone"  # or, on an object store, could not be listed just now
READ_ATTEMPTS = 8  # reads of a folder that a writer keeps replacing, before it is reported as it is


def default_root() -> str:
    return os.environ.get("CLUSTERVIZ_DATA") or str(PROJECT_ROOT / "data" / "snapshots")


DEMO = "demo"
PUBLIC = "public"
PUBLIC_ROOT = PROJECT_ROOT / "data" / "public" / "snapshots"
COLLECTION_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


def collections() -> dict[str, str]:
    """The data collections the app offers, name -> snapshot root; the first is the default.

    Collections never share a timeline: each has its own snapshots, so "what changed", the previous
    snapshot and comparisons stay inside one.  ``$CLUSTERVIZ_COLLECTIONS`` (``name=root,name=root``) lists
    them explicitly (roots may be ``s3://`` URIs).  Otherwise the demo collection is ``$CLUSTERVIZ_DATA`` or
    the bundled ``data/snapshots``, and the public collection (``data/public/snapshots``) is offered beside
    it when it is there and ``$CLUSTERVIZ_DATA`` does not point elsewhere.
    """
    spec = os.environ.get("CLUSTERVIZ_COLLECTIONS", "").strip()
    if spec:
        named: dict[str, str] = {}
        for part in spec.split(","):
            name, sep, root = part.strip().partition("=")
            name = name.strip().lower()
            if sep and root.strip() and COLLECTION_NAME.match(name) and name not in named:
                named[name] = root.strip()
        if named:
            return named
    found = {DEMO: default_root()}
    if not os.environ.get("CLUSTERVIZ_DATA") and PUBLIC_ROOT.is_dir():
        found[PUBLIC] = str(PUBLIC_ROOT)
    return found


def collection_root(name: str | None) -> str:
    """The root of the named collection; the default collection's for an unknown or missing name."""
    found = collections()
    return found.get(name or "", next(iter(found.values())))


@dataclass(frozen=True)
class Entry:
    name: str
    location: str
    as_of: dt.date
    demo: bool = False
    warnings: tuple[Problem, ...] = ()  # what a served snapshot breaks of ESCA's rules (validate: severity "warning")


@dataclass(frozen=True)
class Refused:
    name: str
    location: str
    problems: tuple[Problem, ...]


@dataclass
class Catalog:
    root: str
    valid: list[Entry] = field(default_factory=list)  # oldest first
    refused: list[Refused] = field(default_factory=list)
    # When the last listing failed (object store unreachable): what failed and since when (time.time());
    # valid/refused are then those of the last listing that worked, and the pages say so.
    unreachable: str = ""
    unreachable_since: float | None = None

    @property
    def warnings(self) -> dict[str, tuple[Problem, ...]]:
        """The warnings of each valid snapshot that has any, by name (oldest first), for the About page."""
        return {e.name: e.warnings for e in self.valid if e.warnings}

    def get(self, day: dt.date | str | None) -> Entry | None:
        name = day.isoformat() if isinstance(day, dt.date) else day
        return next((e for e in self.valid if e.name == name), None)

    @property
    def newest(self) -> Entry | None:
        return self.valid[-1] if self.valid else None

    @property
    def newest_is_refused(self) -> bool:
        """True when a snapshot newer than the newest valid one was refused (the app says so)."""
        if not self.refused:
            return False
        return self.newest is None or max(r.name for r in self.refused) > self.newest.name


def exists(location: str) -> bool:
    try:
        fs, path = resolve(location)
        return fs.get_file_info(path).type == pafs.FileType.Directory
    except (OSError, ValueError):
        return False


def _validated(location: str) -> tuple[Snapshot | None, list[Problem]]:
    snapshot, problems = None, [Problem(MANIFEST, None, None, GONE)]
    try:
        resolved = resolve(location)  # once: a local path is resolved through the file system
    except (pa.ArrowInvalid, ValueError, OSError):
        resolved = None  # each step below reports it as it did
    for attempt in range(READ_ATTEMPTS):
        with _LOCK:
            key = fingerprint(location, resolved)
            hit = _CACHE.get(location)
            if not key and hit and hit[1] is not None and is_remote(location):
                return hit[1], hit[2]  # the object store did not answer the listing: keep the copy we have
            if not key and not exists(location):
                return None, [Problem(MANIFEST, None, None, GONE)]
            if hit and hit[0] == key:
                _CHECKED[location] = time.monotonic()
                return hit[1], hit[2]
            snapshot, problems = read_snapshot(location, resolved)
            # A writer may have replaced the folder while we read it: only what matches before and after counts.
            if fingerprint(location, resolved) == key:
                if hit:
                    log.info("snapshot %s changed on disk: reloaded (%s)", location, "valid" if snapshot is not None else "now refused")
                _CACHE[location] = (key, snapshot, problems)
                _CHECKED[location] = time.monotonic()
                return snapshot, problems
        time.sleep(0.02 * (attempt + 1))
    return snapshot, problems


_SCANS: dict[str, tuple[float, Catalog]] = {}
_LAST: dict[str, Catalog] = {}  # the last catalog whose listing worked, per root
_SCAN_LOCKS: dict[str, threading.Lock] = {}
_CHECKED: dict[str, float] = {}  # location -> when its fingerprint was last compared (monotonic)
REMOTE_SCAN_SECONDS = 10.0  # an object store answers a listing in tens of ms: list its snapshots this often
log = logging.getLogger(__name__)


def is_remote(root: str) -> bool:
    """True for object-store URIs (s3://, gs://, ...): listing them costs a request per snapshot folder."""
    return "://" in root and not root.startswith("file://")


def scan_interval(root: str) -> float:
    """Seconds a catalog of root is reused: 0 for a local folder (listed on every rerun); for an object
    store ``CLUSTERVIZ_SCAN_SECONDS`` or REMOTE_SCAN_SECONDS.  Every replica lists on its own, so all
    replicas serve a newly published snapshot within this interval of each other."""
    if not is_remote(root):
        return 0.0
    try:
        return max(0.5, float(os.environ.get("CLUSTERVIZ_SCAN_SECONDS", REMOTE_SCAN_SECONDS)))
    except ValueError:
        return REMOTE_SCAN_SECONDS


def scan(root: str | None = None, max_age: float = 0.0) -> Catalog:
    """Validate every snapshot folder under root (cached per folder fingerprint).  With ``max_age`` a catalog
    listed less than that many seconds ago is returned as it is (the app passes ``scan_interval(root)`` for
    an object store, where the listing itself, 1 + one per snapshot requests on every rerun, would
    dominate); when it is older, one caller lists again while the others keep the previous catalog.

    A listing that fails (the object store is unreachable) returns the last catalog that worked, with
    ``unreachable`` set: pages keep serving the snapshots already in memory and say so."""
    root = root or default_root()
    if max_age > 0:
        with _LOCK:
            hit = _SCANS.get(root)
            lock = _SCAN_LOCKS.setdefault(root, threading.Lock())
        if hit and time.monotonic() - hit[0] < max_age:
            return hit[1]
        if hit is not None and not lock.acquire(blocking=False):
            return hit[1]  # another session is listing right now: the previous catalog
        if hit is None:
            lock.acquire()
        try:
            with _LOCK:
                again = _SCANS.get(root)
            if again and again is not hit and time.monotonic() - again[0] < max_age:
                return again[1]
            catalog = scan(root)
            with _LOCK:
                _SCANS[root] = (time.monotonic(), catalog)
            return catalog
        finally:
            lock.release()
    catalog = Catalog(root)
    try:
        names = list_snapshot_dirs(root)
    except OSError as exc:
        with _LOCK:
            last = _LAST.get(root)
        since = (last.unreachable_since if last and last.unreachable_since else None) or time.time()
        if not (last and last.unreachable):
            log.warning("snapshot store %s unreachable, serving the last snapshots listed: %s", root, exc)
        failed = dataclasses.replace(last or catalog, unreachable=str(exc) or type(exc).__name__, unreachable_since=since)
        with _LOCK:
            _LAST[root] = failed
        return failed
    _forget_unlisted(root, {join(root, name) for name in names})
    for name in names:
        location = join(root, name)
        snapshot, problems = _validated(location)
        if snapshot is None and not exists(location):
            continue  # deleted since it was listed: not there, rather than refused
        if snapshot is not None and not errors(problems):
            catalog.valid.append(
                Entry(name, location, snapshot.as_of, snapshot.demo, tuple(p for p in problems if p.severity == "warning"))
            )
        else:
            catalog.refused.append(Refused(name, location, tuple(errors(problems) or problems)))
    with _LOCK:
        last = _LAST.get(root)
        _LAST[root] = catalog
    if last and last.unreachable:
        log.warning("snapshot store %s reachable again", root)
    if last is None or [r.name for r in last.refused] != [r.name for r in catalog.refused]:
        for refused in catalog.refused:
            log.warning("snapshot %s refused: %s", refused.location, "; ".join(map(str, refused.problems[:3])))
    return catalog


def _forget_unlisted(root: str, listed: set[str]) -> None:
    """Drop the cached copies of snapshots under root that the listing no longer shows (deleted or renamed
    away), and only those: every listed snapshot stays in memory, however many there are, so a scan reads
    nothing that has not changed.  (A first-in-first-out cap smaller than the number of folders made every
    scan re-read and re-validate all of them.)"""
    prefix = join(root, "_")[:-1]  # root plus its separator
    with _LOCK:
        for location in [loc for loc in _CACHE if loc.startswith(prefix) and loc not in listed]:
            del _CACHE[location]
            _CHECKED.pop(location, None)


def warnings(location: str) -> tuple[Problem, ...]:
    """The warnings of the snapshot at location (validated and cached as ``load``); () when it has none."""
    _, problems = _validated(location)
    return tuple(p for p in problems if p.severity == "warning")


def load(location: str) -> Snapshot:
    """The validated snapshot at location; raises SnapshotInvalid when it does not validate."""
    from clusterviz.data.validate import SnapshotInvalid

    if is_remote(location):
        with _LOCK:
            hit = _CACHE.get(location)
            checked = _CHECKED.get(location, -1e9)
        if hit and hit[1] is not None and not errors(hit[2]) and time.monotonic() - checked < scan_interval(location):
            return hit[1]  # compared with the store by the last scan: no request per rerun
    snapshot, problems = _validated(location)
    if snapshot is None and [p.message for p in problems] == [GONE]:
        with _LOCK:
            hit = _CACHE.get(location)
        if hit and hit[1] is not None:
            # deleted while a page was using it, or the object store did not answer the listing: finish
            # with the copy in memory (the next scan says which)
            return hit[1]
    if snapshot is None:
        raise SnapshotInvalid(location, errors(problems) or problems)
    return snapshot


class MigrationRefused(ValueError):
    """A snapshot that cannot be migrated (invalid, or not in a YYYY-MM-DD folder); nothing was changed."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


def migrate(location: str) -> tuple[str, int]:
    """Rewrite the snapshot at ``location`` in the current schema, in place and atomically (write_snapshot with
    overwrite: readers see the old or the new folder, never neither).  Values are kept as read (a schema-1
    snapshot's new columns empty, date_precision "day"), and so are the manifest's source, demo flag, created,
    comparison window and collection.  Returns (location, the schema version it had); a snapshot already in
    the current schema is left untouched.  Raises MigrationRefused for an invalid snapshot (nothing changed)."""
    text = str(location).rstrip("/")
    parent, name = text.rsplit("/", 1) if "/" in text else (".", text)
    if not SNAPSHOT_NAME.match(name):
        raise MigrationRefused(f"{location}: not a snapshot folder (its name must be the date, YYYY-MM-DD)")
    snapshot, problems = read_snapshot(text)
    if snapshot is None or errors(problems):
        raise MigrationRefused(
            f"{location}: invalid, so it is not migrated ({len(errors(problems))} error(s); run validate for the report)",
            errors(problems) or problems,
        )
    manifest = snapshot.manifest
    if manifest.schema_version == SCHEMA_VERSION:
        return text, manifest.schema_version
    write_snapshot(
        parent,
        manifest.as_of,
        snapshot.tables,
        source=manifest.source,
        demo=manifest.demo,
        overwrite=True,
        created=manifest.created,
        comparison_window=manifest.comparison_window,
        collection=manifest.collection,
    )
    with _LOCK:
        _CACHE.pop(text, None)
    return text, manifest.schema_version


def clear() -> None:
    with _LOCK:
        _CACHE.clear()
        _SCANS.clear()
        _LAST.clear()
        _CHECKED.clear()
