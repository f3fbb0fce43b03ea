"""The queue as a table model: a window of pages, read by keyset in a worker as the view scrolls.

Rows are appended a page at a time when the view reaches the end (``fetchMore``); the page is read
in the general pool and inserted when it arrives, so the view never waits on the database. The
model keeps at most ``WINDOW`` pages of rows: a page far from the rows the view last asked for is
dropped, and only its last row (the keyset cursor of the next page) stays. A dropped page shows
placeholder rows when scrolled back to and is read again, after the cursor of the page before
it, the same query as the first time. Memory stays that of a few pages however far the clerk
scrolls through 200,000 candidates (plus one row per page for the cursors).

ID numbers are shown masked (360426********0071): a list is read by whoever stands at the desk.
Code that needs the whole number (opening the record) takes it from ``ID_NUMBER_ROLE``; the
confirmation page is where a person sees it whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QTableView

from learncenter.domain import codes
from learncenter.domain.lifecycle import RecordState, state_label
from learncenter.domain.masking import mask_id_number
from learncenter.store.queue import QueueRow, SortKey
from learncenter.ui.tasks import Tasks

PAGE = 200
READ_AFTER_MS = 30  # the next page is read at the latest this long after the view asked for it
WINDOW = 6  # pages of rows kept: a screen shows at most two, scrolling back a few more is instant
Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[QueueRow | None, int], list[QueueRow]]  # (last row shown, how many) -> the next rows
Shown = tuple[QueueRow, tuple[str, ...]]  # a row and the text of its columns, made in the worker

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record's id, on every column
ID_NUMBER_ROLE = Qt.ItemDataRole.UserRole + 2  # the whole ID number, for code only, on every column
PLACEHOLDER = "…"  # in the first column of a row whose page is being read again

COLUMNS: tuple[SortKey, ...] = (SortKey.NAME, SortKey.ID_NUMBER, SortKey.GENDER, SortKey.BIRTH_DATE,
                                SortKey.LEVEL, SortKey.MAJOR, SortKey.STATE, SortKey.REGISTRATION_NO)
ID_COLUMN = COLUMNS.index(SortKey.ID_NUMBER)


class QueueView(QTableView):
    """The queue's table: says when it has painted, so that the model reads a page it asked for
    then, not while the GUI thread paints."""

    painted = Signal()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted.emit()


class QueueModel(QAbstractTableModel):
    """Rows come from ``fetch(last_row, limit)``, run by ``tasks`` off the GUI thread; a search
    replaces them with a fixed list.

    The order is the fetch's business (it is made in SQL); the model only shows what it gets.
    """

    fetch_failed = Signal()  # a page could not be read; the rows shown so far stay

    def __init__(self, lang: str, tasks: Tasks, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lang, self._tasks = lang, tasks
        self._pages: dict[int, list[Shown]] = {}  # page number -> its rows, at most WINDOW of them
        self._cursors: list[QueueRow] = []  # the last row of every page appended so far
        self._rows = 0  # rows appended so far (loaded or not)
        self._fetch: Fetch | None = None
        self._exhausted = True
        self._generation = 0  # a page read for an earlier list is thrown away
        self._appending = False  # the next page is being read
        self._reading: set[int] = set()  # dropped pages being read again
        self._wanted: set[int] = set()  # dropped pages the view asked for since the last timer
        self._focus = 0  # the page the view last asked for: pages far from it are dropped first
        self._reread = QTimer(self)  # reads are started after painting, never from data()
        self._reread.setSingleShot(True)
        self._reread.setInterval(0)
        self._reread.timeout.connect(self._read_wanted)
        self._read_later = QTimer(self)  # the next page's read, started once the view has painted
        self._read_later.setSingleShot(True)
        self._read_later.setInterval(READ_AFTER_MS)
        self._read_later.timeout.connect(self._read_next)
        self._headers = [self.tr("Name"), self.tr("ID number"), self.tr("Gender"), self.tr("Birth date"),
                         self.tr("Level"), self.tr("Major"), self.tr("State"), self.tr("Registration no.")]
        assert len(self._headers) == len(COLUMNS)

    def show_pages(self, fetch: Fetch, first: Sequence[QueueRow] | None = None) -> None:
        """Rows page by page from ``fetch``; ``first``, when given, is the first page, already read
        off the GUI thread (a first page of a large center's queue is a query worth not waiting on)."""
        self.beginResetModel()
        self._start(fetch)
        if first is not None:
            self._store_appended(self._shown(first))
        self.endResetModel()
        if first is None:
            self.fetchMore(QModelIndex())

    def show_rows(self, rows: Sequence[QueueRow]) -> None:
        self.beginResetModel()
        self._start(None)
        shown = self._shown(rows)
        for n in range(0, len(shown), PAGE):
            self._pages[n // PAGE] = shown[n:n + PAGE]
        self._rows = len(shown)
        self.endResetModel()

    def _start(self, fetch: Fetch | None) -> None:
        self._generation += 1
        self._fetch, self._exhausted = fetch, fetch is None
        self._pages, self._cursors, self._rows = {}, [], 0
        self._appending, self._focus = False, 0
        self._read_later.stop()
        self._reading.clear()
        self._wanted.clear()

    def row_at(self, row: int) -> QueueRow:
        """The row, which must be loaded (see ``loaded_row``)."""
        found = self.loaded_row(row)
        if found is None:
            raise LookupError(f"row {row} is not loaded")
        return found

    def loaded_row(self, row: int) -> QueueRow | None:
        """The row, or None while its page is being read again (a placeholder is shown)."""
        rows = self._pages.get(row // PAGE)
        if rows is None or not 0 <= row < self._rows:
            return None
        offset = row % PAGE
        return rows[offset][0] if offset < len(rows) else None

    def loaded_pages(self) -> list[int]:
        """The pages whose rows the model holds now, in order (how much it keeps)."""
        return sorted(self._pages)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._exhausted and self._fetch is not None

    def fetchMore(self, parent: Index) -> None:
        """Read the next page in the worker; its rows are inserted when it arrives.

        The read starts once the view has painted where it scrolled to (``view_painted``, or after
        ``READ_AFTER_MS`` when no paint comes): the view asks for more while it scrolls, before it
        paints, and a worker building a page in Python while the GUI thread paints makes the two
        take turns with the interpreter: the paint took twice as long."""
        if not self.canFetchMore(parent) or self._fetch is None or self._appending:
            return
        self._appending = True
        if self._tasks.synchronous:  # no worker to keep apart from painting
            self._read_next()
        else:
            self._read_later.start()

    def view_painted(self) -> None:
        """The view has painted: a page it asked for meanwhile is read now."""
        if self._read_later.isActive():
            self._read_later.stop()
            self._read_next()

    def _read_next(self) -> None:
        if self._fetch is None or not self._appending:
            return  # another list since: its own first page is read by show_pages
        fetch, generation = self._fetch, self._generation
        after = self._cursors[-1] if self._cursors else None
        self._tasks.work(partial(self._read, fetch, after), partial(self._appended, generation),
                         lambda exc: self._failed(generation))

    def _read(self, fetch: Fetch, after: QueueRow | None) -> list[Shown]:
        """The page after ``after`` (run in the worker; touches nothing of the model's state)."""
        return self._shown(fetch(after, PAGE))

    def _shown(self, rows: Sequence[QueueRow]) -> list[Shown]:
        """The rows with the text of their columns (run in the worker: a view asks for a cell's text
        on every paint, and Python code there is what a page costs the GUI thread)."""
        lang = self._lang
        return [(row, (row.name, mask_id_number(row.id_number), codes.gender_label(row.gender, lang) or row.gender,
                       row.birth_date.isoformat(), codes.level_label(row.level, lang) or row.level,
                       row.major_name, state_label(RecordState(row.state), lang), row.registration_no))
                for row in rows]

    def _appended(self, generation: int, rows: list[Shown]) -> None:
        if generation != self._generation:
            return
        self._appending = False
        if rows:
            self.beginInsertRows(QModelIndex(), self._rows, self._rows + len(rows) - 1)
            self._store_appended(rows)
            self.endInsertRows()
        else:
            self._exhausted = True
        self._drop_far_pages()

    def _store_appended(self, rows: list[Shown]) -> None:
        number = len(self._cursors)
        self._pages[number] = rows
        self._rows += len(rows)
        self._exhausted = len(rows) < PAGE
        if rows:
            self._cursors.append(rows[-1][0])
        self._focus = number  # the view is at the end, where it asked for this page

    def _failed(self, generation: int) -> None:
        if generation == self._generation:
            self._appending = False
            self._reading.clear()
            self.fetch_failed.emit()

    def _want(self, number: int) -> None:
        """The view shows a row of a dropped page: read it again once painting is over."""
        if number not in self._reading:
            self._wanted.add(number)
            self._reread.start()

    def _read_wanted(self) -> None:
        fetch, generation = self._fetch, self._generation
        if fetch is None:
            return
        for number in sorted(self._wanted - self._reading - set(self._pages)):
            after = self._cursors[number - 1] if number else None
            self._reading.add(number)
            self._tasks.work(partial(self._read, fetch, after), partial(self._reread_done, generation, number),
                             lambda exc: self._failed(generation))
        self._wanted.clear()

    def _reread_done(self, generation: int, number: int, rows: list[Shown]) -> None:
        if generation != self._generation:
            return
        self._reading.discard(number)
        first = number * PAGE
        last = min(first + PAGE, self._rows) - 1
        self._pages[number] = rows[:last - first + 1]  # the rows the view counts for this page
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._headers) - 1))
        self._drop_far_pages()

    def _drop_far_pages(self) -> None:
        """Keep at most WINDOW pages: drop those farthest from the one the view asked for last."""
        if self._fetch is None:
            return
        excess = len(self._pages) - WINDOW
        if excess > 0:
            focus = self._focus
            for number in sorted(self._pages, key=lambda n: abs(n - focus), reverse=True)[:excess]:
                del self._pages[number]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None  # Qt asks for a dozen roles per cell and paint: answered before anything else
        number, offset = divmod(index.row(), PAGE)
        self._focus = number
        rows = self._pages.get(number)
        if rows is None or offset >= len(rows):
            if rows is None and role == Qt.ItemDataRole.DisplayRole:
                self._want(number)
            return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        row, shown = rows[offset]
        if role == RECORD_ID_ROLE:
            return row.record_id
        if role == ID_NUMBER_ROLE:
            return row.id_number
        return shown[index.column()]


_ROLES = frozenset((Qt.ItemDataRole.DisplayRole, RECORD_ID_ROLE, ID_NUMBER_ROLE))
