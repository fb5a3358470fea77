"""Where the county borders come from: two public GeoJSON files pinned by commit and SHA-256, and fetching them.

A source is read from GitHub at its pinned commit, from a local folder or from another http(s) base URL, with a
timeout and a size cap; it must match its SHA-256 and be a GeoJSON FeatureCollection.  Every failure is one
readable BorderInstallError.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path


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

TIMEOUT_S = 30
MAX_BYTES = 50 * 1024 * 1024


class BorderInstallError(Exception):
    """An install failed; the message is one readable line and nothing in dest changed."""


def fetch_checked(src: Source, origin: str | None) -> tuple[dict, str]:
    """One source file fetched (``origin``: None for the pinned URL, a folder or an http(s) base URL), its SHA-256
    verified and its JSON parsed: the GeoJSON document and where it came from."""
    data, where = _fetch(src, origin)
    _verify(src, data, where)
    return _parse(src, data), where


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
