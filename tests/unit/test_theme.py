"""Light and dark: chart text off the bars takes the reader's theme; presenter mode stays at full contrast in
both; the layout CSS is constant."""

from __future__ import annotations

import altair as alt
import pandas as pd

from clusterviz.app import presenter, theme
from clusterviz.charts.base import INK, INKED_MARKS, base_config


def labelled_chart():
    data = pd.DataFrame({"n": [1, 2], "label": ["a", "b"]})
    bars = alt.Chart(data).mark_bar().encode(x="n", y="label")
    text = alt.Chart(data).mark_text(dx=4).encode(x="n", y="label", text="label")
    return base_config(alt.layer(bars, text))


def test_free_text_is_dark_ink_by_default_and_light_ink_on_a_dark_page():
    chart = labelled_chart()
    before = chart.to_dict()
    assert all(before["config"][mark]["color"] == INK["light"] for mark in INKED_MARKS)
    dark = theme.with_ink(chart, dark=True).to_dict()
    assert all(dark["config"][mark]["color"] == INK["dark"] for mark in INKED_MARKS)
    assert chart.to_dict() == before, "the (possibly cached) chart itself is not changed"
    assert theme.with_ink(chart, dark=False) is chart
    assert dark["config"]["axis"] == before["config"]["axis"], "other settings are kept"


def test_no_chart_builder_hard_codes_black_on_the_page_background():
    from pathlib import Path

    source = "".join(p.read_text() for p in Path(theme.__file__).with_name("charts").glob("*.py"))
    for colour in ('"#000000"', '"#222222"', '"#333333"', '"#444444"', '"#555555"'):
        assert colour not in source.replace(f'"light": {colour}', ""), colour


def test_presenter_text_is_near_white_on_a_dark_page():
    chart = labelled_chart()
    light = presenter.high_contrast(chart).to_dict()["config"]
    dark = presenter.high_contrast(chart, dark=True).to_dict()["config"]
    assert light["axis"]["labelColor"] == presenter.PRESENTER_INK["light"]
    assert dark["axis"]["labelColor"] == dark["title"]["color"] == presenter.PRESENTER_INK["dark"]


def test_layout_css_is_constant_and_the_icon_is_shipped():
    css = theme.LAYOUT_CSS
    assert css.startswith("<style>") and css.endswith("</style>") and "<script" not in css
    assert theme.ICON.is_file() and theme.ICON.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- legends: lists under the chart


def _bars(data: pd.DataFrame, **colour) -> alt.Chart:
    return alt.Chart(data).mark_bar().encode(x="n:Q", y="kind:N", **colour).properties(height=160)


def test_legends_are_lists_under_the_chart_so_none_runs_past_a_narrow_charts_edge():
    """Vega does not wrap a legend: a row of four entries under a half-width chart cut the last ones off."""
    spec = base_config(_bars(pd.DataFrame({"n": [1], "kind": ["a"]}), color="kind:N")).to_dict()
    assert spec["config"]["legend"]["orient"] == "bottom" and spec["config"]["legend"]["columns"] == 1


def test_legend_rows_count_each_legends_entries_once():
    from clusterviz.charts.base import legend_rows

    data = pd.DataFrame({"n": [1, 2, 3], "kind": ["a", "b", "b"], "group": ["x", "y", "z"]})
    four = alt.Scale(domain=["a", "b", "c", "d"])
    assert legend_rows(_bars(data)) == 0
    assert legend_rows(_bars(data, color=alt.Color("kind:N", scale=four))) == 4  # the domain, not the rows present
    assert legend_rows(_bars(data, color="kind:N")) == 2  # no domain: the distinct values drawn
    assert legend_rows(_bars(data, color=alt.Color("kind:N", legend=None))) == 0
    assert legend_rows(_bars(data, color=alt.Color("kind:N", scale=four), shape=alt.Shape("kind:N", scale=four))) == 4  # one legend
    assert legend_rows(_bars(data, color="kind:N", opacity="group:N")) == 5  # two legends, one under the other
    assert legend_rows(_bars(data, color="n:Q")) == 2  # a gradient
    layered = alt.layer(_bars(data, color=alt.Color("kind:N", scale=four)), alt.Chart(data).mark_text().encode(x="n:Q", text="kind:N"))
    assert legend_rows(layered) == 4


def test_a_charts_element_grows_by_a_row_per_legend_entry_at_the_size_of_its_text():
    """st.altair_chart fits the whole chart into the element's height: without the legend's rows counted, a list
    legend would squeeze the plot (the builder's height is the plot's)."""
    from clusterviz.app.downloads import element_height
    from clusterviz.charts.base import LEGEND_ROW_PX

    data = pd.DataFrame({"n": [1], "kind": ["a"]})
    plain, listed = _bars(data), _bars(data, color=alt.Color("kind:N", scale=alt.Scale(domain=list("abcd"))))
    assert element_height(plain, present=False) == 160 + 150
    assert element_height(listed, present=False) == 160 + 150 + 3 * LEGEND_ROW_PX["normal"]
    assert element_height(listed, present=True) == 160 + 150 + 3 * LEGEND_ROW_PX["present"]
    assert element_height(alt.Chart(data).mark_bar(), present=False) == "content"  # no height: Streamlit sizes it
