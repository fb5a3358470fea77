"""Figures over KNOWN values only (issue 14): the coverage rule, means and shares with n_known of n_total,
None where nothing is known, no peer group from an unknown value, the coverage badge, the comparison window.

The frames are the demo snapshot's with columns blanked through pandas, so every null is placed on purpose
and the rest of the data is the calibrated one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from clusterviz.charts import competence_programmes as programme_charts
from clusterviz.charts import map_tables
from clusterviz.charts import overview as charts_overview
from clusterviz.data.snapshot import AREA_COLUMNS, LIGHTS, Snapshot
from clusterviz.figures import collaboration, comparison, comparison_peers, competence, metrics, overview
from clusterviz.figures import competence_programmes as programmes
from clusterviz.figures import map as mapdata
from clusterviz.figures.sample import (
    all_green,
    area_profile,
    comparison_sample,
    index_summary,
    lights_known,
    profile_covered,
    training_lights,
)
from clusterviz.text.i18n import Translator

EN = Translator("en")


def blanked(snapshot: Snapshot, *, assessments=None, clusters=None, events=None, **manifest) -> Snapshot:
    """A copy of ``snapshot`` whose tables went through the given functions (frame -> frame)."""
    tables = {name: frame.copy() for name, frame in snapshot.tables.items()}
    for name, change in (("assessments", assessments), ("clusters", clusters), ("events", events)):
        if change is not None:
            tables[name] = change(tables[name])
    return Snapshot(dataclasses.replace(snapshot.manifest, **manifest), tables, location="")


def null(frame: pd.DataFrame, columns, rows=None) -> pd.DataFrame:
    """``frame`` with ``columns`` set to null on ``rows`` (a boolean mask; all rows when None)."""
    out = frame.copy()
    mask = np.ones(len(out), dtype=bool) if rows is None else np.asarray(rows, dtype=bool)
    for column in columns:
        out[column] = out[column].astype(object).where(~mask, None)
        if column in ("quality_index", *AREA_COLUMNS):
            out[column] = pd.to_numeric(out[column]).astype(float)
    return out


@pytest.fixture(scope="module")
def window(seed_snapshot):
    return metrics.comparison_window(seed_snapshot)


@pytest.fixture(scope="module")
def sample(seed_snapshot, window):
    return comparison_sample(seed_snapshot.clusters, seed_snapshot.assessments, window)


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    "known,total,ok", [(3, 6, True), (3, 3, True), (2, 2, False), (3, 7, False), (4, 8, True), (0, 0, False), (0, 5, False), (28, 28, True)]
)
def test_coverage_rule_needs_three_known_and_half_the_group(known, total, ok):
    assert metrics.covered(known, total) is ok


def test_coverage_rule_minimum_can_be_lowered_but_half_still_holds():
    assert metrics.covered(1, 1, min_known=1) and metrics.covered(1, 2, min_known=1)
    assert not metrics.covered(1, 3, min_known=1)


def test_known_mean_is_none_when_nothing_is_known_not_zero():
    assert metrics.known_mean(pd.Series([np.nan, None], dtype=float)) is None
    assert metrics.known_mean(pd.Series([], dtype=float)) is None
    assert metrics.known_mean(pd.Series([80.0, np.nan, 90.0]), 1) == 85.0


# --------------------------------------------------------------------------- metrics


def test_index_summary_is_over_known_values_and_says_how_many(sample):
    no = sample["country"] == "NO"
    keep = no & sample.index.isin(sample[no].index[:2])  # two Norwegian indices known, the rest blank
    partial = null(sample, ["quality_index"], no & ~keep)
    summary = index_summary(partial).set_index("country")
    assert summary.loc["NO", "n"] == 28 and summary.loc["NO", "n_known"] == 2
    assert not summary.loc["NO", "covered"]
    assert summary.loc["NO", "mean"] == round(sample.loc[keep, "quality_index"].mean(), 1)
    assert summary.loc["DK", "n_known"] == 29 and summary.loc["DK", "covered"]
    nothing = index_summary(null(sample, ["quality_index"])).set_index("country")
    assert nothing["n_known"].eq(0).all() and nothing["mean"].isna().all()


def test_area_profile_counts_known_scores_per_area(sample):
    partial = null(sample, ["area_services"], sample["country"] == "NO")
    profile = area_profile(partial).set_index(["country", "area"])
    assert profile.loc[("NO", "services"), "n_known"] == 0 and np.isnan(profile.loc[("NO", "services"), "score"])
    assert profile.loc[("NO", "management"), "n_known"] == 28
    assert not profile_covered(profile.reset_index())
    assert profile_covered(area_profile(sample))


def test_training_lights_count_only_known_lights(sample):
    partial = null(sample, list(LIGHTS), sample.index < 10)
    lights = training_lights(partial)
    assert lights.groupby("light")["clusters"].sum().eq(len(sample) - 10).all()
    assert not (all_green(partial) & ~lights_known(partial)).any()


def test_facts_give_null_not_zero_where_nothing_is_known(seed_snapshot):
    blank = blanked(seed_snapshot, assessments=lambda a: null(a, ["quality_index", *AREA_COLUMNS, *LIGHTS]))
    f = overview.facts(blank)
    assert f["comparison_no_n"] == 28 and f["comparison_dk_n"] == 29  # labels are still known
    assert f["comparison_no_index_known"] == 0 and f["comparison_dk_index_known"] == 0
    assert f["comparison_no_mean_index"] is None and f["comparison_dk_mean_index"] is None
    assert f["training_certified_n"] == 28 and f["training_lights_known"] == 0
    assert f["training_all_green_n"] is None
    assert (f["no_gold_valid"], f["no_lapsed"]) == (6, 31)


def test_facts_of_the_demo_carry_the_coverage_keys(seed_snapshot):
    f = overview.facts(seed_snapshot)
    assert (f["comparison_no_index_known"], f["comparison_dk_index_known"]) == (28, 29)
    assert f["training_lights_known"] == 28 and f["training_all_green_n"] == 9
    assert f["nordland_workshop_place"] == "Bodø"
    assert f["comparison_window"] == ["2014-02-01", "2016-08-31"]


def test_workshop_place_comes_from_the_events_table(seed_snapshot):
    moved = blanked(seed_snapshot, events=lambda e: e.assign(place=np.where(e["kind"] == "workshop", "Mo i Rana", e["place"])))
    assert overview.facts(moved)["nordland_workshop_place"] == "Mo i Rana"


# --------------------------------------------------------------------------- comparison window


def test_window_is_the_manifest_s_when_stated_else_the_36_months_rule(seed_snapshot):
    stated = (dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    if "comparison_window" in {f.name for f in dataclasses.fields(seed_snapshot.manifest)}:
        assert metrics.comparison_window(blanked(seed_snapshot, comparison_window=stated)) == stated
    assert metrics.default_window(dt.date(2017, 3, 1)) == (dt.date(2014, 3, 2), dt.date(2017, 3, 1))
    assert metrics.default_window(dt.date(2020, 2, 29)) == (dt.date(2017, 3, 1), dt.date(2020, 2, 29))
    undemo = blanked(
        seed_snapshot,
        demo=False,
        **({"comparison_window": None} if "comparison_window" in {f.name for f in dataclasses.fields(seed_snapshot.manifest)} else {}),
    )
    assert metrics.comparison_window(undemo) == metrics.default_window(seed_snapshot.as_of)
    assert comparison.window_for("recent", seed_snapshot) == metrics.default_window(seed_snapshot.as_of)
    assert comparison.window_for("all", seed_snapshot)[1] == seed_snapshot.as_of
    assert comparison.window_for("data", seed_snapshot) == metrics.comparison_window(seed_snapshot)


# --------------------------------------------------------------------------- comparison page figures


def test_no_headline_or_mean_card_from_too_few_known(seed_snapshot):
    few = seed_snapshot.assessments["cluster_id"].str.startswith("NO")
    blank = blanked(seed_snapshot, assessments=lambda a: null(a, ["quality_index", *AREA_COLUMNS], few))
    states = metrics.label_states(blank.clusters, blank.assessments, blank.as_of)
    fig = comparison.figures(blank, blank.clusters, states, public=True)
    assert fig.headline is None
    card = fig.card("NO")
    assert card["n"] == 28 and card["n_known"] == 0 and card["mean"] is None
    assert fig.card("DK")["mean"] == 67.2
    assert set(fig.profile["country"]) == {"DK"} and fig.gap.empty
    assert not (fig.histogram["country"] == "NO").any()
    assert [c for c, _, _, ok in comparison.index_coverage(fig.stats) if not ok] == ["NO"]


def test_no_peer_group_is_formed_from_an_unknown_sector(seed_snapshot):
    blank = blanked(seed_snapshot, clusters=lambda c: null(c, ["sector"], c["country"] == "NO"))
    states = metrics.label_states(blank.clusters, blank.assessments, blank.as_of)
    current = comparison.current_assessments(blank.clusters, blank.assessments, states, blank.as_of)
    options = comparison_peers.focus_options(current, "sector")
    assert options and all(isinstance(o, str) for o in options)
    assert comparison_peers.unknown_values(current, "sector") == int((current["country"] == "NO").sum()) > 0
    assert comparison_peers.unknown_values(current, "county") == 0
    result = comparison_peers.peer_groups(current, comparison.sample_of(blank.clusters, blank.assessments), "county", "18")
    groups = result.groups.set_index("group")
    assert groups.loc["sector", "n"] == 0 and not groups.loc["sector", "shown"]  # Nordland's sectors are unknown


def test_peer_group_means_are_over_known_indices(seed_snapshot, window):
    sample = comparison.sample_of(seed_snapshot.clusters, seed_snapshot.assessments, window)
    states = metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, seed_snapshot.as_of)
    current = comparison.current_assessments(seed_snapshot.clusters, seed_snapshot.assessments, states, seed_snapshot.as_of)
    gold = sample["label_level"] == "gold"
    partial = null(sample, ["quality_index"], gold & (sample.index % 2 == 0))
    result = comparison_peers.peer_groups(current, partial, "county", "18")
    excellence = result.groups.set_index("group").loc["excellence"]
    known = partial.loc[gold, "quality_index"].dropna()
    assert excellence["n_known"] == len(known)
    if metrics.covered(len(known), int(gold.sum())):
        assert excellence["mean"] == round(known.mean(), 1)
    else:
        assert not excellence["shown"] and "excellence" in result.uncovered


# --------------------------------------------------------------------------- competence


def test_light_shares_are_over_known_lights_and_hide_uncovered_groups(seed_snapshot, window):
    a = seed_snapshot.assessments
    lights_blank = blanked(seed_snapshot, assessments=lambda f: null(f, list(LIGHTS), f["cluster_id"].str.startswith("DK")))
    light_sample = competence.light_sample(lights_blank.clusters, lights_blank.assessments, *window)
    shares, hidden = competence.light_shares(light_sample, "country")
    assert hidden == ["DK"] and set(shares["group"]) == {"NO"}
    summary = competence.all_green_summary(shares).set_index("group")
    assert (summary.loc["NO", "all_green"], summary.loc["NO", "n"], summary.loc["NO", "n_total"]) == (9, 28, 28)
    cover = competence.light_coverage(light_sample).set_index("group")
    assert cover.loc["DK", "n_known"] == 0 and not cover.loc["DK", "covered"] and cover.loc["NO", "covered"]
    # one light unknown for half the Norwegian sample: that light's share is over the known half only
    no_ids = light_sample.loc[light_sample["country"] == "NO", "cluster_id"].iloc[:14]
    half = blanked(seed_snapshot, assessments=lambda f: null(f, ["light_plan"], f["cluster_id"].isin(no_ids)))
    half_sample = competence.light_sample(half.clusters, half.assessments, *window)
    shares, _ = competence.light_shares(half_sample, "country")
    plan = shares[(shares["group"] == "NO") & (shares["light"] == "plan")]
    assert plan["n"].eq(14).all() and plan["clusters"].sum() == 14 and plan["n_total"].eq(28).all()
    assert a is seed_snapshot.assessments  # the demo's own frame untouched


def test_payoff_leaves_out_clusters_with_unknown_lights(seed_snapshot, window):
    blank = blanked(seed_snapshot, assessments=lambda f: null(f, list(LIGHTS)))
    light_sample = competence.light_sample(blank.clusters, blank.assessments, *window)
    assert competence.payoff_groups(light_sample, blank.assessments, blank.as_of).empty


def test_programme_places_are_read_from_the_events(seed_snapshot):
    events = programmes.training_events(seed_snapshot)
    assert programme_charts.programme_places(events, EN) == "Romania and Bulgaria"
    assert programme_charts.programme_places(events[events["country"] == "BG"], EN) == "Bulgaria"
    assert programme_charts.programme_places(events.iloc[0:0], EN) is None


# --------------------------------------------------------------------------- collaboration


def test_scorecard_means_over_known_and_none_when_too_few(seed_snapshot):
    members = collaboration.collaboration_members(seed_snapshot, "nordland-pilot-2016")["cluster_id"]
    blank = blanked(seed_snapshot, assessments=lambda a: null(a, ["quality_index", *AREA_COLUMNS], a["cluster_id"].isin(members)))
    card = collaboration.scorecard(blank, members)
    assert card.index_of("members") is None and card.known_of("members") == 0
    assert ("members", 0, 7) in card.uncovered()
    assert "members" not in set(card.profile["group"])
    assert card.index_of("NO") == pytest.approx(63.6, abs=0.05)


# --------------------------------------------------------------------------- map and badge


def test_map_lists_the_clusters_it_cannot_place(seed_snapshot):
    ids = seed_snapshot.clusters["cluster_id"].iloc[:5]
    blank = blanked(seed_snapshot, clusters=lambda c: null(c, ["lat", "lon"], c["cluster_id"].isin(ids)))
    states = metrics.label_states(blank.clusters, blank.assessments, blank.as_of)
    points = mapdata.map_clusters(blank.clusters, states)
    assert len(mapdata.placed(points)) == len(points) - 5
    table = map_tables.unplaced_table(points, EN)
    assert sorted(table["Cluster"]) == sorted(blank.clusters.set_index("cluster_id").loc[ids, "name"])


def test_coverage_of_the_demo_is_complete(seed_snapshot):
    cov = overview.coverage(seed_snapshot)
    assert cov.complete and not cov.labels_only
    assert cov.placed == cov.clusters == len(seed_snapshot.clusters)
    text = " · ".join(charts_overview.coverage_parts(cov, EN))
    assert f"quality index for {cov.index_known} of {cov.clusters}" in text and "dates" not in text


def test_coverage_says_labels_only_and_counts_what_is_known(seed_snapshot):
    def strip(a):
        a = null(a, ["quality_index", *AREA_COLUMNS, *LIGHTS])
        return a.assign(date_precision=np.where(a.index % 3 == 0, "year", "day"))

    blank = blanked(seed_snapshot, assessments=strip, clusters=lambda c: null(c, ["lat", "lon"], c.index < 4))
    cov = overview.coverage(blank)
    assert cov.labels_only and not cov.complete
    assert (cov.index_known, cov.lights_known, cov.areas_known) == (0, 0, 0)
    assert cov.placed == cov.clusters - 4
    assert cov.date_precision["year"] == int((blank.assessments.index % 3 == 0).sum())
    text = " · ".join(charts_overview.coverage_parts(cov, EN))
    n = cov.clusters
    assert text.startswith("Labels only")
    assert f"training lights for 0 of {n}" in text and f"placed on the map: {n - 4} of {n}" in text
    assert "to the year only" in text
    nb = " · ".join(charts_overview.coverage_parts(cov, Translator("nb")))
    assert nb.startswith("Bare merker") and f"kompetanselys for 0 av {n}" in nb


def test_facts_json_of_a_partial_snapshot_holds_null_and_the_coverage(partial_root, capsys):
    import json

    from clusterviz import cli

    assert cli.main(["facts", "--data", partial_root, "--json"]) == 0
    f = json.loads(capsys.readouterr().out)
    assert f["comparison_no_mean_index"] is None and f["comparison_dk_mean_index"] is None
    assert (f["comparison_no_n"], f["comparison_no_index_known"]) == (8, 1)
    assert (f["training_certified_n"], f["training_lights_known"], f["training_all_green_n"]) == (8, 0, None)
    assert f["comparison_window"] == ["2018-06-02", "2021-06-01"] and not f["comparison_window_stated"]
    assert f["nordland_workshop_place"] == "Tromsø"
    assert f["coverage"]["labels_only"] is False and f["coverage"]["index_known"] == 1
    assert f["coverage"]["placed"] == 16 and f["coverage"]["date_precision"] == {"day": 1, "month": 3, "year": 10}
    assert cli.main(["facts", "--data", partial_root]) == 0
    assert "comparison_no_mean_index" in (out := capsys.readouterr().out) and "null (not known)" in out


def test_a_cluster_with_an_unknown_town_and_level_reads_as_unknown(partial_snapshot):
    from clusterviz.charts import map_rows

    states = metrics.label_states(partial_snapshot.clusters, partial_snapshot.assessments, partial_snapshot.as_of)
    points = mapdata.map_clusters(partial_snapshot.clusters, states).set_index("cluster_id", drop=False)
    tip = map_rows.cluster_tooltip(points.loc["NO-P09"], EN)
    assert "None" not in tip and "nan" not in tip and "Agder · Unknown programme level" in tip
    facts = map_tables.cluster_facts(
        points.loc["NO-P09"], mapdata.cluster_history(partial_snapshot.assessments, "NO-P09", partial_snapshot.as_of), EN
    ).set_index("Fact")["Value"]
    assert facts["Town"] == "–" and facts["Programme"] == "Unknown programme level"


def test_a_schema_1_demo_snapshot_keeps_the_articles_window():
    """A demo snapshot written before manifests could state a window was made for the articles' window."""
    from conftest import ROOT

    from clusterviz.data import store

    old = store.load(str(ROOT / "tests" / "fixtures" / "schema1" / "2016-11-01"))
    assert old.manifest.schema_version == 1 and old.demo
    assert metrics.comparison_window(old) == metrics.WINDOW


