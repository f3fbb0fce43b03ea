"""Signing in: user name and password, with the lockout the service enforces.

The dialog is shown before the database and its libraries are loaded, so the clerk can type at
once; the backend arrives through ``set_backend`` (loaded in a worker), and a Sign in pressed
before then goes ahead as soon as it is there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from learncenter.domain.messages import DomainError
from learncenter.domain.roles import SignedIn
from learncenter.ui.forms.ui_login_dialog import Ui_LoginDialog
from learncenter.ui.tasks import Tasks

Authenticate = Callable[[str, str], SignedIn]


class LoginDialog(QDialog):
    def __init__(self, tasks: Tasks, *, lang: str, database_text: str, demo: bool,
                 authenticate: Authenticate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self._tasks, self._lang = tasks, lang
        self._authenticate = authenticate
        self._waiting = False  # Sign in was pressed before the backend was ready
        self.signed_in: SignedIn | None = None
        text = database_text
        if demo:
            text += "\n" + self.tr("DEMO database — generated data only. Try clerk / clerk-demo.")
        self.ui.databaseLabel.setText(text)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.ui.buttons.accepted.connect(self._sign_in)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.userEdit.setFocus()

    def set_backend(self, authenticate: Authenticate) -> None:
        self._authenticate = authenticate
        if self._waiting:
            self._waiting = False
            self._sign_in()

    def backend_failed(self, text: str) -> None:
        """The database could not be opened: say why; signing in is not possible."""
        self._waiting = False
        self.ui.messageLabel.setText(text)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def _sign_in(self) -> None:
        name, password = self.ui.userEdit.text().strip(), self.ui.passwordEdit.text()
        if not name:
            self.ui.userEdit.setFocus()
            return
        authenticate = self._authenticate
        if authenticate is None:
            self._waiting = True
            self.ui.messageLabel.setText(self.tr("Opening the database…"))
            return
        self.ui.buttons.setEnabled(False)
        self.ui.messageLabel.clear()
        self._tasks.write(lambda: authenticate(name, password), self._signed_in, self._failed)

    def _signed_in(self, result: object) -> None:
        assert isinstance(result, SignedIn)
        self.signed_in = result
        self.ui.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.ui.buttons.setEnabled(True)
        self.ui.passwordEdit.clear()
        self.ui.passwordEdit.setFocus()
        if isinstance(exc, DomainError):
            self.ui.messageLabel.setText(exc.text(self._lang))
        else:
            self.ui.messageLabel.setText(self.tr("Signing in failed unexpectedly; nothing was changed."))
