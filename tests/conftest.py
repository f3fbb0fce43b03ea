from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import keyring
from argon2 import PasswordHasher
import pytest

from keyring_memory import MemoryKeyring
from registry.seaweedfs import S3_ENV, S3Service, SeaweedFS
from learncenter.context import AppContext
from learncenter.services import users as users_service
from learncenter.store.database import create_database
from learncenter.store.layout import DataDir

TODAY = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 at its lowest cost: the workstation's cost makes every sign-in take 0.3 s."""
    monkeypatch.setattr(users_service, "make_hasher",
                        lambda: PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv("LEARNCENTER_LANG", raising=False)
    monkeypatch.delenv("LEARNCENTER_DATA_DIR", raising=False)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


@pytest.fixture
def ctx(data_dir: DataDir) -> Iterator[AppContext]:
    db, _recovery = create_database(data_dir)
    context = AppContext.build(
        db, clock=lambda: datetime(2026, 3, 1, 9, 30, tzinfo=UTC), today=lambda: TODAY
    )
    yield context
    context.close()


@pytest.fixture(scope="session")
def s3_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Service]:
    """An S3 service for the registry's object store: the SeaweedFS of ``LEARNCENTER_TEST_S3_URL``
    (scripts/start_seaweedfs.sh), or one started for this session when it is unset."""
    url = os.environ.get(S3_ENV)
    if url:
        service = S3Service.from_url(url)
        service.ensure_bucket()
        service.empty()  # a SeaweedFS kept running between sessions: each starts from an empty bucket
        yield service
        return
    server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs"))
    try:
        yield server.start()
    finally:
        server.stop()
