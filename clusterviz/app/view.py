"""The View a page gets from ``ui.page_setup``: the snapshot, the filters, the language, the mode, and the
frames already filtered; plus the content keys that let ``View.build`` share a built chart between sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from clusterviz.app.altair_spec import spec_once
from clusterviz.data import store
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
    def lang(self) -> str:
        return self.tr.lang

    @property
    def public(self) -> bool:
        return self.mode != "adviser"

    @property
    def as_of(self) -> dt.date:
        return self.snapshot.as_of

    def memo(self, name: str, compute, *extra):
        """Cache a derived result per snapshot, filters and ``extra`` key parts, shared by all sessions."""
        return self.snapshot.memo((name, self.filters, *extra), compute)

    def build(self, builder: Callable, *args, **kwargs):
        """``builder(*args, **kwargs)`` (a chart or layer builder), built once and shared by every session
        while its inputs are equal: frames compare by content, a Translator by language.  Building an Altair
        chart costs more than the data behind it, so a burst of first renders builds each chart once (see
        README "Performance").  Callers must not mutate what they get back."""
        parts = [content_key(a) for a in args] + [(k, content_key(v)) for k, v in sorted(kwargs.items())]
        if any(part is _UNKEYED for part in parts):
            return spec_once(builder(*args, **kwargs))
        key = ("build", builder.__module__, builder.__qualname__, *parts)
        return self.snapshot.memo(key, lambda: spec_once(builder(*args, **kwargs)))


_UNKEYED = object()


def content_key(value):
    """A hashable stand-in for a builder argument that is equal exactly when the argument is (frames by their
    columns, dtypes, index and every value in order); _UNKEYED when there is none (then nothing is cached)."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return _frame_key(value)
    if isinstance(value, Translator):
        return ("tr", value.lang)
    if isinstance(value, (list, tuple)):
        parts = tuple(content_key(v) for v in value)
        return _UNKEYED if any(p is _UNKEYED for p in parts) else (type(value).__name__, parts)
    if isinstance(value, dict):
        parts = tuple((k, content_key(v)) for k, v in value.items())
        return _UNKEYED if any(p is _UNKEYED for _, p in parts) else ("dict", parts)
    if value is None:
        return ("None",)
    if type(value).__hash__ is object.__hash__:  # hashed by identity: an id can be reused once it is freed
        return _UNKEYED
    try:
        hash(value)
    except TypeError:
        return _UNKEYED
    return (type(value).__name__, value)


@metrics.per_frame
def _frame_key(frame) -> tuple:
    """The content key of a frame, worked out once while the frame lives.  A page hands View.build the frames
    View.memo keeps (the same object in every session), so their content is hashed once, not once per
    session."""
    return _hash_frame(frame)


def _hash_frame(value) -> tuple:
    """The content key of a frame or series: columns, dtypes, length and a digest of every value and the index."""
    import hashlib

    try:
        hashed = pd.util.hash_pandas_object(value, index=True).to_numpy()
    except (TypeError, ValueError):  # list-valued or mixed cells (an event's themes, a row as a Series)
        table = value.to_frame() if isinstance(value, pd.Series) else value
        cells = pd.DataFrame(
            [[_cell_text(cell) for cell in row] for row in table.itertuples(index=False)],
            index=table.index,
            columns=range(table.shape[1]),
            dtype=object,
        )
        hashed = pd.util.hash_pandas_object(cells, index=True).to_numpy()
    columns = tuple(map(str, value.columns)) if isinstance(value, pd.DataFrame) else (str(value.name),)
    dtypes = tuple(map(str, value.dtypes)) if isinstance(value, pd.DataFrame) else (str(value.dtype),)
    return (type(value).__name__, columns, dtypes, len(value), hashlib.blake2b(hashed.tobytes()).hexdigest())


def _cell_text(cell) -> str:
    return repr(cell.tolist() if hasattr(cell, "tolist") else cell)


def states_of(snapshot: Snapshot) -> pd.DataFrame:
    return snapshot.memo(("label_states",), lambda: metrics.label_states(snapshot.clusters, snapshot.assessments, snapshot.as_of))
