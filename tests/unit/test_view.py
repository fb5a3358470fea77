"""The caches behind a page's first render: content keys of builder arguments, View.build, the once-only spec."""

from __future__ import annotations

import gc

import altair as alt
import pandas as pd

from clusterviz.app import view
from clusterviz.data.snapshot import Snapshot
from clusterviz.text.i18n import Translator


def frame(values=(1, 2, 3)) -> pd.DataFrame:
    return pd.DataFrame({"county_code": ["18", "46", "50"], "clusters": list(values)})


def test_equal_frames_share_a_key_and_any_changed_value_changes_it():
    assert view.content_key(frame()) == view.content_key(frame())
    assert view.content_key(frame()) != view.content_key(frame((1, 2, 4)))
    assert view.content_key(frame()) != view.content_key(frame().rename(columns={"clusters": "valid"}))
    assert view.content_key(frame()) != view.content_key(frame().astype({"clusters": "float64"}))
    assert view.content_key(frame()) != view.content_key(frame().iloc[::-1])  # order counts (index too)


def test_a_frame_is_hashed_once_while_it_lives(monkeypatch):
    shared = frame()
    calls = []
    original = view._hash_frame
    monkeypatch.setattr(view, "_hash_frame", lambda value: calls.append(1) or original(value))
    first = view.content_key(shared)
    for _ in range(5):
        assert view.content_key(shared) == first
    assert len(calls) == 1
    other = frame()  # an equal frame that is another object: hashed, same key
    assert view.content_key(other) == first
    assert len(calls) == 2


def test_a_freed_frame_leaves_no_entry_behind():
    from clusterviz.figures import metrics

    shared = frame((7, 8, 9))
    ident = id(shared)
    view.content_key(shared)

    def entries():
        return [key for key in metrics._PER_FRAME if key[0] == view._frame_key.__qualname__ and key[1] == ident]

    assert entries()
    del shared
    gc.collect()
    assert not entries()


def test_list_valued_cells_are_keyed_by_their_text():
    themes = pd.DataFrame({"themes": [["strategy", "services"], ["finance"]]})
    same = pd.DataFrame({"themes": [["strategy", "services"], ["finance"]]})
    changed = pd.DataFrame({"themes": [["strategy"], ["finance"]]})
    assert view.content_key(themes) == view.content_key(same) != view.content_key(changed)


def test_translators_key_by_language_and_unhashable_objects_are_not_cached():
    assert view.content_key(Translator("nb")) == view.content_key(Translator("nb")) != view.content_key(Translator("en"))
    assert view.content_key(object()) is view._UNKEYED
    assert view.content_key([frame(), object()]) is view._UNKEYED


def _view(snapshot: Snapshot) -> view.View:
    return view.View(
        page="test",
        snapshot=snapshot,
        previous=None,
        catalog=None,
        filters=view.Filters(),
        tr=Translator("en"),
        mode="public",
        present=False,
        states=pd.DataFrame(),
        clusters=pd.DataFrame(),
    )


def bar_chart(data: pd.DataFrame, tr: Translator) -> alt.Chart:
    return alt.Chart(data).mark_bar().encode(x="county_code:N", y="clusters:Q").properties(title=tr("common.col_clusters"))


def test_build_shares_one_chart_between_sessions_while_the_inputs_are_equal(seed_snapshot):
    calls = []

    def builder(data, tr):
        calls.append(1)
        return bar_chart(data, tr)

    shown = _view(seed_snapshot)
    first = shown.build(builder, frame(), Translator("en"))
    assert shown.build(builder, frame(), Translator("en")) is first
    assert shown.build(builder, frame((3, 2, 1)), Translator("en")) is not first
    assert shown.build(builder, frame(), Translator("nb")) is not first
    assert len(calls) == 3
    spec = first.to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["title"] == "Clusters"


def test_a_row_with_mixed_values_is_keyed_by_its_text():
    row = pd.Series({"name": "Nordland", "start_date": pd.Timestamp("2016-08-15"), "members": 7})
    same = pd.Series({"name": "Nordland", "start_date": pd.Timestamp("2016-08-15"), "members": 7})
    later = pd.Series({"name": "Nordland", "start_date": pd.Timestamp("2016-08-16"), "members": 7})
    assert view.content_key(row) == view.content_key(same) != view.content_key(later)


def test_the_view_names_its_unfiltered_clusters(seed_snapshot):
    shown = _view(seed_snapshot)
    filtered = seed_snapshot.clusters[seed_snapshot.clusters["country"] == "NO"]
    shown.clusters = filtered
    assert len(shown.clusters) < len(shown.all_clusters)
    assert shown.all_clusters is seed_snapshot.clusters
