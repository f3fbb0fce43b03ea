"""Dialogs about accounts: a new password at sign-in, adding a user, resetting a password.

Each is an ``AskDialog`` (window-modal, opened with ``open()``) that hands its answer to a
service *before* it closes: while the service works the buttons wait, and a refusal (the name
is taken, the password is too short) is said in the dialog, which stays open with what was
typed. ``answered`` carries the service's result once it succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QWidget

from learncenter.domain.messages import DomainError
from learncenter.domain.roles import Role
from learncenter.services.users import MIN_PASSWORD, PasswordReset, UserAdded
from learncenter.ui.prompts import AskDialog
from learncenter.ui.tasks import Tasks


def role_label(role: Role) -> str:
    labels = {
        Role.CLERK: QCoreApplication.translate("Roles", "Confirmation clerk"),
        Role.DATA_ENTRY: QCoreApplication.translate("Roles", "Data-entry clerk"),
        Role.ADMIN: QCoreApplication.translate("Roles", "Administrator"),
        Role.SUPERVISOR: QCoreApplication.translate("Roles", "Supervisor"),
    }
    return labels[role]


class ServiceDialog(AskDialog):
    """An ``AskDialog`` that closes only when ``submit(answer)`` succeeded."""

    def __init__(self, parent: QWidget, title: str, tasks: Tasks, *, lang: str,
                 submit: Callable[[Any], object]) -> None:
        super().__init__(parent, title)
        self._tasks, self._lang, self._submit = tasks, lang, submit
        self._busy = False

    def accept(self) -> None:
        if self._busy:
            return
        value = self.answer()
        if value is None:
            return
        self._busy = True
        self.buttons.setEnabled(False)
        self.message.clear()
        submit = self._submit
        self._tasks.write(lambda: submit(value), self._done, self._failed)

    def reject(self) -> None:
        if not self._busy:  # Esc while the service works would leave its answer nowhere
            super().reject()

    def _done(self, result: object) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        QDialog.accept(self)
        self.answered.emit(result)

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        if isinstance(exc, DomainError):
            self.message.setText(exc.text(self._lang))
        else:
            self.message.setText(self.tr("That did not work; nothing was changed. Try again."))
        self.adjustSize()  # room for a long sentence (a missing keyring is explained at length)

    def _password_ok(self, edit: QLineEdit, *, optional: bool) -> bool:
        """Empty (when ``optional``) or long enough; otherwise say so at the field."""
        text = edit.text()
        if (optional and not text) or len(text) >= MIN_PASSWORD:
            return True
        self.message.setText(self.tr("A password needs at least %1 characters.").replace("%1", str(MIN_PASSWORD)))
        edit.setFocus()
        return False


class NewPasswordDialog(ServiceDialog):
    """After signing in with a password that must be changed: the new one, twice."""

    def __init__(self, parent: QWidget, tasks: Tasks, *, lang: str, user: str,
                 submit: Callable[[str], object]) -> None:
        super().__init__(parent, self.tr("Choose a new password"), tasks, lang=lang,
                         submit=submit)
        intro = QLabel(self.tr("%1, your password was given to you by an administrator. Choose your own "
                               "before you go on; nobody else should know it.").replace("%1", user))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.new_password, self.repeat = QLineEdit(), QLineEdit()
        for edit in (self.new_password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("&New password"), self.new_password)
        self.form.addRow(self.tr("&Repeat it"), self.repeat)
        self.finish_form()
        self.ok_button.setText(self.tr("Change password"))
        self.new_password.setFocus()

    def answer(self) -> str | None:
        if not self._password_ok(self.new_password, optional=False):
            return None
        if self.repeat.text() != self.new_password.text():
            self.message.setText(self.tr("The two passwords differ; type the new one again."))
            self.repeat.clear()
            self.repeat.setFocus()
            return None
        return self.new_password.text()


class AddUserDialog(ServiceDialog):
    """Name, role and an initial password (or none: one is generated and shown once)."""

    def __init__(self, parent: QWidget, tasks: Tasks, *, lang: str,
                 submit: Callable[[str, Role, str | None], UserAdded]) -> None:
        super().__init__(parent, self.tr("Add a user"), tasks, lang=lang,
                         submit=lambda answer: submit(*answer))
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in (Role.CLERK, Role.DATA_ENTRY, Role.SUPERVISOR, Role.ADMIN):
            self.role.addItem(role_label(role), role.value)
        self.password = QLineEdit()
        self.password.setPlaceholderText(self.tr("Leave empty to generate one"))
        self.form.addRow(self.tr("&Name"), self.name)
        self.form.addRow(self.tr("R&ole"), self.role)
        self.form.addRow(self.tr("Initial &password"), self.password)
        note = QLabel(self.tr("The new user chooses their own password at the first sign-in."))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.finish_form()
        self.ok_button.setText(self.tr("Add"))
        self.name.setFocus()

    def answer(self) -> tuple[str, Role, str | None] | None:
        name = self.name.text().strip()
        if not name:
            self.message.setText(self.tr("Enter the user name."))
            self.name.setFocus()
            return None
        if not self._password_ok(self.password, optional=True):
            return None
        return name, Role(self.role.currentData()), self.password.text() or None


class ResetPasswordDialog(ServiceDialog):
    """A new password for someone who forgot theirs (or a generated one)."""

    def __init__(self, parent: QWidget, tasks: Tasks, *, lang: str, user: str,
                 submit: Callable[[str | None], PasswordReset]) -> None:
        super().__init__(parent, self.tr("Reset password"), tasks, lang=lang,
                         submit=lambda password: submit(password or None))
        intro = QLabel(self.tr("Give %1 a new password. They must choose their own at the next sign-in; "
                               "a lockout after wrong passwords ends now.").replace("%1", user))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.password = QLineEdit()
        self.password.setPlaceholderText(self.tr("Leave empty to generate one"))
        self.form.addRow(self.tr("New &password"), self.password)
        self.finish_form()
        self.ok_button.setText(self.tr("Reset"))
        self.password.setFocus()

    def answer(self) -> str | bool | None:
        if not self._password_ok(self.password, optional=True):
            return None
        return self.password.text() or False  # False: generate one (None would mean "not answered")
