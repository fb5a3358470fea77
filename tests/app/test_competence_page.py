"""The competence page under AppTest: the seed figures, links, public vs adviser mode, charts and map."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest

from clusterviz.figures import competence, metrics
from tests.support.payload import first_metrics, open_tables

PAGE = "pages/competence.py"


def charts_of(at) -> list[dict]:
    """Vega-Lite specs, each with "_rows": every row of the data Streamlit sends with it (Arrow datasets)."""
    out = []
    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        spec["_rows"] = [row for ds in el.proto.datasets for row in pa.ipc.open_stream(ds.data.data).read_all().to_pylist()]
        out.append(spec)
    return out


def texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


@pytest.fixture(scope="module")
def latest_expected(seed_snapshot):
    sample = competence.light_sample(
        seed_snapshot.clusters, seed_snapshot.assessments, *competence.period_range("latest", seed_snapshot.as_of)
    )
    norway = sample[sample["country"] == "NO"]
    return int(norway["all_green"].sum()), len(norway)


def test_default_view_shows_nine_of_28_and_the_neutral_payoff(checked_app):
    at = checked_app(PAGE)
    values = first_metrics(at)
    assert values["Alle tre lys grønne – Norge"] == "9 av 28"
    assert values["Alle tre lys grønne – Danmark"] == "10 av 29"
    payoff = [m.value for m in at.markdown if m.value.startswith("**Norge:**")]
    assert len(payoff) == 1
    assert "poeng høyere enn de andre (n = 9 mot n = 19)" in payoff[0]
    assert "sammenheng, ikke bevis for effekt" in payoff[0]
    assert at.title[0].value == "Kompetanse"


def test_english_page_and_programme_metrics(app_test):
    at = app_test(PAGE, lang="en")
    assert not at.exception
    values = first_metrics(at)
    assert values["All three lights green – Norway"] == "9 of 28"
    assert values["Events – Romania"] == "3" and values["Events – Bulgaria"] == "2"
    events = [m for m in at.metric if m.label.startswith("Events –")]
    assert [m.help for m in events] == ["2 held, 1 planned on the snapshot date", "0 held, 2 planned on the snapshot date"]
    participants = [m.value for m in at.metric if m.label == "Participants (largest event)"]
    assert participants == ["30", "60"]
    assert "(n = 9 vs n = 19)" in texts(at)


def test_three_charts_and_a_map_without_basemap(app_test):
    at = app_test(PAGE, lang="en")
    specs = charts_of(at)
    titles = [s.get("title") for s in specs]
    assert titles[0] == "Share of clusters by light"
    assert len(specs) == 3
    timeline = specs[2]
    assert timeline["title"] == "The events over time"
    assert len([r for r in timeline["_rows"] if "event" in r]) == 5
    for spec in specs:
        assert spec["_rows"], "every chart carries its data"
        assert not any("quality_index" in r or "cluster_id" in r or "name" in r for r in spec["_rows"])
    lights = {(r["group_name"], r["light_name"], r["value_name"]): r["label"] for r in specs[0]["_rows"]}
    assert lights[("Norway (n = 28)", "All three green", "Green")] == "Green 32%"
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    deck = json.loads(decks[0].proto.json)
    assert [layer["@@type"] for layer in deck["layers"]] == ["ScatterplotLayer", "TextLayer"]
    assert "mapProvider" not in deck and deck["mapStyle"] == "__MAP_STYLE__"  # no basemap


def test_period_latest_from_link(app_test, latest_expected):
    green, total = latest_expected
    at = app_test(PAGE, lang="en", period="latest")
    assert not at.exception
    assert first_metrics(at)["All three lights green – Norway"] == f"{green} of {total}"
    assert at.query_params["period"] in ("latest", ["latest"])
    assert "up to 1 March 2017" in texts(at)


def test_custom_period_from_link_seeds_the_date_inputs(app_test, seed_snapshot):
    at = app_test(PAGE, lang="en", period="custom", **{"from": "2015-01-01", "to": "2016-06-30"})
    assert not at.exception
    assert [str(d.value) for d in at.date_input] == ["2015-01-01", "2016-06-30"]
    period = competence.period_range("custom", seed_snapshot.as_of, dt.date(2015, 1, 1), dt.date(2016, 6, 30))
    sample = competence.light_sample(seed_snapshot.clusters, seed_snapshot.assessments, *period)
    norway = sample[sample["country"] == "NO"]
    expected = f"{int(norway['all_green'].sum())} of {len(norway)}"
    assert first_metrics(at)["All three lights green – Norway"] == expected
    assert "from 1 January 2015 to 30 June 2016" in texts(at)


def test_by_county_merges_small_counties_in_public_mode(app_test):
    at = app_test(PAGE, lang="en", by="county")
    assert not at.exception
    lights = charts_of(at)[0]
    groups = [panel["title"]["text"] for panel in lights["vconcat"]]
    assert "Other counties/regions – Norway (n = 15)" in groups
    assert all(int(g.rsplit("n = ", 1)[1].rstrip(")")) >= metrics.MIN_GROUP for g in groups)
    assert "merged into 'other' in the public view" in texts(at)


def test_public_mode_shows_no_individual_index(app_test):
    at = app_test(PAGE, lang="en")
    assert open_tables(at)  # every table a reader can open
    headers = [list(df.value.columns) for df in at.dataframe]
    assert len(headers) >= 3 and not any("Quality index" in h for h in headers)
    assert not any(e.label.startswith("Adviser mode") for e in at.expander)


def test_adviser_mode_shows_each_clusters_lights(app_test):
    at = app_test(PAGE, lang="en")
    at.session_state["adviser"] = True  # what clusterviz.app.access sets once unlocked
    at.run()
    assert not at.exception
    tables = [df.value for df in at.dataframe if "Quality index" in df.value.columns]
    assert len(tables) == 1 and len(tables[0]) == 57


def test_filter_without_sample_still_shows_the_programmes(app_test):
    at = app_test(PAGE, lang="en", county="18")  # Nordland was first certified after the window
    assert not at.exception
    assert "No clusters in the filters have a labelled assessment in this period." in [i.value for i in at.info]
    assert not any(m.label.startswith("All three lights green") for m in at.metric)
    assert len(at.get("deck_gl_json_chart")) == 1


def test_area_pill_from_link_filters_the_timeline(app_test):
    at = app_test(PAGE, lang="en", area="financing")
    assert not at.exception
    timeline = charts_of(at)[-1]
    assert [r["event"] for r in timeline["_rows"] if "event" in r] == [
        "Cluster Training Romania, gathering 1",
        "Cluster Training Romania, gathering 2",
    ]
    assert any(":orange-badge[Financing · 2]" in m.value for m in at.markdown)


def test_bad_link_values_give_a_notice_not_an_exception(app_test):
    at = app_test(PAGE, period="forever", by="planet", area="<b>x</b>", **{"from": "1999-99-99"})
    assert not at.exception
    notices = [c.value for c in at.caption if "Ignorerte" in c.value]
    assert len(notices) >= 3
    assert first_metrics(at)["Alle tre lys grønne – Norge"] == "9 av 28"


def test_an_older_snapshot_says_the_window_begins_after_it(app_test):
    at = app_test(PAGE, lang="en", snapshot="2013-03-01")
    assert not at.exception
    infos = [i.value for i in at.info]
    assert "The period begins on 1 February 2014, after the snapshot (1 March 2013)." in infos[0]
    assert "No training programmes in this snapshot." in infos
    assert not at.get("vega_lite_chart") and not at.get("deck_gl_json_chart")
