"""Signing in: user name and password, with the lockout the service enforces.

The dialog is shown before the database and its libraries are loaded, so the clerk can type at
once; the backend arrives through ``set_backend`` (loaded in a worker), and a Sign in pressed
before then goes ahead as soon as it is there.

A password an administrator gave (a new account, a reset) must be changed: after such a sign-in
the dialog asks for a new password, twice, and is accepted only once it is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QDialog, QWidget

from learncenter.domain.messages import DomainError
from learncenter.ui import palette_colors
from learncenter.ui.forms.ui_login_dialog import Ui_LoginDialog
from learncenter.ui.tasks import Tasks

if TYPE_CHECKING:  # the roles' module (its enums) comes with the services, after the window is up
    from learncenter.domain.roles import SignedIn

Authenticate = Callable[[str, str], "SignedIn"]
ChangePassword = Callable[[str, str, str], "SignedIn"]  # name, old password, new password -> signed in


class LoginDialog(QDialog):
    def __init__(self, tasks: Tasks, *, lang: str, database_text: str, demo: bool,
                 authenticate: Authenticate | None = None, change_password: ChangePassword | None = None,
                 user_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        palette_colors.write_as_error(self.ui.messageLabel)
        self._tasks, self._lang = tasks, lang
        self._authenticate, self._change_password = authenticate, change_password
        self._waiting = False  # Sign in was pressed before the backend was ready
        self.signed_in: SignedIn | None = None
        self.new_password: QDialog | None = None  # the last dialog that asked for a new password
        text = database_text
        if demo:
            text += "\n" + self.tr("DEMO database — generated data only. Try clerk / clerk-demo.")
        self.ui.databaseLabel.setText(text)
        self.ui.signInButton.clicked.connect(self._sign_in)
        self.ui.cancelButton.clicked.connect(self.reject)
        self.ui.userEdit.setText(user_name)
        (self.ui.passwordEdit if user_name else self.ui.userEdit).setFocus()

    def set_backend(self, authenticate: Authenticate, change_password: ChangePassword | None = None) -> None:
        self._authenticate, self._change_password = authenticate, change_password
        if self._waiting:
            self._waiting = False
            self._sign_in()

    def backend_failed(self, text: str) -> None:
        """The database could not be opened: say why; signing in is not possible."""
        self._waiting = False
        self.ui.messageLabel.setText(text)
        self.ui.signInButton.setEnabled(False)

    def _enable_buttons(self, enabled: bool) -> None:
        self.ui.signInButton.setEnabled(enabled)
        self.ui.cancelButton.setEnabled(enabled)

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
        self._enable_buttons(False)
        self.ui.messageLabel.clear()
        self._tasks.write(lambda: authenticate(name, password), lambda user: self._signed_in(user, password),
                          self._failed)

    def _signed_in(self, result: object, password: str) -> None:
        user = cast("SignedIn", result)  # what authenticate returned
        self._enable_buttons(True)
        if user.must_change_password:
            self._ask_new_password(user, password)
            return
        self.signed_in = user
        self.accept()

    def _ask_new_password(self, user: SignedIn, old: str) -> None:
        change = self._change_password
        if change is None:
            self.ui.messageLabel.setText(self.tr("This password must be changed, which is not possible here; "
                                                 "ask an administrator."))
            return
        # Loaded only now: the sign-in window must open before the services' libraries load (and
        # before the Qt namespace, whose hundreds of enums take longer to make than the window).
        from PySide6.QtCore import Qt

        from learncenter.ui.account_dialogs import NewPasswordDialog

        if self.new_password is not None:
            self.new_password.deleteLater()  # an earlier attempt's, closed
        dialog = NewPasswordDialog(self, self._tasks, lang=self._lang, user=user.name,
                                   submit=lambda new: change(user.name, old, new))
        # It goes with this dialog: deleted on close, it could still be waiting for deletion
        # when this dialog (accepted the same moment) is deleted, which Qt does not survive.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.answered.connect(self._password_changed)
        dialog.rejected.connect(self._password_not_changed)
        self.new_password = dialog
        dialog.open()

    def _password_changed(self, user: object) -> None:
        self.signed_in = cast("SignedIn", user)  # signed in again with the new password
        self.accept()

    def _password_not_changed(self) -> None:
        self.ui.passwordEdit.clear()
        self.ui.passwordEdit.setFocus()
        self.ui.messageLabel.setText(self.tr("Choose a new password to sign in."))

    def _failed(self, exc: Exception) -> None:
        self._enable_buttons(True)
        self.ui.passwordEdit.clear()
        self.ui.passwordEdit.setFocus()
        if isinstance(exc, DomainError):
            self.ui.messageLabel.setText(exc.text(self._lang))
        else:
            self.ui.messageLabel.setText(self.tr("Signing in failed unexpectedly; nothing was changed."))
