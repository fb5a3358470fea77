"""Accessibility: every Altair chart the pages draw carries a text description (Vega-Lite ``description``,
the chart's accessible name), in both languages and in adviser mode (which shows more charts)."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest
from conftest import PAGE_FILES, open_app

from clusterviz.charts.base import base_config, describe, title_text


def test_description_comes_from_the_title_or_is_given():
    data = pd.DataFrame({"n": [1]})
    titled = base_config(alt.Chart(data).mark_bar().encode(x="n").properties(title=alt.TitleParams("Labels", subtitle="Norway")))
    assert titled.to_dict()["description"] == "Labels – Norway"
    assert describe(alt.Chart(data).mark_bar(), "Six areas").to_dict()["description"] == "Six areas"
    assert "description" not in base_config(alt.Chart(data).mark_bar().encode(x="n")).to_dict()
    assert title_text(["two", "lines"]) == "two lines" and title_text(alt.Undefined) == ""


@pytest.mark.parametrize("adviser", [False, True])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_chart_on_every_page_has_a_description(lang, adviser):
    missing, seen = [], 0
    for page in PAGE_FILES:
        at = open_app(page, {"lang": lang}, adviser=adviser)
        assert not at.exception, [e.value for e in at.exception]
        for element in at.get("vega_lite_chart"):
            spec = json.loads(element.proto.spec)
            seen += 1
            if not str(spec.get("description") or "").strip():
                missing.append(f"{page}: {json.dumps(spec.get('title', spec.get('mark')))[:80]}")
    assert seen >= 10, f"only {seen} charts drawn: the walk did not reach the pages"
    assert not missing, "charts without a description:\n" + "\n".join(missing)
