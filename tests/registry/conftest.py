"""Fixtures of the registry tests: every test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``LEARNCENTER_TEST_PG_URL`` (``scripts/start_postgres.sh`` starts a
throwaway cluster and prints it; ``.ci/run`` exports it). Without the variable the PostgreSQL
half is skipped, never silently run on SQLite.

Photos and scans go to the data folder's ``objects/``; a test parametrized with
``object_store`` ("directory", "s3") runs with each, the S3 one a prefix of its own in a SeaweedFS
(``s3_service`` of tests/conftest.py).
``LEARNCENTER_TEST_OBJECTS=s3`` runs every registry test with the S3 store.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from registry.material import CenterSide
from registry.seaweedfs import S3Service
from registry.server import Server

from learncenter.registry.keys import RegistryKeys, create_keys
from learncenter.registry.service import Registry
from learncenter.registry.store import create_schema, drop_schema, make_engine
from learncenter.registry.objects import open_store
from learncenter.protocol.keys import b64url

PG_ENV = "LEARNCENTER_TEST_PG_URL"
OBJECTS_ENV = "LEARNCENTER_TEST_OBJECTS"


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
def object_store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """The registry's ``--objects``: None (the data folder's objects/) or a fresh prefix of the
    SeaweedFS bucket, with its key in the environment as an operator would set it."""
    kind = getattr(request, "param", None) or os.environ.get(OBJECTS_ENV, "directory")
    if kind == "directory":
        return None
    service: S3Service = request.getfixturevalue("s3_service")
    for name, value in service.environment().items():
        monkeypatch.setenv(name, value)
    return service.location(f"t-{uuid.uuid4().hex[:12]}")


@pytest.fixture
def keys(tmp_path: Path) -> RegistryKeys:
    return create_keys(tmp_path / "registry-data")


@pytest.fixture
def registry(db_url: str, keys: RegistryKeys, tmp_path: Path, object_store: str | None) -> Iterator[Registry]:
    """The registry in this process, with the object store a server of the same data folder uses."""
    engine = make_engine(db_url)
    create_schema(engine)
    registry = Registry(engine, keys)
    registry.objects = open_store(object_store, tmp_path / "registry-data")
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
def server(db_url: str, tmp_path: Path, object_store: str | None) -> Iterator[Any]:
    data_dir = tmp_path / "registry-data"
    srv = Server(data_dir, db_url)
    init = ["init", "--objects", object_store] if object_store else ["init"]
    subprocess.run(srv.command(*init), check=True, capture_output=True)
    srv.start()
    yield srv
    srv.stop()
