"""S3-compatible object stores (AWS, MinIO, Ceph, moto): the pyarrow filesystem for an ``s3://`` URI.

pyarrow's ``FileSystem.from_uri`` reaches AWS itself and ignores the ``AWS_ENDPOINT_URL`` variables (Arrow
issue 49643), so another S3 API is named here: ``CLUSTERVIZ_S3_ENDPOINT`` (or the standard
``AWS_ENDPOINT_URL_S3`` / ``AWS_ENDPOINT_URL``), e.g. ``http://127.0.0.1:9000``.  Credentials and region
come from the usual AWS variables.  Timeouts are short and a failed request is retried once, so an
unreachable store costs a page a few seconds at most and the app keeps serving the snapshots it holds
(store.scan).  Filesystems are created once per endpoint and shared (they hold the connection pool).
"""

from __future__ import annotations

import functools
import os
from urllib.parse import urlsplit

import pyarrow.fs as pafs

ENDPOINT_VARIABLES = ("CLUSTERVIZ_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")
CONNECT_TIMEOUT = 2.0  # seconds to open a connection to the object store
REQUEST_TIMEOUT = 10.0  # seconds for one request (a snapshot's largest table at Europe scale: ~1 MB)
ATTEMPTS = 2


def endpoint() -> str | None:
    """The S3 endpoint URL from the environment, or None for AWS itself."""
    return next((os.environ[name] for name in ENDPOINT_VARIABLES if os.environ.get(name)), None)


@functools.lru_cache(maxsize=8)
def _filesystem(url: str, region: str) -> pafs.S3FileSystem:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    return pafs.S3FileSystem(
        endpoint_override=parts.netloc,
        scheme=parts.scheme or "http",
        region=region,
        connect_timeout=CONNECT_TIMEOUT,
        request_timeout=REQUEST_TIMEOUT,
        retry_strategy=pafs.AwsStandardS3RetryStrategy(max_attempts=ATTEMPTS),
    )


def resolve(uri: str) -> tuple[pafs.FileSystem, str] | None:
    """(filesystem, "bucket/path") for an s3:// URI when an endpoint is configured; None otherwise (the
    caller then uses pyarrow's own ``FileSystem.from_uri``)."""
    url = endpoint()
    if not uri.startswith("s3://") or not url:
        return None
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    return _filesystem(url, region), uri[len("s3://") :].split("?", 1)[0].rstrip("/")
