"""The spec-once patch: Streamlit converts an Altair chart with ``chart.to_dict()`` on every draw; a chart built
once and shared by every session (``View.build``) is converted once (tests/unit/test_altair_spec.py fails when
Altair or Streamlit change how that conversion goes)."""

from __future__ import annotations

import copy
import threading
import weakref

import altair as alt


def spec_once(built):
    """An Altair chart from a builder gets the once-only spec conversion (_unvalidated); anything else as it is."""
    return unvalidated(built) if type(built).__module__.startswith("altair.") else built


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
