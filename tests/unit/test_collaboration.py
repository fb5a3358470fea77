"""Collaboration domain functions and chart builders: on the demo snapshots and on small hand-made frames."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from clusterviz.charts import collaboration as charts
from clusterviz.charts import collaboration_map, collaboration_tables
from clusterviz.charts.base import STATUS_COLOURS
from clusterviz.data import cache, store
from clusterviz.data.snapshot import AREA_COLUMNS, AREAS
from clusterviz.figures import collaboration as collab
from clusterviz.figures import collaboration_before_after, metrics
from clusterviz.text.i18n import Translator
from tests.support import factories

PILOT = "nordland-pilot-2016"
NORTH = "nord-norge-quality"
EN = Translator("en")
NB = Translator("nb")


# --------------------------------------------------------------------------- hand-made frames


def assessment(cluster_id, day, label="bronze", index=60.0):
    """An assessment whose six area scores differ (index, index + 1, …): a mean over areas is not the index."""
    return factories.assessment(cluster_id, day, label, index=index, areas=[index + i for i in range(len(AREA_COLUMNS))])


def cluster(cluster_id, country="NO", county="18", town="Bodø", lat=67.0841, lon=14.9677):
    return {
        "cluster_id": cluster_id,
        "name": f"Cluster {cluster_id}",
        "country": country,
        "programme_level": "arena",
        "sector": "x",
        "home_town": town,
        "municipality_code": "1804",
        "county_code": county,
        "lat": lat,
        "lon": lon,
        "founded_year": 2010,
        "active": True,
    }


def small_snapshot(clusters, assessments, members, as_of="2017-03-01", start="2016-08-15", end=None):
    collaborations = pd.DataFrame(
        [
            {
                "collaboration_id": "c1",
                "name": "Test collaboration",
                "kind": "pilot",
                "region": "Nordland",
                "county_codes": ["18"],
                "start_date": pd.Timestamp(start),
                "end_date": pd.Timestamp(end) if end else pd.NaT,
                "description": "A test.",
            }
        ]
    )
    events = pd.DataFrame(
        [
            {
                "event_id": "e1",
                "name": "Workshop",
                "kind": "workshop",
                "programme": None,
                "collaboration_id": "c1",
                "start_date": pd.Timestamp("2016-10-13"),
                "days": 1,
                "place": "Bodø",
                "country": "NO",
                "lat": 67.0841,
                "lon": 14.9677,
                "clusters_n": len(members),
                "participants_n": 10,
                "themes": ["quality"],
                "status": "held",
            }
        ]
    )
    tables = {
        "clusters": pd.DataFrame(clusters),
        "assessments": pd.DataFrame(assessments),
        "collaborations": collaborations,
        "collaboration_members": pd.DataFrame({"collaboration_id": "c1", "cluster_id": list(members)}),
        "events": events,
    }
    return factories.snapshot_of(as_of, tables)


def latest_by_pandas(assessments: pd.DataFrame, ids, on) -> pd.DataFrame:
    """Independent computation: each cluster's latest labelled assessment on or before ``on``."""
    a = assessments[
        assessments["cluster_id"].isin(ids) & (assessments["label_level"] != "none") & (assessments["assessment_date"] <= pd.Timestamp(on))
    ]
    return a.sort_values("assessment_date").groupby("cluster_id").last()


# --------------------------------------------------------------------------- the demo collaborations


@pytest.fixture(scope="module")
def collabs(seed_snapshot):
    return collab.collaborations(seed_snapshot)


@pytest.fixture(scope="module")
def states(seed_snapshot):
    return metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, seed_snapshot.as_of)


@pytest.fixture(scope="module")
def pilot_members(seed_snapshot, states):
    return collab.members(seed_snapshot, PILOT, states)


