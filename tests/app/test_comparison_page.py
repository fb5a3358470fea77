"""The Norway–Denmark page under AppTest: the seed figures as shown text in both languages, deep links for
the peer groups, and what public mode keeps out of the page."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from tests.support.payload import expect_metrics

PAGE = "pages/comparison.py"
CONFIDENTIAL = {"quality_index", "name", "cluster_id", "index_text"}


def metrics_of(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def charts_of(at) -> list[tuple[dict, list[set[str]]]]:
    """(spec, [column names of each dataset]) for every Vega-Lite chart on the page."""
    out = []
    for element in at.get("vega_lite_chart"):
        columns = [set(pa.ipc.open_stream(ds.data.data).read_all().column_names) for ds in element.proto.datasets]
        out.append((json.loads(element.proto.spec), columns))
    return out


def chart_rows(at, title: str) -> list[dict]:
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        if spec.get("title") == title:
            return [row for ds in element.proto.datasets for row in pa.ipc.open_stream(ds.data.data).read_all().to_pylist()]
    raise AssertionError(f"no chart titled {title!r}")


def texts_of(at) -> str:
    return "\n".join([c.value for c in at.caption] + [s.value for s in at.subheader] + [m.value for m in at.markdown])


SEED_FIGURES = {  # language: (the metrics, the headline)
    "nb": (
        """
        Klynger i sammenligningen – Norge: 28
        Klynger i sammenligningen – Danmark: 29
        Snittindeks – Norge: 63,6
        Snittindeks – Danmark: 67,2
        Gull + sølv – Danmark: 8 + 6
        Gull + sølv – Norge: 6 + 0
        """,
        "Danmarks snittindeks er 3,6 poeng høyere enn Norges (67,2 mot 63,6).",
    ),
    "en": (
        """
        Clusters in the comparison – Norway: 28
        Clusters in the comparison – Denmark: 29
        Mean index – Norway: 63.6
        Mean index – Denmark: 67.2
        Gold + Silver – Denmark: 8 + 6
        Gold + Silver – Norway: 6 + 0
        """,
        "Denmark's mean index is 3.6 points higher than Norway's (67.2 vs 63.6).",
    ),
}


@pytest.mark.parametrize("lang", list(SEED_FIGURES))
def test_page_shows_the_seed_comparison(checked_app, lang):
    at = checked_app(PAGE, lang=lang)
    metrics, headline = SEED_FIGURES[lang]
    expect_metrics(at, metrics)  # the page's metric labels are unique
    assert headline in [s.value for s in at.subheader]
    assert len(at.get("vega_lite_chart")) == 7


def test_distribution_shows_means_and_sample_sizes(app_test):
    at = app_test(PAGE)
    specs = [spec for spec, _ in charts_of(at)]
    histogram = next(s for s in specs if s.get("title") == "Kvalitetsindeks (av 100)")
    assert [panel["title"] for panel in histogram["vconcat"]] == ["Norge (n = 28)", "Danmark (n = 29)"]
    rows = chart_rows(at, "Kvalitetsindeks (av 100)")
    assert {r["mean_text"] for r in rows if "mean_text" in r} == {"Snitt 63,6", "Snitt 67,2"}
    assert sum(r["clusters"] for r in rows if "clusters" in r) == 57


def test_public_mode_sends_no_single_scores(app_test):
    at = app_test(PAGE, focus="03")  # Oslo: a focus group of one valid cluster
    assert "Offentlig visning" in at.caption[0].value
    for spec, datasets in charts_of(at):
        for columns in datasets:
            assert not CONFIDENTIAL & columns, (spec.get("title"), columns)
    for frame in at.dataframe:
        assert not {"Klynge", "Kvalitetsindeks"} & set(frame.value.columns)
    assert "Oslo (valgt): Gruppen har færre enn 3 klynger" in texts_of(at)
    peer = chart_rows(at, "Snittindeks per gruppe")
    assert "Oslo (valgt)" not in {r["group_name"] for r in peer}
    assert [o for o in at.get("button_group") if o.key == "cmp_peer_kind"][0].options == ["Fylke / region", "Programnivå", "Bransje"]


def test_peer_groups_default_to_nordland(app_test):
    at = app_test(PAGE, lang="en")
    focus = at.selectbox(key="cmp_focus")
    assert focus.value == "18"
    rows = {r["group_name"]: r["mean_text"] for r in chart_rows(at, "Mean index per group")}
    assert rows["Same country: Norway"] == "63.6"
    assert "Nordland (chosen)" in rows and "Excellence group (Gold)" in rows


def test_peer_groups_from_a_link(app_test):
    at = app_test(PAGE, lang="en", peer="programme", focus="nce")
    assert at.session_state["cmp_peer_kind"] == "programme"
    assert at.selectbox(key="cmp_focus").value == "nce"
    rows = {r["group_name"] for r in chart_rows(at, "Mean index per group")}
    assert "NCE (chosen)" in rows
    assert at.query_params["peer"] in ("programme", ["programme"])
    assert at.query_params["focus"] in ("nce", ["nce"])


def test_choosing_a_sector_updates_the_link(app_test):
    at = app_test(PAGE, lang="en")
    at.button_group(key="cmp_peer_kind").set_value("sector").run()
    assert not at.exception
    focus = at.selectbox(key="cmp_focus")
    assert focus.value == "construction"  # the first sector; the county was no longer valid
    focus.set_value("energy").run()
    assert at.query_params["peer"] in ("sector", ["sector"]) and at.query_params["focus"] in ("energy", ["energy"])
    assert "Energy (chosen)" in {r["group_name"] for r in chart_rows(at, "Mean index per group")}


def test_one_cluster_is_not_a_choice_in_public_mode(app_test):
    at = app_test(PAGE, peer="cluster")
    assert not at.exception
    assert at.session_state["cmp_peer_kind"] == "county"
    assert not any("(demo)" in str(o) for o in at.selectbox(key="cmp_focus").options)


def test_adviser_mode_shows_single_clusters():
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.query_params["peer"] = "cluster"
    at.session_state["adviser"] = True
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Adviser mode" in at.caption[0].value
    focus = at.selectbox(key="cmp_focus")
    assert all(option.endswith("(demo)") for option in focus.options)
    strip = chart_rows(at, "Quality index (of 100)")
    assert len({r["name"] for r in strip if r.get("name")}) == 57
    rows = {r["group_name"] for r in chart_rows(at, "Mean index per group")}
    assert f"{focus.options[0]} (chosen)" in rows


def test_country_filter_narrows_the_sample(app_test):
    at = app_test(PAGE, country="NO")
    assert not at.exception
    shown = metrics_of(at)
    assert shown["Klynger i sammenligningen – Norge"] == "28"
    assert not any("Danmark" in label for label in shown)
    texts = texts_of(at)
    assert "Sammenligningen trenger minst 3 klynger fra hvert land" in texts
    assert "Forskjellen krever begge land i utvalget." in texts


def test_nordland_filter_leaves_the_sample_empty_but_peer_groups_work(app_test):
    at = app_test(PAGE, county="18")
    assert not at.exception
    assert metrics_of(at)["Klynger i sammenligningen – Norge"] == "0"
    assert metrics_of(at)["Snittindeks – Norge"] == "–"
    rows = {r["group_name"]: r["mean_text"] for r in chart_rows(at, "Snittindeks per gruppe")}
    assert rows["Samme land: Norge"] == "63,6"


def test_a_snapshot_before_the_window_shows_no_figures_and_no_error(app_test):
    at = app_test(PAGE, lang="en", snapshot="2013-03-01")
    assert not at.exception
    shown = metrics_of(at)
    assert shown["Clusters in the comparison – Norway"] == "0" and shown["Mean index – Denmark"] == "–"
    assert "Excellence group (Gold): no clusters in the group on this date." in texts_of(at)
    assert len(at.get("vega_lite_chart")) >= 2  # labels now and over time are still drawn


def test_the_comparison_window_is_the_snapshot_s_and_can_be_changed(app_test):
    """Default: the window the demo's manifest states (the articles' 28 and 29, mean 63.6); the link's
    window=recent takes the 36 months up to the snapshot date instead (the Nordland round of September 2016
    joins), and the caption says which period it is."""
    at = app_test(PAGE, lang="en")
    shown = metrics_of(at)
    assert shown["Clusters in the comparison – Norway"] == "28" and shown["Mean index – Norway"] == "63.6"
    assert any("February 2014–August 2016" in c.value and "the one the snapshot states" in c.value for c in at.caption)
    at = app_test(PAGE, lang="en", window="recent")
    assert at.session_state["cmp_window"] == "recent"
    assert int(metrics_of(at)["Clusters in the comparison – Norway"]) > 28
    assert any("March 2014–March 2017" in c.value for c in at.caption)
    assert at.query_params["window"] in ("recent", ["recent"])
