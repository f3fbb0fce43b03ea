"""Workstation ▸ Back up now…, answered through Qt's own folder dialog, and the day's automatic
backup after a sign-in (issue 16)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from actors import sign_in_as
from learncenter.context import AppContext
from learncenter.services.users import Role
from learncenter.ui.main_window import MainWindow
from learncenter.ui.tasks import Tasks
from open_dialogs import answer_file_dialog, shown, trigger_menu


def _window(qtbot: QtBot, ctx: AppContext, tasks: Tasks, name: str, role: Role) -> MainWindow:
    window = MainWindow(ctx, sign_in_as(ctx.users, name, role), tasks)
    qtbot.addWidget(window)
    window.show()
    return window


def test_an_administrator_backs_up_to_a_stick(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                              tmp_path: Path) -> None:
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    window = _window(qtbot, workstation, tasks, "admin", Role.ADMIN)
    trigger_menu(window, window.tr("&Workstation"), window.tr("&Back up now…"))
    answer_file_dialog(qtbot, window, stick)
    qtbot.waitUntil(lambda: window.backups.last is not None, timeout=20_000)
    (made,) = stick.glob("learncenter-backup-*")
    assert (made / "learncenter.db").is_file() and (made / "learncenter.json").is_file()
    qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)))
    box = shown(window, QMessageBox)
    assert str(made) in box.text() and "db restore" in box.text()
    box.close()


def test_a_clerk_has_no_back_up_now(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    window = _window(qtbot, workstation, tasks, "clerk1", Role.CLERK)
    workstation_menu = window.menuBar().actions()[0].menu()
    assert window.tr("&Back up now…") not in [a.text() for a in workstation_menu.actions()]


def test_the_days_backup_is_made_after_sign_in_and_said_in_the_status_bar(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    window = _window(qtbot, workstation, tasks, "clerk1", Role.CLERK)
    window.backups.daily_after_sign_in(0)
    qtbot.waitUntil(lambda: window.backups.last is not None, timeout=20_000)
    today = workstation.today().isoformat()
    assert window.backups.last.folder == workstation.data_dir.backups / "daily" / today
    assert today in window.statusBar().currentMessage()
    second = _window(qtbot, workstation, tasks, "boss", Role.SUPERVISOR)  # the next sign-in that day
    second.backups.daily_after_sign_in(0)
    tasks.wait()
    qtbot.wait(50)
    assert second.backups.last is None and len(list((workstation.data_dir.backups / "daily").iterdir())) == 1
