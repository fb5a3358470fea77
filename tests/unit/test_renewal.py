"""Renewal gaps: the funnel's edge cases (metrics.first_labels / renewal_funnel), clusterviz.figures.renewals on
small hand-made frames and on the demo snapshots, and the specs of the renewals page's charts."""

import datetime as dt
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterviz.charts import renewals as charts
from clusterviz.charts import renewals_tables
from clusterviz.charts.base import STATUS_COLOURS
from clusterviz.data import store
from clusterviz.figures import metrics, renewals_timeline
from clusterviz.figures import renewals as renewal
from clusterviz.text.i18n import Translator
from tests.support import factories

NB, EN = Translator("nb"), Translator("en")


def assessments_frame(*rows):
    """Assessment rows whose scores are constant (50): nothing here may read them."""
    return factories.assessments_frame(*rows, index=50.0)


def clusters_frame(*ids, country="NO", county="18", active=True):
    return factories.clusters_frame(*ids, country=country, county=county, name=[f"Cluster {i}" for i in ids], active=active)


def funnel_dict(clusters, assessments, on, country="NO"):
    funnel = metrics.renewal_funnel(clusters, assessments, on)
    return {step: metrics.funnel_value(funnel, country, step) for step in funnel["step"].unique()}


def snapshot_of(clusters, assessments, as_of):
    return factories.snapshot_of(as_of, {"clusters": clusters, "assessments": assessments})


# --------------------------------------------------------------------------- funnel edge cases (metrics.py)


class TestFunnelEdgeCases:
    """The definitions in metrics.py's docstring, pinned on hand-made frames.  First label 2015-03-10 is
    valid to 2017-03-31; its grace year ends 2018-03-31."""

    ON = "2018-06-01"

    def test_renewal_on_the_last_valid_day_counts(self):
        clusters = clusters_frame("a")
        history = assessments_frame(("a", "2015-03-10"), ("a", "2017-03-31"))
        firsts = metrics.first_labels(history, self.ON)
        assert firsts["stage"].item() == "renewed"
        assert firsts["renewed_on"].item() == pd.Timestamp("2017-03-31")
        assert funnel_dict(clusters, history, self.ON) | {} == {
            "first_ended": 1,
            "renewed": 1,
            "silver": 0,
            "gold": 0,
            "not_renewed": 0,
            "not_renewed_in_grace": 0,
            "still_valid": 0,
            "end_unknown": 0,
        }

    def test_renewal_inside_grace_counts_up_to_its_last_day(self):
        clusters = clusters_frame("a", "b")
        history = assessments_frame(("a", "2015-03-10"), ("a", "2017-09-15", "gold"), ("b", "2015-03-10"), ("b", "2018-03-31"))
        firsts = metrics.first_labels(history, self.ON).set_index("cluster_id")
        assert firsts.loc["a", "stage"] == "renewed" and firsts.loc["a", "reached_gold"]
        assert firsts.loc["b", "stage"] == "renewed"
        funnel = funnel_dict(clusters, history, self.ON)
        assert (funnel["first_ended"], funnel["renewed"], funnel["gold"], funnel["not_renewed"]) == (2, 2, 1, 0)

    def test_renewal_after_grace_is_a_new_start_not_a_renewal(self):
        clusters = clusters_frame("a")
        history = assessments_frame(("a", "2015-03-10"), ("a", "2018-04-01"))
        firsts = metrics.first_labels(history, self.ON)
        assert firsts["stage"].item() == "not_renewed"
        assert not firsts["in_grace"].item()
        assert pd.isna(firsts["renewed_on"].item())
        funnel = funnel_dict(clusters, history, self.ON)
        assert (funnel["first_ended"], funnel["renewed"], funnel["not_renewed"]) == (1, 0, 1)
        # ... and the cluster holds a valid label again: a new start
        assert metrics.label_states(clusters, history, self.ON)["state"].item() == "valid"
        periods = renewal.label_periods(history, self.ON)
        assert periods["new_start_after"].tolist() == [True, False]
        assert periods["gap_days"].iloc[0] == 0  # restarted the day after the grace year ended

    def test_not_renewed_yet_inside_grace_is_counted_apart(self):
        clusters = clusters_frame("a", "b")
        history = assessments_frame(("a", "2015-03-10"), ("b", "2014-01-10"))  # b: grace ended 2017-01-31
        funnel = funnel_dict(clusters, history, "2017-06-01")
        assert (funnel["not_renewed"], funnel["not_renewed_in_grace"]) == (2, 1)

    def test_same_day_double_records_collapse_to_the_highest_label(self):
        clusters = clusters_frame("a", "b")
        history = assessments_frame(
            ("a", "2015-03-10"), ("a", "2015-03-10", "gold"), ("b", "2015-03-10"), ("b", "2017-02-01", "silver"), ("b", "2017-02-01")
        )
        firsts = metrics.first_labels(history, self.ON).set_index("cluster_id")
        assert firsts.loc["a", "first_level"] == "gold"
        assert firsts.loc["a", "stage"] == "not_renewed"  # the double record is not a renewal of itself
        assert firsts.loc["b", "stage"] == "renewed" and firsts.loc["b", "reached_silver"]
        funnel = funnel_dict(clusters, history, self.ON)
        assert (funnel["first_ended"], funnel["renewed"], funnel["silver"], funnel["not_renewed"]) == (2, 1, 1, 1)
        assert len(renewal.label_periods(history, self.ON)) == 3

    def test_a_cluster_that_became_inactive_still_counts(self):
        clusters = pd.concat([clusters_frame("a", active=False), clusters_frame("b")], ignore_index=True)
        history = assessments_frame(("a", "2013-05-01"), ("b", "2013-05-01"), ("b", "2015-04-01"))
        funnel = funnel_dict(clusters, history, self.ON)
        assert (funnel["first_ended"], funnel["renewed"], funnel["not_renewed"]) == (2, 1, 1)
        stages = renewal.funnel_stages(clusters, history, self.ON).set_index(["step", "outcome"])["clusters"]
        assert stages[("first_ended", "lapsed")] == 1

    def test_first_label_still_running_is_outside_the_funnel(self):
        clusters = clusters_frame("a")
        history = assessments_frame(("a", "2017-01-10"))
        funnel = funnel_dict(clusters, history, self.ON)
        assert (funnel["first_ended"], funnel["still_valid"]) == (0, 1)


