"""Excel/CSV ingest and the template: layout, round trips, every kind of refusal, and no tracebacks."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from clusterviz import cli
from clusterviz.charts import exports
from clusterviz.data import ingest
from clusterviz.data.snapshot import TABLES, THEMES, frame_to_table
from clusterviz.data.validate import read_snapshot
from tests.support.workbooks import REAL_CLUSTERS, real_workbook

ROOT = Path(__file__).resolve().parents[2]
SEED = dt.date(2017, 3, 1)
CATCH_ALL = re.compile(r"error: \w+(Error|Exception):")  # cli.main's last line of defence: a bug, not a message


@pytest.fixture(scope="module")
def example_path(tmp_path_factory, seed_snapshot) -> Path:
    """The template filled with the 2017-03-01 demo snapshot (written once, copied by tests that edit it)."""
    return ingest.write_template(tmp_path_factory.mktemp("template") / "example.xlsx", seed_snapshot)


def edited(example_path: Path, tmp_path: Path, edit) -> Path:
    workbook = openpyxl.load_workbook(example_path)
    edit(workbook)
    out = tmp_path / "edited.xlsx"
    workbook.save(out)
    return out


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert not CATCH_ALL.search(err), err
    return code, out, err


def tree_hash(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tables(frames: dict, seed_snapshot) -> None:
    for table in TABLES:
        got = frame_to_table(table, frames[table])
        want = frame_to_table(table, seed_snapshot.tables[table])
        assert got.equals(want), f"{table} differs after the round trip"


# --------------------------------------------------------------------------- the template


def test_template_has_every_sheet_header_and_help(tmp_path, capsys):
    code, out, _ = run(["template", "--out", str(tmp_path / "t.xlsx")], capsys)
    assert code == 0 and "t.xlsx" in out
    workbook = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert workbook.sheetnames == ["README", *TABLES]
    for table, columns in TABLES.items():
        ws = workbook[table]
        assert [c.value for c in ws[1]] == list(columns)
        assert ws.max_row == 1  # blank template: headers only
        assert ws.freeze_panes == "A2"
        assert all(c.font.b for c in ws[1])
        assert all(c.comment is not None and TABLES[table][c.value][2] in c.comment.text for c in ws[1])
        assert all(ws.column_dimensions[c.column_letter].width >= 12 for c in ws[1])
    lists = {
        str(dv.sqref).split(":")[0]: dv.formula1 for dv in workbook["assessments"].data_validations.dataValidation if dv.type == "list"
    }
    assert lists["E2"] == '"bronze,silver,gold,none"'  # label_level
    assert lists["D2"] == '"benchmarking,silver,gold"'  # assessment_type
    events = {dv.formula1 for dv in workbook["events"].data_validations.dataValidation if dv.type == "list"}
    assert '"workshop,seminar,training,gathering"' in events and '"held,planned"' in events
    # the README sheet documents every column once, with the allowed values where they are fixed
    readme = {(r[0], r[1]): r for r in workbook["README"].iter_rows(values_only=True) if r[0] in TABLES}
    assert len(readme) == sum(len(c) for c in TABLES.values())
    assert readme[("events", "themes")][4] == ", ".join(THEMES)
    assert readme[("assessments", "quality_index")][2:5] == ("number", "optional", "percent, 0-100")  # schema 2: may be unknown
    assert readme[("assessments", "assessment_type")][3] == "required"
    assert readme[("clusters", "active")][2] == "TRUE/FALSE"
    assert readme[("events", "programme")][3] == "optional"
    # schema 2: the README sheet says what may stay blank, and what a blank cell becomes
    assert readme[("assessments", "quality_index")][6] == "unknown: stays empty"
    assert readme[("clusters", "sector")][6] == "unknown: stays empty"
    assert readme[("clusters", "name")][6] == "refused: a value is needed"
    assert "from the label" in readme[("assessments", "assessment_type")][6]
    assert "generated from country + name" in readme[("clusters", "cluster_id")][6]
    assert "end of the month two years" in readme[("assessments", "valid_until")][6]
    text = " ".join(str(r[0]) for r in workbook["README"].iter_rows(values_only=True) if r[0])
    assert "UNKNOWN STAYS BLANK" in text and "Arena Pro" in text and "Sept 2016" in text
    # the drop-downs warn but let the words people write through; dates are typed as text (2017, Sept 2016)
    styles = {dv.errorStyle for ws in workbook.worksheets[1:] for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert styles == {"warning"}
    assert workbook["assessments"].column_dimensions["C"].number_format == "@"


def test_template_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"keep me")
    code, _, err = run(["template", "--out", str(target)], capsys)
    assert code == 1 and "already exists" in err and target.read_bytes() == b"keep me"
    assert run(["template", "--out", str(target), "--force"], capsys)[0] == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == "README"


def test_example_template_holds_the_demo_snapshot_as_spreadsheet_values(example_path, seed_snapshot):
    workbook = openpyxl.load_workbook(example_path)
    for table in TABLES:
        assert workbook[table].max_row == len(seed_snapshot.tables[table]) + 1
    clusters = workbook["clusters"]
    assert clusters["A2"].value == "NO-001" and clusters["H2"].value == "15" and clusters["L2"].value is True
    assert workbook["assessments"]["C2"].value == dt.datetime(2012, 10, 10)
    assert workbook["assessments"]["C2"].number_format == "yyyy-mm-dd"
    pilot = [r for r in workbook["collaborations"].iter_rows(min_row=2, values_only=True)]
    assert ("nord-norge-quality", "18, 55, 56") in [(r[0], r[4]) for r in pilot]
    assert workbook["events"]["N2"].value == "quality, strategy, services"


# --------------------------------------------------------------------------- round trips


def test_example_round_trips_through_ingest_with_the_same_figures(example_path, seed_snapshot, data_root, tmp_path, capsys):
    root = tmp_path / "snapshots"
    code, out, err = run(
        [
            "ingest",
            str(example_path),
            "--as-of",
            "2017-03-01",
            "--data",
            str(root),
            "--demo",
            "--window",
            "2014-02-01..2016-08-31",
            "--collection",
            "demo",
        ],
        capsys,
    )
    assert code == 0, out
    assert f"wrote snapshot 2017-03-01 to {root / '2017-03-01'}" in out
    assert "110 clusters, 148 assessments, 2 collaborations, 19 collaboration members, 7 events" in out
    assert err == ""  # no progress bar when stderr is not a terminal
    snapshot, problems = read_snapshot(str(root / "2017-03-01"))
    assert snapshot is not None and problems == []
    assert snapshot.demo is True and "example.xlsx" in snapshot.manifest.source
    assert snapshot.manifest.comparison_window == (dt.date(2014, 2, 1), dt.date(2016, 8, 31))
    assert snapshot.manifest.collection == "demo"
    assert_same_tables(snapshot.tables, seed_snapshot)

    assert cli.main(["facts", "--data", str(root), "--json"]) == 0
    ingested = json.loads(capsys.readouterr().out)
    assert cli.main(["facts", "--data", data_root, "--snapshot", "2017-03-01", "--json"]) == 0
    bundled = json.loads(capsys.readouterr().out)
    assert ingested == bundled
    assert (ingested["no_gold_valid"], ingested["comparison_no_mean_index"], ingested["training_all_green_n"]) == (6, 63.6, 9)


@pytest.mark.parametrize("table", list(TABLES))
def test_app_excel_export_round_trips_through_the_sheet_reader(table, seed_snapshot):
    frame = seed_snapshot.tables[table]
    workbook = openpyxl.load_workbook(io.BytesIO(exports.excel_bytes(frame, table)), read_only=True, data_only=True)
    sheet_table, problems = ingest.read_worksheet(workbook[table], table)
    assert problems == []
    assert sheet_table.rows[0] == 2 and len(sheet_table) == len(frame)
    assert sheet_table.to_arrow().cast(frame_to_table(table, frame).schema).equals(frame_to_table(table, frame))


def test_app_csv_export_set_round_trips_from_one_file(seed_snapshot, tmp_path, capsys):
    folder = tmp_path / "csv"
    folder.mkdir()
    for table, frame in seed_snapshot.tables.items():
        (folder / f"2017-03_{table}.csv").write_bytes(exports.csv_bytes(frame))
    root = tmp_path / "snapshots"
    code, out, _ = run(["ingest", str(folder / "2017-03_events.csv"), "--as-of", "2017-03-01", "--data", str(root)], capsys)
    assert code == 0, out
    snapshot, problems = read_snapshot(str(root / "2017-03-01"))
    assert problems == [] and snapshot.demo is False
    assert_same_tables(snapshot.tables, seed_snapshot)


def test_norwegian_excel_csv_semicolons_decimal_commas_and_nb_dates(seed_snapshot, tmp_path, capsys):
    """Excel in Norwegian saves 'CSV' as Windows-1252, ';'-separated, with 62,4913 and 10.10.2012."""
    for table in ("clusters", "assessments"):
        frame = seed_snapshot.tables[table].copy()
        for column in frame.columns:
            if frame[column].dtype.kind == "M":
                frame[column] = frame[column].dt.strftime("%d.%m.%Y")
        frame.to_csv(tmp_path / f"{table}.csv", sep=";", decimal=",", index=False, encoding="cp1252")
    root = tmp_path / "snapshots"
    code, out, _ = run(["ingest", str(tmp_path), "--as-of", "2017-03-01", "--data", str(root)], capsys)
    assert code == 0, out
    assert "Windows-1252" in out and "empty events table" in out
    snapshot, _ = read_snapshot(str(root / "2017-03-01"))
    for table in ("clusters", "assessments"):
        assert frame_to_table(table, snapshot.tables[table]).equals(frame_to_table(table, seed_snapshot.tables[table]))
    assert snapshot.clusters.loc[0, "home_town"] == "Ålesund" and snapshot.clusters.loc[0, "lat"] == 62.4913
    assert len(snapshot.events) == 0


# --------------------------------------------------------------------------- refusals


def test_misspelt_header_names_sheet_column_and_suggestion(example_path, tmp_path, capsys):
    path = edited(example_path, tmp_path, lambda wb: wb["clusters"].cell(1, 5, "secter"))
    root = tmp_path / "snapshots"
    code, out, _ = run(["ingest", str(path), "--as-of", "2017-03-01", "--data", str(root)], capsys)
    assert code == 1
    assert "sheet clusters, row 1, column secter (cell E1): unknown column 'secter' — did you mean 'sector'?" in out
    assert "1 problem; nothing was written" in out  # the misspelt column's values are not silently dropped
    assert "nothing was written" in out and not root.exists()


def test_unknown_and_duplicate_headers_and_unnamed_values(example_path, tmp_path):
    def edit(wb):
        wb["events"].cell(1, 5, "name")  # E1 collaboration_id -> a second 'name'
        wb["events"]["Z3"] = "stray note"

    result = ingest.ingest(edited(example_path, tmp_path, edit), SEED, tmp_path / "root")
    messages = [(p.sheet, p.row, p.column, p.cell, p.message) for p in result.problems]
    assert ("events", 1, "name", "E1", "appears twice in the header (columns B and E)") in messages
    assert not result.ok and result.location is None and not (tmp_path / "root").exists()


def test_merged_cells_are_refused_with_their_range(example_path, tmp_path, capsys):
    path = edited(example_path, tmp_path, lambda wb: wb["collaborations"].merge_cells("B2:C3"))
    code, out, _ = run(["ingest", str(path), "--as-of", "2017-03-01", "--data", str(tmp_path / "root")], capsys)
    assert code == 1
    assert "sheet collaborations: has merged cells (B2:C3)" in out
    assert not (tmp_path / "root").exists()


def test_bad_value_is_reported_at_its_spreadsheet_row_with_every_other_problem(example_path, seed_snapshot, tmp_path, capsys):
    def edit(wb):
        ws = wb["assessments"]
        assert ws["E7"].value == seed_snapshot.assessments.loc[5, "label_level"]  # row 7 = 6th record
        ws["E7"] = "platinum"
        ws["C9"] = "yesterday"
        ws["B10"] = None  # cluster_id is required (an empty quality_index is unknown, an empty type follows from the label)
        ws["P12"] = "Green"  # case is forgiven ...
        ws["A13"] = ws["A2"].value  # ... a duplicate id is not

    path = edited(example_path, tmp_path, edit)
    result = ingest.ingest(path, SEED, tmp_path / "root")
    where = {(p.sheet, p.row, p.column): p for p in result.errors}
    label = where[("assessments", 7, "label_level")]
    assert label.cell == "E7" and "must be bronze, silver, gold or none" in label.message and "'platinum'" in label.message
    assert "'yesterday' is not a date" in where[("assessments", 9, "assessment_date")].message
    assert where[("assessments", 10, "cluster_id")].message == "is empty; a value is required"
    assert "duplicate id" in where[("assessments", 13, "assessment_id")].message
    assert len(result.errors) == 4  # the emptied cell is reported once, not again by the reference rule
    assert not (tmp_path / "root").exists()
    code, out, _ = run(["ingest", str(path), "--as-of", "2017-03-01", "--data", str(tmp_path / "root")], capsys)
    assert code == 1 and "sheet assessments, row 7, column label_level (cell E7)" in out
    assert "4 problems; nothing was written" in out


def test_rules_still_run_around_cells_that_failed(example_path, tmp_path):
    """Empty or unreadable cells leave holes; the rules check everything else in the same run."""

    def edit(wb):
        for column in range(1, 13):
            if column != 2:
                wb["clusters"].cell(3, column).value = None  # NO-002: only its name is left
        # schema 2: of those 11 columns, cluster_id, country, county_code and active are required; the rest may be unknown
        wb["clusters"]["C5"] = "SE"
        wb["events"]["G3"] = "two"

    result = ingest.ingest(edited(example_path, tmp_path, edit), SEED, tmp_path / "root")
    text = [str(p) for p in result.errors]
    # each blank cell is reported once, at its root: what follows from other cells (the id from country +
    # name, the county and place from the town, active) is not reported again
    roots = [
        c for c, (_, nullable, _) in TABLES["clusters"].items() if not nullable and ("clusters", c) not in ingest.DERIVED and c != "name"
    ]
    assert sorted(p.column for p in result.errors if p.sheet == "clusters" and p.row == 3) == sorted(roots)
    assert all(str(p).endswith("is empty; a value is required") for p in result.errors if p.sheet == "clusters" and p.row == 3)
    assert "sheet clusters, row 5, column country (cell C5): must be NO or DK (found 'SE')" in text
    assert "sheet events, row 3, column days (cell G3): 'two' is not a whole number" in text
    # NO-002's assessments (rows 5-7) now point at a cluster the sheet does not have
    assert [p.row for p in result.errors if p.sheet == "assessments"] == [5, 6, 7]
    assert not any("could not run" in t for t in text)
    assert len(text) == len(roots) + 1 + 1 + 3


def test_a_column_of_bad_cells_is_listed_ten_times_then_counted(example_path, tmp_path):
    def edit(wb):
        for row in range(2, 150):
            wb["assessments"].cell(row, 3, "soon")

    result = ingest.ingest(edited(example_path, tmp_path, edit), SEED, tmp_path / "root")
    dates = [p for p in result.errors if p.column == "assessment_date"]
    assert [p.row for p in dates[:10]] == list(range(2, 12))
    assert dates[-1].row is None and "138 more rows" in dates[-1].message


@pytest.mark.parametrize("offset", [-600, -530, -512, -30, -10, 0, 5, 400])
def test_merged_ranges_are_found_across_the_scan_chunks(offset):
    """The sheet XML is scanned in 1 MB chunks; a <mergeCell> across a chunk boundary is found exactly once."""
    import types
    import zipfile

    element = b'<x:mergeCell ref="AA10:AC12"/>'
    start = (1 << 20) + offset
    xml = b"<worksheet>" + b" " * (start - 11) + element + b" " * 2000 + b'<mergeCell ref="B2:C3"/></worksheet>'
    archive = zipfile.ZipFile(io.BytesIO(_zip({"xl/worksheets/sheet1.xml": xml})))
    sheet = types.SimpleNamespace(_worksheet_path="xl/worksheets/sheet1.xml")
    assert ingest.excel._merged_ranges(archive, sheet) == ["AA10:AC12", "B2:C3"]


def test_existing_snapshot_is_refused_and_untouched(example_path, tmp_path, capsys):
    root = tmp_path / "snapshots"
    assert run(["ingest", str(example_path), "--as-of", "2017-03-01", "--data", str(root)], capsys)[0] == 0
    before = tree_hash(root)
    code, out, _ = run(["ingest", str(example_path), "--as-of", "2017-03-01", "--data", str(root)], capsys)
    assert code == 1 and "snapshot 2017-03-01 already exists" in out and "refusing to overwrite" in out
    assert tree_hash(root) == before
    # a later date is a new snapshot beside it
    assert run(["ingest", str(example_path), "--as-of", "2017-04-01", "--data", str(root)], capsys)[0] == 0
    assert sorted(p.name for p in root.iterdir()) == ["2017-03-01", "2017-04-01"]


def test_check_only_writes_nothing(example_path, tmp_path, capsys):
    code, out, _ = run(["ingest", str(example_path), "--as-of", "2017-03-01", "--data", str(tmp_path / "r"), "--check"], capsys)
    assert code == 0 and "--check: nothing was written" in out and not (tmp_path / "r").exists()


def test_as_of_before_the_data_is_refused(example_path, tmp_path, capsys):
    code, out, _ = run(["ingest", str(example_path), "--as-of", "2016-03-01", "--data", str(tmp_path / "r")], capsys)
    assert code == 1 and "is after the snapshot date 2016-03-01" in out and not (tmp_path / "r").exists()


def test_missing_and_misnamed_sheets_and_empty_sheets(example_path, tmp_path):
    def edit(wb):
        wb["events"].title = "Evnets"
        wb["clusters"].delete_rows(1, 500)

    result = ingest.ingest(edited(example_path, tmp_path, edit), SEED, tmp_path / "root")
    text = [str(p) for p in result.errors]
    assert "sheet Evnets: is not a table name — did you mean 'events'? (rename the sheet)" in text
    assert any(t.startswith("sheet clusters: is empty: row 1 must hold the column names") for t in text)

    def drop(wb):
        del wb["assessments"]
        del wb["events"]

    result = ingest.ingest(edited(example_path, tmp_path, drop), SEED, tmp_path / "root")
    assert [str(p) for p in result.errors] == [
        "the workbook has no 'assessments' sheet; sheets found: README, clusters, collaborations, collaboration_members"
    ]
    assert "no 'events' sheet: the snapshot gets an empty events table" in result.notes


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("notes.bin", os.urandom(4000), "is not a spreadsheet"),
        ("clusters.xlsx", b"cluster_id,name\n", "is not a readable Excel workbook"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "is not a readable Excel workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Excel 97-2003 (.xls)"),
        ("empty.xlsx", b"", "is an empty file"),
        ("report.csv", b"a,b\n1,2\n", "must be named after its table"),
        ("clusters.csv", b"cluster_id\x00\x01\x02", "is not a text CSV file"),
    ],
)
def test_inputs_that_are_not_spreadsheets_get_one_clear_line(name, content, expected, tmp_path, capsys):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(["ingest", str(path), "--as-of", "2017-03-01", "--data", str(tmp_path / "r")], capsys)
    assert code == 1 and expected in err and err.count("\n") == 1 and "nothing was written" in err
    assert not (tmp_path / "r").exists()


def _zip(members: dict[str, bytes]) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_opendocument_and_damaged_workbooks_get_one_clear_line(example_path, tmp_path, capsys):
    import zipfile

    ods = tmp_path / "sheet.ods"
    ods.write_bytes(_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}))
    with zipfile.ZipFile(example_path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(_zip({**members, "xl/workbook.xml": b"<not xml"}))
    for path, expected in (
        (ods, "is an OpenDocument spreadsheet; save it as Excel (.xlsx) first"),
        (damaged, "is a damaged Excel workbook (ParseError"),
    ):
        code, out, err = run(["ingest", str(path), "--as-of", "2017-03-01", "--data", str(tmp_path / "r")], capsys)
        assert code == 1 and expected in err and err.count("\n") == 1, err


def test_a_huge_file_is_refused_before_it_is_read(example_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(ingest.readers, "MAX_BYTES", 10_000)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("read despite the size cap"))
    code, _, err = run(["ingest", str(example_path), "--as-of", "2017-03-01", "--data", str(tmp_path / "r")], capsys)
    assert code == 1 and "MB; the limit is 0 MB" in err


def test_missing_file_and_bad_date_are_messages(tmp_path, capsys):
    code, _, err = run(["ingest", str(tmp_path / "nope.xlsx"), "--as-of", "2017-03-01", "--data", str(tmp_path)], capsys)
    assert code == 1 and "no such file or folder" in err
    code, _, err = run(["ingest", str(tmp_path), "--as-of", "2017-02-30", "--data", str(tmp_path)], capsys)
    assert code == 1 and "--as-of '2017-02-30' is not a date" in err


def test_the_cli_prints_no_traceback_as_a_subprocess(tmp_path):
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for argv in (
        ["ingest", str(garbage), "--as-of", "2017-03-01", "--data", str(tmp_path / "r")],
        ["ingest", str(tmp_path), "--as-of", "2017-03-01", "--data", str(tmp_path / "r")],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "clusterviz", *argv], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
        )
        assert done.returncode == 1
        assert "Traceback" not in done.stdout + done.stderr and not CATCH_ALL.search(done.stderr)
        assert "nothing was written" in done.stdout + done.stderr


# --------------------------------------------------------------------------- cells and progress


@pytest.mark.parametrize(
    "table, column, raw, excel, value",
    [
        ("clusters", "active", "ja", False, True),
        ("clusters", "active", "NEI", False, False),
        ("clusters", "active", "yes", False, True),
        ("clusters", "active", 0, True, False),
        ("clusters", "active", "TRUE", False, True),
        ("clusters", "active", "False", False, False),
        ("clusters", "county_code", 3, True, "03"),
        ("clusters", "municipality_code", 301.0, True, "0301"),
        ("clusters", "county_code", "1081", False, "1081"),
        ("clusters", "country", " dk ", False, "DK"),
        ("clusters", "lat", "62,4913", False, 62.4913),
        ("clusters", "founded_year", "2008.0", False, 2008),
        ("assessments", "label_level", "Gold", True, "gold"),
        ("assessments", "assessment_date", 42795, True, dt.date(2017, 3, 1)),
        ("assessments", "assessment_date", "01.03.2017", False, dt.date(2017, 3, 1)),
        ("assessments", "assessment_date", "2017-03-01", False, dt.date(2017, 3, 1)),
        ("assessments", "assessment_date", dt.datetime(2017, 3, 1), True, dt.date(2017, 3, 1)),
        ("assessments", "valid_until", "", False, None),
        ("collaborations", "county_codes", "18; 55 ,56", False, ["18", "55", "56"]),
        ("collaborations", "county_codes", 3, True, ["03"]),
        ("events", "themes", "['quality' 'strategy']", False, ["quality", "strategy"]),
        ("events", "themes", None, True, []),
        ("events", "name", "'-minus first", False, "-minus first"),
    ],
)
def test_cell_conversion(table, column, raw, excel, value):
    assert ingest.column_parsers(table)[column](raw, excel) == value


@pytest.mark.parametrize(
    "table, column, raw, excel, fragment",
    [
        ("clusters", "active", "maybe", False, "is not TRUE or FALSE"),
        ("clusters", "lat", "north", False, "is not a number"),
        ("clusters", "founded_year", 2008.5, True, "is not a whole number"),
        ("assessments", "assessment_date", 42795, False, "is not a date"),
        ("assessments", "assessment_date", dt.datetime(2017, 3, 1, 14, 30), True, "has a time of day"),
        ("clusters", "name", True, True, "expected text"),
        ("assessments", "label_level", "platinum", True, r"must be bronze, silver, gold or none .*\(found 'platinum'\)$"),
        ("assessments", "label_level", "Gould", True, "did you mean gold?"),
    ],
)
def test_cell_conversion_errors(table, column, raw, excel, fragment):
    with pytest.raises(ingest.Bad, match=fragment):
        ingest.column_parsers(table)[column](raw, excel)


def test_progress_bar_only_when_asked_or_on_a_terminal(seed_snapshot, tmp_path):
    rows = [("collaboration_id", "cluster_id")] + [(f"C{i}", f"A{i}") for i in range(2500)]
    stream = io.StringIO()
    ingest.read_rows(
        enumerate(rows, start=1), "collaboration_members", "collaboration_members", progress=ingest.Progress(True, stream), total=2500
    )
    shown = stream.getvalue()
    assert shown.count("\r") == 3 and "1,000/2,500 rows" in shown and shown.endswith("2,500/2,500 rows   \n")
    quiet = io.StringIO()  # a StringIO is not a terminal: nothing unless enabled
    ingest.read_rows(enumerate(rows, start=1), "collaboration_members", "x", progress=ingest.Progress(None, quiet))
    assert quiet.getvalue() == ""


def test_progress_flag_on_the_command_line(example_path, tmp_path, capsys):
    code, _, err = run(["ingest", str(example_path), "--as-of", "2017-03-01", "--data", str(tmp_path / "r"), "--progress"], capsys)
    assert code == 0
    assert "sheet assessments" in err and "148/148 rows" in err and "writing snapshot" in err


# --------------------------------------------------------------------------- real data (issue 14)


def values(column) -> list:
    """A frame column as plain values, unknown (NaN/NaT/None) as None."""
    return [None if pd.isna(v) else v for v in column]


def test_a_real_shaped_workbook_is_taken_with_zero_invented_values(tmp_path, capsys):
    """Issue 14, done-when 1: notes and warnings only, exit 0, and nulls exactly where the workbook was blank."""
    path = real_workbook(tmp_path / "council.xlsx")
    root = tmp_path / "snapshots"
    code, out, _ = run(["ingest", str(path), "--as-of", "2017", "--data", str(root)], capsys)
    assert code == 0, out
    assert "error:" not in out and "note:" in out and "warning:" in out
    assert f"wrote snapshot 2017-12-31 to {root / '2017-12-31'}" in out  # a year as-of means its last day
    snapshot, problems = read_snapshot(str(root / "2017-12-31"))
    assert snapshot is not None and all(p.severity == "warning" for p in problems)
    clusters = snapshot.clusters.set_index("name").loc[[c[0] for c in REAL_CLUSTERS]]
    assessments = snapshot.assessments

    # blank in the workbook and not following from anything: unknown, never filled in
    assert clusters["sector"].isna().all() and clusters["founded_year"].isna().all()
    for column in ("quality_index", *ingest.AREA_COLUMNS, *ingest.LIGHTS):
        known = assessments[column].dropna()
        assert list(known) == ([93.0] if column == "quality_index" else []), column
    assert values(clusters["programme_level"]) == ["nce", "arena_pro", "arena", "gce", None, "arena", "dk_national", None]

    # words and names -> codes; places from the place table, never a county centre
    assert list(clusters["county_code"]) == ["46", "42", "42", "18", "18", "18", "1082", "1083"]
    assert values(clusters["municipality_code"]) == ["4601", "4204", "4202", "1833", None, None, "0751", "0461"]
    from clusterviz.data import places

    for name, row in clusters.iterrows():
        if pd.isna(row["municipality_code"]):
            assert pd.isna(row["lat"]) and pd.isna(row["lon"]), name  # Nordvik and Lofoten: not placed
        else:
            point = places.MUNICIPALITIES[row["municipality_code"]]
            assert (row["lat"], row["lon"]) == (point[3], point[4]), name
    assert clusters["active"].all()
    assert clusters.loc["Havbruk Vest Klynge", "source"] == "https://example.org/havbruk"
    ids = list(clusters["cluster_id"])
    assert all(re.fullmatch(r"(NO|DK)-[0-9A-F]{10}", i) for i in ids) and len(set(ids)) == len(ids)

    # assessments: the cluster by name, dates with their precision, type from the label, validity by the rule
    by_cluster = {name: cid for name, cid in zip(clusters.index, clusters["cluster_id"])}
    got = assessments.assign(assessment_date=assessments["assessment_date"].dt.date, valid_until=assessments["valid_until"].dt.date)
    rows = {(r.cluster_id, r.assessment_date): r for r in got.itertuples()}
    expected = [
        ("Havbruk Vest Klynge", dt.date(2014, 5, 1), "month", "benchmarking", "bronze", dt.date(2016, 5, 31)),
        ("Havbruk Vest Klynge", dt.date(2016, 9, 1), "month", "gold", "gold", dt.date(2018, 9, 30)),
        ("Sørlandet Energi", dt.date(2017, 1, 1), "year", "benchmarking", "bronze", None),
        ("Agder Digital", dt.date(2015, 3, 1), "day", "silver", "silver", dt.date(2018, 3, 31)),
        ("Helgeland Industri", dt.date(2016, 9, 1), "month", "gold", "gold", dt.date(2018, 9, 30)),
        ("Aarhus Food Cluster", dt.date(2016, 1, 1), "year", "gold", "gold", None),
    ]
    assert len(rows) == len(expected)
    for name, date, precision, typ, label, valid_until in expected:
        row = rows[(by_cluster[name], date)]
        assert (row.date_precision, row.assessment_type, row.label_level) == (precision, typ, label), name
        assert (None if pd.isna(row.valid_until) else row.valid_until) == valid_until, name
    # what was derived is said, once per kind, and the renewal's three years are a warning, kept as stated
    assert "valid_until derived by ESCA's rule" in out and "assessment_type taken from the label" in out
    assert "cluster_id generated from country + name" in out and "'Hordaland' read as the 2024 county" in out
    assert "column 'comment' is not in the clusters schema and was ignored" in out
    assert "column 'date_note' is not in the assessments schema and was ignored" in out
    assert re.search(r"warning: .*differs from ESCA's two-year rule", out)
    assert "no 'events' sheet: the snapshot gets an empty events table" in out
    # the same workbook gives the same ids next time (stable, not random)
    code, _, _ = run(["ingest", str(path), "--as-of", "Dec 2017", "--data", str(tmp_path / "again")], capsys)
    assert code == 0
    again, _ = read_snapshot(str(tmp_path / "again" / "2017-12-31"))
    assert list(again.clusters["cluster_id"]) == list(snapshot.clusters["cluster_id"])
    assert list(again.assessments["assessment_id"]) == list(snapshot.assessments["assessment_id"])


def test_a_folder_of_prefixed_csv_files_is_accepted(seed_snapshot, tmp_path, capsys):
    folder = tmp_path / "export"
    folder.mkdir()
    for table, frame in seed_snapshot.tables.items():
        (folder / f"Council 2017 - {table.replace('_', ' ')}.csv").write_bytes(exports.csv_bytes(frame))
    (folder / "read me.txt").write_text("not a table")
    root = tmp_path / "snapshots"
    code, out, _ = run(["ingest", str(folder), "--as-of", "2017-03-01", "--data", str(root)], capsys)
    assert code == 0, out
    snapshot, problems = read_snapshot(str(root / "2017-03-01"))
    assert problems == []
    assert_same_tables(snapshot.tables, seed_snapshot)
    # two sets in one folder: which one is meant is asked, not guessed
    (folder / "2016_clusters.csv").write_bytes(exports.csv_bytes(seed_snapshot.clusters))
    code, _, err = run(["ingest", str(folder), "--as-of", "2017-03-01", "--data", str(tmp_path / "other")], capsys)
    assert code == 1 and "more than one set of CSV files" in err and "2016_clusters.csv" in err
    assert not (tmp_path / "other").exists()


PROGRAMME_WORDS = {  # (country, stored value): the words people write for it
    ("NO", "arena_pro"): ("Arena Pro", "ARENA-PRO", "arena_pro", "ArenaPro"),
    ("NO", "arena"): ("Arena", " arena klynge ", "Arena status 2012"),
    ("NO", "nce"): ("NCE", "Norwegian Centres of Expertise", "NCE-klynge", "NCE (from 2018)"),
    ("NO", "gce"): ("GCE", "Global Centre of Expertise"),
    ("DK", "dk_national"): (
        "national cluster",
        "Nationale klynge",
        "klyngeorganisation",
        "National klyngeorganisation",
        "national cluster 2021-2024",
    ),
    ("DK", "dk_other"): ("dk_other",),
}


@pytest.mark.parametrize(
    "written, country, value", [(written, country, value) for (country, value), words in PROGRAMME_WORDS.items() for written in words]
)
def test_programme_words(written, country, value):
    word = ingest.words.programme_word(written, country)
    assert (word.value, word.note) == (value, "")


@pytest.mark.parametrize(
    "written, country, value, fragment",
    [
        ("Innovasjonsnettverk Vest", "NO", "other", "stored as other"),  # anything else: other, with a note
        ("Innovationsnetværk", "DK", "dk_other", "stored as dk_other"),
        ("NCE", "DK", "dk_other", "stored as dk_other"),
    ],
)
def test_other_programme_words_are_other_with_a_note(written, country, value, fragment):
    word = ingest.words.programme_word(written, country)
    assert word.value == value and fragment in word.note


def test_a_near_miss_gets_a_suggestion_and_is_not_stored(tmp_path):
    path = real_workbook(tmp_path / "council.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["clusters"]["D3"] = "Arena Prp"
    workbook["clusters"]["G4"] = "Vest-Agdr"
    workbook["assessments"]["C3"] = "Gould"
    workbook["assessments"]["B4"] = "Septober 2016"
    workbook.save(path)
    result = ingest.ingest(path, dt.date(2017, 12, 31), tmp_path / "root")
    messages = {(p.sheet, p.row, p.column): p.message for p in result.errors}
    assert "did you mean arena_pro?" in messages[("clusters", 3, "programme_level")]
    assert "did you mean 'Vest-Agder'?" in messages[("clusters", 4, "county_code")]
    assert "did you mean gold?" in messages[("assessments", 3, "label_level")]
    assert "did you mean 'september'?" in messages[("assessments", 4, "assessment_date")]
    assert len(result.errors) == 4 and not (tmp_path / "root").exists()


COUNTY_NAMES = {  # (country, county code): the names and codes of every era written for it
    ("NO", "42"): ("Agder", "Vest-Agder", "aust agder", "10"),
    ("NO", "46"): ("Hordaland", "Sogn og Fjordane", "Vestland fylke", 12, "NO-46"),
    ("NO", "50"): ("Sør-Trøndelag", "Sor-Trondelag", "Nord-Trøndelag"),
    ("NO", "33"): ("Buskerud",),
    ("NO", "34"): ("Hedmark", "Oppland"),
    ("NO", "40"): ("Telemark",),
    ("NO", "18"): ("Nordland",),
    ("NO", "03"): (3,),
    ("DK", "1081"): ("Region Nordjylland", "Nordjylland"),
    ("DK", "1082"): ("Region Midtjylland", "midtjylland"),
    ("DK", "1083"): ("Region Syddanmark", "Syddanmark"),
    ("DK", "1085"): ("Region Sjælland", "Sjaelland"),
    ("DK", "1084"): ("Region Hovedstaden", "Hovedstaden", "DK-84"),
}
TOWN_SETTLES = {  # (country, county written or None): {home town: county code} where the town decides
    ("NO", "Buskerud"): {"Asker": "32"},  # Hurum/Røyken: in Asker since 2020
    ("NO", "Viken"): {"Drammen": "33", "Fredrikstad": "31", "Bærum": "32"},
    ("NO", "Troms og Finnmark"): {"Tromsø": "55", "Alta": "56"},
    ("NO", "Vestfold og Telemark"): {"Skien": "40"},
    ("NO", None): {"Mo i Rana": "18", "Bergen": "46", "Harstad": "55", "Herøy": None},  # Herøy: two municipalities
    ("DK", None): {"Kongens Lyngby": "1084"},
}


@pytest.mark.parametrize(
    "written, country, town, code",
    [(written, country, None, code) for (country, code), names in COUNTY_NAMES.items() for written in names]
    + [(written, country, town, code) for (country, written), towns in TOWN_SETTLES.items() for town, code in towns.items()],
)
def test_county_and_region_names_of_every_era(written, country, town, code, tmp_path):
    table = ingest.empty_table("clusters", "clusters")
    record = {"name": "X", "country": country, "home_town": town, "county_code": written}
    for column in TABLES["clusters"]:
        value = record.get(column)
        table.columns[column].append(ingest.column_parsers("clusters")[column](value, True) if value is not None else None)
    table.rows.append(2)
    reading = ingest.Reading(tables={"clusters": table})
    ingest.derive(reading)
    assert table.columns["county_code"][0] == code
    if code is None:  # unknown stays unknown: a warning, not a guess and not a refusal
        assert any("several places" in p.message for p in reading.problems if p.severity == "warning")
        assert not [p for p in reading.problems if p.severity == "error"]


def test_a_divided_county_without_a_town_is_unknown_with_a_warning_naming_the_successors(tmp_path):
    path = real_workbook(tmp_path / "council.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["clusters"]["G7"] = "Viken"  # Lofoten Reiseliv, no town
    workbook["clusters"]["G6"] = "Troms og Finnmark"  # Nordvik: not a known town
    workbook.save(path)
    result = ingest.ingest(path, dt.date(2017, 12, 31), tmp_path / "root")
    assert not result.errors
    messages = {(p.row, p.column): p.message for p in result.problems if p.severity == "warning"}
    assert "'Viken' was divided in 2024 into 31 Østfold, 32 Akershus, 33 Buskerud" in messages[(7, "county_code")]
    assert "no home_town" in messages[(7, "county_code")] and "left unknown" in messages[(7, "county_code")]
    assert "55 Troms, 56 Finnmark" in messages[(6, "county_code")] and "'Nordvik' does not say" in messages[(6, "county_code")]
    clusters = read_snapshot(str(tmp_path / "root" / "2017-12-31"))[0].clusters
    assert clusters.loc[[5, 4], "county_code"].isna().all()  # rows 7 and 6 of the sheet: neither successor taken


def test_an_empty_county_without_a_town_is_unknown_with_a_note(tmp_path):
    path = real_workbook(tmp_path / "council.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["clusters"]["G7"] = None  # Lofoten Reiseliv: no town, no county
    workbook.save(path)
    result = ingest.ingest(path, dt.date(2017, 12, 31), tmp_path / "root")
    assert not result.errors
    assert any(p.row == 7 and p.column == "county_code" and "left unknown" in p.message for p in result.problems)
    assert pd.isna(read_snapshot(str(tmp_path / "root" / "2017-12-31"))[0].clusters.loc[5, "county_code"])


def test_a_label_known_only_by_valid_until_gets_a_derived_award_date(tmp_path):
    path = real_workbook(tmp_path / "council.xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = workbook["assessments"]
    header = [c.value for c in ws[1]]
    ws.cell(5, header.index("assessment_date") + 1).value = None
    ws.cell(5, header.index("valid_until") + 1, "2018-09-19")
    workbook.save(path)
    result = ingest.ingest(path, dt.date(2017, 12, 31), tmp_path / "root")
    assert not result.errors
    assert any(
        p.row == 5 and p.column == "assessment_date" and "derived from valid_until" in p.message and "not a stated fact" in p.message
        for p in result.problems
    )
    assessments = read_snapshot(str(tmp_path / "root" / "2017-12-31"))[0].assessments
    row = assessments[assessments["valid_until"] == pd.Timestamp("2018-09-19")].iloc[0]
    assert row["assessment_date"] == pd.Timestamp("2016-09-01") and row["date_precision"] == "derived"


@pytest.mark.parametrize(
    "valid_until, award",
    [
        (dt.date(2018, 9, 19), dt.date(2016, 9, 1)),
        (dt.date(2013, 3, 3), dt.date(2011, 3, 1)),
        (dt.date(2020, 2, 29), dt.date(2018, 2, 1)),
        (dt.date(2019, 12, 31), dt.date(2017, 12, 1)),
    ],
)
def test_derived_award_date_is_the_latest_the_validity_allows(valid_until, award):
    derived = ingest.words.derived_award_date(valid_until)
    assert derived == award and derived.precision == "derived"
    assert ingest.rule_valid_until(derived) >= valid_until  # the rule forwards again reaches the stated end


DATES_AS_WRITTEN = {  # (date, precision): the cells people write for it, (as text, as Excel cells)
    (dt.date(2017, 1, 1), "year"): (["2017", 2017.0], [2017]),
    (dt.date(2017, 9, 1), "month"): (["2017-09", "09.2017"], []),
    (dt.date(2016, 9, 1), "month"): (["Sept 2016", "september 2016", "sep. 2016"], []),
    (dt.date(2017, 3, 1), "month"): (["mars 2017", "Marts 2017"], []),
    (dt.date(2015, 10, 1), "month"): (["okt. 2015"], []),
    (dt.date(2017, 3, 1), "day"): (
        ["01.03.2017", "1.3.2017", "2017-03-01", "1. mars 2017", "March 1, 2017"],
        [42795, dt.datetime(2017, 3, 1)],
    ),
}


@pytest.mark.parametrize(
    "raw, excel, value, precision",
    [
        (raw, excel, value, precision)
        for (value, precision), (text, cells) in DATES_AS_WRITTEN.items()
        for excel, written in ((False, text), (True, cells))
        for raw in written
    ],
)
def test_dates_as_people_write_them_with_their_precision(raw, excel, value, precision):
    parsed = ingest.column_parsers("assessments")["assessment_date"](raw, excel)
    assert parsed == value and parsed.precision == precision


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("2017-02-30", "is not a real date"),
        ("Septober 2016", "not a month name"),
        ("soon", "is not a date"),
        ("32.01.2017", "is not a real date"),
        ("2017-13", "is not a real date"),
    ],
)
def test_dates_that_are_not_dates(raw, fragment):
    with pytest.raises(ingest.Bad, match=fragment):
        ingest.column_parsers("assessments")["assessment_date"](raw, False)


@pytest.mark.parametrize(
    "written, as_of",
    [
        ("2017-03-01", dt.date(2017, 3, 1)),
        ("01.03.2017", dt.date(2017, 3, 1)),
        ("2017", dt.date(2017, 12, 31)),
        ("2017-02", dt.date(2017, 2, 28)),
        ("Sept 2016", dt.date(2016, 9, 30)),
        ("september 2016", dt.date(2016, 9, 30)),
    ],
)
def test_as_of_in_the_same_forms_a_month_or_year_means_its_last_day(written, as_of):
    assert ingest.words.as_of_date(written) == as_of


LABEL_WORDS = {  # (label, assessment type): the words people write for it
    ("bronze", "benchmarking"): ("Bronze", "Bronse", "benchmarked"),
    ("silver", "silver"): ("Silver", "Sølv"),
    ("gold", "gold"): ("Gold", "Gull", "ESCA Gold Label", "GOLD"),
}


@pytest.mark.parametrize("written, label, typ", [(written, label, typ) for (label, typ), words in LABEL_WORDS.items() for written in words])
def test_label_words_wherever_a_label_or_an_assessment_type_is_expected(written, label, typ):
    assert ingest.column_parsers("assessments")["label_level"](written, False) == label
    assert ingest.column_parsers("assessments")["assessment_type"](written, False) == typ


def test_a_blank_required_cell_is_reported_once_at_its_root(tmp_path):
    path = real_workbook(tmp_path / "council.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["assessments"]["C3"] = None  # the label: the type, id and validity follow from it
    workbook["assessments"]["B5"] = None  # the date: precision, validity and id follow from it
    workbook["assessments"]["D5"] = None  # (and no valid_until to derive the date from)
    workbook["clusters"]["C4"] = None  # the country: the id, the programme word and the county follow from it
    workbook.save(path)
    result = ingest.ingest(path, dt.date(2017, 12, 31), tmp_path / "root")
    assert [(p.sheet, p.row, p.column, p.message) for p in result.errors] == [
        ("clusters", 4, "country", "is empty; a value is required"),
        ("assessments", 3, "label_level", "is empty; a value is required"),
        (
            "assessments",
            5,
            "assessment_date",
            "is empty and could not be derived (may stay blank when valid_until "
            "is given: derived by ESCA's rule (the latest award date the validity "
            "allows: valid_until minus two years, first of that month), "
            "date_precision derived, with a note)",
        ),
    ]


@pytest.mark.parametrize(
    "column, garbage",
    [
        ("quality_index", "n/a"),
        ("quality_index", "1e400"),
        ("quality_index", float("inf")),
        ("quality_index", "93 %"),
        ("assessment_date", "31.02.2017"),
        ("assessment_date", -5),
        ("assessment_date", 10**12),
        ("valid_until", True),
        ("cluster_id", '=HYPERLINK("x")'),
        ("label_level", 42),
        ("light_plan", "\u202e neerg"),
        ("source", "x" * 5000),
        ("assessment_date", dt.datetime(1, 1, 1)),
        ("quality_index", dt.datetime(2017, 1, 1)),
    ],
)
def test_garbage_cells_end_in_a_message_never_a_pyarrow_error(column, garbage, tmp_path, capsys):
    path = real_workbook(tmp_path / "council.xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = workbook["assessments"]
    header = [c.value for c in ws[1]]
    ws.cell(3, header.index(column) + 1, garbage)
    workbook.save(path)
    code, out, err = run(["ingest", str(path), "--as-of", "2017", "--data", str(tmp_path / "r")], capsys)
    assert "Arrow" not in out + err and "pyarrow" not in out + err
    if code == 1:
        assert "sheet assessments, row 3" in out and "nothing was written" in out


# --------------------------------------------------------------------------- one master list, many snapshots


def master_workbook(path: Path) -> Path:
    """The real-shaped list plus a founding year, two events and a collaboration: a whole history."""
    real_workbook(path)
    workbook = openpyxl.load_workbook(path)
    clusters = workbook["clusters"]
    clusters["H9"] = 2016  # Fyn Robotics, founded 2016
    events = workbook.create_sheet("events")
    events.append(["name", "kind", "start_date", "days", "place", "country", "themes", "status", "collaboration_id"])
    events.append(["Kvalitetssamling", "workshop", "Jun 2015", 1, "Bodø", "NO", "quality", None, None])
    events.append(["Klyngesamling Agder", "gathering", "2016-10-13", 2, "Kristiansand", "NO", "strategy", None, "agder-2016"])
    collaborations = workbook.create_sheet("collaborations")
    collaborations.append(["collaboration_id", "name", "kind", "region", "county_codes", "start_date", "end_date", "description"])
    collaborations.append(
        ["agder-2016", "Agder-piloten", "pilot", "Agder", "Vest-Agder, Aust-Agder", "2016-09", "2017-06-30", "A pilot in Agder."]
    )
    members = workbook.create_sheet("collaboration_members")
    members.append(["collaboration_id", "cluster_id"])
    workbook.save(path)
    return path


def test_series_builds_a_snapshot_per_year_from_one_master_list(tmp_path, capsys):
    path = master_workbook(tmp_path / "master.xlsx")
    root = tmp_path / "snapshots"
    code, out, _ = run(["ingest", str(path), "--series", "--data", str(root)], capsys)
    assert code == 0, out
    # 1 March of each year from the first assessment (May 2014) to the latest (2017, a year: 2017-01-01), + the latest
    assert sorted(p.name for p in root.iterdir()) == ["2015-03-01", "2016-03-01", "2017-01-01"]
    counts = {}
    for folder in sorted(root.iterdir()):
        snapshot, problems = read_snapshot(str(folder))
        assert snapshot is not None and all(p.severity == "warning" for p in problems), folder.name
        counts[folder.name] = (len(snapshot.clusters), len(snapshot.assessments), len(snapshot.events), len(snapshot.collaborations))
        assert (snapshot.assessments["assessment_date"].dt.date <= snapshot.as_of).all()
        assert "as of " + folder.name in snapshot.manifest.source
    assert counts == {"2015-03-01": (7, 2, 0, 0), "2016-03-01": (8, 3, 1, 0), "2017-01-01": (8, 6, 2, 1)}
    latest, _ = read_snapshot(str(root / "2017-01-01"))
    assert latest.collaborations.loc[0, "end_date"] is pd.NaT or pd.isna(latest.collaborations.loc[0, "end_date"])
    assert list(latest.collaborations.loc[0, "county_codes"]) == ["42"]
    assert set(latest.events["status"]) == {"held"}
    # the ids are the same in every snapshot of the series
    early, _ = read_snapshot(str(root / "2015-03-01"))
    assert set(early.assessments["assessment_id"]) <= set(latest.assessments["assessment_id"])

    # an existing date is refused, before anything is written, unless --replace
    before = tree_hash(root)
    code, out, _ = run(["ingest", str(path), "--series", "--as-of", "2016-03-01,Sept 2016", "--data", str(root)], capsys)
    assert code == 1 and "snapshots already exist for 2016-03-01" in out and tree_hash(root) == before
    assert not (root / "2016-09-30").exists()
    code, out, _ = run(["ingest", str(path), "--series", "--as-of", "2016-03-01,Sept 2016", "--data", str(root), "--replace"], capsys)
    assert code == 0, out
    assert sorted(p.name for p in root.iterdir()) == ["2015-03-01", "2016-03-01", "2016-09-30", "2017-01-01"]
    autumn, _ = read_snapshot(str(root / "2016-09-30"))
    assert (len(autumn.assessments), len(autumn.events), len(autumn.collaborations)) == (5, 1, 1)
    assert not [p for p in root.iterdir() if p.name.startswith(".")]  # no temporary folder left behind


def test_series_with_a_bad_cell_writes_nothing(tmp_path, capsys):
    path = master_workbook(tmp_path / "master.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["assessments"]["C4"] = "Platinum"
    workbook.save(path)
    code, out, _ = run(["ingest", str(path), "--series", "--data", str(tmp_path / "r")], capsys)
    assert code == 1 and "row 4, column label_level" in out and "nothing was written" in out
    assert not (tmp_path / "r").exists()
    code, _, err = run(["ingest", str(path), "--data", str(tmp_path / "r")], capsys)
    assert code == 1 and "--as-of is required" in err


def test_the_blank_template_filled_with_only_what_is_known_is_taken(tmp_path, capsys):
    path = tmp_path / "t.xlsx"
    assert run(["template", "--out", str(path)], capsys)[0] == 0
    workbook = openpyxl.load_workbook(path)
    columns = {table: [c.value for c in workbook[table][1]] for table in TABLES}

    def put(table, row, **values):
        for column, value in values.items():
            workbook[table].cell(row, columns[table].index(column) + 1, value)

    put("clusters", 2, name="Vestlandsklyngen", country="Norge", programme_level="NCE", home_town="Stord", county_code="Hordaland")
    put("clusters", 3, name="Nordjysk Klynge", country="Danmark", county_code="Region Nordjylland")
    put(
        "assessments",
        2,
        cluster_id="Vestlandsklyngen",
        assessment_date="Sept 2016",
        label_level="Gull",
        quality_index="93 %",
        source="https://example.org/gold",
    )
    workbook.save(path)
    root = tmp_path / "r"
    code, out, _ = run(["ingest", str(path), "--as-of", "01.03.2017", "--data", str(root)], capsys)
    assert code == 0, out
    snapshot, _ = read_snapshot(str(root / "2017-03-01"))
    clusters = snapshot.clusters.set_index("name")
    assert clusters.loc["Vestlandsklyngen", ["country", "county_code", "municipality_code"]].tolist() == ["NO", "46", "4614"]
    assert clusters.loc["Nordjysk Klynge", ["country", "county_code"]].tolist() == ["DK", "1081"]
    assert pd.isna(clusters.loc["Nordjysk Klynge", "lat"]) and pd.isna(clusters.loc["Nordjysk Klynge", "programme_level"])
    row = snapshot.assessments.iloc[0]
    assert (row["label_level"], row["assessment_type"], row["quality_index"], row["date_precision"]) == ("gold", "gold", 93.0, "month")
    assert row[list(ingest.AREA_COLUMNS)].isna().all() and row[list(ingest.LIGHTS)].isna().all()


@pytest.mark.parametrize(
    "number_format, value, expected",
    [
        ("mmm-yy", dt.datetime(2016, 9, 1), (dt.date(2016, 9, 1), "month")),  # Excel's own "Sept 2016"
        ("[$-414]mmmm\\ yyyy;@", dt.datetime(2016, 9, 1), (dt.date(2016, 9, 1), "month")),
        ("yyyy", dt.datetime(2016, 1, 1), (dt.date(2016, 1, 1), "year")),
        ("yyyy-mm-dd", dt.datetime(2016, 9, 1), (dt.date(2016, 9, 1), "day")),
        ("General", dt.datetime(2016, 9, 1), (dt.date(2016, 9, 1), "day")),
        ("mmm-yy", dt.datetime(2016, 9, 15), (dt.date(2016, 9, 15), "day")),  # the cell knows the day: kept
    ],
)
def test_an_excel_date_cell_keeps_the_precision_its_format_shows(number_format, value, expected, tmp_path):
    path = real_workbook(tmp_path / "council.xlsx")
    workbook = openpyxl.load_workbook(path)
    cell = workbook["assessments"]["B2"]
    cell.value, cell.number_format = value, number_format
    workbook.save(path)
    reading = ingest.read_source(path)
    parsed = reading.tables["assessments"].columns["assessment_date"][0]
    assert (parsed, parsed.precision) == expected


def test_a_town_outside_its_county_is_a_warning_and_the_cluster_is_not_placed(tmp_path, capsys):
    path = real_workbook(tmp_path / "council.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["clusters"]["G2"] = "Rogaland"  # Havbruk Vest Klynge, home town Bergen (Vestland)
    workbook["assessments"].cell(1, 11, "date_precision")
    workbook["assessments"]["K4"] = "day"  # Sørlandet Energi's date is written as the year 2017
    workbook.save(path)
    root = tmp_path / "r"
    code, out, _ = run(["ingest", str(path), "--as-of", "2017", "--data", str(root)], capsys)
    assert code == 0, out
    assert "home_town 'Bergen' lies in 46 Vestland, not in 11 Rogaland: not placed" in out
    assert "says day but the date is written as a year: read as year" in out
    snapshot, _ = read_snapshot(str(root / "2017-12-31"))
    havbruk = snapshot.clusters.set_index("name").loc["Havbruk Vest Klynge"]
    assert havbruk["county_code"] == "11" and pd.isna(havbruk["lat"]) and pd.isna(havbruk["municipality_code"])
    assert sorted(snapshot.assessments["date_precision"]) == ["day", "month", "month", "month", "year", "year"]


@pytest.mark.parametrize(
    "window, message", [("2014-02-01", "START..END"), ("2014-02-01..soon", "YYYY-MM-DD"), ("2016-08-31..2014-02-01", "after the end")]
)
def test_a_bad_window_is_refused_before_anything_is_read(window, message, example_path, tmp_path, capsys):
    code, out, err = run(["ingest", str(example_path), "--as-of", "2017-03-01", "--data", str(tmp_path), "--window", window], capsys)
    assert code == 1 and message in err and not any(tmp_path.iterdir())


def test_the_demo_towns_and_the_place_table_agree():
    """geo.MUNICIPALITIES (the demo's towns, with town coordinates) and places.MUNICIPALITIES (every 2024
    municipality, for ingest) state the same facts twice: every demo town is in the place table with the same
    country, name and county, and its point lies within 30 km of the municipality's."""
    import math

    from clusterviz.data import geo, places

    for code, (country, name, county, lat, lon) in geo.MUNICIPALITIES.items():
        assert code in places.MUNICIPALITIES, code
        p_country, p_name, p_county, p_lat, p_lon = places.MUNICIPALITIES[code]
        assert (p_country, p_name, p_county) == (country, name, county), code
        km = math.hypot(lat - p_lat, (lon - p_lon) * math.cos(math.radians(lat))) * 111
        assert km < 30, (code, round(km))