class TestCollaborations:
    def test_every_collaboration_with_members_and_events(self, collabs):
        assert list(collabs["collaboration_id"]) == [PILOT, NORTH]  # oldest first
        rows = collabs.set_index("collaboration_id")
        assert rows.loc[PILOT, "members_n"] == 7 and rows.loc[NORTH, "members_n"] == 12
        assert rows.loc[PILOT, "county_codes"] == ("18",)
        assert rows.loc[NORTH, "county_codes"] == ("18", "55", "56")
        assert rows.loc[NORTH, "start_date"] == pd.Timestamp("2017-01-10")
        assert pd.isna(rows.loc[NORTH, "end_date"])

    @pytest.mark.parametrize(
        "counties, expected", [((), PILOT), (("18",), PILOT), (("55",), NORTH), (("56", "03"), NORTH), (("1081",), PILOT)]
    )
    def test_a_county_preselects_a_collaboration_covering_it(self, collabs, counties, expected):
        assert collab.preselect(collabs, counties) == expected

    @pytest.mark.parametrize(
        "current, counties, previous, expected",
        [
            (NORTH, (), None, NORTH),  # first run: the link's choice stands
            (NORTH, ("18",), None, NORTH),  # ... even with a county in the same link
            (PILOT, ("55",), (), NORTH),  # Troms chosen later: the pilot does not cover it
            (NORTH, ("18",), (), NORTH),  # Nordland chosen later: the cooperation covers it too
            (NORTH, (), ("55",), NORTH),  # clearing the filter keeps the choice
            ("gone", (), None, PILOT),  # unknown id (older snapshot): the preselection
        ],
    )
    def test_choose_follows_a_changed_county_filter(self, collabs, current, counties, previous, expected):
        assert collab.choose(collabs, current, counties, previous) == expected

    def test_no_collaborations(self):
        snap = small_snapshot([cluster("A")], [assessment("A", "2016-09-01")], [])
        snap.tables["collaborations"] = snap.collaborations.iloc[0:0]
        empty = collab.collaborations(snap)
        assert empty.empty and collab.preselect(empty, ("18",)) is None

    def test_pilot_members_are_public_facts_only(self, pilot_members):
        assert len(pilot_members) == 7
        assert set(pilot_members["county_code"]) == {"18"}
        assert set(pilot_members["status"]) == {"bronze"}
        assert set(pilot_members["valid_until"]) == {pd.Timestamp("2018-09-30")}
        assert not [c for c in pilot_members.columns if c == "quality_index" or c.startswith("area_")]
        assert collab.valid_count(pilot_members) == 7

    def test_bodo_workshop(self, seed_snapshot):
        events = collab.events(seed_snapshot, PILOT)
        assert len(events) == 1
        workshop = events.iloc[0]
        assert (workshop["place"], workshop["kind"]) == ("Bodø", "workshop")
        assert workshop["start_date"] == pd.Timestamp("2016-10-13")
        assert workshop["participants_n"] == 28

    def test_summary_sentence(self, collabs):
        pilot = collab.details(collabs, PILOT)
        assert collaboration_tables.summary(pilot, EN) == "Pilot project · Nordland · 15 August 2016 – 15 December 2016"
        assert collaboration_tables.summary(collab.details(collabs, NORTH), NB).endswith("10. januar 2017 – pågår")


# --------------------------------------------------------------------------- scorecard


