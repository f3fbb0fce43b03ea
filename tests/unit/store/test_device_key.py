from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from keyring_memory import MemoryKeyring
from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.store import audit, device_key, keys, migrate
from learncenter.store.blobs import BlobStore
from learncenter.store.database import Database, create_database, open_database
from learncenter.store.engine import make_engine
from learncenter.store.layout import DataDir, write_atomically
from learncenter.store.models import AuditEntry, Setting
from actors import sign_in_as


def _created_entries(db: Database) -> list[tuple[str, dict[str, object]]]:
    with db.session() as session:
        return [(entry.actor, dict(entry.details)) for entry in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "device_key.created").order_by(AuditEntry.seq))]


def _database_before_keys_came_with_it(data_dir: DataDir) -> Database:
    """A demo database as ``create_database`` made it before it made the device key too."""
    data_dir.root.mkdir(parents=True)
    key = keys.new_database_key()
    write_atomically(data_dir.demo_key, key.hex().encode("ascii"))
    data_dir.write_meta({"format": 1, "database_id": str(uuid.uuid4()), "demo": True,
                         "created_at": "2026-01-05T08:00:00+00:00"})
    engine = make_engine(data_dir.database, key)
    migrate.upgrade(engine)
    return Database(data_dir, engine, str(data_dir.read_meta()["database_id"]), True,
                    BlobStore(data_dir.blobs, key), key)


def _rows(db: Database) -> tuple[int, int]:
    with db.session() as session:
        return (int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0),
                int(session.scalar(select(func.count()).select_from(Setting)) or 0))


def test_a_new_database_comes_with_one_key_kept_in_the_keyring_only(
        ctx: AppContext, memory_keyring: MemoryKeyring) -> None:
    key = device_key.current_key(ctx.db)
    again = device_key.current_key(ctx.db)
    assert again.public_key().public_bytes_raw() == key.public_key().public_bytes_raw()
    with ctx.db.session() as session:
        (entry,) = device_key.public_keys(session)
        assert entry.retired_at is None
        assert entry.public_raw == key.public_key().public_bytes_raw()
        assert audit.verify(session).first_broken is None
    assert _created_entries(ctx.db) == [("system", {"replaces": None, "reason": "database created"})]
    private_hex = key.private_bytes_raw().hex()
    assert private_hex in memory_keyring.secrets.values()
    assert private_hex.encode() not in ctx.db.path.read_bytes()


def test_reading_the_key_of_a_database_without_one_writes_nothing_and_says_so(
        tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    data_dir = DataDir(tmp_path / "older")
    db = _database_before_keys_came_with_it(data_dir)
    before = _rows(db)
    with pytest.raises(DomainError) as caught:
        device_key.current_key(db, actor="admin")
    assert caught.value.problem.code == "store.device_key_not_made"
    assert "learncenter db upgrade" in caught.value.problem.text("en")
    assert "创建数据库时生成" in caught.value.problem.text("zh")
    assert _rows(db) == before == (0, 0)
    assert not (data_dir.root / "demo-device-keys.json").exists() and not memory_keyring.secrets

    made = device_key.create_first(db, actor="admin", reason="test")  # the explicit step
    assert device_key.create_first(db, actor="admin", reason="test") == made  # again: nothing new
    assert device_key.key_id_of(device_key.current_key(db).public_key().public_bytes_raw()) == made
    assert _created_entries(db) == [("admin", {"replaces": None, "reason": "test"})]
    db.close()


def test_opening_a_database_made_before_gives_it_its_key_once(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "older")
    _database_before_keys_came_with_it(data_dir).close()
    reading = open_database(data_dir, upgrade=False)  # `db integrity` and the like change nothing
    assert _created_entries(reading) == []
    reading.close()
    for _ in range(2):
        db = open_database(data_dir)
        assert _created_entries(db) == [
            ("system", {"replaces": None, "reason": "database opened without a device key"})]
        device_key.current_key(db)
        db.close()


def test_two_threads_making_the_first_key_at_once_make_one(tmp_path: Path) -> None:
    db = _database_before_keys_came_with_it(DataDir(tmp_path / "older"))
    made: list[str] = []
    start = threading.Barrier(4)

    def make() -> None:
        start.wait(10)
        made.append(device_key.create_first(db, actor="admin", reason="race"))

    threads = [threading.Thread(target=make) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(made) == 4 and len(set(made)) == 1
    assert len(_created_entries(db)) == 1
    db.close()


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
    ctx.close()
    reopened = open_database(ctx.data_dir)  # the database still opens, and still says it
    with pytest.raises(DomainError):
        device_key.current_key(reopened)
    reopened.close()


def test_a_demo_database_keeps_its_device_key_in_a_file(tmp_path: Path) -> None:
    db, _ = create_database(DataDir(tmp_path / "demo"), demo=True)
    assert (tmp_path / "demo" / "demo-device-keys.json").exists()
    key = device_key.current_key(db)
    assert device_key.current_key(db).private_bytes_raw() == key.private_bytes_raw()
    db.close()
