"""Border install: pinned checksums, conversion to the codes of geo.ADMIN1, all-or-nothing writes."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from clusterviz.data import border_shapes, borders, geo  # noqa: E402

RAW = Path(__file__).resolve().parents[2].parent / "shared" / "geo" / "raw"
NO_NAME, DK_NAME = borders.NO_SOURCE.name, borders.DK_SOURCE.name

pytestmark = pytest.mark.skipif(not RAW.is_dir(), reason=f"reference border files not found in {RAW}")


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder with its bytes, to prove a failed install changed nothing."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def installed_dir(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("geo") / "static" / "geo"
    borders.install(RAW, dest)
    return dest


@pytest.fixture
def previous(installed_dir, tmp_path) -> Path:
    """A dest holding an earlier install, plus a foreign file that must survive."""
    dest = tmp_path / "static" / "geo"
    shutil.copytree(installed_dir, dest)
    (dest / "README.txt").write_text("not ours")
    return dest


class RawHandler(http.server.BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}
    cut_off: set[str] = set()

    def do_GET(self):
        body = self.files.get(self.path.rsplit("/", 1)[-1])
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        if self.path.endswith(tuple(self.cut_off)):  # announce the full size, send half, hang up
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """serve(files, cut_off=()) -> base URL of a loopback HTTP server for those files."""
    servers = []

    def start(files: dict[str, bytes], cut_off=()) -> str:
        handler = type("Handler", (RawHandler,), {"files": files, "cut_off": set(cut_off)})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/raw/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def raw_files() -> dict[str, bytes]:
    return {NO_NAME: (RAW / NO_NAME).read_bytes(), DK_NAME: (RAW / DK_NAME).read_bytes()}


# --- conversion --------------------------------------------------------------------------------------------


def test_install_writes_the_whole_set(installed_dir):
    assert borders.installed(installed_dir)
    assert sorted(p.name for p in installed_dir.iterdir()) == sorted(borders.OUTPUTS)
    assert not [p for p in installed_dir.parent.iterdir() if p.name != "geo"], "temp dir left behind"
    total = sum((installed_dir / name).stat().st_size for name in borders.OUTPUTS)
    assert total < 1_500_000


def test_counties_and_regions_carry_codes_and_names(installed_dir):
    no = read_json(installed_dir / borders.NO_COUNTIES)["features"]
    dk = read_json(installed_dir / borders.DK_REGIONS)["features"]
    both = read_json(installed_dir / borders.ADMIN1_GEOJSON)["features"]
    assert [f["properties"]["code"] for f in no] == geo.county_codes("NO")
    assert [f["properties"]["code"] for f in dk] == ["1081", "1082", "1083", "1084", "1085"]
    assert len(no) == 15 and len(dk) == 5 and both == no + dk
    for feature in both:
        code = feature["properties"]["code"]
        assert feature["properties"] == {"country": geo.ADMIN1[code][0], "code": code, "name": geo.ADMIN1[code][1]}
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(round(x, 4) == x and round(y, 4) == y for x, y in ring)
    # Denmark's 222 island polygons are grouped: several parts per region
    assert all(len(f["geometry"]["coordinates"]) > 1 for f in dk)


def test_label_points_lie_in_their_own_county_only(installed_dir):
    features = read_json(installed_dir / borders.ADMIN1_GEOJSON)["features"]
    for code, (_, name, _, lat, lon) in geo.ADMIN1.items():
        hits = [f["properties"]["code"] for f in features if border_shapes.contains(f["geometry"], lon, lat)]
        assert hits == [code], f"label point of {name} lies in {hits}"
    for code, (_, name, county, lat, lon) in geo.MUNICIPALITIES.items():
        hits = [f["properties"]["code"] for f in features if border_shapes.contains(f["geometry"], lon, lat)]
        assert hits == [county], f"municipality {code} {name} lies in {hits}"


def test_polygon_rows_one_per_outer_part(installed_dir):
    features = read_json(installed_dir / borders.ADMIN1_GEOJSON)["features"]
    rows = borders.load_polygons(installed_dir)
    assert rows == read_json(installed_dir / borders.POLYGONS)
    assert len(rows) == sum(len(f["geometry"]["coordinates"]) for f in features)
    assert {r["code"] for r in rows} == set(geo.ADMIN1)
    assert all(set(r) == {"code", "name", "country", "polygon"} for r in rows)
    assert all(r["name"] == geo.ADMIN1[r["code"]][1] for r in rows)
    assert all(len(point) == 2 for r in rows for point in r["polygon"])


def test_load_polygons_is_cached_until_the_file_changes(previous):
    path = previous / borders.POLYGONS
    first = borders.load_polygons(previous)
    hits = borders._read_polygons.cache_info().hits
    assert borders.load_polygons(previous) == first
    assert borders._read_polygons.cache_info().hits == hits + 1
    path.write_text(json.dumps(first[:1]), encoding="utf-8")
    assert len(borders.load_polygons(previous)) == 1


def test_sources_json_records_pins_and_attribution(installed_dir):
    manifest = read_json(installed_dir / borders.MANIFEST)
    assert [s["commit"] for s in manifest["sources"]] == [borders.NO_SOURCE.commit, borders.DK_SOURCE.commit]
    assert [s["sha256"] for s in manifest["sources"]] == [
        "3f5c0219f5813e064eb937d11477f27b91107dc2969ac724ce0728522f7f3af5",
        "922fe86aaf9e53e578317ab6bb25cb92a49d22c1abb922d747491356e1be0c0f",
    ]
    assert manifest["sources"][0]["url"] == (
        "https://raw.githubusercontent.com/robhop/fylker-og-kommuner/ae8782500090144c2b74d6bb2a89365a7ff2236d/Fylker-S.geojson"
    )
    assert manifest["sources"][1]["url"].endswith("/aa7d2c48233ba5ec5edb7ab69c6847733ec1da42/geojson/regioner.geojson")
    assert manifest["attribution"] == borders.ATTRIBUTION
    assert manifest["installed_at"]
    assert set(manifest["outputs"]) == set(borders.OUTPUTS) - {borders.MANIFEST}


def test_static_url():
    assert borders.static_url(borders.ADMIN1_GEOJSON) == "app/static/geo/admin1.geojson"
    assert borders.DEFAULT_DEST == ROOT / "static" / "geo"


def test_contains_respects_holes():
    square = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]
    geometry = {"type": "Polygon", "coordinates": [square, hole]}
    assert border_shapes.contains(geometry, 0.5, 0.5)
    assert not border_shapes.contains(geometry, 2, 2)
    assert not border_shapes.contains({"type": "MultiPolygon", "coordinates": [[square]]}, 5, 2)


# --- sources and failures ----------------------------------------------------------------------------------


def test_install_over_http_matches_folder_install(serve, installed_dir, tmp_path):
    base = serve(raw_files())
    manifest = borders.install(base, tmp_path / "geo")
    assert manifest["sources"][0]["fetched_from"] == base + NO_NAME
    for name in borders.OUTPUTS[:-1]:
        assert (tmp_path / "geo" / name).read_bytes() == (installed_dir / name).read_bytes()


def test_changed_byte_is_refused_and_nothing_changes(serve, previous):
    files = raw_files()
    corrupt = bytearray(files[NO_NAME])
    corrupt[1000] ^= 0x01
    files[NO_NAME] = bytes(corrupt)
    before = snapshot(previous.parent)
    with pytest.raises(borders.BorderInstallError) as err:
        borders.install(serve(files), previous)
    message = str(err.value)
    assert message.startswith(f"{NO_NAME}: SHA-256 mismatch") and "\n" not in message
    assert f"expected {borders.NO_SOURCE.sha256}" in message
    assert snapshot(previous.parent) == before


def test_cut_off_transfer_is_refused_and_nothing_changes(serve, previous):
    before = snapshot(previous.parent)
    with pytest.raises(borders.BorderInstallError) as err:
        borders.install(serve(raw_files(), cut_off={DK_NAME}), previous)
    size = borders.DK_SOURCE.size
    assert str(err.value).startswith(f"{DK_NAME}: transfer cut off")
    assert f"expected {size} bytes" in str(err.value) and f"got {size // 2}" in str(err.value)
    assert snapshot(previous.parent) == before


def test_http_404_and_unreachable_server(serve, tmp_path):
    with pytest.raises(borders.BorderInstallError, match=rf"^{NO_NAME}: HTTP 404"):
        borders.install(serve({DK_NAME: b"{}"}), tmp_path / "geo")
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(borders.BorderInstallError, match=rf"^{NO_NAME}: cannot reach"):
        borders.install(f"http://127.0.0.1:{port}", tmp_path / "geo")
    assert not (tmp_path / "geo").exists()


def test_missing_source_folder_or_file(tmp_path):
    with pytest.raises(borders.BorderInstallError, match="^source folder not found: .*nowhere"):
        borders.install(tmp_path / "nowhere", tmp_path / "geo")
    (tmp_path / "half").mkdir()
    shutil.copy(RAW / NO_NAME, tmp_path / "half")
    with pytest.raises(borders.BorderInstallError, match=rf"^{DK_NAME}: not found in "):
        borders.install(tmp_path / "half", tmp_path / "geo")
    assert not (tmp_path / "geo").exists()


def test_failed_rename_puts_the_previous_files_back(tmp_path):
    dest = tmp_path / "geo"
    dest.mkdir()
    for name in borders.OUTPUTS:
        (dest / name).write_text('{"old": true}')
    (dest / borders.ADMIN1_GEOJSON).unlink()
    (dest / borders.ADMIN1_GEOJSON).mkdir()  # the third rename fails: a folder is in the way
    before = snapshot(dest)
    with pytest.raises(borders.BorderInstallError, match="^cannot write .*admin1.geojson"):
        borders.install(RAW, dest)
    assert snapshot(dest) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["geo"]


def test_installed_is_false_for_missing_or_damaged_files(previous):
    assert borders.installed(previous)
    (previous / borders.DK_REGIONS).write_bytes(b"")
    assert not borders.installed(previous)
    assert not borders.installed(previous.parent / "elsewhere")


def test_main_success_and_one_line_error(capsys, tmp_path):
    assert borders.main(["geo", "install", "--from", str(RAW), "--dest", str(tmp_path / "geo")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("installed 5 files") and "admin1_polygons.json" in out

    assert borders.main(["geo", "install", "--from", str(tmp_path / "nowhere"), "--dest", str(tmp_path / "x")]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: source folder not found") and captured.err.count("\n") == 1
    assert "Traceback" not in captured.out + captured.err
