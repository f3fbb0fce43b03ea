"""Fixtures of the registry tests: every test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``LEARNCENTER_TEST_PG_URL`` (``scripts/start_postgres.sh`` starts a
throwaway cluster and prints it; ``.ci/run`` exports it). Without the variable the PostgreSQL
half is skipped, never silently run on SQLite.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from registry.material import CenterSide
from registry.server import Server

from learncenter.registry.keys import RegistryKeys, create_keys
from learncenter.registry.service import Registry
from learncenter.registry.store import create_schema, drop_schema, make_engine
from learncenter.registry.objects import OBJECTS_FOLDER, DirectoryStore
from learncenter.protocol.keys import b64url

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
def registry(db_url: str, keys: RegistryKeys, tmp_path: Path) -> Iterator[Registry]:
    """The registry in this process, with the objects folder a server of the same data folder uses."""
    engine = make_engine(db_url)
    create_schema(engine)
    registry = Registry(engine, keys)
    registry.objects = DirectoryStore(tmp_path / "registry-data" / OBJECTS_FOLDER)
    yield registry
    engine.dispose()


def enroll(registry: Registry, center_id: str, center: CenterSide | None = None) -> CenterSide:
    """A center enrolled through the service, as ``learncenter sync enroll`` would."""
    center = center or CenterSide(center_id)
    code = registry.enroll_code(center_id, f"学习中心 {center_id}")
    registry.enroll({"code": code, "center_public_key": b64url(center.key.public_raw),
                     "device_name": "test", "client_version": "0.1.0"})
    return center


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[Any]:
    data_dir = tmp_path / "registry-data"
    srv = Server(data_dir, db_url)
    subprocess.run(srv.command("init"), check=True, capture_output=True)
    srv.start()
    yield srv
    srv.stop()
