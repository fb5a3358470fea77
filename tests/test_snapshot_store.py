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

from clusterviz import cli, demo, snapshot, store, validate

ROOT = Path(__file__).resolve().parents[1]


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
    from clusterviz import geo

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
    assert store.load(location) is store.load(location)       # one shared copy while unchanged
    snapshot.write_snapshot(str(root), seed_snapshot.as_of, seed_snapshot.tables, source="two", demo=False,
                            overwrite=True)
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
    for key in ("snapshot", "no_gold_valid", "no_silver_valid", "dk_gold_valid", "dk_silver_valid",
                "no_first_benchmarked", "no_renewed_or_upgraded", "no_lapsed", "comparison_no_n", "comparison_dk_n",
                "comparison_no_mean_index", "comparison_dk_mean_index", "nordland_pilot_clusters",
                "nordland_workshop_date", "training_certified_n", "training_all_green_n", "training_events"):
        assert key in figures
    assert figures["snapshot"] == "2017-03-01" and figures["no_renewed_or_upgraded"] == 24


def test_cli_facts_unknown_snapshot_is_a_message_not_a_traceback(capsys):
    assert cli.main(["facts", "--snapshot", "2001-01-01"]) == 1
    err = capsys.readouterr().err
    assert "no snapshot dated 2001-01-01" in err and "Traceback" not in err


def test_cli_as_a_process_validates_the_bundled_data(data_root):
    paths = [str(p) for p in sorted(Path(data_root).iterdir())]
    result = subprocess.run([sys.executable, "-m", "clusterviz", "validate", *paths], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": valid") == len(paths)


def test_europe_scale_snapshot_is_valid_and_large(tmp_path):
    as_of, frames = demo.build_europe(n_clusters=300)
    location = snapshot.write_snapshot(str(tmp_path), as_of, frames, source="eu", demo=True)
    snap, problems = validate.read_snapshot(location)
    assert snap is not None, [str(p) for p in problems[:5]]
    assert len(snap.clusters) == 300 and len(snap.assessments) > 900
