from __future__ import annotations

from pathlib import Path

import pytest

from keyring_memory import MemoryKeyring
from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.store import audit, device_key
from learncenter.store.database import create_database
from learncenter.store.layout import DataDir


def test_first_use_creates_one_key_kept_in_the_keyring_only(
        ctx: AppContext, memory_keyring: MemoryKeyring) -> None:
    key = device_key.current_key(ctx.db, actor="admin")
    again = device_key.current_key(ctx.db)
    assert again.public_key().public_bytes_raw() == key.public_key().public_bytes_raw()
    with ctx.db.session() as session:
        (entry,) = device_key.public_keys(session)
        assert entry.retired_at is None
        assert entry.public_raw == key.public_key().public_bytes_raw()
        assert audit.verify(session).first_broken is None
    private_hex = key.private_bytes_raw().hex()
    assert private_hex in memory_keyring.secrets.values()
    assert private_hex.encode() not in ctx.db.path.read_bytes()


def test_rotation_keeps_the_old_public_key_retired(ctx: AppContext) -> None:
    first = device_key.current_key(ctx.db)
    second = device_key.rotate(ctx.db, actor="admin", reason="re-enrollment")
    assert device_key.current_key(ctx.db).private_bytes_raw() == second.private_bytes_raw()
    with ctx.db.session() as session:
        old, new = device_key.public_keys(session)
    assert old.public_raw == first.public_key().public_bytes_raw() and old.retired_at
    assert new.retired_at is None and device_key.key_id_of(new.public_raw) == new.key_id


def test_a_lost_keyring_entry_says_to_enroll_again(
        ctx: AppContext, memory_keyring: MemoryKeyring) -> None:
    device_key.current_key(ctx.db)
    for entry in [entry for entry in memory_keyring.secrets if "device-key" in entry[1]]:
        del memory_keyring.secrets[entry]
    with pytest.raises(DomainError) as caught:
        device_key.current_key(ctx.db)
    assert caught.value.problem.code == "store.device_key_missing"
    assert "sync enroll" in caught.value.problem.text("en")


def test_a_demo_database_keeps_its_device_key_in_a_file(tmp_path: Path) -> None:
    db, _ = create_database(DataDir(tmp_path / "demo"), demo=True)
    key = device_key.current_key(db)
    assert (tmp_path / "demo" / "demo-device-keys.json").exists()
    assert device_key.current_key(db).private_bytes_raw() == key.private_bytes_raw()
    db.close()
