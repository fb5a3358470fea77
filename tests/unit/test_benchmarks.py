"""The benchmark's own correctness (no timing assertions: CI machines vary).

Every page of clusterviz.app.ui.PAGES renders through the websocket client, survives a change of the shared
country filter with no error (and the filter really reached the page), and the bytes of each rerun are
measured; the stock baseline really runs without the app's config; the Europe-scale snapshot is
deterministic; snapshots read through pyarrow's filesystem layer from a URI give the same app.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.client import first_render, run
from benchmarks.report import Row, check, format_rows, summary
from benchmarks.suite import CONTROLS, Context, Plan, app_pages, control_cycle, control_rows, control_series, rerun_series, smoke_rows
from clusterviz.data import demo, store, validate
from clusterviz.text.i18n import Translator

EN = Translator("en")
MAX_RERUN_BYTES = 1_000_000  # an inlined GeoJSON layer (~3 MB) or a full table per rerun would cross this


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    return Context(tmp_path_factory.mktemp("bench"), log=print)


@pytest.fixture(scope="module")
def app_server(bench):
    with bench.server("app") as server:
        yield server


def test_every_page_renders_and_reruns_with_a_filter_change(bench, app_server):
    norway_caption = EN("common.filters_active", text=EN.country("NO"))
    denmark_caption = EN("common.filters_active", text=EN.country("DK"))
    for page in app_pages():
        first, reruns = run(rerun_series(app_server, page.url, 1))
        assert first.ok, (page.key, first.error_messages)
        assert first.texts and first.bytes > 0
        assert [r.ok for r in reruns] == [True, True, True], (page.key, [r.error_messages for r in reruns])
        norway, denmark, both = reruns
        # The change reached this page (not another one): its caption names the filter.
        assert any(norway_caption in t for t in norway.texts), (page.key, norway.texts[:6])
        assert any(denmark_caption in t for t in denmark.texts), (page.key, denmark.texts[:6])
        assert not any(EN("common.filters_active", text="") in t for t in both.texts)
        for result in reruns:
            assert 0 < result.bytes < MAX_RERUN_BYTES, (page.key, result.bytes)
    assert not app_server.tracebacks(), app_server.log_path


def test_each_pages_own_control_reruns_it_and_the_link_follows(bench, app_server):
    """The control rerun: the page's own control (CONTROLS) is found by its key among the elements received and
    clicked through values it did not hold, as the browser sends it (with its fragment's id when it is drawn
    in st.fragment); every rerun finishes without error and the link carries each new value."""
    for page in app_pages(list(CONTROLS)):
        series = run(control_series(app_server, page.url, CONTROLS[page.key], 2, min_changes=6))
        assert not series.missing, (page.key, sorted(series.first.session.widgets))  # the demo has data for every control
        assert series.errors == 0, (page.key, series.first.error_messages, [r.error_messages for r in series.reruns])
        widget = series.widget
        cycle = control_cycle(widget)
        rounds = max(2, -(-6 // len(cycle)))  # two rounds at least, and at least 6 changes (two options: 3 rounds)
        assert len(cycle) >= 2 and len(series.reruns) == rounds * len(cycle) >= 6, (page.key, widget)
        assert all(r.ok and 0 < r.bytes < MAX_RERUN_BYTES for r in series.reruns), page.key
        # A fragment's control reruns that fragment; any other control the whole page.
        assert all(r.fragment_id == widget.fragment_id for r in series.reruns), page.key
        expected = "FINISHED_FRAGMENT_RUN_SUCCESSFULLY" if widget.fragment_id else "FINISHED_SUCCESSFULLY"
        assert {r.status for r in series.reruns} == {expected}, page.key
        linked = series.linked
        assert all(a != b for a, b in zip([None if widget.value else "-", *linked], linked)), (page.key, linked)
        rows = control_rows(page.key, "demo", series, 0.05, 1.0)
        assert [r.measure for r in rows] == ["control rerun", "bytes/control rerun"] and rows[1].value > 0
    assert not app_server.tracebacks(), app_server.log_path


def test_control_cycle_changes_the_value_every_time():
    from benchmarks.client import WidgetInfo

    horizon = WidgetInfo("id-horizon", "button_group", "Horizon", ["3 months", "6 months", "12 months"], value=["6 months"])
    assert control_cycle(horizon) == [2, 0, 1]
    assert control_cycle(WidgetInfo("id-area", "button_group", "Area", ["a", "b", "c", "d"])) == [0, 1, 2]  # none selected
    assert control_cycle(WidgetInfo("id-kind", "button_group", "Kind", ["x", "y"], value=["y"])) == [0, 1]
    assert control_cycle(WidgetInfo("id-one", "selectbox", "One", ["only"], value=["only"])) == []


def test_elements_the_browser_holds_are_sent_by_reference(app_server):
    """.streamlit/config.toml [global]: the browser keeps elements of 500 bytes or more for 6 runs, so going
    back to a filter chosen three reruns ago sends the overview's chart (about 5 KB) and its other unchanged
    elements as references (with Streamlit's defaults, 10 KB and 2 runs, every one came again in full)."""
    first, reruns = run(rerun_series(app_server, "", 2))
    assert first.ok and [r.ok for r in reruns] == [True] * 6
    assert first.session.cache.max_age == 6
    assert first.bytes_by_kind.get("vega_lite_chart", 0) > 0  # drawn in full once
    for seen in reruns[3:]:  # Norway, Denmark, all again: each seen three reruns before
        assert seen.bytes_by_kind.get("vega_lite_chart", 0) == 0 and seen.cached_refs >= 1, seen.bytes_by_kind
    norway, norway_again = reruns[0], reruns[3]
    assert norway_again.bytes + norway.bytes_by_kind["vega_lite_chart"] // 2 < norway.bytes


def test_smoke_rows_cover_every_page_without_errors(bench):
    pages = app_pages(["overview", "about"])
    rows = smoke_rows(bench, Plan(pages=pages, timeout=120))
    assert [(r.measure, r.page) for r in rows] == [
        ("first render", "baseline (stock)"),
        ("first render", "overview"),
        ("bytes/rerun", "overview"),
        ("first render", "about"),
        ("bytes/rerun", "about"),
    ]
    assert all(r.errors == 0 for r in rows), format_rows(rows)
    bytes_rows = [r for r in rows if r.measure == "bytes/rerun"]
    assert all(r.value > 0 and r.base and r.base > 0 for r in bytes_rows)
    assert not bench.tracebacks


def test_stock_baseline_runs_without_the_app_config(bench):
    """The baseline is stock Streamlit: the app's .streamlit/config.toml (toolbarMode viewer) must not apply."""
    with bench.server("stock") as stock:
        plain = run(first_render(stock))
    with bench.server("baseline+config") as tuned:
        configured = run(first_render(tuned))
    assert plain.ok and plain.texts == ["hello"]
    assert plain.session.toolbar_mode == "AUTO"
    assert configured.ok and configured.session.toolbar_mode == "VIEWER"


def test_app_pages_follow_ui_pages():
    from clusterviz.app.ui import PAGES

    pages = app_pages()
    assert [p.key for p in pages] == [key for key, *_ in PAGES]
    assert pages[0].url == ""  # the overview is the default page, served at /
    with pytest.raises(ValueError):
        app_pages(["nope"])


def test_europe_snapshot_is_deterministic_and_valid(tmp_path):
    first = Path(demo.write_europe(str(tmp_path / "a"), n_clusters=300))
    second = Path(demo.write_europe(str(tmp_path / "b"), n_clusters=300))
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert mismatch == [] and errors == [] and len(match) == 6
    manifest = json.loads((first / "manifest.json").read_text())
    assert manifest["demo"] is True and manifest["tables"]["clusters"]["rows"] == 300
    snapshot = store.load(str(first))
    assert len(snapshot.clusters) == 300
    years = snapshot.assessments["assessment_date"].dt.year
    assert years.max() - years.min() >= 9  # about ten years of assessments
    assert len(snapshot.assessments) > 3 * len(snapshot.clusters)


def test_store_scan_through_a_file_uri_matches_the_local_folder(data_root):
    """pyarrow's filesystem layer (the path s3:// takes) on a local URI: same catalog, same frames."""
    uri = Path(data_root).resolve().as_uri()
    assert uri.startswith("file:///")
    local, remote = store.scan(data_root), store.scan(uri)
    assert [e.name for e in remote.valid] == [e.name for e in local.valid] and len(local.valid) >= 5
    assert all(e.location.startswith("file:///") for e in remote.valid)
    newest = store.load(remote.newest.location)
    assert newest.clusters.equals(store.load(local.newest.location).clusters)
    assert newest.assessments.equals(store.load(local.newest.location).assessments)


def test_app_runs_on_a_file_uri_data_root(app_test, data_root):
    uri = Path(data_root).resolve().as_uri()
    at = app_test("pages/about.py", lang="en", env={"CLUSTERVIZ_DATA": uri})
    assert not at.exception
    assert any(EN("common.demo_badge") in m.value for m in at.markdown)
    captions = " ".join(c.value for c in at.caption)
    assert "1 March 2017" in captions
    listed = at.dataframe[0].value  # the bundled snapshots, listed from the URI
    assert sorted(listed.iloc[:, 0]) == [e.name for e in store.scan(data_root).valid]


def test_report_ratio_targets_and_summary():
    fast = check(Row("burst p95", "map", "demo", 60, 0.8, "s", 2.0), 1.0, 2.0)
    slow = check(Row("rerun", "renewals", "europe", 6, 0.9, "s", 0.1), 3.0)
    failed = check(Row("bytes/rerun", "map", "demo", 6, 50.0, "KB", 1.0, errors=1), value_max=100.0)
    assert fast.ratio == pytest.approx(0.4) and fast.met and fast.target == "<= 1x, <= 2 s"
    assert slow.ratio == pytest.approx(9.0) and slow.met is False
    assert failed.met is False  # errors never meet a target
    table = format_rows([fast, slow, failed])
    assert "0.40x" in table and "9.00x" in table and "NO (ratio)" in table and "NO (errors)" in table
    assert summary([fast, slow, failed]).startswith("targets met: 1 of 3")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=12), min_size=1, max_size=20))
