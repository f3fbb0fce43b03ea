"""Records the registry sent back, with its reason; a supervisor-approved correction sends each
out again as a new version.

The list is read in the general pool and shown most recent first. Enter or a double click on a
row opens the correction dialog with the registry's reason above the form.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from learncenter.domain.roles import SignedIn
from learncenter.context import AppContext
from learncenter.domain.masking import mask_id_number
from learncenter.domain.messages import DomainError
from learncenter.services.returned_records import ReturnedRecord, returned_records
from learncenter.ui.candidate_form import fill_in
from learncenter.ui.corrections import open_correction
from learncenter.ui.prompts import ReasonDialog
from learncenter.ui.tables import fill_table, read_only_table
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)


class ReturnedPage(QWidget):
    changed = Signal()  # a correction was saved: counts and the queue need refreshing

    def __init__(self, ctx: AppContext, tasks: Tasks, *, actor: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._tasks, self._actor = ctx, tasks, actor
        self._rows: list[ReturnedRecord] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = read_only_table([
            self.tr("Name"), self.tr("ID number"), self.tr("Round"), self.tr("Major"),
            self.tr("Reason of the registry"), self.tr("Returned at")], stretch=4, single=True)
        self.table.doubleClicked.connect(lambda _index: self.correct_current())
        self.correct_button = QPushButton(self.tr("&Correct…"))
        self.correct_button.clicked.connect(self.correct_current)
        self.withdraw_button = QPushButton(self.tr("With&draw…"))
        self.withdraw_button.setToolTip(self.tr("Give the record up instead of sending it again, with a reason"))
        self.withdraw_button.clicked.connect(self.withdraw_current)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.correct_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        db = self._ctx.db
        actor = self._actor
        self._tasks.work(lambda: returned_records(db, actor=actor), self._show, self._failed)

    def _show(self, rows: object) -> None:
        assert isinstance(rows, list)
        self._rows = rows
        lang = self._ctx.lang
        fill_table(self.table, [  # tooltips: the registry's reason is often longer than its column
            (row.name, mask_id_number(row.id_number), row.term, row.major_name,
             f"{row.reason(lang)}（{row.code}）" if row.code else row.reason(lang),
             row.returned_at.strftime("%Y-%m-%d %H:%M") if row.returned_at else "") for row in rows],
            tooltips=True)
        if rows:
            self.summary.setText(self.tr("%n record(s) came back from the registry. Select one and press Enter to correct it; a supervisor approves the correction and it is sent again.", "", len(rows)))
            self.table.selectRow(0)
        else:
            self.summary.setText(self.tr("No records have come back from the registry.\n\nWhen the registry returns a record (for example because a scan is unreadable), it appears here with the registry's reason, and a supervisor-approved correction sends it again."))  # noqa: E501 - one literal for lupdate
        self.correct_button.setEnabled(bool(rows))
        self.withdraw_button.setEnabled(bool(rows))

    @property
    def rows(self) -> Sequence[ReturnedRecord]:
        return self._rows

    def correct_current(self) -> None:
        index = self.table.currentRow()
        if not 0 <= index < len(self._rows):
            return
        row = self._rows[index]
        intro = fill_in(self.tr("Returned by the registry: %1"), row.reason(self._ctx.lang))
        open_correction(self, self._ctx, self._tasks, row.record_id, actor=self._actor, intro=intro,
                        corrected=self._corrected, say=self.summary.setText)

    def withdraw_current(self) -> None:
        """Withdraw the selected record with a reason (a duplicate confirmed elsewhere comes
        straight back if it is sent again)."""
        index = self.table.currentRow()
        if not 0 <= index < len(self._rows):
            return
        row = self._rows[index]
        dialog = ReasonDialog(self, title=self.tr("Withdraw a returned record"), ok_text=self.tr("Withdraw"),
                              question=fill_in(self.tr("Withdraw the record of %1? It is not sent again and leaves this list; the returned version stays on record."), row.name))
        dialog.answered.connect(lambda reason: self._withdraw(row.record_id, str(reason)))
        dialog.open()

    def _withdraw(self, record_id: str, reason: str) -> None:
        records, actor = self._ctx.records, self._actor
        self._tasks.write(lambda: records.withdraw(record_id, actor=actor, reason=reason),
                          lambda _sealed: self._corrected(), self._write_failed)

    def _write_failed(self, exc: Exception) -> None:
        if isinstance(exc, DomainError):
            self.summary.setText(exc.text(self._ctx.lang))
        else:
            log.error("returned records: could not withdraw", exc_info=exc)
            self.summary.setText(self.tr("The record could not be withdrawn; nothing was changed. Try again."))

    def _corrected(self) -> None:
        self.refresh()
        self.changed.emit()

    def _failed(self, exc: Exception) -> None:
        log.error("returned records: could not read", exc_info=exc)
        self.summary.setText(self.tr("The returned records could not be read; try Refresh."))
