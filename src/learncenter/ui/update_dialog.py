"""Help ▸ Software update…: the version running, the one the registry announced with what is new,
and — for those who maintain the workstation — downloading it, or taking it from a USB stick,
to be installed at the next start (sync.workstation_updates, learncenter.updating).

Reading and fetching run in workers; the dialog is window-modal and never blocks the window.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from learncenter import __version__
from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.domain.permissions import Permission, allows
from learncenter.domain.roles import SignedIn
from learncenter.domain.updates import UpdateManifest
from learncenter.ui import file_dialogs
from learncenter.ui.tasks import Tasks
from learncenter.updating import pending_package

if TYPE_CHECKING:
    from learncenter.sync.workstation_updates import WorkstationUpdates

log = logging.getLogger(__name__)


class UpdateDialog(QDialog):
    def __init__(self, parent: QWidget, ctx: AppContext, tasks: Tasks, user: SignedIn) -> None:
        super().__init__(parent)
        self._ctx, self._tasks, self._user = ctx, tasks, user
        self.manifest: UpdateManifest | None = None
        self.setWindowTitle(self.tr("Software update"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(520)
        self.running = QLabel(self.tr("This version: %1").replace("%1", __version__))
        self.news = QLabel(self.tr("Looking for a new version…"))
        self.news.setWordWrap(True)
        self.news.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.fetch_button = QPushButton(self.tr("&Download, install at the next start"))
        self.folder_button = QPushButton(self.tr("From a &folder (USB stick)…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.fetch_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.running)
        layout.addWidget(self.news)
        layout.addWidget(self.state)
        layout.addWidget(buttons)
        self._maintains = allows(user.role, Permission.MAINTAIN)
        self.fetch_button.setEnabled(False)
        self.folder_button.setEnabled(self._maintains)
        if not self._maintains:
            self.state.setText(self.tr("An administrator installs updates."))
        self.fetch_button.clicked.connect(self.fetch)
        self.folder_button.clicked.connect(self.choose_folder)
        self._show_pending()
        tasks.work(lambda: self._updates().available(), self._read, self._failed)

    def _updates(self) -> WorkstationUpdates:
        from learncenter.sync.workstation_updates import WorkstationUpdates  # the sync package, on first use

        return WorkstationUpdates(self._ctx.db)

    def _read(self, manifest: object) -> None:
        self.manifest = manifest if isinstance(manifest, UpdateManifest) else None
        if self.manifest is None:
            self.news.setText(self.tr("No newer version has been announced by the registry. The registry says so at "
                                      "each sync; an update on a USB stick can be taken from its folder."))
            return
        m = self.manifest
        size = f"{m.package_size / 1e6:.1f} MB" if m.package_size >= 100_000 else f"{m.package_size / 1e3:.1f} KB"
        self.news.setText(self.tr("New version %1, published %2 (%3). What is new:\n%4").replace("%1", m.version)
                          .replace("%2", m.published_at[:10]).replace("%3", size)
                          .replace("%4", m.notes(self._ctx.lang) or "—"))
        self.fetch_button.setEnabled(self._maintains)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, DomainError):
            self.state.setText(exc.text(self._ctx.lang))
        else:
            log.error("updates: could not read or fetch", exc_info=exc)
            self.state.setText(self.tr("That did not work; nothing was installed. The details are in the log."))
        self.fetch_button.setEnabled(self._maintains and self.manifest is not None)
        self.folder_button.setEnabled(self._maintains)

    def _show_pending(self) -> None:
        pending = pending_package(self._ctx.data_dir.root)
        if pending is not None:
            self.state.setText(self.tr("%1 is checked and waits: it is installed the next time learncenter starts.")
                               .replace("%1", pending.name))

    def fetch(self) -> None:
        from learncenter.sync.center import open_link

        self.fetch_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self.state.setText(self.tr("Downloading…"))
        db, user = self._ctx.db, self._user

        def download() -> object:
            link = open_link(db, actor=user)
            try:
                return self._updates().fetch(link, actor=user)
            finally:
                link.close()

        self._tasks.network(download, self._staged, self._failed)

    def choose_folder(self) -> None:
        file_dialogs.choose_folder(self, self.tr("The folder with the update"), self._from_folder)

    def _from_folder(self, folder: Path) -> None:
        self.fetch_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        user = self._user
        self._tasks.work(lambda: self._updates().from_folder(folder, actor=user), self._staged, self._failed)

    def _staged(self, _staged: object) -> None:
        self._show_pending()
        self.folder_button.setEnabled(self._maintains)
