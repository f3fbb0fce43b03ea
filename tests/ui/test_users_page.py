"""An administrator manages accounts at the Users page, through its buttons and dialogs: a clerk
locked out by wrong passwords is unlocked at once, new users and reset passwords must be changed
at the next sign-in, and the last administrator is never locked."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.services.users import Role, SignedIn
from learncenter.ui.account_dialogs import AddUserDialog, NewPasswordDialog, ResetPasswordDialog
from learncenter.ui.login_dialog import LoginDialog
from learncenter.ui.main_window import MainWindow
from learncenter.ui.tasks import Tasks
from learncenter.ui.users_page import UsersPage
from open_dialogs import answer_question, read_message, shown
from actors import sign_in_as

SIGN_IN_FAILED = ("The user name or password is not right, or the account is locked for a while after too many "
                  "wrong passwords (try again in 15 minutes, or ask an administrator to unlock it).")


@pytest.fixture
def admin_window(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> MainWindow:
    window = MainWindow(workstation, sign_in_as(workstation.users, "admin"), tasks)  # "admin password"
    qtbot.addWidget(window)
    window.show()
    return window


def open_page(qtbot: QtBot, window: MainWindow, title: str) -> None:
    """Click the page's entry in the navigation list, as a person would."""
    items = window.nav.findItems(title, Qt.MatchFlag.MatchExactly)
    assert items, f"no page {title!r} in {[window.nav.item(i).text() for i in range(window.nav.count())]}"
    rect = window.nav.visualItemRect(items[0])
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pick(qtbot: QtBot, page: UsersPage, name: str) -> None:
    """Click the user's row in the table."""
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    row = names.index(name)
    rect = page.table.visualItemRect(page.table.item(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.table.currentRow() == row


def row_of(page: UsersPage, name: str) -> list[str]:
    for r in range(page.table.rowCount()):
        if page.table.item(r, 0).text() == name:
            return [page.table.item(r, c).text() for c in range(page.table.columnCount())]
    raise AssertionError(f"{name} is not listed")


def ok(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def sign_in(qtbot: QtBot, tasks: Tasks, ctx: AppContext, name: str, password: str) -> LoginDialog:
    dialog = LoginDialog(tasks, lang="en", database_text="/data", demo=False,
                         authenticate=ctx.users.authenticate, change_password=ctx.users.change_password)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ui.userEdit, name)
    qtbot.keyClicks(dialog.ui.passwordEdit, password)
    qtbot.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)
    return dialog


def test_only_administrators_see_the_users_page(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                                admin_window: MainWindow) -> None:
    titles = [admin_window.nav.item(i).text() for i in range(admin_window.nav.count())]
    assert "Users" in titles
    for name, role in (("clerk1", Role.CLERK), ("boss", Role.SUPERVISOR), ("entry1", Role.DATA_ENTRY)):
        window = MainWindow(workstation, sign_in_as(workstation.users, name, role), tasks)
        qtbot.addWidget(window)
        assert "Users" not in [window.nav.item(i).text() for i in range(window.nav.count())]


def test_the_page_lists_every_account(qtbot: QtBot, workstation: AppContext, admin_window: MainWindow) -> None:
    workstation.users.add("newbie", Role.DATA_ENTRY, actor=sign_in_as(workstation.users, "admin"))  # a generated password: must change it
    open_page(qtbot, admin_window, "Users")
    page = admin_window.users_page
    assert row_of(page, "admin") == ["admin", "Administrator", "Active", "No"]
    assert row_of(page, "boss") == ["boss", "Supervisor", "Active", "No"]
    assert row_of(page, "clerk1") == ["clerk1", "Confirmation clerk", "Active", "No"]
    assert row_of(page, "newbie") == ["newbie", "Data-entry clerk", "Active", "Yes"]
    pick(qtbot, page, "admin")
    assert not page.lock_button.isEnabled()  # not the account one is signed in with
    assert not page.unlock_button.isEnabled() and page.reset_button.isEnabled()


def test_a_locked_out_clerk_is_unlocked_at_once(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                                 admin_window: MainWindow) -> None:
    clerk = sign_in(qtbot, tasks, workstation, "clerk1", "nope")
    for _ in range(4):
        qtbot.keyClicks(clerk.ui.passwordEdit, "nope")
        qtbot.keyClick(clerk.ui.passwordEdit, Qt.Key.Key_Return)
    qtbot.keyClicks(clerk.ui.passwordEdit, "clerk password")
    qtbot.keyClick(clerk.ui.passwordEdit, Qt.Key.Key_Return)
    assert clerk.signed_in is None and clerk.ui.messageLabel.text() == SIGN_IN_FAILED  # the same as a wrong one
    [locked] = [a for a in workstation.users.accounts(actor=sign_in_as(workstation.users, "admin")) if a.name == "clerk1"]
    assert locked.locked_out_until is not None

    open_page(qtbot, admin_window, "Users")
    page = admin_window.users_page
    assert row_of(page, "clerk1")[2].startswith("Locked out after wrong passwords until ")
    pick(qtbot, page, "clerk1")
    click(qtbot, page.unlock_button)
    assert row_of(page, "clerk1")[2] == "Active" and page.message.text() == "clerk1 can sign in again."
    assert not page.unlock_button.isEnabled()

    qtbot.keyClicks(clerk.ui.passwordEdit, "clerk password")
    qtbot.keyClick(clerk.ui.passwordEdit, Qt.Key.Key_Return)
    assert clerk.signed_in is not None and clerk.signed_in.name == "clerk1"


def test_lock_asks_first_and_then_keeps_the_user_out(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                                      admin_window: MainWindow) -> None:
    open_page(qtbot, admin_window, "Users")
    page = admin_window.users_page
    pick(qtbot, page, "clerk1")
    click(qtbot, page.lock_button)
    assert "clerk1" in answer_question(qtbot, page, yes=False)
    assert row_of(page, "clerk1")[2] == "Active"
    click(qtbot, page.lock_button)
    answer_question(qtbot, page, yes=True)
    assert row_of(page, "clerk1")[2] == "Locked by an administrator"
    assert page.unlock_button.isEnabled() and not page.lock_button.isEnabled()
    with pytest.raises(DomainError):
        workstation.users.authenticate("clerk1", "clerk password")
    click(qtbot, page.unlock_button)
    assert workstation.users.authenticate("clerk1", "clerk password").name == "clerk1"


def test_a_locked_administrators_open_page_is_refused(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                                  admin_window: MainWindow) -> None:
    other = MainWindow(workstation, sign_in_as(workstation.users, "admin2", Role.ADMIN, password="second admin"), tasks)
    qtbot.addWidget(other)
    other.show()
    open_page(qtbot, admin_window, "Users")
    open_page(qtbot, other, "Users")
    pick(qtbot, admin_window.users_page, "admin2")
    click(qtbot, admin_window.users_page.lock_button)
    answer_question(qtbot, admin_window.users_page, yes=True)
    assert row_of(admin_window.users_page, "admin2")[2] == "Locked by an administrator"

    page = other.users_page  # admin2's page was open before: its Lock button is still there
    pick(qtbot, page, "admin")
    click(qtbot, page.lock_button)
    answer_question(qtbot, page, yes=True)
    assert page.message.text() == "admin2 的账号已被锁定或已不存在，不能管理用户。请重新登录或请管理员协助。"  # the service speaks the workstation's language


def test_add_a_user_with_a_generated_password_shown_once(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                                          admin_window: MainWindow) -> None:
    open_page(qtbot, admin_window, "Users")
    page = admin_window.users_page
    click(qtbot, page.add_button)
    dialog = shown(page, AddUserDialog)
    ok(qtbot, dialog.buttons)
    assert dialog.isVisible() and dialog.message.text() == "Enter the user name."
    qtbot.keyClicks(dialog.name, "clerk1")  # taken: said in the dialog, which stays open
    ok(qtbot, dialog.buttons)
    assert dialog.isVisible() and dialog.message.text() == "用户 clerk1 已存在。"
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "clerk2")
    dialog.role.setCurrentIndex(dialog.role.findText("Confirmation clerk"))
    qtbot.keyClicks(dialog.password, "short")
    ok(qtbot, dialog.buttons)
    assert dialog.message.text() == "A password needs at least 8 characters."
    dialog.password.clear()
    ok(qtbot, dialog.buttons)
    assert not dialog.isVisible()
    text = read_message(qtbot, page)
    password = re.search(r"is:\n\n(\S+)\n", text)
    assert password is not None, text
    assert row_of(page, "clerk2") == ["clerk2", "Confirmation clerk", "Active", "Yes"]
    assert page.table.currentRow() == [page.table.item(r, 0).text() for r in range(page.table.rowCount())].index("clerk2")

    newcomer = sign_in(qtbot, tasks, workstation, "clerk2", password.group(1))
    asked = shown(newcomer, NewPasswordDialog)  # the password an administrator knows must be changed
    qtbot.keyClicks(asked.new_password, "my own password")
    qtbot.keyClicks(asked.repeat, "my own password")
    ok(qtbot, asked.buttons)
    assert newcomer.signed_in == SignedIn("clerk2", Role.CLERK, False)
    assert not workstation.users.authenticate("clerk2", "my own password").must_change_password