def test_derived_dates_are_counted_apart_from_stated_ones(seed_snapshot):
    """A date read back from valid_until (precision derived) is not a stated month: the badge says so apart."""
    derived = blanked(
        seed_snapshot,
        assessments=lambda a: a.assign(date_precision=np.where(a.index % 4 == 0, "derived", np.where(a.index % 4 == 1, "month", "day"))),
    )
    cov = overview.coverage(derived)
    assert list(cov.date_precision) == ["day", "month", "derived"]
    assert cov.date_precision["derived"] == int((derived.assessments.index % 4 == 0).sum())
    text = " · ".join(charts_overview.coverage_parts(cov, EN))
    assert f"{cov.date_precision['derived']} derived from valid until (ESCA's rule, not stated)" in text
    assert f"{cov.date_precision['month']} to the month" in text


# --------------------------------------------------------------------------- selection: one label level only


def _sample(levels, scores, country="NO"):
    return pd.DataFrame(
        {"cluster_id": [f"{country}-{i}" for i in range(len(levels))], "country": country, "label_level": levels, "quality_index": scores}
    )


def test_scores_known_only_for_gold_clusters_are_not_a_mean_of_the_group():
    sample = _sample(["gold", "gold", "gold", "bronze"], [93.0, 96.0, 98.0, None])
    assert metrics.one_level_only(sample)
    summary = index_summary(sample).set_index("country")
    assert summary.loc["NO", "n_known"] == 3 and not summary.loc["NO", "covered"]  # 3 of 4 known, yet not shown


