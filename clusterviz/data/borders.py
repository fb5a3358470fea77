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
import http.client
import json
import math
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from clusterviz.data import geo

DEFAULT_DEST = Path(__file__).resolve().parents[2] / "static" / "geo"
STATIC_PREFIX = "app/static/geo/"

ATTRIBUTION = {
    "NO": "Fylkesgrenser © Kartverket (CC BY 4.0)",
    "DK": "Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur, DAGI (CC BY 4.0)",
}


@dataclass(frozen=True)
class Source:
    """One public raw file, pinned by commit and SHA-256."""

    country: str
    repository: str
    commit: str
    path: str
    sha256: str
    size: int
    licence: str

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def url(self) -> str:
        return f"https://raw.githubusercontent.com/{self.repository}/{self.commit}/{self.path}"


NO_SOURCE = Source(
    country="NO",
    repository="robhop/fylker-og-kommuner",
    commit="ae8782500090144c2b74d6bb2a89365a7ff2236d",
    path="Fylker-S.geojson",
    sha256="3f5c0219f5813e064eb937d11477f27b91107dc2969ac724ce0728522f7f3af5",
    size=640161,
    licence="CC BY 4.0, © Kartverket (derived data)",
)
DK_SOURCE = Source(
    country="DK",
    repository="ok-dk/dagi",
    commit="aa7d2c48233ba5ec5edb7ab69c6847733ec1da42",
    path="geojson/regioner.geojson",
    sha256="922fe86aaf9e53e578317ab6bb25cb92a49d22c1abb922d747491356e1be0c0f",
    size=1837773,
    licence="CC BY 4.0, DAGI 1:500 000 (2014), Styrelsen for Dataforsyning og Infrastruktur",
)
SOURCES = (NO_SOURCE, DK_SOURCE)
CODE_PROPERTY = {"NO": "fylkesnummer", "DK": "REGIONKODE"}

NO_COUNTIES = "no_counties.geojson"
DK_REGIONS = "dk_regions.geojson"
ADMIN1_GEOJSON = "admin1.geojson"
POLYGONS = "admin1_polygons.json"
MANIFEST = "SOURCES.json"
OUTPUTS = (NO_COUNTIES, DK_REGIONS, ADMIN1_GEOJSON, POLYGONS, MANIFEST)  # the manifest goes in last

DECIMALS = 4  # ~10 m
TOLERANCE_DEG = 0.001  # Douglas-Peucker tolerance (60-110 m), far below what the map's zoom levels show
MIN_PART_KM2 = 0.5  # islands smaller than this are dropped (never the largest part of a county)
TIMEOUT_S = 30
MAX_BYTES = 50 * 1024 * 1024


class BorderInstallError(Exception):
    """An install failed; the message is one readable line and nothing in dest changed."""


# --- public API -------------------------------------------------------------------------------------------


def install(source: str | os.PathLike | None = None, dest: Path = DEFAULT_DEST) -> dict:
    """Fetch, verify, convert and install the border files; return the manifest (SOURCES.json).

    source: None (the pinned GitHub URLs), a folder holding the raw files under their base names, or an
    http(s) base URL to which the base names are appended.
    """
    dest = Path(dest)
    origin = None if source is None else os.fspath(source)
    fetched = {}
    for src in SOURCES:
        data, where = _fetch(src, origin)
        _verify(src, data, where)
        fetched[src.country] = (_parse(src, data), where)

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


