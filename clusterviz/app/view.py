"""The View a page gets from ``ui.page_setup``: the snapshot, the filters, the language, the mode, and the
frames already filtered; ``View.cached``/``View.build`` keep results in the snapshot's one cache (data/cache.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from clusterviz.app.altair_spec import spec_once
from clusterviz.data import cache, store
from clusterviz.data.snapshot import Snapshot
from clusterviz.figures import metrics
from clusterviz.figures.metrics import Filters
from clusterviz.text.i18n import Translator


@dataclass
class View:
    """Everything a page needs: the snapshot, the filters and the way to say things."""

    page: str
    snapshot: Snapshot
    previous: Snapshot | None
    catalog: store.Catalog
    filters: Filters
    tr: Translator
    mode: str
    present: bool
    states: pd.DataFrame = field(repr=False)
    clusters: pd.DataFrame = field(repr=False)

    @property
    def all_clusters(self) -> pd.DataFrame:
        """Every cluster of the snapshot, the shared filters NOT applied (``clusters`` is the filtered one)."""
        return self.snapshot.clusters

    @property
    def cluster_ids(self) -> frozenset[str]:
        """The id of every cluster of the snapshot (what a ?cluster= link may name), once per snapshot."""
        return self.snapshot.cached(cluster_ids_of, self.snapshot.clusters)

    @property
    def all_assessments(self) -> pd.DataFrame:
        """The snapshot's whole assessment history, not narrowed to the filtered clusters: figure functions
        take it with ``clusters`` and narrow it themselves, so its derived history is worked out once per
        snapshot (``cache.per_frame``), not once per filter."""
        return self.snapshot.assessments

    @property
    def all_events(self) -> pd.DataFrame:
        """Every event of the snapshot (events are not filtered by cluster)."""
        return self.snapshot.events

    @property
    def previous_clusters(self) -> pd.DataFrame | None:
        """The previous snapshot's clusters under the same filters (None when this is the first snapshot)."""
        if self.previous is None:
            return None
        return filtered_clusters(self.previous, self.filters)

    def clusters_under(self, filters: Filters) -> pd.DataFrame:
        """This snapshot's clusters under other filters (the map lifts the county filter to compare counties)."""
        return filtered_clusters(self.snapshot, filters)

    @property
    def lang(self) -> str:
        return self.tr.lang

    @property
    def public(self) -> bool:
        return self.mode != "adviser"

    @property
    def as_of(self) -> dt.date:
        return self.snapshot.as_of

    def cached(self, fn: Callable, *args, **kwargs):
        """``fn(*args, **kwargs)`` computed once and shared by every session while its inputs are equal: the key
        is built from the function and its inputs (frames by content, the snapshot by its tables, a Translator
        by its language), so no key part can be forgotten.  An input with no key (a lambda, an object hashed
        by identity) makes the call uncached, never wrongly shared.  Callers must not modify the result."""
        return self.snapshot.cached(fn, *args, **kwargs)

    def build(self, builder: Callable, *args, **kwargs):
        """A chart or layer built by ``builder(*args, **kwargs)``, cached like ``cached``; an Altair chart gets
        its Vega-Lite spec made once for every session that draws it (``altair_spec``).  Building an Altair
        chart costs more than the data behind it, so a burst of first renders builds each chart once."""
        return spec_once(self.snapshot.cached(builder, *args, **kwargs))


def cluster_ids_of(clusters: pd.DataFrame) -> frozenset[str]:
    return frozenset(clusters["cluster_id"])


def content_key(value):
    """The key of a builder input (``data.cache.key_of``); ``cache.UNKEYED`` when it has none."""
    return cache.key_of(value)


def states_of(snapshot: Snapshot) -> pd.DataFrame:
    """Every cluster's label state on the snapshot's as-of date, once per snapshot."""
    return snapshot.cached(metrics.label_states, snapshot.clusters, snapshot.assessments, snapshot.as_of)


def filtered_clusters(snapshot: Snapshot, filters: Filters) -> pd.DataFrame:
    """The snapshot's clusters under ``filters``: the one place the shared filters are applied, once per
    snapshot and filters (the same frame object for every session, so what is built from it is shared too)."""
    return snapshot.cached(metrics.filter_clusters, snapshot.clusters, states_of(snapshot), filters)
