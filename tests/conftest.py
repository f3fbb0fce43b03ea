from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import keyring
from argon2 import PasswordHasher
import pytest

from keyring_memory import MemoryKeyring
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
