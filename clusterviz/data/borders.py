"""County (NO) and region (DK) borders: installed from pinned public sources, served to the map.

``python -m clusterviz geo install`` fetches two public GeoJSON files at pinned commits (or the same files
from a local folder or another http(s) base URL), checks their SHA-256, converts them to small files keyed
by the codes of ``geo.ADMIN1`` and moves the whole set into ``static/geo/`` (git-ignored), which Streamlit's
static serving publishes at ``app/static/geo/``.  A failed install leaves the previous files as they were.

Every output feature is a MultiPolygon with the properties ``country``, ``code`` and ``name``.
``admin1_polygons.json`` repeats the outer rings as rows for a pydeck ``PolygonLayer`` (clicks on a
``GeoJsonLayer`` return no selection in Streamlit).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from clusterviz.data import geo
from clusterviz.data.border_shapes import DECIMALS, MIN_PART_KM2, TOLERANCE_DEG, simplify
from clusterviz.data.border_sources import DK_SOURCE, NO_SOURCE, SOURCES, BorderInstallError, Source, fetch_checked

DEFAULT_DEST = Path(__file__).resolve().parents[2] / "static" / "geo"
STATIC_PREFIX = "app/static/geo/"

ATTRIBUTION = {
    "NO": "Fylkesgrenser © Kartverket (CC BY 4.0)",
    "DK": "Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur, DAGI (CC BY 4.0)",
}
CODE_PROPERTY = {"NO": "fylkesnummer", "DK": "REGIONKODE"}  # the property of each source's features that holds the code

NO_COUNTIES = "no_counties.geojson"
DK_REGIONS = "dk_regions.geojson"
ADMIN1_GEOJSON = "admin1.geojson"
POLYGONS = "admin1_polygons.json"
MANIFEST = "SOURCES.json"
OUTPUTS = (NO_COUNTIES, DK_REGIONS, ADMIN1_GEOJSON, POLYGONS, MANIFEST)  # the manifest goes in last


# --- public API -------------------------------------------------------------------------------------------


def install(source: str | os.PathLike | None = None, dest: Path = DEFAULT_DEST) -> dict:
    """Fetch, verify, convert and install the border files; return the manifest (SOURCES.json).

    source: None (the pinned GitHub URLs), a folder holding the raw files under their base names, or an
    http(s) base URL to which the base names are appended.
    """
    dest = Path(dest)
    origin = None if source is None else os.fspath(source)
    fetched = {src.country: fetch_checked(src, origin) for src in SOURCES}  # (GeoJSON, where from): all checked first
    features = {src.country: _features(src, fetched[src.country][0]) for src in SOURCES}
    files = {
        NO_COUNTIES: _dump_collection(features["NO"]),
        DK_REGIONS: _dump_collection(features["DK"]),
        ADMIN1_GEOJSON: _dump_collection(features["NO"] + features["DK"]),
        POLYGONS: _dump_rows(_polygon_rows(features["NO"] + features["DK"])),
    }
    manifest = _manifest(fetched, files)
    files[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    _write_set(files, dest)
    return manifest


def installed(dest: Path = DEFAULT_DEST) -> bool:
    """True when every output is present, looks like JSON and has the size SOURCES.json recorded."""
    dest = Path(dest)
    try:
        manifest = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
        for name in OUTPUTS[:-1]:
            path = dest / name
            if path.stat().st_size != manifest["outputs"][name]["bytes"]:
                return False
            with open(path, "rb") as fh:
                if fh.read(1) not in (b"{", b"["):
                    return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def static_url(name: str) -> str:
    """URL of an installed file under Streamlit static serving (for the default dest)."""
    return STATIC_PREFIX + name


def load_polygons(dest: Path = DEFAULT_DEST) -> list[dict]:
    """Rows of admin1_polygons.json ({code, name, country, polygon}); re-read when the file changes.

    Raises FileNotFoundError when the borders are not installed.
    """
    path = Path(dest) / POLYGONS
    stat = path.stat()
    return [dict(row) for row in _read_polygons(str(path), stat.st_mtime_ns, stat.st_size)]


def add_cli(subparsers) -> None:
    """Register ``geo install [--from DIR_OR_URL] [--dest DIR]`` on an argparse subparsers object."""
    geo_parser = subparsers.add_parser("geo", help="county/region borders for the map")
    geo_sub = geo_parser.add_subparsers(dest="geo_command", required=True)
    p = geo_sub.add_parser(
        "install",
        help="fetch the pinned public border files, verify their SHA-256 and install them",
        description="Fetch Norway's counties and Denmark's regions at pinned commits, verify their SHA-256, "
        "convert them and install them all at once; on failure nothing changes.",
    )
    p.add_argument(
        "--from",
        dest="source",
        metavar="DIR_OR_URL",
        help=f"a folder or http(s) base URL holding {NO_SOURCE.name} and {DK_SOURCE.name} "
        "(default: the pinned raw.githubusercontent.com URLs)",
    )
    p.add_argument("--dest", type=Path, default=DEFAULT_DEST, help=f"output folder (default: {DEFAULT_DEST})")
    p.set_defaults(func=cmd_install)


def cmd_install(args) -> int:
    """CLI handler: install and print a summary; one error line and exit code 1 on failure."""
    try:
        manifest = install(args.source, args.dest)
    except BorderInstallError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    sizes = {name: (Path(args.dest) / name).stat().st_size for name in OUTPUTS}
    print(
        f"installed {len(sizes)} files ({sum(sizes.values()) / 1e6:.2f} MB) into {args.dest}: "
        f"{manifest['features']['NO']} NO counties, {manifest['features']['DK']} DK regions"
    )
    for name, size in sizes.items():
        print(f"  {name:<22} {size:>9,} bytes")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the geo command on its own: main(["geo", "install", "--from", "../shared/geo/raw"])."""
    parser = argparse.ArgumentParser(prog="python -m clusterviz")
    add_cli(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


# --- conversion --------------------------------------------------------------------------------------------


def _features(src: Source, doc: dict) -> list[dict]:
    """One MultiPolygon feature per county/region, in geo.ADMIN1 order (island polygons grouped)."""
    try:
        return _convert(src, doc)
    except (KeyError, IndexError, TypeError, ValueError, ArithmeticError) as exc:
        raise BorderInstallError(f"{src.name}: unexpected GeoJSON structure ({type(exc).__name__}: {exc})") from None


def _convert(src: Source, doc: dict) -> list[dict]:
    parts: dict[str, list] = {}
    for feature in doc["features"]:
        properties = feature.get("properties") or {}
        raw = str(properties.get(CODE_PROPERTY[src.country], ""))
        code = raw.zfill(2) if src.country == "NO" else raw
        parts.setdefault(code, []).extend(_polygons(src, feature.get("geometry")))
    expected = geo.county_codes(src.country)
    if sorted(parts) != sorted(expected):
        raise BorderInstallError(f"{src.name}: expected {src.country} codes {', '.join(expected)}; got {', '.join(sorted(parts))}")
    features = []
    for code in expected:
        country, name = geo.ADMIN1[code][:2]
        features.append(
            {
                "type": "Feature",
                "properties": {"country": country, "code": code, "name": name},
                "geometry": {"type": "MultiPolygon", "coordinates": simplify(parts[code])},
            }
        )
    return features


def _polygons(src: Source, geometry: dict | None) -> list:
    """The polygons of a Polygon/MultiPolygon as [[ring, ...], ...] with 2-D [lon, lat] points."""
    kind = (geometry or {}).get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        raise BorderInstallError(f"{src.name}: expected Polygon or MultiPolygon geometries, got {kind}")
    assert geometry is not None  # a known kind came from it
    polygons = geometry["coordinates"]
    if kind == "Polygon":
        polygons = [polygons]
    return [[[[float(p[0]), float(p[1])] for p in ring] for ring in polygon] for polygon in polygons]


def _polygon_rows(features: list[dict]) -> list[dict]:
    """One row per outer polygon part, for a pydeck PolygonLayer."""
    return [{**feature["properties"], "polygon": polygon[0]} for feature in features for polygon in feature["geometry"]["coordinates"]]


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _dump_collection(features: list[dict]) -> bytes:
    """A GeoJSON FeatureCollection, compact UTF-8, one feature per line."""
    body = ",\n".join(_compact(f) for f in features)
    return ('{"type":"FeatureCollection","features":[\n' + body + "\n]}\n").encode("utf-8")


def _dump_rows(rows: list[dict]) -> bytes:
    """A JSON list, compact UTF-8, one row per line."""
    return ("[\n" + ",\n".join(_compact(r) for r in rows) + "\n]\n").encode("utf-8")


def _manifest(fetched: dict, files: dict[str, bytes]) -> dict:
    return {
        "installed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": "python -m clusterviz geo install",
        "sources": [
            {
                "country": src.country,
                "file": src.name,
                "repository": src.repository,
                "path": src.path,
                "commit": src.commit,
                "url": src.url,
                "fetched_from": fetched[src.country][1],
                "sha256": src.sha256,
                "bytes": src.size,
                "licence": src.licence,
                "attribution": ATTRIBUTION[src.country],
            }
            for src in SOURCES
        ],
        "attribution": ATTRIBUTION,
        "processing": {"decimals": DECIMALS, "douglas_peucker_tolerance_deg": TOLERANCE_DEG, "min_island_km2": MIN_PART_KM2},
        "features": {country: len(geo.county_codes(country)) for country in geo.COUNTRIES},
        "outputs": {name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in files.items()},
    }


# --- writing -----------------------------------------------------------------------------------------------


def _write_set(files: dict[str, bytes], dest: Path) -> None:
    """Write the files to a temp dir beside dest, fsync, then rename them into dest (rolled back on failure)."""
    try:
        dest.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}-install-", dir=dest.parent))
    except OSError as exc:
        raise BorderInstallError(f"cannot create {dest}: {exc.strerror or exc}") from None
    try:
        for name, data in files.items():
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        _fsync_dir(tmp)
        _swap_in(tmp, dest, list(files))
        _fsync_dir(dest)
    except OSError as exc:
        where = exc.filename or dest
        raise BorderInstallError(f"cannot write {where}: {exc.strerror or exc}; {dest} left as it was") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _swap_in(tmp: Path, dest: Path, names: list[str]) -> None:
    """Rename tmp/NAME over dest/NAME for each name; if one fails, put the previous files back."""
    backup = tmp / ".previous"
    backup.mkdir()
    done = []
    try:
        for name in names:
            if (dest / name).is_file():
                shutil.copy2(dest / name, backup / name)
            os.replace(tmp / name, dest / name)
            done.append(name)
    except OSError:
        for name in done:
            if (backup / name).exists():
                os.replace(backup / name, dest / name)
            else:
                (dest / name).unlink(missing_ok=True)
        raise


def _fsync_dir(path: Path) -> None:
    if not hasattr(os, "O_DIRECTORY"):  # e.g. Windows: directories cannot be fsync'ed
        return
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@functools.lru_cache(maxsize=4)
def _read_polygons(path: str, mtime_ns: int, size: int) -> tuple[dict, ...]:
    with open(path, encoding="utf-8") as fh:
        return tuple(json.load(fh))


if __name__ == "__main__":
    sys.exit(main())