@pytest.mark.parametrize(
    "levels, scores",
    [
        (["gold", "gold", "gold", "gold"], [93.0, 96.0, 98.0, None]),  # a group of Gold clusters only
        (["gold", "silver", "bronze", "bronze"], [93.0, 70.0, 60.0, None]),  # known across the levels
        (["gold", "bronze", "bronze"], [None, None, None]),  # nothing known: coverage says so
    ],
)
def test_one_level_only_is_false_when_the_known_values_span_the_group(levels, scores):
    assert not metrics.one_level_only(_sample(levels, scores))


def test_the_public_record_gives_no_mean_of_gold_scores_for_a_mixed_group():
    """Over every label up to the date (the comparison page's window=all), the public record's Norwegian group
    holds Bronze, Silver and Gold labels, while only Gold clusters published a score: the selection guard
    flags it (today the count rule withholds the mean too: 6 of 24 known)."""
    from clusterviz.data import store

    snapshot = store.load(store.scan(str(store.PUBLIC_ROOT)).newest.location)
    sample = comparison_sample(snapshot.clusters, snapshot.assessments, (dt.date(2010, 1, 1), snapshot.as_of))
    summary = index_summary(sample).set_index("country")
    assert summary.loc["NO", "n_known"] >= 3 and summary.loc["NO", "one_level"]
    assert not summary.loc["NO", "covered"]
    stats = comparison.index_stats(sample).set_index("country")
    assert not stats.loc["NO", "shown"] and math.isnan(stats.loc["NO", "mean"])
