"""Checks on the public data collection's workbook (data/public/workbook/*.csv) as files.

They read the CSVs with the standard library only, so they hold whatever the ingest command does with them: every
label carries a source address, no score exists without a source, the keys hold together, the dates are written in
one of the three accepted precisions, and SOURCES.md lists every address the workbook cites.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = ROOT / "data" / "public"
WORKBOOK = PUBLIC / "workbook"
PREFIX = "public_"

CLUSTER_COLUMNS = ["cluster_id", "name", "country", "programme_level", "home_town", "county", "sector", "founded_year", "active", "source"]
ASSESSMENT_COLUMNS = [
    "assessment_id",
    "cluster_id",
    "assessment_date",
    "valid_until",
    "label_level",
    "quality_index",
    "source",
    "date_note",
]
COLLABORATION_COLUMNS = ["collaboration_id", "name", "kind", "region", "county_codes", "start_date", "end_date", "description"]
LABELS = {"Bronze", "Silver", "Gold"}
PROGRAMME_WORDS = {"NO": {"", "Arena", "Arena Pro", "NCE", "GCE"}, "DK": {"", "national cluster 2021-2024", "other"}}
ADDRESS = re.compile(r"^https?://[^\s/;]+\.[^\s/;]+(/\S*)?$")
DATE_FORMS = [(re.compile(r"^\d{4}$"), "%Y"), (re.compile(r"^\d{4}-\d{2}$"), "%Y-%m"), (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d")]
ESCA_DATABASE = "cluster-analysis.org/benchmarked-clusters/"


def read(table: str) -> list[dict[str, str]]:
    with open(WORKBOOK / f"{PREFIX}{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def header(table: str) -> list[str]:
    with open(WORKBOOK / f"{PREFIX}{table}.csv", encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def addresses(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def parse_date(text: str) -> tuple[dt.date, str]:
    """The first day of a year/month/day written as YYYY, YYYY-MM or YYYY-MM-DD, and its precision."""
    for pattern, form in DATE_FORMS:
        if pattern.match(text):
            precision = {"%Y": "year", "%Y-%m": "month", "%Y-%m-%d": "day"}[form]
            return dt.datetime.strptime(text, form).date(), precision
    raise ValueError(f"not a YYYY, YYYY-MM or YYYY-MM-DD date: {text!r}")


def last_day(text: str) -> dt.date:
    """The last day a year/month/day date can mean (for order checks between two dates of mixed precision)."""
    first, precision = parse_date(text)
    if precision == "day":
        return first
    if precision == "year":
        return dt.date(first.year, 12, 31)
    following = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@pytest.fixture(scope="module")
def clusters():
    return read("clusters")


@pytest.fixture(scope="module")
def assessments():
    return read("assessments")


def test_parse_date_accepts_the_three_precisions_and_nothing_else():
    assert parse_date("2017") == (dt.date(2017, 1, 1), "year")
    assert parse_date("2017-09") == (dt.date(2017, 9, 1), "month")
    assert parse_date("2017-09-15") == (dt.date(2017, 9, 15), "day")
    assert last_day("2016-02") == dt.date(2016, 2, 29)
    assert last_day("2016") == dt.date(2016, 12, 31)
    for bad in ["2017/09/15", "15.09.2017", "2017-13", "2017-02-30", "sept 2017", ""]:
        with pytest.raises(ValueError):
            parse_date(bad)


def test_files_have_the_ingest_columns():
    assert header("clusters") == CLUSTER_COLUMNS
    assert header("assessments") == ASSESSMENT_COLUMNS
    assert header("collaborations")[:8] == COLLABORATION_COLUMNS
    assert header("collaboration_members") == ["collaboration_id", "cluster_id"]
    assert header("events")[:2] == ["event_id", "name"]


def test_cluster_ids_are_unique_stable_and_match_the_country(clusters):
    ids = [row["cluster_id"] for row in clusters]
    assert len(ids) == len(set(ids))
    for row in clusters:
        assert re.fullmatch(r"(NO|DK)-P\d{3}", row["cluster_id"]), row["cluster_id"]
        assert row["country"] == row["cluster_id"][:2], row["cluster_id"]
        assert row["name"].strip(), row["cluster_id"]


def test_targets_of_the_collection_are_met(clusters):
    count = {country: sum(row["country"] == country for row in clusters) for country in ("NO", "DK")}
    assert count["NO"] >= 30, count
    assert count["DK"] >= 15, count


def test_every_organisation_carries_source_addresses(clusters):
    for row in clusters:
        cited = addresses(row["source"])
        assert cited, row["cluster_id"]
        assert all(ADDRESS.match(address) for address in cited), (row["cluster_id"], cited)


def test_organisation_facts_use_the_words_people_write(clusters):
    for row in clusters:
        assert row["programme_level"] in PROGRAMME_WORDS[row["country"]], (row["cluster_id"], row["programme_level"])
        assert row["active"] in {"", "true", "false"}, row["cluster_id"]
        if row["founded_year"]:
            assert re.fullmatch(r"(19|20)\d{2}", row["founded_year"]), row["cluster_id"]


def test_assessment_ids_are_unique_and_reference_known_clusters(clusters, assessments):
    known = {row["cluster_id"] for row in clusters}
    ids = [row["assessment_id"] for row in assessments]
    assert len(ids) == len(set(ids))
    for row in assessments:
        assert row["cluster_id"] in known, row["assessment_id"]
        assert re.fullmatch(re.escape(row["cluster_id"]) + r"-\d+", row["assessment_id"]), row["assessment_id"]


def test_every_label_has_a_level_and_a_source_address(assessments):
    assert assessments
    for row in assessments:
        assert row["label_level"] in LABELS, (row["assessment_id"], row["label_level"])
        cited = addresses(row["source"])
        assert cited, row["assessment_id"]
        assert all(ADDRESS.match(address) for address in cited), (row["assessment_id"], cited)
        assert row["date_note"].strip(), row["assessment_id"]


def test_no_score_without_a_source_and_scores_fit_the_label(assessments):
    scored = [row for row in assessments if row["quality_index"].strip()]
    assert scored, "the collection records the scores Gold clusters published"
    for row in scored:
        assert addresses(row["source"]), row["assessment_id"]
        score = float(row["quality_index"])
        assert 0 <= score <= 100, row["assessment_id"]
        if row["label_level"] == "Gold":
            assert score >= 80, row["assessment_id"]


def test_dates_are_written_in_an_accepted_precision_and_in_order(assessments):
    for row in assessments:
        assert row["assessment_date"] or row["valid_until"], f"{row['assessment_id']}: no date at all"
        for column in ("assessment_date", "valid_until"):
            if row[column]:
                parse_date(row[column])
        if row["assessment_date"] and row["valid_until"]:
            assert parse_date(row["valid_until"])[0] >= parse_date(row["assessment_date"])[0], row["assessment_id"]


def test_the_esca_database_is_not_read_as_giving_interview_dates(assessments):
    """The ESCA listing gives only 'Label valid until': a row resting on it alone keeps its assessment date blank."""
    esca_only = [
        row for row in assessments if addresses(row["source"]) and all(ESCA_DATABASE in address for address in addresses(row["source"]))
    ]
    assert esca_only
    for row in esca_only:
        assert row["assessment_date"] == "" and row["valid_until"], row["assessment_id"]
        assert parse_date(row["valid_until"])[1] == "day", row["assessment_id"]
        assert row["label_level"] == "Bronze", row["assessment_id"]


def test_collaborations_and_events_hold_together(clusters):
    collaborations = read("collaborations")
    ids = {row["collaboration_id"] for row in collaborations}
    assert len(ids) == len(collaborations)
    for row in collaborations:
        assert row["start_date"] and parse_date(row["start_date"]), row["collaboration_id"]
        assert all(ADDRESS.match(address) for address in addresses(row.get("source", ""))), row["collaboration_id"]
    known = {row["cluster_id"] for row in clusters}
    for row in read("collaboration_members"):
        assert row["collaboration_id"] in ids and row["cluster_id"] in known, row
    for row in read("events"):
        assert not row["collaboration_id"] or row["collaboration_id"] in ids, row["event_id"]
        assert parse_date(row["start_date"])[1] == "day", row["event_id"]
        assert addresses(row.get("source", "")), row["event_id"]


def test_sources_md_lists_every_address_the_workbook_cites(clusters, assessments):
    text = (PUBLIC / "SOURCES.md").read_text(encoding="utf-8")
    cited = {address for row in clusters + assessments for address in addresses(row["source"])}
    for table in ("collaborations", "events"):
        cited |= {address for row in read(table) for address in addresses(row.get("source", ""))}
    missing = sorted(address for address in cited if address not in text)
    assert not missing, missing
    for heading in ("## What could not be found", "## How to refresh"):
        assert heading in text
    for row in clusters:
        assert row["cluster_id"] in text, row["cluster_id"]
