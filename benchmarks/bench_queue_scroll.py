"""Scrolling the clerk's queue to its end on a 200,000-candidate center (issue 12).

    .venv/bin/python benchmarks/bench_queue_scroll.py                     # 200,000 candidates
    .venv/bin/python benchmarks/bench_queue_scroll.py --candidates 20000  # a quick run

The database is made by the project's own command, ``learncenter --data-dir DIR demo
--candidates N --confirmed 0 --seed S`` (about 2 min for 200,000), once per (N, S) into
``--cache-dir`` (default /tmp/learncenter-bench-queue); every run works on a copy, opened (and
upgraded to the current schema) the way the application opens it.

Each side runs in a fresh interpreter under ``QT_QPA_PLATFORM=offscreen``, so its RSS is its own:

- **ours**: the real ``QueuePage`` (its default filter, the waiting states: every candidate of
  the demo) with the real thread pool; the view is scrolled to the bottom, which asks the model
  for the next page, again and again until the list ends.
- **baseline**: a bare ``QTableView`` over a model of the same rows as plain tuples of the eight
  shown strings, all in memory (read before timing starts): what Qt costs with no database at
  all, scrolled a page (200 rows) at a time to the end.

A heartbeat timer on the GUI thread (every 1 ms) measures how long the thread was busy between
two beats: the longest such gap while a page is asked for and shown is that page's time on the
GUI thread ("slowest page" is the worst page; the target is 16 ms). Also printed: the time to
reach the end, RSS after the first page and after the end, the most pages the model held, and,
from ours' process, one page's query with the state filter as one ``state IN (...)`` query (what
the queue ran before) and as the merge it runs now, at the start and at the end of the list.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import bench_user, demo_database, machine_summary, percentile, reset_peak_rss, run_isolated, table  # noqa: E402

DEFAULT_SEED = 20261123
BEAT_MS = 1


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Heartbeat:
    """The longest the GUI thread went without running a 1 ms timer, since the last ``start``."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self._beat)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0

    def longest_ms(self) -> float:
        return max(self.longest, time.perf_counter() - self.last) * 1000


class GcWatch:
    """How long Python's full collections take: one blocks every thread, the GUI thread too."""

    def __init__(self) -> None:
        import gc

        self.started = 0.0
        self.durations: list[float] = []
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self.started = time.perf_counter()
        else:
            self.durations.append(time.perf_counter() - self.started)

    def longest_ms(self) -> float:
        return max(self.durations, default=0.0) * 1000


def run_until(app: Any, ready: Any, what: str, limit_s: float = 120.0) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + limit_s
    while not ready():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"waited {limit_s:.0f} s for {what}")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)


def _query_ms(conn: Any, stmt: Any) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        rows = conn.execute(stmt).fetchall()
        best = min(best, time.perf_counter() - started)
    assert rows
    return best * 1000


def query_times(ctx: Any, states: list[str], last_page: Any, order: Any) -> dict[str, float]:
    """One page's first query, best of 3: the single ``state IN (...)`` query the queue ran
    before, and what it runs now; first page and the page after ``last_page``'s first row."""
    from sqlalchemy import literal, select, tuple_

    from learncenter.store import queue
    from learncenter.store.models import Record

    def single_in(after: Any) -> Any:  # what store.queue.page_statement made before the merge
        stmt = select(*queue._COLUMNS).where(Record.is_current.is_(True), Record.state.in_(states))
        columns = queue.sort_columns(order.key)
        if after is not None:
            bound = tuple_(*(literal(v, type_=c.type) for c, v in zip(columns, queue.sort_values(after, order.key))))
            stmt = stmt.where(tuple_(*columns) < bound if order.descending else tuple_(*columns) > bound)
        return queue._ordered(stmt, order).limit(200)

    with ctx.db.read() as conn:
        return {
            "IN query, first page": _query_ms(conn, single_in(None)),
            "ours, first page": _query_ms(conn, queue.page_statement(states, order=order, after=None)),
            "IN query, last page": _query_ms(conn, single_in(last_page)),
            "ours, last page": _query_ms(conn, queue.page_statement(states, order=order, after=last_page)),
        }


