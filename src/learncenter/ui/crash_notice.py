"""Telling the clerk, in a window, that something unexpected failed.

``log_files`` writes every exception nobody caught (in a slot, a worker thread) to the private
log, scrubbed; this shows one warning box on the GUI thread saying so, where the log is, and that
what was saved is safe. The exception itself never reaches the screen. The box offers to save a
support file (``learncenter.support_file``: the logs, the versions and the settings, no records)
wherever the clerk chooses, a USB stick for instance, to hand to whoever supports the center.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, QSettings, Qt, Signal, qVersion
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QPushButton, QWidget

from learncenter import support_file
from learncenter.ui import file_dialogs


class CrashNotice(QObject):
    _failed = Signal()

    def __init__(self, log_path: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._log_path = log_path
        self.box: QMessageBox | None = None
        self.support_button: QPushButton | None = None
        self.saved: Path | None = None  # the last support file written
        self._failed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def uncaught(self, _exc: BaseException) -> None:
        """For ``log_files.on_uncaught``: safe to call from any thread."""
        self._failed.emit()

    def _show(self) -> None:
        if self.box is not None and self.box.isVisible():
            return  # one box for a burst of failures
        self.box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Unexpected error"),
            self.tr("Something unexpected went wrong; everything already saved is safe. Where it failed "
                    "is written to %1 (without any candidate's data); please send that file to support.")
            .replace("%1", self._log_path),
            QMessageBox.StandardButton.Ok, QApplication.activeWindow())
        self.support_button = self.box.addButton(self.tr("Save a &support file…"),
                                                  QMessageBox.ButtonRole.ActionRole)
        self.box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.box.buttonClicked.connect(self._clicked)
        self.box.finished.connect(self._forget)
        self.box.open()

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.support_button:
            self.save_support_file(self.box.parentWidget() if self.box is not None else None)

    def save_support_file(self, parent: QWidget | None) -> None:
        """Ask where, then write the support file there and say so."""
        name = f"learncenter-support-{datetime.now():%Y%m%d-%H%M}.zip"
        file_dialogs.save_file(parent, self.tr("Save a support file"), [self.tr("Zip files (*.zip)")],
                               lambda path: self._write(parent, path), suggested=Path.home() / name)

    def _write(self, parent: QWidget | None, path: Path) -> None:
        settings = QSettings()
        values = {key: settings.value(key) for key in settings.allKeys()}
        try:
            self.saved = support_file.write(
                path, log_folder=Path(self._log_path).parent, settings=values,
                versions_found=support_file.versions({"qt": qVersion(), "pyside6": pyside_version}))
        except OSError as exc:
            text = self.tr("The support file could not be written to %1: %2. Choose another folder.") \
                .replace("%1", str(path)).replace("%2", exc.strerror or type(exc).__name__)
            icon = QMessageBox.Icon.Warning
        else:
            text = self.tr("The support file was saved as %1. It holds the log, the versions and the "
                           "settings, no candidate's data.").replace("%1", str(self.saved))
            icon = QMessageBox.Icon.Information
        told = QMessageBox(icon, self.tr("Support file"), text, QMessageBox.StandardButton.Ok, parent)
        told.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        told.open()

    def _forget(self, _result: int = 0) -> None:
        self.box = None
        self.support_button = None
