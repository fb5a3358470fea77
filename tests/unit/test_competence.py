"""clusterviz.figures.competence and its charts: training lights, the all-green comparison, the training programmes.

On the demo snapshot (the seed figures B1-B6) and on small hand-made frames."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from clusterviz.charts import competence as charts
from clusterviz.charts import competence_programmes as programme_charts
from clusterviz.charts import competence_tables
from clusterviz.data.snapshot import AREAS, THEMES
from clusterviz.figures import competence, metrics
from clusterviz.figures import competence_programmes as programmes
from clusterviz.figures.sample import all_green, training_lights
from clusterviz.text import i18n
from clusterviz.text.i18n import Translator

NB, EN = Translator("nb"), Translator("en")


@pytest.fixture(scope="module")
def window_sample(seed_snapshot):
    start, end = competence.period_range("window", seed_snapshot.as_of)
    return competence.light_sample(seed_snapshot.clusters, seed_snapshot.assessments, start, end)


@pytest.fixture(scope="module")
def programme(seed_snapshot):
    return programmes.programme_events(programmes.training_events(seed_snapshot))


LIGHT_CODES = {"g": "green", "y": "yellow", "r": "red"}


def hand_sample(lights: str, counties: str, index: list[int], countries: str | None = None) -> pd.DataFrame:
    """A light sample of clusters a, b, c, …, one space-separated item a cluster: ``lights`` its budget, plan and
    training light as g/y/r ("ggr": green, green, red), ``counties`` its county code, ``index`` its quality index,
    ``countries`` its country (default: all NO)."""
    codes = lights.split()
    rows = zip(
        "abcdefghijklmnopqrstuvwxyz"[: len(codes)],
        countries.split() if countries else ["NO"] * len(codes),
        counties.split(),
        *([LIGHT_CODES[code[i]] for code in codes] for i in range(3)),
        index,
        strict=True,
    )
    frame = pd.DataFrame(
        list(rows), columns=["cluster_id", "country", "county_code", "light_budget", "light_plan", "light_training", "quality_index"]
    )
    return frame.assign(all_green=all_green(frame).to_numpy())


def datasets(chart) -> list[dict]:
    """All rows of all inline datasets of a chart spec."""
    spec = chart.to_dict()
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


# --------------------------------------------------------------------------- period and sample


def test_period_presets_are_clipped_to_the_snapshot():
    as_of = dt.date(2017, 3, 1)
    assert competence.period_range("window", as_of) == metrics.WINDOW
    assert competence.period_range("latest", as_of) == (competence.EARLIEST, as_of)
    assert competence.period_range("custom", as_of, dt.date(2015, 1, 1), dt.date(2018, 1, 1)) == (dt.date(2015, 1, 1), as_of)
    assert competence.period_range("window", dt.date(2015, 3, 1)) == (metrics.WINDOW[0], dt.date(2015, 3, 1))
    assert competence.period_range("custom", as_of) == (competence.EARLIEST, as_of)  # no dates: everything


def test_period_notes():
    as_of = dt.date(2017, 3, 1)
    assert competence.period_note("window", *metrics.WINDOW, as_of) is None
    assert competence.period_note("window", metrics.WINDOW[0], dt.date(2015, 3, 1), dt.date(2015, 3, 1)) == "clipped"
    assert competence.period_note("window", metrics.WINDOW[0], dt.date(2013, 3, 1), dt.date(2013, 3, 1)) == "after_snapshot"
    assert competence.period_note("custom", dt.date(2016, 6, 1), dt.date(2015, 1, 1), as_of) == "reversed"


def test_window_gives_nine_of_28_norwegian_clusters_all_green(window_sample):
    norway = window_sample[window_sample["country"] == "NO"]
    assert len(norway) == 28
    assert int(norway["all_green"].sum()) == 9
    assert len(window_sample[window_sample["country"] == "DK"]) == 29
    assert window_sample["all_green"].tolist() == all_green(window_sample).tolist()


def test_sample_keeps_only_the_filtered_clusters(seed_snapshot):
    norway = seed_snapshot.clusters[seed_snapshot.clusters["country"] == "NO"]
    sample = competence.light_sample(norway, seed_snapshot.assessments, *metrics.WINDOW)
    assert set(sample["country"]) == {"NO"} and len(sample) == 28


def test_latest_period_takes_each_clusters_latest_labelled_assessment(seed_snapshot):
    as_of = seed_snapshot.as_of
    sample = competence.light_sample(seed_snapshot.clusters, seed_snapshot.assessments, *competence.period_range("latest", as_of))
    states = metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, as_of)
    certified = states[states["state"] != "never"]
    assert len(sample) == len(certified)
    merged = sample.merge(certified, on="cluster_id")
    assert (merged["assessment_date"] == merged["last_assessment_date"]).all()


def test_date_bounds(seed_snapshot):
    first, last = competence.date_bounds(seed_snapshot.assessments, seed_snapshot.as_of)
    assert first == seed_snapshot.assessments["assessment_date"].min().date()
    assert last == seed_snapshot.as_of


# --------------------------------------------------------------------------- light shares


def test_country_shares_match_metrics_training_lights(window_sample):
    shares, hidden = competence.light_shares(window_sample)
    assert hidden == []
    expected = training_lights(window_sample)
    for row in expected.itertuples():
        got = shares[(shares["group"] == row.country) & (shares["light"] == row.light) & (shares["value"] == row.value)]
        assert int(got["clusters"].iloc[0]) == row.clusters
    sums = shares.groupby(["group", "light"])["share"].sum()
    assert sums.round(9).eq(1.0).all()
    summary = competence.all_green_summary(shares).set_index("group")
    assert (summary.loc["NO", "all_green"], summary.loc["NO", "n"]) == (9, 28)
    assert list(summary.index) == ["NO", "DK"]


def test_shares_hold_no_cluster_level_columns(window_sample):
    shares, _ = competence.light_shares(window_sample, "county")
    assert set(shares.columns) == {"group", "light", "value", "clusters", "n", "n_total", "share"}


def test_public_county_groups_are_at_least_min_group(window_sample):
    shares, hidden = competence.light_shares(window_sample, "county", public=True)
    sizes = shares.groupby("group")["n"].first()
    assert (sizes >= metrics.MIN_GROUP).all()
    assert "other-NO" in sizes.index
    assert sizes.sum() + 0 == len(window_sample) and hidden == []
    adviser, _ = competence.light_shares(window_sample, "county", public=False)
    assert adviser["group"].nunique() == window_sample["county_code"].nunique()
    assert not adviser["group"].str.startswith("other").any()


def test_small_counties_merge_and_a_too_small_other_takes_the_next_smallest_county():
    sample = hand_sample("ggg ggr ggg rrr ggg gyr gyr ggg", "03 03 03 11 11 11 11 15", [60] * 8)
    groups = competence.county_groups(sample)
    # 15 alone (1 cluster) would be an "other" of 1: Oslo (3, the smallest) joins it; Rogaland (4) stays
    assert groups.tolist() == ["other-NO"] * 3 + ["11"] * 4 + ["other-NO"]
    assert competence.county_groups(sample, min_group=1).tolist() == sample["county_code"].tolist()


def test_a_group_under_min_group_is_left_out_in_public_only():
    sample = hand_sample("ggg ggr ggg rrr ggg ygg", "03 03 1084 1084 1084 1084", [60, 70, 80, 50, 40, 55], countries="NO NO DK DK DK DK")
    shares, hidden = competence.light_shares(sample, "country", public=True)
    assert hidden == ["NO"] and set(shares["group"]) == {"DK"}
    shares, hidden = competence.light_shares(sample, "country", public=False)
    assert hidden == [] and set(shares["group"]) == {"NO", "DK"}
    county, hidden = competence.light_shares(sample, "county", public=True)
    assert hidden == ["other-NO"] and set(county["group"]) == {"1084"}


def test_empty_sample_gives_empty_shares():
    shares, hidden = competence.light_shares(hand_sample("", "", []))
    assert shares.empty and hidden == []


def test_light_table_is_translated_and_leaves_yellow_red_empty_on_the_all_green_row(window_sample):
    shares, _ = competence.light_shares(window_sample)
    table = competence_tables.light_table(shares, EN)
    assert list(table.columns) == ["Group", "Light", "Clusters", "Light known (n)", "Green", "Yellow", "Red", "Share green"]
    norway = table[table["Group"] == "Norway"].set_index("Light")
    assert norway.loc["All three green", "Green"] == 9
    assert pd.isna(norway.loc["All three green", "Yellow"]) and pd.isna(norway.loc["All three green", "Red"])
    assert norway.loc["All three green", "Share green"] == "32%"
    assert (norway["Clusters"] == 28).all() and (norway["Light known (n)"] == 28).all()


def test_group_names(window_sample):
    assert competence_tables.group_name("NO", NB) == "Norge"
    assert competence_tables.group_name("18", NB) == "Nordland"
    assert competence_tables.group_name("other-DK", EN) == "Other counties/regions – Denmark"
    assert competence.group_order(["other-NO", "1084", "DK", "18", "NO", "03"]) == ["NO", "DK", "03", "18", "other-NO", "1084"]


# --------------------------------------------------------------------------- does training pay off?


def test_payoff_groups_on_the_demo_window(seed_snapshot, window_sample):
    groups = competence.payoff_groups(window_sample, seed_snapshot.assessments, seed_snapshot.as_of)
    sizes = {(r.country, r.all_green): r.clusters for r in groups.itertuples()}
    assert sizes == {("NO", True): 9, ("NO", False): 19, ("DK", True): 10, ("DK", False): 19}
    firsts = metrics.first_labels(seed_snapshot.assessments, seed_snapshot.as_of).set_index("cluster_id")["stage"]
    for r in groups.itertuples():
        mine = window_sample[(window_sample["country"] == r.country) & (window_sample["all_green"] == r.all_green)]
        assert r.mean_index == round(mine["quality_index"].mean(), 1)
        stages = firsts.reindex(mine["cluster_id"])
        ended = stages.isin(["renewed", "not_renewed"])
        assert r.first_ended == int(ended.sum())
        assert r.renewal_rate == pytest.approx((stages == "renewed").sum() / ended.sum())
    assert set(groups.columns) == {"country", "all_green", "clusters", "mean_index", "first_ended", "renewed", "renewal_rate"}


def test_payoff_sentence_is_neutral_and_names_the_group_sizes(seed_snapshot, window_sample):
    groups = competence.payoff_groups(window_sample, seed_snapshot.assessments, seed_snapshot.as_of)
    comparison = {c["country"]: c for c in competence.payoff_comparison(groups)}
    norway = comparison["NO"]
    assert (norway["n_green"], norway["n_other"]) == (9, 19)
    assert norway["index_diff"] == round(norway["index_green"] - norway["index_other"], 1)
    assert norway["direction"] == ("higher" if norway["index_diff"] > 0 else "lower")
    lines = competence_tables.payoff_sentences([norway], EN)
    assert lines[0].startswith("**Norway:** Clusters with all three lights green had a mean index ")
    assert f"{EN.number(abs(norway['index_diff']))} points" in lines[0]
    assert "(n = 9 vs n = 19)" in lines[0] and "association, not proof of effect" in lines[0]
    assert f"({norway['renewed_green']} of {norway['ended_green']})" in lines[1]
    for word in ("because", "causes", "leads to", "proves that"):
        assert word not in " ".join(lines).lower()
    nb_lines = competence_tables.payoff_sentences([norway], NB)
    assert "(n = 9 mot n = 19)" in nb_lines[0] and "ikke bevis for effekt" in nb_lines[0]


def test_payoff_withholds_groups_under_min_group():
    sample = hand_sample("ggg ggg rgg grg ggy", "03 03 11 11 11", [90, 80, 50, 55, 60])
    assessments = pd.DataFrame(
        {
            "cluster_id": list("abcde"),
            "assessment_date": pd.to_datetime(["2014-05-01"] * 5),
            "label_level": ["bronze"] * 5,
            "valid_until": pd.to_datetime(["2016-05-31"] * 5),
        }
    )
    groups = competence.payoff_groups(sample, assessments, dt.date(2017, 3, 1)).set_index("all_green")
    assert groups.loc[True, "clusters"] == 2 and groups.loc[False, "clusters"] == 3
    # the all-green pair is too small, so the other group's mean is withheld too (it would give them away)
    assert groups[["mean_index", "first_ended", "renewal_rate"]].isna().all().all()
    enough = competence.payoff_groups(sample, assessments, dt.date(2017, 3, 1), min_group=2).set_index("all_green")
    assert enough.loc[True, "mean_index"] == 85.0 and enough.loc[False, "mean_index"] == 55.0
    assert enough.loc[False, "first_ended"] == 3 and enough.loc[False, "renewal_rate"] == 0.0
    assert enough.loc[True, "renewal_rate"] == 0.0
    comparison = competence.payoff_comparison(groups.reset_index())
    assert comparison[0]["direction"] is None and comparison[0]["index_green"] is None
    line = competence_tables.payoff_sentences(comparison, EN)[0]
    assert "fewer than 3 clusters" in line and "all green: 2" in line
    table = competence_tables.payoff_table(groups.reset_index(), EN)
    assert table.loc[table["Group"] == "All three green", "Mean quality index (of 100)"].iloc[0] == "–"
    assert charts.payoff_bars(groups.reset_index().assign(mean_index=None), EN) is None


# --------------------------------------------------------------------------- training programmes


def test_five_programme_events_with_their_participants(programme):
    assert len(programme) == 5
    assert [None if pd.isna(v) else int(v) for v in programme["participants_n"]] == [30, 30, None, 60, 25]
    assert programme["place"].tolist() == ["Bucharest"] * 3 + ["Sofia"] * 2
    assert [d.date().isoformat() for d in programme["start_date"]] == ["2016-10-04", "2016-11-22", "2017-04-25", "2017-05-16", "2017-06-20"]
    assert programme["status"].tolist() == ["held", "held", "planned", "planned", "planned"]
    assert programme["end_date"].iloc[0].date() == dt.date(2016, 10, 5)  # two days


def test_programme_summary_does_not_add_up_participants(programme):
    summary = programmes.programme_summary(programme).set_index("country")
    assert summary.loc["RO", ["events", "held", "planned"]].tolist() == [3, 2, 1]
    assert summary.loc["BG", ["events", "held", "planned"]].tolist() == [2, 0, 2]
    assert summary.loc["RO", "participants_max"] == 30 and summary.loc["BG", "participants_max"] == 60
    assert summary.loc["RO", "clusters_max"] == 15 and summary.loc["BG", "clusters_max"] == 15


def test_every_theme_maps_to_one_of_the_six_areas():
    assert set(programmes.THEME_AREAS) == set(THEMES)
    assert set(programmes.THEME_AREAS.values()) <= set(AREAS)
    assert programmes.THEME_AREAS["branding"] == "achievements"
    assert programmes.THEME_AREAS["internationalisation"] == "interaction"
    assert programmes.THEME_AREAS["quality"] == "structure"
    assert {t for t, a in programmes.THEME_AREAS.items() if a == "management"} == {
        "organisation_management",
        "strategy",
        "change_management",
    }


def test_theme_tags_and_area_filter(programme):
    tags = programmes.theme_tags(programme)
    assert list(dict.fromkeys(tags["area"])) == ["management", "financing", "services", "interaction", "achievements"]
    counts = tags.set_index("theme")["events"]
    assert counts["services"] == 5 and counts["financing"] == 2 and counts["matchmaking"] == 1
    financing = programmes.events_on_area(programme, "financing")
    assert financing["event_id"].tolist() == ["ro-2016-1", "ro-2016-2"]
    assert programmes.events_on_area(programme, None) is programme
    assert programmes.events_on_area(programme, "structure").empty
    assert programme.loc[2, "areas"] == ["services", "interaction"]


def test_theme_badges_use_catalogue_text_only(programme):
    badges = dict(programme_charts.theme_badges(programmes.theme_tags(programme), EN, area="financing"))
    assert badges["Financing"] == ":orange-badge[Financing · 2]"
    assert badges["Contacts and interaction"] == ":blue-badge[Internationalisation · 3] :blue-badge[Matchmaking · 1]"
    assert "Structure of the cluster" not in badges  # no event tagged "quality" in the programmes


def test_event_places_and_table(programme):
    places = programmes.event_places(programme).set_index("place")
    assert places.loc["Bucharest", ["events", "held", "planned"]].tolist() == [3, 2, 1]
    assert places.loc["Sofia", ["events", "held", "planned"]].tolist() == [2, 0, 2]
    i18n.MISSING.clear()
    table = programme_charts.event_table(programme, NB)
    assert not i18n.MISSING
    assert table["Sted"].iloc[0] == "Bucharest, Romania"
    assert table["Dato"].iloc[0] == "4. oktober 2016"
    assert table["Status"].tolist() == ["Gjennomført"] * 2 + ["Planlagt"] * 3
    assert table["Deltakere (ca.)"].isna().tolist() == [False, False, True, False, False]


def test_adviser_table_holds_each_clusters_index(seed_snapshot, window_sample):
    table = competence_tables.cluster_lights(window_sample, seed_snapshot.clusters, EN)
    assert len(table) == 57 and "Quality index" in table.columns
    assert (table["All three green"] == "Yes").sum() == 19


# --------------------------------------------------------------------------- chart specs


def test_light_bars_spec(window_sample):
    shares, _ = competence.light_shares(window_sample)
    chart = charts.light_bars(shares, EN)
    spec = chart.to_dict()
    panels = spec["vconcat"]  # one above the other, fitted to the element's width (charts.base.stacked)
    assert [p["title"]["text"] for p in panels] == ["Norway (n = 28)", "Denmark (n = 29)"]
    assert spec["autosize"]["type"] == "fit-x" and spec["resolve"]["scale"] == {"x": "shared", "y": "shared"}
    bars, text = panels[0]["layer"]
    assert bars["mark"]["type"] == "bar" and text["mark"]["type"] == "text"
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Green", "Yellow", "Red", "Not all green"]
    assert scale["range"] == [charts.LIGHT_COLOURS[v] for v in competence.VALUES]
    rows = datasets(chart)
    assert not {"cluster_id", "quality_index", "name"} & set(rows[0])
    labels = {(r["group_name"], r["light_name"], r["value_name"]): r["label"] for r in rows}
    assert labels[("Norway (n = 28)", "All three green", "Green")] == "Green 32%"
    assert labels[("Norway (n = 28)", "All three green", "Not all green")] == "Not all green 68%"
    assert [t["title"] for t in bars["encoding"]["tooltip"]] == ["Group", "Light", "Colour", "Clusters", "Share"]
    budget = [r for r in rows if r["group"] == "NO" and r["light_name"] == "Budget"]
    assert budget[0]["start"] == 0 and budget[-1]["end"] == pytest.approx(1)


def test_light_bars_nb_axis_writes_percent_with_a_space(window_sample):
    shares, _ = competence.light_shares(window_sample)
    spec = charts.light_bars(shares, NB, present=True).to_dict()
    axis = spec["vconcat"][0]["layer"][0]["encoding"]["x"]["axis"]
    assert axis["labelExpr"].replace("\\u00a0", " ").replace("\u00a0", " ").endswith('+ " %"')
    assert spec["config"]["axis"]["labelFontSize"] == 22


def test_payoff_bars_spec(seed_snapshot, window_sample):
    groups = competence.payoff_groups(window_sample, seed_snapshot.assessments, seed_snapshot.as_of)
    chart = charts.payoff_bars(groups, EN)
    spec = chart.to_dict()
    assert len(spec["vconcat"]) == 2 and spec["autosize"]["type"] == "fit-x"
    assert [p["title"] for p in spec["vconcat"]] == ["Mean quality index (of 100)", "Renewal rate"]
    rows = datasets(chart)
    assert [r["row"] for r in rows] == [
        "Norway – All three green",
        "Norway – Not all green",
        "Denmark – All three green",
        "Denmark – Not all green",
    ]
    assert rows[0]["index_text"].endswith("(n = 9)") and rows[1]["index_text"].endswith("(n = 19)")
    assert not {"cluster_id", "quality_index"} & set(rows[0])


def test_event_timeline_spec(programme):
    as_of = dt.date(2017, 3, 1)
    chart = programme_charts.event_timeline(programme, as_of, NB)
    spec = chart.to_dict()
    rows = datasets(chart)
    events = [r for r in rows if "event" in r]
    assert len(events) == 5
    assert [r["status_name"] for r in events].count("Planlagt") == 3
    assert events[0]["below"] == "15 klynger\nca. 30 deltakere"
    assert events[3]["below"] == "ca. 60 deltakere\nPlanlagt"
    points = next(layer for layer in spec["layer"] if layer["mark"].get("type") == "point")
    assert points["encoding"]["shape"]["scale"]["range"] == ["circle", "diamond"]
    assert points["encoding"]["color"]["scale"]["domain"] == ["Gjennomført", "Planlagt"]
    assert any(r.get("start") == "2017-03-01" and r.get("text") == "Datauttrekk 1. mars 2017" for r in rows)
    axis = points["encoding"]["x"]["axis"]
    assert '"okt"' in axis["labelExpr"]
    # places and dates said on screen, not only in the tooltip
    assert events[3]["above"] == "Sofia, 16. mai 2017" and events[0]["above"] == "Bucharest, 4. okt. 2016"
    texts = [
        layer
        for layer in spec["layer"]
        if layer["mark"].get("type") == "text" and layer["encoding"].get("text", {}).get("field") == "above"
    ]
    assert len(texts) == 2, "two heights for neighbours"
    # Sofia in May and June 2017 (35 days apart) stand at different heights; Bucharest 2016/2017 alternate too
    assert events[3]["tier"] != events[4]["tier"] and events[0]["tier"] != events[1]["tier"]


def test_event_names_in_english_when_given(programme):
    named = programme.assign(name_en=["Gathering 1", None, None, "Development seminar, Sofia", None])
    rows = [r for r in datasets(programme_charts.event_timeline(named, dt.date(2017, 3, 1), EN)) if "event" in r]
    assert rows[3]["event"] == "Development seminar, Sofia" and rows[1]["event"] == programme["name"].iloc[1]
    nb_rows = [r for r in datasets(programme_charts.event_timeline(named, dt.date(2017, 3, 1), NB)) if "event" in r]
    assert nb_rows[3]["event"] == programme["name"].iloc[3]


def test_event_map_has_no_basemap_and_text_tooltips(programme):
    deck = programme_charts.event_map(programmes.event_places(programme), EN)
    spec = json.loads(deck.to_json())
    # no provider and pydeck's placeholder style: Streamlit draws no basemap (map_style=None would fetch Carto)
    assert "mapProvider" not in spec and spec["mapStyle"] == "__MAP_STYLE__"
    assert [layer["@@type"] for layer in spec["layers"]] == ["ScatterplotLayer", "TextLayer"]
    labels = [row["label"] for row in spec["layers"][1]["data"]]
    assert labels == ["Bucharest, Romania (3)", "Sofia, Bulgaria (2)"]
    assert deck._tooltip == {"text": "{tooltip}"}
    tips = [row["tooltip"] for row in spec["layers"][0]["data"]]
    assert tips[0] == "Bucharest, Romania: 3 events (2 held, 1 planned)"
    assert all("<" not in tip for tip in tips)
