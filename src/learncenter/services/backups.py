"""Backups from the workstation (issue 16): one now, to a folder or USB stick, and one a day by
itself at the first sign-in, keeping the last few.

Both are ``Database.backup``: database, metadata and photos, still encrypted (a real database's
copy opens with its key or recovery key only). "Back up now" is an administrator's action
(maintaining the database); the daily one is the workstation's own, made for whoever signs in
first that day, in ``backups/daily/<date>/`` of the data folder, and the oldest beyond ``keep``
are removed. Each is written to the audit log. ``learncenter db restore`` (and the GUI) put any
of them back.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import require
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database, open_database
from learncenter.store.layout import DataDir
from learncenter.store.restore import Restored, restore_backup

DAILY_KEEP = 7


@dataclass(frozen=True)
class BackupMade:
    folder: Path
    removed: tuple[Path, ...] = ()  # older daily backups removed to keep the last few


class BackupService:
    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def daily_folder(self) -> Path:
        return self._db.data_dir.backups / "daily"

    def back_up_to(self, folder: Path, *, actor: SignedIn) -> BackupMade:
        """A backup in a new folder ``learncenter-backup-<time>`` inside ``folder``."""
        with self._db.session() as session:
            require(session, actor, Permission.MAINTAIN)
        stamp = datetime.now(UTC).astimezone().strftime("%Y%m%d-%H%M%S")
        made = self._db.backup(_free(folder.expanduser() / f"learncenter-backup-{stamp}"))
        self._audit(actor, "database.backed_up", made, kind="now")
        return BackupMade(made)

    def daily(self, *, actor: SignedIn, today: date, keep: int = DAILY_KEEP) -> BackupMade | None:
        """Today's backup, unless there is one; None when there was."""
        with self._db.session() as session:
            require(session, actor, Permission.SEARCH)  # every role has it: whoever signed in
        folder = self.daily_folder / today.isoformat()
        if folder.exists():
            return None
        partial = folder.with_name(f".{folder.name}.partial")
        shutil.rmtree(partial, ignore_errors=True)  # what a crash in an earlier attempt left
        self._db.backup(partial, link_blobs=True)  # photos linked, not copied: a day's backup of 200,000 stays small
        partial.replace(folder)
        older = sorted(p for p in self.daily_folder.iterdir() if p.is_dir() and not p.name.startswith("."))
        removed = tuple(older[:-keep]) if keep > 0 else ()
        for path in removed:
            shutil.rmtree(path, ignore_errors=True)
        self._audit(actor, "database.backed_up", folder, kind="daily", removed=len(removed))
        return BackupMade(folder, removed)

    def _audit(self, actor: SignedIn, action: str, folder: Path, **details: object) -> None:
        with self._db.session() as session, session.begin():
            AuditTrail(session).append(actor=actor.name, action=action, entity="database",
                                       entity_id=self._db.database_id, details={"folder": folder.name, **details})


def _free(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def restore_database(data_dir: DataDir, source: Path, *, restored_by: str,
                     recovery_key: str | None = None) -> Restored:
    """Put the backup in ``source`` in place of ``data_dir``'s database once it passed its check
    (store.restore: nothing is replaced otherwise, and the replaced database is kept aside), then
    open the restored one (an older backup's schema is upgraded) and write who restored it to its
    audit log. Nothing of this process may hold the database open: the caller checked, on the
    database being replaced, that ``restored_by`` may maintain it (or that it cannot be opened)."""
    restored = restore_backup(data_dir, source, recovery_key=recovery_key)
    db = open_database(data_dir)
    try:
        with db.session() as session, session.begin():
            AuditTrail(session).append(actor=restored_by, action="database.restored", entity="database",
                                       entity_id=restored.database_id,
                                       details={"revision": restored.revision or "", "records": restored.records})
    finally:
        db.close()
    return restored

