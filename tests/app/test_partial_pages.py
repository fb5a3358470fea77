"""Every page on a partial schema-2 snapshot of the real shape (tests/conftest.py: partial_frames): labels for
some, year-only dates, one published Gold score, no area scores, no lights, clusters without coordinates.
No exception, no mean or share computed from nothing, coverage said (issue 14)."""

from __future__ import annotations

import re

import pytest
from conftest import PAGE_FILES

from tests.support.payload import first_metrics, texts
from tests.support.workbooks import real_workbook


@pytest.fixture
def partial_app(app_test, partial_root):
    def make(page: str, **params):
        return app_test(page, env={"CLUSTERVIZ_DATA": partial_root}, **params)

    return make


def assert_no_mean_from_nothing(at) -> None:
    """No metric about a mean or share holds a number (only one index of 19 is known, no area or light);
    no text says NaN or writes a percentage of all-green clusters."""
    for label, value in first_metrics(at).items():
        if re.search(r"snitt|mean|grønt lys|green light|helgrønn|all green", label, re.IGNORECASE):
            assert value == "–", (label, value)
    shown = texts(at)
    assert not re.search(r"\bnan\b", shown, re.IGNORECASE) and not re.search(r"\bNone\b", shown), shown


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_runs_on_partial_data_and_says_what_it_holds(checked_app, partial_root, page, lang):
    at = checked_app(page, env={"CLUSTERVIZ_DATA": partial_root}, lang=lang)
    badge = texts(at)
    if lang == "nb":
        assert "kvalitetsindeks for 1 av 19" in badge and "kompetanselys for 0 av 19" in badge
        assert "plassert på kartet: 16 av 19" in badge and "10 bare år" in badge
    else:
        assert "quality index for 1 of 19" in badge and "training lights for 0 of 19" in badge
        assert "placed on the map: 16 of 19" in badge and "10 to the year only" in badge
    assert "Demodata" not in badge and "Demo data" not in badge
    assert_no_mean_from_nothing(at)


def test_overview_says_why_the_means_are_not_shown_and_where_the_workshop_was(partial_app):
    at = partial_app("pages/overview.py", lang="en")
    shown = first_metrics(at)
    assert shown["Clusters in the sample – Norway"] == "8" and shown["Clusters in the sample – Denmark"] == "5"
    assert shown["Mean quality index – Norway"] == "–" and shown["Mean quality index – Denmark"] == "–"
    assert shown["Workshop in Tromsø"] == "15 Oct 2019"
    assert "Workshop in Bodø" not in shown
    text = texts(at)
    assert "Quality index (Norway): known for 1 of 8 – too little to show a mean" in text
    assert "Quality index (Denmark): known for 0 of 5" in text
    assert "Training lights (Norway): known for 0 of 8" in text
    assert "the 36 months up to the snapshot date" in text
    assert "June 2018–June 2021" in text


def test_comparison_has_no_headline_and_names_the_unknown_peer_values(partial_app):
    at = partial_app("pages/comparison.py", lang="en")
    assert not at.exception
    text = texts(at)
    assert "No headline on the difference in mean index" in text
    assert not any("points higher" in s.value for s in at.subheader)
    assert "Quality index (Norway): known for 1 of 8 – too little" in text
    assert "The area profile is not shown" in text
    assert "Norway: The group has fewer than 3" not in text  # hidden for coverage, not for size
    assert first_metrics(at)["Mean index – Norway"] == "–"
    at = partial_app("pages/comparison.py", lang="en", peer="sector")
    assert "Clusters with an unknown sector, in no sector group: 11." in texts(at)  # every valid one
    at = partial_app("pages/comparison.py", lang="en", peer="programme")
    assert "Clusters with an unknown programme level, in no programme group: 1." in texts(at)  # NO-P09


def test_comparison_window_control_follows_the_link(partial_app):
    at = partial_app("pages/comparison.py", lang="en", window="all")
    assert not at.exception
    assert at.session_state["cmp_window"] == "all"
    assert first_metrics(at)["Clusters in the comparison – Norway"] == "9"  # NO-P04's 2018 label too
    assert at.query_params["window"] in ("all", ["all"])
    at = partial_app("pages/comparison.py", lang="en", window="bogus")
    assert at.session_state["cmp_window"] == "data"
    assert any("window=bogus" in c.value for c in at.caption)


def test_competence_says_the_lights_are_unknown_and_names_no_programme(partial_app):
    at = partial_app("pages/competence.py", lang="en")
    text = texts(at)
    assert "Training lights (Norway): known for 0 of 8 – too little" in text
    assert "Training lights (Denmark): known for 0 of 5" in text
    assert not [m for m in at.metric if m.label.startswith("All green")]
    assert "No cluster in the period has all three lights known" in text
    assert "Romania" not in text and "Bulgaria" not in text
    assert "The snapshot holds no training programmes." in text


def test_map_lists_the_clusters_it_could_not_place(partial_app):
    at = partial_app("pages/map.py", lang="en")
    labels = [e.label for e in at.expander]
    assert "Not placed on the map: 3 of 19 clusters" in labels
    frames = [f.value for f in at.dataframe if "Cluster" in f.value.columns and len(f.value) == 3]
    assert frames and set(frames[0]["Cluster"]) == {"Sørlandets Prosessnettverk", "Sunnmøre Møbelklynge", "Sjællands Byggeklynge"}


def test_collaboration_scorecard_is_withheld_with_the_reason(partial_app):
    at = partial_app("pages/collaboration.py", lang="en")
    assert not at.exception
    text = texts(at)
    assert "Quality index: known for 1 of 4 – too little" in text  # the members: one Gold score
    assert all(m.value == "–" for m in at.metric if "index" in m.label.lower())


def test_adviser_mode_on_partial_data_runs_everywhere(partial_root, monkeypatch):
    from conftest import open_app

    monkeypatch.setenv("CLUSTERVIZ_DATA", partial_root)
    for page in PAGE_FILES:
        at = open_app(page, {"lang": "en"}, adviser=True)
        assert not at.exception, (page, [e.value for e in at.exception])


# --------------------------------------------------------------------------- the council's own workbook, ingested


@pytest.fixture(scope="module")
def ingested_root(tmp_path_factory):
    """The real-shaped council workbook (tests/support/workbooks.py), taken by `ingest` exactly as a council would."""
    from clusterviz import cli

    folder = tmp_path_factory.mktemp("council")
    root = folder / "snapshots"
    assert cli.main(["ingest", str(real_workbook(folder / "council.xlsx")), "--as-of", "2017", "--data", str(root)]) == 0
    return str(root)


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_runs_on_an_ingested_council_workbook(checked_app, ingested_root, page):
    """Issue 14, done-when 2, on the snapshot `ingest` wrote (not on frames built for the test)."""
    at = checked_app(page, env={"CLUSTERVIZ_DATA": ingested_root}, lang="en")
    shown = texts(at)
    assert "quality index for 1 of 8" in shown and "training lights for 0 of 8" in shown  # the coverage badge
    assert_no_mean_from_nothing(at)