class TestScorecard:
    def test_pilot_against_the_28_plus_29_sample(self, seed_snapshot, pilot_members):
        card = collab.scorecard(seed_snapshot, pilot_members["cluster_id"])
        assert (card.size_of("members"), card.size_of("NO"), card.size_of("DK")) == (7, 28, 29)
        expected = latest_by_pandas(seed_snapshot.assessments, list(pilot_members["cluster_id"]), seed_snapshot.as_of)
        assert len(expected) == 7
        assert card.index_of("members") == pytest.approx(expected["quality_index"].mean())
        assert round(card.index_of("NO"), 1) == 63.6 and round(card.index_of("DK"), 1) == 67.2
        profile = card.profile.set_index(["group", "measure"])["score"]
        for area, column in zip(AREAS, AREA_COLUMNS):
            assert profile[("members", area)] == pytest.approx(expected[column].mean())

    def test_gold_group_is_the_sample_members_whose_latest_label_is_gold(self, seed_snapshot, pilot_members):
        card = collab.scorecard(seed_snapshot, pilot_members["cluster_id"])
        a = seed_snapshot.assessments
        window = a[
            (a["label_level"] != "none") & a["assessment_date"].between(pd.Timestamp(metrics.WINDOW[0]), pd.Timestamp(metrics.WINDOW[1]))
        ]
        latest = window.sort_values("assessment_date").groupby("cluster_id").last()
        gold = latest[latest["label_level"] == "gold"]
        assert card.size_of("gold") == len(gold) >= 3
        assert card.index_of("gold") == pytest.approx(gold["quality_index"].mean())
        assert card.index_of("gold") >= 80

    def test_profile_is_tidy_group_means_only(self, seed_snapshot, pilot_members):
        card = collab.scorecard(seed_snapshot, pilot_members["cluster_id"])
        assert list(card.profile.columns) == ["group", "n", "measure", "score"]
        assert len(card.profile) == 4 * 6 and (card.profile["n"] >= metrics.MIN_GROUP).all()

    def test_north_counts_only_members_holding_a_label(self, seed_snapshot, states):
        members = collab.members(seed_snapshot, NORTH, states)
        card = collab.scorecard(seed_snapshot, members["cluster_id"])
        labelled = latest_by_pandas(seed_snapshot.assessments, list(members["cluster_id"]), seed_snapshot.as_of)
        assert len(members) == 12 and card.size_of("members") == len(labelled) == 11

    def test_small_group_keeps_its_size_but_loses_its_figures(self):
        snap = small_snapshot(
            [cluster("A"), cluster("B")], [assessment("A", "2016-09-05", index=50), assessment("B", "2016-09-07", index=70)], ["A", "B"]
        )
        card = collab.scorecard(snap, ["A", "B"])
        assert card.size_of("members") == 2 and card.index_of("members") is None
        assert "members" not in set(card.profile["group"])
        adviser = collab.scorecard(snap, ["A", "B"], min_group=1)
        assert adviser.index_of("members") == 60.0
        table = collaboration_tables.scorecard_table(card, EN)
        row = table[table["Group"] == "Members"].iloc[0]
        assert row["Clusters"] == 2 and pd.isna(row["Mean quality index"]) and pd.isna(row["Financing"])

    def test_a_scorecard_is_a_cache_key_equal_for_equal_figures(self, seed_snapshot, pilot_members):
        """So its table can be kept (View.cached): equal scorecards share a key, other members or another
        minimum group give another."""
        ids = list(pilot_members["cluster_id"])
        card = collab.scorecard(seed_snapshot, ids)
        assert cache.key_of(card) is not cache.UNKEYED
        assert cache.key_of(card) == cache.key_of(collab.scorecard(seed_snapshot, tuple(ids)))
        assert cache.key_of(card) != cache.key_of(collab.scorecard(seed_snapshot, ids[:-1]))
        assert cache.key_of(card) != cache.key_of(collab.scorecard(seed_snapshot, ids, min_group=1))


# --------------------------------------------------------------------------- before / after


