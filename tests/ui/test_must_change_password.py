"""A password an administrator gave is changed at the next sign-in, in the sign-in dialog,
before the main window opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from learncenter.context import AppContext
from learncenter.services.users import Role, SignedIn
from learncenter.ui.account_dialogs import NewPasswordDialog
from learncenter.ui.login_dialog import LoginDialog
from learncenter.ui.tasks import Tasks
from open_dialogs import shown
from actors import sign_in_as


def _press(qtbot: QtBot, buttons: QDialogButtonBox, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(buttons.button(which), Qt.MouseButton.LeftButton)


def _sign_in(qtbot: QtBot, dialog: LoginDialog, password: str) -> None:
    dialog.ui.passwordEdit.clear()
    qtbot.keyClicks(dialog.ui.passwordEdit, password)
    qtbot.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)


def test_the_new_password_is_asked_twice_before_signing_in(qtbot: QtBot, workstation: AppContext,
                                                           tasks: Tasks) -> None:
    workstation.users.add("newbie", Role.DATA_ENTRY, actor=sign_in_as(workstation.users, "admin"), password="from the admin", must_change=True)
    dialog = LoginDialog(tasks, lang="zh", database_text="/data", demo=False, user_name="newbie",
                         authenticate=workstation.users.authenticate,
                         change_password=workstation.users.change_password)
    qtbot.addWidget(dialog)
    dialog.show()
    _sign_in(qtbot, dialog, "from the admin")
    asked = shown(dialog, NewPasswordDialog)
    assert dialog.signed_in is None and dialog.result() != QDialog.DialogCode.Accepted

    _press(qtbot, asked.buttons, QDialogButtonBox.StandardButton.Cancel)  # not now: no sign-in
    assert not asked.isVisible() and dialog.signed_in is None
    assert dialog.ui.messageLabel.text() == "Choose a new password to sign in."

    _sign_in(qtbot, dialog, "from the admin")
    asked = shown(dialog, NewPasswordDialog)
    qtbot.keyClicks(asked.new_password, "short")
    _press(qtbot, asked.buttons, QDialogButtonBox.StandardButton.Ok)
    assert asked.message.text() == "A password needs at least 8 characters."
    asked.new_password.clear()
    qtbot.keyClicks(asked.new_password, "from the admin")  # the same as before: the service says no
    qtbot.keyClicks(asked.repeat, "from the admin")
    _press(qtbot, asked.buttons, QDialogButtonBox.StandardButton.Ok)
    assert asked.isVisible() and asked.message.text() == "新密码不能与原密码相同。"
    for edit in (asked.new_password, asked.repeat):
        edit.clear()
        qtbot.keyClicks(edit, "only I know it")
    _press(qtbot, asked.buttons, QDialogButtonBox.StandardButton.Ok)
    assert not asked.isVisible()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_in == SignedIn("newbie", Role.DATA_ENTRY, False)
    assert not workstation.users.authenticate("newbie", "only I know it").must_change_password


def test_no_question_when_the_password_is_the_users_own(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    dialog = LoginDialog(tasks, lang="zh", database_text="/data", demo=False, user_name="clerk1",
                         authenticate=workstation.users.authenticate,
                         change_password=workstation.users.change_password)
    qtbot.addWidget(dialog)
    dialog.show()
    _sign_in(qtbot, dialog, "clerk password")
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.new_password is None