def contains(geometry: dict, lon: float, lat: float) -> bool:
    """Whether a GeoJSON Polygon/MultiPolygon holds the point (even-odd rule, holes excluded)."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return any(_in_ring(polygon[0], lon, lat) and not any(_in_ring(hole, lon, lat) for hole in polygon[1:]) for polygon in polygons)


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


# --- fetching and checking ---------------------------------------------------------------------------------


def _fetch(src: Source, origin: str | None) -> tuple[bytes, str]:
    """The raw bytes of one source file and where they came from."""
    if origin is None:
        return _download(src.url, src.name), src.url
    if origin.startswith(("http://", "https://")):
        url = origin.rstrip("/") + "/" + src.name
        return _download(url, src.name), url
    if origin.startswith("file://"):
        folder = Path(urllib.request.url2pathname(urllib.parse.urlparse(origin).path))
    elif "://" in origin:
        raise BorderInstallError(f"unsupported source {origin!r}: give a folder or an http(s) URL")
    else:
        folder = Path(origin)
    folder = folder.resolve()
    if not folder.is_dir():
        raise BorderInstallError(f"source folder not found: {folder} (expected {NO_SOURCE.name} and {DK_SOURCE.name} in it)")
    path = folder / src.name
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BorderInstallError(f"{src.name}: {path} is larger than {MAX_BYTES >> 20} MB")
        return path.read_bytes(), str(path)
    except FileNotFoundError:
        raise BorderInstallError(f"{src.name}: not found in {folder}") from None
    except OSError as exc:
        raise BorderInstallError(f"{src.name}: cannot read {path}: {exc.strerror or exc}") from None


def _download(url: str, name: str) -> bytes:
    """GET url with a timeout and a size cap; refuse a transfer shorter than its Content-Length."""
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "clusterviz-geo-install"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            length = response.headers.get("Content-Length")
            expected = int(length) if length and length.isdigit() else None
            if expected is not None and expected > MAX_BYTES:
                raise BorderInstallError(f"{name}: {url} announces {expected} bytes, more than {MAX_BYTES >> 20} MB")
            chunks, received = [], 0
            while chunk := response.read(1 << 16):
                received += len(chunk)
                if received > MAX_BYTES:
                    raise BorderInstallError(f"{name}: {url} sent more than {MAX_BYTES >> 20} MB")
                chunks.append(chunk)
    except urllib.error.HTTPError as exc:
        raise BorderInstallError(f"{name}: HTTP {exc.code} {exc.reason} from {url}") from None
    except urllib.error.URLError as exc:
        raise BorderInstallError(f"{name}: cannot reach {url}: {exc.reason}") from None
    except http.client.IncompleteRead as exc:
        raise BorderInstallError(
            f"{name}: transfer cut off from {url}: expected {len(exc.partial) + (exc.expected or 0)} bytes, got {len(exc.partial)}"
        ) from None
    except (http.client.HTTPException, OSError) as exc:
        raise BorderInstallError(f"{name}: transfer from {url} failed: {exc or type(exc).__name__}") from None
    except ValueError as exc:
        raise BorderInstallError(f"{name}: invalid URL {url!r}: {exc}") from None
    if expected is not None and received != expected:
        raise BorderInstallError(f"{name}: transfer cut off from {url}: expected {expected} bytes (Content-Length), got {received}")
    return b"".join(chunks)


def _verify(src: Source, data: bytes, where: str) -> None:
    digest = hashlib.sha256(data).hexdigest()
    if digest != src.sha256:
        raise BorderInstallError(
            f"{src.name}: SHA-256 mismatch for {where}: expected {src.sha256} ({src.size} bytes), got {digest} ({len(data)} bytes)"
        )


def _parse(src: Source, data: bytes) -> dict:
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BorderInstallError(f"{src.name}: not valid JSON: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
        raise BorderInstallError(f"{src.name}: expected a GeoJSON FeatureCollection, got {type(doc).__name__}")
    return doc


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
                "geometry": {"type": "MultiPolygon", "coordinates": _simplify(parts[code])},
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


def _simplify(polygons: list) -> list:
    """Round, simplify and orient the polygons of one county; drop islands below MIN_PART_KM2."""
    largest = max(polygons, key=lambda polygon: abs(_area_km2(polygon[0])))
    result = []
    for polygon in polygons:
        if polygon is not largest and abs(_area_km2(polygon[0])) < MIN_PART_KM2:
            continue
        outer, *holes = [_simplify_ring(ring) for ring in polygon]
        if outer is None:
            continue
        kept = [h for h in holes if h is not None and abs(_area_km2(h)) >= MIN_PART_KM2]
        result.append([_oriented(outer, ccw=True)] + [_oriented(h, ccw=False) for h in kept])
    return result


def _simplify_ring(ring: list) -> list | None:
    """Rounded, without repeated points, Douglas-Peucker simplified; None when fewer than 3 corners remain."""
    points: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not points or point != points[-1]:
            points.append(point)
    if points[0] != points[-1]:
        points.append(points[0])
    points = _douglas_peucker(points, TOLERANCE_DEG)
    return points if len(points) >= 4 else None


def _douglas_peucker(points: list, tolerance: float) -> list:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else math.hypot(x - x1, y - y1)
            if d > farthest:
                farthest, index = d, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def _area_km2(ring: list) -> float:
    """Signed area (positive = counter-clockwise), equirectangular at the ring's mean latitude."""
    kx = 111.32 * math.cos(math.radians(sum(p[1] for p in ring) / len(ring)))
    twice = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))
    return twice / 2 * kx * 110.57


def _oriented(ring: list, ccw: bool) -> list:
    """RFC 7946 winding: outer rings counter-clockwise, holes clockwise."""
    return ring if (_area_km2(ring) > 0) == ccw else ring[::-1]


def _in_ring(ring: list, lon: float, lat: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


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
