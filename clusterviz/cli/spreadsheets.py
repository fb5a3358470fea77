"""The commands for spreadsheets: template (the documented Excel template) and ingest (a spreadsheet -> snapshots)."""

from __future__ import annotations

import datetime as dt
import sys

from clusterviz.cli.snapshots import snapshot_for
from clusterviz.data import ingest, store, words
from clusterviz.data.snapshot import TABLES


def add_cli(subparsers) -> None:
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
        snapshot, error = snapshot_for(args)
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
