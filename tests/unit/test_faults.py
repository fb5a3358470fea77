"""Faults around snapshots on disk: concurrent writes, a killed writer, a deleted snapshot, a full disk,
missing border files.  Readers must only ever see complete snapshots, and nothing valid may be lost."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pyarrow.fs as pafs
import pytest

from clusterviz.data import borders, snapshot, store, validate
from tests.support.corpus import disk_state
from tests.support.payload import rerun

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "snapshots"
SEED_DATE = dt.date(2017, 3, 1)


def variant(seed, i: int) -> dict:
    """Version i of the seed snapshot: the source says which, and events keeps 7 - i % 3 rows, so a reader
    can tell a complete snapshot (they agree) from a mix of two writes (they may not)."""
    frames = dict(seed.tables)
    frames["events"] = seed.events.iloc[: len(seed.events) - i % 3]
    return frames


def consistent(loaded, seed) -> bool:
    i = int(loaded.manifest.source.removeprefix("v"))
    return (
        len(loaded.events) == len(seed.events) - i % 3
        and len(loaded.clusters) == len(seed.clusters)
        and len(loaded.assessments) == len(seed.assessments)
    )


# --------------------------------------------------------------------------- writing while reading


def test_readers_only_ever_see_complete_snapshots_while_a_writer_replaces_them(tmp_path, seed_snapshot):
    root = str(tmp_path / "snapshots")
    snapshot.write_snapshot(root, SEED_DATE, variant(seed_snapshot, 0), source="v0", demo=True)
    done = threading.Event()
    failures: list[str] = []
    seen: set[str] = set()
    reads = [0]
    last = [0]

    def writer():
        # At least 30 replacements, and on until the readers have seen several versions (bounded in time):
        # on a busy machine the writer can otherwise finish before the readers have read anything.
        deadline = time.monotonic() + 90
        try:
            i = 0
            while i < 30 or ((reads[0] < 10 or len(seen) < 3) and time.monotonic() < deadline):
                i += 1
                snapshot.write_snapshot(root, SEED_DATE, variant(seed_snapshot, i), source=f"v{i}", demo=True, overwrite=True)
                last[0] = i
                if i % 10 == 0 and i <= 30:  # now and then a new date appears beside it
                    snapshot.write_snapshot(root, SEED_DATE + dt.timedelta(days=i), variant(seed_snapshot, i), source=f"v{i}", demo=True)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            failures.append(f"writer: {exc!r}")
        finally:
            done.set()

    def reader():
        while not done.is_set():
            try:
                catalog = store.scan(root)
                names = [e.name for e in catalog.valid]
                if SEED_DATE.isoformat() not in names:
                    failures.append(f"the snapshot being replaced was not visible: {names}")
                if catalog.refused:
                    failures.append(f"refused while being written: {[str(r.problems[0]) for r in catalog.refused]}")
                for entry in catalog.valid:
                    loaded = store.load(entry.location)
                    if not consistent(loaded, seed_snapshot):
                        failures.append(f"a mixed snapshot: {loaded.manifest.source}, {len(loaded.events)} events")
                    seen.add(loaded.manifest.source)
                    reads[0] += 1
            except Exception as exc:  # noqa: BLE001 - any exception is a failure here
                failures.append(f"reader: {exc!r}")

    threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not failures, failures[:5]
    assert reads[0] >= 5 and len(seen) >= 3, ("the readers saw several versions while they were written", reads[0], seen)
    final = store.scan(root)
    assert [e.name for e in final.valid] == ["2017-03-01", "2017-03-11", "2017-03-21", "2017-03-31"]
    assert store.load(final.valid[0].location).manifest.source == f"v{last[0]}"
    assert sorted(os.listdir(root)) == [e.name for e in final.valid], "no temp folder left behind"


# --------------------------------------------------------------------------- a writer killed mid-write

KILLED_WRITER = textwrap.dedent("""
    import datetime as dt, sys, time
    from clusterviz.data import snapshot, store
    seed = store.load(sys.argv[1])
    def progress(done, total):
        if done == 3:
            print("half-written", flush=True)
            time.sleep(120)
    snapshot.write_snapshot(sys.argv[2], dt.date.fromisoformat(sys.argv[3]), seed.tables, source="killed",
                            demo=True, overwrite=True, progress=progress)