def test_vectorised_control_check_agrees_with_the_per_character_rule(texts):
    """validate's CONTROLS_PATTERN (pyarrow regex over a column) finds exactly what _has_controls finds."""
    texts += ["bidi\u202e", "nul\x00", "c1\x85", "tab\t", "plain æøå"]
    column = pd.Series(texts, dtype="str")
    assert list(column.str.contains(validate.CONTROLS_PATTERN, regex=True)) == [validate.checks.has_controls(t) for t in texts]


def test_catalog_of_an_object_store_is_listed_at_most_every_few_seconds(tmp_path):
    """store.scan(max_age=...) (what the app uses for s3://... roots) answers from the last listing; a local
    folder is listed on every rerun, so a new snapshot shows at once."""
    import shutil

    root = tmp_path / "snapshots"
    shutil.copytree(Path(store.default_root()) / "2017-03-01", root / "2017-03-01")
    uri = root.resolve().as_uri()
    assert store.is_remote("s3://bucket/snapshots") and not store.is_remote(uri) and not store.is_remote(str(root))
    first = store.scan(uri, max_age=60)
    shutil.copytree(Path(store.default_root()) / "2016-11-01", root / "2016-11-01")
    assert store.scan(uri, max_age=60) is first  # within max_age: the same listing
    assert [e.name for e in store.scan(uri).valid] == ["2016-11-01", "2017-03-01"]  # max_age 0: listed now


