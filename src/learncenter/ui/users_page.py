"""Users, for administrators: who may sign in here, in which role, and help for whoever cannot.

A clerk locked out after five wrong passwords is unlocked here at once (no waiting, no command
line); a forgotten password is reset to one the user must change at the next sign-in. Every
action goes through ``UserService``, which refuses it unless the signed-in user is an active
administrator and audits it; the page only shows the accounts and asks.
"""

from __future__ import annotations

import logging
from datetime import UTC
from typing import cast

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from learncenter.domain.roles import SignedIn
from learncenter.domain.messages import DomainError
from learncenter.domain.roles import Role
from learncenter.services.users import Account, PasswordReset, UserAdded, UserService
from learncenter.ui import palette_colors
from learncenter.ui.account_dialogs import AddUserDialog, ResetPasswordDialog, role_label
from learncenter.ui.prompts import ask_yes_no, tell
from learncenter.ui.tables import fill_table, read_only_table
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)


class UsersPage(QWidget):
    def __init__(self, users: UserService, tasks: Tasks, *, actor: SignedIn, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._users, self._tasks, self._actor, self._lang = users, tasks, actor, lang
        self._rows: list[Account] = []
        self._select_next: str | None = None  # the user just changed, selected when the list is back
        self.summary = QLabel(self.tr("Everyone who signs in at this workstation. Select a user to unlock, "
                                      "lock or reset the password."))
        self.summary.setWordWrap(True)
        self.table = read_only_table([self.tr("User name"), self.tr("Role"), self.tr("State"),
                                      self.tr("Must change password")], stretch=2, single=True)
        self.table.currentCellChanged.connect(lambda *_cells: self._show_current())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.add_button = QPushButton(self.tr("&Add user…"))
        self.add_button.clicked.connect(self.add_user)
        self.unlock_button = QPushButton(self.tr("U&nlock"))
        self.unlock_button.clicked.connect(self.unlock_current)
        self.lock_button = QPushButton(self.tr("&Lock…"))
        self.lock_button.clicked.connect(self.lock_current)
        self.reset_button = QPushButton(self.tr("&Reset password…"))
        self.reset_button.clicked.connect(self.reset_current)
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.unlock_button, self.lock_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._show_current()

    @property
    def rows(self) -> list[Account]:
        return self._rows

    def showEvent(self, event: QShowEvent) -> None:
        """Read the accounts when the page is shown (it is built for every role, shown to administrators)."""
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        users, actor = self._users, self._actor
        self._tasks.work(lambda: users.accounts(actor=actor), self._fill, self._unreadable)

    def select(self, name: str) -> None:
        for index, row in enumerate(self._rows):
            if row.name == name:
                self.table.selectRow(index)
                return

    def _fill(self, rows: object) -> None:
        current = self._current()
        chosen = self._select_next or (current.name if current is not None else None)
        self._select_next = None
        self._rows = cast("list[Account]", rows)
        fill_table(self.table, [(row.name, role_label(row.role), self._state(row),
                                 self.tr("Yes") if row.must_change_password else self.tr("No"))
                                for row in self._rows])
        if chosen is not None:
            self.select(chosen)
        self._show_current()

    def _state(self, row: Account) -> str:
        if not row.active:
            return self.tr("Locked by an administrator")
        if row.locked_out_until is not None:
            until = row.locked_out_until.replace(tzinfo=UTC).astimezone()
            return self.tr("Locked out after wrong passwords until %1").replace("%1", f"{until:%H:%M}")
        return self.tr("Active")

    def _current(self) -> Account | None:
        index = self.table.currentRow()
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def _show_current(self) -> None:
        row = self._current()
        self.unlock_button.setEnabled(row is not None and (not row.active or row.locked_out_until is not None))
        self.lock_button.setEnabled(row is not None and row.active and row.name != self._actor.name)
        self.reset_button.setEnabled(row is not None)

    def add_user(self) -> None:
        users, actor = self._users, self._actor

        def add(name: str, role: Role, password: str | None) -> UserAdded:
            return users.add_account(name, role, actor=actor, password=password)

        dialog = AddUserDialog(self, self._tasks, lang=self._lang, submit=add)
        dialog.answered.connect(self._added)
        dialog.open()

    def _added(self, result: object) -> None:
        assert isinstance(result, UserAdded)
        self._done(self.tr("%1 was added as %2 and chooses their own password at the first sign-in.")
                   .replace("%1", result.name).replace("%2", role_label(result.role)), select=result.name)
        if result.generated:
            self._hand_over(result.name, result.password)

    def unlock_current(self) -> None:
        row = self._current()
        if row is None:
            return
        users, actor, name = self._users, self._actor, row.name
        self._tasks.write(lambda: users.unlock(name, actor=actor),
                          lambda _r: self._done(self.tr("%1 can sign in again.").replace("%1", name), select=name),
                          self._refused)

    def lock_current(self) -> None:
        row = self._current()
        if row is None:
            return
        users, actor, name = self._users, self._actor, row.name

        def lock() -> None:
            self._tasks.write(lambda: users.lock(name, actor=actor),
                              lambda _r: self._done(self.tr("%1 is locked.").replace("%1", name), select=name),
                              self._refused)

        ask_yes_no(self, self.tr("Lock account"),
                   self.tr("Lock the account of %1? They cannot sign in until an administrator unlocks it.")
                   .replace("%1", name), lock)

    def reset_current(self) -> None:
        row = self._current()
        if row is None:
            return
        users, actor, name = self._users, self._actor, row.name

        def reset(password: str | None) -> PasswordReset:
            return users.reset_password(name, actor=actor, password=password)

        dialog = ResetPasswordDialog(self, self._tasks, lang=self._lang, user=name, submit=reset)
        dialog.answered.connect(self._reset)
        dialog.open()

    def _reset(self, result: object) -> None:
        assert isinstance(result, PasswordReset)
        self._done(self.tr("%1 has a new password and must change it at the next sign-in.").replace("%1", result.name),
                   select=result.name)
        if result.generated:
            self._hand_over(result.name, result.password)

    def _hand_over(self, name: str, password: str) -> None:
        tell(self, self.tr("New password"),
             self.tr("The password of %1 is:\n\n%2\n\nIt is shown only this once: hand it over now. "
                     "%1 chooses their own at the next sign-in.").replace("%1", name).replace("%2", password))

    def _done(self, text: str, *, select: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)
        self._select_next = select
        self.refresh()

    def _refused(self, exc: Exception) -> None:
        """A change was refused (or failed): say why, and show the accounts as they are now."""
        self._say_failure(exc)
        self.refresh()

    def _unreadable(self, exc: Exception) -> None:
        self._say_failure(exc)

    def _say_failure(self, exc: Exception) -> None:
        self.message.setStyleSheet(f"color: {palette_colors.error(self)};")
        if isinstance(exc, DomainError):
            self.message.setText(exc.text(self._lang))
        else:
            log.error("users: could not read or change an account", exc_info=exc)
            self.message.setText(self.tr("That did not work; nothing was changed. Try again."))