class TestFunnelOnDemo:
    def test_norway_55_to_24_with_31_not_renewed(self, seed_snapshot):
        s = seed_snapshot
        funnel = funnel_dict(s.clusters, s.assessments, s.as_of)
        assert (funnel["first_ended"], funnel["renewed"], funnel["not_renewed"]) == (55, 24, 31)
        assert funnel["not_renewed_in_grace"] == 2

    def test_stages_add_up_to_the_funnel(self, seed_snapshot):
        s = seed_snapshot
        stages = renewal.funnel_stages(s.clusters, s.assessments, s.as_of)
        funnel = metrics.renewal_funnel(s.clusters, s.assessments, s.as_of)
        totals = renewal.funnel_totals(stages).set_index(["country", "step"])["clusters"]
        for country in ("NO", "DK"):
            for step in renewal.FUNNEL_STEPS:
                assert totals[(country, step)] == metrics.funnel_value(funnel, country, step)
        no = stages[stages["country"] == "NO"].set_index(["step", "outcome"])["clusters"]
        assert (no[("first_ended", "kept")], no[("first_ended", "grace")], no[("first_ended", "lapsed")]) == (24, 2, 29)
        assert no[("gold", "kept")] == 6  # the six valid Norwegian Gold labels all came by renewal

    def test_filters_narrow_the_funnel(self, seed_snapshot):
        s = seed_snapshot
        nordland = s.clusters[s.clusters["county_code"] == "18"]
        stages = renewal.funnel_stages(nordland, s.assessments, s.as_of)
        assert set(stages["country"]) == {"NO"}
        assert renewal.funnel_totals(stages)["clusters"].max() < 55

    def test_label_periods_agree_with_first_labels(self, seed_snapshot):
        s = seed_snapshot
        periods = renewal.label_periods(s.assessments, s.as_of).groupby("cluster_id").head(1).set_index("cluster_id")
        firsts = metrics.first_labels(s.assessments, s.as_of).set_index("cluster_id")
        assert (periods["renewed"] == (firsts["stage"] == "renewed")).all()


# --------------------------------------------------------------------------- timelines


