"""Signing in through the real dialog: wrong password, lockout message, early Sign in, no database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from learncenter.context import AppContext
from learncenter.domain.roles import Role
from learncenter.ui.login_dialog import LoginDialog
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

# One sentence for an unknown name, a wrong password and a locked account: a stranger learns nothing.
SIGN_IN_FAILED = "用户名或密码不正确，或该账号因多次输错密码已暂时锁定（15 分钟后再试，或请管理员解锁）。"


def _dialog(qtbot: QtBot, tasks: Tasks, ctx: AppContext | None) -> LoginDialog:
    dialog = LoginDialog(tasks, lang="zh", database_text="/data", demo=False,
                         authenticate=ctx.users.authenticate if ctx else None)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type(qtbot: QtBot, dialog: LoginDialog, user: str, password: str) -> None:
    dialog.ui.userEdit.clear()
    qtbot.keyClicks(dialog.ui.userEdit, user)
    qtbot.keyClicks(dialog.ui.passwordEdit, password)
    qtbot.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)


def test_wrong_then_right_password(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    dialog = _dialog(qtbot, tasks, workstation)
    _type(qtbot, dialog, "clerk1", "nope")
    assert dialog.ui.messageLabel.text() == SIGN_IN_FAILED and dialog.ui.passwordEdit.text() == ""
    assert dialog.result() != QDialog.DialogCode.Accepted
    _type(qtbot, dialog, "clerk1", "clerk password")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_in is not None and (dialog.signed_in.name, dialog.signed_in.role) == ("clerk1", Role.CLERK)


def test_lockout_is_explained(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    dialog = _dialog(qtbot, tasks, workstation)
    for _ in range(5):
        _type(qtbot, dialog, "clerk1", "nope")
    _type(qtbot, dialog, "clerk1", "clerk password")
    assert dialog.ui.messageLabel.text() == SIGN_IN_FAILED and dialog.signed_in is None
    [clerk] = [a for a in workstation.users.accounts(actor=sign_in_as(workstation.users, "admin")) if a.name == "clerk1"]
    assert clerk.active and clerk.locked_out_until is not None  # locked out by the wrong passwords


def test_sign_in_pressed_before_the_database_is_open_goes_ahead_when_it_is(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    dialog = _dialog(qtbot, tasks, None)
    _type(qtbot, dialog, "clerk1", "clerk password")
    assert dialog.signed_in is None and dialog.ui.messageLabel.text() == dialog.tr("Opening the database…")
    dialog.set_backend(workstation.users.authenticate)
    assert dialog.signed_in is not None and dialog.result() == QDialog.DialogCode.Accepted


def test_a_database_that_cannot_be_opened_is_explained(qtbot: QtBot, tasks: Tasks) -> None:
    dialog = _dialog(qtbot, tasks, None)
    dialog.backend_failed("本机密钥环中找不到数据库的密钥。")
    assert dialog.ui.messageLabel.text() == "本机密钥环中找不到数据库的密钥。"
    assert not dialog.ui.signInButton.isEnabled()


def test_the_message_is_red_and_stays_readable_on_a_dark_window(qtbot: QtBot, tasks: Tasks) -> None:
    """The message is coloured through the palette (no style sheet: Qt's style sheet engine is not
    worth loading before the window appears), in the light red of palette_colors.error on a dark one."""
    original = QApplication.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Window, QColor(32, 32, 32))
    for palette, red in ((original, "#b00020"), (dark, "#ff8a80")):
        QApplication.setPalette(palette)
        try:
            dialog = _dialog(qtbot, tasks, None)
            dialog.backend_failed("数据库无法打开。")
            label = dialog.ui.messageLabel
            assert label.palette().color(QPalette.ColorRole.WindowText).name() == red
            assert label.styleSheet() == "" and dialog.ui.title.font().bold()
        finally:
            QApplication.setPalette(original)
