"""The public collection's snapshots (data/public/snapshots, built from data/public/workbook by ingest --series):
every label cites a source address, validate passes (its warnings are all of the kinds listed here), no score
exists without a source, and every page runs on ``?data=public`` showing the coverage badge and no demo badge
(issue 15)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import PAGE_FILES, ROOT

from clusterviz.data import store
from clusterviz.data.snapshot import AREA_COLUMNS, LIGHTS
from clusterviz.data.validate import read_snapshot
from clusterviz.figures import overview
from clusterviz.text import i18n
from tests.support.payload import texts

PUBLIC = ROOT / "data" / "public" / "snapshots"
SNAPSHOTS = sorted(p for p in PUBLIC.iterdir() if p.is_dir() and not p.name.startswith("."))
ADDRESS = re.compile(r"^https?://\S+$")
# The only warnings the public record may raise: a label whose award date is only a year (the two-year rule
# cannot give its end, and no source states one).
ALLOWED_WARNINGS = ("is empty: the label's end date is unknown",)


def addresses(source) -> list[str]:
    return [part.strip() for part in str(source).split(";")] if isinstance(source, str) else []


@pytest.fixture(scope="module")
def read() -> dict[str, tuple]:
    return {path.name: read_snapshot(str(path)) for path in SNAPSHOTS}


def test_there_is_a_series_of_public_snapshots_marked_as_such(read):
    assert len(SNAPSHOTS) >= 10
    for name, (snapshot, _) in read.items():
        assert snapshot is not None, name
        manifest = snapshot.manifest
        assert manifest.demo is False and manifest.collection == "public", name
        assert "data/public/SOURCES.md" in manifest.source, name


def test_validate_passes_with_warnings_only_of_the_listed_kinds(read):
    for name, (_snapshot, problems) in read.items():
        assert not [p for p in problems if p.severity == "error"], name
        unexpected = [str(p) for p in problems if not any(kind in p.message for kind in ALLOWED_WARNINGS)]
        assert not unexpected, (name, unexpected)
    newest_problems = read[SNAPSHOTS[-1].name][1]
    unknown_end = read[SNAPSHOTS[-1].name][0].assessments["valid_until"].isna().sum()
    assert 0 < len(newest_problems) <= unknown_end


def test_every_label_and_cluster_has_a_source_address(read):
    for name, (snapshot, _) in read.items():
        labels = snapshot.assessments[snapshot.assessments["label_level"] != "none"]
        for row in labels.itertuples():
            found = addresses(row.source)
            assert found and all(ADDRESS.match(a) for a in found), (name, row.assessment_id, row.source)
        for row in snapshot.clusters.itertuples():
            assert addresses(row.source), (name, row.cluster_id)


def test_no_score_without_a_source_and_no_area_score_or_light_at_all(read):
    snapshot = read[SNAPSHOTS[-1].name][0]
    assessments = snapshot.assessments
    scored = assessments[assessments["quality_index"].notna()]
    assert len(scored) > 0 and all(addresses(s) for s in scored["source"])
    assert (scored["label_level"] == "gold").all() and (scored["quality_index"] >= 80).all()
    assert assessments[list(AREA_COLUMNS) + list(LIGHTS)].isna().all().all()


def test_dates_derived_from_valid_until_follow_the_rule(read):
    assessments = read[SNAPSHOTS[-1].name][0].assessments
    derived = assessments[assessments["date_precision"] == "derived"]
    assert len(derived) > 0
    expected = (derived["valid_until"] - pd.DateOffset(years=2)).dt.to_period("M").dt.to_timestamp()
    assert (derived["assessment_date"] == expected).all()


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_runs_on_the_public_collection(app_test, monkeypatch, page):
    monkeypatch.delenv("CLUSTERVIZ_DATA", raising=False)
    monkeypatch.delenv("CLUSTERVIZ_COLLECTIONS", raising=False)
    assert store.collections().get("public") == str(PUBLIC)
    i18n.MISSING.clear()
    at = app_test(page, lang="en", data="public")
    assert not at.exception, [e.value for e in at.exception]
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert at.session_state["f_data"] == "public"
    shown = texts(at)
    newest = store.load(str(SNAPSHOTS[-1]))
    cov = overview.coverage(newest)
    assert f"quality index for {cov.index_known} of {cov.clusters}" in shown  # the coverage badge
    assert "derived from valid until" in shown and "Labels only" not in shown
    assert "Demodata" not in shown and "Demo data" not in shown
    # a mean shown here passes the coverage rule (the few Gold scores organisations published): never NaN/None
    assert not re.search(r"\bnan\b", shown, re.IGNORECASE) and not re.search(r"\bNone\b", shown), shown
