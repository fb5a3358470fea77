"""Snapshot format, atomic writes, the cached store, the demo generator and the CLI."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from clusterviz import cli
from clusterviz.data import demo, snapshot, store, validate

ROOT = Path(__file__).resolve().parents[2]


def test_bundled_snapshots_are_all_valid(data_root):
    names = snapshot.list_snapshot_dirs(data_root)
    assert "2017-03-01" in names and len(names) >= 6
    years = {n[:4] for n in names}
    assert {"2013", "2014", "2015", "2016", "2017"} <= years
    for name in names:
        snap, problems = validate.read_snapshot(f"{data_root}/{name}")
        assert snap is not None, [str(p) for p in problems]
        assert snap.demo


def test_tables_have_exactly_the_documented_schema(data_root):
    for table in snapshot.TABLES:
        schema = pq.read_schema(f"{data_root}/2017-03-01/{table}.parquet")
        assert schema.names == list(snapshot.TABLES[table])
        for field in snapshot.arrow_schema(table):
            assert schema.field(field.name).type == field.type


def test_demo_is_deterministic(tmp_path, data_root):
    first = demo.write_demo(str(tmp_path / "a"))
    second = demo.write_demo(str(tmp_path / "b"))
    for a, b in zip(first, second):
        for table in snapshot.TABLES:
            assert pq.read_table(f"{a}/{table}.parquet").equals(pq.read_table(f"{b}/{table}.parquet"))
        assert Path(a, "manifest.json").read_text() == Path(b, "manifest.json").read_text()
    # and the bundled data is what the generator makes
    for table in snapshot.TABLES:
        assert pq.read_table(f"{first[-1]}/{table}.parquet").equals(pq.read_table(f"{data_root}/2017-03-01/{table}.parquet"))


def test_every_demo_name_is_marked_and_places_are_real(seed_snapshot):
    from clusterviz.data import geo

    assert seed_snapshot.clusters["name"].str.endswith("(demo)").all()
    for row in seed_snapshot.clusters.itertuples():
        country, town, county, lat, lon = geo.MUNICIPALITIES[row.municipality_code]
        assert (country, town, county) == (row.country, row.home_town, row.county_code)


def test_write_refuses_to_overwrite_and_leaves_no_temp(tmp_path, seed_snapshot):
    root = tmp_path / "snapshots"
    snapshot.write_snapshot(str(root), seed_snapshot.as_of, seed_snapshot.tables, source="t", demo=True)
    with pytest.raises(FileExistsError):
        snapshot.write_snapshot(str(root), seed_snapshot.as_of, seed_snapshot.tables, source="t", demo=True)
    assert sorted(os.listdir(root)) == ["2017-03-01"]


def test_store_rereads_a_changed_snapshot(tmp_path, seed_snapshot):
    root = tmp_path / "snapshots"
    location = snapshot.write_snapshot(str(root), seed_snapshot.as_of, seed_snapshot.tables, source="one", demo=True)
    assert store.load(location).manifest.source == "one"
    assert store.load(location) is store.load(location)  # one shared copy while unchanged
    snapshot.write_snapshot(str(root), seed_snapshot.as_of, seed_snapshot.tables, source="two", demo=False, overwrite=True)
    assert store.load(location).manifest.source == "two"


def test_scan_refuses_a_broken_newer_snapshot_and_keeps_the_valid_one(tmp_path, seed_snapshot):
    root = tmp_path / "snapshots"
    snapshot.write_snapshot(str(root), seed_snapshot.as_of, seed_snapshot.tables, source="ok", demo=True)
    broken = root / "2017-06-01"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json")
    catalog = store.scan(str(root))
    assert [e.name for e in catalog.valid] == ["2017-03-01"]
    assert catalog.refused[0].name == "2017-06-01" and catalog.newest_is_refused
    assert "manifest.json" in str(catalog.refused[0].problems[0])


def test_pyarrow_filesystem_uri_reads_the_same(data_root):
    local = store.load(f"{data_root}/2017-03-01")
    uri = Path(data_root, "2017-03-01").resolve().as_uri()
    via_uri, problems = validate.read_snapshot(uri)
    assert via_uri is not None, problems
    assert via_uri.clusters.equals(local.clusters)


def test_cli_facts_json(capsys):
    assert cli.main(["facts", "--snapshot", "2017-03-01", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    for key in (
        "snapshot",
        "no_gold_valid",
        "no_silver_valid",
        "dk_gold_valid",
        "dk_silver_valid",
        "no_first_benchmarked",
        "no_renewed_or_upgraded",
        "no_lapsed",
        "comparison_no_n",
        "comparison_dk_n",
        "comparison_no_mean_index",
        "comparison_dk_mean_index",
        "nordland_pilot_clusters",
        "nordland_workshop_date",
        "training_certified_n",
        "training_all_green_n",
        "training_events",
    ):
        assert key in figures
    assert figures["snapshot"] == "2017-03-01" and figures["no_renewed_or_upgraded"] == 24


def test_cli_facts_unknown_snapshot_is_a_message_not_a_traceback(capsys):
    assert cli.main(["facts", "--snapshot", "2001-01-01"]) == 1
    err = capsys.readouterr().err
    assert "no snapshot dated 2001-01-01" in err and "Traceback" not in err


def test_cli_as_a_process_validates_the_bundled_data(data_root):
    paths = [str(p) for p in sorted(Path(data_root).iterdir())]
    result = subprocess.run([sys.executable, "-m", "clusterviz", "validate", *paths], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": valid") == len(paths)


def test_europe_scale_snapshot_is_valid_and_large(tmp_path):
    as_of, frames = demo.build_europe(n_clusters=300)
    location = snapshot.write_snapshot(str(tmp_path), as_of, frames, source="eu", demo=True)
    snap, problems = validate.read_snapshot(location)
    assert snap is not None, [str(p) for p in problems[:5]]
    assert len(snap.clusters) == 300 and len(snap.assessments) > 900


def test_thirty_snapshot_folders_are_read_once_and_a_second_scan_reads_nothing(tmp_path, seed_snapshot, monkeypatch):
    root = tmp_path / "snapshots"
    first = Path(snapshot.write_snapshot(str(root), seed_snapshot.as_of, seed_snapshot.tables, source="t", demo=True))
    for i in range(1, 30):  # 30 folders: more than any fixed-size cache of 24
        day = seed_snapshot.as_of - dt.timedelta(days=i)
        folder = root / day.isoformat()
        folder.mkdir()
        for f in first.iterdir():
            (folder / f.name).write_bytes(f.read_bytes())
        manifest = json.loads((folder / "manifest.json").read_text())
        (folder / "manifest.json").write_text(json.dumps({**manifest, "as_of": day.isoformat()}))
    reads = []
    real = store.read_snapshot
    # only this root's reads count: a pre-warm thread another test started in this process may scan its own
    # root meanwhile through the same function (seen once as 32 reads instead of 30 on a loaded machine)
    monkeypatch.setattr(store, "read_snapshot", lambda *a, **k: (str(a[0]).startswith(str(root)) and reads.append(a[0])) or real(*a, **k))
    store.clear()
    catalog = store.scan(str(root))
    assert len(reads) == 30 and len(catalog.valid) + len(catalog.refused) == 30
    reads.clear()
    again = store.scan(str(root))
    assert reads == [] and [e.name for e in again.valid] == [e.name for e in catalog.valid]
    # a deleted folder is forgotten (its copy leaves memory) and nothing else is read again
    gone = str(root / catalog.valid[0].name)
    import shutil

    shutil.rmtree(gone)
    store.scan(str(root))
    assert reads == [] and gone not in store._CACHE


# --------------------------------------------------------------------------- schema 2 (issue 14)

SCHEMA_1 = ROOT / "tests" / "fixtures" / "schema1" / "2016-11-01"  # the demo snapshot as schema 1 wrote it


# The schema-2 demo gives its data texts in both languages (demo.ENGLISH_TEXTS): the given description is
# Norwegian, the English one moved to description_en, and some names have an English name_en.  A schema-1
# snapshot has them in one language; every other value is the same.
DEMO_TEXTS = {"collaborations": ["description", "name_en", "description_en"], "events": ["name_en"]}


def without_demo_texts(table: str, *frames: pd.DataFrame) -> list[pd.DataFrame]:
    return [f.drop(columns=DEMO_TEXTS.get(table, [])) for f in frames]


def demo_texts_moved(schema_1, bundled) -> None:
    """The schema-1 snapshot's English descriptions are the bundled demo's description_en, word for word."""
    old, new = schema_1.collaborations, bundled.collaborations
    assert list(old["description"]) == list(new["description_en"])
    assert new["name_en"].notna().all() and new["description"].str.startswith(("Sju", "Klyngene")).all()


def test_the_schema_1_fixture_is_really_schema_1():
    assert json.loads((SCHEMA_1 / "manifest.json").read_text())["schema_version"] == 1
    assert "date_precision" not in pq.read_schema(SCHEMA_1 / "assessments.parquet").names
    assert "source" not in pq.read_schema(SCHEMA_1 / "clusters.parquet").names


def test_a_root_with_a_schema_1_and_a_schema_2_snapshot_serves_both(tmp_path, data_root):
    import shutil

    root = tmp_path / "snapshots"
    shutil.copytree(SCHEMA_1, root / "2016-11-01")
    shutil.copytree(f"{data_root}/2017-03-01", root / "2017-03-01")
    catalog = store.scan(str(root))
    assert [e.name for e in catalog.valid] == ["2016-11-01", "2017-03-01"] and catalog.refused == []
    assert catalog.warnings == {}
    old, new = store.load(catalog.valid[0].location), store.load(catalog.valid[1].location)
    assert old.manifest.schema_version == 1 and new.manifest.schema_version == 2
    for table in snapshot.TABLES:  # both in the schema-2 columns, in the documented order
        assert list(old.tables[table].columns) == list(snapshot.TABLES[table]) == list(new.tables[table].columns)
    assert set(old.assessments["date_precision"]) == {"day"}
    assert old.assessments["source"].isna().all() and old.clusters["source"].isna().all()
    assert old.events["name_en"].isna().all() and old.collaborations["description_en"].isna().all()
    # the same values as the schema-2 demo of that date: nothing changed but the added columns (and the data
    # texts, which the schema-2 demo gives in both languages: see demo_texts_moved)
    bundled = store.load(f"{data_root}/2016-11-01")
    for table in snapshot.TABLES:
        pd.testing.assert_frame_equal(*without_demo_texts(table, old.tables[table], bundled.tables[table]), check_exact=True)
    demo_texts_moved(old, bundled)
    assert old.manifest.comparison_window is None and bundled.manifest.comparison_window == demo.WINDOW


def test_the_manifest_keeps_the_comparison_window_and_collection(tmp_path, seed_snapshot):
    manifest = json.loads(Path(seed_snapshot.location, "manifest.json").read_text())
    assert manifest["schema_version"] == 2 and manifest["collection"] == "demo"
    assert manifest["comparison_window"] == {"start": "2014-02-01", "end": "2016-08-31"}
    assert seed_snapshot.manifest.comparison_window == (dt.date(2014, 2, 1), dt.date(2016, 8, 31))
    assert seed_snapshot.manifest.collection == "demo"
    # unset, neither key is written, and both read back as None
    location = snapshot.write_snapshot(str(tmp_path), seed_snapshot.as_of, seed_snapshot.tables, source="t", demo=False)
    written = json.loads(Path(location, "manifest.json").read_text())
    assert "comparison_window" not in written and "collection" not in written
    loaded, problems = validate.read_snapshot(location)
    assert problems == [] and loaded.manifest.comparison_window is None and loaded.manifest.collection is None


@pytest.mark.parametrize("version", [0, 3, "2", True, None])
def test_other_schema_versions_are_refused(tmp_path, seed_snapshot, version):
    location = snapshot.write_snapshot(str(tmp_path), seed_snapshot.as_of, seed_snapshot.tables, source="t", demo=False)
    path = Path(location, "manifest.json")
    manifest = json.loads(path.read_text())
    manifest["schema_version"] = version
    path.write_text(json.dumps(manifest))
    loaded, problems = validate.read_snapshot(location)
    assert loaded is None
    assert [str(p) for p in problems] == [
        f"manifest.json, column schema_version: is {version!r}; this version of clusterviz reads schema versions 1 and 2"
    ]


def test_writing_a_frame_without_the_new_columns_gives_the_schema_1_defaults(tmp_path, seed_snapshot):
    """A writer that does not know schema 2 yet: the new columns are written unknown, dates as days."""
    frames = {t: f.drop(columns=list(snapshot.SCHEMA_1_ADDED.get(t, {}))) for t, f in seed_snapshot.tables.items()}
    location = snapshot.write_snapshot(str(tmp_path), seed_snapshot.as_of, frames, source="t", demo=True)
    loaded, problems = validate.read_snapshot(location)
    assert problems == []
    assert set(loaded.assessments["date_precision"]) == {"day"} and loaded.clusters["source"].isna().all()


def test_migrate_rewrites_a_schema_1_snapshot_as_schema_2(tmp_path, capsys, data_root):
    import shutil

    root = tmp_path / "snapshots"
    shutil.copytree(SCHEMA_1, root / "2016-11-01")
    before, _ = validate.read_snapshot(str(root / "2016-11-01"))
    assert cli.main(["validate", str(root / "2016-11-01")]) == 0
    assert "schema 1: `python -m clusterviz migrate` rewrites it as schema 2" in capsys.readouterr().out
    assert cli.main(["migrate", "2016-11-01", "--data", str(root)]) == 0
    assert "migrated from schema 1 to schema 2" in capsys.readouterr().out
    assert sorted(os.listdir(root)) == ["2016-11-01"], "no temporary folder is left behind"
    manifest = json.loads((root / "2016-11-01" / "manifest.json").read_text())
    assert manifest["schema_version"] == 2 and manifest["created"] == "demo" and manifest["demo"] is True
    assert pq.read_schema(root / "2016-11-01" / "assessments.parquet").names == list(snapshot.TABLES["assessments"])
    after, problems = validate.read_snapshot(str(root / "2016-11-01"))
    assert problems == []
    for table in snapshot.TABLES:
        pd.testing.assert_frame_equal(after.tables[table], before.tables[table], check_exact=True)
    # the same tables as the bundled schema-2 demo of that date
    bundled, _ = validate.read_snapshot(f"{data_root}/2016-11-01")
    for table in snapshot.TABLES:
        pd.testing.assert_frame_equal(*without_demo_texts(table, after.tables[table], bundled.tables[table]), check_exact=True)
    demo_texts_moved(after, bundled)
    # a second run changes nothing
    stamp = {p.name: p.stat().st_mtime_ns for p in (root / "2016-11-01").iterdir()}
    assert cli.main(["migrate", str(root / "2016-11-01")]) == 0
    assert "already schema 2; nothing changed" in capsys.readouterr().out
    assert {p.name: p.stat().st_mtime_ns for p in (root / "2016-11-01").iterdir()} == stamp


def test_migrate_refuses_an_invalid_snapshot_and_changes_nothing(tmp_path, capsys):
    import shutil

    folder = tmp_path / "2016-11-01"
    shutil.copytree(SCHEMA_1, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["tables"]["clusters"]["sha256"] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(manifest))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert cli.main(["migrate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "invalid, so it is not migrated" in err and "does not match the checksum" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert cli.main(["migrate", str(tmp_path)]) == 1
    assert "not a snapshot folder" in capsys.readouterr().err


def test_readme_schema_section_is_the_generated_one():
    from clusterviz.app.about import schema_markdown

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- generated by `python -m clusterviz schema` -->\n")
    end = text.index("<!-- end of generated schema -->")
    section = text[start:end].split("\n", 1)[1]
    assert section.strip() == schema_markdown().strip()
