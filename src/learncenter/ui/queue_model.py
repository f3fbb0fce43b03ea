"""The queue as a table model that fetches a page at a time as the view scrolls.

ID numbers are shown masked (360426********0071): a list is read by whoever stands at the desk.
Code that needs the whole number (opening the record) takes it from ``ID_NUMBER_ROLE``; the
confirmation page is where a person sees it whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from learncenter.domain import codes
from learncenter.domain.lifecycle import RecordState, state_label
from learncenter.domain.masking import mask_id_number
from learncenter.store.queue import QueueRow, SortKey

PAGE = 200
Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[QueueRow | None, int], list[QueueRow]]  # (last row shown, how many) -> the next rows

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record's id, on every column
ID_NUMBER_ROLE = Qt.ItemDataRole.UserRole + 2  # the whole ID number, for code only, on every column

COLUMNS: tuple[SortKey, ...] = (SortKey.NAME, SortKey.ID_NUMBER, SortKey.GENDER, SortKey.BIRTH_DATE,
                                SortKey.LEVEL, SortKey.MAJOR, SortKey.STATE, SortKey.REGISTRATION_NO)
ID_COLUMN = COLUMNS.index(SortKey.ID_NUMBER)


class QueueModel(QAbstractTableModel):
    """Rows come from ``fetch(last_row, limit)``; a search replaces them with a fixed list.

    The order is the fetch's business (it is made in SQL); the model only shows what it gets.
    """

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lang = lang
        self._rows: list[QueueRow] = []
        self._fetch: Fetch | None = None
        self._exhausted = True
        self._headers = [self.tr("Name"), self.tr("ID number"), self.tr("Gender"), self.tr("Birth date"),
                         self.tr("Level"), self.tr("Major"), self.tr("State"), self.tr("Registration no.")]
        assert len(self._headers) == len(COLUMNS)

    def show_pages(self, fetch: Fetch, first: Sequence[QueueRow] | None = None) -> None:
        """Rows page by page from ``fetch``; ``first``, when given, is the first page, already read
        off the GUI thread (a first page of a large center's queue is a query worth not waiting on)."""
        self.beginResetModel()
        self._fetch, self._rows, self._exhausted = fetch, [], False
        if first is not None:
            self._rows, self._exhausted = list(first), len(first) < PAGE
        self.endResetModel()
        if first is None:
            self.fetchMore(QModelIndex())

    def show_rows(self, rows: Sequence[QueueRow]) -> None:
        self.beginResetModel()
        self._fetch, self._rows, self._exhausted = None, list(rows), True
        self.endResetModel()

    def row_at(self, row: int) -> QueueRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._exhausted and self._fetch is not None

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        more = self._fetch(self._rows[-1] if self._rows else None, PAGE)
        self._exhausted = len(more) < PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == RECORD_ID_ROLE:
            return row.record_id
        if role == ID_NUMBER_ROLE:
            return row.id_number
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        lang = self._lang
        values = (row.name, mask_id_number(row.id_number), codes.gender_label(row.gender, lang) or row.gender,
                  row.birth_date.isoformat(), codes.level_label(row.level, lang) or row.level, row.major_name,
                  state_label(RecordState(row.state), lang), row.registration_no)
        return values[index.column()]