class TestTimelines:
    ON = "2017-03-01"

    def test_segments_show_renewals_grace_years_and_gaps(self):
        clusters = clusters_frame("early", "grace", "gap", "now")
        history = assessments_frame(
            ("early", "2013-01-10"),
            ("early", "2014-11-05", "silver"),  # renewed before expiry: no grace bar
            ("grace", "2013-01-10"),
            ("grace", "2015-06-02"),  # renewed inside grace
            ("gap", "2012-06-10"),
            ("gap", "2016-01-20"),  # lapsed, new start later: a gap
            ("now", "2016-05-04"),
        )  # valid now, grace year ahead
        states = metrics.label_states(clusters, history, self.ON)
        seg = renewals_timeline.timelines(clusters, history, states, self.ON)
        early = seg[seg["cluster_id"] == "early"]
        assert early["period"].tolist() == ["valid", "valid", "grace"]
        assert early["end"].iloc[0] == pd.Timestamp("2014-11-05")  # cut where the Silver starts
        grace = seg[seg["cluster_id"] == "grace"]
        assert grace["period"].tolist() == ["valid", "grace", "valid", "grace"]
        assert grace["start"].iloc[1] == pd.Timestamp("2015-02-01")  # day after valid_until 2015-01-31
        assert grace["end"].iloc[1] == pd.Timestamp("2015-06-02")  # cut where the renewal starts
        gap = seg[seg["cluster_id"] == "gap"]
        assert gap["end"].iloc[1] == pd.Timestamp("2015-07-01")  # full grace year to 2015-06-30
        assert gap["start"].iloc[2] == pd.Timestamp("2016-01-20")  # blank between: the gap
        now = seg[seg["cluster_id"] == "now"]
        assert now["end"].tolist() == [pd.Timestamp("2018-06-01"), pd.Timestamp("2019-06-01")]
        assert not {"quality_index", "area_services"} & set(seg.columns)

    def test_never_certified_clusters_get_no_row(self):
        clusters = clusters_frame("a", "never")
        history = assessments_frame(("a", "2016-01-10"))
        states = metrics.label_states(clusters, history, self.ON)
        seg = renewals_timeline.timelines(clusters, history, states, self.ON)
        assert set(seg["cluster_id"]) == {"a"} and seg["row"].max() == 0

    def test_sort_orders(self, seed_snapshot):
        s = seed_snapshot
        states = metrics.label_states(s.clusters, s.assessments, s.as_of)
        by = {sort: renewals_timeline.timeline_order(s.clusters, states, sort) for sort in renewals_timeline.SORTS}
        status = states.set_index("cluster_id")["status"]
        assert status[by["level"][0]] == "gold" and status[by["level"][-1]] == "never"
        days = -states.set_index("cluster_id")["days_left"]
        known = [d for d in days[by["expiry"]] if pd.notna(d)]
        assert known == sorted(known, reverse=True) and known[0] > 900  # longest lapsed first
        county = s.clusters.set_index("cluster_id")
        assert county.loc[by["county"][0], "country"] == "NO" and county.loc[by["county"][-1], "country"] == "DK"
        seg = renewals_timeline.timelines(s.clusters, s.assessments, states, s.as_of, "expiry")
        assert seg["cluster_id"].nunique() == 101 and seg["row"].max() == 100


