"""The commands on snapshots: facts, profile, validate, migrate, demo, schema."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from clusterviz.data import store
from clusterviz.data.snapshot import Snapshot


def add_cli(subparsers) -> None:
    """Register facts, profile, validate, migrate, demo and schema on the sub-command parser."""
    p = subparsers.add_parser("facts", help="print the headline figures of a snapshot")
    p.add_argument("--snapshot", help="snapshot date YYYY-MM-DD (default: the newest valid one)")
    p.add_argument("--data", help="snapshot root (default: $CLUSTERVIZ_DATA or data/snapshots)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_facts)

    p = subparsers.add_parser("profile", help="print one cluster's profile (public; scores with --adviser)")
    p.add_argument("cluster_id", help="the cluster's id, e.g. NO-058")
    p.add_argument("--snapshot", help="snapshot date YYYY-MM-DD (default: the newest valid one)")
    p.add_argument("--data", help="snapshot root (default: $CLUSTERVIZ_DATA or data/snapshots)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--adviser", action="store_true", help="add the confidential parts: scores, distance to Gold, path to Silver, improvement plan"
    )
    p.set_defaults(func=cmd_profile)

    p = subparsers.add_parser("validate", help="check snapshot folders; exit 1 with a report when any is invalid")
    p.add_argument("paths", nargs="+", help="snapshot folders (local path, file:// or s3:// URI)")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too (ESCA rules the data breaks)")
    p.set_defaults(func=cmd_validate)

    p = subparsers.add_parser("migrate", help="rewrite a schema-1 snapshot as schema 2, atomically, values unchanged")
    p.add_argument("folder", help="the snapshot folder (YYYY-MM-DD), or its name under --data")
    p.add_argument("--data", help="snapshot root the folder is in (default: FOLDER is a path)")
    p.set_defaults(func=cmd_migrate)

    p = subparsers.add_parser("demo", help="write the deterministic demo snapshots")
    p.add_argument(
        "--out",
        default=str(Path(__file__).resolve().parents[2] / "data"),
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

    p = subparsers.add_parser("schema", help="print the snapshot schema as Markdown (the README's table)")
    p.set_defaults(func=cmd_schema)


def snapshot_for(args) -> tuple[Snapshot | None, str | None]:
    """The snapshot of --snapshot (default: the newest valid one) under --data, or why there is none."""
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
    from clusterviz.figures.overview import facts

    snapshot, error = snapshot_for(args)
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
    from clusterviz.figures import cluster_json

    snapshot, error = snapshot_for(args)
    if error or snapshot is None:
        print(f"error: {error}", file=sys.stderr)
        return 1
    data = cluster_json.profile(snapshot, args.cluster_id, adviser=args.adviser)
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
    """The profile (cluster_json.profile's data) as readable lines; scores only when the data holds them."""
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
