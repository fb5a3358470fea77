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
