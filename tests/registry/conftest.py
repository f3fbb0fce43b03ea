"""Fixtures of the registry tests: every test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``LEARNCENTER_TEST_PG_URL`` (``scripts/start_postgres.sh`` starts a
throwaway cluster and prints it; ``.ci/run`` exports it). Without the variable the PostgreSQL
half is skipped, never silently run on SQLite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from registry.material import CenterSide

from learncenter.registry.keys import RegistryKeys, create_keys
from learncenter.registry.service import Registry
from learncenter.registry.store import create_schema, drop_schema, make_engine
from learncenter.sync.keys import b64url

PG_ENV = "LEARNCENTER_TEST_PG_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.sqlite3'}"
        return
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set (scripts/start_postgres.sh)")
    engine = make_engine(url)
    drop_schema(engine)
    create_schema(engine)
    engine.dispose()
    yield url


@pytest.fixture
def keys(tmp_path: Path) -> RegistryKeys:
    return create_keys(tmp_path / "registry-data")


@pytest.fixture
def registry(db_url: str, keys: RegistryKeys) -> Iterator[Registry]:
    engine = make_engine(db_url)
    create_schema(engine)
    yield Registry(engine, keys)
    engine.dispose()


def enroll(registry: Registry, center_id: str, center: CenterSide | None = None) -> CenterSide:
    """A center enrolled through the service, as ``learncenter sync enroll`` would."""
    center = center or CenterSide(center_id)
    code = registry.enroll_code(center_id, f"学习中心 {center_id}")
    registry.enroll({"code": code, "center_public_key": b64url(center.key.public_raw),
                     "device_name": "test", "client_version": "0.1.0"})
    return center


class Server:
    """``learncenter-registry serve`` as a subprocess on 127.0.0.1."""

    def __init__(self, data_dir: Path, db_url: str) -> None:
        self.data_dir, self.db_url = data_dir, db_url
        self.process: subprocess.Popen[str] | None = None
        self.port = 0

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "learncenter.registry.cli", *args,
                "--data-dir", str(self.data_dir), "--db", self.db_url, "--lang", "en"]

    def start(self, port: int = 0) -> None:
        """Start the server and wait until it answers; its output goes to a log file (a pipe
        nobody reads would fill up and stall the server)."""
        log = self.data_dir.parent / f"registry-serve-{time.monotonic_ns()}.log"
        with open(log, "wb") as sink:
            self.process = subprocess.Popen(
                self.command("serve", "--port", str(port or self.port)),
                stdout=sink, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        match = None
        while match is None and time.monotonic() < deadline and self.process.poll() is None:
            match = re.search(r"http://127\.0\.0\.1:(\d+)", log.read_text(errors="replace"))
            time.sleep(0.02)
        if match is None:
            self.kill()
            raise RuntimeError(f"registry did not start: {log.read_text(errors='replace')}")
        self.port = int(match.group(1))
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.02)
        raise RuntimeError("registry does not answer")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[Any]:
    data_dir = tmp_path / "registry-data"
    srv = Server(data_dir, db_url)
    subprocess.run(srv.command("init"), check=True, capture_output=True)
    srv.start()
    yield srv
    srv.stop()