def test_add_a_user_with_a_given_password(qtbot: QtBot, workstation: AppContext, admin_window: MainWindow) -> None:
    open_page(qtbot, admin_window, "Users")
    page = admin_window.users_page
    click(qtbot, page.add_button)
    dialog = shown(page, AddUserDialog)
    qtbot.keyClicks(dialog.name, "boss2")
    dialog.role.setCurrentIndex(dialog.role.findText("Supervisor"))
    qtbot.keyClicks(dialog.password, "given password")
    ok(qtbot, dialog.buttons)
    assert not dialog.isVisible()
    assert page.message.text() == "boss2 was added as Supervisor and chooses their own password at the first sign-in."
    assert row_of(page, "boss2") == ["boss2", "Supervisor", "Active", "Yes"]
    assert workstation.users.authenticate("boss2", "given password").must_change_password


def test_reset_a_forgotten_password(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                    admin_window: MainWindow) -> None:
    open_page(qtbot, admin_window, "Users")
    page = admin_window.users_page
    pick(qtbot, page, "clerk1")
    click(qtbot, page.reset_button)
    dialog = shown(page, ResetPasswordDialog)
    qtbot.keyClicks(dialog.password, "temporary password")
    ok(qtbot, dialog.buttons)
    assert not dialog.isVisible()
    assert page.message.text() == "clerk1 has a new password and must change it at the next sign-in."
    assert row_of(page, "clerk1")[3] == "Yes"

    pick(qtbot, page, "boss")
    click(qtbot, page.reset_button)
    ok(qtbot, shown(page, ResetPasswordDialog).buttons)  # empty: one is generated and shown once
    generated = re.search(r"is:\n\n(\S+)\n", read_message(qtbot, page))
    assert generated is not None
    assert workstation.users.authenticate("boss", generated.group(1)).must_change_password

    clerk = sign_in(qtbot, tasks, workstation, "clerk1", "temporary password")
    asked = shown(clerk, NewPasswordDialog)
    qtbot.keyClicks(asked.new_password, "clerk's own one")
    qtbot.keyClicks(asked.repeat, "clerk's own 1")
    ok(qtbot, asked.buttons)
    assert asked.isVisible() and asked.message.text() == "The two passwords differ; type the new one again."
    qtbot.keyClicks(asked.repeat, "clerk's own one")
    ok(qtbot, asked.buttons)
    assert clerk.signed_in is not None and not clerk.signed_in.must_change_password


def test_the_service_refuses_a_page_built_for_someone_else(qtbot: QtBot, workstation: AppContext,
                                                           tasks: Tasks) -> None:
    """The page is shown to administrators only, but the rule is the service's."""
    page = UsersPage(workstation.users, tasks, actor=sign_in_as(workstation.users, "clerk1"), lang="en")
    qtbot.addWidget(page)
    page.show()
    assert page.table.rowCount() == 0
    assert page.message.text() == "The role of clerk1 may not manage users. Ask a user who may to sign in."
    click(qtbot, page.add_button)
    dialog = shown(page, AddUserDialog)
    qtbot.keyClicks(dialog.name, "intruder")
    ok(qtbot, dialog.buttons)
    assert dialog.isVisible() and dialog.message.text() == page.message.text()
    assert "intruder" not in [name for name, _role, _active in workstation.users.list(actor=sign_in_as(workstation.users, "admin"))]
