"""Metric functions on small hand-made frames and on the calibrated demo snapshot."""

import datetime as dt

import pandas as pd
import pytest

from clusterviz.data.snapshot import AREA_COLUMNS
from clusterviz.figures import collaboration, metrics, overview
from clusterviz.figures.sample import area_gap, area_profile, comparison_sample, training_lights
from tests.support.factories import assessment, clusters_frame


class TestLabelStates:
    def test_valid_grace_lapsed_never(self):
        clusters = clusters_frame("a", "b", "c", "d")
        assessments = pd.DataFrame([assessment("a", "2016-05-10"), assessment("b", "2014-09-01"), assessment("c", "2013-01-15")])
        states = metrics.label_states(clusters, assessments, dt.date(2017, 3, 1)).set_index("cluster_id")
        assert states.loc["a", "status"] == "bronze" and states.loc["a", "state"] == "valid"
        assert states.loc["b", "state"] == "grace"  # valid to 2016-09-30, grace to 2017-09-30
        assert states.loc["c", "state"] == "lapsed"  # valid to 2015-01-31, grace to 2016-01-31
        assert states.loc["d", "status"] == "never"
        assert states.loc["a", "days_left"] == (pd.Timestamp("2018-05-31") - pd.Timestamp("2017-03-01")).days

    def test_last_valid_day_is_still_valid_and_grace_ends_a_year_later(self):
        clusters = clusters_frame("a")
        assessments = pd.DataFrame([assessment("a", "2015-03-10")])  # valid to 2017-03-31
        assert metrics.label_states(clusters, assessments, "2017-03-31")["state"].item() == "valid"
        assert metrics.label_states(clusters, assessments, "2017-04-01")["state"].item() == "grace"
        assert metrics.label_states(clusters, assessments, "2018-03-31")["state"].item() == "grace"
        assert metrics.label_states(clusters, assessments, "2018-04-01")["state"].item() == "lapsed"

    def test_latest_label_counts_and_same_day_double_record_takes_the_higher(self):
        clusters = clusters_frame("a")
        assessments = pd.DataFrame(
            [assessment("a", "2013-03-01"), assessment("a", "2015-02-01", "gold", index=85), assessment("a", "2015-02-01", "bronze")]
        )
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
        only_gold_no = metrics.filter_clusters(seed_snapshot.clusters, states, metrics.Filters(countries=("NO",), statuses=("gold",)))
        assert len(only_gold_no) == 6
        nordland = metrics.filter_clusters(seed_snapshot.clusters, states, metrics.Filters(counties=("18",)))
        assert set(nordland["county_code"]) == {"18"} and len(nordland) == 8
        assert len(metrics.filter_clusters(seed_snapshot.clusters, states, metrics.Filters())) == len(seed_snapshot.clusters)


class TestSeedFigures:
    """Every figure of ../shared/seed-facts.md §D, computed by the functions the pages use."""

    def test_facts(self, seed_snapshot):
        f = overview.facts(seed_snapshot)
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
        sample = comparison_sample(seed_snapshot.clusters, seed_snapshot.assessments)
        means = sample.groupby("country")["quality_index"].mean()
        assert means["NO"] == pytest.approx(63.6, abs=1e-9)
        assert means["DK"] == pytest.approx(67.2, abs=1e-9)

    def test_sample_is_the_articles_window_and_excludes_the_nordland_round(self, seed_snapshot):
        sample = comparison_sample(seed_snapshot.clusters, seed_snapshot.assessments)
        assert sample["assessment_date"].min() >= pd.Timestamp("2014-02-01")
        assert sample["assessment_date"].max() <= pd.Timestamp("2016-08-31")
        pilot = collaboration.collaboration_members(seed_snapshot, "nordland-pilot-2016")["cluster_id"]
        assert not set(pilot) & set(sample["cluster_id"])

    def test_gold_labels_meet_the_80_percent_rule(self, seed_snapshot):
        gold = seed_snapshot.assessments[seed_snapshot.assessments["label_level"] == "gold"]
        assert (gold["quality_index"] >= 80).all()

    def test_area_scores_average_to_the_index(self, seed_snapshot):
        a = seed_snapshot.assessments
        mean = a[list(AREA_COLUMNS)].mean(axis=1)
        assert (mean - a["quality_index"]).abs().max() < 1e-9

    def test_denmark_leads_on_management_and_services(self, seed_snapshot):
        sample = comparison_sample(seed_snapshot.clusters, seed_snapshot.assessments)
        gap = area_gap(area_profile(sample))
        assert set(gap["area"].head(2)) == {"management", "services"}
        assert gap["gap"].iloc[-1] < 0  # Norway ahead on one area
        assert gap["gap"].mean() == pytest.approx(67.2 - 63.6, abs=1e-9)

    def test_training_lights_tidy_counts(self, seed_snapshot):
        sample = comparison_sample(seed_snapshot.clusters, seed_snapshot.assessments)
        lights = training_lights(sample)
        no = lights[lights["country"] == "NO"]
        assert no.groupby("light")["clusters"].sum().eq(28).all()

    def test_status_counts_are_complete_and_add_up(self, seed_snapshot):
        states = metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, seed_snapshot.as_of)
        counts = metrics.status_counts(seed_snapshot.clusters, states)
        assert len(counts) == 2 * len(metrics.STATUSES)
        assert counts["clusters"].sum() == len(seed_snapshot.clusters)


def test_earlier_snapshot_tells_an_earlier_story(data_root):
    from clusterviz.data import store

    early = overview.facts(store.load(f"{data_root}/2015-03-01"))
    assert early["no_gold_valid"] < 6
    assert early["nordland_pilot_clusters"] == 0
    assert early["training_events"] == []


