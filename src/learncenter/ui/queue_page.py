"""Today's candidates: search by ID, name, pinyin initials or registration number; filter by state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from learncenter.context import AppContext
from learncenter.domain.lifecycle import RecordState
from learncenter.store import queue
from learncenter.store.queue import QueueRow
from learncenter.store.search import search
from learncenter.ui.queue_model import QueueModel
from learncenter.ui.tasks import Tasks

WAITING = (RecordState.PRE_REGISTERED, RecordState.DRAFT, RecordState.AWAITING_CONFIRMATION)


class QueuePage(QWidget):
    open_record = Signal(str)

    def __init__(self, ctx: AppContext, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._tasks = ctx, tasks
        self._generation = 0
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("ID number, name, pinyin initials or registration number"))
        self.search_edit.setClearButtonEnabled(True)
        self.filter = QComboBox()
        self.filter.addItem(self.tr("Waiting for confirmation"), [s.value for s in WAITING])
        self.filter.addItem(self.tr("Sealed"), [RecordState.CONFIRMED.value, RecordState.REFUSED.value,
                                                RecordState.SUBMITTED.value, RecordState.ACCEPTED.value])
        self.filter.addItem(self.tr("Returned by the registry"), [RecordState.RETURNED.value])
        self.filter.addItem(self.tr("All"), [])
        self.count_label = QLabel()
        self.model = QueueModel(ctx.lang, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        digits = self.table.fontMetrics().horizontalAdvance("44052418800101001X") + 24
        self.table.setColumnWidth(1, digits)  # an ID number is read whole, never elided
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 3)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.search_edit.textChanged.connect(self.refresh)
        self.search_edit.returnPressed.connect(self._open_current)
        self.filter.currentIndexChanged.connect(self.refresh)
        self.table.activated.connect(self._open_index)
        self.refresh()

    def _states(self) -> list[str]:
        return list(self.filter.currentData())

    def refresh(self) -> None:
        self._generation += 1
        generation, text, states = self._generation, self.search_edit.text().strip(), self._states()
        db = self._ctx.db
        if text:
            def find() -> list[QueueRow]:
                with db.read() as conn:
                    hits = search(conn, text, limit=200)
                    rows = queue.rows_by_id(conn, [h.record_id for h in hits])
                return [r for r in rows if not states or r.state in states]

            self._tasks.work(find, lambda rows: self._show(generation, rows), self._failed)
        else:
            def total() -> int:
                with db.session() as session:
                    return queue.count(session, states)

            self._tasks.work(total, lambda n: self._show_pages(generation, states, n), self._failed)

    def _fetcher(self, states: list[str]) -> Callable[[tuple[str, str] | None, int], list[QueueRow]]:
        db = self._ctx.db

        def fetch(after: tuple[str, str] | None, limit: int) -> list[QueueRow]:
            with db.session() as session:
                return queue.page(session, states, after=after, limit=limit)

        return fetch

    def _show_pages(self, generation: int, states: list[str], total: object) -> None:
        if generation == self._generation:
            self.model.show_pages(self._fetcher(states))
            self.count_label.setText(self.tr("%n record(s)", "", int(str(total))))

    def _show(self, generation: int, rows: object) -> None:
        if generation == self._generation and isinstance(rows, list):
            self.model.show_rows(rows)
            self.count_label.setText(self.tr("%n record(s)", "", len(rows)))
            if rows:
                self.table.selectRow(0)

    def _failed(self, exc: Exception) -> None:
        self.count_label.setText(self.tr("Search failed; try again."))

    def _open_current(self) -> None:
        if self.model.rowCount() == 1 or self.table.currentIndex().isValid():
            row = self.table.currentIndex().row() if self.table.currentIndex().isValid() else 0
            self.open_record.emit(self.model.row_at(row).record_id)

    def _open_index(self, index: QModelIndex) -> None:
        self.open_record.emit(self.model.row_at(index.row()).record_id)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()
