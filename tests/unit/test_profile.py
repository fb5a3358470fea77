"""clusterviz.figures.cluster on hand-made frames: search, label path, peers, distance to Gold, Silver rule, plan."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from clusterviz.data.snapshot import AREA_COLUMNS
from clusterviz.figures import cluster as profile
from clusterviz.figures import cluster_adviser, cluster_json, metrics

ON = dt.date(2017, 3, 1)


def clusters_frame(rows):
    base = {
        "country": "NO",
        "programme_level": "arena",
        "sector": "maritime",
        "home_town": "Bodø",
        "municipality_code": "1804",
        "county_code": "18",
        "lat": 67.28,
        "lon": 14.4,
        "founded_year": 2010,
        "active": True,
    }
    return pd.DataFrame([{**base, **row} for row in rows])


def assessment(cluster_id, day, level="bronze", index=None, areas=None, precision="day", kind="benchmarking", valid_until=None):
    day = pd.Timestamp(day)
    row = {
        "assessment_id": f"{cluster_id}-{day.date()}",
        "cluster_id": cluster_id,
        "assessment_date": day,
        "assessment_type": kind,
        "label_level": level,
        "date_precision": precision,
        "valid_until": pd.Timestamp(valid_until)
        if valid_until
        else (day + pd.DateOffset(years=2) + pd.offsets.MonthEnd(0) if level != "none" else pd.NaT),
        "quality_index": np.nan if index is None else float(index),
    }
    values = areas if isinstance(areas, (list, tuple)) else [areas] * 6
    for column, value in zip(AREA_COLUMNS, values):
        row[column] = np.nan if value is None else float(value)
    return row


def frame(rows):
    out = pd.DataFrame(rows)
    out["assessment_date"] = pd.to_datetime(out["assessment_date"])
    out["valid_until"] = pd.to_datetime(out["valid_until"])
    return out


# --------------------------------------------------------------------------- search


@pytest.fixture
def towns():
    return clusters_frame(
        [
            {"cluster_id": "NO-1", "name": "Arena Laksesenteret Bodø", "home_town": "Bodø", "county_code": "18"},
            {"cluster_id": "NO-2", "name": "Arena Energivest", "home_town": "Bodø", "county_code": "18"},
            {"cluster_id": "NO-3", "name": "GCE Skipsleia", "home_town": "Ålesund", "county_code": "15"},
            {"cluster_id": "DK-1", "name": "Ærø Energi", "home_town": "Ærøskøbing", "country": "DK", "county_code": "1083"},
            {"cluster_id": "NO-4", "name": "Arena Ukjent", "home_town": None, "county_code": "03", "programme_level": None, "sector": None},
        ]
    )


def test_fold_removes_accents_and_case():
    assert profile.fold("Bodø") == "bodo"
    assert profile.fold("ÆRØSKØBING") == "aeroskobing"
    assert profile.fold("Ålesund") == "alesund"
    assert profile.fold(None) == "" and profile.fold(pd.NA) == ""


@pytest.mark.parametrize("query", ["bodo", "BODØ", "Bodo", " bodø "])
def test_search_bodo_finds_both_bodo_clusters(towns, query):
    found = profile.search_clusters(towns, query)
    assert set(found["cluster_id"]) == {"NO-1", "NO-2"}


def test_search_tolerates_a_typo_and_ranks_exact_first(towns):
    found = profile.search_clusters(towns, "skipslia")  # one letter missing
    assert found["cluster_id"].tolist() == ["NO-3"]
    assert 0.75 <= found["score"].iloc[0] < 1.0
    assert profile.search_clusters(towns, "alsund")["cluster_id"].tolist() == ["NO-3"]  # typo in the town
    assert profile.search_clusters(towns, "xyzzy").empty
    assert profile.search_clusters(towns, "").empty


def test_search_looks_in_county_names_and_needs_every_word(towns):
    assert set(profile.search_clusters(towns, "nordland")["cluster_id"]) == {"NO-1", "NO-2"}
    assert profile.search_clusters(towns, "nordland")["matched"].eq("county").all()
    assert profile.search_clusters(towns, "bodo laks")["cluster_id"].tolist() == ["NO-1"]
    assert profile.search_clusters(towns, "aero")["cluster_id"].tolist() == ["DK-1"]


def test_search_finds_an_id(towns):
    assert profile.search_clusters(towns, "no-3")["cluster_id"].tolist()[0] == "NO-3"
    assert profile.search_clusters(towns, "dk-1")["matched"].tolist()[0] == "id"


def test_search_survives_unknown_towns(towns):
    assert profile.search_clusters(towns, "ukjent")["cluster_id"].tolist() == ["NO-4"]


# --------------------------------------------------------------------------- public profile


def test_label_path_states_and_expiry():
    rows = [
        assessment("NO-1", "2012-01-10", index=50, areas=50),
        assessment("NO-1", "2014-06-01", level="silver", index=60, areas=60),  # renewed (in grace)
        assessment("NO-2", "2014-01-10", index=50, areas=50),
    ]  # lapsed by 2017-03
    assessments = frame(rows)
    path = profile.label_path(assessments, "NO-1", ON)
    assert path["state"].tolist() == ["renewed", "grace"]  # Silver ran to 2016-06-30
    assert path["upgraded"].tolist() == [True, False]
    assert profile.label_path(assessments, "NO-1", dt.date(2016, 1, 1))["state"].tolist() == ["renewed", "valid"]
    assert profile.label_path(assessments, "NO-2", ON)["state"].tolist() == ["lapsed"]  # grace ended 2017-01-31
    assert profile.label_path(assessments, "NO-2", dt.date(2016, 6, 1))["state"].tolist() == ["grace"]
    clusters = clusters_frame([{"cluster_id": c, "name": c} for c in ("NO-1", "NO-2", "NO-3")])
    states = metrics.label_states(clusters, assessments, ON)
    e = profile.expiry(states, "NO-1")
    assert (e["state"], e["valid_until"], e["days_left"]) == ("grace", dt.date(2016, 6, 30), -244)
    e = profile.expiry(metrics.label_states(clusters, assessments, dt.date(2016, 6, 1)), "NO-1")
    assert e["days_left"] == 29 and e["renew_by"] == dt.date(2017, 6, 30) and e["days_to_renew_by"] == 29 + 365
    never = profile.expiry(states, "NO-3")
    assert never["status"] == "never" and never["days_left"] is None and never["renew_by"] is None


def test_label_peers_counts_and_skips_unknown_keys():
    clusters = clusters_frame(
        [
            {"cluster_id": "A", "name": "A", "sector": "energy"},
            {"cluster_id": "B", "name": "B", "sector": "energy"},
            {"cluster_id": "C", "name": "C", "sector": "health", "county_code": "50"},
            {"cluster_id": "D", "name": "D", "sector": None, "programme_level": None},
        ]
    )
    assessments = frame(
        [
            assessment("A", "2016-01-01", level="bronze"),
            assessment("B", "2016-01-01", level="gold", kind="gold"),
            assessment("C", "2016-01-01", level="silver", kind="silver"),
        ]
    )
    states = metrics.label_states(clusters, assessments, ON)
    peers, unknown = profile.label_peers(clusters, states, "A")
    assert unknown == []
    county = peers.set_index("kind").loc["county"]
    assert (county["clusters"], county["gold"], county["silver"], county["bronze"]) == (3, 1, 0, 1)
    assert county["position"] == 2  # one Gold above its Bronze
    sector = peers.set_index("kind").loc["sector"]
    assert (sector["key"], sector["clusters"]) == ("energy", 2)
    peers, unknown = profile.label_peers(clusters, states, "D")
    assert unknown == ["programme", "sector"] and peers["kind"].tolist() == ["county"]


# --------------------------------------------------------------------------- adviser: Gold, Silver, plan


def gold_group():
    """Four Gold clusters with areas 90, 85, 80, 75 in every area (median 82.5), index 85."""
    return [assessment(f"G{i}", "2016-05-01", level="gold", kind="gold", index=85, areas=score) for i, score in enumerate((90, 85, 80, 75))]


def scene(own_rows, extra_clusters=()):
    rows = gold_group() + list(own_rows)
    assessments = frame(rows)
    clusters = clusters_frame([{"cluster_id": c, "name": c} for c in dict.fromkeys(assessments["cluster_id"])] + list(extra_clusters))
    states = metrics.label_states(clusters, assessments, ON)
    history = cluster_adviser.score_history(assessments, "X", ON)
    peers = cluster_adviser.peer_scores(clusters, assessments, states, ON, "X")
    return history, peers


def test_distance_to_gold_points_and_area_gaps():
    own = [assessment("X", "2016-01-01", index=70, areas=[70, 80, 60, 82.5, None, 90])]
    history, peers = scene(own)
    d = cluster_adviser.distance_to_gold(history, peers)
    assert d.status == "ok" and d.quality_index == 70 and d.points_to_gold == 10
    areas = d.areas.set_index("area")
    assert areas.loc["structure", "gold_typical"] == 82.5 and areas.loc["structure", "gold_known"] == 4
    assert areas.loc["structure", "gap"] == 12.5
    assert areas.loc["financing", "gap"] == 22.5
    assert areas.loc["services", "gap"] == 0
    assert areas.loc["achievements", "gap"] == -7.5  # above the Gold group
    assert pd.isna(areas.loc["interaction", "gap"])  # unknown score: no gap invented


def test_distance_to_gold_above_the_line_and_without_scores():
    history, peers = scene([assessment("X", "2016-01-01", index=88, areas=88)])
    assert cluster_adviser.distance_to_gold(history, peers).points_to_gold == 0
    history, peers = scene([assessment("X", "2016-01-01", index=None, areas=None)])
    assert cluster_adviser.distance_to_gold(history, peers).status == "no_scores"
    assert cluster_adviser.silver_path(history).status == "no_scores"
    plan = cluster_adviser.improvement_plan(history, cluster_adviser.distance_to_gold(history, peers), cluster_adviser.silver_path(history))
    assert plan.status == "no_scores" and plan.areas.empty


def test_gold_group_too_small_is_not_shown():
    assessments = frame(
        [
            assessment("G1", "2016-05-01", level="gold", kind="gold", index=85, areas=85),
            assessment("G2", "2016-05-01", level="gold", kind="gold", index=85, areas=85),
            assessment("X", "2016-01-01", index=60, areas=60),
        ]
    )
    clusters = clusters_frame([{"cluster_id": c, "name": c} for c in ("G1", "G2", "X")])
    states = metrics.label_states(clusters, assessments, ON)
    peers = cluster_adviser.peer_scores(clusters, assessments, states, ON, "X")
    gold = peers[peers["group"] == "gold"]
    assert not gold["shown"].any() and gold["median"].isna().all() and (gold["known"] == 2).all()
    d = cluster_adviser.distance_to_gold(cluster_adviser.score_history(assessments, "X", ON), peers)
    assert d.areas["gap"].isna().all() and not d.areas["shown"].any()


def test_peer_groups_skip_unknown_sector_and_say_n_of_n():
    own = [assessment("X", "2016-01-01", index=60, areas=60)]
    rows = gold_group() + own + [assessment("G9", "2016-05-01", level="gold", kind="gold", index=None, areas=None)]
    assessments = frame(rows)
    ids = list(dict.fromkeys(assessments["cluster_id"]))
    clusters = clusters_frame([{"cluster_id": c, "name": c, "sector": None if c == "X" else "energy"} for c in ids])
    states = metrics.label_states(clusters, assessments, ON)
    peers = cluster_adviser.peer_scores(clusters, assessments, states, ON, "X")
    assert set(peers["group"]) == {"country", "gold"}
    index = peers[(peers["group"] == "gold") & (peers["measure"] == "quality_index")].iloc[0]
    assert (index["known"], index["size"]) == (4, 5) and index["shown"]


def silver_rows(second_day, second_areas, first_day="2014-03-10", precision="day"):
    return [assessment("X", first_day, index=60, areas=60, precision=precision), assessment("X", second_day, index=65, areas=second_areas)]


def test_silver_rule_met():
    history, _ = scene(silver_rows("2015-11-10", [62, 61, 64, 60, 59, 70]))  # 20 months, 4 areas up
    s = cluster_adviser.silver_path(history)
    assert s.status == "met" and s.met and s.in_window and s.improved == 4 and s.missing == 0
    assert s.months_apart == 20.0
    assert s.areas.set_index("area").loc["achievements", "change"] == 10
    assert s.next_window == (dt.date(2017, 5, 10), dt.date(2017, 11, 10))


def test_silver_rule_missed_by_one_area():
    history, _ = scene(silver_rows("2015-11-10", [62, 61, 60, 60, 59, 58]))  # 2 areas up
    s = cluster_adviser.silver_path(history)
    assert s.status == "missed_areas" and not s.met and s.improved == 2 and s.missing == 1
    assert s.areas["improved"].tolist() == [True, True, False, False, False, False]


def test_silver_rule_outside_the_window():
    early = cluster_adviser.silver_path(scene(silver_rows("2015-08-09", [70] * 6))[0])  # 17 months: too early
    assert early.status == "outside_window" and early.in_window is False and early.improved == 6
    late = cluster_adviser.silver_path(scene(silver_rows("2016-03-11", [70] * 6))[0])  # two years and a day
    assert late.status == "outside_window" and late.months_apart > 24
    edge = cluster_adviser.silver_path(scene(silver_rows("2016-03-10", [70] * 6))[0])  # exactly two years: counts
    assert edge.status == "met"
    start = cluster_adviser.silver_path(scene(silver_rows("2015-09-10", [70] * 6))[0])  # exactly 18 months
    assert start.status == "met"


def test_silver_rule_only_one_assessment_gives_the_window():
    s = cluster_adviser.silver_path(scene([assessment("X", "2016-09-15", index=60, areas=60)])[0])
    assert s.status == "one_assessment" and s.missing == 3
    assert s.next_window == (dt.date(2018, 3, 15), dt.date(2018, 9, 15))


def test_silver_rule_unknown_areas_are_not_improvements_and_month_dates_are_approximate():
    history, _ = scene(silver_rows("2015-11-01", [62, 61, 64, None, None, None], precision="month"))
    s = cluster_adviser.silver_path(history)
    assert s.improved == 3 and s.unknown_areas == 3 and s.met and s.approximate


def test_plan_ranks_areas_by_gap_and_reports_progress():
    own = [
        assessment("X", "2014-03-10", index=60, areas=[60, 60, 60, 60, 60, 60]),
        assessment("X", "2015-11-10", index=66, areas=[70, 80, 55, 65, None, 62]),
    ]
    history, peers = scene(own)
    d = cluster_adviser.distance_to_gold(history, peers)
    s = cluster_adviser.silver_path(history)
    plan = cluster_adviser.improvement_plan(history, d, s, renew_by=dt.date(2018, 11, 30))
    assert plan.status == "ok"
    assert plan.areas["area"].tolist() == ["financing", "achievements", "services", "structure", "management", "interaction"]
    assert plan.areas["gap"].tolist()[:5] == [27.5, 20.5, 17.5, 12.5, 2.5]
    assert plan.areas["rank"].tolist()[:5] == [1, 2, 3, 4, 5] and plan.areas["rank"].isna().iloc[5]
    assert plan.areas.set_index("area").loc["financing", "change"] == -5
    assert plan.index_change == 6 and plan.improved_since == 4
    assert plan.next_window == s.next_window and plan.renew_by == dt.date(2018, 11, 30)
    assert set(plan.areas["target_kind"]) == {"gold_group"}


def test_plan_falls_back_to_the_80_line_without_a_gold_group():
    assessments = frame([assessment("X", "2016-01-01", index=60, areas=[60, 70, 50, 80, 75, 65])])
    clusters = clusters_frame([{"cluster_id": "X", "name": "X"}])
    states = metrics.label_states(clusters, assessments, ON)
    history = cluster_adviser.score_history(assessments, "X", ON)
    peers = cluster_adviser.peer_scores(clusters, assessments, states, ON, "X")
    d = cluster_adviser.distance_to_gold(history, peers)
    plan = cluster_adviser.improvement_plan(history, d, cluster_adviser.silver_path(history))
    assert plan.areas["target_kind"].eq("gold_line").all()
    assert plan.areas["area"].tolist()[:3] == ["financing", "structure", "achievements"]
    assert plan.index_change is None and plan.previous is None


def test_profile_is_public_by_default(seed_snapshot):
    public = cluster_json.profile(seed_snapshot, "NO-058")
    assert public["mode"] == "public" and "scores" not in public and "plan" not in public
    assert public["cluster"]["home_town"] == "Bodø"
    assert public["collaborations"], "NO-058 took part in the 2016 Nordland pilot"
    adviser = cluster_json.profile(seed_snapshot, "NO-058", adviser=True)
    assert adviser["scores"] and adviser["plan"]["status"] == "ok"
    assert cluster_json.profile(seed_snapshot, "NO-999") is None


# --------------------------------------------------------------------------- command line


def test_cli_profile_public_has_no_scores_and_adviser_has_them(capsys, data_root):
    import json

    from clusterviz import cli

    assert cli.main(["profile", "NO-058", "--data", data_root, "--snapshot", "2017-03-01", "--json"]) == 0
    public = json.loads(capsys.readouterr().out)
    assert public["cluster"]["name"] == "Arena Laksesenteret Bodø (demo)" and public["mode"] == "public"
    text = json.dumps(public)
    assert "quality_index" not in text and "area_" not in text and "53.1" not in text
    assert cli.main(["profile", "NO-058", "--data", data_root, "--snapshot", "2017-03-01", "--json", "--adviser"]) == 0
    adviser = json.loads(capsys.readouterr().out)
    assert adviser["scores"][0]["quality_index"] == 53.1
    assert adviser["silver_path"]["status"] == "one_assessment"
    assert adviser["distance_to_gold"]["points_to_gold"] == 26.9
    assert (
        adviser
        == cluster_json.profile(
            __import__("clusterviz.data.store", fromlist=["load"]).load(f"{data_root}/2017-03-01"), "NO-058", adviser=True
        )
        | {}
    )


def test_cli_profile_text_and_unknown_cluster(capsys, data_root):
    from clusterviz import cli

    assert cli.main(["profile", "NO-058", "--data", data_root, "--snapshot", "2017-03-01"]) == 0
    out = capsys.readouterr().out
    assert "Bodø" in out and "renewal counts until 2019-09-30" in out and "index" not in out
    assert cli.main(["profile", "NO-058", "--data", data_root, "--snapshot", "2017-03-01", "--adviser"]) == 0
    out = capsys.readouterr().out
    assert "26.9 points to 80" in out and "next window 2018-03-05 .. 2018-09-05" in out
    assert cli.main(["profile", "NO-999", "--data", data_root]) == 1
    assert "no cluster 'NO-999'" in capsys.readouterr().err


# --------------------------------------------------------------------------- partial data (schema 2 nulls)


def partial_snapshot():
    """A snapshot-like object whose nullable columns are unknown: a cluster without programme level, sector,
    town, founding year or position, assessments without scores, a month-precision date."""
    from types import SimpleNamespace

    clusters = clusters_frame(
        [
            {
                "cluster_id": "NO-1",
                "name": "Ukjent Klynge",
                "programme_level": None,
                "sector": None,
                "home_town": None,
                "founded_year": pd.NA,
                "lat": np.nan,
                "lon": np.nan,
                "municipality_code": None,
            },
            {"cluster_id": "NO-2", "name": "Kjent Klynge"},
        ]
    )
    clusters["founded_year"] = clusters["founded_year"].astype("Int32")
    assessments = frame(
        [
            assessment("NO-1", "2015-06-01", index=None, areas=None, precision="month"),
            assessment("NO-2", "2016-01-01", index=70, areas=[70, None, 65, 72, 71, 69]),
        ]
    )
    assessments["source"] = ["https://example.org/label-2015", None]
    empty = pd.DataFrame(
        {
            "collaboration_id": pd.Series(dtype=object),
            "name": pd.Series(dtype=object),
            "kind": pd.Series(dtype=object),
            "start_date": pd.Series(dtype="datetime64[ns]"),
            "end_date": pd.Series(dtype="datetime64[ns]"),
            "name_en": pd.Series(dtype=object),
        }
    )
    events = pd.DataFrame(
        {c: pd.Series(dtype=object) for c in ("event_id", "name", "kind", "place", "status", "collaboration_id")}
        | {
            "start_date": pd.Series(dtype="datetime64[ns]"),
            "participants_n": pd.Series(dtype="Int32"),
            "clusters_n": pd.Series(dtype="Int32"),
        }
    )
    members = pd.DataFrame({"collaboration_id": pd.Series(dtype=object), "cluster_id": pd.Series(dtype=object)})
    return SimpleNamespace(
        as_of=ON, demo=False, clusters=clusters, assessments=assessments, collaborations=empty, collaboration_members=members, events=events
    )


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_everything_works_on_partial_data_and_says_what_is_unknown(lang):
    from clusterviz.charts import cluster as charts
    from clusterviz.charts import cluster_pdf
    from clusterviz.charts import cluster_report as report
    from clusterviz.text.i18n import Translator

    tr = Translator(lang)
    snapshot = partial_snapshot()
    data = cluster_json.profile(snapshot, "NO-1", adviser=True)
    assert data["cluster"]["programme_level"] is None and data["cluster"]["founded_year"] is None
    assert data["label_peers_not_formed"] == ["programme", "sector"]
    assert [p["kind"] for p in data["label_peers"]] == ["county"]
    assert data["distance_to_gold"]["status"] == "no_scores" and data["plan"]["status"] == "no_scores"
    assert data["silver_path"]["status"] == "no_scores"
    assert profile.search_clusters(snapshot.clusters, "ukjent")["cluster_id"].tolist()[0] == "NO-1"
    states = metrics.label_states(snapshot.clusters, snapshot.assessments, ON)
    public = profile.public_figures(snapshot, states, "NO-1")
    facts = report.facts_table(public["info"], tr)
    assert (facts.iloc[:, 1] == tr("cluster.unknown")).sum() == 4  # town, programme, sector, founded
    assert report.not_formed_text(public["peers_not_formed"], tr)
    report.public_workbook(public["info"], public["path"], public["peers"], public["collaborations"], tr)
    path = report.path_table(public["path"], tr)
    assert path[tr("cluster.col_from")].tolist() == [tr("cluster.precision_month", date=tr.date(dt.date(2015, 6, 1), "MMMM y"))]
    assert path[tr("cluster.fact_source")].tolist() == ["https://example.org/label-2015"]
    adviser = cluster_adviser.adviser_figures(snapshot, states, "NO-1")
    pdf = cluster_pdf.plan_pdf(public["info"], public["expiry"], adviser["distance"], adviser["silver"], adviser["plan"], ON, False, tr)
    assert tr("cluster.no_scores").split(";")[0].split(",")[0][:20] in cluster_pdf.pdf_text(pdf).replace("\n", " ")
    assert report.plan_texts(adviser["plan"], tr) == [tr("cluster.no_scores")]
    # the other cluster: one area unknown stays unknown all the way to the table and the chart
    other = cluster_adviser.adviser_figures(snapshot, states, "NO-2")
    assert other["distance"].status == "ok"
    table = report.scores_table(other["history"], tr)
    assert table[tr.area("management")].isna().tolist() == [True]
    rows = charts.score_rows(other["history"], other["peers"], tr)
    assert tr.area("management") not in set(rows["measure"])
    assert set(rows["kind"]) == {"cluster"}  # no peer group has enough known values
    charts.scores(other["history"], other["peers"], tr).to_dict()
    charts.plan_gaps(other["plan"], tr).to_dict()


@pytest.mark.parametrize(
    "lang, expected", [("nb", "≈ sep. 2016 (utledet av gyldig til)"), ("en", "≈ Sept 2016 (derived from valid until)")]
)
def test_the_label_path_marks_an_award_date_derived_from_valid_until(lang, expected):
    """A date read back from valid_until (ESCA's database gives no award date) is never shown as a known day."""
    from clusterviz.charts import cluster_report as report
    from clusterviz.text.i18n import Translator

    path = pd.DataFrame({"start": [pd.Timestamp("2016-09-01"), pd.Timestamp("2018-10-01")], "date_precision": ["derived", "day"]})
    tr = Translator(lang)
    shown = [report._assessment_date(r, tr, "start") for r in path.itertuples()]
    assert shown == [expected, tr.date(dt.date(2018, 10, 1))]
