"""The Norway–Denmark comparison: figures on the demo snapshot and on small hand-made frames, and the chart
specs (no browser).  Public-mode frames and chart data must never hold an individual cluster's score."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from clusterviz.charts import comparison as charts
from clusterviz.charts import comparison_tables
from clusterviz.charts.base import COUNTRY_COLOURS, STATUS_COLOURS
from clusterviz.data import cache, store
from clusterviz.data.snapshot import AREA_COLUMNS, AREAS
from clusterviz.figures import comparison, comparison_peers, metrics
from clusterviz.text.i18n import Translator

NB, EN = Translator("nb"), Translator("en")
CONFIDENTIAL = {"quality_index", "name", "cluster_id", "index_text", *AREA_COLUMNS}


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def seed(seed_snapshot):
    states = metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, seed_snapshot.as_of)
    return seed_snapshot, states


@pytest.fixture(scope="module")
def public(seed):
    snapshot, states = seed
    return comparison.figures(snapshot, snapshot.clusters, states, public=True)


@pytest.fixture(scope="module")
def adviser(seed):
    snapshot, states = seed
    return comparison.figures(snapshot, snapshot.clusters, states, public=False)


@pytest.fixture(scope="module")
def all_snapshots(data_root):
    return [store.load(e.location) for e in store.scan(data_root).valid]


def sample_frame(clusters: str) -> pd.DataFrame:
    """A hand-made comparison sample, clusters separated by ";", each "cluster_id country quality_index label sector"."""
    rows = [
        (cluster_id, country, float(index), label, sector)
        for cluster_id, country, index, label, sector in map(str.split, clusters.split(";"))
    ]
    frame = pd.DataFrame(rows, columns=["cluster_id", "country", "quality_index", "label_level", "sector"])
    for i, column in enumerate(AREA_COLUMNS):
        frame[column] = frame["quality_index"] + i
    frame["name"] = frame["cluster_id"] + " (demo)"
    frame["county_code"] = frame["country"].map({"NO": "18", "DK": "1081"})
    frame["programme_level"] = frame["country"].map({"NO": "arena", "DK": "dk_national"})
    return frame


def rows_of(spec: dict) -> list[dict]:
    """Every data row a Vega-Lite spec carries (all named datasets and inline values)."""
    rows = [row for values in spec.get("datasets", {}).values() for row in values]

    def walk(node):
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                rows.extend(data["values"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return rows


def fields_of(spec: dict) -> set[str]:
    return {key for row in rows_of(spec) for key in row}


# --------------------------------------------------------------------------- label counts


def test_label_counts_on_the_seed_date(seed):
    snapshot, states = seed
    counts = comparison.label_counts(snapshot.clusters, states).set_index(["country", "level"])["clusters"]
    assert counts[("NO", "gold")] == 6 and counts[("NO", "silver")] == 0
    assert counts[("DK", "gold")] == 8 and counts[("DK", "silver")] == 6
    assert counts[("NO", "bronze")] == 28 and counts[("DK", "bronze")] == 14


def test_label_counts_only_for_countries_in_the_filtered_clusters(seed):
    snapshot, states = seed
    norway = metrics.filter_clusters(snapshot.clusters, states, metrics.Filters(countries=("NO",)))
    counts = comparison.label_counts(norway, states)
    assert set(counts["country"]) == {"NO"} and len(counts) == 3


def test_label_counts_over_time_follow_every_snapshot(all_snapshots, seed):
    snapshot, states = seed
    over_time = comparison.label_counts_over_time(all_snapshots)
    assert len(over_time) == len(all_snapshots) * 2 * 3
    table = over_time.set_index(["as_of", "country", "level"])["clusters"]
    assert table[(pd.Timestamp("2013-03-01"), "DK", "gold")] == 0
    assert table[(pd.Timestamp("2015-03-01"), "NO", "gold")] == 3
    assert table[(pd.Timestamp("2016-03-01"), "DK", "silver")] == 6
    latest = over_time[over_time["as_of"] == pd.Timestamp(snapshot.as_of)].reset_index(drop=True)
    expected = comparison.label_counts(snapshot.clusters, states)
    assert latest[["country", "level", "clusters"]].equals(expected)


def test_label_counts_over_time_apply_the_filters(all_snapshots):
    nordland = comparison.label_counts_over_time(all_snapshots, metrics.Filters(counties=("18",)))
    assert set(nordland["country"]) <= {"NO"}
    at_seed = nordland[nordland["as_of"] == pd.Timestamp("2017-03-01")].set_index("level")["clusters"]
    assert at_seed["bronze"] == 7 and at_seed["gold"] == 0


def test_snapshots_key_names_each_snapshot(all_snapshots):
    key = comparison.snapshots_key(all_snapshots)
    assert len(key) == len(all_snapshots) and key[-1][1] == "2017-03-01"


# --------------------------------------------------------------------------- quality index


def test_index_stats_match_the_articles(public):
    stats = public.stats.set_index("country")
    assert stats.loc["NO", "n"] == 28 and stats.loc["DK", "n"] == 29
    assert stats.loc["NO", "mean"] == 63.6 and stats.loc["DK", "mean"] == 67.2
    assert stats.loc["NO", "q1"] < stats.loc["NO", "median"] < stats.loc["NO", "q3"]
    assert list(stats.index) == ["NO", "DK"]


def test_index_stats_leave_out_single_scores_in_public_mode(public, adviser):
    assert "min" not in public.stats.columns and "max" not in public.stats.columns
    stats = adviser.stats.set_index("country")
    assert stats.loc["NO", "min"] < 63.6 < stats.loc["NO", "max"] <= 100


def test_a_small_country_is_hidden_in_public_mode_only():
    sample = sample_frame(
        "NO-1 NO 60 bronze ict; NO-2 NO 70 gold ict; DK-1 DK 50 bronze ict; DK-2 DK 55 bronze food; DK-3 DK 62 silver food"
    )
    hidden = comparison.index_stats(sample, public=True).set_index("country")
    assert not hidden.loc["NO", "shown"] and math.isnan(hidden.loc["NO", "mean"]) and hidden.loc["NO", "n"] == 2
    assert hidden.loc["DK", "shown"] and hidden.loc["DK", "mean"] == 55.7
    shown = comparison.index_stats(sample, public=False).set_index("country")
    assert shown.loc["NO", "shown"] and shown.loc["NO", "mean"] == 65.0
    assert comparison.headline(comparison.index_stats(sample, public=True)) is None
    assert set(comparison.index_histogram(sample, public=True)["country"]) == {"DK"}
    assert set(comparison.country_profile(sample, public=True)["country"]) == {"DK"}
    assert comparison.country_gap(comparison.country_profile(sample, public=True)).empty


def test_index_histogram_counts_every_cluster_once(public):
    hist = public.histogram
    assert set(hist.columns) == {"country", "bin_start", "bin_end", "clusters"}
    sums = hist.groupby("country")["clusters"].sum()
    assert sums["NO"] == 28 and sums["DK"] == 29
    assert ((hist["bin_end"] - hist["bin_start"]) == comparison.BIN_WIDTH).all()
    assert (hist["bin_start"] % comparison.BIN_WIDTH == 0).all()
    grids = hist.groupby("country")["bin_start"].apply(tuple)
    assert grids["NO"] == grids["DK"], "both countries share one range of bins"


def test_index_histogram_bins_edges_and_the_top_score():
    sample = sample_frame("A NO 50 bronze ict; B NO 54.9 bronze ict; C NO 55 bronze ict; D NO 100 gold ict")
    hist = comparison.index_histogram(sample, public=True).set_index("bin_start")["clusters"]
    assert hist[50.0] == 2 and hist[55.0] == 1 and hist[95.0] == 1 and hist[75.0] == 0
    assert hist.index.max() == 95.0, "100 belongs to the last band, not a band of its own"


def test_index_points_are_for_adviser_mode_only(public, adviser):
    assert public.points is None
    points = adviser.points
    assert len(points) == 57 and {"name", "quality_index"} <= set(points.columns)


# --------------------------------------------------------------------------- six areas


def test_country_profile_and_gap(public):
    assert len(public.profile) == 12
    gap = public.gap
    assert list(gap["gap"]) == sorted(gap["gap"], reverse=True)
    assert gap.iloc[0]["area"] == "services" and round(gap.iloc[0]["gap"], 1) == 9.5
    assert gap.iloc[-1]["area"] == "achievements" and gap.iloc[-1]["gap"] < 0
    assert set(gap["area"]) == set(AREAS)
    assert all(gap["gap"] == gap["DK"] - gap["NO"])


# --------------------------------------------------------------------------- headline


def test_headline_on_the_seed(public):
    h = public.headline
    assert (h.leader, h.other, h.leader_mean, h.other_mean, h.difference) == ("DK", "NO", 67.2, 63.6, 3.6)
    assert comparison_tables.headline_text(h, NB) == "Danmarks snittindeks er 3,6 poeng høyere enn Norges (67,2 mot 63,6)."
    assert comparison_tables.headline_text(h, EN) == "Denmark's mean index is 3.6 points higher than Norway's (67.2 vs 63.6)."


def _stats(no_mean: float, dk_mean: float) -> pd.DataFrame:
    return pd.DataFrame({"country": ["NO", "DK"], "n": [10, 10], "n_known": [10, 10], "mean": [no_mean, dk_mean], "shown": [True, True]})


def test_headline_reads_right_when_norway_leads():
    h = comparison.headline(_stats(70.4, 66.0))
    assert h.leader == "NO" and h.difference == 4.4
    assert comparison_tables.headline_text(h, NB) == "Norges snittindeks er 4,4 poeng høyere enn Danmarks (70,4 mot 66,0)."
    assert comparison_tables.headline_text(h, EN) == "Norway's mean index is 4.4 points higher than Denmark's (70.4 vs 66.0)."


def test_headline_reads_right_when_equal():
    h = comparison.headline(_stats(65.0, 65.0))
    assert h.equal and h.difference == 0
    assert comparison_tables.headline_text(h, NB) == "Norge og Danmark har samme snittindeks (65,0)."
    assert comparison_tables.headline_text(h, EN) == "Norway and Denmark have the same mean index (65.0)."


def test_headline_difference_is_that_of_the_shown_means():
    h = comparison.headline(_stats(63.6, 63.7))
    assert h.leader == "DK" and h.difference == 0.1  # not 0.09999999999999432


# --------------------------------------------------------------------------- peer groups


def test_current_assessments_are_valid_labels_on_the_date(public, seed):
    _, states = seed
    current = public.current
    assert len(current) == int((states["state"] == "valid").sum()) == 62
    assert current["cluster_id"].is_unique
    assert (current["assessment_date"] <= pd.Timestamp("2017-03-01")).all()
    assert (current["county_code"] == "18").sum() == 7  # the 2016 Nordland pilot round


def test_focus_options_and_default(public):
    counties = comparison_peers.focus_options(public.current, "county")
    assert counties[0] == "03" and counties[-1] == "1085" and "18" in counties
    assert comparison_peers.default_focus(counties, "county") == "18"
    assert comparison_peers.focus_options(public.current, "programme") == ["arena", "arena_pro", "dk_national", "dk_other", "gce", "nce"]
    assert comparison_peers.default_focus(["energy", "ict"], "sector") == "energy"
    assert comparison_peers.default_focus([], "sector") is None
    clusters = comparison_peers.focus_options(public.current, "cluster")
    names = [public.names[c] for c in clusters]
    assert names == sorted(names)


def test_a_peer_comparison_is_a_cache_key_equal_for_equal_groups(public):
    """So its labels and table can be kept (View.cached): equal comparisons share a key, another focus gives
    another."""
    nordland = comparison_peers.peer_groups(public.current, public.reference, "county", "18", public=True)
    assert cache.key_of(nordland) is not cache.UNKEYED
    assert cache.key_of(nordland) == cache.key_of(comparison_peers.peer_groups(public.current.copy(), public.reference, "county", "18"))
    assert cache.key_of(nordland) != cache.key_of(comparison_peers.peer_groups(public.current, public.reference, "county", "03"))


def test_peer_groups_nordland_against_the_sample(public):
    result = comparison_peers.peer_groups(public.current, public.reference, "county", "18", public=True)
    groups = result.groups.set_index("group")
    assert list(groups.index) == list(comparison_peers.GROUPS)
    assert groups.loc["focus", "n"] == 7
    assert groups.loc["country", "n"] == 28 and groups.loc["country", "mean"] == 63.6
    assert groups.loc["country", "countries"] == ("NO",)
    assert groups.loc["excellence", "n"] == 14  # 8 Danish + 6 Norwegian Gold in the sample
    gold = public.reference[public.reference["label_level"] == "gold"]
    assert groups.loc["excellence", "mean"] == round(gold["quality_index"].mean(), 1)
    nordland = public.current[public.current["county_code"] == "18"]
    assert groups.loc["focus", "mean"] == round(nordland["quality_index"].mean(), 1)
    sectors = public.reference[public.reference["sector"].isin(nordland["sector"])]
    assert groups.loc["sector", "n"] == len(sectors)
    assert len(result.profile) == 4 * 6
    focus_services = result.profile.query("group == 'focus' and area == 'services'")["score"].iloc[0]
    assert focus_services == pytest.approx(nordland["area_services"].mean())


def test_peer_groups_use_the_whole_sample_for_reference(seed):
    snapshot, states = seed
    nordland = metrics.filter_clusters(snapshot.clusters, states, metrics.Filters(counties=("18",)))
    figures = comparison.figures(snapshot, nordland, states, public=True)
    assert figures.stats.empty, "no Nordland cluster is in the 2014-2016 comparison sample"
    result = comparison_peers.peer_groups(figures.current, figures.reference, "county", "18")
    assert result.groups.set_index("group").loc["country", "n"] == 28


def test_small_focus_group_is_hidden_in_public_mode(public):
    oslo = comparison_peers.peer_groups(public.current, public.reference, "county", "03", public=True)
    groups = oslo.groups.set_index("group")
    assert groups.loc["focus", "n"] == 1 and not groups.loc["focus", "shown"]
    assert math.isnan(groups.loc["focus", "mean"])
    assert "focus" not in set(oslo.profile["group"])
    assert oslo.hidden == [("focus", 1)]
    table = comparison_tables.peer_table(oslo, NB)
    assert math.isnan(table.iloc[0]["Snittindeks"]) and table.iloc[0]["Klynger"] == 1
    shown = comparison_peers.peer_groups(public.current, public.reference, "county", "03", public=False)
    assert shown.groups.set_index("group").loc["focus", "shown"]


def test_one_cluster_focus_only_in_adviser_mode(adviser):
    cluster_id = adviser.current["cluster_id"].iloc[0]
    with pytest.raises(ValueError):
        comparison_peers.peer_groups(adviser.current, adviser.reference, "cluster", cluster_id, public=True)
    result = comparison_peers.peer_groups(adviser.current, adviser.reference, "cluster", cluster_id, public=False)
    focus = result.groups.set_index("group").loc["focus"]
    assert focus["n"] == 1
    assert focus["mean"] == round(adviser.current["quality_index"].iloc[0], 1)
    assert comparison_peers.peer_kinds(True) == ("county", "programme", "sector")
    assert "cluster" in comparison_peers.peer_kinds(False)


def test_sector_focus_spans_both_countries():
    current = sample_frame("A NO 70 bronze energy; B DK 72 gold energy; C DK 74 gold energy; D NO 50 bronze food")
    reference = sample_frame("A NO 60 bronze energy; E NO 65 bronze food; B DK 80 gold energy; F DK 82 gold ict; G DK 84 gold ict")
    result = comparison_peers.peer_groups(current, reference, "sector", "energy", public=True)
    groups = result.groups.set_index("group")
    assert groups.loc["focus", "n"] == 3 and groups.loc["focus", "mean"] == 72.0
    assert groups.loc["country", "n"] == 5 and groups.loc["country", "countries"] == ("NO", "DK")
    assert groups.loc["sector", "n"] == 2 and not groups.loc["sector", "shown"]
    assert groups.loc["excellence", "n"] == 3 and groups.loc["excellence", "mean"] == 82.0
    labels = comparison_tables.group_labels(result, EN)
    assert labels == {
        "focus": "Energy (chosen)",
        "country": "Same country: Norway + Denmark",
        "sector": "Same sector: Energy",
        "excellence": "Excellence group (Gold)",
    }


def test_group_labels_in_norwegian(public):
    result = comparison_peers.peer_groups(public.current, public.reference, "programme", "nce")
    labels = comparison_tables.group_labels(result, NB)
    assert labels["focus"] == "NCE (valgt)" and labels["country"] == "Samme land: Norge"
    nce = public.current[public.current["programme_level"] == "nce"]["sector"].value_counts()
    assert len(nce) == 5
    first_two = sorted(nce.index, key=lambda s: (-nce[s], s))[:2]
    assert (
        labels["sector"] == f"Samme bransjer: {NB('comparison.sector_' + first_two[0])}, {NB('comparison.sector_' + first_two[1])} + 3 til"
    )
    assert labels["excellence"] == "Eksellensgruppen (Gull)"


def test_sector_names_fall_back_to_the_code():
    assert comparison_tables.sector_name("seafood", NB) == "Sjømat"
    assert comparison_tables.sector_name("seafood", EN) == "Seafood"
    assert comparison_tables.sector_name("deep_tech", EN) == "Deep tech"


# --------------------------------------------------------------------------- tables


def test_tables_have_translated_headers_and_the_seed_figures(public):
    labels = comparison_tables.label_table(public.counts, NB)
    assert list(labels.columns) == ["Land", "Gull", "Sølv", "Bronse"]
    assert labels.values.tolist()[0] == ["Norge", 6, 0, 28]
    stats = comparison_tables.stats_table(public.stats, EN)
    assert list(stats.columns) == ["Country", "Count (n)", "Known (n)", "Mean index", "Lower quartile", "Median", "Upper quartile"]
    assert stats.iloc[1]["Mean index"] == 67.2
    gap = comparison_tables.gap_table(public.gap, EN)
    assert gap.iloc[0].tolist() == ["Services", 69.0, 59.5, 9.5]


def test_formatted_uses_the_decimal_comma(public):
    shown = comparison_tables.formatted(comparison_tables.stats_table(public.stats, NB), NB)
    assert shown.iloc[0]["Snittindeks"] == "63,6" and shown.iloc[0]["Antall (n)"] == 28
    assert comparison_tables.formatted(pd.DataFrame({"x": [math.nan]}), NB).iloc[0]["x"] == ""


def test_card_gives_what_the_metrics_show(public):
    assert public.card("NO") == {"n": 28, "n_known": 28, "mean": 63.6, "one_level": False, "gold": 6, "silver": 0}
    assert public.card("DK") == {"n": 29, "n_known": 29, "mean": 67.2, "one_level": False, "gold": 8, "silver": 6}
    assert public.hidden_countries == []


def test_public_figures_hold_no_single_scores(public):
    for frame in (public.counts, public.stats, public.histogram, public.profile, public.gap):
        assert not CONFIDENTIAL & set(frame.columns), frame.columns


# --------------------------------------------------------------------------- chart specs


def test_label_counts_chart(public, seed):
    snapshot, _ = seed
    spec = charts.label_counts(public.counts, NB, snapshot.as_of).to_dict()
    assert spec["title"] == "Gyldige merker per 1. mars 2017"
    rows = {(r["country_name"], r["level_name"]): r["clusters"] for r in rows_of(spec)}
    assert rows[("Danmark", "Gull")] == 8 and rows[("Danmark", "Sølv")] == 6
    assert rows[("Norge", "Gull")] == 6 and rows[("Norge", "Sølv")] == 0
    bars, text = spec["layer"]
    assert bars["encoding"]["x"]["sort"] == ["Gull", "Sølv", "Bronse"]
    assert bars["encoding"]["color"]["scale"]["range"] == [COUNTRY_COLOURS["NO"], COUNTRY_COLOURS["DK"]]
    assert text["encoding"]["text"]["field"] == "count_text"


def test_label_counts_over_time_chart(all_snapshots):
    over_time = comparison.label_counts_over_time(all_snapshots)
    spec = charts.label_counts_over_time(over_time, EN).to_dict()
    panels = spec["vconcat"]  # one above the other, fitted to the element's width (charts.base.stacked)
    assert [p["title"]["text"] for p in panels] == ["Norway", "Denmark"]
    assert spec["autosize"]["type"] == "fit-x" and spec["resolve"]["scale"] == {"x": "shared", "y": "shared"}
    colour = panels[0]["encoding"]["color"]["scale"]
    assert colour["domain"] == ["Gold", "Silver", "Bronze"]
    assert colour["range"] == [STATUS_COLOURS[lvl] for lvl in ("gold", "silver", "bronze")]
    rows = rows_of(spec)
    assert len(rows) == len(over_time)
    last = [r for r in rows if r["date_text"] == "1 March 2017" and r["country_name"] == "Denmark"]
    assert {r["level_name"]: r["clusters"] for r in last} == {"Gold": 8, "Silver": 6, "Bronze": 14}


def test_index_histogram_chart_marks_the_means_in_locale_format(public):
    spec = charts.index_histogram(public.histogram, public.stats, NB).to_dict()
    panels = spec["vconcat"]
    assert [p["title"] for p in panels] == ["Norge (n = 28)", "Danmark (n = 29)"]
    assert spec["autosize"]["type"] == "fit-x"  # the panels fit the element (they overflowed it by their axes)
    texts = {r["mean_text"]: r["mean"] for r in rows_of(spec) if "mean_text" in r}
    assert texts == {"Snitt 63,6": 63.6, "Snitt 67,2": 67.2}
    bars, rule, text = panels[0]["layer"]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["x2"]["field"] == "bin_end"
    assert rule["mark"]["type"] == "rule" and rule["encoding"]["x"]["field"] == "mean"
    assert sum(r["clusters"] for r in rows_of(spec) if "clusters" in r) == 57
    assert not CONFIDENTIAL & fields_of(spec)
    english = charts.index_histogram(public.histogram, public.stats, EN).to_dict()
    assert {r["mean_text"] for r in rows_of(english) if "mean_text" in r} == {"Mean 63.6", "Mean 67.2"}


def test_index_strip_chart_names_clusters_in_adviser_mode(adviser):
    spec = charts.index_strip(adviser.points, adviser.stats, EN).to_dict()
    dots = spec["layer"][0]
    assert [t["field"] for t in dots["encoding"]["tooltip"]] == ["name", "label_name", "index_text"]
    names = {r["name"] for r in rows_of(spec) if "name" in r}
    assert len(names) == 57
    assert {r["mean_text"] for r in rows_of(spec) if "mean_text" in r} == {"Mean 63.6", "Mean 67.2"}


def test_area_profile_chart(public):
    spec = charts.area_profile(public.profile, EN).to_dict()
    bars = spec["layer"][0]
    assert bars["encoding"]["y"]["sort"] == [EN.area(a) for a in AREAS]
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 100]
    rows = {(r["country_name"], r["area_name"]): r["score_text"] for r in rows_of(spec) if "score_text" in r}
    assert rows[("Denmark", "Services")] == "69.0" and rows[("Norway", "Services")] == "59.5"
    assert len(rows) == 12


def test_area_gap_chart_is_sorted_and_diverging(public):
    spec = charts.area_gap(public.gap, NB).to_dict()
    bars = spec["layer"][0]
    assert bars["encoding"]["y"]["sort"][0] == "Tjenester"
    assert bars["encoding"]["y"]["sort"][-1] == "Resultater og anerkjennelse"
    assert bars["encoding"]["color"]["scale"] == {
        "domain": ["Danmark foran", "Norge foran"],
        "range": [COUNTRY_COLOURS["DK"], COUNTRY_COLOURS["NO"]],
    }
    rows = {r["area"]: r for r in rows_of(spec) if "gap_text" in r}
    assert rows["services"]["gap_text"] == "+9,5" and rows["services"]["ahead"] == "Danmark foran"
    assert rows["achievements"]["gap_text"] == NB.number(rows["achievements"]["gap"])
    assert rows["achievements"]["ahead"] == "Norge foran"
    domain = bars["encoding"]["x"]["scale"]["domain"]
    assert domain[0] < rows["achievements"]["gap"] and domain[1] > rows["services"]["gap"]


def test_peer_charts(public):
    result = comparison_peers.peer_groups(public.current, public.reference, "county", "03", public=True)
    labels = comparison_tables.group_labels(result, EN)
    spec = charts.peer_index(result.groups, labels, EN).to_dict()
    rows = rows_of(spec)
    assert "Oslo (chosen)" not in {r["group_name"] for r in rows}, "a group of one is not drawn in public mode"
    assert {r["group_name"]: r["mean_text"] for r in rows}["Same country: Norway"] == "63.6"
    assert spec["layer"][0]["encoding"]["y"]["sort"][0] == "Same country: Norway"
    profile = charts.peer_profile(result.profile, labels, EN).to_dict()
    assert len(rows_of(profile)) == 3 * 6
    scale = profile["encoding"]["color"]["scale"]
    assert scale["range"] == [charts.GROUP_COLOURS[g] for g in ("country", "sector", "excellence")]
    for chart in (spec, profile):
        assert not CONFIDENTIAL & fields_of(chart)


def test_peer_index_chart_puts_the_focus_first(public):
    result = comparison_peers.peer_groups(public.current, public.reference, "county", "18")
    labels = comparison_tables.group_labels(result, NB)
    spec = charts.peer_index(result.groups, labels, NB).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"][0] == "Nordland (valgt)"
    assert spec["layer"][0]["encoding"]["color"]["scale"]["range"][0] == charts.GROUP_COLOURS["focus"]


def test_charts_grow_in_presenter_mode(public, seed):
    snapshot, _ = seed
    normal = charts.label_counts(public.counts, NB, snapshot.as_of).to_dict()
    present = charts.label_counts(public.counts, NB, snapshot.as_of, present=True).to_dict()
    assert present["height"] > normal["height"]
    assert present["config"]["axis"]["labelFontSize"] > normal["config"]["axis"]["labelFontSize"]
