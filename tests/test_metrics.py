"""Metric functions on small hand-made frames and on the calibrated demo snapshot."""
import datetime as dt

import pandas as pd
import pytest

from clusterviz.figures import metrics
from clusterviz.data.demo import valid_until


def assessment(cluster_id, day, label="bronze", atype=None, index=60.0, lights=("green", "green", "green")):
    day = pd.Timestamp(day)
    return {
        "assessment_id": f"{cluster_id}-{day.date()}-{label}", "cluster_id": cluster_id, "assessment_date": day,
        "assessment_type": atype or {"bronze": "benchmarking", "silver": "silver", "gold": "gold", "none": "gold"}[label],
        "label_level": label, "valid_until": pd.NaT if label == "none" else pd.Timestamp(valid_until(day.date())),
        "quality_index": index, **{f"area_{a}": index for a in metrics.AREAS},
        "light_budget": lights[0], "light_plan": lights[1], "light_training": lights[2],
    }


def clusters_frame(*ids, country="NO"):
    return pd.DataFrame({"cluster_id": list(ids), "country": country, "county_code": "18",
                         "programme_level": "arena", "sector": "x"})


class TestLabelStates:
    def test_valid_grace_lapsed_never(self):
        clusters = clusters_frame("a", "b", "c", "d")
        assessments = pd.DataFrame([assessment("a", "2016-05-10"), assessment("b", "2014-09-01"),
                                    assessment("c", "2013-01-15")])
        states = metrics.label_states(clusters, assessments, dt.date(2017, 3, 1)).set_index("cluster_id")
        assert states.loc["a", "status"] == "bronze" and states.loc["a", "state"] == "valid"
        assert states.loc["b", "state"] == "grace"      # valid to 2016-09-30, grace to 2017-09-30
        assert states.loc["c", "state"] == "lapsed"     # valid to 2015-01-31, grace to 2016-01-31
        assert states.loc["d", "status"] == "never"
        assert states.loc["a", "days_left"] == (pd.Timestamp("2018-05-31") - pd.Timestamp("2017-03-01")).days

    def test_last_valid_day_is_still_valid_and_grace_ends_a_year_later(self):
        clusters = clusters_frame("a")
        assessments = pd.DataFrame([assessment("a", "2015-03-10")])   # valid to 2017-03-31
        assert metrics.label_states(clusters, assessments, "2017-03-31")["state"].item() == "valid"
        assert metrics.label_states(clusters, assessments, "2017-04-01")["state"].item() == "grace"
        assert metrics.label_states(clusters, assessments, "2018-03-31")["state"].item() == "grace"
        assert metrics.label_states(clusters, assessments, "2018-04-01")["state"].item() == "lapsed"

    def test_latest_label_counts_and_same_day_double_record_takes_the_higher(self):
        clusters = clusters_frame("a")
        assessments = pd.DataFrame([assessment("a", "2013-03-01"), assessment("a", "2015-02-01", "gold", index=85),
                                    assessment("a", "2015-02-01", "bronze")])
        states = metrics.label_states(clusters, assessments, "2016-01-01")
        assert states["status"].item() == "gold"
        assert states["labels_held"].item() == 2

    def test_failed_assessment_without_label_does_not_replace_the_label(self):
        clusters = clusters_frame("a")
        assessments = pd.DataFrame([assessment("a", "2015-01-01"), assessment("a", "2016-01-01", "none", index=70)])
        assert metrics.label_states(clusters, assessments, "2016-06-01")["status"].item() == "bronze"

    def test_future_assessments_are_ignored(self):
        clusters = clusters_frame("a")
        assessments = pd.DataFrame([assessment("a", "2018-01-01")])
        assert metrics.label_states(clusters, assessments, "2017-03-01")["status"].item() == "never"


class TestFilters:
    def test_filters_combine(self, seed_snapshot):
        states = metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, seed_snapshot.as_of)
        only_gold_no = metrics.filter_clusters(seed_snapshot.clusters, states,
                                               metrics.Filters(countries=("NO",), statuses=("gold",)))
        assert len(only_gold_no) == 6
        nordland = metrics.filter_clusters(seed_snapshot.clusters, states, metrics.Filters(counties=("18",)))
        assert set(nordland["county_code"]) == {"18"} and len(nordland) == 8
        assert len(metrics.filter_clusters(seed_snapshot.clusters, states, metrics.Filters())) == len(seed_snapshot.clusters)


