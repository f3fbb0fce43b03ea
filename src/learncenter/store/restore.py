"""Putting a backup made by ``Database.backup`` (``learncenter db backup``) back in place.

Nothing is replaced before the backup is known to be good. Its files are copied into a staging
folder inside the data folder (so a full disk or a pulled USB stick stops the restore before
anything changed), and the staged copy is checked: the key opens it, SQLite's and SQLCipher's own
integrity checks pass, its schema is one this program knows, the audit chain verifies from its
first entry, and every photo and scan it names is there and intact. Only then is the current
database (file, journal, metadata, keys of a demo, photos and scans) moved aside into
``backups/before-restore-<time>/`` and the staged files moved in; a failure while moving puts the
current database back.

The key: a demo backup carries its key file; a real one needs its key in this computer's keyring
(a backup of this very database) or its recovery key (a backup from another computer or of
another database), and the key is then kept in the keyring as ``db recover`` does.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from learncenter.domain.messages import define, render
from learncenter.store import audit, keys, migrate
from learncenter.store.blobs import BlobStore
from learncenter.store.engine import make_engine
from learncenter.store.errors import NEWER_SCHEMA, WRONG_KEY, StoreError, store_error
from learncenter.store.layout import DataDir, private_folder
from learncenter.store.models import Record

NOT_A_BACKUP = define(
    "store.restore.not_a_backup",
    zh="{path} 不是 learncenter 的备份文件夹（缺少 {missing}）。请选择 learncenter db backup 写出的文件夹。",
    en="{path} is not a learncenter backup (it lacks {missing}). Choose the folder `learncenter db backup` wrote.",
)
NEEDS_RECOVERY_KEY = define(
    "store.restore.needs_recovery_key",
    zh="本机密钥环中没有这份备份的数据库密钥（备份来自另一台电脑或另一个数据库）。"
    "请加上 --recovery-key，输入该数据库首次启动时显示的恢复密钥。",
    en="This computer's keyring does not hold the key of this backup (it comes from another computer or "
    "another database). Add --recovery-key with the recovery key shown when that database was created.",
)
BACKUP_DAMAGED = define(
    "store.restore.damaged",
    zh="备份 {path} 未通过检查，未做任何替换，当前数据库保持原样：{problem_zh}。请换一份备份再试。",
    en="Backup {path} failed its check, so nothing was replaced and the current database is as it was: "
    "{problem_en}. Try another backup.",
)
for _code, _zh, _en in (
    ("unreadable", "数据库文件已损坏，无法读取（{detail}）", "its database file is damaged and cannot be read ({detail})"),
    ("key", "密钥打不开其中的数据库文件", "the key does not open its database file"),
    ("integrity", "数据库完整性检查发现问题（{detail}）", "the database's integrity check found a problem ({detail})"),
    ("audit", "审计日志的哈希链在第 {detail} 条断开", "the audit chain is broken at entry {detail}"),
    ("blob_missing", "缺少照片或扫描件 {detail}", "photo or scan {detail} is missing"),
    ("blob_damaged", "照片或扫描件 {detail} 已损坏", "photo or scan {detail} is damaged"),
):
    define(f"store.restore.problem.{_code}", zh=_zh, en=_en)

_DATABASE_FILES = ("learncenter.db", "learncenter.json")


@dataclass(frozen=True)
class Restored:
    database_id: str
    demo: bool
    records: int
    audit_entries: int
    blobs: int
    revision: str | None
    set_aside: Path | None  # where the database it replaced now is; None when there was none


def restore_backup(data_dir: DataDir, source: Path, *, recovery_key: str | None = None) -> Restored:
    """Check the backup in ``source`` and put it in place of ``data_dir``'s database, which no
    connection of this process may hold open."""
    source = source.expanduser().resolve()
    missing = [name for name in _DATABASE_FILES if not (source / name).is_file()]
    if missing:
        raise store_error(NOT_A_BACKUP, path=str(source), missing="、".join(missing))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    private_folder(data_dir.root)
    staging = DataDir(_free(data_dir.root / f".restore-{stamp}"))
    try:
        _copy(source, staging)
        key, meta = _key(staging, recovery_key)
        checked = _check(staging, key, source)
        aside = _swap(data_dir, staging, stamp)
    finally:
        shutil.rmtree(staging.root, ignore_errors=True)
    if not meta.get("demo"):
        keys.save_key_in_keyring(str(meta["database_id"]), key)
    data_dir.make_private()
    return Restored(str(meta["database_id"]), bool(meta.get("demo")), *checked, set_aside=aside)


def _copy(source: Path, staging: DataDir) -> None:
    private_folder(staging.root)
    for path in (source / staging.database.name, source / staging.meta.name, source / staging.demo_key.name,
                 source / staging.demo_device_keys.name):
        if path.is_file():
            shutil.copy2(path, staging.root / path.name)
    if (source / "blobs").is_dir():
        shutil.copytree(source / "blobs", staging.blobs)
    staging.make_private()


def _key(staging: DataDir, recovery_key: str | None) -> tuple[bytes, dict[str, object]]:
    meta = staging.read_meta()
    if meta.get("demo"):
        if not staging.demo_key.is_file():
            raise store_error(NOT_A_BACKUP, path=str(staging.root), missing=staging.demo_key.name)
        return bytes.fromhex(staging.demo_key.read_text(encoding="ascii").strip()), meta
    if recovery_key:
        wrapped = meta.get("recovery")
        if not isinstance(wrapped, dict):
            raise store_error(NEEDS_RECOVERY_KEY)
        return keys.unwrap_key(wrapped, recovery_key.strip()), meta
    try:
        return keys.load_key_from_keyring(str(meta["database_id"]), path=str(staging.database)), meta
    except StoreError:
        raise store_error(NEEDS_RECOVERY_KEY) from None


def _check(staging: DataDir, key: bytes, source: Path) -> tuple[int, int, int, str | None]:
    """(records, audit entries, blobs, schema revision) of a sound staged copy; a StoreError
    naming the first problem otherwise."""
    def damaged(problem: str, detail: object = "") -> StoreError:
        code = f"store.restore.problem.{problem}"
        return store_error(BACKUP_DAMAGED, path=str(source), problem_zh=render(code, {"detail": detail}, "zh"),
                           problem_en=render(code, {"detail": detail}, "en"))

    engine = make_engine(staging.database, key)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchone()
            problems = [row for (row,) in conn.exec_driver_sql("PRAGMA integrity_check") if row != "ok"]
            problems += [row[0] for row in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
            if problems:
                raise damaged("integrity", problems[0])
        revision = migrate.current_revision(engine)
        if revision is not None and revision not in migrate.known_revisions():
            raise store_error(NEWER_SCHEMA, path=str(source), found=revision)
        with Session(engine) as session:
            chain = audit.verify(session)
            if not chain.ok:
                raise damaged("audit", chain.first_broken)
            records = session.scalar(select(func.count()).select_from(Record).where(Record.is_current.is_(True))) or 0
            hashes = [sha for (sha,) in session.execute(text("SELECT sha256 FROM blobs"))]
    except StoreError as exc:
        if exc.problem.code == WRONG_KEY:  # the staged copy's path would mislead: name the backup
            raise damaged("key") from None
        raise
    except Exception as exc:  # noqa: BLE001 - not a database, or one SQLite cannot read through
        raise damaged("unreadable", type(exc).__name__) from None
    finally:
        engine.dispose()
    blobs = BlobStore(staging.blobs, key)
    for sha in hashes:
        if sha not in blobs:
            raise damaged("blob_missing", sha[:12])
        try:
            blobs.get(sha)  # decrypts and checks the content against its hash
        except StoreError:
            raise damaged("blob_damaged", sha[:12]) from None
    return records, chain.checked, len(hashes), revision


def _free(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3`` … when a restore in the same second took it."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _current_items(data_dir: DataDir) -> list[Path]:
    return [path for path in (data_dir.database, Path(f"{data_dir.database}-wal"), Path(f"{data_dir.database}-shm"),
                              data_dir.meta, data_dir.demo_key, data_dir.demo_device_keys, data_dir.blobs)
            if path.exists()]


def _swap(data_dir: DataDir, staging: DataDir, stamp: str) -> Path | None:
    current = _current_items(data_dir)
    aside = private_folder(_free(data_dir.backups / f"before-restore-{stamp}")) if current else None
    moved: list[tuple[Path, Path]] = []
    try:
        for path in current:
            target = aside / path.name  # type: ignore[operator]
            path.replace(target)
            moved.append((target, path))
        for path in _current_items(staging):
            target = data_dir.root / path.name
            path.replace(target)
            moved.append((target, path))
    except OSError:
        for now, was in reversed(moved):  # put everything back where it was
            now.replace(was)
        raise
    return aside
