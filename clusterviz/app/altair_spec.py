"""The spec-once patch: Streamlit converts an Altair chart with ``chart.to_dict()`` and a pydeck Deck with
``deck.to_json()`` on every draw; a chart built once and shared by every session (``View.build``) is converted
once (tests/unit/test_altair_spec.py fails when Altair or Streamlit change how that conversion goes)."""

from __future__ import annotations

import copy
import json
import threading
import weakref

import altair as alt


def spec_once(built):
    """An Altair chart from a builder gets the once-only spec conversion (``unvalidated``), a pydeck Deck its JSON
    made once (``json_once``); anything else as it is."""
    if type(built).__module__.startswith("altair."):
        return unvalidated(built)
    return json_once(built) if _is_deck(built) else built


def _is_deck(value) -> bool:
    import sys

    pdk = sys.modules.get("pydeck")  # a deck was built only if pydeck is imported
    return pdk is not None and isinstance(value, pdk.Deck)


# --------------------------------------------------------------------------- pydeck

_DECK_JSON: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # deck -> its JSON, while the deck lives
_DECK_CLASSES: dict[type, type] = {}
_DECK_LOCK = threading.Lock()


def json_once(deck):
    """A pydeck Deck built once and shared by every session (``View.build``) gets its JSON made once:
    ``st.pydeck_chart`` calls ``deck.to_json()`` on every draw, which serialised every layer's rows again
    (a tenth of a warm rerun of the collaboration page).  A plain Deck's JSON is written without pydeck's
    indentation (the same JSON, fewer bytes); a Deck class with its own ``to_json`` (the map's CompactDeck)
    keeps its own.  The deck must not be changed afterwards (nor may any cached result)."""
    import pydeck as pdk
    from pydeck.bindings.json_tools import default_serialize

    base = type(deck)
    if getattr(base, "_json_once", False):
        return deck
    with _DECK_LOCK:
        if getattr(type(deck), "_json_once", False):  # another session got here first
            return deck
        if base.to_json is pdk.Deck.to_json:
            text = json.dumps(deck, sort_keys=True, default=default_serialize, separators=(",", ":"))
        else:
            text = deck.to_json()
        _DECK_JSON[deck] = text
        once = _DECK_CLASSES.get(base)
        if once is None:
            once = _DECK_CLASSES[base] = type(
                base.__name__, (base,), {"_json_once": True, "to_json": _kept_json, "__module__": base.__module__}
            )
        deck.__class__ = once
    return deck


def _kept_json(deck) -> str:
    return _DECK_JSON[deck]


def unvalidated(chart_obj):
    """The chart as Streamlit should convert it: its Vega-Lite spec is made once per chart object, without
    checking it against the JSON schema again (the builders' tests validate every spec), and handed out again
    to every later session that draws the same built chart (``View.build``)."""
    if not isinstance(vars(chart_obj).get("to_dict"), SpecOnce):
        object.__setattr__(chart_obj, "to_dict", SpecOnce(chart_obj))
    return chart_obj


class SpecOnce:
    """``chart.to_dict()`` replacement: the first conversion inside Streamlit's ``st.altair_chart`` is kept
    (the spec and the Arrow datasets Streamlit's data transformer collected, keyed by a hash of their bytes);
    later conversions hand out shallow copies: Streamlit sets and deletes top-level keys of what it gets
    (``datasets``, ``data``, ``autosize``) and only reads what is below, except a null legend title it turns
    into " " the same way every time.  A deep copy per draw was a fifth of drawing a chart.  Anywhere else
    (exports, tests) it is the chart's own to_dict without validation.  Holds the chart weakly, so a chart
    nobody keeps is freed at once."""

    STREAMLIT_TRANSFORMER = "to_arrow_dataset"

    def __init__(self, chart_obj):
        self._chart = weakref.ref(chart_obj)
        self._kept: tuple[dict, dict] | None = None
        self._lock = threading.Lock()

    def __call__(self, validate: bool = False, **kwargs):
        chart_obj = self._chart()
        collector = alt.data_transformers.options.get("datasets")
        if kwargs or alt.data_transformers.active != self.STREAMLIT_TRANSFORMER or not isinstance(collector, dict):
            return type(chart_obj).to_dict(chart_obj, validate=validate, **kwargs)
        with self._lock:
            if self._kept is None:
                before = set(collector)
                spec = type(chart_obj).to_dict(chart_obj, validate=validate)
                self._kept = (copy.deepcopy(spec), {k: v for k, v in collector.items() if k not in before})
                return spec
            spec, datasets = self._kept
        collector.update(datasets)
        return dict(spec)
