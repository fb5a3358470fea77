"""The about page's tables are cached per catalog and language, and a catalog that changes shows at once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from clusterviz.app import about
from clusterviz.data import store

SEED = Path(store.default_root()) / "2017-03-01"


def snapshot_table(at) -> list[tuple[str, str]]:
    frame = at.dataframe[0].value
    return [tuple(row) for row in frame.iloc[:, :2].itertuples(index=False)]


def test_a_snapshot_refused_after_the_first_visit_is_listed_on_the_next(app_test, tmp_path):
    root = tmp_path / "snapshots"
    shutil.copytree(SEED, root / "2017-03-01")
    at = app_test("pages/about.py", lang="en", env={"CLUSTERVIZ_DATA": str(root)})
    assert not at.exception
    assert snapshot_table(at) == [("2017-03-01", "Valid")]

    broken = root / "2016-11-01"
    shutil.copytree(SEED, broken)
    manifest = json.loads((broken / "manifest.json").read_text())
    manifest["as_of"] = "2016-11-01"  # the tables still hold dates after it: refused
    (broken / "manifest.json").write_text(json.dumps(manifest))
    at = app_test("pages/about.py", lang="en", env={"CLUSTERVIZ_DATA": str(root)})
    assert not at.exception
    assert snapshot_table(at) == [("2017-03-01", "Valid"), ("2016-11-01", "Refused")]
    at = app_test("pages/about.py", lang="nb", env={"CLUSTERVIZ_DATA": str(root)})
    assert snapshot_table(at) == [("2017-03-01", "Gyldig"), ("2016-11-01", "Avvist")]


def test_catalog_key_changes_with_what_the_table_shows():
    valid = store.Entry("2017-03-01", "x/2017-03-01", __import__("datetime").date(2017, 3, 1))
    refused = store.Refused("2016-11-01", "x/2016-11-01", (store.Problem("manifest.json", None, None, "bad"),))
    one = store.Catalog("x", valid=[valid])
    two = store.Catalog("x", valid=[valid], refused=[refused])
    assert about.catalog_key(one) == about.catalog_key(store.Catalog("x", valid=[valid]))
    assert about.catalog_key(one) != about.catalog_key(two)


def test_the_about_page_lists_the_snapshots_validation_warnings(app_test, monkeypatch):
    monkeypatch.delenv("CLUSTERVIZ_DATA", raising=False)
    monkeypatch.delenv("CLUSTERVIZ_COLLECTIONS", raising=False)
    newest = store.scan(str(store.PUBLIC_ROOT)).newest
    expected = store.warnings(newest.location)
    assert expected  # the public record has labels with unknown ends
    at = app_test("pages/about.py", lang="en", data="public")
    assert not at.exception, [e.value for e in at.exception]
    heading = f"Validation warnings for this snapshot: {len(expected)}"
    assert heading in [e.label for e in at.expander]
    table = next(d.value for d in at.dataframe if "Warning" in d.value.columns)
    assert list(table["Warning"]) == [p.message for p in expected]
    assert list(table["Column"]) == [p.column or "" for p in expected]


def test_the_about_page_says_when_there_are_no_warnings(app_test):
    at = app_test("pages/about.py", lang="en", env={"CLUSTERVIZ_DATA": str(SEED.parent)})
    assert not at.exception
    assert "Validation warnings for this snapshot: 0" in [e.label for e in at.expander]
    assert any("No warnings" in c.value for c in at.caption)
