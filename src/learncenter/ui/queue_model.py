"""The queue as a table model that fetches a page at a time as the view scrolls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from learncenter.domain import codes
from learncenter.domain.lifecycle import RecordState, state_label
from learncenter.store.queue import QueueRow

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


class QueueModel(QAbstractTableModel):
    """Rows come from ``fetch(after, limit)``; a search replaces them with a fixed list."""

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lang = lang
        self._rows: list[QueueRow] = []
        self._fetch: Callable[[tuple[str, str] | None, int], list[QueueRow]] | None = None
        self._exhausted = True
        self._headers = [self.tr("Name"), self.tr("ID number"), self.tr("Gender"), self.tr("Birth date"),
                         self.tr("Level"), self.tr("Major"), self.tr("State"), self.tr("Registration no.")]

    def show_pages(self, fetch: Callable[[tuple[str, str] | None, int], list[QueueRow]]) -> None:
        self.beginResetModel()
        self._fetch, self._rows, self._exhausted = fetch, [], False
        self.endResetModel()
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
        after = (self._rows[-1].name, self._rows[-1].record_id) if self._rows else None
        more = self._fetch(after, PAGE)
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
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        row = self._rows[index.row()]
        lang = self._lang
        values = (row.name, row.id_number, codes.gender_label(row.gender, lang) or row.gender,
                  row.birth_date.isoformat(), codes.level_label(row.level, lang) or row.level, row.major_name,
                  state_label(RecordState(row.state), lang), row.registration_no)
        return values[index.column()]
