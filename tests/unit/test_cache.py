"""data/cache.py, the one cache: a per-key lock, keys built from the inputs, results kept per frame object."""

from __future__ import annotations

import dataclasses
import gc
import threading
import time

import pandas as pd
import pytest

from clusterviz.data import cache, snapshot
from clusterviz.text.i18n import Translator


def frame(values=(1, 2, 3)) -> pd.DataFrame:
    return pd.DataFrame({"county_code": ["18", "46", "50"], "clusters": list(values)})


def ask_at_once(n: int, ask) -> list:
    start, results = threading.Barrier(n), [None] * n

    def run(i):
        start.wait()
        results[i] = ask()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def slow_object(calls: list):
    def compute():
        calls.append(1)
        time.sleep(0.2)  # long enough that every thread arrives while the first computes
        return object()

    return compute


def test_twenty_threads_asking_for_one_missing_key_compute_it_once():
    memo, calls = cache.Memo(), []
    results = ask_at_once(20, lambda: memo.get(("figure", "NO"), slow_object(calls)))
    assert len(calls) == 1
    assert all(r is results[0] for r in results)


def test_different_keys_compute_in_parallel_and_a_failure_leaves_nothing_behind():
    memo = cache.Memo()
    started = time.perf_counter()
    ask_at_once(4, lambda: memo.get(threading.get_ident(), lambda: time.sleep(0.3)))
    assert time.perf_counter() - started < 1.1  # four keys at once, not one after another (4 x 0.3 s)
    with pytest.raises(ZeroDivisionError):
        memo.get("broken", lambda: 1 / 0)
    assert memo.get("broken", lambda: 42) == 42 and memo.computing == 0


def test_a_full_memo_drops_its_oldest_result():
    memo = cache.Memo(limit=2)
    for key in "abc":
        memo.get(key, lambda key=key: key.upper())
    assert memo.keys() == ["b", "c"] and "a" not in memo


VALID_IN_CALLS: list[int] = []


def valid_in(clusters: pd.DataFrame, country: str):
    return slow_object(VALID_IN_CALLS)()


def test_a_snapshot_computes_a_call_once_for_twenty_sessions(seed_snapshot):
    snap = snapshot.Snapshot(seed_snapshot.manifest, seed_snapshot.tables, seed_snapshot.location)
    calls = VALID_IN_CALLS
    calls.clear()

    results = ask_at_once(20, lambda: snap.cached(valid_in, snap.clusters, "NO"))
    assert len(calls) == 1 and all(r is results[0] for r in results)
    assert snap.cached(valid_in, snap.clusters, "DK") is not results[0] and len(calls) == 2


def test_equal_frames_share_a_key_and_any_changed_value_changes_it():
    assert cache.key_of(frame()) == cache.key_of(frame())
    assert cache.key_of(frame()) != cache.key_of(frame((1, 2, 4)))
    assert cache.key_of(frame()) != cache.key_of(frame().rename(columns={"clusters": "valid"}))
    assert cache.key_of(frame()) != cache.key_of(frame().astype({"clusters": "float64"}))
    assert cache.key_of(frame()) != cache.key_of(frame().iloc[::-1])  # order counts (index too)


def test_a_frame_is_hashed_once_while_it_lives(monkeypatch):
    shared = frame()
    calls = []
    original = cache._hash_frame
    monkeypatch.setattr(cache, "_hash_frame", lambda value: calls.append(1) or original(value))
    first = cache.key_of(shared)
    for _ in range(5):
        assert cache.key_of(shared) == first
    assert len(calls) == 1
    other = frame()  # an equal frame that is another object: hashed, same key
    assert cache.key_of(other) == first
    assert len(calls) == 2


def test_a_freed_frame_leaves_no_entry_behind():
    shared = frame((7, 8, 9))
    ident = id(shared)
    cache.key_of(shared)

    def entries():
        return [key for key in cache._PER_FRAME.keys() if key[0] == cache._frame_key.__qualname__ and key[1] == ident]

    assert entries()
    del shared
    gc.collect()
    assert not entries()


def test_list_valued_cells_and_mixed_rows_are_keyed_by_their_text():
    themes = pd.DataFrame({"themes": [["strategy", "services"], ["finance"]]})
    same = pd.DataFrame({"themes": [["strategy", "services"], ["finance"]]})
    changed = pd.DataFrame({"themes": [["strategy"], ["finance"]]})
    assert cache.key_of(themes) == cache.key_of(same) != cache.key_of(changed)
    row = pd.Series({"name": "Nordland", "start_date": pd.Timestamp("2016-08-15"), "members": 7})
    later = row.copy()
    later["start_date"] = pd.Timestamp("2016-08-16")
    assert cache.key_of(row) == cache.key_of(row.copy()) != cache.key_of(later)


def test_translators_key_by_language_and_objects_without_a_key_are_not_cached():
    assert cache.key_of(Translator("nb")) == cache.key_of(Translator("nb")) != cache.key_of(Translator("en"))
    assert cache.key_of(object()) is cache.UNKEYED
    assert cache.key_of([frame(), object()]) is cache.UNKEYED
    assert cache.call_key(len, (object(),)) is cache.UNKEYED
    assert cache.call_key(len, (), {"value": object()}) is cache.UNKEYED
    memo, calls = cache.Memo(), []
    cache.call(memo, lambda thing: calls.append(thing), object())
    cache.call(memo, lambda thing: calls.append(thing), object())
    assert len(calls) == 2 and len(memo) == 0


def test_a_snapshot_is_keyed_by_its_tables_and_an_unwritten_one_is_not_a_key(seed_snapshot):
    key = cache.key_of(seed_snapshot)
    assert key == cache.key_of(snapshot.Snapshot(seed_snapshot.manifest, seed_snapshot.tables, seed_snapshot.location))
    tables = {**seed_snapshot.manifest.tables, "clusters": {**seed_snapshot.manifest.tables["clusters"], "sha256": "0" * 64}}
    replaced = snapshot.Snapshot(dataclasses.replace(seed_snapshot.manifest, tables=tables), seed_snapshot.tables, seed_snapshot.location)
    assert cache.key_of(replaced) != key  # rewritten in place: another snapshot
    unwritten = snapshot.Snapshot(dataclasses.replace(seed_snapshot.manifest, tables={}), seed_snapshot.tables)
    assert cache.key_of(unwritten) is cache.UNKEYED


def add(a, b=0):
    return a + b


class Pick:
    def __init__(self, column: str):
        self.column = column

    def cache_key(self):
        return ("pick", self.column)

    def values(self, table: pd.DataFrame) -> list:
        return table[self.column].tolist()


def test_keyword_and_positional_inputs_are_both_part_of_the_key():
    memo = cache.Memo()

    assert cache.call(memo, add, 1, b=2) == 3
    assert cache.call(memo, add, 1, b=3) == 4
    assert cache.call(memo, add, 1) == 1
    assert len(memo) == 3


def test_a_bound_method_is_keyed_by_what_it_is_bound_to_and_lambdas_by_nothing():
    memo = cache.Memo()
    assert cache.call(memo, Pick("clusters").values, frame()) == [1, 2, 3]
    assert cache.call(memo, Pick("county_code").values, frame()) == ["18", "46", "50"]  # not the first one's result
    assert cache.call(memo, Pick("clusters").values, frame()) == [1, 2, 3] and len(memo) == 2
    assert cache.function_key(lambda: 1) is cache.UNKEYED
    assert cache.function_key(add) == (__name__, "add")
