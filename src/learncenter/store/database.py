"""Opening, creating, upgrading, backing up and recovering the encrypted local database.

Every session comes from :meth:`Database.session`; its explicit ``begin()`` is a write
transaction behind the database's write gate (``store.write_gate``), so that the writes of the
clerk's desk and of a sync run never overlap. Creating a database also makes the center's device
key, audited once (``store.device_key``): the first key is an explicit step of setting the
database up, never a side effect of reading the key; opening a database made before that rule
makes it there too.
"""

from __future__ import annotations

import os
import shutil
import uuid
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker

from learncenter.store import bulk_cache, device_key, keys, migrate
from learncenter.store.blobs import BlobStore
from learncenter.store.engine import READ_ONLY, WRITE, WRITE_WAIT, make_engine
from learncenter.store.errors import (
    DATABASE_BUSY,
    DATABASE_EXISTS,
    NEWER_SCHEMA,
    NO_DATABASE,
    REAL_DATABASE_PRESENT,
    RECOVERY_KEY_WRONG,
    StoreError,
    store_error,
)
from learncenter.store.layout import FILE_MODE, DataDir, private_folder, write_atomically
from learncenter.store.write_gate import GatedSession, WriteGate


@dataclass
class Database:
    data_dir: DataDir
    engine: Engine
    database_id: str
    demo: bool
    blobs: BlobStore
    _key: bytes = field(repr=False)
    upgraded_from: str | None = None  # the revision found before an upgrade at open, if any
    backup_path: Path | None = None  # the backup taken before that upgrade
    write_gate: WriteGate = field(init=False, repr=False, default_factory=WriteGate)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, class_=GatedSession, expire_on_commit=False,
                                      write_gate=self.write_gate)

    def session(self) -> Session:
        """A session for this thread; ``with session.begin():`` makes it a write transaction,
        which waits for any other write transaction of the process to end first."""
        return self._sessions()

    def optimize(self, *, wait: bool = True) -> bool:
        """Refresh the query planner's statistics where tables changed a lot since they were last
        looked at (SQLite's ``PRAGMA optimize``; a no-op most of the time). Without them the
        planner took the state index for a 200,000-candidate queue and sorted every row (250 ms
        for the first page) instead of walking the name index (3 ms).

        It may write (ANALYZE), so it is a write transaction from its start. Without ``wait`` it
        is skipped (False) while another process writes: opening the database for a command must
        not wait, or fail, for statistics that the next open refreshes as well."""
        options: dict[str, object] = {WRITE: True} if wait else {WRITE: True, WRITE_WAIT: 0}
        self.write_gate.acquire()
        try:
            with self.engine.connect().execution_options(**options) as conn:
                conn.exec_driver_sql("PRAGMA analysis_limit = 0")
                conn.exec_driver_sql("PRAGMA optimize = 0x10002")
                conn.commit()
        except StoreError as exc:
            if wait or exc.problem.code != DATABASE_BUSY:
                raise
            return False
        finally:
            self.write_gate.release()
        return True

    def bulk_writing(self, *, durable: bool = True) -> AbstractContextManager[None]:
        """A large page cache for the connections a bulk load writes through (``store.bulk_cache``);
        ``durable=False`` (the demo only) also commits without waiting for the disk each time."""
        return bulk_cache.bulk_writing(self.engine, durable=durable)

    def read(self) -> Connection:
        """A connection for one quick read, outside any transaction (search-as-you-type).

        Use as ``with db.read() as conn:``; it must not write.
        """
        return self.engine.connect().execution_options(**{READ_ONLY: True})

    @property
    def path(self) -> Path:
        return self.data_dir.database

    def close(self) -> None:
        self.engine.dispose()

    def snapshot(self, dest: Path) -> None:
        """A consistent, still-encrypted copy of the database file (VACUUM INTO keeps the key)."""
        private_folder(dest.parent)
        tmp = dest.with_name(f".{dest.name}.partial")
        tmp.unlink(missing_ok=True)
        raw = self.engine.raw_connection()  # VACUUM cannot run inside SQLAlchemy's transaction
        try:
            raw.driver_connection.execute("VACUUM INTO ?", (str(tmp),))  # type: ignore[union-attr]
        finally:
            raw.close()
        os.chmod(tmp, FILE_MODE)
        tmp.replace(dest)

    def backup(self, dest: Path, *, link_blobs: bool = False) -> Path:
        """Copy database, metadata and blobs into folder ``dest``; return the folder.

        The copy is as encrypted as the original; restoring it on another computer needs the
        recovery key (or, for a demo database, the demo key file, which is copied too). With
        ``link_blobs`` a photo or scan is hard-linked where the file system allows (the daily
        backups beside the database): blob files never change once written — a new content is
        a new file — so a link keeps the same bytes for a fraction of the space and time.
        """
        private_folder(dest)
        self.snapshot(dest / self.data_dir.database.name)
        shutil.copy2(self.data_dir.meta, dest / self.data_dir.meta.name)
        if self.demo:
            shutil.copy2(self.data_dir.demo_key, dest / self.data_dir.demo_key.name)
            if self.data_dir.demo_device_keys.exists():
                shutil.copy2(self.data_dir.demo_device_keys, dest / self.data_dir.demo_device_keys.name)
        if self.data_dir.blobs.exists():
            shutil.copytree(self.data_dir.blobs, dest / "blobs", dirs_exist_ok=True,
                            copy_function=_link_or_copy if link_blobs else shutil.copy2)
        return dest

    def integrity(self) -> list[str]:
        """Problems found by SQLite's and SQLCipher's own checks; an empty list means sound."""
        problems: list[str] = []
        with self.engine.connect() as conn:
            for (row,) in conn.exec_driver_sql("PRAGMA integrity_check"):
                if row != "ok":
                    problems.append(f"integrity_check: {row}")
            for row in conn.exec_driver_sql("PRAGMA cipher_integrity_check"):
                problems.append(f"cipher_integrity_check: {row[0]}")
            for row in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(f"foreign_key_check: {tuple(row)}")
        return problems

    def missing_blobs(self) -> list[str]:
        with self.engine.connect() as conn:
            hashes = [h for (h,) in conn.execute(text("SELECT sha256 FROM blobs"))]
        return [h for h in hashes if h not in self.blobs]


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without links
        shutil.copy2(source, target)


