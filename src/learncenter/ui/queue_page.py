"""Today's candidates: search by ID, name, pinyin initials or registration number; filter by state;
sort by any column; a context menu on a row to open it, reprint its receipt or correct it.

Sorting is done by the database (``store.queue``), a page at a time: clicking a header never loads
the whole queue. Search results come best match first until the clerk clicks a header; that
order then holds until the search box is emptied, when the list's own order comes back.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, QPoint, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from learncenter.context import AppContext
from learncenter.domain.lifecycle import RecordState, is_sealed
from learncenter.domain.roles import SignedIn
from learncenter.services.queue_reads import QueueReads
from learncenter.store.queue import NAME_ORDER, Order, QueueRow
from learncenter.ui.queue_model import COLUMNS, ID_COLUMN, PAGE, Fetch, QueueModel, QueueView
from learncenter.ui.tasks import Tasks

WAITING = (RecordState.PRE_REGISTERED, RecordState.DRAFT, RecordState.AWAITING_CONFIRMATION)
# A receipt says the record was confirmed here: not for one refused on site, nor once withdrawn.
NO_RECEIPT = (RecordState.REFUSED, RecordState.WITHDRAWN)


class QueuePage(QWidget):
    open_record = Signal(str)  # the record's id
    reprint_record = Signal(str)  # print the receipt of this sealed record again
    correct_record = Signal(str)  # start a correction of this sealed record

    def __init__(self, ctx: AppContext, tasks: Tasks, parent: QWidget | None = None, *, actor: SignedIn) -> None:
        super().__init__(parent)
        self._tasks, self._actor = tasks, actor
        self._reads = QueueReads(ctx.db)
        self._generation = 0
        self._stale = False
        self._order = NAME_ORDER  # the order the clerk chose by clicking a header
        self._by_relevance = True  # search results best match first, until a header is clicked
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
        self.model = QueueModel(ctx.lang, tasks, self)
        self.model.fetch_failed.connect(self._page_failed)
        self.table = QueueView()
        self.table.setModel(self.model)
        self.table.painted.connect(self.model.view_painted)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COLUMNS.index(self._order.key), Qt.SortOrder.AscendingOrder)
        digits = self.table.fontMetrics().horizontalAdvance("440524********001X") + 24
        self.table.setColumnWidth(ID_COLUMN, digits)  # never elided
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 3)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.search_edit.textChanged.connect(self._text_changed)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.table.customContextMenuRequested.connect(self.show_context_menu)
        self.search_edit.returnPressed.connect(self._open_current)
        self.filter.currentIndexChanged.connect(self.refresh)
        self.table.activated.connect(self._open_index)
        self.refresh()

    def _states(self) -> list[str]:
        return list(self.filter.currentData())

    @property
    def order(self) -> Order:
        return self._order

    def _text_changed(self, text: str) -> None:
        if not text.strip():
            self._by_relevance = True
            self._show_indicator(self._order)  # the list's own order
        elif self._by_relevance:
            self._show_indicator(None)  # best match first: no column is the order
        self.refresh()

    def _show_indicator(self, order: Order | None) -> None:
        header = self.table.horizontalHeader()
        with QSignalBlocker(header):
            if order is None:
                header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            else:
                header.setSortIndicator(COLUMNS.index(order.key), Qt.SortOrder.DescendingOrder
                                        if order.descending else Qt.SortOrder.AscendingOrder)
        header.viewport().update()

    def _sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        if not 0 <= section < len(COLUMNS):
            return
        self._order = Order(COLUMNS[section], order == Qt.SortOrder.DescendingOrder)
        self._by_relevance = False
        self.refresh()

    def refresh(self) -> None:
        """Read the list again; while another page of a shown window is in front, only note that
        it is out of date and read it when the queue is shown (after every seal a large center's
        list would otherwise be read for nobody)."""
        if self.window().isVisible() and not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._generation += 1
        generation, text, states = self._generation, self.search_edit.text().strip(), self._states()
        reads, actor = self._reads, self._actor
        if text:
            order = None if self._by_relevance else self._order

            def find() -> list[QueueRow]:
                return reads.find(text, states, actor=actor, order=order)

            self._tasks.work(find, lambda rows: self._show(generation, rows), self._failed)
        else:
            order = self._order
            fetch = self._fetcher(states, order)

            def first_page() -> tuple[int, list[QueueRow]]:
                return reads.count(states, actor=actor), fetch(None, PAGE)

            self._tasks.work(first_page, lambda result: self._show_pages(generation, fetch, result), self._failed)

    def _fetcher(self, states: list[str], order: Order) -> Fetch:
        reads, actor = self._reads, self._actor

        def fetch(after: QueueRow | None, limit: int) -> list[QueueRow]:
            return reads.page(states, actor=actor, order=order, after=after, limit=limit)

        return fetch

    def _show_pages(self, generation: int, fetch: Fetch, result: object) -> None:
        if generation == self._generation:
            assert isinstance(result, tuple)
            total, first = result
            self.model.show_pages(fetch, first)
            self.count_label.setText(self.tr("%n record(s)", "", int(total)))

    def _show(self, generation: int, rows: object) -> None:
        if generation == self._generation and isinstance(rows, list):
            self.model.show_rows(rows)
            self.count_label.setText(self.tr("%n record(s)", "", len(rows)))
            if rows:
                self.table.selectRow(0)

    def _failed(self, exc: Exception) -> None:
        self.count_label.setText(self.tr("Search failed; try again."))

    def _page_failed(self) -> None:
        self.count_label.setText(self.tr("Could not read more of the list; scroll again or choose the filter again."))

    def _open_current(self) -> None:
        if self.model.rowCount() == 1 or self.table.currentIndex().isValid():
            row = self.table.currentIndex().row() if self.table.currentIndex().isValid() else 0
            self._open_row(row)

    def _open_index(self, index: QModelIndex) -> None:
        self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        record = self.model.loaded_row(row)
        if record is not None:  # a placeholder opens nothing; its row is on its way
            self.open_record.emit(record.record_id)

    def show_context_menu(self, pos: QPoint) -> QMenu | None:
        """The row's menu at ``pos`` (viewport coordinates, as the view reports a right click or
        the menu key); returns it open, or None when ``pos`` is not on a row."""
        index = self.table.indexAt(pos)
        if not index.isValid() or self.model.loaded_row(index.row()) is None:
            return None
        self.table.setCurrentIndex(index)
        menu = self.row_menu(index.row())
        menu.popup(self.table.viewport().mapToGlobal(pos))
        return menu

    def row_menu(self, row: int) -> QMenu:
        """Open, Reprint receipt and Correct… for the row; the last two only for sealed records, and
        no receipt for one refused on site or withdrawn (its receipt would say it was confirmed)."""
        record = self.model.row_at(row)
        state = RecordState(record.state)
        record_id, sealed = record.record_id, is_sealed(state)
        has_receipt = sealed and not record.refused and state not in NO_RECEIPT
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for text, signal, enabled in ((self.tr("&Open"), self.open_record, True),
                                      (self.tr("&Reprint receipt"), self.reprint_record, has_receipt),
                                      (self.tr("&Correct…"), self.correct_record, sealed)):
            action = QAction(text, menu)  # owned by the menu, never by a Python wrapper
            action.setEnabled(enabled)
            action.triggered.connect(partial(signal.emit, record_id))
            menu.addAction(action)
        menu.setDefaultAction(menu.actions()[0])
        return menu

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()
