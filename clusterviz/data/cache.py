"""The one cache: results worked out once per process and shared by every session.

- ``Memo``: a bounded map with a lock per key.  Callers asking for the same missing key at once wait for one
  computation (a room of sixty opening a page nobody has opened yet computes each figure once, not sixty
  times); different keys compute in parallel; a computation that raises leaves nothing behind.
- ``key_of``: the key of a call, built from its inputs, never written by hand: frames by their content (hashed
  once while the frame object lives), objects that say what identifies them through ``cache_key()`` (a
  Snapshot, a Translator), anything else hashable by value.  An input with no such key makes the call
  uncached rather than wrongly shared.
- ``call(memo, fn, *args)``: ``fn(*args)`` kept in ``memo`` under ``key_of`` its function and inputs.  Every
  snapshot holds one Memo (``Snapshot.cached``), so a replaced snapshot takes its results with it.
- ``per_frame``: a function of one long-lived frame (the snapshot's assessments) kept while that frame
  object lives, with the same per-key lock.

Results are shared between sessions: callers must not modify what they get back.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any

import pandas as pd

UNKEYED = object()  # key_of's answer for an input that has no content key: the call is not cached


class Memo:
    """Results by key, at most ``limit`` of them (the oldest goes first), with one lock per key being computed."""

    def __init__(self, limit: int | None = 256):
        self.limit = limit
        self._values: dict[Hashable, Any] = {}
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value kept under ``key``, computed by ``compute()`` once when missing."""
        try:
            return self._values[key]
        except KeyError:
            pass
        with self._lock:
            lock = self._computing.setdefault(key, threading.Lock())
        with lock:
            try:
                return self._values[key]  # computed by the caller we waited for
            except KeyError:
                pass
            try:
                value = compute()
                with self._lock:
                    if self.limit is not None and len(self._values) >= self.limit:
                        self._values.pop(next(iter(self._values)), None)
                    self._values[key] = value
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            return value

    def peek(self, key: Hashable, default: Any = None) -> Any:
        return self._values.get(key, default)

    def discard(self, key: Hashable) -> None:
        with self._lock:
            self._values.pop(key, None)

    def keys(self) -> list[Hashable]:
        return list(self._values)

    @property
    def computing(self) -> int:
        """How many keys are being computed right now (0 when idle)."""
        return len(self._computing)

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values


def key_of(value) -> Hashable:
    """A hashable stand-in for an input that is equal exactly when the input is (frames by their columns, dtypes,
    index and every value in order); ``UNKEYED`` when there is none."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return _frame_key(value)
    cache_key = getattr(value, "cache_key", None)
    if callable(cache_key) and not isinstance(value, type):
        return cache_key()
    if isinstance(value, (list, tuple)):
        parts = tuple(key_of(v) for v in value)
        return UNKEYED if any(p is UNKEYED for p in parts) else (type(value).__name__, parts)
    if isinstance(value, dict):
        items = tuple((k, key_of(v)) for k, v in value.items())
        return UNKEYED if any(p is UNKEYED for _, p in items) else ("dict", items)
    if value is None:
        return ("None",)
    if type(value).__hash__ is object.__hash__:  # hashed by identity: an id can be reused once it is freed
        return UNKEYED
    try:
        hash(value)
    except TypeError:
        return UNKEYED
    return (type(value).__name__, value)


def function_key(fn: Callable) -> Hashable:
    """A function by its module and name; a bound method with the key of what it is bound to.  A lambda, a
    nested function or a partial may carry values the name does not tell (a closure): ``UNKEYED``."""
    bound_to = getattr(fn, "__self__", None)
    if bound_to is not None and not isinstance(bound_to, type) and type(bound_to).__module__ != "builtins":
        owner = key_of(bound_to)
        return UNKEYED if owner is UNKEYED else (function_key(fn.__func__), owner)  # type: ignore[attr-defined]
    name = getattr(fn, "__qualname__", None)
    if not isinstance(name, str) or "<" in name:  # <lambda>, <locals>
        return UNKEYED
    return (fn.__module__, name)


def call_key(fn: Callable, args: tuple = (), kwargs: dict | None = None) -> Hashable:
    """The key of ``fn(*args, **kwargs)``: the function's module and name and the key of every input."""
    function = function_key(fn)
    arg_keys = tuple(key_of(a) for a in args)
    kwarg_keys = tuple((name, key_of(v)) for name, v in sorted((kwargs or {}).items()))
    if function is UNKEYED or any(k is UNKEYED for k in arg_keys) or any(k is UNKEYED for _, k in kwarg_keys):
        return UNKEYED
    return ("call", function, arg_keys, kwarg_keys)


def call(memo: Memo, fn: Callable, *args, **kwargs):
    """``fn(*args, **kwargs)`` once per equal inputs, kept in ``memo``; uncached when an input has no key."""
    key = call_key(fn, args, kwargs)
    if key is UNKEYED:
        return fn(*args, **kwargs)
    return memo.get(key, lambda: fn(*args, **kwargs))


# --------------------------------------------------------------------------- one frame object's results

_PER_FRAME = Memo(limit=None)


def per_frame(fn):
    """Keep ``fn(frame, *args)`` while ``frame`` (the same object: a frame, or anything a weak reference can
    follow, such as a chart) lives, for hashable ``args``.  The result must not refer to ``frame``, or the
    entry would keep it alive.

    The history derived from a snapshot's assessments does not depend on the filters: every page passes the
    snapshot's one assessments frame, so it is worked out once per snapshot and date, not per filter."""

    @functools.wraps(fn)
    def cached(frame, *args, **kwargs):
        key = (fn.__qualname__, id(frame), args, tuple(sorted(kwargs.items())))
        try:
            hash(key)
        except TypeError:  # an unhashable argument: nothing to key on
            return fn(frame, *args, **kwargs)

        def compute():
            def forget(ref, key=key):
                if (_PER_FRAME.peek(key) or (None,))[0] is ref:
                    _PER_FRAME.discard(key)

            return (weakref.ref(frame, forget), fn(frame, *args, **kwargs))

        ref, result = _PER_FRAME.get(key, compute)
        if ref() is not frame:  # an id reused by a new frame before the old entry was dropped
            _PER_FRAME.discard(key)
            ref, result = _PER_FRAME.get(key, compute)
        return result

    cached.uncached = fn
    return cached


@per_frame
def _frame_key(frame) -> tuple:
    """The content key of a frame, worked out once while the frame object lives (the frames a page hands on
    are the cached ones, the same object in every session, so they are hashed once, not once per session)."""
    return _hash_frame(frame)


def _hash_frame(value) -> tuple:
    """Columns, dtypes, length and a digest of every value and the index."""
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