def scroll_ours(cached: str, tmp: str, key: str, descending: bool) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    reset_peak_rss()
    work = Path(tmp) / "ours"
    shutil.copytree(cached, work, ignore=shutil.ignore_patterns("bench-queue-ready"))
    app = QApplication.instance() or QApplication([])
    from learncenter.context import AppContext
    from learncenter.store.queue import SortKey
    from learncenter.ui.queue_model import COLUMNS, PAGE
    from learncenter.ui.queue_page import QueuePage
    from learncenter.ui.tasks import Tasks

    ctx = AppContext.open(work)
    collections = GcWatch()
    tasks = Tasks()
    page = QueuePage(ctx, tasks, actor=bench_user(ctx.users))
    page.resize(1200, 700)
    page.show()
    model = page.model
    run_until(app, lambda: model.rowCount() > 0, "the first page")
    from learncenter.ui import collector

    collector.start_up_done()  # as the main window does once its first page is up
    if (SortKey(key), descending) != (page.order.key, page.order.descending):  # as a click on the header
        page.table.horizontalHeader().setSortIndicator(
            COLUMNS.index(SortKey(key)), Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        tasks.wait()  # the list read again in that order
        app.processEvents()
        run_until(app, lambda: model.rowCount() > 0, "the first page in that order")
    total = int(page.count_label.text().split()[0])
    app.processEvents()
    rss_first = rss_mb()
    beat = Heartbeat()
    page_ms: list[float] = []
    most_pages = len(model.loaded_pages())
    started = time.perf_counter()
    while model.canFetchMore(model.index(-1, -1)):
        rows = model.rowCount()
        beat.start()
        page.table.scrollToBottom()  # the view asks the model for the next page
        run_until(app, lambda rows=rows: model.rowCount() > rows or not model.canFetchMore(model.index(-1, -1)),
                  "the next page")
        app.processEvents()  # the rows just inserted are painted
        page_ms.append(beat.longest_ms())
        most_pages = max(most_pages, len(model.loaded_pages()))
    reached_end_s = time.perf_counter() - started
    tasks.wait()
    app.processEvents()
    rss_end = rss_mb()
    if model.rowCount() != total:
        raise RuntimeError(f"the queue ended at {model.rowCount():,} rows of {total:,}")
    last = model.row_at(model.rowCount() - PAGE)
    queries = query_times(ctx, list(page.filter.currentData()), last, page.order)
    page.close()
    ctx.close()
    return dict(rows=total, pages=len(page_ms), slowest_at=page_ms.index(max(page_ms)),
                worst=sorted(page_ms, reverse=True)[:5], gc_ms=collections.longest_ms(),
                slowest_ms=max(page_ms), p95_ms=percentile(page_ms, 95),
                median_ms=statistics.median(page_ms),
                end_s=reached_end_s, rss_first=rss_first, rss_end=rss_end, most_pages=most_pages,
                queries=queries)


def scroll_baseline(cached: str, tmp: str, key: str, descending: bool) -> dict[str, Any]:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    reset_peak_rss()
    work = Path(tmp) / "baseline"
    shutil.copytree(cached, work, ignore=shutil.ignore_patterns("bench-queue-ready"))
    app = QApplication.instance() or QApplication([])
    from learncenter.context import AppContext
    from learncenter.store import queue
    from learncenter.ui.queue_page import WAITING

    order = queue.Order(queue.SortKey(key), descending)

    ctx = AppContext.open(work)
    with ctx.db.read() as conn:  # row by row into tuples: no list of row objects on the way
        rows = [(r[1], r[2][:6] + "********" + r[2][-4:], r[3], r[4].isoformat(), r[6], r[7], r[8], r[9])
                for stmt in queue.page_statements([s.value for s in WAITING], order=order, limit=10_000_000)
                for r in conn.execute(stmt)]
    ctx.close()

    class Tuples(QAbstractTableModel):
        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(rows)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else 8

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            return rows[index.row()][index.column()] if role == Qt.ItemDataRole.DisplayRole else None

    model = Tuples()
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    rss_first = rss_mb()
    beat = Heartbeat()
    page_ms: list[float] = []
    started = time.perf_counter()
    for first in range(0, len(rows), 200):
        beat.start()
        view.scrollTo(model.index(min(first + 199, len(rows) - 1), 0))
        app.processEvents()
        page_ms.append(beat.longest_ms())
    reached_end_s = time.perf_counter() - started
    rss_end = rss_mb()
    view.close()
    return dict(rows=len(rows), pages=len(page_ms), slowest_ms=max(page_ms), p95_ms=percentile(page_ms, 95),
                median_ms=statistics.median(page_ms),
                end_s=reached_end_s, rss_first=rss_first, rss_end=rss_end, most_pages=len(page_ms), queries={})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/learncenter-bench-queue"))
    parser.add_argument("--tmp-dir", type=Path, default=None, help="parent of the temporary folder")
    parser.add_argument("--order", default="name", help="the column the queue is sorted by: "
                        "name, id_number, gender, birth_date, level, major, state, registration_no")
    parser.add_argument("--descending", action="store_true")
    args = parser.parse_args()
    print(machine_summary())
    cached = demo_database(args.cache_dir, args.candidates, 0, args.seed, marker="bench-queue-ready")
    tmp = Path(tempfile.mkdtemp(prefix="lc-bench-queue-", dir=args.tmp_dir))
    try:
        ours = run_isolated(scroll_ours, str(cached), str(tmp), args.order, args.descending)
        baseline = run_isolated(scroll_baseline, str(cached), str(tmp), args.order, args.descending)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nscrolling the queue of {ours['rows']:,} waiting candidates to its end by {args.order}"
          f"{' descending' if args.descending else ''}, {ours['pages']:,} pages of 200\n")
    rows = [(label, ours[key], baseline[key], ours[key] / baseline[key] if baseline[key] else float("nan"))
            for label, key in (("slowest page on the GUI thread, ms", "slowest_ms"),
                               ("95th percentile page, ms", "p95_ms"),
                               ("median page on the GUI thread, ms", "median_ms"),
                               ("time to reach the end, s", "end_s"),
                               ("RSS after the first page, MB", "rss_first"),
                               ("RSS at the end, MB", "rss_end"))]
    print(table(["figure", "ours", "baseline (all rows as tuples)", "ratio"], rows))
    print(f"\nours' slowest page was page {ours['slowest_at']:,}; its five slowest, ms: "
          + ", ".join(f"{ms:.1f}" for ms in ours["worst"])
          + f"; the longest full garbage collection (generation 2) took {ours['gc_ms']:.1f} ms")
    print(f"pages the model held at most: {ours['most_pages']} (the baseline holds all {baseline['rows']:,} rows)")
    print("\none page's query (best of 3, ms), ours' process:")
    print(table(["query", "ms"], list(ours["queries"].items())))


if __name__ == "__main__":
    main()
