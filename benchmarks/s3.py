"""A real S3 API on loopback for tests and benchmarks: moto's server mode (``moto[server]``), no network.

    with s3_server() as s3:                       # a bucket "clusterviz", empty
        s3.upload(REPO_ROOT / "data/snapshots/2017-03-01")   # -> s3://clusterviz/snapshots/2017-03-01/
        env = s3.env                               # CLUSTERVIZ_DATA, CLUSTERVIZ_S3_ENDPOINT, AWS_* for a server
        s3.stop(); ...; s3.start()                 # unreachable for a while (same port, same objects)

The server runs in a thread of this process (moto keeps the objects in memory, across stop/start); the
app reaches it through pyarrow's S3 filesystem with an endpoint override (clusterviz/data/objectstore.py),
the same code path as AWS itself.
"""

from __future__ import annotations

import contextlib
import logging
import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from benchmarks.servers import free_port

BUCKET = "clusterviz"
PREFIX = "snapshots"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "clusterviz-test",
    "AWS_SECRET_ACCESS_KEY": "clusterviz-test",
    "AWS_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


class S3Server:
    def __init__(self, port: int, scan_seconds: float):
        from moto.server import ThreadedMotoServer

        self.port = port
        self.endpoint = f"http://127.0.0.1:{port}"
        self.root = f"s3://{BUCKET}/{PREFIX}"
        self.scan_seconds = scan_seconds
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self.running = False

    @property
    def env(self) -> dict[str, str]:
        """What a server process (or this one) needs to read ``self.root`` from this S3 API."""
        return {
            **CREDENTIALS,
            "CLUSTERVIZ_DATA": self.root,
            "CLUSTERVIZ_S3_ENDPOINT": self.endpoint,
            "CLUSTERVIZ_SCAN_SECONDS": f"{self.scan_seconds:g}",
        }

    def client(self):
        """A boto3 client for writing (pyarrow's multipart uploads are not understood by moto 5.2)."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=CREDENTIALS["AWS_REGION"],
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def start(self) -> None:
        if not self.running:
            self._server.start()
            self.running = True

    def stop(self) -> None:
        if self.running:
            self._server.stop()
            self.running = False

    def upload(self, folder: str | os.PathLike, name: str | None = None, *, manifest_last: bool = True) -> str:
        """Copy a local snapshot folder to ``root/name`` (default: its own name); the manifest goes last,
        as a publisher that writes the tables first and the manifest when they are all there."""
        folder = Path(folder)
        name = name or folder.name
        client = self.client()
        files = sorted(folder.iterdir(), key=lambda p: (manifest_last and p.name == "manifest.json", p.name))
        for path in files:
            client.put_object(Bucket=BUCKET, Key=f"{PREFIX}/{name}/{path.name}", Body=path.read_bytes())
        return f"{self.root}/{name}"

    def put(self, key: str, data: bytes) -> None:
        """Write one object under the snapshots prefix (e.g. a broken file)."""
        self.client().put_object(Bucket=BUCKET, Key=f"{PREFIX}/{key}", Body=data)


@contextlib.contextmanager
def s3_server(port: int | None = None, *, scan_seconds: float = 2.0) -> Iterator[S3Server]:
    """moto's S3 server on 127.0.0.1 with an empty bucket; stopped on exit."""
    for name, value in CREDENTIALS.items():
        os.environ.setdefault(name, value)  # moto signs nothing, but the clients want credentials
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request otherwise
    server = S3Server(port or free_port(), scan_seconds)
    server.start()
    try:
        # moto keeps its objects per process, across servers: start from nothing
        urllib.request.urlopen(urllib.request.Request(server.endpoint + "/moto-api/reset", method="POST"), timeout=10).close()
        server.client().create_bucket(Bucket=BUCKET)
        yield server
    finally:
        server.stop()