class TestTimelinePages:
    """A page of TIMELINE_ROWS clusters at a time: page count, clamping, order, the last partial page."""

    def test_page_count_and_rows_shown(self):
        assert renewals_timeline.timeline_page(101, 1, 40) == renewals_timeline.TimelinePage(1, 3, 1, 40, 101)
        assert renewals_timeline.timeline_page(101, 3, 40) == renewals_timeline.TimelinePage(3, 3, 81, 101, 101)  # last, partial
        assert renewals_timeline.timeline_page(80, 2, 40) == renewals_timeline.TimelinePage(2, 2, 41, 80, 80)  # exactly full
        assert renewals_timeline.timeline_page(34, 1, 40) == renewals_timeline.TimelinePage(1, 1, 1, 34, 34)
        assert renewals_timeline.timeline_page(0, 1, 40) == renewals_timeline.TimelinePage(1, 1, 0, 0, 0)  # nothing to show

    def test_a_page_past_the_end_is_clamped_to_the_last(self):
        assert renewals_timeline.timeline_page(67, 3, 40).number == 2  # a filter shrank 101 rows to 67
        assert renewals_timeline.timeline_page(67, 3, 40).first == 41
        assert renewals_timeline.timeline_page(34, 3, 40).number == 1
        assert renewals_timeline.timeline_page(0, 5, 40).number == 1
        assert renewals_timeline.timeline_page(67, 0, 40).number == 1 and renewals_timeline.timeline_page(67, -4, 40).number == 1

    @given(rows=st.integers(0, 5000), number=st.integers(-5, 300), size=st.integers(1, 120))
    def test_every_page_is_within_the_list_and_never_empty(self, rows, number, size):
        page = renewals_timeline.timeline_page(rows, number, size)
        assert 1 <= page.number <= page.pages
        if rows:
            assert (page.pages - 1) * size < rows <= page.pages * size
            assert page.last - page.first + 1 == min(size, rows - (page.number - 1) * size) > 0
            assert page.first == (page.number - 1) * size + 1
        else:
            assert (page.pages, page.first, page.last) == (1, 0, 0)

    def test_pages_keep_the_order_and_cover_every_row_once(self, seed_snapshot):
        s = seed_snapshot
        states = metrics.label_states(s.clusters, s.assessments, s.as_of)
        seg = renewals_timeline.timelines(s.clusters, s.assessments, states, s.as_of, "expiry")
        rows = seg["cluster_id"].nunique()
        pages = [renewals_timeline.page_segments(seg, renewals_timeline.timeline_page(rows, n)) for n in (1, 2, 3)]
        assert [p["cluster_id"].nunique() for p in pages] == [40, 40, 21]
        assert pd.concat(pages, ignore_index=True).equals(seg)  # same rows, same order, nothing twice
        assert pages[0]["name"].iloc[0] == "Arena Blå Kyst (demo)"  # lapsed the longest: top of page 1
        assert pages[2]["row"].min() == 80 and pages[2]["row"].max() == 100
        assert renewals_timeline.page_segments(seg, renewals_timeline.timeline_page(0, 1)).empty

    def test_one_time_axis_for_every_page(self, seed_snapshot):
        s = seed_snapshot
        states = metrics.label_states(s.clusters, s.assessments, s.as_of)
        seg = renewals_timeline.timelines(s.clusters, s.assessments, states, s.as_of, "county")
        first, last = renewals_timeline.timeline_years(seg)
        assert first == seg["start"].min().year == 2012  # the earliest demo label
        assert last == (seg["end"].max() - pd.Timedelta(days=1)).year and last >= 2019
        assert renewals_timeline.timeline_years(seg.iloc[0:0]) is None

    @pytest.mark.parametrize(
        "text, ok",
        [
            ("1", True),
            ("12", True),
            ("9999", True),
            ("0", False),
            ("01", False),
            ("-1", False),
            ("1.5", False),
            ("\u00b2", False),
            ("٣", False),
            (" 2", False),
            ("10000", False),
            ("", False),
            ("two", False),
        ],
    )
    def test_page_numbers_a_link_may_carry(self, text, ok):
        assert renewals_timeline.is_page_number(text) is ok

    def test_pager_and_caption_texts(self):
        page = renewals_timeline.timeline_page(2000, 2)
        choices = renewals_tables.pager_choices(2000, EN)
        assert len(choices) == 50 and choices["2"] == "Rows 41–80 of 2,000"
        assert choices["50"] == "Rows 1,961–2,000 of 2,000"
        assert renewals_tables.pager_choices(2000, NB)["2"] == "Rad 41–80 av 2\u00a0000"
        assert renewals_tables.pager_choices(101, EN) == {"1": "Rows 1–40 of 101", "2": "Rows 41–80 of 101", "3": "Rows 81–101 of 101"}
        assert renewals_tables.pager_choices(0, EN) == {"1": "Rows 0–0 of 0"}  # (the page draws no pager then)
        caption = renewals_tables.timelines_caption(page, "all", "6", EN)
        assert caption.startswith("2,000 clusters in the selection have held a label. Showing rows 41–80. Solid bars")
        single = renewals_tables.timelines_caption(renewals_timeline.timeline_page(34, 1), "watch", "12", EN)
        assert single.startswith("34 clusters on the watch-list (running out within 12 months")
        assert "Showing" not in single


# --------------------------------------------------------------------------- watch-list


class TestWatchList:
    @pytest.mark.parametrize("horizon, valid", [("3", 9), ("6", 16), ("12", 32)])
    def test_demo_horizons(self, seed_snapshot, horizon, valid):
        s = seed_snapshot
        states = metrics.label_states(s.clusters, s.assessments, s.as_of)
        watch = renewal.watch_list(s.clusters, states, s.as_of, horizon)
        assert (watch["state"] == "valid").sum() == valid
        assert (watch["state"] == "grace").sum() == 7
        assert watch["valid_until"].is_monotonic_increasing
        assert (watch.loc[watch["state"] == "valid", "days_left"] >= 0).all()
        assert (watch.loc[watch["state"] == "grace", "days_since_expiry"] > 0).all()

    def test_horizon_boundary_and_days(self):
        clusters = clusters_frame("in", "out", "grace", "lapsed")
        history = assessments_frame(("in", "2015-05-20"), ("out", "2015-06-01"), ("grace", "2014-12-01"), ("lapsed", "2013-01-01"))
        states = metrics.label_states(clusters, history, "2017-03-01")
        watch = renewal.watch_list(clusters, states, "2017-03-01", 3).set_index("cluster_id")
        assert list(watch.index) == ["grace", "in"]  # 2017-05-31 < 1 June; 2017-06-30 is not
        assert watch.loc["in", "days_left"] == 91
        assert watch.loc["grace", "days_since_expiry"] == 60  # valid to 2016-12-31
        assert watch.loc["grace", "grace_until"] == pd.Timestamp("2017-12-31")
        assert pd.isna(watch.loc["grace", "days_left"])

    def test_table_is_translated_and_keeps_every_row(self, seed_snapshot):
        s = seed_snapshot
        states = metrics.label_states(s.clusters, s.assessments, s.as_of)
        watch = renewal.watch_list(s.clusters, states, s.as_of, "3")
        nb, en = renewals_tables.watch_table(watch, NB), renewals_tables.watch_table(watch, EN)
        assert len(nb) == len(en) == len(watch) == 16
        assert list(nb.columns)[:3] == ["Klynge", "Land", "Fylke/region"]
        assert "Renewable until" in en.columns
        days = en["Days left / since expiry"]
        assert days.notna().all()
        assert (days.iloc[0], days.iloc[-1]) == (244, 91)  # in grace since 2016-06-30; valid to 2017-05-31
        assert en["Valid until"].iloc[0] == dt.date(2016, 6, 30)
        assert set(en["Status"]) == {"Valid", "Expired (renewable)"}
        assert not any("quality" in c.lower() or "index" in c.lower() for c in en.columns)

    def test_repeated_texts_are_categories_and_downloads_still_hold_the_text(self, seed_snapshot):
        from clusterviz.charts import exports

        s = seed_snapshot
        states = metrics.label_states(s.clusters, s.assessments, s.as_of)
        en = renewals_tables.watch_table(renewal.watch_list(s.clusters, states, s.as_of, "12"), EN)
        for column in ("Country", "Label", "Status"):
            assert isinstance(en[column].dtype, pd.CategoricalDtype), column
        assert en["Country"].cat.categories.size < len(en)  # each country sent once
        text = exports.csv_bytes(en).decode("utf-8-sig")
        assert text.count("Norway") == int((en["Country"] == "Norway").sum()) > 0
        assert "Expired (renewable)" in text


