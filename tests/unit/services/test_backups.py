"""Backups from the workstation: now, to a folder an administrator chooses; daily, by itself,
keeping the last few; each one restorable (issue 16)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from actors import sign_in_as
from candidates import new_record
from sqlalchemy import select

from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.services.backups import BackupService
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store.models import AuditEntry
from learncenter.store.restore import restore_backup

MONDAY = date(2026, 3, 2)


def _actions(ctx: AppContext) -> list[tuple[str, str, dict[str, object]]]:
    with ctx.db.session() as session:
        return [(e.actor, e.action, e.details) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def test_back_up_now_is_an_administrators_and_restores(ctx: AppContext, tmp_path: Path) -> None:
    admin = sign_in_as(ctx.users, "admin")
    ctx.records.enter(new_record(), actor=admin, source="entry")
    backups = BackupService(ctx.db)
    with pytest.raises(DomainError) as refused:
        backups.back_up_to(tmp_path / "usb", actor=sign_in_as(ctx.users, "clerk1"))
    assert "clerk1" in refused.value.text("en") and not (tmp_path / "usb").exists()

    made = backups.back_up_to(tmp_path / "usb", actor=admin)
    again = backups.back_up_to(tmp_path / "usb", actor=admin)  # the same second: a folder of its own
    assert made.folder.parent == tmp_path / "usb" and made.folder.name.startswith("learncenter-backup-")
    assert again.folder != made.folder and (made.folder / "learncenter.db").is_file()
    assert _actions(ctx)[-1][:2] == ("admin", "database.backed_up")

    elsewhere = DataDir(tmp_path / "another-pc")
    restored = restore_backup(elsewhere, made.folder)  # the key is in this computer's keyring
    assert restored.records == 1 and restored.database_id == ctx.db.database_id


def test_one_daily_backup_a_day_keeping_the_last_seven(ctx: AppContext) -> None:
    clerk = sign_in_as(ctx.users, "clerk1")
    backups = BackupService(ctx.db)
    first = backups.daily(actor=clerk, today=MONDAY)
    assert first is not None and first.folder == ctx.data_dir.backups / "daily" / "2026-03-02"
    assert backups.daily(actor=clerk, today=MONDAY) is None  # the second sign-in of the day
    for day in range(1, 9):
        backups.daily(actor=clerk, today=MONDAY + timedelta(days=day))
    kept = sorted(p.name for p in backups.daily_folder.iterdir())
    assert kept == [(MONDAY + timedelta(days=d)).isoformat() for d in range(2, 9)]
    daily = [details for actor, action, details in _actions(ctx) if action == "database.backed_up"]
    assert len(daily) == 9 and daily[-1] == {"folder": "2026-03-10", "kind": "daily", "removed": 1}


def test_a_daily_backup_left_half_made_is_made_again(ctx: AppContext) -> None:
    backups = BackupService(ctx.db)
    partial = backups.daily_folder / ".2026-03-02.partial"
    partial.mkdir(parents=True)
    (partial / "learncenter.db").write_bytes(b"half a copy")
    made = backups.daily(actor=sign_in_as(ctx.users, "clerk1"), today=MONDAY)
    assert made is not None and not partial.exists()
    db = open_database(DataDir(made.folder), upgrade=False)  # a whole database, with its key
    db.close()


def test_nobody_signed_in_makes_no_backup(ctx: AppContext) -> None:
    with pytest.raises(DomainError):
        BackupService(ctx.db).daily(actor="clerk1", today=MONDAY)  # type: ignore[arg-type]
    assert not BackupService(ctx.db).daily_folder.exists()


def test_daily_backups_link_the_photos_instead_of_copying_them(ctx: AppContext) -> None:
    blob = ctx.db.blobs.put(b"a photo's bytes" * 100)
    made = BackupService(ctx.db).daily(actor=sign_in_as(ctx.users, "clerk1"), today=MONDAY)
    assert made is not None
    live = ctx.db.blobs._path(blob)  # the file the store keeps it in (named by a keyed hash)
    kept = made.folder / "blobs" / live.relative_to(ctx.data_dir.blobs)
    assert kept.samefile(live) and live.stat().st_nlink == 2
