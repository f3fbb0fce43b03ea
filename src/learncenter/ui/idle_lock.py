"""Locking the session after a quiet period, without losing what is on the page.

A clerk who walks away from the desk leaves a window full of personal data. After ``timeout``
without keyboard or mouse input the window is covered by a lock dialog that only the signed-in
user's password removes (wrong passwords count towards the same lockout as at sign-in). The
page underneath is not touched, so a half-done confirmation is still there afterwards.

The lock lives as long as its window is open: closing the window (Quit, Sign out) stops it,
so no lock dialog appears over a window that is gone. A new delay chosen in Settings applies
at once (``set_timeout``).

Input is watched where the system delivers it: on the top-level windows (``QWindow``) — the
main window's and each dialog's, as it gets the focus — not with an application-wide event
filter. Such a filter runs Python for every event of every widget (a page's construction is
about 1,200 of them): it made building the first page after sign-in ten times slower.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from learncenter.domain.messages import DomainError
from learncenter.services.users import UserService
from learncenter.ui import palette_colors
from learncenter.ui.tasks import Tasks

PAUSE_MS = 1500  # this long without input is a pause: the clerk reads, talks, waits for the printer

_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
          QEvent.Type.InputMethod, QEvent.Type.TouchBegin}


class LockDialog(QDialog):
    def __init__(self, users: UserService, tasks: Tasks, *, user: str, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._users, self._tasks, self._user, self._lang = users, tasks, user, lang
        self.setWindowTitle(self.tr("Locked"))
        self.setModal(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setStyleSheet(f"color: {palette_colors.error(self)};")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Unlock"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The session of %1 is locked. Enter the password to go on.").replace("%1", user)))
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.unlock)
        self.password.returnPressed.connect(self.unlock)

    def unlock(self) -> None:
        user, password = self._user, self.password.text()
        self._tasks.write(lambda: self._users.authenticate(user, password), lambda _r: self.accept(), self._failed)

    def _failed(self, exc: Exception) -> None:
        self.password.clear()
        self.message.setText(exc.text(self._lang) if isinstance(exc, DomainError) else self.tr("Try again."))

    def reject(self) -> None:  # Esc must not unlock
        pass


class IdleLock(QObject):
    """Watches the application's input; locks ``window`` after ``timeout_ms`` of silence.

    It also says when the clerk pauses (``paused``, after ``PAUSE_MS`` without input, once per
    pause): work that would stall the window for a moment goes there (``ui.collector``)."""

    paused = Signal()

    def __init__(self, window: QWidget, users: UserService, tasks: Tasks, *, user: str, lang: str,
                 timeout_ms: int, pause_ms: int = PAUSE_MS) -> None:
        super().__init__(window)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(pause_ms)
        self._pause.timeout.connect(self.paused)
        self._window, self._users, self._tasks, self._user, self._lang = window, users, tasks, user, lang
        self.dialog: LockDialog | None = None
        self._hidden: list[QDialog] = []  # dialogs hidden under the lock, shown again after it
        self._covered: QWidget | None = None
        self._running = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.lock)
        self._windows: list[QWindow] = []  # the top-level windows whose input is watched
        window.installEventFilter(self)  # its own Show and Hide (its children's events go to them)
        self._watch(window.windowHandle())
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._watch)  # a dialog, when it takes the keyboard
        self._timer.start()

    def _watch(self, handle: QWindow | None) -> None:
        if handle is not None and not any(handle is w for w in self._windows):
            handle.installEventFilter(self)
            handle.destroyed.connect(lambda: self._forget(handle))
            self._windows.append(handle)

    def _forget(self, handle: QWindow) -> None:
        self._windows = [w for w in self._windows if w is not handle]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT:
            if self.dialog is None and self._running:
                self._timer.start()
                self._pause.start()
        elif watched is self._window and kind == QEvent.Type.Show:
            self._watch(self._window.windowHandle())  # made when first shown
        elif watched is self._window and kind == QEvent.Type.Hide and not self._window.isVisible():
            self.stop()  # closed or hidden, not minimized (a minimized window stays "visible")
        return False

    @property
    def running(self) -> bool:
        """Counting towards a lock (not stopped; a shown lock dialog counts as running)."""
        return self._running

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout(self, timeout_ms: int) -> None:
        """A new delay, counted from now (the quiet time so far is forgotten)."""
        self._timer.setInterval(timeout_ms)
        if self._running and self.dialog is None:
            self._timer.start()

    def stop(self) -> None:
        """For good: the window is closing. An open lock dialog goes with it."""
        self._running = False
        self._timer.stop()
        self._pause.stop()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            try:
                app.focusWindowChanged.disconnect(self._watch)
            except (RuntimeError, TypeError):
                pass
        self._window.removeEventFilter(self)
        for handle in self._windows:
            try:
                handle.removeEventFilter(self)
            except RuntimeError:  # already deleted
                pass
        self._windows = []
        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
            self.dialog.deleteLater()
            self.dialog = None

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def lock(self) -> None:
        """Cover the window: its pages and any dialog open over them are hidden (no name, ID number
        or verdict stays visible) until the password is given; nothing on them is touched."""
        if self.dialog is not None or not self._running:
            return
        self._hidden = [w for w in self._window.findChildren(QDialog) if w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        self._covered = self._window.centralWidget() if isinstance(self._window, QMainWindow) else None
        if self._covered is not None:
            self._covered.hide()
        self.dialog = LockDialog(self._users, self._tasks, user=self._user, lang=self._lang, parent=self._window)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.open()  # window-modal, not a nested event loop

    def _unlocked(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        if self._covered is not None:
            self._covered.show()
        for widget in self._hidden:
            widget.show()
        self._hidden, self._covered = [], None
        self._timer.start()