class TestSeedFigures:
    """Every figure of ../shared/seed-facts.md §D, computed by the functions the pages use."""

    def test_facts(self, seed_snapshot):
        f = metrics.facts(seed_snapshot)
        assert (f["no_gold_valid"], f["no_silver_valid"]) == (6, 0)
        assert (f["dk_gold_valid"], f["dk_silver_valid"]) == (8, 6)
        assert (f["no_first_benchmarked"], f["no_renewed_or_upgraded"], f["no_lapsed"]) == (55, 24, 31)
        assert f["no_first_benchmarked"] == f["no_renewed_or_upgraded"] + f["no_lapsed"]
        assert (f["comparison_no_n"], f["comparison_dk_n"]) == (28, 29)
        assert (f["comparison_no_mean_index"], f["comparison_dk_mean_index"]) == (63.6, 67.2)
        assert f["nordland_pilot_clusters"] == 7
        assert f["nordland_workshop_date"] == "2016-10-13"
        assert (f["training_certified_n"], f["training_all_green_n"]) == (28, 9)
        events = {(e["place"], e["start_date"]): e for e in f["training_events"]}
        assert len(events) == 5
        assert [e["participants"] for e in f["training_events"]] == [30, 30, None, 60, 25]
        assert [e["clusters"] for e in f["training_events"]] == [15, 15, 15, None, 15]
        assert {e["country"] for e in f["training_events"]} == {"RO", "BG"}

    def test_sample_means_are_exact_not_rounded_luck(self, seed_snapshot):
        sample = metrics.comparison_sample(seed_snapshot.clusters, seed_snapshot.assessments)
        means = sample.groupby("country")["quality_index"].mean()
        assert means["NO"] == pytest.approx(63.6, abs=1e-9)
        assert means["DK"] == pytest.approx(67.2, abs=1e-9)

    def test_sample_is_the_articles_window_and_excludes_the_nordland_round(self, seed_snapshot):
        sample = metrics.comparison_sample(seed_snapshot.clusters, seed_snapshot.assessments)
        assert sample["assessment_date"].min() >= pd.Timestamp("2014-02-01")
        assert sample["assessment_date"].max() <= pd.Timestamp("2016-08-31")
        pilot = metrics.collaboration_members(seed_snapshot, "nordland-pilot-2016")["cluster_id"]
        assert not set(pilot) & set(sample["cluster_id"])

    def test_gold_labels_meet_the_80_percent_rule(self, seed_snapshot):
        gold = seed_snapshot.assessments[seed_snapshot.assessments["label_level"] == "gold"]
        assert (gold["quality_index"] >= 80).all()

    def test_area_scores_average_to_the_index(self, seed_snapshot):
        a = seed_snapshot.assessments
        mean = a[list(metrics.AREA_COLUMNS)].mean(axis=1)
        assert (mean - a["quality_index"]).abs().max() < 1e-9

    def test_denmark_leads_on_management_and_services(self, seed_snapshot):
        sample = metrics.comparison_sample(seed_snapshot.clusters, seed_snapshot.assessments)
        gap = metrics.area_gap(metrics.area_profile(sample))
        assert set(gap["area"].head(2)) == {"management", "services"}
        assert gap["gap"].iloc[-1] < 0          # Norway ahead on one area
        assert gap["gap"].mean() == pytest.approx(67.2 - 63.6, abs=1e-9)

    def test_training_lights_tidy_counts(self, seed_snapshot):
        sample = metrics.comparison_sample(seed_snapshot.clusters, seed_snapshot.assessments)
        lights = metrics.training_lights(sample)
        no = lights[lights["country"] == "NO"]
        assert no.groupby("light")["clusters"].sum().eq(28).all()

    def test_status_counts_are_complete_and_add_up(self, seed_snapshot):
        states = metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, seed_snapshot.as_of)
        counts = metrics.status_counts(seed_snapshot.clusters, states)
        assert len(counts) == 2 * len(metrics.STATUSES)
        assert counts["clusters"].sum() == len(seed_snapshot.clusters)


def test_earlier_snapshot_tells_an_earlier_story(data_root):
    from clusterviz.data import store

    early = metrics.facts(store.load(f"{data_root}/2015-03-01"))
    assert early["no_gold_valid"] < 6
    assert early["nordland_pilot_clusters"] == 0
    assert early["training_events"] == []