# --------------------------------------------------------------------------- re-certification over time


class TestRecertification:
    def test_hand_made_years_final_and_provisional(self):
        clusters = clusters_frame("a", "b", "c", "d", "e", "f")
        history = assessments_frame(
            ("a", "2012-03-01"),
            ("a", "2014-09-01"),  # expires 2014-03-31, renewed in grace
            ("b", "2012-04-01"),  # expires 2014-04-30, lapsed
            ("c", "2012-05-01"),
            ("c", "2014-05-20"),  # expires 2014-05-31, renewed before expiry
            ("d", "2014-03-01"),  # expires 2016-03-31, still in grace on 2017-03-01
            ("e", "2014-04-01"),
            ("e", "2016-04-10"),  # expires 2016-04-30, renewed
            ("f", "2014-06-01"),
        )  # expires 2016-06-30, in grace
        by_year = renewal.recertification_by_year(clusters, history, "2017-03-01").set_index("year")
        assert by_year.loc[2014, ["labels", "renewed"]].tolist() == [3, 2]
        assert by_year.loc[2014, "final"] and not by_year.loc[2016, "final"]
        # 2016: d, e, f and the renewals of a (to 2016-09-30) and c (to 2016-05-31); only e renewed so far
        assert by_year.loc[2016, ["labels", "renewed"]].tolist() == [5, 1]
        assert by_year.loc[2014, "share"] == pytest.approx(2 / 3)
        assert 2015 not in by_year.index  # no label expired in 2015 (the renewals run to 2016/2018)
        small = renewal.recertification_by_year(clusters, history, "2017-03-01", min_group=4)
        assert small["year"].tolist() == [2016]

    def test_demo_norway_improves_but_2016_is_provisional(self, seed_snapshot):
        s = seed_snapshot
        by_year = renewal.recertification_by_year(s.clusters, s.assessments, s.as_of)
        no = by_year[by_year["country"] == "NO"].set_index("year")
        assert no.loc[2014, ["labels", "renewed"]].tolist() == [15, 4]
        assert no.loc[2015, ["labels", "renewed"]].tolist() == [29, 11]
        assert no.loc[2014, "final"] and no.loc[2015, "final"] and not no.loc[2016, "final"]
        dk = by_year[by_year["country"] == "DK"].set_index("year")
        assert dk.loc[2015, "share"] > no.loc[2015, "share"]

    def test_survival_hand_made(self):
        clusters = clusters_frame("a", "b", "c", "d")
        history = assessments_frame(
            ("a", "2013-01-10"),
            ("a", "2015-01-20"),  # renewed: valid throughout
            ("b", "2013-01-10"),  # runs out after 24 months
            ("c", "2013-01-10"),
            ("c", "2015-08-01"),  # renewed in grace: a dip
            ("d", "2016-06-01"),
        )  # too recent for 12 months
        curve = renewal.survival(clusters, history, "2017-03-01", months=(0, 12, 24, 25, 31), min_group=3)
        curve = curve.set_index("months")
        assert curve.loc[0, ["clusters", "certified"]].tolist() == [4, 4]
        assert curve.loc[12, ["clusters", "certified"]].tolist() == [3, 3]
        assert curve.loc[24, "certified"] == 3  # valid to the end of the month two years on
        assert curve.loc[25, "certified"] == 1 and curve.loc[31, "certified"] == 2
        few = renewal.survival(clusters, history, "2017-03-01", months=(0, 12), min_group=4)
        assert few["months"].tolist() == [0]

    @given(st.lists(st.tuples(st.dates(dt.date(2010, 1, 1), dt.date(2030, 12, 31)), st.integers(0, 72)), min_size=1, max_size=20))
    @settings(deadline=None)  # a first call's timing on a shared, loaded machine says nothing about the arithmetic
    def test_month_arithmetic_matches_dateoffset(self, pairs):
        days = pd.Series(pd.to_datetime([d for d, _ in pairs]))
        months = pd.Series([n for _, n in pairs])
        expected = [pd.Timestamp(d) + pd.DateOffset(months=n) for d, n in pairs]
        assert renewal._add_months(days, months).tolist() == expected

    def test_survival_demo(self, seed_snapshot):
        s = seed_snapshot
        curve = renewal.survival(s.clusters, s.assessments, s.as_of).set_index(["country", "months"])
        assert curve.loc[("NO", 24), "share"] == 1.0
        assert curve.loc[("NO", 25), "certified"] == 22 and curve.loc[("NO", 25), "clusters"] == 55
        assert curve.loc[("DK", 25), "share"] > curve.loc[("NO", 25), "share"]
        assert (curve["clusters"] >= renewal.SURVIVAL_MIN).all()


