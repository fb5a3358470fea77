"""Command line: python -m clusterviz {facts, validate, demo, geo, ...}.

Every sub-command returns an exit code and prints readable messages; no traceback reaches the user
(unexpected errors are reported in one line, with the details only under --debug).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from clusterviz import __version__
from clusterviz.app import access
from clusterviz.data import borders, ingest, store, words
from clusterviz.data.snapshot import TABLES, Snapshot


def _snapshot_for(args) -> tuple[Snapshot | None, str | None]:
    root = args.data or store.default_root()
    catalog = store.scan(root)
    if not catalog.valid:
        return None, f"no valid snapshot under {root}" + (
            "; refused: " + "; ".join(f"{r.name}: {r.problems[0]}" for r in catalog.refused) if catalog.refused else ""
        )
    if args.snapshot:
        try:
            day = dt.date.fromisoformat(args.snapshot)
        except ValueError:
            return None, f"--snapshot {args.snapshot!r} is not a date (YYYY-MM-DD)"
        entry = catalog.get(day)
        if entry is None:
            refused = [r for r in catalog.refused if r.name == day.isoformat()]
            if refused:
                return None, f"snapshot {day} was refused: {refused[0].problems[0]}"
            return None, f"no snapshot dated {day}; available: {', '.join(e.name for e in catalog.valid)}"
    else:
        entry = catalog.valid[-1]
    return store.load(entry.location), None


def cmd_facts(args) -> int:
    from clusterviz.figures.metrics import facts

    snapshot, error = _snapshot_for(args)
    if error or snapshot is None:
        print(f"error: {error}", file=sys.stderr)
        return 1
    figures = facts(snapshot)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        if key == "training_events":
            print(f"{key:<{width}}")
            for e in value:
                print(
                    f"  {e['start_date']}  {e['place']:<10} {e['name']} — clusters {e['clusters']}, "
                    f"participants {e['participants']} ({e['status']})"
                )
        else:
            print(f"{key:<{width}}  {'null (not known)' if value is None else value}")
    return 0


def cmd_profile(args) -> int:
    from clusterviz.figures import cluster as profile

    snapshot, error = _snapshot_for(args)
    if error or snapshot is None:
        print(f"error: {error}", file=sys.stderr)
        return 1
    data = profile.profile(snapshot, args.cluster_id, adviser=args.adviser)
    if data is None:
        close = profile.search_clusters(snapshot.clusters, args.cluster_id, limit=5)
        hint = f"; did you mean {', '.join(f'{r.cluster_id} ({r.name})' for r in close.itertuples())}?" if len(close) else ""
        print(f"error: no cluster {args.cluster_id!r} in the snapshot of {snapshot.as_of}{hint}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for line in profile_lines(data):
        print(line)
    return 0


def _or_unknown(value) -> str:
    return "unknown" if value is None else str(value)


def profile_lines(data: dict) -> list[str]:
    """The profile (profile.profile's data) as readable lines; scores only when the data holds them."""
    c, e = data["cluster"], data["expiry"]
    lines = [
        f"{c['name']} ({c['cluster_id']}) — snapshot {data['snapshot']}{' (demo data)' if data['demo'] else ''}",
        f"  country {c['country']}, county {_or_unknown(c['county'])}, town {_or_unknown(c['home_town'])}, "
        f"programme {_or_unknown(c['programme_level'])}, sector {_or_unknown(c['sector'])}, "
        f"founded {_or_unknown(c['founded_year'])}",
        f"  status {e['status']}"
        + (f", valid until {e['valid_until']} ({e['days_left']} days), renewal counts until {e['renew_by']}" if e["valid_until"] else ""),
        "label path:",
    ]
    lines += [
        f"  {p['label_level']:<7} {p['start']} .. {p['valid_until']} (grace to {p['grace_until']}): {p['state']}"
        for p in data["label_path"]
    ] or ["  no label"]
    lines.append("collaborations: " + (", ".join(f"{x['name']} ({x['start_date']})" for x in data["collaborations"]) or "none"))
    lines += [f"  event {x['start_date']} {x['name']} ({x['place']})" for x in data["events"]]
    lines.append("label peers (clusters: gold/silver/bronze, position):")
    lines += [
        f"  {p['kind']:<9} {p['key']:<12} {p['clusters']:>3}: {p['gold']}/{p['silver']}/{p['bronze']}, #{p['position']}"
        for p in data["label_peers"]
    ]
    lines += [f"  {kind}: not formed (unknown)" for kind in data["label_peers_not_formed"]]
    if data["mode"] != "adviser":
        return lines
    lines.append("scores (adviser):")
    lines += [f"  {s['assessment_date']} {s['assessment_type']:<12} index {_or_unknown(s['quality_index'])}" for s in data["scores"]] or [
        "  none"
    ]
    d, s, plan = data["distance_to_gold"], data["silver_path"], data["plan"]
    if d["status"] != "ok":
        lines.append("distance to Gold: an assessment with scores is needed")
        return lines
    lines.append(
        f"distance to Gold: {_or_unknown(d['points_to_gold'])} points to 80 (index "
        f"{_or_unknown(d['quality_index'])} on {d['assessment_date']})"
    )
    lines.append(
        f"path to Silver: {s['status']}, {s['improved']} of 3 areas improved, {s['missing']} missing, "
        f"next window {s['next_window'][0]} .. {s['next_window'][1]}"
        if s["next_window"]
        else f"path to Silver: {s['status']}"
    )
    lines.append("plan (gap to target):")
    lines += [
        f"  {a['rank'] or '-'}. {a['area']:<13} {_or_unknown(a['score'])} -> {a['target']} "
        f"({a['target_kind']}), gap {_or_unknown(a['gap'])}"
        for a in plan["areas"]
    ]
    return lines


def cmd_validate(args) -> int:
    """Errors (the snapshot is refused) and warnings (ESCA rules the data breaks; it is served) printed apart.
    Exit 0 when every snapshot is valid, also with warnings; 1 on any error, and with --strict on any warning."""
    from clusterviz.data.snapshot import SCHEMA_VERSION
    from clusterviz.data.validate import errors, read_snapshot

    status = 0
    for path in args.paths:
        snapshot, problems = read_snapshot(path)
        found = errors(problems)
        warned = [p for p in problems if p.severity == "warning"]
        if snapshot is not None and not found:
            old = snapshot.manifest.schema_version != SCHEMA_VERSION
            print(
                f"{path}: valid ({snapshot.as_of}, {len(snapshot.clusters)} clusters, "
                f"{len(snapshot.assessments)} assessments{', demo data' if snapshot.demo else ''}"
                + (
                    f", schema {snapshot.manifest.schema_version}: `python -m clusterviz migrate` rewrites it as schema {SCHEMA_VERSION}"
                    if old
                    else ""
                )
                + ")"
                + (f"; {_count(len(warned), 'warning')}" + (" (--strict: refused)" if args.strict else "") if warned else "")
            )
        else:
            status = 1
            print(
                f"{path}: INVALID — {_count(len(found), 'error')}"
                + (f" and {_count(len(warned), 'warning')}" if warned else "")
                + "; the app will not serve this snapshot"
            )
            for p in found:
                print(f"  error: {p}")
        if warned:
            print(f"  {_count(len(warned), 'warning')}:")
            for p in warned:
                print(f"  warning: {p}")
            if args.strict:
                status = 1
    return status


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def cmd_migrate(args) -> int:
    """Rewrite a schema-1 snapshot as the current schema, atomically; an invalid one is refused unchanged."""
    from clusterviz.data.snapshot import SCHEMA_VERSION, join
    from clusterviz.data.validate import errors, read_snapshot

    location = join(args.data, args.folder) if args.data else args.folder
    try:
        _, version = store.migrate(location)
    except store.MigrationRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        for p in exc.problems[:10]:
            print(f"  {p.severity}: {p}", file=sys.stderr)
        return 1
    if version == SCHEMA_VERSION:
        print(f"{location}: already schema {SCHEMA_VERSION}; nothing changed")
        return 0
    snapshot, problems = read_snapshot(location)
    if snapshot is None or errors(problems) or snapshot.manifest.schema_version != SCHEMA_VERSION:
        print(
            f"error: {location} was rewritten but does not read back as schema {SCHEMA_VERSION}: "
            + "; ".join(str(p) for p in errors(problems)[:3]),
            file=sys.stderr,
        )
        return 1
    print(
        f"{location}: migrated from schema {version} to schema {SCHEMA_VERSION} "
        f"({len(snapshot.clusters)} clusters, {len(snapshot.assessments)} assessments; values unchanged)"
    )
    return 0


def cmd_demo(args) -> int:
    from clusterviz.data import demo

    out = args.out
    if args.scale == "europe":
        path = demo.write_europe(out, n_clusters=args.clusters)
        print(f"wrote {path}")
        return 0
    for path in demo.write_demo(out):
        print(f"wrote {path}")
    return 0


def cmd_schema(args) -> int:
    from clusterviz.app.about import schema_markdown

    print(schema_markdown())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m clusterviz", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")
    parser.add_argument("--version", action="version", version=f"clusterviz {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("facts", help="print the headline figures of a snapshot")
    p.add_argument("--snapshot", help="snapshot date YYYY-MM-DD (default: the newest valid one)")
    p.add_argument("--data", help="snapshot root (default: $CLUSTERVIZ_DATA or data/snapshots)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_facts)

    p = sub.add_parser("profile", help="print one cluster's profile (public; scores with --adviser)")
    p.add_argument("cluster_id", help="the cluster's id, e.g. NO-058")
    p.add_argument("--snapshot", help="snapshot date YYYY-MM-DD (default: the newest valid one)")
    p.add_argument("--data", help="snapshot root (default: $CLUSTERVIZ_DATA or data/snapshots)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--adviser", action="store_true", help="add the confidential parts: scores, distance to Gold, path to Silver, improvement plan"
    )
    p.set_defaults(func=cmd_profile)

    p = sub.add_parser("validate", help="check snapshot folders; exit 1 with a report when any is invalid")
    p.add_argument("paths", nargs="+", help="snapshot folders (local path, file:// or s3:// URI)")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too (ESCA rules the data breaks)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("migrate", help="rewrite a schema-1 snapshot as schema 2, atomically, values unchanged")
    p.add_argument("folder", help="the snapshot folder (YYYY-MM-DD), or its name under --data")
    p.add_argument("--data", help="snapshot root the folder is in (default: FOLDER is a path)")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("demo", help="write the deterministic demo snapshots")
    p.add_argument(
        "--out",
        default=str(Path(__file__).resolve().parents[1] / "data"),
        help="output folder; snapshots go to OUT/snapshots/ (default: the bundled data/)",
    )
    p.add_argument(
        "--scale",
        choices=("seed", "europe"),
        default="seed",
        help="seed: the calibrated NO/DK demo; europe: a large synthetic snapshot for benchmarks",
    )
    p.add_argument("--clusters", type=int, default=2000, help="clusters at --scale europe")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("schema", help="print the snapshot schema as Markdown (the README's table)")
    p.set_defaults(func=cmd_schema)

    add_ingest_commands(sub)
    for module in (borders, access):  # modules that add their own sub-commands
        module.add_cli(sub)
    return parser


# --------------------------------------------------------------------------- template and ingest (spreadsheets)


def add_ingest_commands(subparsers) -> None:
    """Register ``template`` and ``ingest`` (clusterviz.data.ingest) on the sub-command parser."""
    p = subparsers.add_parser(
        "template",
        help="write the documented Excel template for ingest",
        description="Write an .xlsx template: a README sheet describing every column and "
        "one sheet per table with drop-downs for the fixed values.",
    )
    p.add_argument("--out", default=ingest.DEFAULT_TEMPLATE, help=f"output file (default: {ingest.DEFAULT_TEMPLATE})")
    p.add_argument("--example", action="store_true", help="fill it with a bundled demo snapshot (the newest valid one, or --snapshot)")
    p.add_argument("--snapshot", help="snapshot date for --example (default: the newest valid one under --data)")
    p.add_argument("--data", help="snapshot root for --example (default: $CLUSTERVIZ_DATA or data/snapshots)")
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    p.set_defaults(func=cmd_template)

    p = subparsers.add_parser(
        "ingest",
        help="turn a filled template (.xlsx) or CSV files into a new snapshot",
        description="Convert and check a spreadsheet; write it as a new snapshot only when "
        "every cell passes. Problems are listed with sheet, row and column.",
    )
    p.add_argument(
        "file",
        metavar="FILE.xlsx|FILE.csv|FOLDER",
        help="a workbook in the template layout, one CSV of a set (<prefix><table>.csv), or their folder",
    )
    p.add_argument(
        "--as-of",
        help="the snapshot date: 2017-03-01, 01.03.2017, or a month/year (2017-03, Sept 2016, "
        "2017: its last day). With --series: several, comma-separated (default: yearly)",
    )
    p.add_argument(
        "--series",
        action="store_true",
        help="the workbook holds the whole history: write the snapshot of each --as-of date (default: "
        "1 March of each year from the first assessment to the latest, and the latest date), "
        "dropping what happened after each date",
    )
    p.add_argument("--replace", action="store_true", help="replace a snapshot that exists for a date (atomically)")
    p.add_argument("--data", help="snapshot root (default: $CLUSTERVIZ_DATA or data/snapshots)")
    p.add_argument("--source", help="where the data comes from, for the manifest (default: the file name)")
    p.add_argument("--demo", action="store_true", help="mark the snapshot as demo data (the app shows a badge)")
    p.add_argument(
        "--window",
        metavar="START..END",
        help="the comparison window the figures use, e.g. 2014-02-01..2016-08-31 (default: none stated; "
        "the figures then use the 36 months up to the as-of date)",
    )
    p.add_argument("--collection", help="the data collection the snapshot belongs to, for the manifest (e.g. public)")
    p.add_argument("--check", action="store_true", help="check only: report problems, write nothing")
    p.add_argument("--progress", action="store_true", help="show the progress bar even when stderr is not a terminal")
    p.set_defaults(func=cmd_ingest)


def cmd_template(args) -> int:
    snapshot = None
    if args.example:
        snapshot, error = _snapshot_for(args)
        if error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    try:
        path = ingest.write_template(args.out, snapshot, overwrite=args.force)
    except (ingest.IngestError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    filled = f", filled with the {snapshot.as_of} snapshot" if snapshot is not None else ""
    print(f"wrote {path}{filled}: sheets {ingest.README_SHEET}, {', '.join(TABLES)}")
    return 0


def _as_of_list(text: str | None) -> list[dt.date]:
    if not text:
        return []
    parts = [p.strip() for p in text.split(",")] if not words.MONTH_COMMA.search(text) else [text.strip()]
    return [words.as_of_date(p) for p in parts if p]


def cmd_ingest(args) -> int:
    from clusterviz.data import store

    try:
        dates = _as_of_list(args.as_of)
    except ValueError:
        print(
            f"error: --as-of {args.as_of!r} is not a date (write {words.DATE_FORMS}; a month or a year means its last day)", file=sys.stderr
        )
        return 1
    if not args.series and len(dates) != 1:
        print(
            "error: give one --as-of date (or --series for several)"
            if dates
            else "error: --as-of is required (or --series, to build a snapshot per year)",
            file=sys.stderr,
        )
        return 1
    try:
        window = _window(args.window)
    except ValueError as exc:
        print(f"error: --window {args.window!r}: {exc}", file=sys.stderr)
        return 1
    root = args.data or store.default_root()
    progress = ingest.Progress(True if args.progress else None)
    meta = {"comparison_window": window, "collection": args.collection}
    try:
        if args.series:
            series = ingest.ingest_series(
                args.file,
                root,
                dates or None,
                source=args.source,
                demo=args.demo,
                check_only=args.check,
                replace=args.replace,
                progress=progress,
                **meta,
            )
        else:
            result = ingest.ingest(
                args.file,
                dates[0],
                root,
                source=args.source,
                demo=args.demo,
                check_only=args.check,
                progress=progress,
                replace=args.replace,
                **meta,
            )
    except ingest.IngestError as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror or exc}; nothing was written", file=sys.stderr)
        return 1
    if args.series:
        return _report_series(args, series)
    _print_problems(result.notes, result.problems)
    if not result.ok:
        n = len(result.errors)
        print(f"{args.file}: {n} problem{'s' if n != 1 else ''}; nothing was written")
        return 1
    counts = _counts(result.rows)
    if args.check:
        print(f"{args.file}: valid as a snapshot dated {dates[0]} ({counts}); --check: nothing was written")
    else:
        print(f"wrote snapshot {dates[0]} to {result.location} ({counts})")
    return 0


def _window(text: str | None) -> tuple[dt.date, dt.date] | None:
    """``START..END`` (ISO days) -> the comparison window; None when not given."""
    if not text:
        return None
    start, sep, end = text.partition("..")
    if not sep:
        raise ValueError("write it as START..END, e.g. 2014-02-01..2016-08-31")
    try:
        window = dt.date.fromisoformat(start.strip()), dt.date.fromisoformat(end.strip())
    except ValueError:
        raise ValueError("both ends must be dates written YYYY-MM-DD") from None
    if window[0] > window[1]:
        raise ValueError("the start is after the end")
    return window


def _counts(rows: dict[str, int]) -> str:
    return ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in rows.items())


def _print_problems(notes: list[str], problems: list[ingest.IngestProblem], indent: str = "  ") -> None:
    for note in notes:
        print(f"note: {note}")
    for severity in ("note", "warning", "error"):  # what was derived, then what to check, then what to fix
        for p in problems:
            if p.severity == severity:
                print(f"{indent}{p.severity}: {p}")


def _report_series(args, series: ingest.SeriesResult) -> int:
    _print_problems(series.notes, series.problems)
    for as_of, result in series.snapshots:
        print(f"{as_of}: {_counts(result.rows)}")
        _print_problems([], result.problems, indent="    ")
    if not series.ok:
        n = len(series.errors)
        print(f"{args.file}: {n} problem{'s' if n != 1 else ''}; nothing was written")
        return 1
    if args.check:
        print(f"{args.file}: valid as {len(series.snapshots)} snapshots; --check: nothing was written")
    else:
        for as_of, result in series.snapshots:
            print(f"wrote snapshot {as_of} to {result.location}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted; nothing was left half-written", file=sys.stderr)
        return 130
    except Exception as exc:  # a last line of defence: one readable line, never a traceback
        if args.debug:
            raise
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
