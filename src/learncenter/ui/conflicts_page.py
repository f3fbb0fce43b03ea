"""Sync conflicts for the clerk: what the registry sent that was not applied over a record here.

Down-sync never overwrites a record with changes of its own (protocol §8); each such change
waits here with what the registry sent next to what is held here, field by field, so the clerk
decides: keep this center's version, or take the registry's (only while the record is not
sealed; a sealed record changes only by a supervisor-approved correction). Both decisions are
audited by ``services.sync_conflicts``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from learncenter.domain.roles import SignedIn
from learncenter.context import AppContext
from learncenter.domain import exemptions
from learncenter.domain.admission_types import admission_type_label
from learncenter.domain.codes import field_label
from learncenter.domain.messages import DomainError
from learncenter.services.sync_conflicts import Conflict, open_conflicts, settle, take_registry
from learncenter.ui.tables import fill_table, read_only_table
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)


class ConflictsPage(QWidget):
    changed = Signal()  # a conflict was settled: counts and the queue need refreshing

    def __init__(self, ctx: AppContext, tasks: Tasks, *, actor: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._tasks, self._actor = ctx, tasks, actor
        self._rows: list[Conflict] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = read_only_table([
            self.tr("Name"), self.tr("Round / ID number"), self.tr("Why it was not applied"),
            self.tr("Registry version"), self.tr("Received at")], stretch=2, single=True)
        self.table.currentCellChanged.connect(lambda *_cells: self._show_current())
        self.fields = QTableWidget(0, 3)
        self.fields.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Sent by the registry"),
                                               self.tr("Held here")])
        self.fields.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fields.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()  # about the selected conflict
        self.note.setWordWrap(True)
        self.message = QLabel()  # why the last decision was refused, until the next one is made
        self.message.setWordWrap(True)
        self.keep_button = QPushButton(self.tr("&Keep ours"))
        self.keep_button.clicked.connect(self.keep_current)
        self.take_button = QPushButton(self.tr("&Take the registry's"))
        self.take_button.clicked.connect(self.take_current)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.take_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.fields, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()

    @property
    def rows(self) -> Sequence[Conflict]:
        return self._rows

    def refresh(self) -> None:
        db = self._ctx.db
        actor = self._actor
        self._tasks.work(lambda: open_conflicts(db, actor=actor), self._show, self._failed)

    def _show(self, rows: object) -> None:
        assert isinstance(rows, list)
        self._rows = rows
        reasons = {"local_changes": self.tr("Changed here since the registry's last version"),
                   "local_record": self.tr("The same candidate was entered here"),
                   "invalid": self.tr("What the registry sent is not valid")}
        lang = self._ctx.lang
        fill_table(self.table, [(row.who, row.key, _student_problem(row.registry_data, lang)
                                 or reasons.get(row.reason, row.reason), str(row.version),
                                 row.received_at.strftime("%Y-%m-%d %H:%M")) for row in rows])
        if rows:
            self.summary.setText(self.tr("%n change(s) from the registry were not applied because the record here has changes of its own. Compare them, then keep this center's version or take the registry's.", "", len(rows)))  # noqa: E501 - one literal for lupdate
            self.table.selectRow(0)
        else:
            self.summary.setText(self.tr("There are no sync conflicts.\n\nWhen the registry sends a change for a record that was changed here, it is not applied: it waits here for you to compare and decide."))  # noqa: E501 - one literal for lupdate
        self._show_current()

    def _current(self) -> Conflict | None:
        index = self.table.currentRow()
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def _show_current(self) -> None:
        row = self._current()
        self.keep_button.setEnabled(row is not None)
        self.take_button.setEnabled(row is not None and row.can_take)
        self.fields.setRowCount(0)
        self.note.clear()
        if row is None:
            return
        ours = row.local_data or {}
        names = [name for name in dict.fromkeys([*row.registry_data, *ours])
                 if row.local_data is None or row.registry_data.get(name) != ours.get(name)]
        self.fields.setRowCount(len(names))
        for index, name in enumerate(names):
            lang = self._ctx.lang
            for column, text in enumerate((field_label(name, lang), _text(name, row.registry_data.get(name), lang),
                                           _text(name, ours.get(name), lang))):
                self.fields.setItem(index, column, QTableWidgetItem(text))
        if row.local_data is None:
            self.note.setText(self.tr("No record is held here for this change any more."))
        elif not row.can_take:
            self.note.setText(self.tr("The registry's version cannot be taken: the record here is sealed or what was sent is not valid. Keep ours, and correct the record with a supervisor's approval if the registry is right."))  # noqa: E501 - one literal for lupdate

    def keep_current(self) -> None:
        row = self._current()
        if row is None:
            return
        db, actor = self._ctx.db, self._actor
        self._decide(lambda: settle(db, row.conflict_id, actor=actor, note="kept ours"))

    def take_current(self) -> None:
        row = self._current()
        if row is None or not row.can_take:
            return
        db, actor = self._ctx.db, self._actor
        self._decide(lambda: take_registry(db, row.conflict_id, actor=actor))

    def _decide(self, decision: Callable[[], object]) -> None:
        self._tasks.write(decision, lambda _result: self._decided(), self._refused)

    def _decided(self) -> None:
        self.message.clear()
        self.refresh()
        self.changed.emit()

    def _refused(self, exc: Exception) -> None:
        if isinstance(exc, DomainError):
            self.message.setText(exc.text(self._ctx.lang))
            self.refresh()
            return
        self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        log.error("sync conflicts: could not read or settle", exc_info=exc)
        self.summary.setText(self.tr("The sync conflicts could not be read; try Refresh."))


def _text(name: str, value: object, lang: str) -> str:
    if name == "exemptions" and value:  # kept by codes; the clerk compares them in words
        return exemptions.describe(str(value), lang)
    if name == "admission_type" and value:
        return admission_type_label(str(value), lang)
    return "" if value is None else str(value)


def _student_problem(data: dict[str, object], lang: str) -> str:
    """Why a student change from the registry (an admission, a decision) was not taken, in words."""
    problem = data.get("problem")
    return str(problem.get(lang) or problem.get("zh") or "") if isinstance(problem, dict) else ""
