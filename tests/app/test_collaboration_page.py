"""The collaboration page under AppTest: each collaboration, the county preselect, the map spec, and no
individual cluster's score anywhere in the public page."""

from __future__ import annotations

import json
import re

import pyarrow as pa
import pytest

from clusterviz.data.snapshot import AREA_COLUMNS
from clusterviz.figures import collaboration as collab
from tests.support.payload import open_tables

PAGE = "pages/collaboration.py"
EXPECTED = {"nordland-pilot-2016": (7, "15 Aug 2016", "Bodø"), "nord-norge-quality": (12, "10 Jan 2017", "Tromsø")}


def metric_values(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def deck_spec(at) -> dict:
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    return json.loads(decks[0].proto.json)


def member_ids(snapshot, collaboration_id) -> list[str]:
    m = snapshot.collaboration_members
    return list(m.loc[m["collaboration_id"] == collaboration_id, "cluster_id"])


def page_text(at) -> str:
    """Everything the page sends: texts, metrics, tables, chart specs and data, the map spec."""
    parts = [repr(at.main)]
    parts += [f"{m.label} {m.value} {m.proto.help}" for m in at.metric]
    parts += [el.value for el in (*at.markdown, *at.caption, *at.text, *at.info)]
    parts += [d.value.to_csv(index=False, sep="\t") for d in at.dataframe]
    for chart in at.get("vega_lite_chart"):
        parts.append(chart.proto.spec)
        for ds in chart.proto.datasets:
            parts.append(pa.ipc.open_stream(ds.data.data).read_all().to_pandas().to_csv(index=False, sep="\t"))
    parts += [deck.proto.json + deck.proto.tooltip for deck in at.get("deck_gl_json_chart")]
    return "\n".join(parts)


def numbers(text: str) -> set[str]:
    """Decimal numbers in the text as written: 63.6 (data, English) and 63,6 (Norwegian)."""
    return set(re.findall(r"\d+\.\d+", text)) | set(re.findall(r"\d+,\d(?!\d)", text))


def individual_scores(snapshot, collaboration_id) -> set[str]:
    """Every score of every assessment of the members, as one-decimal text in both notations."""
    a = snapshot.assessments
    mine = a[a["cluster_id"].isin(member_ids(snapshot, collaboration_id))]
    values = {f"{v:.1f}" for v in mine[["quality_index", *AREA_COLUMNS]].to_numpy().ravel()}
    return values | {v.replace(".", ",") for v in values}


@pytest.mark.parametrize("collaboration_id", list(EXPECTED))
def test_each_collaboration(checked_app, seed_snapshot, collaboration_id):
    members_n, started, place = EXPECTED[collaboration_id]
    at = checked_app(PAGE, lang="en", collab=collaboration_id)
    assert at.session_state["collab"] == collaboration_id
    values = metric_values(at)
    assert values["Member clusters"] == str(members_n)
    assert values["Started"] == started
    spec = deck_spec(at)
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert len(layers["members"]["data"]) == members_n
    assert {row["cluster_id"] for row in layers["members"]["data"]} == set(member_ids(seed_snapshot, collaboration_id))
    assert len(layers["member-arcs"]["data"]) == members_n * (members_n - 1) // 2
    assert len(layers["event-arcs"]["data"]) == members_n
    assert [row["tip_detail"].split(" · ")[0] for row in layers["event-places"]["data"]] == [place]
    assert "carto" not in json.dumps(spec).lower()
    assert len(at.get("vega_lite_chart")) == 4  # scorecard, before/after, legend, timeline


def test_pilot_scorecard_and_workshop(app_test, seed_snapshot):
    at = app_test(PAGE, lang="en")
    assert not at.exception
    assert at.session_state["collab"] == "nordland-pilot-2016"  # the default
    a = seed_snapshot.assessments
    mine = a[a["cluster_id"].isin(member_ids(seed_snapshot, "nordland-pilot-2016")) & (a["label_level"] != "none")]
    expected = mine.sort_values("assessment_date").groupby("cluster_id").last()["quality_index"].mean()
    values = metric_values(at)
    assert values["Members, n = 7"] == f"{expected:.1f}"
    assert values["Norway, n = 28"] == "63.6" and values["Denmark, n = 29"] == "67.2"
    events = at.dataframe[-1].value
    assert events.iloc[0]["Town"] == "Bodø" and str(events.iloc[0]["Date"]) == "2016-10-13"
    sentence = next(m.value for m in at.markdown if m.value.startswith("From 15 August 2016"))
    assert "+73 percentage points" in sentence


def test_norwegian_page(app_test):
    at = app_test(PAGE, collab="nord-norge-quality")
    assert not at.exception
    values = metric_values(at)
    assert values["Klynger med"] == "12" and values["Norge, n = 28"] == "63,6"
    assert any("10. januar 2017 – pågår" in c.value for c in at.caption)


@pytest.mark.parametrize("county, expected", [("18", "nordland-pilot-2016"), ("55", "nord-norge-quality")])
def test_county_in_the_shared_filter_preselects(app_test, county, expected):
    at = app_test(PAGE, lang="en", county=county)
    assert not at.exception
    assert at.session_state["collab"] == expected
    assert len(deck_spec(at)["layers"][3]["data"]) == {"nordland-pilot-2016": 7, "nord-norge-quality": 12}[expected]


def test_link_collaboration_wins_over_county_preselect(app_test):
    at = app_test(PAGE, lang="en", county="18", collab="nord-norge-quality")
    assert at.session_state["collab"] == "nord-norge-quality"
    assert at.query_params["collab"] in ("nord-norge-quality", ["nord-norge-quality"])


def test_choosing_a_county_later_switches_to_a_collaboration_covering_it(app_test):
    at = app_test(PAGE, lang="en")
    assert at.session_state["collab"] == "nordland-pilot-2016"
    at.multiselect(key="f_counties").set_value(["55"]).run()
    assert not at.exception
    assert at.session_state["collab"] == "nord-norge-quality"
    at.multiselect(key="f_counties").set_value([]).run()  # clearing the filter keeps the choice
    assert at.session_state["collab"] == "nord-norge-quality"


def test_picker_choice_goes_into_the_link(app_test):
    at = app_test(PAGE, lang="en")
    at.selectbox(key="collab").set_value("nord-norge-quality").run()
    assert not at.exception
    assert at.query_params["collab"] in ("nord-norge-quality", ["nord-norge-quality"])
    assert metric_values(at)["Member clusters"] == "12"


def test_presenter_mode_draws_bigger_marks(app_test):
    at = app_test(PAGE, lang="en", present="1")
    assert not at.exception
    members = next(layer for layer in deck_spec(at)["layers"] if layer["id"] == "members")
    assert members["getRadius"] == 12


def test_older_snapshots(app_test):
    at = app_test(PAGE, lang="en", snapshot="2016-11-01", collab="nord-norge-quality")
    assert not at.exception
    assert at.session_state["collab"] == "nordland-pilot-2016"  # the cooperation began in 2017
    assert metric_values(at)["Member clusters"] == "7"
    at = app_test(PAGE, lang="en", snapshot="2016-03-01")
    assert not at.exception
    assert [i.value for i in at.info] == ["The snapshot holds no regional collaborations."]


def test_bad_collaboration_in_link_falls_back_to_the_default(app_test):
    at = app_test(PAGE, lang="en", collab="<script>")
    assert not at.exception
    assert at.session_state["collab"] == "nordland-pilot-2016"
    assert "collab" not in at.query_params
    notices = [c.value for c in at.caption if "Ignored an invalid link value" in c.value]
    assert notices and "collab=" in notices[0]


@pytest.mark.parametrize("collaboration_id", list(EXPECTED))
def test_no_individual_scores_in_public_mode(app_test, seed_snapshot, collaboration_id):
    at = app_test(PAGE, lang="en", collab=collaboration_id)
    text = page_text(at)
    tokens = numbers(text)
    individual = individual_scores(seed_snapshot, collaboration_id)
    # group figures the page may show: exclude any that coincide with an individual value
    shown_groups = {f"{v:.1f}" for v in _group_means(seed_snapshot, member_ids(seed_snapshot, collaboration_id))}
    shown_groups |= {v.replace(".", ",") for v in shown_groups}
    leaked = (individual - shown_groups) & tokens
    assert not leaked, f"individual scores on the public page: {sorted(leaked)}"
    assert "quality_index" not in text and "Quality index" not in text.replace("Mean quality index", "")


def _group_means(snapshot, ids) -> list[float]:
    card = collab.scorecard(snapshot, ids)
    return [*card.groups["quality_index"].dropna(), *card.profile["score"]]


def test_adviser_mode_shows_member_scores(app_test, seed_snapshot):
    at = app_test(PAGE, lang="en")
    at.session_state["adviser"] = True  # what clusterviz.app.access sets once unlocked
    at.run()
    assert not at.exception
    assert open_tables(at) == ["collab_scorecard_open", "collab_before_after_open"]  # the tables behind the charts
    members = at.dataframe[0].value
    assert "Quality index" in members.columns and members["Quality index"].notna().all()
    a = seed_snapshot.assessments
    latest = a[a["cluster_id"].isin(member_ids(seed_snapshot, "nordland-pilot-2016"))].sort_values("assessment_date")
    assert sorted(members["Quality index"]) == sorted(latest.groupby("cluster_id").last()["quality_index"])
    before_after = at.dataframe[2].value
    assert "Mean quality index" in before_after.columns
    # the leak check of the public test does see scores when they are there
    assert len(numbers(page_text(at)) & individual_scores(seed_snapshot, "nordland-pilot-2016")) >= 7


@pytest.mark.parametrize(
    ("lang", "name", "description"),
    [
        ("en", "The Nordland pilot 2016: regional cluster quality", "Seven Nordland clusters"),
        ("nb", "Nordland-piloten 2016: regional klyngekvalitet", "Sju klynger i Nordland"),
    ],
)
def test_data_texts_in_the_readers_language(app_test, lang, name, description):
    """The demo gives the collaboration's name and description in both languages (schema 2's *_en columns)."""
    at = app_test(PAGE, lang=lang, collab="nordland-pilot-2016")
    assert not at.exception
    picker = at.selectbox(key="collab")
    assert picker.format_func(picker.value) == name
    assert any(t.value.startswith(description) for t in at.text)
