"""Pre-warm (clusterviz/app/prewarm.py): each page's default view computed once when a snapshot is loaded or
replaced.  The watcher's decisions here; the visits against a real server in tests/unit/test_replicas.py."""

from __future__ import annotations

import shutil

from clusterviz.app import prewarm
from clusterviz.data import snapshot, store
from tests.conftest import ROOT

DATA = ROOT / "data" / "snapshots"


def test_the_watcher_prewarms_a_new_or_replaced_newest_snapshot_once(tmp_path, monkeypatch, seed_snapshot):
    calls = []
    monkeypatch.setattr(prewarm, "prewarm", lambda base: calls.append(base) or [("", "", 0.1, "")])
    root = tmp_path / "snapshots"
    shutil.copytree(DATA / "2016-11-01", root / "2016-11-01")
    store.clear()
    warmed = prewarm.watch_once("http://x", str(root), None)
    assert calls == ["http://x"] and warmed[0].endswith("2016-11-01")
    assert prewarm.watch_once("http://x", str(root), warmed) == warmed and len(calls) == 1  # nothing new
    shutil.copytree(DATA / "2017-03-01", root / "2017-03-01")  # published
    warmed = prewarm.watch_once("http://x", str(root), warmed)
    assert len(calls) == 2 and warmed[0].endswith("2017-03-01")
    snapshot.write_snapshot(str(root), seed_snapshot.as_of, seed_snapshot.tables, source="corrected", demo=True, overwrite=True)  # replaced
    assert prewarm.watch_once("http://x", str(root), warmed) != warmed and len(calls) == 3


def test_a_failed_view_is_tried_again_at_the_next_look(tmp_path, monkeypatch):
    results = [[("map", "", None, "ConnectionRefusedError")], [("map", "", 0.2, "")]]
    monkeypatch.setattr(prewarm, "prewarm", lambda base: results.pop(0))
    root = tmp_path / "snapshots"
    shutil.copytree(DATA / "2017-03-01", root / "2017-03-01")
    store.clear()
    assert prewarm.watch_once("http://x", str(root), None) is None
    assert prewarm.watch_once("http://x", str(root), None) is not None and results == []


def test_every_page_is_visited_in_both_languages(monkeypatch):
    seen = []
    monkeypatch.setattr(prewarm, "_visit", lambda base, page, query, timeout: seen.append((page, query)) or 0.1)
    visits = prewarm.prewarm("http://x")
    assert {page for page, _ in seen} == set(prewarm.page_paths()) and len(seen) == 2 * len(prewarm.page_paths())
    assert all(error == "" for *_, error in visits)
