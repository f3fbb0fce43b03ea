"""Backups from the workstation's menu, and the day's first backup made by itself.

Workstation ▸ Back up now… (for those who maintain the database) asks for a folder — a USB stick,
say — in Qt's own folder dialog and writes the backup there in a worker; the window stays usable
and says where it went. Workstation ▸ Restore from a backup… asks for a backup's folder and, once
the administrator said yes, hands it to the shell, which closes the window and the database and
restores (ui/shell.py). After each sign-in the day's automatic backup (``services.backups``:
one a day in the data folder, the last seven kept) is made a few seconds later in a worker, and
the status bar says so; a failure is said there and logged, without stopping anyone's work.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMenu

from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.domain.permissions import Permission, allows
from learncenter.domain.roles import SignedIn
from learncenter.services.backups import BackupMade, BackupService
from learncenter.ui import file_dialogs, prompts
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)
DAILY_DELAY_MS = 5_000  # after the window is up and the first page is built


class BackupMenu(QObject):
    restore_chosen = Signal(object)  # the backup folder the administrator chose to restore (a Path)

    def __init__(self, window: QMainWindow, ctx: AppContext, tasks: Tasks, user: SignedIn) -> None:
        super().__init__(window)
        self._window, self._ctx, self._tasks, self._user = window, ctx, tasks, user
        self.service = BackupService(ctx.db)
        self.last: BackupMade | None = None  # the last backup this window made

    def add_to(self, menu: QMenu) -> None:
        if allows(self._user.role, Permission.MAINTAIN):
            menu.addAction(self.tr("&Back up now…"), self.back_up_now)
            menu.addAction(self.tr("&Restore from a backup…"), self.restore)

    def restore(self) -> None:
        """Ask for the backup's folder, then whether to replace the database with it; the window
        then closes and the shell restores (services.backups.restore_database)."""
        file_dialogs.choose_folder(self._window, self.tr("Restore from which backup folder?"), self._restore_from)

    def _restore_from(self, folder: Path) -> None:
        prompts.ask_yes_no(self._window, self.tr("Restore"), self.tr(
            "Replace the database with the backup in %1?\n\nThe backup is checked first; if it fails, nothing "
            "changes. The database it replaces is kept in the data folder's backups folder, so the restore "
            "can be undone. Everyone is signed out and signs in again afterwards.").replace("%1", str(folder)),
            lambda: self.restore_chosen.emit(folder))

    def back_up_now(self) -> None:
        file_dialogs.choose_folder(self._window, self.tr("Back up to which folder?"), self._back_up_to)

    def _back_up_to(self, folder: Path) -> None:
        self._window.statusBar().showMessage(self.tr("Backing up to %1…").replace("%1", str(folder)))
        self._tasks.work(lambda: self.service.back_up_to(folder, actor=self._user), self._made, self._failed)

    def _made(self, made: object) -> None:
        assert isinstance(made, BackupMade)
        self.last = made
        self._window.statusBar().clearMessage()
        prompts.tell(self._window, self.tr("Backup"), self.tr(
            "The backup was written to %1. It is encrypted like the database; keep the stick somewhere safe. "
            "To put it back: learncenter db restore with this folder.").replace("%1", str(made.folder)))

    def _failed(self, exc: Exception) -> None:
        self._window.statusBar().clearMessage()
        prompts.tell(self._window, self.tr("Backup"), self._why(exc))

    def daily_after_sign_in(self, delay_ms: int = DAILY_DELAY_MS) -> None:
        """The day's backup, unless one was made today, ``delay_ms`` from now."""
        QTimer.singleShot(delay_ms, self, self._daily)

    def _daily(self) -> None:
        self._tasks.work(lambda: self.service.daily(actor=self._user, today=self._ctx.today()),
                         self._daily_made, self._daily_failed)

    def _daily_made(self, made: object) -> None:
        if isinstance(made, BackupMade):
            self.last = made
            self._window.statusBar().showMessage(self.tr("Today's backup was made: %1").replace("%1", str(made.folder)),
                                                 15_000)

    def _daily_failed(self, exc: Exception) -> None:
        self._window.statusBar().showMessage(self.tr("Today's backup could not be made: %1").replace(
            "%1", self._why(exc)))

    def _why(self, exc: Exception) -> str:
        if isinstance(exc, DomainError):
            return exc.text(self._ctx.lang)
        if isinstance(exc, OSError):
            return self.tr("the folder could not be written (%1). Check the stick or choose another folder.") \
                .replace("%1", exc.strerror or type(exc).__name__)
        log.error("backup failed", exc_info=exc)
        return self.tr("an unexpected error stopped it; nothing was changed. The details are in the log.")
