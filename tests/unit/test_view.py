"""The View a page gets: View.cached and View.build share results between sessions (the keys are tested in
test_cache.py), and the frames it names."""

from __future__ import annotations

import altair as alt
import pandas as pd

from clusterviz.app import view
from clusterviz.data.snapshot import Snapshot
from clusterviz.text.i18n import Translator


def frame(values=(1, 2, 3)) -> pd.DataFrame:
    return pd.DataFrame({"county_code": ["18", "46", "50"], "clusters": list(values)})


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


BUILT: list[int] = []


def builder(data, tr):
    BUILT.append(1)
    return bar_chart(data, tr)


def test_build_shares_one_chart_between_sessions_while_the_inputs_are_equal(seed_snapshot):
    calls = BUILT
    calls.clear()

    shown = _view(seed_snapshot)
    first = shown.build(builder, frame(), Translator("en"))
    assert shown.build(builder, frame(), Translator("en")) is first
    assert shown.build(builder, frame((3, 2, 1)), Translator("en")) is not first
    assert shown.build(builder, frame(), Translator("nb")) is not first
    assert len(calls) == 3
    spec = first.to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["title"] == "Clusters"


def test_the_view_names_its_unfiltered_clusters(seed_snapshot):
    shown = _view(seed_snapshot)
    filtered = seed_snapshot.clusters[seed_snapshot.clusters["country"] == "NO"]
    shown.clusters = filtered
    assert len(shown.clusters) < len(shown.all_clusters)
    assert shown.all_clusters is seed_snapshot.clusters


CALLS: list[str] = []


def clusters_in(clusters: pd.DataFrame, country: str) -> int:
    CALLS.append(country)
    return int((clusters["country"] == country).sum())


def test_cached_is_shared_between_views_of_one_snapshot_and_keyed_by_every_input(seed_snapshot):
    calls = CALLS
    calls.clear()

    norway = int((seed_snapshot.clusters["country"] == "NO").sum())
    one, other = _view(seed_snapshot), _view(seed_snapshot)  # two sessions
    assert one.cached(clusters_in, seed_snapshot.clusters, "NO") == other.cached(clusters_in, seed_snapshot.clusters, "NO") == norway
    assert other.cached(clusters_in, seed_snapshot.clusters, country="DK") == len(seed_snapshot.clusters) - norway
    assert calls == ["NO", "DK"]
    narrowed = seed_snapshot.clusters[seed_snapshot.clusters["county_code"] == "18"]  # another input: another key
    assert 0 < one.cached(clusters_in, narrowed, "NO") < norway and calls[-1] == "NO" and len(calls) == 3
    assert one.cached(lambda: object()) is not one.cached(lambda: object())  # a lambda has no key: not shared

    def nested(country):  # a closure may hold values its name does not tell: not shared either
        return object()

    assert one.cached(nested, "NO") is not one.cached(nested, "NO")


def test_the_filters_are_applied_once_per_snapshot_and_filters(data_root):
    from clusterviz.data import store

    catalog = store.scan(data_root)
    before, now = (store.load(e.location) for e in catalog.valid[-2:])
    nordland = view.Filters(counties=("18",))
    first = view.filtered_clusters(now, nordland)
    assert view.filtered_clusters(now, nordland) is first  # the same frame object for every session
    assert set(first["county_code"]) == {"18"} and 0 < len(first) < len(now.clusters)
    shown = _view(now)
    shown.previous, shown.filters = before, nordland
    assert set(shown.previous_clusters["county_code"]) == {"18"}
    assert set(shown.previous_clusters["cluster_id"]) <= set(before.clusters["cluster_id"])
    assert shown.clusters_under(view.Filters(countries=("DK",)))["country"].eq("DK").all()
    assert shown.all_assessments is now.assessments and shown.all_events is now.events
    assert _view(before).previous_clusters is None