# --------------------------------------------------------------------------- what changed


class TestChanges:
    def test_hand_made_kinds(self):
        clusters = clusters_frame("new", "restart", "up", "renew", "expired", "lapse", "quiet")
        before_rows = [
            ("restart", "2013-01-10"),
            ("up", "2015-01-10"),
            ("renew", "2015-01-10"),
            ("expired", "2015-02-10"),
            ("lapse", "2014-01-10"),
            ("quiet", "2015-08-10"),
        ]
        after_rows = before_rows + [("new", "2016-09-01"), ("restart", "2016-10-01"), ("up", "2016-12-01", "gold"), ("renew", "2016-11-15")]
        before = snapshot_of(clusters, assessments_frame(*before_rows), "2016-08-01")
        after = snapshot_of(clusters, assessments_frame(*after_rows), "2017-03-01")
        changed = renewal.changes(before, after).set_index("cluster_id")
        assert changed["change"].to_dict() == {
            "new": "new_label",
            "restart": "new_label",
            "up": "upgrade",
            "renew": "renewal",
            "expired": "expired",
            "lapse": "lapse",
        }
        assert changed.loc["up", "status_before"] == "bronze" and changed.loc["up", "status_after"] == "gold"
        assert changed.loc["renew", "awarded_on"] == pd.Timestamp("2016-11-15")
        assert changed.loc["lapse", "status_before"] == "grace" and changed.loc["lapse", "status_after"] == "lapsed"
        assert renewal.change_counts(changed.reset_index()) == {"new_label": 2, "upgrade": 1, "renewal": 1, "expired": 1, "lapse": 1}

    def test_demo_since_november_and_filters(self, data_root, seed_snapshot):
        catalog = store.scan(data_root)
        before = store.load(catalog.get("2016-11-01").location)
        changed = renewal.changes(before, seed_snapshot)
        assert renewal.change_counts(changed) == {"new_label": 4, "upgrade": 0, "renewal": 3, "expired": 4, "lapse": 4}
        norway = renewal.changes(before, seed_snapshot, metrics.Filters(countries=("NO",)))
        assert set(norway["country"]) == {"NO"} and len(norway) < len(changed)
        table = renewals_tables.changes_table(changed, EN)
        assert len(table) == len(changed)
        assert table["Change"].iloc[0] == "New label"
        assert list(table.columns) == [
            "Change",
            "Cluster",
            "Country",
            "County/region",
            "Status before",
            "Status now",
            "Awarded on",
            "Label awarded",
            "Valid until",
        ]

    def test_demo_over_a_year_sees_nordland_round_as_new_labels(self, data_root, seed_snapshot):
        before = store.load(store.scan(data_root).get("2016-03-01").location)
        changed = renewal.changes(before, seed_snapshot, metrics.Filters(counties=("18",)))
        assert (changed["change"] == "new_label").sum() == 7  # the seven Nordland pilot clusters


# --------------------------------------------------------------------------- chart specs


def _data(spec: dict) -> list[dict]:
    rows = []
    for values in spec.get("datasets", {}).values():
        rows.extend(values)
    return rows


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