""")


@pytest.mark.parametrize("day", ["2017-06-01", "2017-03-01"], ids=["new-snapshot", "replacing-a-snapshot"])
def test_a_writer_killed_mid_write_leaves_no_partial_snapshot(tmp_path, day):
    root = tmp_path / "snapshots"
    shutil.copytree(DATA / "2017-03-01", root / "2017-03-01")
    before = disk_state(root / "2017-03-01")
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(DATA / "2017-03-01"), str(root), day],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stdout.readline().strip() == "half-written", process.stderr.read()
            os.kill(process.pid, signal.SIGKILL)
            assert process.wait(timeout=30) == -signal.SIGKILL
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    leftovers = sorted(os.listdir(root))
    assert leftovers[0].startswith(f".tmp-{day}-") and leftovers[1:] == ["2017-03-01"]
    assert len(os.listdir(root / leftovers[0])) == 3, "three tables were written before the kill"

    catalog = store.scan(str(root))
    assert [e.name for e in catalog.valid] == ["2017-03-01"] and catalog.refused == []
    assert store.load(catalog.valid[0].location).manifest.source != "killed"
    assert disk_state(root / "2017-03-01") == before, "the existing snapshot is untouched"

    assert snapshot.remove_stale_temp(str(root)) == [], "a fresh temp folder may belong to a live writer"
    assert snapshot.remove_stale_temp(str(root), older_than=0) == [leftovers[0]]
    assert sorted(os.listdir(root)) == ["2017-03-01"]


def test_a_snapshot_caught_mid_swap_is_restored_not_deleted(tmp_path):
    """Killed between the two renames of a non-atomic replace: the old copy is the only one and comes back."""
    root = tmp_path / "snapshots"
    shutil.copytree(DATA / "2017-03-01", root / ".old-2017-03-01-dead0001")
    shutil.copytree(DATA / "2017-03-01", root / ".tmp-2017-03-01-beef0002")
    before = disk_state(root / ".old-2017-03-01-dead0001")
    assert store.scan(str(root)).valid == []
    restored = snapshot.remove_stale_temp(str(root), older_than=0)
    assert sorted(restored) == [".old-2017-03-01-dead0001", ".tmp-2017-03-01-beef0002"]
    assert sorted(os.listdir(root)) == ["2017-03-01"]
    assert disk_state(root / "2017-03-01") == before
    assert [e.name for e in store.scan(str(root)).valid] == ["2017-03-01"]


# --------------------------------------------------------------------------- deleted while the app runs


def test_store_handles_a_snapshot_deleted_between_scan_and_load(tmp_path):
    root = tmp_path / "snapshots"
    for name in ("2016-11-01", "2017-03-01"):
        shutil.copytree(DATA / name, root / name)
    catalog = store.scan(str(root))
    newest = catalog.newest.location
    shutil.rmtree(root / "2017-03-01")
    # a page that already chose it finishes with the copy in memory ...
    assert store.load(newest).as_of == SEED_DATE
    # ... and the next scan no longer lists it (and does not call it refused)
    catalog = store.scan(str(root))
    assert [e.name for e in catalog.valid] == ["2016-11-01"] and catalog.refused == []
    with pytest.raises(validate.SnapshotInvalid, match="gone"):
        store.load(str(root / "2015-03-01"))


def test_app_survives_a_snapshot_deleted_while_it_runs(tmp_path, app_test):
    root = tmp_path / "snapshots"
    for name in ("2016-11-01", "2017-03-01"):
        shutil.copytree(DATA / name, root / name)
    at = app_test(env={"CLUSTERVIZ_DATA": str(root)}, lang="en")
    assert not at.exception
    assert any("Snapshot as of 1 March 2017" in c.value for c in at.caption)

    shutil.rmtree(root / "2017-03-01")
    rerun(at)
    assert not at.exception, [e.value for e in at.exception]
    assert any("Snapshot as of 1 November 2016" in c.value for c in at.caption)
    assert at.sidebar.selectbox(key="f_snapshot").options == ["1 November 2016"]
    assert not at.warning, "a deleted snapshot is not a refused one"

    shutil.rmtree(root / "2016-11-01")
    rerun(at)
    assert not at.exception
    assert any("No valid snapshot found" in e.value for e in at.error)


# --------------------------------------------------------------------------- disk full


class FullDisk:
    """A pyarrow file system whose disk fills up after ``budget`` bytes (ENOSPC on the next write)."""

    def __init__(self, fs: pafs.FileSystem, budget: int, fail_moves_from: str | None = None):
        self._fs, self.budget, self.fail_moves_from = fs, budget, fail_moves_from

    def __getattr__(self, name):
        return getattr(self._fs, name)

    def open_output_stream(self, path, *args, **kwargs):
        return _Stream(self._fs.open_output_stream(path, *args, **kwargs), self)

    def move(self, src, dest):
        if self.fail_moves_from and Path(src).name.startswith(self.fail_moves_from):
            raise OSError(errno.EIO, os.strerror(errno.EIO), src)
        return self._fs.move(src, dest)


class _Stream:
    def __init__(self, inner, disk: FullDisk):
        self.inner, self.disk = inner, disk

    def write(self, data) -> int:
        data = bytes(data)
        if len(data) > self.disk.budget:
            self.inner.write(data[: self.disk.budget])
            self.disk.budget = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.disk.budget -= len(data)
        return self.inner.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.inner.close()


@pytest.fixture
def full_disk(monkeypatch):
    def install(budget: int, fail_moves_from: str | None = None):
        real = snapshot.resolve
        monkeypatch.setattr(
            snapshot, "resolve", lambda root: (lambda fs_base: (FullDisk(fs_base[0], budget, fail_moves_from), fs_base[1]))(real(root))
        )

    return install


@pytest.mark.parametrize("overwrite", [False, True], ids=["new-snapshot", "replacing-a-snapshot"])
def test_disk_full_raises_a_clear_error_and_leaves_nothing_behind(tmp_path, seed_snapshot, full_disk, overwrite):
    root = tmp_path / "snapshots"
    shutil.copytree(DATA / "2017-03-01", root / "2017-03-01")
    before = disk_state(root)
    full_disk(budget=20_000)  # enough for a table or two
    day = SEED_DATE if overwrite else dt.date(2017, 6, 1)
    with pytest.raises(snapshot.SnapshotWriteError) as caught:
        snapshot.write_snapshot(str(root), day, seed_snapshot.tables, source="full", demo=True, overwrite=overwrite)
    assert caught.value.errno == errno.ENOSPC
    message = str(caught.value)
    assert f"could not write snapshot {day}" in message and "No space left on device" in message
    assert "nothing was changed" in message
    assert ("existing snapshot is kept" in message) == overwrite
    assert disk_state(root) == before, "no temp folder left, the old snapshot untouched"
    assert [e.name for e in store.scan(str(root)).valid] == ["2017-03-01"]


def test_a_failed_swap_puts_the_old_snapshot_back(tmp_path, seed_snapshot, full_disk):
    """On a file system without an atomic exchange, a failure between the two renames restores the old one."""
    root = tmp_path / "snapshots"
    shutil.copytree(DATA / "2017-03-01", root / "2017-03-01")
    before = disk_state(root)
    full_disk(budget=10**9, fail_moves_from=".tmp-")
    with pytest.raises(snapshot.SnapshotWriteError, match="existing snapshot is kept"):
        snapshot.write_snapshot(str(root), SEED_DATE, seed_snapshot.tables, source="x", demo=True, overwrite=True)
    assert disk_state(root) == before


def test_cli_reports_a_write_error_in_one_line(tmp_path, full_disk, capsys):
    from clusterviz import cli

    full_disk(budget=5_000)
    assert cli.main(["demo", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert not list((tmp_path / "snapshots").glob(".tmp-*"))


# --------------------------------------------------------------------------- border files missing


def test_app_runs_when_the_border_files_are_missing(tmp_path, monkeypatch, app_test):
    missing = tmp_path / "no-borders"
    with pytest.raises(FileNotFoundError):
        borders.load_polygons(missing)
    assert not borders.installed(missing)
    installed, load_polygons = borders.installed, borders.load_polygons
    monkeypatch.setattr(borders, "installed", lambda dest=missing: installed(missing))
    monkeypatch.setattr(borders, "load_polygons", lambda dest=missing: load_polygons(missing))
    at = app_test(lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric, "the overview shows its figures without borders"