class TestBeforeAfter:
    def test_comparable_non_members_of_the_pilot(self, seed_snapshot, pilot_members):
        start = pd.Timestamp("2016-08-15")
        comparable = collaboration_before_after.comparable_non_members(
            seed_snapshot.clusters, seed_snapshot.assessments, pilot_members["cluster_id"], start, seed_snapshot.as_of
        )
        ids = set(comparable["cluster_id"])
        assert not ids & set(pilot_members["cluster_id"])
        assert set(comparable["country"]) == {"NO"}
        # independent: NO non-members first labelled within a year of the start, or not labelled before it
        a = seed_snapshot.assessments
        labelled = a[(a["label_level"] != "none") & (a["assessment_date"] <= pd.Timestamp(seed_snapshot.as_of))]
        first = labelled.groupby("cluster_id")["assessment_date"].min()
        no = seed_snapshot.clusters[
            (seed_snapshot.clusters["country"] == "NO") & ~seed_snapshot.clusters["cluster_id"].isin(pilot_members["cluster_id"])
        ]
        expected = {
            c
            for c in no["cluster_id"]
            if c not in first.index
            or first[c] > start
            or (start - pd.DateOffset(months=12) <= first[c] <= start + pd.DateOffset(months=12))
        }
        assert ids == expected and len(ids) == 11

    def test_window_edges_on_hand_made_frames(self):
        clusters = pd.DataFrame([cluster(c) for c in ("M", "EARLY", "EDGE", "OLD", "NEVER")] + [cluster("DK1", "DK")])
        assessments = pd.DataFrame(
            [
                assessment("M", "2016-09-01"),
                assessment("EARLY", "2015-08-14"),
                assessment("EDGE", "2015-08-15"),
                assessment("OLD", "2013-01-10"),
                assessment("DK1", "2016-09-01"),
            ]
        )
        out = collaboration_before_after.comparable_non_members(clusters, assessments, ["M"], "2016-08-15", "2017-03-01")
        assert dict(zip(out["cluster_id"], out["reason"])) == {"EDGE": "first_label", "NEVER": "not_certified"}

    @pytest.fixture(scope="class")
    def pilot_table(self, seed_snapshot, data_root):
        members = collab.members(
            seed_snapshot, PILOT, metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, seed_snapshot.as_of)
        )
        comparable = collaboration_before_after.comparable_non_members(
            seed_snapshot.clusters, seed_snapshot.assessments, members["cluster_id"], "2016-08-15", seed_snapshot.as_of
        )
        later = collaboration_before_after.snapshots_after(store.scan(data_root), pd.Timestamp("2016-08-15"))
        args = (seed_snapshot, tuple(members["cluster_id"]), tuple(comparable["cluster_id"]), pd.Timestamp("2016-08-15"), later)
        return collaboration_before_after.before_after(*args), collaboration_before_after.before_after(*args, index_min_group=1), members

    def test_states_at_the_start_and_each_later_snapshot(self, pilot_table):
        table, _, _ = pilot_table
        assert [d.date().isoformat() for d in table["date"].drop_duplicates()] == ["2016-08-15", "2016-11-01", "2017-03-01"]
        rows = table.set_index(["point", "group", "date"])
        start = pd.Timestamp("2016-08-15")
        assert rows.loc[("start", "members", start), "never"] == 7 and rows.loc[("start", "members", start), "valid"] == 0
        assert rows.loc[("snapshot", "members", pd.Timestamp("2017-03-01")), "bronze"] == 7
        assert rows.loc[("start", "comparable", start), "valid"] == 2
        assert rows.loc[("snapshot", "comparable", pd.Timestamp("2016-11-01")), "valid"] == 2
        assert rows.loc[("snapshot", "comparable", pd.Timestamp("2017-03-01")), "valid"] == 5
        counts = table[list(metrics.STATUSES)].sum(axis=1)
        assert (counts == table["n"]).all()

    def test_mean_index_only_on_request(self, pilot_table, seed_snapshot):
        public, adviser, members = pilot_table
        assert public["mean_index"].isna().all()
        rows = adviser.set_index(["group", "date"])
        assert pd.isna(rows.loc[("members", pd.Timestamp("2016-08-15")), "mean_index"])  # nobody labelled yet
        expected = latest_by_pandas(seed_snapshot.assessments, list(members["cluster_id"]), seed_snapshot.as_of)
        assert rows.loc[("members", pd.Timestamp("2017-03-01")), "mean_index"] == pytest.approx(expected["quality_index"].mean())
        assert "Mean quality index" not in collaboration_tables.before_after_table(public, EN).columns
        assert "Mean quality index" in collaboration_tables.before_after_table(adviser, EN, with_index=True).columns

    def test_simple_difference_and_its_sentence(self, pilot_table):
        table, _, _ = pilot_table
        diff = collaboration_before_after.difference(table, dt.date(2017, 3, 1))
        assert (diff.members_before, diff.members_after) == (0.0, 1.0)
        assert diff.comparable_before == pytest.approx(2 / 11) and diff.comparable_after == pytest.approx(5 / 11)
        assert diff.difference == pytest.approx(1 - 3 / 11)
        sentence = collaboration_tables.explain(diff, EN)
        assert "from 0% to 100% (+100 points)" in sentence
        assert "from 18% to 45% (+27 points) among 11 comparable clusters" in sentence
        assert "+73 percentage points" in sentence and "not what the collaboration caused" in sentence
        assert "fra 0 % til 100 %" in collaboration_tables.explain(diff, NB)

    def test_no_difference_before_the_start(self, pilot_table):
        table, _, _ = pilot_table
        assert collaboration_before_after.difference(table, dt.date(2016, 3, 1)) is None

    def test_without_comparable_clusters_the_sentence_says_so(self):
        snap = small_snapshot([cluster("A"), cluster("B"), cluster("C")], [assessment(c, "2016-09-05") for c in "ABC"], ["A", "B", "C"])
        table = collaboration_before_after.before_after(snap, ("A", "B", "C"), (), "2016-08-15")
        diff = collaboration_before_after.difference(table, dt.date(2017, 3, 1))
        assert diff.difference is None and diff.members_change == 1.0
        assert "no comparable clusters" in collaboration_tables.explain(diff, EN)

    def test_status_shift_is_tidy(self, pilot_table):
        table, _, _ = pilot_table
        shift = collaboration_before_after.status_shift(table)
        assert len(shift) == len(table) * len(metrics.STATUSES)
        assert shift.groupby(["group", "date"])["clusters"].sum().tolist() == shift.groupby(["group", "date"])["n"].first().tolist()


