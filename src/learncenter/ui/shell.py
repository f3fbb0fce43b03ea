"""The signed-in workstation: one main window at a time, and signing in again after Sign out.

Sign out and Switch user close the main window (its idle lock stops with it) and show the
sign-in dialog again, on the database already open; the application keeps running. The next
person's sign-in opens a new main window for their role. Cancel there ends the application.

Restoring a backup (Workstation ▸ Restore from a backup…) also closes the window: the shell
checks that the administrator may maintain the database, waits for every page's work, closes the
database, restores in a worker (the backup checked before anything is replaced), opens the
database again — restored, or unchanged when the check failed — says what happened and shows
the sign-in dialog: everyone signs in again on what is now the database.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QMessageBox

from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import authorize
from learncenter.services.backups import restore_database
from learncenter.store.restore import Restored
from learncenter.ui.confirmation_page import Prompts
from learncenter.ui.login_dialog import LoginDialog
from learncenter.ui.main_window import MainWindow
from learncenter.ui.settings_dialog import idle_lock_minutes
from learncenter.ui.tasks import Tasks


log = logging.getLogger(__name__)
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
        self.restoring: QMessageBox | None = None  # "restoring…", shown while a restore runs
        self.message: QMessageBox | None = None  # what a restore did, over the sign-in dialog

    def open_window(self, user: SignedIn) -> MainWindow:
        self._ctx.actor = user
        window = MainWindow(self._ctx, user, self._tasks, ask=self._ask,
                            idle_lock_ms=idle_lock_minutes(self._settings) * 60_000)
        window.signed_out.connect(lambda switch_user: self._sign_in_again(user.name, switch_user=switch_user))
        window.restore_requested.connect(lambda folder: self._restore(user, Path(folder)))
        window.closing.connect(lambda: remember_window(window, self._settings))
        place_window(window, self._settings)
        window.show()
        window.backups.daily_after_sign_in()
        self.window = window
        return window

    @property
    def ctx(self) -> AppContext:
        """The context of the database open now (a new one after a restore)."""
        return self._ctx

    def _let_window_go(self) -> None:
        if self.window is not None:
            self.window.idle_lock.stop()
            self._closed, self.window = self.window, None

    def _restore(self, user: SignedIn, folder: Path) -> None:
        """Called while the window is about to close; see the module's docstring."""
        self._let_window_go()
        try:
            authorize(self._ctx.db, user, Permission.MAINTAIN)
        except DomainError as exc:
            self._sign_in_again(user.name, switch_user=False, message=exc.text(self._ctx.lang))
            return
        self._tasks.wait()  # what the pages started ends before the database closes under it
        data_dir, lang = self._ctx.data_dir, self._ctx.lang
        self._ctx.close()
        self.restoring = QMessageBox(QMessageBox.Icon.Information, self.tr("Restore"),
                                     self.tr("Checking the backup in %1 and restoring it…").replace("%1", str(folder)),
                                     QMessageBox.StandardButton.NoButton)
        self.restoring.show()
        self._tasks.work(lambda: restore_database(data_dir, folder, restored_by=user.name),
                         lambda restored: self._restored(user, folder, restored), lambda exc: self._not_restored(user, exc))

    def _restored(self, user: SignedIn, folder: Path, restored: object) -> None:
        assert isinstance(restored, Restored)
        text = self.tr("The database was restored from %1: %2 records, %3 audit entries with an unbroken chain, "
                       "%4 photos and scans.").replace("%1", str(folder)).replace("%2", str(restored.records)) \
            .replace("%3", str(restored.audit_entries)).replace("%4", str(restored.blobs))
        if restored.set_aside is not None:
            text += "\n\n" + self.tr("The database it replaced is kept in %1; restore from there to undo.").replace(
                "%1", str(restored.set_aside))
        self._reopen(user, text)

    def _not_restored(self, user: SignedIn, exc: Exception) -> None:
        if isinstance(exc, DomainError):
            why = exc.text(self._ctx.lang)
        else:
            log.error("the restore stopped", exc_info=exc)
            why = self.tr("an unexpected error stopped it; the details are in the log.")
        self._reopen(user, self.tr("Nothing was restored: %1 The database is as it was.").replace("%1", why))

    def _reopen(self, user: SignedIn, text: str) -> None:
        if self.restoring is not None:
            self.restoring.close()
        try:
            self._ctx = AppContext.open(self._ctx.data_dir.root, lang=self._ctx.lang)
        except Exception as exc:  # noqa: BLE001 - said in words; the program ends after it
            log.error("the database could not be opened after a restore", exc_info=exc)
            box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Restore"), text + "\n\n" + self.tr(
                "The database could not be opened again. Start learncenter again; if it still fails, restore "
                "with learncenter db restore."), QMessageBox.StandardButton.Ok)
            box.finished.connect(lambda _result: self.finished.emit())
            self.message = box
            box.open()
            return
        self._sign_in_again(user.name, switch_user=False, message=text)

    def _sign_in_again(self, name: str, *, switch_user: bool, message: str = "") -> None:
        """Called while the window is about to close: the sign-in dialog is shown before it goes;
        ``message`` is said over it (what a restore did)."""
        self._let_window_go()
        ctx = self._ctx
        login = LoginDialog(self._tasks, lang=ctx.lang, database_text=self._database_text, demo=ctx.db.demo,
                            authenticate=ctx.users.authenticate, change_password=ctx.users.change_password,
                            user_name="" if switch_user else name)
        login.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        login.accepted.connect(lambda: self._signed_in(login))
        login.rejected.connect(self._cancelled)
        self.login = login
        login.show()
        if message:
            self.message = QMessageBox(QMessageBox.Icon.Information, self.tr("Restore"), message,
                                       QMessageBox.StandardButton.Ok, login)
            self.message.setWindowModality(Qt.WindowModality.WindowModal)
            self.message.open()

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