def year_only(cluster_id, year, label="bronze"):
    """A label known only by its award year: valid_until unknown (as in the public record)."""
    row = assessment(cluster_id, f"{year}-01-01", label)
    return {**row, "valid_until": pd.NaT, "date_precision": "year"}


class TestValidityNotKnown:
    """A null valid_until: certainly valid to start + 2 y - 1 d, certainly over by end + 3 y, lapsed after
    end + 4 y (seed-facts §C: the longest validity is 3 years, renewal possible a year after); between: unknown."""

    @pytest.mark.parametrize(
        "on, state, status",
        [
            ("2016-01-01", "valid", "bronze"),
            ("2017-12-31", "valid", "bronze"),  # 2016-01-01 + 2 y - 1 d: the last day certainly valid
            ("2018-01-01", "unknown", "unknown"),  # the day after: it may have ended (awarded in January) or not
            ("2019-12-31", "unknown", "unknown"),  # 2016-12-31 + 3 y: certainly over from here on, maybe in grace
            ("2020-01-01", "unknown", "unknown"),
            ("2020-12-31", "unknown", "unknown"),  # 2016-12-31 + 4 y: the last day a renewal may still have come
            ("2021-01-01", "lapsed", "lapsed"),
        ],
    )
    def test_label_state_bounds(self, on, state, status):
        states = metrics.label_states(clusters_frame("a"), pd.DataFrame([year_only("a", 2016)]), on)
        assert (states.loc[0, "state"], states.loc[0, "status"]) == (state, status)
        assert pd.isna(states.loc[0, "valid_until"]) and pd.isna(states.loc[0, "grace_until"])

    def test_bounds_by_precision(self):
        dates = pd.Series(pd.to_datetime(["2016-01-01", "2016-09-01", "2016-03-15"]))
        bounds = metrics.validity_bounds(dates, pd.Series(["year", "month", "day"]))
        assert list(bounds["sure_valid_until"]) == list(pd.to_datetime(["2017-12-31", "2018-08-31", "2018-03-14"]))
        assert list(bounds["sure_over_by"]) == list(pd.to_datetime(["2019-12-31", "2019-09-30", "2019-03-15"]))
        assert list(bounds["lapsed_after"]) == list(pd.to_datetime(["2020-12-31", "2020-09-30", "2020-03-15"]))

    def test_unknown_is_counted_apart_from_lapsed_and_never(self):
        clusters = clusters_frame("a", "b", "c")
        assessments = pd.DataFrame([year_only("a", 2016), {**assessment("b", "2013-01-10"), "date_precision": "day"}])
        counts = metrics.valid_counts(clusters, metrics.label_states(clusters, assessments, "2018-06-01"), "NO")
        assert (counts["unknown"], counts["lapsed"], counts["never"], counts["valid"]) == (1, 1, 1, 0)
        assert metrics.STATUSES.index("unknown") == metrics.STATUSES.index("lapsed") + 1
        assert metrics.STATUSES[-1] == "never"

    @pytest.mark.parametrize(
        "on, later, stage",
        [
            ("2017-06-01", None, "still_valid"),
            ("2018-06-01", None, "end_unknown"),  # past the certain validity: neither renewed nor lapsed
            ("2021-01-01", None, "not_renewed"),  # past lapsed_after without a new label: certainly lapsed
            ("2019-06-01", "2018-12-01", "renewed"),  # within a year of the certain validity: certainly renewed
            ("2020-06-01", "2019-06-01", "end_unknown"),  # a renewal or a new start: the data cannot say
            ("2022-06-01", "2021-06-01", "not_renewed"),  # after lapsed_after: a new start
        ],
    )
    def test_first_label_with_unknown_end_in_the_funnel(self, on, later, stage):
        rows = [year_only("a", 2016)]
        if later:
            rows.append({**assessment("a", later), "date_precision": "day"})
        firsts = metrics.first_labels(pd.DataFrame(rows), on)
        assert firsts.loc[0, "stage"] == stage
        funnel = metrics.funnel_values(metrics.renewal_funnel(clusters_frame("a"), pd.DataFrame(rows), on), "NO")
        assert funnel["end_unknown"] == (stage == "end_unknown")
        assert funnel["first_ended"] == (stage in ("renewed", "not_renewed"))

    def test_unknown_validity_is_not_on_the_watch_list(self):
        from clusterviz.figures import renewals as renewal

        clusters = clusters_frame("a", "b").assign(name=["A", "B"])
        assessments = pd.DataFrame([year_only("a", 2016), {**assessment("b", "2016-03-10"), "date_precision": "day"}])
        on = "2018-01-15"  # a: validity unknown; b: valid to 2018-03-31, inside six months
        watch = renewal.watch_list(clusters, metrics.label_states(clusters, assessments, on), on, "6")
        assert list(watch["cluster_id"]) == ["b"]
        stages = renewal.funnel_stages(clusters, assessments, "2020-06-01")
        assert set(stages["outcome"]) == set(renewal.FUNNEL_OUTCOMES) and "unknown" in renewal.FUNNEL_OUTCOMES


def test_facts_count_first_labels_whose_end_is_unknown():
    """facts (and the CLI's facts --json) says how many Norwegian first labels have an unknown end."""
    from clusterviz.data import store

    snapshot = store.load(str(store.PUBLIC_ROOT / "2019-03-01"))
    facts = overview.facts(snapshot)
    funnel = metrics.funnel_values(metrics.renewal_funnel(snapshot.clusters, snapshot.assessments, snapshot.as_of), "NO")
    assert facts["no_first_label_end_unknown"] == funnel["end_unknown"] >= 1
    assert facts["no_first_benchmarked"] == facts["no_renewed_or_upgraded"] + facts["no_lapsed"]
