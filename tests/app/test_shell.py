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
