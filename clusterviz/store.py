"""Loading shared by all sessions: one validated copy of each snapshot per process, re-read when its files change.

``scan(root)`` lists the snapshot folders and validates each (cached by the folder's file fingerprint);
``load(location)`` returns the validated Snapshot.  The caches live in plain module-level dicts guarded by
a lock, so the CLI, tests and the Streamlit app share one implementation; Streamlit sessions in one
process therefore share one copy in memory (frames are read-only by convention: never mutate them).
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .snapshot import Snapshot, fingerprint, join, list_snapshot_dirs
from .validate import Problem, errors, read_snapshot

PROJECT_ROOT = Path(__file__).resolve().parents[1]
_LOCK = threading.RLock()
_CACHE: dict[str, tuple[tuple, Snapshot | None, list[Problem]]] = {}
MAX_CACHED = 24


def default_root() -> str:
    return os.environ.get("CLUSTERVIZ_DATA") or str(PROJECT_ROOT / "data" / "snapshots")


@dataclass(frozen=True)
class Entry:
    name: str
    location: str
    as_of: dt.date
    demo: bool = False


@dataclass(frozen=True)
class Refused:
    name: str
    location: str
    problems: tuple[Problem, ...]


@dataclass
class Catalog:
    root: str
    valid: list[Entry] = field(default_factory=list)      # oldest first
    refused: list[Refused] = field(default_factory=list)

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


def _validated(location: str) -> tuple[Snapshot | None, list[Problem]]:
    key = fingerprint(location)
    with _LOCK:
        hit = _CACHE.get(location)
        if hit and hit[0] == key:
            return hit[1], hit[2]
        snapshot, problems = read_snapshot(location)
        # A writer may have replaced the folder while we read it: only cache what matches before and after.
        if fingerprint(location) == key:
            if len(_CACHE) >= MAX_CACHED:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[location] = (key, snapshot, problems)
        return snapshot, problems


def scan(root: str | None = None) -> Catalog:
    """Validate every snapshot folder under root (cached per folder fingerprint)."""
    root = root or default_root()
    catalog = Catalog(root)
    for name in list_snapshot_dirs(root):
        location = join(root, name)
        snapshot, problems = _validated(location)
        if snapshot is not None and not errors(problems):
            catalog.valid.append(Entry(name, location, snapshot.as_of, snapshot.demo))
        else:
            catalog.refused.append(Refused(name, location, tuple(errors(problems) or problems)))
    return catalog


def load(location: str) -> Snapshot:
    """The validated snapshot at location; raises SnapshotInvalid when it does not validate."""
    from .validate import SnapshotInvalid

    snapshot, problems = _validated(location)
    if snapshot is None:
        raise SnapshotInvalid(location, errors(problems) or problems)
    return snapshot


def clear() -> None:
    with _LOCK:
        _CACHE.clear()