def test_three_way_table_puts_each_page_side_by_side_and_says_which_targets_are_met():
    from benchmarks.report import format_three_way

    rows = []
    for phase, way, value, target in (
        ("cold", "app, 1 process", 1.0, 0.5),
        ("warm", "app, 1 process", 0.4, 0.5),
        ("cold", "app, 2 replicas + proxy", 0.3, 0.35),
        ("warm", "app, 2 replicas + proxy", 0.2, 0.35),
    ):
        rows.append(check(Row(f"burst p95 {phase}, {way}", "map", "demo", 60, value, "s", 1.0), target))
    rows.append(Row("RSS after the bursts", "replica r1", "demo", None, 250.0, "MiB", 80.0))
    text = format_three_way(rows)
    assert "1.00s 1.00x NO" in text and "0.40s 0.40x ok" in text and "0.30s 0.30x ok" in text
    assert "app, 1 process: target <= 0.5x stock, cold and warm: met on 1 of 2 bursts; not met: map cold" in text
    assert "app, 2 replicas + proxy: target <= 0.35x stock, cold and warm: met on 2 of 2 bursts" in text
    assert "replica r1 250 MiB" in text
    assert format_three_way([Row("rerun", "map", "demo", 3, 0.1, "s", 0.1)]) == ""


def test_rerun_table_puts_filter_and_control_of_each_scale_on_one_line():
    from benchmarks.report import format_reruns

    rows = [
        check(Row("rerun", "renewals", "demo", 6, 0.1, "s", 0.06), 1.5),
        check(Row("bytes/rerun", "renewals", "demo", 6, 30.9, "KB", 0.5), value_max=100.0),
        check(Row("control rerun", "renewals", "demo", 6, 0.03, "s", 0.06), 1.5),
        check(Row("bytes/control rerun", "renewals", "demo", 6, 124.0, "KB", 0.5), value_max=100.0),
        check(Row("rerun", "about", "europe", 6, 0.05, "s", 0.06), 3.0),
        Row("control rerun", "about", "europe", 0, 0.0, "s", 0.06, detail="area not drawn"),
        Row("bytes/rerun", "cluster", "demo", 3, 7.0, "KB", 0.5),  # the smoke run: no target
    ]
    lines = format_reruns(rows).splitlines()
    assert lines[0].split() == ["page", "demo", "filter", "demo", "control", "europe", "filter", "europe", "control"]
    renewals = next(line for line in lines if line.startswith("renewals"))
    assert "1.67x NO 30.9 KB" in renewals and "0.50x 124.0 KB NO" in renewals
    assert next(line for line in lines if line.startswith("about")).split()[1:] == ["-", "-", "0.83x", "not", "drawn"]
    assert next(line for line in lines if line.startswith("cluster")).split()[1:] == ["7.0", "KB", "-", "-", "-"]
    assert format_reruns([Row("RSS", "app", "europe", 1, 200.0, "MiB")]) == ""