def create_database(data_dir: DataDir, *, demo: bool = False) -> tuple[Database, str | None]:
    """Create a new database; return it and the recovery key to show once (None for a demo)."""
    if data_dir.exists():
        raise store_error(DATABASE_EXISTS, path=str(data_dir.root))
    data_dir.make_private()
    database_id = str(uuid.uuid4())
    key = keys.new_database_key()
    meta: dict[str, object] = {
        "format": 1,
        "database_id": database_id,
        "demo": demo,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    recovery_key: str | None = None
    if demo:
        write_atomically(data_dir.demo_key, key.hex().encode("ascii"))
    else:
        keys.save_key_in_keyring(database_id, key)  # fails here, before any file is written
        recovery_key = keys.new_recovery_key()
        meta["recovery"] = keys.wrap_key(key, recovery_key)
    data_dir.write_meta(meta)
    engine = make_engine(data_dir.database, key)
    migrate.upgrade(engine)
    data_dir.make_private()  # the database file SQLite just made, and its WAL
    db = Database(data_dir, engine, database_id, demo, BlobStore(data_dir.blobs, key), key)
    device_key.create_first(db, actor="system", reason="database created")
    return db, recovery_key


def replace_with_demo(data_dir: DataDir) -> None:
    """Remove an existing *demo* database so a new one can be made; refuse a real one."""
    if not data_dir.exists():
        return
    if not data_dir.read_meta().get("demo"):
        raise store_error(REAL_DATABASE_PRESENT, path=str(data_dir.root))
    for path in (data_dir.database, data_dir.meta, data_dir.demo_key):
        path.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{data_dir.database}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(data_dir.blobs, ignore_errors=True)


def _load_key(data_dir: DataDir, meta: dict[str, object]) -> bytes:
    if meta.get("demo"):
        return bytes.fromhex(data_dir.demo_key.read_text(encoding="ascii").strip())
    return keys.load_key_from_keyring(str(meta["database_id"]), path=str(data_dir.database))


def open_database(data_dir: DataDir, *, upgrade: bool = True) -> Database:
    """Open the database; if its schema is behind, back it up and then upgrade it. Opening
    with ``upgrade`` also gives a database made before device keys came with the database its
    device key (the only other write an open makes)."""
    if not data_dir.exists():
        raise store_error(NO_DATABASE, path=str(data_dir.root))
    data_dir.make_private()  # a folder made by an older version was 0755 and its files 0644
    meta = data_dir.read_meta()
    key = _load_key(data_dir, meta)
    engine = make_engine(data_dir.database, key)
    db = Database(
        data_dir, engine, str(meta["database_id"]), bool(meta.get("demo")),
        BlobStore(data_dir.blobs, key), key,
    )
    found = migrate.current_revision(engine)
    head = migrate.head_revision()
    if found is not None and found not in migrate.known_revisions():
        engine.dispose()
        raise store_error(NEWER_SCHEMA, path=str(data_dir.database), found=found)
    if upgrade and found != head:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        db.backup_path = data_dir.backups / f"before-upgrade-{found or 'empty'}-{stamp}.db"
        db.snapshot(db.backup_path)
        migrate.upgrade(engine)
        db.upgraded_from = found or "empty"
    if upgrade:
        device_key.create_first(db, actor="system", reason="database opened without a device key")
        db.optimize(wait=False)
    return db


def recover_database(data_dir: DataDir, recovery_key: str) -> None:
    """Put the database key back into this computer's keyring using the recovery key."""
    if not data_dir.exists():
        raise store_error(NO_DATABASE, path=str(data_dir.root))
    meta = data_dir.read_meta()
    wrapped = meta.get("recovery")
    if not isinstance(wrapped, dict):
        raise store_error(RECOVERY_KEY_WRONG)
    key = keys.unwrap_key(wrapped, recovery_key)
    engine = make_engine(data_dir.database, key)
    with engine.connect() as conn:  # proves the key opens this very file
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchone()
    engine.dispose()
    keys.save_key_in_keyring(str(meta["database_id"]), key)
