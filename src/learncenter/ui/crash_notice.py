"""Telling the clerk, in a window, that something unexpected failed.

``log_files`` writes every exception nobody caught (in a slot, a worker thread) to the private
log, scrubbed; this shows one warning box on the GUI thread saying so, where the log is, and that
what was saved is safe. The exception itself never reaches the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox


class CrashNotice(QObject):
    _failed = Signal()

    def __init__(self, log_path: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._log_path = log_path
        self.box: QMessageBox | None = None
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
        self.box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.box.destroyed.connect(self._forget)
        self.box.open()

    def _forget(self) -> None:
        self.box = None
