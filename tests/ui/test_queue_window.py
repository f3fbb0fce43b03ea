"""The queue keeps a window of pages, not every row it ever showed, and reads them in a worker.

Real pages of a real encrypted database, read through ``store.queue`` in the real thread pool
(``Tasks()``, not the synchronous one), so the rows reach the model the way they reach a clerk's.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from candidates import new_record
from learncenter.context import AppContext
from learncenter.domain.idnumber import check_character
from learncenter.store import queue
from learncenter.store.queue import NAME_ORDER, QueueRow
from learncenter.ui.queue_model import PAGE, PLACEHOLDER, WINDOW, QueueModel, QueueView
from learncenter.ui.queue_page import QueuePage
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

PAGES = WINDOW + 3  # more pages than the window holds
ALL = 3  # the state filter's "All"


def _crowd(ctx: AppContext) -> int:
    """PAGES full pages and a part page of candidates (the fixture has two already)."""
    count = PAGES * PAGE + 40 - 2
    surnames, given = "赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施", "一二三四五六七八九十"
    people = []
    for i in range(count):
        first17 = f"110105{date(1970, 1, 1) + timedelta(days=11 * i):%Y%m%d}{i % 1000:03d}"
        people.append(new_record(name=surnames[i % len(surnames)] + given[i % 10] + given[(i // 10) % 10],
                                 id_number=first17 + check_character(first17)))
    ctx.records.enter_many(people, actor=sign_in_as(ctx.users, "admin"), source="import")
    return count + 2


def _every_row(ctx: AppContext) -> list[QueueRow]:
    with ctx.db.session() as session:
        return queue.page(session, [], order=NAME_ORDER, limit=100_000)


def _page(qtbot: QtBot, ctx: AppContext, tasks: Tasks) -> QueuePage:
    page = QueuePage(ctx, tasks, actor=sign_in_as(ctx.users, "clerk1"))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.filter.setCurrentIndex(ALL)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    return page


def _loaded(model: QueueModel) -> list[QueueRow]:
    rows = (model.loaded_row(n) for n in range(model.rowCount()))
    return [r for r in rows if r is not None]


def test_scrolling_to_the_end_keeps_a_window_of_pages(qtbot: QtBot, workstation: AppContext) -> None:
    total = _crowd(workstation)
    tasks = Tasks()
    page = _page(qtbot, workstation, tasks)
    model = page.model
    seen: dict[int, QueueRow] = {}
    while model.canFetchMore(model.index(-1, -1)):
        rows = model.rowCount()
        page.table.scrollToBottom()  # the view asks for the next page at the end
        qtbot.waitUntil(lambda rows=rows: model.rowCount() > rows or not model.canFetchMore(model.index(-1, -1)))
        seen.update((n, r) for n in range(model.rowCount()) if (r := model.loaded_row(n)) is not None)
        assert len(model.loaded_pages()) <= WINDOW  # never more than the window, however far
        assert len(_loaded(model)) <= WINDOW * PAGE
    tasks.wait()
    assert model.rowCount() == total
    assert [seen[n] for n in range(total)] == _every_row(workstation)  # every row once, in order
    last = (total - 1) // PAGE
    assert model.loaded_pages() == list(range(last - WINDOW + 1, last + 1))
    assert model.loaded_row(0) is None  # the first page was dropped


def test_scrolling_back_reads_a_dropped_page_again_by_its_keyset(qtbot: QtBot, workstation: AppContext) -> None:
    total = _crowd(workstation)
    tasks = Tasks()
    page = _page(qtbot, workstation, tasks)
    model = page.model
    while model.canFetchMore(model.index(-1, -1)):
        rows = model.rowCount()
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda rows=rows: model.rowCount() > rows or not model.canFetchMore(model.index(-1, -1)))
    tasks.wait()
    assert model.rowCount() == total and 0 not in model.loaded_pages() and 1 not in model.loaded_pages()

    page.table.scrollTo(model.index(PAGE + 5, 0))  # into page 1, dropped long ago
    assert model.index(PAGE + 5, 0).data() == PLACEHOLDER  # shown while the page is read again
    assert page.count_label.text() == f"{total} record(s)"
    qtbot.waitUntil(lambda: model.loaded_row(PAGE + 5) is not None)
    expected = _every_row(workstation)
    assert [model.loaded_row(n) for n in range(PAGE, 2 * PAGE)] == expected[PAGE:2 * PAGE]
    page.table.scrollToTop()
    qtbot.waitUntil(lambda: model.loaded_row(0) is not None)
    assert [model.loaded_row(n) for n in range(PAGE)] == expected[:PAGE]
    tasks.wait()
    assert len(model.loaded_pages()) <= WINDOW
    assert 0 in model.loaded_pages() and (total - 1) // PAGE not in model.loaded_pages()


def test_pages_are_read_off_the_gui_thread(qtbot: QtBot, workstation: AppContext) -> None:
    _crowd(workstation)
    readers: list[int] = []

    def fetch(after: QueueRow | None, limit: int) -> list[QueueRow]:
        readers.append(threading.get_ident())
        with workstation.db.session() as session:
            return queue.page(session, [], order=NAME_ORDER, after=after, limit=limit)

    tasks = Tasks()
    model = QueueModel("en", tasks)
    model.show_pages(fetch)
    assert model.rowCount() == 0  # the first page is on its way, the caller did not wait for it
    qtbot.waitUntil(lambda: model.rowCount() == PAGE)
    model.fetchMore(model.index(-1, -1))
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE)
    tasks.wait()
    assert len(readers) == 2 and threading.get_ident() not in readers


def test_the_next_page_is_read_once_the_view_has_painted(qtbot: QtBot, workstation: AppContext) -> None:
    """Scrolled to its end, the view asks for more before it paints: the page is read after the
    paint, so the worker's Python does not take turns with the paint for the interpreter."""
    _crowd(workstation)
    events: list[str] = []

    def fetch(after: QueueRow | None, limit: int) -> list[QueueRow]:
        events.append("read")
        with workstation.db.session() as session:
            return queue.page(session, [], order=NAME_ORDER, after=after, limit=limit)

    tasks = Tasks()
    view, model = QueueView(), QueueModel("en", tasks)
    qtbot.addWidget(view)
    view.setModel(model)
    view.painted.connect(model.view_painted)
    view.painted.connect(lambda: events.append("painted"))
    view.resize(800, 400)
    model.show_pages(fetch)
    qtbot.waitUntil(lambda: model.rowCount() == PAGE)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: "painted" in events)
    for pages in (2, 3):
        events.clear()
        view.scrollToBottom()  # asks the model for the next page
        assert events == []  # not read while the view is still to paint
        qtbot.waitUntil(lambda pages=pages: model.rowCount() == pages * PAGE)
        assert events.index("painted") < events.index("read")
    tasks.wait()
