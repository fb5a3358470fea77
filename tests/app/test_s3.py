"""Snapshots on a real S3 API (moto's server on loopback, benchmarks/s3.py), read through pyarrow's S3
filesystem with an endpoint override (clusterviz/data/objectstore.py): listing, reading, refusal of a bad
snapshot, pick-up of a new one within the scan interval, and the store unreachable for a while.
The same across two replicas behind the proxy: tests/unit/test_replicas.py."""

from __future__ import annotations

import shutil
import time

import pytest

from benchmarks.s3 import s3_server
from clusterviz.data import objectstore, store
from tests.conftest import ROOT

DATA = ROOT / "data" / "snapshots"
SCAN = 1.0


@pytest.fixture
def s3(monkeypatch):
    store.clear()
    with s3_server(scan_seconds=SCAN) as server:
        for name, value in server.env.items():
            monkeypatch.setenv(name, value)
        yield server
    store.clear()


def test_the_endpoint_comes_from_the_environment(monkeypatch):
    for name in objectstore.ENDPOINT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert objectstore.resolve("s3://bucket/snapshots") is None  # AWS itself: pyarrow's from_uri
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9000")
    fs, path = objectstore.resolve("s3://bucket/snapshots/")
    assert path == "bucket/snapshots" and type(fs).__name__ == "S3FileSystem"
    monkeypatch.setenv("CLUSTERVIZ_S3_ENDPOINT", "http://127.0.0.1:9001")  # ours wins over the standard one
    assert objectstore.resolve("s3://bucket/x")[0] is not fs
    assert objectstore.resolve("/local/path") is None


def test_snapshots_are_listed_and_read_as_from_a_folder(s3):
    for name in ("2016-11-01", "2017-03-01"):
        s3.upload(DATA / name)
    catalog = store.scan(s3.root)
    assert [e.name for e in catalog.valid] == ["2016-11-01", "2017-03-01"] and catalog.refused == []
    assert catalog.newest.location == f"{s3.root}/2017-03-01"
    remote, local = store.load(catalog.newest.location), store.load(str(DATA / "2017-03-01"))
    for table in ("clusters", "assessments", "collaborations", "collaboration_members", "events"):
        assert remote.tables[table].equals(local.tables[table]), table
    assert store.load(catalog.newest.location) is remote  # one copy per process


def test_a_bad_snapshot_on_s3_is_refused_and_the_newest_valid_one_served(s3, tmp_path):
    s3.upload(DATA / "2017-03-01")
    broken = tmp_path / "2017-06-01"
    shutil.copytree(DATA / "2017-03-01", broken)
    (broken / "assessments.parquet").write_bytes(b"not parquet at all")
    manifest = (broken / "manifest.json").read_text().replace("2017-03-01", "2017-06-01")
    (broken / "manifest.json").write_text(manifest)
    s3.upload(broken)
    catalog = store.scan(s3.root)
    assert [e.name for e in catalog.valid] == ["2017-03-01"]
    assert [r.name for r in catalog.refused] == ["2017-06-01"] and catalog.newest_is_refused
    assert "assessments.parquet" in str(catalog.refused[0].problems[0])


def test_a_new_snapshot_is_picked_up_within_the_scan_interval(s3):
    s3.upload(DATA / "2016-11-01")
    assert store.scan(s3.root, max_age=store.scan_interval(s3.root)).newest.name == "2016-11-01"
    assert store.scan_interval(s3.root) == SCAN and store.scan_interval(str(DATA)) == 0.0
    s3.upload(DATA / "2017-03-01")
    assert store.scan(s3.root, max_age=SCAN).newest.name == "2016-11-01"  # within the interval: as listed
    time.sleep(SCAN + 0.1)
    store.scan(s3.root, max_age=SCAN)  # this caller lists again ...
    assert store.scan(s3.root, max_age=SCAN).newest.name == "2017-03-01"


def test_an_unreachable_store_keeps_the_last_snapshots_and_says_since_when(s3):
    s3.upload(DATA / "2017-03-01")
    catalog = store.scan(s3.root)
    snap = store.load(catalog.newest.location)
    s3.stop()
    start = time.monotonic()
    down = store.scan(s3.root)
    assert time.monotonic() - start < 5, "a refused connection must not hang the page"
    assert down.unreachable and down.unreachable_since and [e.name for e in down.valid] == ["2017-03-01"]
    assert store.load(down.newest.location) is snap
    again = store.scan(s3.root)
    assert again.unreachable_since == down.unreachable_since  # since the first failure
    s3.start()
    up = store.scan(s3.root)
    assert not up.unreachable and up.unreachable_since is None and up.newest.name == "2017-03-01"


def test_an_unreachable_store_with_nothing_read_yet_is_an_error_not_a_traceback(s3, app_test):
    s3.stop()
    at = app_test(lang="en")
    assert not at.exception
    assert any("is not answering" in e.value for e in at.error)


def test_pages_say_the_store_is_unreachable_and_keep_serving(s3, app_test):
    s3.upload(DATA / "2017-03-01")
    at = app_test(lang="en")
    assert not at.exception and not at.warning
    s3.stop()
    time.sleep(SCAN + 0.1)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Snapshot as of 1 March 2017" in c.value for c in at.caption)
    assert any("not answering" in w.value and "1 March 2017" in w.value for w in at.warning)
    s3.start()
    time.sleep(SCAN + 0.1)
    at.run()
    assert not at.exception and not any("not answering" in w.value for w in at.warning)


def test_a_store_back_between_two_requests_of_one_load_still_serves_the_copy_in_memory(s3, monkeypatch):
    """The listing fails (store down) and the next request succeeds (store back): the folder is there, so
    this is not a deletion, and the page must not fail on it (seen on the comparison page, which loads
    every snapshot, when the S3 server came back mid-run)."""
    s3.upload(DATA / "2017-03-01")
    location = store.scan(s3.root).newest.location
    snap = store.load(location)
    s3.stop()
    store._CHECKED.clear()  # the scan interval has passed
    monkeypatch.setattr(store, "exists", lambda location: True)
    assert store.load(location) is snap