class TestChartSpecs:
    def test_funnel(self, seed_snapshot):
        s = seed_snapshot
        stages = renewal.funnel_stages(s.clusters, s.assessments, s.as_of)
        spec = charts.funnel(stages, "NO", EN).to_dict()
        assert spec["title"] == "Where organisations drop out – Norway"
        rows = _data(spec)
        totals = {r["step_name"]: r["total"] for r in rows}
        assert totals["First label ended"] == 55 and totals["Renewed or upgraded"] == 24
        bars = _layers(spec)[0]["encoding"]
        assert bars["y"]["sort"] == ["First label ended", "Renewed or upgraded", "Reached Silver", "Reached Gold"]
        assert bars["color"]["scale"]["range"] == ["#009E73", STATUS_COLOURS["grace"], STATUS_COLOURS["lapsed"], STATUS_COLOURS["unknown"]]
        assert {r["outcome_name"] for r in rows} == {"Renewed / valid now", "In the renewal year", "Lapsed", "Validity not known"}
        nb = charts.funnel(stages, "NO", NB).to_dict()
        assert nb["title"] == "Hvor organisasjonene faller fra – Norge"

    def test_timelines(self, seed_snapshot):
        s = seed_snapshot
        states = metrics.label_states(s.clusters, s.assessments, s.as_of)
        no = s.clusters[s.clusters["country"] == "NO"]
        segments = renewals_timeline.timelines(no, s.assessments, states, s.as_of, "county")
        spec = charts.timelines(segments, s.as_of, NB).to_dict()
        bars, rule = spec["layer"]
        rows = segments["cluster_id"].nunique()
        assert spec["height"] == rows * charts.ROW_HEIGHT["normal"]
        assert len(bars["encoding"]["y"]["sort"]) == rows
        assert bars["encoding"]["color"]["scale"]["range"] == [STATUS_COLOURS[s] for s in ("gold", "silver", "bronze")]
        assert bars["encoding"]["opacity"]["scale"]["range"] == [1.0, charts.GRACE_OPACITY]
        assert bars["encoding"]["x2"]["field"] == "end"
        assert rule["mark"]["type"] == "rule"
        rule_rows = spec["datasets"][rule["data"]["name"]]
        assert rule_rows[0]["day"].startswith("2017-03-01")
        assert rule_rows[0]["label"] == "Datauttrekk 1. mars 2017"
        tooltip = [(t["field"], t["title"]) for t in bars["encoding"]["tooltip"]]
        assert tooltip == [("cluster", "Klynge"), ("level", "Merke"), ("period", "Periode"), ("from_text", "Fra"), ("to_text", "Til")]
        text = json.dumps(spec)
        assert "quality_index" not in text and "area_" not in text
        present = charts.timelines(segments, s.as_of, NB, present=True).to_dict()
        assert present["height"] == rows * charts.ROW_HEIGHT["present"]
        assert "domain" not in bars["encoding"]["x"].get("scale", {})  # the axis fits the segments
        paged = charts.timelines(segments.head(30), s.as_of, NB, years=(2012, 2020)).to_dict()
        assert paged["layer"][0]["encoding"]["x"]["scale"]["domain"] == [
            {"year": 2012, "month": 1, "date": 1},
            {"year": 2021, "month": 1, "date": 1},
        ]

    def test_timelines_data_is_only_what_the_chart_draws(self, seed_snapshot):
        """Every column of every row is sent to the browser: the bars' dataset holds the row label, level,
        period, start and end, and nothing else; repeated texts are categories (sent once each)."""
        from streamlit.dataframe_util import convert_pandas_df_to_arrow_bytes

        s = seed_snapshot
        states = metrics.label_states(s.clusters, s.assessments, s.as_of)
        segments = renewals_timeline.timelines(s.clusters, s.assessments, states, s.as_of, "county")
        page = renewals_timeline.page_segments(segments, renewals_timeline.timeline_page(segments["cluster_id"].nunique(), 1))
        chart = charts.timelines(page, s.as_of, EN)
        data = chart.layer[0].data
        assert list(data.columns) == ["cluster", "level", "period", "start", "end"]
        assert {c: str(data[c].dtype) for c in ("cluster", "level", "period")} == dict.fromkeys(("cluster", "level", "period"), "category")
        assert set(data["level"]) <= {"Gold", "Silver", "Bronze"} and set(data["period"]) == {"Valid", "Renewal year"}
        spec = chart.to_dict()
        bars = spec["layer"][0]
        rows = spec["datasets"][bars["data"]["name"]]
        assert len(rows) == len(page) and set(rows[0]) == {"cluster", "level", "period", "start", "end"}
        used = {bars["encoding"][channel]["field"] for channel in ("y", "x", "x2", "color", "opacity", "strokeDash")}
        used |= {t["field"] for t in bars["encoding"]["tooltip"]}
        computed = {t["as"] for t in bars["transform"]}
        assert set(data.columns) <= used and used - set(data.columns) <= computed
        assert len(convert_pandas_df_to_arrow_bytes(data)) < 8_000  # a page of 40 rows, as Streamlit sends it

    @pytest.mark.parametrize("tr", [NB, EN], ids=["nb", "en"])
    def test_timeline_tooltip_dates_are_written_like_tr_date(self, tr):
        """The tooltip's from/to texts are computed in the browser from start and end (the day before end);
        rendered here by Vega itself (vl-convert): the same text tr.date gives, also where the day before end
        is in another month or year.  (The day before is a calendar day, not end - 24 h: no daylight-saving slip.)"""
        import re

        import vl_convert

        days = [("2013-01-10", "2015-02-01"), ("2015-10-25", "2017-03-27"), ("2016-12-31", "2018-01-01")]
        segments = pd.DataFrame(
            {
                "cluster_id": ["a", "b", "c"],
                "name": ["A", "B", "C"],
                "row": [0, 1, 2],
                "period": "valid",
                "label_level": ["bronze", "silver", "gold"],
                "start": pd.to_datetime([d[0] for d in days]),
                "end": pd.to_datetime([d[1] for d in days]),
            }
        )
        spec = charts.timelines(segments, dt.date(2017, 3, 1), tr).to_dict()
        bars = spec["layer"][0]
        written = {}
        for field in ("from_text", "to_text"):
            text = {**bars, "mark": {"type": "text"}, "encoding": {"y": bars["encoding"]["y"], "text": {"field": field, "type": "nominal"}}}
            svg = vl_convert.vegalite_to_svg({**spec, "layer": [text]})
            written[field] = set(re.findall(r"<text[^>]*>([^<]+)</text>", svg))
        starts = {tr.date(pd.Timestamp(start)) for start, _ in days}
        ends = {tr.date(pd.Timestamp(end) - pd.Timedelta(days=1)) for _, end in days}
        assert starts <= written["from_text"] and ends <= written["to_text"]
        assert tr.date(dt.date(2017, 12, 31)) in written["to_text"]  # end 1 January 2018 - 1 day

    def test_recertification(self, seed_snapshot):
        s = seed_snapshot
        by_year = renewal.recertification_by_year(s.clusters, s.assessments, s.as_of)
        spec = charts.recertification(by_year, EN).to_dict()
        rows = _data(spec)
        assert {r["year_label"] for r in rows} >= {"2014", "2015", "2016 (provisional)"}
        no_2015 = next(r for r in rows if r["year"] == 2015 and r["country_name"] == "Norway")
        assert no_2015["share_pct"] == pytest.approx(37.9) and no_2015["status_text"] == "Final"
        assert spec["encoding"]["y"]["scale"]["domain"] == [0, 100]
        assert spec["encoding"]["opacity"]["scale"]["domain"] == ["Final", "Provisional"]
        nb = _data(charts.recertification(by_year, NB).to_dict())
        assert next(r for r in nb if r["year"] == 2015 and r["country_name"] == "Norge")["share_text"] == "38 %"

    def test_survival(self, seed_snapshot):
        s = seed_snapshot
        curve = renewal.survival(s.clusters, s.assessments, s.as_of)
        spec = charts.survival(curve, EN).to_dict()
        line = spec["layer"][0]
        assert line["mark"]["interpolate"] == "step-after"
        assert line["encoding"]["color"]["scale"]["domain"] == ["Norway", "Denmark"]
        rows = _data(spec)
        assert any(r.get("months") == 24 and r.get("label") == "First label runs out" for r in rows)
        assert spec["title"] == "Still certified after the first benchmarking"


