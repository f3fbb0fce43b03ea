"""The Workstation and Help menus, chosen from the menu bar: sign out and switch user (the
application keeps running, the idle lock stops with the window), a new idle-lock delay that
applies at once, the keyboard shortcuts and About."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QMenu
from pytestqt.qtbot import QtBot

import learncenter
from learncenter.context import AppContext
from learncenter.services.users import Role, SignedIn
from learncenter.ui.help_dialogs import AboutDialog, ShortcutsDialog
from learncenter.ui.idle_lock import LockDialog
from learncenter.ui.main_window import MainWindow
from learncenter.ui.settings_dialog import SettingsDialog
from learncenter.ui.shell import Shell
from learncenter.ui.tasks import Tasks
from open_dialogs import shown, trigger_menu
from actors import sign_in_as


@pytest.fixture
def desk_settings(tmp_path: Path) -> Iterator[None]:
    """QSettings() (as the Settings dialog opens it) writes under tmp_path, not the tester's home."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation))


def _window(qtbot: QtBot, ctx: AppContext, tasks: Tasks, name: str, role: Role, **options: int) -> MainWindow:
    window = MainWindow(ctx, SignedIn(name, role, False), tasks, **options)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    return window


def _pages(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def _sign_in(qtbot: QtBot, shell: Shell, name: str | None, password: str) -> MainWindow:
    login = shell.login
    assert login is not None and login.isVisible()
    if name is not None:
        qtbot.keyClicks(login.ui.userEdit, name)
    qtbot.keyClicks(login.ui.passwordEdit, password)
    qtbot.keyClick(login.ui.passwordEdit, Qt.Key.Key_Return)
    assert shell.login is None and shell.window is not None and shell.window.isVisible()
    return shell.window


def test_sign_out_and_switch_user(qtbot: QtBot, workstation: AppContext, tasks: Tasks, desk_settings: None) -> None:
    sign_in_as(workstation.users, "admin")  # "admin password"
    shell = Shell(workstation, tasks, database_text="/data")
    first = shell.open_window(workstation.user)
    assert workstation.user.name == "clerk1" and "Users" not in _pages(first)

    trigger_menu(first, "&Workstation", "Sign &out")
    assert not first.isVisible() and not first.idle_lock.running  # the lock went with the window
    assert shell.window is None and shell.login is not None
    assert shell.login.ui.userEdit.text() == "clerk1"  # the same person, back: only the password
    qtbot.keyClick(shell.login.ui.passwordEdit, Qt.Key.Key_Return)
    assert shell.login is not None and shell.login.ui.messageLabel.text() == (
        "用户名或密码不正确，或该账号因多次输错密码已暂时锁定（15 分钟后再试，或请管理员解锁）。")
    second = _sign_in(qtbot, shell, None, "clerk password")
    assert second is not first and second.user_label.text() == "Signed in: clerk1 (Confirmation clerk)"

    trigger_menu(second, "&Workstation", "Switch &user…")
    assert not second.isVisible() and not second.idle_lock.running
    assert shell.login is not None and shell.login.ui.userEdit.text() == ""  # someone else signs in
    third = _sign_in(qtbot, shell, "admin", "admin password")
    qtbot.addWidget(third)
    assert "Users" in _pages(third) and workstation.user.name == "admin"
    assert third.user_label.text() == "Signed in: admin (Administrator)"


def test_cancelling_the_sign_in_after_sign_out_ends_the_application(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks, desk_settings: None) -> None:
    shell = Shell(workstation, tasks, database_text="/data")
    window = shell.open_window(sign_in_as(workstation.users, "clerk1"))
    qtbot.addWidget(window)
    trigger_menu(window, "&Workstation", "Sign &out")
    assert shell.login is not None
    with qtbot.waitSignal(shell.finished, timeout=1000):
        qtbot.mouseClick(shell.login.ui.cancelButton,
                         Qt.MouseButton.LeftButton)
    assert shell.window is None


def test_the_idle_lock_stops_with_the_window(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    window = _window(qtbot, workstation, tasks, "clerk1", Role.CLERK, idle_lock_ms=150)
    assert window.idle_lock.running
    trigger_menu(window, "&Workstation", "&Quit")
    assert not window.isVisible() and not window.idle_lock.running
    qtbot.wait(400)
    assert not window.idle_lock.locked and not window.findChildren(LockDialog)


def test_a_new_idle_lock_delay_applies_at_once(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                              desk_settings: None) -> None:
    window = _window(qtbot, workstation, tasks, "clerk1", Role.CLERK, idle_lock_ms=5 * 60_000)
    trigger_menu(window, "&Workstation", "&Settings…")
    dialog = shown(window, SettingsDialog)
    dialog.ui.idleSpin.selectAll()
    qtbot.keyClicks(dialog.ui.idleSpin, "2")
    qtbot.mouseClick(dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.idle_lock.timeout_ms == 2 * 60_000 and window.idle_lock.running

    trigger_menu(window, "&Workstation", "&Settings…")
    dialog = shown(window, SettingsDialog)
    assert dialog.ui.idleSpin.value() == 2  # and saved for the next start
    dialog.ui.idleSpin.selectAll()
    qtbot.keyClicks(dialog.ui.idleSpin, "9")
    qtbot.mouseClick(dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert window.idle_lock.timeout_ms == 2 * 60_000  # Cancel changes nothing


def test_a_changed_delay_counts_from_now(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    window = _window(qtbot, workstation, tasks, "clerk1", Role.CLERK, idle_lock_ms=60_000)
    window.idle_lock.set_timeout(150)
    qtbot.waitUntil(lambda: window.idle_lock.locked, timeout=2000)


def _defined_shortcuts(window: MainWindow) -> set[str]:
    keys = {key.toString() for shortcut in window.findChildren(QShortcut) for key in shortcut.keys()}
    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        keys |= {key.toString() for action in menu.actions() for key in action.shortcuts()}
    return {key for key in keys if key}


@pytest.mark.parametrize("role", list(Role))
def test_keyboard_shortcuts_lists_every_shortcut_of_the_window(qtbot: QtBot, workstation: AppContext,
                                                               tasks: Tasks, role: Role) -> None:
    window = _window(qtbot, workstation, tasks, "someone", role)
    trigger_menu(window, "&Help", "&Keyboard shortcuts…")
    dialog = shown(window, ShortcutsDialog)
    assert _defined_shortcuts(window) <= dialog.keys
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert rows["F9"] == "Sync ▸ Sync now"
    assert rows["Ctrl+Q"] == "Workstation ▸ Quit"
    assert rows["F1"] == "Help ▸ Keyboard shortcuts"
    assert {"Ctrl+F", "Ctrl+Enter", "Esc", "Enter"} <= rows.keys()
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close),
                     Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_about_tells_the_version_and_the_database(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    window = _window(qtbot, workstation, tasks, "clerk1", Role.CLERK)
    trigger_menu(window, "&Help", "&About learncenter…")
    dialog = shown(window, AboutDialog)
    assert dialog.version.text() == learncenter.__version__
    assert dialog.data_dir.text() == str(workstation.data_dir.root)
    assert dialog.schema.text().endswith(" (up to date)")
    assert dialog.encryption.text() == "Encrypted (SQLCipher)"
    assert dialog.kind.text() == "This center's own data"
    assert dialog.records.text() == "2 record(s)"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
