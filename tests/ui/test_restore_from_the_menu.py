"""Workstation ▸ Restore from a backup…: the folder chosen in Qt's own dialog, the question
answered, the window closed, the backup checked and put in place, and everyone signing in again
on the restored database (issue 16)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from actors import sign_in_as
from candidates import new_record
from exam_fixtures import id_number
from learncenter.context import AppContext
from learncenter.services.backups import BackupService
from learncenter.services.users import Role
from learncenter.store.models import AuditEntry, Record
from learncenter.ui.shell import Shell
from learncenter.ui.tasks import Tasks
from open_dialogs import answer_file_dialog, answer_question, trigger_menu

MENU, ITEM = "&Workstation", "&Restore from a backup…"


def _records(ctx: AppContext) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Record).where(Record.is_current.is_(True))) or 0)


def _shell(workstation: AppContext, tasks: Tasks, tmp_path: Path) -> Shell:
    return Shell(workstation, tasks, database_text="/data",
                 settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def _said(qtbot: QtBot, shell: Shell) -> str:
    """What the restore says over the sign-in dialog, closed with OK."""
    assert shell.login is not None and shell.login.isVisible() and shell.message is not None
    text = shell.message.text()
    qtbot.mouseClick(shell.message.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return text


def _restore_through_the_menu(qtbot: QtBot, shell: Shell, folder: Path) -> None:
    window = shell.window
    assert window is not None
    trigger_menu(window, MENU, ITEM)
    answer_file_dialog(qtbot, window, folder)
    question = answer_question(qtbot, window, yes=True)
    assert str(folder) in question and "undone" in question
    assert not window.isVisible() and shell.window is None


def test_an_administrator_restores_yesterdays_backup_and_signs_in_again(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks, tmp_path: Path) -> None:
    admin = sign_in_as(workstation.users, "admin")
    (tmp_path / "stick").mkdir()
    made = BackupService(workstation.db).back_up_to(tmp_path / "stick", actor=admin)
    workstation.records.enter(new_record(name="王五", id_number=id_number(77)), actor=admin)  # after the backup
    assert _records(workstation) == 3
    shell = _shell(workstation, tasks, tmp_path)
    shell.open_window(admin)

    _restore_through_the_menu(qtbot, shell, made.folder)
    said = _said(qtbot, shell)
    assert "restored from" in said and "2 records" in said and "before-restore" in said
    ctx = shell.ctx
    assert ctx is not workstation and _records(ctx) == 2  # 王五, entered after the backup, is not in it
    (aside,) = ctx.data_dir.backups.glob("before-restore-*")
    assert (aside / "learncenter.db").is_file()  # the replaced database, to undo the restore
    with ctx.db.session() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert (last.action, last.actor) == ("database.restored", "admin")

    login = shell.login
    assert login is not None and login.ui.userEdit.text() == "admin"
    qtbot.keyClicks(login.ui.passwordEdit, "admin password")
    qtbot.keyClick(login.ui.passwordEdit, Qt.Key.Key_Return)
    assert shell.window is not None and shell.window.isVisible()
    qtbot.addWidget(shell.window)
    ctx.close()


def test_a_folder_that_is_no_backup_replaces_nothing(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                                     tmp_path: Path) -> None:
    admin = sign_in_as(workstation.users, "admin")
    not_a_backup = tmp_path / "holiday-photos"
    not_a_backup.mkdir()
    (not_a_backup / "beach.jpg").write_bytes(b"\xff\xd8\xff")
    shell = _shell(workstation, tasks, tmp_path)
    shell.open_window(admin)

    _restore_through_the_menu(qtbot, shell, not_a_backup)
    said = _said(qtbot, shell)
    assert said.startswith("Nothing was restored") and "learncenter.db" in said and "as it was" in said
    assert _records(shell.ctx) == 2 and not list(shell.ctx.data_dir.backups.glob("before-restore-*"))
    shell.ctx.close()


def test_only_those_who_maintain_the_database_have_the_item(qtbot: QtBot, workstation: AppContext,
                                                           tasks: Tasks, tmp_path: Path) -> None:
    shell = _shell(workstation, tasks, tmp_path)
    for name, role in (("clerk1", Role.CLERK), ("boss", Role.SUPERVISOR)):
        window = shell.open_window(sign_in_as(workstation.users, name, role))
        qtbot.addWidget(window)
        items = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
        assert ITEM not in items and "&Back up now…" not in items
