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


def test_a_shared_deck_is_serialised_once_and_drawn_the_same():
    """A pydeck Deck from View.build: its JSON made once (a plain Deck's without pydeck's indentation, the same
    JSON), a Deck class with its own to_json (the map's CompactDeck) keeps its own; Streamlit draws it alike."""
    import json

    import pydeck as pdk
    from streamlit.testing.v1 import AppTest

    from clusterviz.charts.map_layers import CompactDeck

    def deck(cls=pdk.Deck):
        rows = pd.DataFrame({"lon": [14.4, 10.2], "lat": [67.3, 56.2], "name": ["Bodø", "Aarhus"]})
        layer = pdk.Layer("ScatterplotLayer", rows, get_position=["lon", "lat"], get_radius=500)
        return cls(layers=[layer], initial_view_state=pdk.ViewState(latitude=60, longitude=12, zoom=4), map_provider=None)

    plain = altair_spec.spec_once(deck())
    assert isinstance(plain, pdk.Deck) and type(plain).__name__ == "Deck" and altair_spec.spec_once(plain) is plain
    assert json.loads(plain.to_json()) == json.loads(pdk.Deck.to_json(plain)) and "\n" not in plain.to_json()
    plain.layers[0].get_radius = 9999  # a cached deck is never changed: the JSON made once is what is sent
    assert '"getRadius":500' in plain.to_json()
    compact = altair_spec.spec_once(deck(CompactDeck))
    assert isinstance(compact, CompactDeck) and compact.to_json() == CompactDeck.to_json(compact) and "Bodø" in compact.to_json()

    def app():
        import streamlit as st

        st.pydeck_chart(st.session_state["deck"], key="map")

    at = AppTest.from_function(app)
    at.session_state["deck"] = altair_spec.spec_once(deck())
    at.run()
    first = at.get("deck_gl_json_chart")[0].proto.json
    at.run()
    assert not at.exception and at.get("deck_gl_json_chart")[0].proto.json == first
    assert json.loads(first)["layers"][0]["@@type"] == "ScatterplotLayer"


def test_encodings_give_fixed_values_as_channel_classes_not_dicts():
    """``encode(y=alt.value(4))`` hands Altair a dict, which it resolves against the Vega-Lite schema on every
    build (about 6 ms; 2 ms for ``alt.YValue(4)``, the same spec): the first view of a page builds every chart
    while a room waits.  Every encode keyword given alt.value/alt.datum in the chart builders is reported."""
    import ast
    from pathlib import Path

    import clusterviz.charts

    def dict_values(tree: ast.AST) -> list[str]:
        found = []
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if isinstance(call.func, ast.Attribute) and call.func.attr == "encode":
                for keyword in call.keywords:
                    value = keyword.value
                    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in ("value", "datum"):
                        found.append(f"{keyword.arg}=alt.{value.func.attr}(...) at line {call.lineno}")
        return found

    assert dict_values(ast.parse("chart.encode(x='a:Q', y=alt.value(4))")) == ["y=alt.value(...) at line 1"]  # it sees one
    folder = Path(clusterviz.charts.__file__).parent
    found = {path.name: dict_values(ast.parse(path.read_text())) for path in sorted(folder.glob("*.py"))}
    assert {name: hits for name, hits in found.items() if hits} == {}
