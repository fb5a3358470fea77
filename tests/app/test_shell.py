"""The shell's per-rerun work (app/ui.py, app/downloads.py) drawn through AppTest: what every rerun of every
session repeated and is now made once (counted, not timed)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from clusterviz.app import downloads

LINKED_IDS = ("no-01", "no-02", "dk-07")


def linked_table_app():
    import pandas as pd
    import streamlit as st

    from clusterviz.app import downloads, links
    from clusterviz.text.i18n import Translator

    st.session_state[links.BOUND] = {"lang": ("lang", "nb", False)}  # what app.py's start() binds
    st.session_state.setdefault("lang", "en")
    table = pd.DataFrame({"Cluster": ["Alpha", "Beta", "Gamma"], "County": ["Troms", "Nordland", "Midtjylland"]})
    downloads.cluster_table(table, pd.Series(["no-01", "no-02", "dk-07"]), Translator(st.session_state["lang"]))


@pytest.fixture
def counted_links(monkeypatch):
    """Every profile link written, as (cluster, parameters carried)."""
    from clusterviz.charts import cluster_report

    written = []
    original = cluster_report.profile_url

    def profile_url(cluster_id, params=None):
        written.append((cluster_id, dict(params or {})))
        return original(cluster_id, params)

    monkeypatch.setattr(cluster_report, "profile_url", profile_url)
    monkeypatch.setattr(downloads, "_LINKED", type(downloads._LINKED)(limit=64))
    return written


def test_a_cluster_tables_links_are_written_once_for_every_rerun_and_session(counted_links):
    first = AppTest.from_function(linked_table_app).run()
    assert not first.exception
    shown = first.dataframe[0].value
    column = shown.columns[-1]
    assert list(shown[column]) == [f"./cluster?cluster={cid}&lang=en" for cid in LINKED_IDS]
    assert counted_links == [(cid, {"lang": "en"}) for cid in LINKED_IDS]
    first.run()  # a rerun of the same view
    AppTest.from_function(linked_table_app).run()  # another visitor with the same view
    assert len(counted_links) == 3  # before: three more per rerun and per session
    first.session_state["lang"] = "nb"  # another language: other links (the default language is left out)
    first.run()
    assert list(first.dataframe[0].value.iloc[:, -1]) == [f"./cluster?cluster={cid}" for cid in LINKED_IDS]
    assert len(counted_links) == 6


def test_a_cluster_table_is_drawn_from_arrow_made_once_with_the_bytes_streamlit_would_make(counted_links):
    """st.dataframe converts a pandas frame to Arrow on every draw; the linked table is converted once, the
    same way (this fails when Streamlit's conversion of a frame changes)."""
    from streamlit import dataframe_util

    at = AppTest.from_function(linked_table_app).run()
    sent = at.dataframe[0].proto.arrow_data.data
    table = pd.DataFrame({"Cluster": ["Alpha", "Beta", "Gamma"], "County": ["Troms", "Nordland", "Midtjylland"]})
    shown = table.assign(**{at.dataframe[0].value.columns[-1]: [f"./cluster?cluster={cid}&lang=en" for cid in LINKED_IDS]})
    assert sent == dataframe_util.convert_pandas_df_to_arrow_bytes(shown)
    linked = downloads._LINKED
    (kept,) = [linked.peek(key) for key in linked.keys()]
    assert isinstance(kept, pa.Table) and kept.num_rows == 3


def test_a_table_arrow_cannot_take_as_it_is_is_left_to_streamlit():
    table = pd.DataFrame({"Mixed": [1, "two", 3.5]})  # an object column of mixed types: pyarrow refuses it
    shown = downloads._with_profile_links(table, ("a", "b", "c"), "Profile", {})
    assert isinstance(shown, pd.DataFrame) and list(shown["Profile"]) == [f"./cluster?cluster={c}" for c in "abc"]


def kept_table_app():
    import pandas as pd
    import streamlit as st

    from clusterviz.app import widgets

    table = pd.DataFrame({"County": ["Troms", "Nordland"], "Share": [0.25, 0.5]})
    widgets.table(table, column_config={"Share": st.column_config.ProgressColumn("Share", min_value=0.0, max_value=1.0)})


def test_a_kept_table_is_converted_to_arrow_once_for_every_rerun_and_session_with_streamlits_bytes(monkeypatch):
    """st.dataframe converts a pandas frame on every draw (a tenth of a warm collaboration rerun); widgets.table
    hands it the Arrow form made once for a frame of that content, byte for byte what Streamlit would send."""
    from streamlit import dataframe_util

    monkeypatch.setattr(downloads, "_ARROW", type(downloads._ARROW)(limit=8))
    conversions = []
    original = downloads._as_arrow
    monkeypatch.setattr(downloads, "_as_arrow", lambda frame: conversions.append(len(frame)) or original(frame))
    first = AppTest.from_function(kept_table_app).run()
    assert not first.exception
    first.run()
    AppTest.from_function(kept_table_app).run()
    assert conversions == [2]  # before: one conversion per draw, three here
    table = pd.DataFrame({"County": ["Troms", "Nordland"], "Share": [0.25, 0.5]})
    assert first.dataframe[0].proto.arrow_data.data == dataframe_util.convert_pandas_df_to_arrow_bytes(table)
    assert "Share" in first.dataframe[0].proto.columns  # the column config travels with it


def test_a_frame_without_a_key_is_left_to_streamlit_to_convert(monkeypatch):
    from clusterviz.data import cache

    table = pd.DataFrame({"County": ["Troms"]})
    monkeypatch.setattr(cache, "key_of", lambda value: cache.UNKEYED)
    assert downloads.arrow_once(table) is table


@pytest.mark.parametrize("params, dark", [({"present": "1"}, False), ({}, True), ({"present": "1"}, True)])
def test_a_presenters_or_dark_readers_charts_are_restyled_once_for_every_rerun_and_session(app_test, monkeypatch, params, dark):
    """Presenter mode and a dark theme draw a restyled copy of each chart; the copy is kept while the chart
    lives, so a rerun or another session with the same view converts no chart again (before: a new copy per
    draw, each converted to Vega-Lite and Arrow on every rerun of a screen-shared page)."""
    from clusterviz.app import presenter, theme

    copies = []
    original = presenter.high_contrast
    monkeypatch.setattr(theme, "reader_is_dark", lambda: dark)
    monkeypatch.setattr(presenter, "high_contrast", lambda chart, dark=False: copies.append(dark) or original(chart, dark))
    inked = []
    with_ink = theme.with_ink
    monkeypatch.setattr(theme, "with_ink", lambda chart, dark: inked.append(dark) or with_ink(chart, dark))
    at = app_test("pages/competence.py", lang="en", **params)
    assert not at.exception and at.get("vega_lite_chart")
    made = (len(copies), inked.count(True))
    at.run()
    app_test("pages/competence.py", lang="en", **params)  # another session, the same view
    assert (len(copies), inked.count(True)) == made


def test_a_restyled_chart_is_let_go_with_its_chart():
    import gc

    import altair as alt

    from clusterviz.data import cache

    chart = alt.Chart(pd.DataFrame({"n": [1]})).mark_point().encode(x="n:Q")
    shown = downloads._on_screen(chart, True, False)
    assert shown is not chart and downloads._on_screen(chart, True, False) is shown
    assert downloads._on_screen(chart, False, False) is chart  # nothing to restyle: nothing kept
    kept = [key for key in cache._PER_FRAME.keys() if key[0] == "_restyled" and key[1] == id(chart)]
    assert len(kept) == 1
    del chart, shown
    gc.collect()
    assert not [key for key in cache._PER_FRAME.keys() if key[0] == "_restyled" and key[1] in {k[1] for k in kept}]


@pytest.fixture(scope="module")
def app_server():
    from tests.support.servers import REPO_ROOT, streamlit_server

    with streamlit_server(REPO_ROOT / "app.py", cwd=REPO_ROOT) as server:
        yield server


def test_the_kiosk_form_is_a_dialog_that_starts_the_kiosk_in_a_real_server(app_server):
    """The sidebar carries one kiosk button; pressing it opens the dialog (its controls rerun only the dialog,
    a fragment), and starting it reruns the whole page in presenter mode with the kiosk in the link."""
    from benchmarks.client import first_render, rerun, run

    async def scenario():
        first = await first_render(app_server, query_string="lang=en", keep_open=True)
        try:
            widgets_at_first = set(first.session.widgets)
            opened = await rerun(first.session, {"kiosk_setup": True})
            seconds = await rerun(first.session, {"kiosk_setup_seconds": 20.0})
            started = await rerun(first.session, {"kiosk_start": True})
            return first, widgets_at_first, opened, seconds, started
        finally:
            await first.session.close()

    first, widgets_at_first, opened, seconds, started = run(scenario())
    assert first.ok and not any(w.endswith(("-kiosk_setup_seconds", "-kiosk_setup_pages", "-kiosk_start")) for w in widgets_at_first)
    assert opened.ok and opened.bytes_by_kind.get("number_input", 0) > 0
    form = first.session.find_widget("kiosk_setup_seconds")
    assert form.fragment_id and seconds.ok and seconds.fragment_id == form.fragment_id  # the dialog alone
    assert started.ok and "kiosk=20" in first.session.query_string and "present=1" in first.session.query_string
    assert not app_server.tracebacks(), app_server.log_path


def test_the_shell_makes_pages_labels_and_the_coverage_badge_once(app_test, monkeypatch):
    """A rerun of the same view makes no st.Page, formats no snapshot date and words no coverage badge again;
    another language makes the pages again (their titles are in it)."""
    import streamlit as st

    from clusterviz.app import ui
    from clusterviz.text import i18n

    made, worded = [], []
    page, parts = st.Page, ui.coverage_parts
    monkeypatch.setattr(st, "Page", lambda *a, **k: made.append(k["title"]) or page(*a, **k))
    monkeypatch.setattr(ui, "coverage_parts", lambda *a, **k: worded.append(1) or parts(*a, **k))
    at = app_test(None, lang="en")
    assert not at.exception and made == [i18n.t(f"common.nav_{key}", "en") for key, *_ in ui.PAGES]
    labels = ui.snapshot_labels.cache_info()
    badges = len(worded)
    at.run()
    assert len(made) == len(ui.PAGES) and len(worded) == badges
    assert ui.snapshot_labels.cache_info().misses == labels.misses and ui.snapshot_labels.cache_info().hits > labels.hits
    snapshot = at.sidebar.selectbox(key="f_snapshot")
    assert snapshot.options[-1] == "1 March 2017"  # the bundled newest, as a date in English
    at.sidebar.segmented_control(key="lang").set_value("nb").run()
    assert made[len(ui.PAGES) :] == [i18n.t(f"common.nav_{key}", "nb") for key, *_ in ui.PAGES]
    at.run()
    assert len(made) == 2 * len(ui.PAGES)


def test_the_copy_link_box_is_drawn_once_per_run_with_the_final_link(app_test, monkeypatch):
    """The comparison page publishes its link three times a run (page_setup, after its own bindings, at the
    end): the box is drawn again only when the link changed, and shows the final link."""
    from streamlit.delta_generator import DeltaGenerator

    drawn = []
    code = DeltaGenerator.code
    monkeypatch.setattr(DeltaGenerator, "code", lambda self, body, *a, **k: drawn.append(body) or code(self, body, *a, **k))
    at = app_test("pages/comparison.py", lang="en", peer="programme")
    assert not at.exception
    before = len(drawn)
    at.run()
    assert len(drawn) - before == 1 and drawn[-1].endswith("/comparison?lang=en&peer=programme")
    at.sidebar.segmented_control(key="f_country").set_value("NO").run()
    assert len(drawn) - before == 2 and "country=NO" in drawn[-1]
    assert at.sidebar.code[0].value == drawn[-1]


def _sidebar_controls(at) -> dict:
    def walk(node):
        for child in getattr(node, "children", {}).values():
            yield child
            yield from walk(child)

    return {
        el.key: el.proto.set_value
        for el in walk(at.sidebar)
        if getattr(el, "key", None) and isinstance(getattr(el.proto, "set_value", None), bool)
    }


def test_after_a_page_switch_the_sidebar_sends_every_bound_value_with_its_control():
    """A browser starts its widget state afresh on a page switch while the server keeps the values: unless the
    value travels with the control, the sidebar shows no country although Denmark is applied (seen in CI).
    links.bind hands every bound control its value again, so each is drawn with set_value."""
    from conftest import open_app

    at = open_app("pages/overview.py", {"lang": "en", "country": "DK", "status": "gold,silver"})
    at.switch_page("pages/comparison.py")
    at.run()
    sent = _sidebar_controls(at)
    assert {"f_data", "f_snapshot", "f_country", "f_status", "lang"} <= set(sent), sent
    assert all(sent.values()), sent
    assert at.session_state["f_country"] == "DK" and at.session_state["f_status"] == ["gold", "silver"]