def test_profile_of_control_reruns_seen_before_counts_the_shells_parts():
    """benchmarks.profile: the page's own control set to values it held before, CPU time, the scripts compiled
    once (as in a server: AppTest compiles them on every run otherwise), and the shell's parts found."""
    import streamlit.testing.v1.app_test as app_test

    from benchmarks import profile

    key, values = profile.CONTROL_VALUES["renewals"]
    stats, seconds = profile.profile_page("renewals", warm=True, control=(key, values))
    assert len(seconds) == len(values) and all(s > 0 for s in seconds)
    assert not any(name == "<built-in method builtins.compile>" for _, _, name in stats.stats)  # type: ignore[attr-defined]
    parts = {label: calls for label, _, calls in profile.shell_shares(stats)}
    assert parts["ui.sidebar"] == len(values)  # one run of the whole page per change
    assert parts["downloads.cluster_table"] >= len(values)  # the watch-list's table, drawn on every run
    assert "ms/run" in profile.format_shares(stats, len(seconds))
    assert app_test.ScriptCache.__name__ == "ScriptCache"  # the shared cache is undone


@pytest.mark.slow
def test_the_replicas_section_bursts_every_way_cold_and_warm_without_error(bench):
    """The side-by-side section on one page with tiny bursts: stock, the one process without and with
    pre-warm, two replicas behind HAProxy; every burst finishes with no error, and the table names each way."""
    from benchmarks.report import format_three_way
    from benchmarks.suite import ONE_PREWARMED, ONE_PROCESS, replica_rows

    rows = replica_rows(bench, Plan(pages=app_pages(["about"]), ns=(3,), timeout=120))
    bursts = [r for r in rows if r.measure.startswith("burst p95 ")]
    ways = {r.measure.split(", ", 1)[1] for r in bursts}
    assert ways == {ONE_PROCESS, ONE_PREWARMED, "app, 2 replicas + proxy"}
    assert sorted(r.measure.split(" ")[2].rstrip(",") for r in bursts) == ["cold"] * 3 + ["warm"] * 3
    assert all(r.errors == 0 and r.n == 3 and r.value > 0 and r.base for r in bursts), [(r.measure, r.detail) for r in bursts]
    cpu = [r for r in bursts if "server CPU" in r.detail]
    assert {r.measure.split(", ", 1)[1] for r in cpu} == {ONE_PROCESS, ONE_PREWARMED}, "the single processes' CPU per session"
    memory = {r.page for r in rows if r.measure == "RSS after the bursts"}
    assert {"stock", ONE_PROCESS, ONE_PREWARMED} <= memory and len(memory) == 5
    text = format_three_way(rows)
    assert all(f"{way}: target" in text for way in ways)


def test_the_presenter_scale_reruns_the_page_in_presenter_mode(app_server):
    """The rerun section's ``presenter`` scale opens each page with ?present=1 (what a screen-share reruns): the
    page keeps presenter mode through its reruns, so its link still carries it, and its sections rerun with
    the page (no fragment)."""
    from benchmarks.suite import SCALE_QUERIES

    page = app_pages(["comparison"])[0]
    first, reruns = run(rerun_series(app_server, page.url, 1, query=SCALE_QUERIES["presenter"]))
    assert first.ok and all(r.ok for r in reruns), first.error_messages
    assert "present=1" in first.session.query_string
    control = run(control_series(app_server, page.url, CONTROLS[page.key], 1, query=SCALE_QUERIES["presenter"]))
    assert control.reruns and all(r.ok and r.fragment_id == "" for r in control.reruns)
    assert control.widget.fragment_id == ""  # in the page's own run, not in a fragment


def test_a_servers_cpu_time_grows_with_the_work_it_does():
    """benchmarks.servers.cpu_seconds: the CPU per session of the replicas section reads it before and after a
    burst; it counts this process's own work, and an unknown process reads as None."""
    import os

    from benchmarks.servers import cpu_seconds

    before = cpu_seconds(os.getpid())
    sum(i * i for i in range(3_000_000))
    after = cpu_seconds(os.getpid())
    assert before is not None and after is not None and after > before
    assert cpu_seconds(2**22 + 12345) is None