# --------------------------------------------------------------------------- network, timeline, tables


def timeline(snapshot, collabs, key, members):
    """collab.timeline of one collaboration of the snapshot: its details, its events, the members' labels."""
    return collab.timeline(
        collab.details(collabs, key), collab.events(snapshot, key), members["cluster_id"], snapshot.assessments, snapshot.as_of
    )


class TestNetworkAndTimeline:
    def test_arcs_between_members_and_to_bodo(self, seed_snapshot, pilot_members):
        net = collab.network(pilot_members, collab.events(seed_snapshot, PILOT))
        assert len(net["members"]) == 7 and len(net["places"]) == 1
        arcs = net["arcs"]
        assert (arcs["kind"] == "member").sum() == 7 * 6 // 2
        to_event = arcs[arcs["kind"] == "event"]
        assert len(to_event) == 7 and set(to_event["target"]) == {"Bodø"}
        assert set(zip(to_event["target_lat"], to_event["target_lon"])) == {(67.0841, 14.9677)}

    def test_members_in_one_town_are_drawn_apart_but_close(self, pilot_members, seed_snapshot):
        points = collab.network(pilot_members, collab.events(seed_snapshot, PILOT))["members"]
        bodo = points[points["home_town"] == "Bodø"]
        assert len(bodo) == 2
        assert len(set(zip(bodo["map_lat"], bodo["map_lon"]))) == 2
        assert ((bodo["map_lat"] - bodo["lat"]).abs() < 0.05).all() and ((bodo["map_lon"] - bodo["lon"]).abs() < 0.1).all()
        alone = points[points["home_town"] == "Narvik"].iloc[0]
        assert (alone["map_lat"], alone["map_lon"]) == (alone["lat"], alone["lon"])

    def test_timeline_rows(self, seed_snapshot, collabs, pilot_members):
        frame = timeline(seed_snapshot, collabs, PILOT, pilot_members)
        assert frame["track"].value_counts().to_dict() == {"label": 7, "period": 1, "event": 1}
        event = frame[frame["track"] == "event"].iloc[0]
        assert event["date"] == pd.Timestamp("2016-10-13") and event["participants"] == 28
        labels = frame[frame["track"] == "label"]
        assert labels["date"].dt.month.eq(9).all() and labels["clusters"].sum() == 7
        period = frame[frame["track"] == "period"].iloc[0]
        assert (period["end_date"], period["status"]) == (pd.Timestamp("2016-12-15"), "ended")

    def test_running_collaboration_ends_at_the_snapshot_date(self, seed_snapshot, collabs, states):
        members = collab.members(seed_snapshot, NORTH, states)
        frame = timeline(seed_snapshot, collabs, NORTH, members)
        period = frame[frame["track"] == "period"].iloc[0]
        assert (period["end_date"], period["status"]) == (pd.Timestamp("2017-03-01"), "running")
        assert frame[frame["track"] == "event"].iloc[0]["place"] == "Tromsø"

    def test_members_table_shows_scores_only_when_given(self, seed_snapshot, pilot_members):
        public = collaboration_tables.members_table(pilot_members, EN)
        assert list(public.columns) == ["Cluster", "Town", "County/region", "Programme", "Status", "Valid until"]
        assert set(public["Valid until"]) == {dt.date(2018, 9, 30)}
        scores = collab.latest_labelled(seed_snapshot.assessments, pilot_members["cluster_id"], seed_snapshot.as_of)
        adviser = collaboration_tables.members_table(pilot_members, EN, scores)
        assert adviser["Quality index"].notna().all() and len(adviser) == 7

    def test_events_table(self, seed_snapshot):
        table = collaboration_tables.events_table(collab.events(seed_snapshot, PILOT), NB)
        row = table.iloc[0]
        assert (row["Dato"], row["Sted"], row["Deltakere"], row["Type"]) == (dt.date(2016, 10, 13), "Bodø", 28, "Workshop")


# --------------------------------------------------------------------------- charts (specs, no browser)


