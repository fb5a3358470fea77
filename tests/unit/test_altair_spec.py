"""The spec-once patch (clusterviz/app/altair_spec.py) against the Streamlit and Altair installed.

Fails when Streamlit stops converting a chart through ``chart.to_dict()`` with its ``to_arrow_dataset``
transformer, or Altair changes how that transformer collects the data: then the patch needs a look."""

import altair as alt
import pandas as pd
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from clusterviz.app import altair_spec


def bar_chart():
    return alt.Chart(pd.DataFrame({"county": ["NO-18", "NO-50"], "clusters": [7, 3]})).mark_bar().encode(x="county:N", y="clusters:Q")


def test_streamlit_converts_through_to_dict_with_its_transformer(monkeypatch):
    calls = []
    original = alt.Chart.to_dict

    def counting(self, *args, **kwargs):
        calls.append(alt.data_transformers.active)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(alt.Chart, "to_dict", counting)
    chart = altair_spec.unvalidated(bar_chart())
    first = _convert_altair_to_vega_lite_spec(chart)
    second = _convert_altair_to_vega_lite_spec(chart)
    assert calls == [altair_spec.SpecOnce.STREAMLIT_TRANSFORMER]  # converted once, inside Streamlit
    assert first == second and first["datasets"]  # the data handed out again
    assert first is not second  # a copy each time


def test_outside_streamlit_the_chart_converts_as_usual():
    chart = altair_spec.unvalidated(bar_chart())
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "bar" and spec == bar_chart().to_dict(validate=False)
    assert altair_spec.spec_once("not a chart") == "not a chart"


def test_a_chart_drawn_again_is_not_deep_copied_and_draws_the_same(monkeypatch):
    """Later draws get a shallow copy of the kept spec: what Streamlit changes in it (top-level keys, a null
    legend title) must not change what the next draw sends."""
    from streamlit.testing.v1 import AppTest

    def app():
        import altair as alt
        import pandas as pd
        import streamlit as st

        from clusterviz.app import altair_spec

        if "chart" not in st.session_state:
            data = pd.DataFrame({"county": ["NO-18", "NO-50"], "clusters": [7, 3], "status": ["valid", "lapsed"]})
            chart = alt.Chart(data).mark_bar().encode(x="county:N", y="clusters:Q", color=alt.Color("status:N", title=None))
            st.session_state["chart"] = altair_spec.unvalidated(alt.layer(chart, chart.mark_text()))
        st.altair_chart(st.session_state["chart"], key="once")

    import copy
    import types

    deep = []
    monkeypatch.setattr(altair_spec, "copy", types.SimpleNamespace(deepcopy=lambda value: deep.append(1) or copy.deepcopy(value)))
    at = AppTest.from_function(app).run()
    sent = [at.get("vega_lite_chart")[0].proto.SerializeToString(deterministic=True)]
    for _ in range(3):
        at.run()
        sent.append(at.get("vega_lite_chart")[0].proto.SerializeToString(deterministic=True))
    assert not at.exception and len(set(sent)) == 1
    assert len(deep) == 1  # the kept copy, once; none per later draw