def test_timelines_write_a_derived_award_date_as_derived():
    """A label known only by its valid-until date: its bar starts at the derived date, and the tooltip's
    'from' says so (the same wording as everywhere: i18n.award_date)."""
    from clusterviz.text.i18n import Translator

    en = Translator("en")
    clusters = pd.DataFrame(
        {"cluster_id": ["a", "b"], "name": ["A", "B"], "country": "NO", "county_code": "18", "programme_level": "arena", "sector": "x"}
    )
    assessments = pd.DataFrame(
        {
            "assessment_id": ["a1", "b1"],
            "cluster_id": ["a", "b"],
            "assessment_date": pd.to_datetime(["2016-09-01", "2016-05-10"]),
            "assessment_type": "benchmarking",
            "label_level": "bronze",
            "valid_until": pd.to_datetime(["2018-09-19", "2018-05-31"]),
            "date_precision": ["derived", "day"],
        }
    )
    on = dt.date(2017, 3, 1)
    states = metrics.label_states(clusters, assessments, on)
    segments = renewals_timeline.timelines(clusters, assessments, states, on)
    valid = segments[segments["period"] == "valid"].set_index("cluster_id")
    assert valid.loc["a", "start_precision"] == "derived" and valid.loc["b", "start_precision"] == "day"
    data = charts.timeline_data(segments, en)
    texts = dict(zip(segments["cluster_id"] + segments["period"], data["start_text"]))
    assert texts["avalid"] == "≈ Sept 2016 (derived from valid until)" and texts["bvalid"] == ""
    spec = json.dumps(charts.timelines(segments, on, en).to_dict())
    assert "datum.start_text ? datum.start_text" in spec