def _values(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


class TestCharts:
    def test_scorecard_chart_holds_group_means_with_sizes(self, seed_snapshot, pilot_members):
        card = collab.scorecard(seed_snapshot, pilot_members["cluster_id"])
        spec = charts.scorecard_chart(card.profile, EN).to_dict()
        rows = _values(spec)
        assert len(rows) == 24 and min(r["n"] for r in rows) >= 3
        assert {r["group_name"] for r in rows} == {
            "Members, n = 7",
            "Norway, n = 28",
            "Denmark, n = 29",
            f"Gold, n = {card.size_of('gold')}",
        }
        dots = spec["layer"][1]["encoding"]
        assert dots["color"]["scale"]["range"][:3] == ["#009E73", "#0072B2", "#D55E00"]
        assert dots["x"]["scale"]["domain"][1] == 100
        assert spec["title"] == "Mean score in the six ESCA areas"

    def test_status_shift_chart(self, seed_snapshot, pilot_members):
        table = collaboration_before_after.before_after(seed_snapshot, tuple(pilot_members["cluster_id"]), (), "2016-08-15")
        spec = charts.status_shift_chart(collaboration_before_after.status_shift(table), NB).to_dict()
        rows = _values(spec)
        assert {r["when"] for r in rows} == {"Start 15. aug. 2016", "1. mars 2017"}
        assert {r["status_name"] for r in rows} == {"Aldri sertifisert", "Bronse"}
        assert [panel["title"]["text"] for panel in spec["vconcat"]] == ["Samarbeidet, n = 7"]  # one panel a group
        assert spec["autosize"]["type"] == "fit-x" and spec["resolve"]["scale"] == {"x": "shared", "y": "shared"}

    def test_timeline_chart(self, seed_snapshot, collabs, pilot_members):
        frame = timeline(seed_snapshot, collabs, PILOT, pilot_members)
        spec = charts.timeline_chart(frame, EN, seed_snapshot.as_of).to_dict()
        assert len(spec["layer"]) == 4 and spec["resolve"]["scale"]["color"] == "independent"
        events = [r for r in _values(spec) if r.get("track") == "event"]
        assert events[0]["participants"] == 28 and events[0]["kind_name"] == "Workshop"
        assert events[0]["name"] == "Klyngesamling og workshop i Bodø"
        event_layer = spec["layer"][2]["encoding"]
        assert event_layer["size"]["field"] == "size_value" and event_layer["color"]["field"] == "kind_name"
        assert spec["autosize"]["type"] == "fit-x"

    def test_network_deck_spec(self, seed_snapshot, pilot_members):
        net = collab.network(pilot_members, collab.events(seed_snapshot, PILOT))
        deck = collaboration_map.network_deck(net, EN)
        text = deck.to_json()
        spec = json.loads(text)
        layers = {layer["id"]: layer for layer in spec["layers"]}
        assert [layer["@@type"] for layer in spec["layers"]] == ["ArcLayer", "ArcLayer", "ScatterplotLayer", "ScatterplotLayer"]
        members = layers["members"]["data"]
        assert len(members) == 7
        bronze = [int(STATUS_COLOURS["bronze"][i : i + 2], 16) for i in (1, 3, 5)] + [255]
        assert all(row["colour"] == bronze for row in members)
        assert len(layers["member-arcs"]["data"]) == 21 and len(layers["event-arcs"]["data"]) == 7
        assert layers["event-places"]["data"][0]["tip_detail"] == "Bodø · 13 October 2016 · 28 participants"
        assert members[0]["tip_detail"].endswith("valid until 30 September 2018")
        assert layers["members"]["radiusUnits"] == "pixels"  # a literal, not an accessor expression
        assert "carto" not in text.lower() and "mapbox" not in text.lower()
        assert "quality_index" not in text and "area_" not in text
        assert deck._tooltip == {"text": "{tip_title}\n{tip_detail}"}
        view = spec["initialViewState"]
        assert 65.5 < view["latitude"] < 68.5 and 12 < view["longitude"] < 18 and view["zoom"] > 4

    def test_map_legend(self, pilot_members):
        spec = collaboration_map.map_legend(pilot_members["status"], EN).to_dict()
        keys = [r["key"] for r in _values(spec)]
        assert keys == ["Bronze", "Event place", "Collaboration", "To an event"]
