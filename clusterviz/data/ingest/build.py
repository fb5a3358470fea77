"""Ingest one snapshot: read, check, and write it when all is well (read back to be sure); where and how snapshots are written."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow.fs as pafs

from clusterviz.data.ingest.check import checked_frames
from clusterviz.data.ingest.readers import read_source
from clusterviz.data.ingest.results import IngestProblem, IngestResult, Progress
from clusterviz.data.snapshot import join, resolve, write_snapshot
from clusterviz.data.validate import errors as error_problems
from clusterviz.data.validate import read_snapshot


def ingest(
    path: str | os.PathLike,
    as_of: dt.date,
    root: str | os.PathLike,
    *,
    source: str | None = None,
    demo: bool = False,
    check_only: bool = False,
    progress: Progress | None = None,
    replace: bool = False,
    comparison_window: tuple[dt.date, dt.date] | None = None,
    collection: str | None = None,
) -> IngestResult:
    """Read, convert and check a spreadsheet; write it as the snapshot ``as_of`` under ``root`` when all is well.

    Nothing is written when any error is found, or when the snapshot already exists (unless ``replace``: then
    the old one is exchanged for the new one in one step).  Raises IngestError for an input that cannot be
    used at all (not a spreadsheet, too large, missing).
    """
    writer = SnapshotWriter(root, demo, replace, progress, comparison_window, collection)
    target = writer.location(as_of)
    if not check_only and not replace and writer.exists(as_of):
        return IngestResult(
            None,
            [
                IngestProblem(
                    None,
                    None,
                    None,
                    f"snapshot {as_of} already exists at {target}; refusing to overwrite it (choose another --as-of, or add --replace)",
                )
            ],
            [],
            {},
        )
    reading = read_source(path, progress)
    frames, problems = checked_frames(reading, as_of)
    rows = {t: len(st) for t, st in reading.tables.items()}
    result = IngestResult(None, problems, reading.notes, rows)
    if not result.ok or check_only:
        return result
    writer.write(result, as_of, frames, source or source_label(path))
    return result


def source_label(path) -> str:
    """The manifest's source when none is given: the file's name and the day it was ingested."""
    return f"spreadsheet {Path(path).name}, ingested {dt.date.today().isoformat()}"


@dataclass(frozen=True)
class SnapshotWriter:
    """Where and how an ingest writes its snapshots: the data root, demo or not, replace or refuse an existing
    snapshot, the progress line, and the manifest's comparison window and collection."""

    root: str | os.PathLike
    demo: bool = False
    replace: bool = False
    progress: Progress | None = None
    comparison_window: tuple[dt.date, dt.date] | None = None
    collection: str | None = None

    def location(self, as_of: dt.date) -> str:
        return join(self.root, as_of.isoformat())

    def exists(self, as_of: dt.date) -> bool:
        fs, path = resolve(self.location(as_of))
        return fs.get_file_info(path).type != pafs.FileType.NotFound

    def write(self, result: IngestResult, as_of: dt.date, frames, source: str) -> None:
        """Write the snapshot ``as_of`` and read it back; its location (or why not) goes into ``result``."""
        progress = self.progress
        try:
            location = write_snapshot(
                self.root,
                as_of,
                frames,
                source=source,
                demo=self.demo,
                overwrite=self.replace,
                comparison_window=self.comparison_window,
                collection=self.collection,
                progress=progress.writing if progress and progress.enabled else None,
            )
        except FileExistsError as exc:
            result.problems.append(IngestProblem(None, None, None, f"{exc}"))
            return
        snapshot, written = read_snapshot(location)
        if snapshot is None or error_problems(written):  # cannot happen unless the rules and the reader disagree
            result.problems.extend(
                IngestProblem(None, None, None, f"written snapshot does not read back: {p}") for p in error_problems(written)
            )
        result.location = location
