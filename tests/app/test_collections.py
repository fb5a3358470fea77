"""Data collections: the demo and the public record side by side, chosen in the sidebar or with ``?data=``.

Collections never share a timeline: each has its own snapshots, so the snapshot list, the previous snapshot
and "what changed" stay inside the chosen one.  Switching keeps every other filter that still applies.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import ROOT

from clusterviz.app import about
from clusterviz.data import store
from clusterviz.text import i18n

DEMO_ROOT = ROOT / "data" / "snapshots"


@pytest.fixture
def two_collections(tmp_path, monkeypatch):
    """A demo collection (the bundled snapshots) and a 'public' one holding a single, older snapshot."""
    public = tmp_path / "public"
    public.mkdir()
    shutil.copytree(DEMO_ROOT / "2016-03-01", public / "2016-03-01")
    monkeypatch.setenv("CLUSTERVIZ_COLLECTIONS", f"demo={DEMO_ROOT},public={public}")
    return public


def test_collections_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLUSTERVIZ_COLLECTIONS", f" Demo = {tmp_path}/a , public={tmp_path}/b, bad name=x, =y, c=")
    assert store.collections() == {"demo": f"{tmp_path}/a", "public": f"{tmp_path}/b"}
    assert store.collection_root("public") == f"{tmp_path}/b"
    assert store.collection_root("nope") == f"{tmp_path}/a"  # unknown: the default (first) collection


def test_default_collections(monkeypatch, tmp_path):
    monkeypatch.delenv("CLUSTERVIZ_COLLECTIONS", raising=False)
    monkeypatch.setenv("CLUSTERVIZ_DATA", str(tmp_path))
    assert store.collections() == {"demo": str(tmp_path)}  # a root of one's own: only that one
    monkeypatch.delenv("CLUSTERVIZ_DATA")
    found = store.collections()
    assert found["demo"] == str(DEMO_ROOT)
    assert ("public" in found) == store.PUBLIC_ROOT.is_dir()


def caption(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_link_chooses_the_collection_and_its_own_timeline(app_test, two_collections):
    at = app_test(lang="en", data="public", country="NO")
    assert not at.exception
    assert at.session_state["f_data"] == "public"
    assert "1 March 2016" in caption(at)
    snapshot_box = next(s for s in at.sidebar.selectbox if s.label == i18n.t("common.sidebar_snapshot", "en"))
    assert list(snapshot_box.options) == ["1 March 2016"]  # the demo's other dates are not offered
    assert at.query_params["data"] in ("public", ["public"])


def test_switching_collection_keeps_the_filters_that_still_apply(app_test, two_collections):
    at = app_test(lang="en", country="NO", county="18")
    assert at.session_state["f_data"] == "demo" and "1 March 2017" in caption(at)
    control = next(s for s in at.sidebar.button_group if s.label == i18n.t("common.sidebar_collection", "en"))
    control.set_value("public").run()
    assert not at.exception
    assert at.session_state["f_country"] == "NO" and at.session_state["f_counties"] == ["18"]
    assert "1 March 2016" in caption(at)  # the public collection's newest
    params = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert params["data"] == "public" and params["country"] == "NO" and params["county"] == "18"


def test_unknown_collection_in_a_link_is_ignored_with_a_notice(app_test, two_collections):
    at = app_test(lang="en", data="secret")
    assert not at.exception
    assert at.session_state["f_data"] == "demo"
    assert any("data=secret" in c.value for c in at.caption)


def test_one_collection_draws_no_choice(app_test, monkeypatch):
    monkeypatch.delenv("CLUSTERVIZ_COLLECTIONS", raising=False)
    at = app_test(lang="en", env={"CLUSTERVIZ_DATA": str(DEMO_ROOT)})
    assert not any(s.label == i18n.t("common.sidebar_collection", "en") for s in at.sidebar.button_group)


def test_source_rows_name_every_source_and_no_score():
    tr = i18n.Translator("en")
    clusters = pd.DataFrame(
        {
            "cluster_id": ["NO-1", "NO-2", "DK-1"],
            "name": ["B", "A", "C"],
            "country": ["NO", "NO", "DK"],
            "source": ["https://a.example/b", None, None],
        }
    )
    assessments = pd.DataFrame(
        {
            "cluster_id": ["NO-1", "NO-1", "DK-1", "NO-2"],
            "label_level": ["bronze", "gold", "silver", "none"],
            "quality_index": [None, 93.0, None, None],
            "source": ["https://esca.example/no; https://a.example/b", "https://a.example/gold", None, "x"],
        }
    )
    rows = about.source_rows(clusters, assessments, tr)
    assert list(rows[i18n.t("about.col_cluster", "en")]) == ["C", "A", "B"]
    by_name = rows.set_index(i18n.t("about.col_cluster", "en"))
    assert by_name.loc["B", i18n.t("about.col_label_source", "en")] == (
        "https://esca.example/no; https://a.example/b; https://a.example/gold"
    )
    assert by_name.loc["A", i18n.t("about.col_label_source", "en")] == ""  # its only row is no label
    assert not any("93" in str(v) for v in rows.to_numpy().ravel())


def test_source_rows_none_without_sources(seed_snapshot):
    assert about.source_rows(seed_snapshot.clusters, seed_snapshot.assessments, i18n.Translator("nb")) is None
