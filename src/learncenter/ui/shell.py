"""The signed-in workstation: one main window at a time, and signing in again after Sign out.

Sign out and Switch user close the main window (its idle lock stops with it) and show the
sign-in dialog again, on the database already open; the application keeps running. The next
person's sign-in opens a new main window for their role. Cancel there ends the application.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, Signal

from learncenter.context import AppContext
from learncenter.domain.roles import SignedIn
from learncenter.ui.confirmation_page import Prompts
from learncenter.ui.login_dialog import LoginDialog
from learncenter.ui.main_window import MainWindow
from learncenter.ui.settings_dialog import idle_lock_minutes
from learncenter.ui.tasks import Tasks


GEOMETRY_KEY = "ui/main_window_geometry"


def place_window(window: MainWindow, settings: QSettings) -> None:
    """Where the window was last time; the first time, as large as the screen allows up to
    1200×800 (a 1366×768 or 1280×720 screen gets a window that fits, status bar included)."""
    saved = settings.value(GEOMETRY_KEY)
    if isinstance(saved, QByteArray) and window.restoreGeometry(saved):
        return
    screen = window.screen().availableGeometry()
    window.resize(min(1200, screen.width()), min(800, screen.height() - 40))
    window.move(screen.x() + max(0, (screen.width() - window.width()) // 2), screen.y())
    if screen.width() <= 1366 or screen.height() <= 768:
        window.setWindowState(Qt.WindowState.WindowMaximized)


def remember_window(window: MainWindow, settings: QSettings) -> None:
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())


class Shell(QObject):
    finished = Signal()  # the sign-in dialog after a sign-out was cancelled: time to quit

    def __init__(self, ctx: AppContext, tasks: Tasks, *, database_text: str,
                 settings: QSettings | None = None, ask: Prompts | None = None) -> None:
        super().__init__()
        self._ctx, self._tasks, self._database_text = ctx, tasks, database_text
        self._ask = ask  # the camera and the printer (None: the real ones)
        self._settings = settings if settings is not None else QSettings()
        self.window: MainWindow | None = None
        self.login: LoginDialog | None = None
        self._closed: MainWindow | None = None  # kept until the next sign-in: late task results still land

    def open_window(self, user: SignedIn) -> MainWindow:
        self._ctx.actor = user
        window = MainWindow(self._ctx, user, self._tasks, ask=self._ask,
                            idle_lock_ms=idle_lock_minutes(self._settings) * 60_000)
        window.signed_out.connect(lambda switch_user: self._sign_in_again(user.name, switch_user=switch_user))
        window.closing.connect(lambda: remember_window(window, self._settings))
        place_window(window, self._settings)
        window.show()
        window.backups.daily_after_sign_in()
        self.window = window
        return window

    def _sign_in_again(self, name: str, *, switch_user: bool) -> None:
        """Called while the window is about to close: the sign-in dialog is shown before it goes."""
        if self.window is not None:
            self.window.idle_lock.stop()
            self._closed, self.window = self.window, None
        ctx = self._ctx
        login = LoginDialog(self._tasks, lang=ctx.lang, database_text=self._database_text, demo=ctx.db.demo,
                            authenticate=ctx.users.authenticate, change_password=ctx.users.change_password,
                            user_name="" if switch_user else name)
        login.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        login.accepted.connect(lambda: self._signed_in(login))
        login.rejected.connect(self._cancelled)
        self.login = login
        login.show()

    def _signed_in(self, login: LoginDialog) -> None:
        self.login = None
        if self._closed is not None:
            self._closed.deleteLater()
            self._closed = None
        assert login.signed_in is not None
        self.open_window(login.signed_in)

    def _cancelled(self) -> None:
        self.login = None
        self.finished.emit()
