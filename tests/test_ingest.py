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
import pytest

from clusterviz import cli, exports, ingest
from clusterviz.snapshot import TABLES, THEMES, frame_to_table
from clusterviz.validate import read_snapshot

ROOT = Path(__file__).resolve().parents[1]
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
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


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
    lists = {str(dv.sqref).split(":")[0]: dv.formula1
             for dv in workbook["assessments"].data_validations.dataValidation if dv.type == "list"}
    assert lists["E2"] == '"bronze,silver,gold,none"'          # label_level
    assert lists["D2"] == '"benchmarking,silver,gold"'         # assessment_type
    events = {dv.formula1 for dv in workbook["events"].data_validations.dataValidation if dv.type == "list"}
    assert '"workshop,seminar,training,gathering"' in events and '"held,planned"' in events
    # the README sheet documents every column once, with the allowed values where they are fixed
    readme = {(r[0], r[1]): r for r in workbook["README"].iter_rows(values_only=True) if r[0] in TABLES}
    assert len(readme) == sum(len(c) for c in TABLES.values())
    assert readme[("events", "themes")][4] == ", ".join(THEMES)
    assert readme[("assessments", "quality_index")][2:5] == ("number", "optional", "percent, 0-100")   # schema 2: may be unknown
    assert readme[("assessments", "assessment_type")][3] == "required"
    assert readme[("clusters", "active")][2] == "TRUE/FALSE"
    assert readme[("events", "programme")][3] == "optional"


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
    code, out, err = run(["ingest", str(example_path), "--as-of", "2017-03-01", "--data", str(root), "--demo"], capsys)
    assert code == 0, out
    assert f"wrote snapshot 2017-03-01 to {root / '2017-03-01'}" in out
    assert "110 clusters, 148 assessments, 2 collaborations, 19 collaboration members, 7 events" in out
    assert err == ""  # no progress bar when stderr is not a terminal
    snapshot, problems = read_snapshot(str(root / "2017-03-01"))
    assert snapshot is not None and problems == []
    assert snapshot.demo is True and "example.xlsx" in snapshot.manifest.source
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
    assert "sheet clusters, row 1, column sector: required column is missing" in out
    assert "nothing was written" in out and not root.exists()


def test_unknown_and_duplicate_headers_and_unnamed_values(example_path, tmp_path):
    def edit(wb):
        wb["events"].cell(1, 5, "name")        # E1 collaboration_id -> a second 'name'
        wb["events"]["Z3"] = "stray note"
    result = ingest.ingest(edited(example_path, tmp_path, edit), SEED, tmp_path / "root")
    messages = [(p.sheet, p.row, p.column, p.cell, p.message) for p in result.problems]
    assert ("events", 1, "name", "E1", "appears twice in the header (columns B and E)") in messages
    assert any(p.column == "collaboration_id" and "missing" in p.message for p in result.problems)
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
        ws["D10"] = None             # assessment_type is required (schema 2: an empty quality_index is unknown, fine)
        ws["P12"] = "Green"          # case is forgiven ...
        ws["A13"] = ws["A2"].value   # ... a duplicate id is not
    path = edited(example_path, tmp_path, edit)
    result = ingest.ingest(path, SEED, tmp_path / "root")
    where = {(p.sheet, p.row, p.column): p for p in result.errors}
    label = where[("assessments", 7, "label_level")]
    assert label.cell == "E7" and "must be bronze, silver, gold or none" in label.message and "'platinum'" in label.message
    assert "'yesterday' is not a date" in where[("assessments", 9, "assessment_date")].message
    assert where[("assessments", 10, "assessment_type")].message == "is empty; a value is required"
    assert "duplicate id" in where[("assessments", 13, "assessment_id")].message
    assert len(result.errors) == 4  # the emptied cell is reported once, not again by the type/label rule
    assert not (tmp_path / "root").exists()
    code, out, _ = run(["ingest", str(path), "--as-of", "2017-03-01", "--data", str(tmp_path / "root")], capsys)
    assert code == 1 and "sheet assessments, row 7, column label_level (cell E7)" in out
    assert "4 problems; nothing was written" in out


def test_rules_still_run_around_cells_that_failed(example_path, tmp_path):
    """Empty or unreadable cells leave holes; the rules check everything else in the same run."""
    def edit(wb):
        for column in range(1, 13):
            if column != 2:
                wb["clusters"].cell(3, column).value = None   # NO-002: only its name is left
    # schema 2: of those 11 columns, cluster_id, country, county_code and active are required; the rest may be unknown
        wb["clusters"]["C5"] = "SE"
        wb["events"]["G3"] = "two"
    result = ingest.ingest(edited(example_path, tmp_path, edit), SEED, tmp_path / "root")
    text = [str(p) for p in result.errors]
    assert sum(t.startswith("sheet clusters, row 3,") and t.endswith("is empty; a value is required") for t in text) == 4
    assert "sheet clusters, row 5, column country (cell C5): must be NO or DK (found 'SE')" in text
    assert "sheet events, row 3, column days (cell G3): 'two' is not a whole number" in text
    # NO-002's assessments (rows 5-7) now point at a cluster the sheet does not have
    assert [p.row for p in result.errors if p.sheet == "assessments"] == [5, 6, 7]
    assert not any("could not run" in t for t in text)
    assert len(text) == 4 + 1 + 1 + 3


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
    assert ingest._merged_ranges(archive, sheet) == ["AA10:AC12", "B2:C3"]


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
    code, out, _ = run(["ingest", str(example_path), "--as-of", "2017-03-01", "--data", str(tmp_path / "r"), "--check"],
                       capsys)
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
        "the workbook has no 'assessments' sheet; sheets found: README, clusters, collaborations, collaboration_members"]
    assert "no 'events' sheet: the snapshot gets an empty events table" in result.notes


