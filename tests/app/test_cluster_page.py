"""The cluster page under AppTest (search, public and adviser profile, links from other pages), its charts on
their specs, and its documents (the public workbook holds no score; the plan PDF and workbook do)."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from conftest import open_app

from clusterviz.app import ui
from clusterviz.charts import cluster as charts
from clusterviz.charts import cluster_pdf
from clusterviz.charts import cluster_report as profile_report
from clusterviz.figures import cluster_adviser, metrics
from clusterviz.text import i18n
from clusterviz.text.i18n import Translator
from tests.support.payload import DownloadRecorder

PAGE = "pages/cluster.py"
BODO = {"NO-058": "Arena Laksesenteret Bodø (demo)", "NO-059": "Arena Energivest Bodø (demo)"}


def texts(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "header", "subheader") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def unescaped(text: str) -> str:
    return text.replace("\\", "")


def test_search_bodo_lists_the_bodo_clusters_and_a_click_opens_the_profile():
    at = open_app(PAGE, {"lang": "en", "q": "bodo"})
    assert not at.exception, [e.value for e in at.exception]
    labels = [unescaped(b.label) for b in at.button if (b.key or "").startswith("match_")]
    assert all(any(l.startswith(name) and "Nordland" in l for l in labels) for name in BODO.values()), labels
    assert "Search for a cluster, or open one" in texts(at)  # nothing chosen yet
    assert f"{len(labels)} matches" in texts(at) and len(labels) > 1
    at.button(key="match_NO-058").click()
    at.run()
    assert [unescaped(h.value) for h in at.header] == [BODO["NO-058"]]
    assert at.query_params["cluster"] in ("NO-058", ["NO-058"]) and at.query_params["q"] in ("bodo", ["bodo"])


def test_search_is_accent_and_typo_tolerant_and_says_when_nothing_matches():
    at = open_app(PAGE, {"lang": "en", "q": "BODØ"})
    assert {b.key for b in at.button if (b.key or "").startswith("match_")} == {f"match_{c}" for c in BODO}
    at.text_input(key="profile_query").set_value("xyzzy").run()
    assert "No cluster matches 'xyzzy'" in texts(at)


def test_public_profile_shows_labels_and_no_score(seed_snapshot):
    i18n.MISSING.clear()
    at = open_app(PAGE, {"lang": "en", "cluster": "NO-058", "snapshot": "2017-03-01"})
    assert not at.exception, [e.value for e in at.exception]
    metrics_shown = {m.label: m.value for m in at.metric}
    assert metrics_shown == {"Label status": "Bronze", "Valid until": "30 September 2018", "Renewal counts until": "30 September 2019"}
    frames = [d.value for d in at.dataframe]
    facts = frames[0].set_index("Fact")["Value"]
    assert facts["Town"] == "Bodø" and facts["County/region"] == "Nordland" and facts["Founded"] == "2015"
    path = next(f for f in frames if "Renewable until" in f.columns)
    assert path["State now"].tolist() == ["valid"]
    peers = next(f for f in frames if "Position" in f.columns).set_index("Group")
    assert peers.loc["Same county: Nordland", "Clusters"] == 8 and peers.loc["Same county: Nordland", "Bronze"] == 7
    collabs = next(f for f in frames if "Collaboration" in f.columns)
    assert len(collabs) == 2
    assert not any("Score" in c or "index" in c.lower() for f in frames for c in f.columns)
    assert "shown in adviser mode (unlock in the sidebar)" in texts(at)
    assert not at.get("download_button") or all(b.proto.label != "Download the plan (PDF, one page)" for b in at.get("download_button"))
    assert not i18n.MISSING, sorted(i18n.MISSING)


def test_adviser_profile_shows_scores_distance_silver_and_plan(seed_snapshot):
    states = metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, seed_snapshot.as_of)
    expected = cluster_adviser.adviser_figures(seed_snapshot, states, "NO-001")
    at = open_app(PAGE, {"lang": "en", "cluster": "NO-001"}, adviser=True)
    assert not at.exception, [e.value for e in at.exception]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Index at the latest assessment"] == "83.9" and shown["Points to 80"] == "Reached"
    frames = [d.value for d in at.dataframe]
    scores = next(f for f in frames if "Quality index" in f.columns)
    assert scores["Quality index"].tolist() == ["51.4", "84.2", "83.9"]  # as written in English
    plan = next(f for f in frames if "Target" in f.columns)
    assert plan["Area"].tolist() == [Translator("en").area(a) for a in expected["plan"].areas["area"]]
    assert "Not met" in texts(at) or "The rule is met" in texts(at)
    assert "Gap to the target per area" in json.dumps([json.loads(c.proto.spec) for c in at.get("vega_lite_chart")])
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the plan (PDF, one page)" in labels and "Download the figures (Excel)" in labels


def test_adviser_downloads_hold_the_plan_and_the_public_one_no_score(monkeypatch):
    recorder = DownloadRecorder(monkeypatch)
    at = open_app(PAGE, {"lang": "en", "cluster": "NO-058"}, adviser=True)
    files = {
        name: data
        for name, data in (recorder.payload(b.proto.deferred_file_id) for b in at.get("download_button") if b.proto.deferred_file_id)
    }
    pdf = next(data for name, data in files.items() if name.endswith(".pdf"))
    assert pdf.startswith(b"%PDF")
    assert len(__import__("re").findall(rb"/Type /Page(?!s)", pdf)) == 1, "the plan is one page"
    text = cluster_pdf.pdf_text(pdf)
    assert "Improvement plan: Arena Laksesenteret Bodø (demo)" in text and "26.9" in text and "53.1" in text
    workbook = pd.read_excel(io.BytesIO(files["improvement-plan-NO-058-2017-03-01.xlsx"]), sheet_name=None)
    assert {"Facts", "Scores", "Peer scores", "Distance to Gold", "Plan"} <= set(workbook)
    public = pd.read_excel(io.BytesIO(files["cluster-profile-NO-058-2017-03-01.xlsx"]), sheet_name=None)
    assert set(public) == {"Facts", "Labels", "Peers", "Collaborations"}
    cells = " ".join(str(v) for frame in public.values() for v in [*frame.columns, *frame.to_numpy().ravel()])
    assert "53.1" not in cells and "Score" not in cells and "index" not in cells.lower()


def test_a_link_with_an_unknown_cluster_is_ignored_with_a_notice():
    at = open_app(PAGE, {"lang": "en", "cluster": "NO-999"})
    assert not at.exception
    assert any("cluster=NO-999" in c.value for c in at.caption)
    assert not at.header


def test_map_panel_opens_the_profile_in_the_same_session():
    at = open_app("pages/map.py", {"lang": "en", "cluster": "NO-058"}, adviser=True)
    at.button(key="map_open_profile").click()
    at.run()  # the click chooses the cluster and asks for the page switch, which
    assert at.session_state[ui.PROFILE_KEY] == "NO-058"  # AppTest does not follow (the browser test does)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Cluster"]
    assert [unescaped(h.value) for h in at.header] == [BODO["NO-058"]]
    assert any(m.label == "Points to 80" for m in at.metric), "adviser mode survives the move"


def test_watch_list_rows_link_to_the_profile():
    at = open_app("pages/renewals.py", {"lang": "en", "horizon": "12"})
    watch = next(d for d in at.dataframe if "Renewable until" in d.value.columns)
    links = watch.value["Profile"].tolist()
    assert links and all(link.startswith("./cluster?cluster=") for link in links)
    config = json.loads(watch.proto.columns)
    assert config["Profile"]["type_config"]["type"] == "link"


def test_profile_url_carries_snapshot_and_language():
    assert profile_report.profile_url("NO-058") == "./cluster?cluster=NO-058"
    assert (
        profile_report.profile_url("NO-058", {"snapshot": "2016-03-01", "lang": "en"})
        == "./cluster?cluster=NO-058&snapshot=2016-03-01&lang=en"
    )
    assert ("cluster", "pages/cluster.py", "cluster", ":material/badge:") in ui.PAGES


# --------------------------------------------------------------------------- charts on their specs


@pytest.fixture(scope="module")
def adviser_parts(seed_snapshot):
    states = metrics.label_states(seed_snapshot.clusters, seed_snapshot.assessments, seed_snapshot.as_of)
    return cluster_adviser.adviser_figures(seed_snapshot, states, "NO-001")


def _datasets(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_scores_chart_has_each_assessment_the_shown_peer_groups_and_the_80_line(adviser_parts):
    tr = Translator("nb")
    spec = charts.scores(adviser_parts["history"], adviser_parts["peers"], tr, name="X").to_dict()
    rows = _datasets(spec)
    series = {r["series"] for r in rows if "series" in r}
    assert {tr.date(d) for d in adviser_parts["history"]["assessment_date"]} <= series
    assert {"Samme land (Norge)", "Gull-gruppen"} <= series
    assert any(r.get("score") == 80.0 and r.get("text") == "Gull: 80" for r in rows)
    assert any(r.get("text") == "83,9" for r in rows), "numbers written with the Norwegian comma"
    assert spec["layer"][0]["mark"]["type"] == "rule"


def test_scores_chart_leaves_out_groups_the_coverage_rule_hides(adviser_parts):
    peers = adviser_parts["peers"].copy()
    peers.loc[peers["group"] == "gold", "shown"] = False
    rows = _datasets(charts.scores(adviser_parts["history"], peers, Translator("en")).to_dict())
    assert "Gold group" not in {r.get("series") for r in rows}


def test_plan_chart_orders_areas_by_gap(adviser_parts):
    tr = Translator("en")
    plan = adviser_parts["plan"]
    spec = charts.plan_gaps(plan, tr).to_dict()
    order = spec["layer"][0]["encoding"]["y"]["sort"]
    known = plan.areas[plan.areas["gap"].notna()]
    assert order == [tr.area(a) for a in known["area"]]
    gaps = [r["gap"] for r in _datasets(spec)]
    assert gaps == sorted(gaps, reverse=True)


def test_other_cluster_tables_link_each_row_to_its_own_profile(seed_snapshot):
    names = dict(zip(seed_snapshot.clusters["cluster_id"], seed_snapshot.clusters["name"]))

    def rows_match(frame) -> bool:
        ids = [link.split("cluster=")[1].split("&")[0] for link in frame["Profile"]]
        return len(ids) > 0 and [names[i] for i in ids] == frame["Cluster"].tolist()

    competence = open_app("pages/competence.py", {"lang": "en"}, adviser=True)
    lights = next(d.value for d in competence.dataframe if "Quality index" in d.value.columns)
    assert rows_match(lights)
    collaboration = open_app("pages/collaboration.py", {"lang": "en"})
    assert rows_match(next(d.value for d in collaboration.dataframe if "Profile" in d.value.columns))
    renewals = open_app("pages/renewals.py", {"lang": "en", "horizon": "12", "snapshot": "2017-03-01"})
    tables = [d.value for d in renewals.dataframe if "Profile" in d.value.columns]
    assert len(tables) == 2 and all(rows_match(t) for t in tables)  # watch-list and what changed
    assert all("snapshot=2017-03-01" not in link for link in tables[0]["Profile"])  # the default is left out
    county = open_app("pages/map.py", {"lang": "en", "sel_county": "18", "county": "18"})
    assert rows_match(next(d.value for d in county.dataframe if "Profile" in d.value.columns))


def test_the_about_pages_sources_link_each_row_to_its_clusters_profile():
    from clusterviz.app import about

    tr = Translator("en")
    clusters = pd.DataFrame(
        {
            "cluster_id": ["NO-1", "NO-2", "DK-1"],
            "name": ["B", "A", "C"],
            "country": ["NO", "NO", "DK"],
            "source": ["https://a.example/b", "x", None],
        }
    )
    assessments = pd.DataFrame({"cluster_id": ["NO-1"], "label_level": ["bronze"], "source": ["y"]})
    rows = about.source_rows(clusters, assessments, tr)
    assert rows[tr("about.col_cluster")].tolist() == ["C", "A", "B"]
    assert about.source_ids(rows, clusters) == ["DK-1", "NO-2", "NO-1"]


def test_one_match_is_said_in_the_singular():
    at = open_app(PAGE, {"lang": "en", "q": "NO-058"})
    assert "\n1 match\n" in texts(at) and "1 matches" not in texts(at)
