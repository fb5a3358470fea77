"""The bad-input corpus (tests/support/corpus.py): every broken snapshot is named precisely, refused, left untouched,
and the app keeps serving the last valid snapshot with a notice."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterviz import cli
from clusterviz.data import snapshot, store, validate
from tests.support import corpus
from tests.support.payload import first_metrics

ROOT = Path(__file__).resolve().parents[2]
LATER = dt.date(2017, 6, 1)  # a broken snapshot dated after the last valid one
APP_CASES = (
    "truncated_parquet",
    "manifest_missing",
    "manifest_wrong_schema_version",
    "table_edited_after_publishing",
    "string_in_quality_index",
    "dangling_cluster_in_assessments",
    "name_with_script",
    "file_of_200_mb",
)
SUBPROCESS_CASES = ("csv_renamed_to_parquet", "right_to_left_override")


def matching(problems, expected: corpus.Expected):
    return [p for p in problems if expected.matches(p)]


def test_corpus_has_at_least_40_distinct_cases():
    assert len(corpus.CASES) >= 40
    assert all(case.description for case in corpus.CASES.values()), "every case says what it breaks"
    # the corpus covers every table and the manifest
    files = {case.file for case in corpus.CASES.values()}
    assert files >= {f"{table}.parquet" for table in snapshot.TABLES} | {"manifest.json"}


def test_the_seed_copy_itself_is_valid(tmp_path):
    """The corpus starts from a valid snapshot, also when dated later, so each case breaks exactly one thing."""
    for day in (corpus.SEED_DATE, LATER):
        folder = tmp_path / day.isoformat()
        shutil.copytree(corpus.SEED, folder)
        copy = corpus.Copy(folder)
        manifest = copy.manifest()
        manifest["as_of"] = day.isoformat()
        copy.write_manifest(manifest)
        loaded, problems = validate.read_snapshot(str(folder))
        assert loaded is not None, [str(p) for p in problems]


@pytest.mark.parametrize("name", corpus.error_cases())
def test_validate_names_the_problem_and_changes_nothing(name, tmp_path, capsys):
    folder, expected = corpus.CASES[name].build(tmp_path)
    before = corpus.disk_state(tmp_path)

    loaded, problems = validate.read_snapshot(str(folder))
    assert loaded is None
    found = matching(problems, expected)
    assert found, f"expected {expected}; got {[str(p) for p in problems]}"

    status = cli.main(["validate", str(folder)])
    out, err = capsys.readouterr()
    assert status == 1
    assert "INVALID" in out and str(found[0]) in out
    assert "Traceback" not in out + err

    catalog = store.scan(str(tmp_path))
    assert catalog.valid == [] and [r.name for r in catalog.refused] == [folder.name]
    assert corpus.disk_state(tmp_path) == before, "validation must not change anything on disk"


@pytest.mark.parametrize("name", corpus.warning_cases())
def test_a_warning_is_reported_and_the_snapshot_still_served(name, tmp_path, capsys):
    """ESCA rules real data may break: the snapshot is served, the warning kept; validate exits 0 (1 with --strict)."""
    folder, expected = corpus.CASES[name].build(tmp_path)
    before = corpus.disk_state(tmp_path)

    loaded, problems = validate.read_snapshot(str(folder))
    assert loaded is not None and validate.errors(problems) == []
    found = matching(problems, expected)
    assert found, f"expected {expected}; got {[str(p) for p in problems]}"

    assert cli.main(["validate", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "INVALID" not in out and "1 warning" in out and f"warning: {found[0]}" in out
    assert cli.main(["validate", "--strict", str(folder)]) == 1
    out, _ = capsys.readouterr()
    assert "warning" in out and str(found[0]) in out

    catalog = store.scan(str(tmp_path))
    assert [e.name for e in catalog.valid] == [folder.name] and catalog.refused == []
    assert [str(p) for p in catalog.valid[0].warnings] == [str(p) for p in problems]
    assert catalog.warnings == {folder.name: catalog.valid[0].warnings}
    assert store.warnings(str(folder)) == catalog.valid[0].warnings and store.load(str(folder)) is not None
    assert corpus.disk_state(tmp_path) == before


@pytest.mark.parametrize("name", sorted(corpus.FINE))
def test_unknown_values_where_the_schema_allows_them_are_served(name, tmp_path, capsys):
    folder = corpus.FINE[name].build(tmp_path)
    loaded, problems = validate.read_snapshot(str(folder))
    assert loaded is not None and [str(p) for p in problems] == []
    assert cli.main(["validate", "--strict", str(folder)]) == 0
    assert "valid" in capsys.readouterr().out


def test_unknown_values_stay_unknown_in_the_frames(tmp_path):
    """Nulls read back as missing values (NaN/NaT/None), never as 0, "" or a default."""
    loaded, _ = validate.read_snapshot(str(corpus.FINE["unknown_cluster_facts"].build(tmp_path / "a")))
    row = loaded.clusters.iloc[2]
    assert all(row[c] != row[c] or row[c] is None for c in ("lat", "lon", "founded_year"))  # NaN
    assert loaded.clusters["programme_level"].isna().sum() == 1 and loaded.clusters["sector"].isna().sum() == 1
    assert loaded.clusters["founded_year"].dtype == "float64"  # whole numbers with a gap, as pandas holds them
    loaded, _ = validate.read_snapshot(str(corpus.FINE["gold_with_unknown_index"].build(tmp_path / "b")))
    gold = loaded.assessments[loaded.assessments["label_level"] == "gold"]
    assert gold["quality_index"].isna().sum() == 1 and gold["quality_index"].notna().sum() == len(gold) - 1


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_validate_as_a_process_exits_1_without_traceback(name, tmp_path):
    folder, expected = corpus.CASES[name].build(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "clusterviz", "validate", str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert str(expected.file) in result.stdout and expected.message in result.stdout
    if expected.row:
        assert f"row {expected.row}" in result.stdout


def test_200_mb_file_is_refused_by_size_without_being_read(tmp_path, monkeypatch):
    folder, expected = corpus.CASES["file_of_200_mb"].build(tmp_path)
    big = folder / "clusters.parquet"
    assert big.stat().st_size == 200 * 1024 * 1024
    assert big.stat().st_blocks * 512 < 1024 * 1024, "the test file is sparse: it costs no disk"
    read = []
    original = validate.read.read_bytes
    monkeypatch.setattr(validate.read, "read_bytes", lambda fs, path, limit=None: read.append(path) or original(fs, path, limit))
    start = time.perf_counter()
    loaded, problems = validate.read_snapshot(str(folder))
    assert time.perf_counter() - start < 2
    assert loaded is None and matching(problems, expected)
    assert not any(path.endswith("clusters.parquet") for path in read)
    assert any(path.endswith("assessments.parquet") for path in read), "the other tables are still checked"


def test_problems_in_many_rows_are_listed_then_counted(tmp_path):
    """Text dates in every row: ten rows named, the rest summed up, so a report stays readable."""
    folder, expected = corpus.CASES["text_dates"].build(tmp_path)
    _, problems = validate.read_snapshot(str(folder))
    rows = [p.row for p in problems if p.column == "assessment_date" and p.row is not None]
    assert rows == list(range(1, validate.MAX_ROWS_LISTED + 1))
    assert any("and 138 more rows" in p.message for p in problems)


@pytest.mark.parametrize("name", APP_CASES)
def test_app_keeps_serving_the_last_valid_snapshot(name, tmp_path, app_test):
    root = tmp_path / "snapshots"
    shutil.copytree(corpus.SEED, root / corpus.SEED_DATE.isoformat())
    folder, expected = corpus.CASES[name].build(root, as_of=LATER)
    before = corpus.disk_state(root)

    at = app_test(env={"CLUSTERVIZ_DATA": str(root)})
    assert not at.exception, [e.value for e in at.exception]
    metrics = first_metrics(at)
    assert metrics["Gull – Norge"] == "6" and metrics["Gull – Danmark"] == "8"
    assert metrics["Snittlig kvalitetsindeks – Norge"] == "63,6"
    warnings = [w.value for w in at.warning]
    assert any("2017-06-01 ble avvist" in w and "Viser 1. mars 2017" in w for w in warnings), warnings
    refused = store.scan(str(root)).refused
    assert [r.name for r in refused] == ["2017-06-01"] and matching(refused[0].problems, expected)
    assert at.session_state["f_snapshot"] == "2017-03-01"
    assert corpus.disk_state(root) == before


TABLE_FILES = sorted(snapshot.TABLES)


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=st.sampled_from(TABLE_FILES),
    edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_random_damage_is_reported_never_raised(table, edits):
    """Random byte damage (checksum updated, as if written by a broken tool) never escapes as an exception."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / corpus.SEED_DATE.isoformat()
        shutil.copytree(corpus.SEED, folder)
        copy = corpus.Copy(folder)
        data = bytearray(copy.path(table).read_bytes())
        for position, value in edits:
            data[int(position * len(data))] = value
        copy.write_bytes(table, bytes(data))
        loaded, problems = validate.read_snapshot(str(folder))
        assert loaded is not None or validate.errors(problems)
        assert all(p.file and p.message for p in problems)


def test_damaged_manifest_values_are_reported(tmp_path):
    """Wrong types inside the manifest (a string row count, a number as source) are problems, not crashes."""
    shutil.copytree(corpus.SEED, tmp_path / "2017-03-01")
    copy = corpus.Copy(tmp_path / "2017-03-01")
    manifest = copy.manifest()
    manifest["tables"]["events"]["rows"] = "7"
    manifest["source"] = 12
    manifest["demo"] = "yes"
    copy.write_manifest(manifest)
    loaded, problems = validate.read_snapshot(str(tmp_path / "2017-03-01"))
    assert loaded is None
    text = [str(p) for p in problems]
    assert "manifest.json, column tables: events has no row count" in text
    assert "manifest.json, column source: must name where the data comes from" in text
    assert "manifest.json, column demo: must be true or false" in text
    assert os.listdir(tmp_path) == ["2017-03-01"]