@pytest.mark.parametrize("name, content, expected", [
    ("notes.bin", os.urandom(4000), "is not a spreadsheet"),
    ("clusters.xlsx", b"cluster_id,name\n", "is not a readable Excel workbook"),
    ("broken.xlsx", b"PK\x03\x04 not really a zip", "is not a readable Excel workbook"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Excel 97-2003 (.xls)"),
    ("empty.xlsx", b"", "is an empty file"),
    ("report.csv", b"a,b\n1,2\n", "must be named after its table"),
    ("clusters.csv", b"cluster_id\x00\x01\x02", "is not a text CSV file"),
])
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
    for path, expected in ((ods, "is an OpenDocument spreadsheet; save it as Excel (.xlsx) first"),
                           (damaged, "is a damaged Excel workbook (ParseError")):
        code, out, err = run(["ingest", str(path), "--as-of", "2017-03-01", "--data", str(tmp_path / "r")], capsys)
        assert code == 1 and expected in err and err.count("\n") == 1, err


def test_a_huge_file_is_refused_before_it_is_read(example_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(ingest, "MAX_BYTES", 10_000)
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
    for argv in (["ingest", str(garbage), "--as-of", "2017-03-01", "--data", str(tmp_path / "r")],
                 ["ingest", str(tmp_path), "--as-of", "2017-03-01", "--data", str(tmp_path / "r")]):
        done = subprocess.run([sys.executable, "-m", "clusterviz", *argv], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=120)
        assert done.returncode == 1
        assert "Traceback" not in done.stdout + done.stderr and not CATCH_ALL.search(done.stderr)
        assert "nothing was written" in done.stdout + done.stderr


# --------------------------------------------------------------------------- cells and progress

@pytest.mark.parametrize("table, column, raw, excel, value", [
    ("clusters", "active", "ja", False, True), ("clusters", "active", "NEI", False, False),
    ("clusters", "active", "yes", False, True), ("clusters", "active", 0, True, False),
    ("clusters", "active", "TRUE", False, True), ("clusters", "active", "False", False, False),
    ("clusters", "county_code", 3, True, "03"), ("clusters", "municipality_code", 301.0, True, "0301"),
    ("clusters", "county_code", "1081", False, "1081"), ("clusters", "country", " dk ", False, "DK"),
    ("clusters", "lat", "62,4913", False, 62.4913), ("clusters", "founded_year", "2008.0", False, 2008),
    ("assessments", "label_level", "Gold", True, "gold"), ("assessments", "label_level", "platinum", True, "platinum"),
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
])
def test_cell_conversion(table, column, raw, excel, value):
    assert ingest._parsers(table)[column](raw, excel) == value


@pytest.mark.parametrize("table, column, raw, excel, fragment", [
    ("clusters", "active", "maybe", False, "is not TRUE or FALSE"),
    ("clusters", "lat", "north", False, "is not a number"),
    ("clusters", "founded_year", 2008.5, True, "is not a whole number"),
    ("assessments", "assessment_date", 42795, False, "is not a date"),
    ("assessments", "assessment_date", dt.datetime(2017, 3, 1, 14, 30), True, "has a time of day"),
    ("clusters", "name", True, True, "expected text"),
])
def test_cell_conversion_errors(table, column, raw, excel, fragment):
    with pytest.raises(ingest._Bad, match=fragment):
        ingest._parsers(table)[column](raw, excel)


def test_progress_bar_only_when_asked_or_on_a_terminal(seed_snapshot, tmp_path):
    rows = [("collaboration_id", "cluster_id")] + [(f"C{i}", f"A{i}") for i in range(2500)]
    stream = io.StringIO()
    ingest.read_rows(enumerate(rows, start=1), "collaboration_members", "collaboration_members",
                     progress=ingest.Progress(True, stream), total=2500)
    shown = stream.getvalue()
    assert shown.count("\r") == 3 and "1,000/2,500 rows" in shown and shown.endswith("2,500/2,500 rows   \n")
    quiet = io.StringIO()  # a StringIO is not a terminal: nothing unless enabled
    ingest.read_rows(enumerate(rows, start=1), "collaboration_members", "x", progress=ingest.Progress(None, quiet))
    assert quiet.getvalue() == ""


def test_progress_flag_on_the_command_line(example_path, tmp_path, capsys):
    code, _, err = run(["ingest", str(example_path), "--as-of", "2017-03-01", "--data", str(tmp_path / "r"),
                        "--progress"], capsys)
    assert code == 0
    assert "sheet assessments" in err and "148/148 rows" in err and "writing snapshot" in err
