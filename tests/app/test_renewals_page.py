"""The renewals page under AppTest: every horizon and country runs, the figures are the demo's, the
downloads hold exactly the rows shown, and the label timelines come a page at a time (pager, link, clamping)."""

import io
import json

import pandas as pd
import pytest

from clusterviz.charts import renewals_tables
from clusterviz.data import store
from clusterviz.figures import metrics, renewals_timeline
from clusterviz.figures import renewals as renewal
from clusterviz.text.i18n import Translator

PAGE = "pages/renewals.py"


@pytest.fixture
def downloads(monkeypatch):
    """file id -> (file name, callable) of every deferred download the page registers."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict[str, tuple[str, object]] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, element_id=element_id)
        made[file_id] = (file_name, data_callable)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return made


def download(at, downloads, key: str) -> tuple[str, bytes]:
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
    name, make = downloads[button.proto.deferred_file_id]
    data = make()
    return name, data.encode("utf-8") if isinstance(data, str) else data


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as the CSV writes them: missing values empty, everything else str()."""
    return frame.astype(object).where(frame.notna(), "").map(str).reset_index(drop=True)


def csv_frame(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def expected_watch(data_root, horizon: str, country: str | None, lang: str = "en") -> pd.DataFrame:
    """The watch-list computed straight from the snapshot, not through the page."""
    snapshot = store.load(store.scan(data_root).newest.location)
    states = metrics.label_states(snapshot.clusters, snapshot.assessments, snapshot.as_of)
    clusters = metrics.filter_clusters(snapshot.clusters, states, metrics.Filters(countries=(country,) if country else ()))
    return renewals_tables.watch_table(renewal.watch_list(clusters, states, snapshot.as_of, horizon), Translator(lang))


def timeline_rows(at) -> list[str]:
    """The row labels of the timelines chart, top to bottom."""
    spec = next(
        json.loads(c.proto.spec)
        for c in at.get("vega_lite_chart")
        if json.loads(c.proto.spec).get("title") == "Validity periods and renewal years"
    )
    return spec["layer"][0]["encoding"]["y"]["sort"]


def without_links(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as downloaded: without the column of links to the cluster profiles (ui.cluster_table)."""
    return frame.drop(columns=[c for c in ("Profile", "Profil") if c in frame.columns])


def link(at) -> dict[str, str]:
    """at.query_params as plain strings (AppTest may hold a value as a one-element list)."""
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def pager(at):
    return next((s for s in at.selectbox if s.key == "renewals_page"), None)


def metric_values(at) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for m in at.metric:
        values.setdefault(m.label, []).append(m.value)
    return values


@pytest.mark.parametrize("country", ["NO", "DK", None])
@pytest.mark.parametrize("horizon", ["3", "6", "12"])
def test_each_horizon_and_country_runs_and_downloads_the_rows_shown(checked_app, downloads, data_root, horizon, country):
    params = {"lang": "en", "horizon": horizon} | ({"country": country} if country else {})
    at = checked_app(PAGE, **params)
    assert at.session_state["renewals_horizon"] == horizon
    shown = without_links(at.dataframe[0].value)
    expected = expected_watch(data_root, horizon, country)
    assert len(shown) == len(expected) > 0
    assert as_text(shown).equals(as_text(expected))
    if country:
        assert set(shown["Country"]) == {"Norway" if country == "NO" else "Denmark"}
    name, data = download(at, downloads, "renewals_watch_csv")
    assert name == f"expiry-watch-list-{horizon}-months-2017-03-01.csv"
    assert as_text(csv_frame(data)).equals(as_text(shown))
    grace = int((shown["Status"] == "Expired (renewable)").sum())
    values = metric_values(at)
    assert values[f"Running out within {horizon} months"] == [str(len(shown) - grace)]
    assert values["Expired, still renewable"] == [str(grace)]


def test_excel_download_matches_the_table(app_test, downloads):
    at = app_test(PAGE, lang="en", horizon="12")
    shown = without_links(at.dataframe[0].value)
    name, data = download(at, downloads, "renewals_watch_xlsx")
    assert name.endswith(".xlsx")
    excel = pd.read_excel(io.BytesIO(data))
    assert list(excel.columns) == list(shown.columns)
    assert excel["Cluster"].tolist() == shown["Cluster"].tolist()
    assert len(excel) == 39  # 32 valid labels running out within a year + 7 in grace


def test_funnel_shows_the_demo_figures(app_test):
    at = app_test(PAGE)
    values = metric_values(at)
    assert values["Første merke utløpt"] == ["55", "25"]  # Norway first, then Denmark
    assert values["Fornyet eller oppgradert"] == ["24", "19"]
    assert values["Ikke fornyet"] == ["31", "6"]
    assert values["Første merke fortsatt gyldig"] == ["12", "9"]
    charts = {json.loads(c.proto.spec).get("title"): c for c in at.get("vega_lite_chart")}
    assert "Hvor organisasjonene faller fra – Norge" in charts
    assert "Gyldighetsperioder og fornyelsesår" in charts


def test_country_filter_narrows_funnel_and_timelines(app_test):
    at = app_test(PAGE, lang="en", country="DK")
    values = metric_values(at)
    assert values["First label ended"] == ["25"]
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    titles = [s.get("title") for s in specs]
    assert "Where organisations drop out – Denmark" in titles and "Where organisations drop out – Norway" not in titles
    assert len(timeline_rows(at)) == 34  # DK clusters that have held a label: one page


def test_sort_by_days_since_expiry_from_the_link(app_test):
    at = app_test(PAGE, lang="en", sort="expiry")
    assert not at.exception
    assert at.session_state["renewals_sort"] == "expiry"
    order = timeline_rows(at)
    assert len(order) == renewals_timeline.TIMELINE_ROWS  # the first page of the 101 that have held a label
    assert order[0] == "Arena Blå Kyst (demo)"  # lapsed the longest (valid to 2014-06-30)
    assert at.query_params["sort"] in ("expiry", ["expiry"])
    assert any(c.value.startswith("101 clusters in the selection have held a label. Showing rows 1–40.") for c in at.caption)


def test_changes_since_a_chosen_snapshot_download_the_rows_shown(app_test, downloads):
    at = app_test(PAGE, lang="en", since="2016-03-01", county="18")
    assert not at.exception
    assert at.session_state["renewals_since"] == "2016-03-01"
    assert any("Changes from 1 March 2016 to 1 March 2017" in c.value for c in at.caption)
    shown = without_links(at.dataframe[-1].value)
    assert (shown["Change"] == "New label").sum() == 7  # the Nordland pilot round
    assert set(shown["County/region"]) == {"Nordland"}
    assert metric_values(at)["New label"] == ["7"]
    name, data = download(at, downloads, "renewals_changes_csv")
    assert name == "changes-2016-03-01-2017-03-01.csv"
    assert as_text(csv_frame(data)).equals(as_text(shown))


def test_default_comparison_is_the_previous_snapshot(app_test):
    at = app_test(PAGE, lang="en")
    assert at.session_state["renewals_since"] == "2016-11-01"
    assert metric_values(at)["Renewed"] == ["3"]


def test_bad_link_values_fall_back_with_a_notice(app_test):
    at = app_test(PAGE, lang="en", horizon="7", sort="<b>", since="2020-01-01")
    assert not at.exception
    assert at.session_state["renewals_horizon"] == "6"
    assert at.session_state["renewals_sort"] == "county"
    assert at.session_state["renewals_since"] == "2016-11-01"
    notices = [c.value for c in at.caption if "Ignored an invalid link value" in c.value]
    assert any("horizon=7" in n for n in notices) and any(r"sort=\<b\>" in n for n in notices)  # escaped Markdown


def test_earliest_snapshot_has_nothing_to_compare_with(app_test):
    at = app_test(PAGE, lang="en", snapshot="2013-03-01")
    assert not at.exception
    assert any("no earlier snapshot" in i.value for i in at.info)


def test_no_score_reaches_the_page(app_test):
    at = app_test(PAGE, lang="en", horizon="12", present="1")
    assert not at.exception
    for chart in at.get("vega_lite_chart"):
        text = chart.proto.spec + "".join(str(d) for d in chart.proto.datasets)
        assert "quality_index" not in text and "area_" not in text
    for frame in at.dataframe:
        assert not any("index" in str(c).lower() or "score" in str(c).lower() for c in frame.value.columns)


# --------------------------------------------------------------------------- timelines, a page at a time


def expected_order(data_root, sort: str, country: str | None = None) -> list[str]:
    """Cluster names in timeline order, straight from the snapshot."""
    snapshot = store.load(store.scan(data_root).newest.location)
    states = metrics.label_states(snapshot.clusters, snapshot.assessments, snapshot.as_of)
    clusters = metrics.filter_clusters(snapshot.clusters, states, metrics.Filters(countries=(country,) if country else ()))
    segments = renewals_timeline.timelines(clusters, snapshot.assessments, states, snapshot.as_of, sort)
    return segments.drop_duplicates("cluster_id")["name"].tolist()


def test_the_pager_appears_only_when_there_is_more_than_a_page(app_test):
    at = app_test(PAGE, lang="en", country="DK")  # 34 clusters with a label: one page
    assert not at.exception
    assert pager(at) is None and not [b for b in at.button if b.key and b.key.startswith("renewals_page")]
    assert not any("Showing rows" in c.value for c in at.caption)
    at = app_test(PAGE, lang="en")  # 101: three pages
    assert not at.exception
    rows = pager(at)
    assert rows is not None and rows.value == "1"
    assert rows.options == ["Rows 1–40 of 101", "Rows 41–80 of 101", "Rows 81–101 of 101"]
    assert len(timeline_rows(at)) == 40
    assert at.button(key="renewals_page_previous").disabled and not at.button(key="renewals_page_next").disabled


def test_the_page_round_trips_through_the_link(app_test, data_root):
    at = app_test(PAGE, lang="en", sort="expiry", timeline_page="3")
    assert not at.exception
    assert at.session_state["renewals_page"] == "3" and pager(at).value == "3"
    order = expected_order(data_root, "expiry")
    assert timeline_rows(at) == order[80:101]  # the last, partial page, in the sort's order
    assert link(at)["timeline_page"] == "3" and link(at)["sort"] == "expiry"
    assert "timeline_page=3" in at.sidebar.code[-1].value  # the copy-link box
    assert any("Showing rows 81–101." in c.value for c in at.caption)
    pager(at).set_value("2").run()
    assert link(at)["timeline_page"] == "2" and timeline_rows(at) == order[40:80]
    at.button(key="renewals_page_previous").click().run()
    assert "timeline_page" not in link(at), "page 1 is the default: not in the link"
    assert timeline_rows(at) == order[:40]
    at.button(key="renewals_page_next").click().run()
    assert link(at)["timeline_page"] == "2"


def test_a_filter_that_shrinks_the_list_clamps_the_page(app_test, data_root):
    at = app_test(PAGE, lang="en", timeline_page="3")
    assert timeline_rows(at) == expected_order(data_root, "county")[80:]
    at.session_state["f_country"] = "NO"  # 67 clusters with a label: two pages
    at.run()
    assert not at.exception
    assert at.session_state["renewals_page"] == "2" and link(at)["timeline_page"] == "2"
    assert timeline_rows(at) == expected_order(data_root, "county", "NO")[40:67]
    assert pager(at).format_func(pager(at).value) == "Rows 41–67 of 67"
    at.session_state["f_country"] = "DK"  # 34: one page, no pager
    at.run()
    assert not at.exception
    assert pager(at) is None and "timeline_page" not in link(at)
    assert timeline_rows(at) == expected_order(data_root, "county", "DK")


def test_another_sort_starts_at_the_top(app_test, data_root):
    at = app_test(PAGE, lang="en", timeline_page="2")
    at.segmented_control(key="renewals_sort").set_value("level").run()
    assert not at.exception
    assert at.session_state["renewals_page"] == "1" and "timeline_page" not in link(at)
    assert timeline_rows(at) == expected_order(data_root, "level")[:40]


def test_a_link_page_past_the_end_shows_the_last_page(app_test):
    at = app_test(PAGE, lang="en", country="NO", timeline_page="9")
    assert not at.exception
    assert pager(at).value == "2" and len(timeline_rows(at)) == 27


@pytest.mark.parametrize("bad", ["0", "x", "-2", "1.5", "01"])
def test_a_bad_page_in_the_link_falls_back_with_a_notice(app_test, bad):
    at = app_test(PAGE, lang="en", timeline_page=bad)
    assert not at.exception
    notices = [c.value.replace("\\", "") for c in at.caption if "Ignored an invalid link value" in c.value]
    assert any(f"timeline_page={bad}" in n for n in notices), notices  # (shown Markdown-escaped)
    assert pager(at).value == "1" and "timeline_page" not in link(at)


def test_watch_list_only_shows_the_timelines_of_the_watch_list(app_test, data_root):
    at = app_test(PAGE, lang="en", horizon="12", scope="watch")
    assert not at.exception
    watch = without_links(at.dataframe[0].value)
    assert len(watch) == 39  # 32 running out within a year + 7 in grace
    assert sorted(timeline_rows(at)) == sorted(watch["Cluster"])
    assert pager(at) is None
    assert any(c.value.startswith("39 clusters on the watch-list (running out within 12 months") for c in at.caption)
    assert not any("never held a label" in c.value for c in at.caption)
    assert link(at)["scope"] == "watch"
    at.segmented_control(key="renewals_horizon").set_value("3").run()
    assert sorted(timeline_rows(at)) == sorted(at.dataframe[0].value["Cluster"])
    assert len(timeline_rows(at)) == len(expected_watch(data_root, "3", None))
