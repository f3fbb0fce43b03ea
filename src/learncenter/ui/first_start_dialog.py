"""The workstation's first window on a computer without a database: create it and its first
administrator, then show the recovery key once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QWidget

from learncenter.services.first_start import CenterCreated
from learncenter.ui.account_dialogs import ServiceDialog
from learncenter.ui.tasks import Tasks


class FirstAdminDialog(ServiceDialog):
    """Name and password (twice) of the first administrator; the database is made with them."""

    def __init__(self, tasks: Tasks, *, lang: str, folder: Path,
                 submit: Callable[[tuple[str, str]], CenterCreated], parent: QWidget | None = None) -> None:
        super().__init__(parent, self.tr("Set up learncenter"), tasks, lang=lang,  # type: ignore[arg-type]
                         submit=submit)
        intro = QLabel(self.tr("There is no learncenter database on this computer yet (%1). Create it now "
                               "with its first administrator, who then adds the clerks and the other "
                               "users.").replace("%1", str(folder)))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.name, self.password, self.repeat = QLineEdit(), QLineEdit(), QLineEdit()
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("Administrator's &name"), self.name)
        self.form.addRow(self.tr("&Password"), self.password)
        self.form.addRow(self.tr("&Repeat the password"), self.repeat)
        self.finish_form()
        self.ok_button.setText(self.tr("Create"))
        self.setMinimumWidth(520)
        self.name.setFocus()

    def answer(self) -> tuple[str, str] | None:
        name = self.name.text().strip()
        if not name:
            self.message.setText(self.tr("Enter the administrator's user name."))
            self.name.setFocus()
            return None
        if not self._password_ok(self.password, optional=False):
            return None
        if self.repeat.text() != self.password.text():
            self.message.setText(self.tr("The two passwords differ; type the password again."))
            self.repeat.clear()
            self.repeat.setFocus()
            return None
        return name, self.password.text()


def recovery_key_box(recovery_key: str, parent: QWidget | None = None) -> QMessageBox:
    """The recovery key, shown this once: without it and without this computer's keyring entry
    the database cannot be opened again."""
    text = QCoreApplication.translate(
        "FirstAdminDialog", "The database was created. Its recovery key is:\n\n%1\n\nWrite it down and keep it "
        "locked away. It is shown only this once; it opens the database if this computer's keyring is ever lost.")
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("FirstAdminDialog", "Write down the recovery key"),
                      text.replace("%1", recovery_key), QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box
