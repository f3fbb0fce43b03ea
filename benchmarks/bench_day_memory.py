"""A day at the workstation, in memory: RSS (and peak) after each step, against a floor.

In a fresh offscreen process on a copy of a cached 200,000-candidate demo database
(``_common.demo_database``, the same cache as bench_queue_scroll.py):

1. start: Qt and what the start path loads (``learncenter.ui.app``), a QApplication;
2. signed in: the database opened and the services built (``AppContext.open``), the main
   window's modules imported, the demo administrator authenticated, ``gc.freeze()`` as the
   workstation does after loading;
3. main window: the real ``MainWindow`` shown and its first reads delivered;
4. queue scrolled to its end: the Queue page, ``scrollToBottom`` until every waiting row was
   fetched (the model keeps a window of pages);
5. 20 searches typed into the queue's search box (names, pinyin initials, ID numbers);
6. a record opened on the Confirmation page (Enter in the queue), 7. its ID card scans and a
   photo through the pipeline (the frames arrive as bytes, as the camera dialog's "from a file"
   gives them), 8. sealed, the receipt made and handed to the printer; (bench_desk_actions.py's
   ``Desk.round`` drives steps 6-8 through the widgets);
9. an import of a 2,000-row CSV through the Import page (preview, count, run).

The frames are made beforehand in another process, so the bench's own numpy and OpenCV are not
counted in ours. **Baseline (the floor)**: a fresh process that imports the libraries the
workstation's process ends the day with (Qt widgets, SQLAlchemy + SQLCipher through
``learncenter.context``, the pages' modules, the pinyin table) and shows a bare QMainWindow with a
QTableView of 200 rows. What ours holds above it is what our data, caches, widgets and objects
cost. A second floor adds what the day once loaded in the same process and its helper now does
(OpenCV, numpy, reportlab; and openpyxl). Target (issue 12): <= 250 MB at any point of the day.

The workstation's own process is not all of it: reading ID cards, processing photos and drawing
receipts run in its helper process (``services.helper_process``, ended when idle), an import's
rows are read in a process of their own, and so are the notices' renderers.
A thread samples every 10 ms the RSS of the whole tree (the day's process and its children), and
each step prints that too: the sum now and its highest sample since the step before.

The same day runs twice more, with and without ``gc.freeze()``, to answer whether the freeze
removes the full collections' pauses in the real window: the longest gen-2 collection and the
worst page stall while scrolling are printed for both.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_day_memory.py
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (DEFAULT_SEED, demo_database, machine_summary, peak_rss_mb, process_tree, reset_peak_rss,  # noqa: E402,I001
                     run_isolated, table)

KINDS = ("id_front", "id_back", "diploma", "chsi_form")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def tree_rss_mb() -> float:
    """RSS of this process and its children (and theirs), in MB."""
    total = 0.0
    for pid in process_tree(os.getpid()):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except (OSError, ValueError):  # a child that ended meanwhile
            continue
    return total


class TreeWatch:
    """The highest tree_rss_mb() sampled every 10 ms since the last take()."""

    def __init__(self) -> None:
        import threading

        self._peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self._peak = max(self._peak, tree_rss_mb())

    def take(self) -> tuple[float, float]:
        now = tree_rss_mb()
        peak, self._peak = max(self._peak, now), now
        return now, peak

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def make_frames(seed: int) -> dict[str, bytes]:
    """The camera's stills, made in a process of their own (numpy, OpenCV, the astronaut)."""
    from bench_desk_actions import Frames

    frames = Frames(seed)
    return {"photo": frames.photo(), **{kind: frames.document(kind) for kind in KINDS}}


class ReadyFrames:
    """What bench_desk_actions.Desk asks the camera for, already made."""

    def __init__(self, frames: dict[str, bytes]) -> None:
        self._frames = frames

    def photo(self) -> bytes:
        return self._frames["photo"]

    def document(self, kind: str) -> bytes:
        return self._frames[kind]


def write_csv(path: Path, rows: int, seed: int) -> None:
    """``rows`` generated candidates under the Chinese column headings, UTF-8 with BOM (Excel's
    "CSV UTF-8"), as bench_import.py writes them."""
    from learncenter.domain.codes import field_label
    from learncenter.services.demo.people import generate_rows

    people = list(generate_rows(rows, seed=seed + 1, today=date.today()))
    fields = list(people[0])
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([field_label(f, "zh") for f in fields])
        for person in people:
            writer.writerow([person.get(f, "") for f in fields])


def pick(cached: str, tmp: str, seed: int) -> list[Any]:
    """The candidates the day searches for and seals, chosen in a process of their own: choosing
    computes pinyin initials (pypinyin), which is the bench's work, not the workstation's."""
    from bench_desk_actions import pick_people

    from learncenter.context import AppContext

    work = Path(tmp) / "pick"
    shutil.copytree(cached, work, ignore=shutil.ignore_patterns("bench-queue-ready"))
    ctx = AppContext.open(work)
    try:
        ctx.actor = ctx.users.authenticate("admin", "admin-demo")
        return list(pick_people(ctx, 2, seed))
    finally:
        ctx.close()
        shutil.rmtree(work, ignore_errors=True)


def day(cached: str, tmp: str, frames: dict[str, bytes], people: list[Any], csv_path: str, seed: int,
        freeze: bool) -> dict[str, Any]:
    try:
        return _day(cached, tmp, frames, people, csv_path, seed, freeze)
    except Exception as exc:  # noqa: BLE001 - a DomainError does not pickle back to the parent
        import traceback

        raise RuntimeError("".join(traceback.format_exception(exc))) from None


def _day(cached: str, tmp: str, frames: dict[str, bytes], people: list[Any], csv_path: str, seed: int,
         freeze: bool) -> dict[str, Any]:
    import gc

    reset_peak_rss()
    work = Path(tmp) / f"day-{freeze}"
    shutil.copytree(cached, work, ignore=shutil.ignore_patterns("bench-queue-ready"))
    steps: list[tuple[str, float, float, str, float, float]] = []
    heavy = ("cv2", "numpy", "openpyxl", "reportlab", "pypdf", "pypdfium2", "httpx", "pypinyin", "PIL", "alembic")
    tree = TreeWatch()

    def step(name: str) -> None:
        loaded = {m.split(".")[0] for m in sys.modules}
        steps.append((name, rss_mb(), peak_rss_mb(), " ".join(h for h in heavy if h in loaded), *tree.take()))

    from PySide6.QtWidgets import QApplication

    import learncenter.ui.app  # noqa: F401 - the start path's modules

    app = QApplication.instance() or QApplication([])
    step("start (Qt, the start path)")

    from learncenter.context import AppContext

    ctx = AppContext.open(work)
    import learncenter.ui.shell  # noqa: F401 - as the loading worker does

    ctx.actor = ctx.users.authenticate("admin", "admin-demo")
    if freeze:
        gc.freeze()
    step("signed in (database, services)")

    from bench_desk_actions import Desk, chsi_code_for
    from bench_queue_scroll import GcWatch, Heartbeat, run_until

    collections = GcWatch()
    desk = Desk(app, ctx, ReadyFrames(frames), profile_action=None)
    desk.settle()
    step("main window")

    window, queue = desk.window, desk.window.queue
    desk.nav_click(queue)
    desk.settle()
    model = queue.model
    run_until(app, lambda: model.rowCount() > 0, "the queue's first page")
    beat = Heartbeat()
    page_ms: list[float] = []
    while model.canFetchMore(model.index(-1, -1)):
        rows = model.rowCount()
        beat.start()
        queue.table.scrollToBottom()
        # != rather than >: the page reloads the queue when it is shown, and that reload may land
        # mid-scroll (the list starts again from its first page, as it does for the clerk)
        run_until(app, lambda rows=rows: model.rowCount() != rows or not model.canFetchMore(model.index(-1, -1)),
                  "the next page")
        app.processEvents()
        page_ms.append(beat.longest_ms())
    desk.settle()
    step(f"queue scrolled to its end ({model.rowCount():,} rows)")

    queries = [q for p in people for q in (p.name, p.initials, p.id_number)][:20]
    for query in queries:
        queue.search_edit.setText(query)
        desk.settle()
        run_until(app, lambda: desk.tasks.pending == 0, "the search")
    queue.search_edit.clear()
    desk.settle()
    step(f"{len(queries)} searches")

    marks = {"open the record from the queue (Enter)": "record opened on the Confirmation page",
             "photo (click, frame) -> kept, shown": "ID card scans and a photo through the pipeline",
             "seal (Enter) -> back at the find box": "sealed, receipt made and printed"}
    timed = desk.timed

    def timed_and_measured(action: str, *args: Any, **kwargs: Any) -> Any:
        result = timed(action, *args, **kwargs)
        if action in marks:
            desk.settle()
            step(marks[action])
        return result

    desk.timed = timed_and_measured  # type: ignore[method-assign]
    person = next(p for p in people if p.level != "zsb")
    desk.round(person, chsi_code_for(__import__("random").Random(seed)), queue_on_list=True)
    desk.timed = timed  # type: ignore[method-assign]
    if not desk.receipts:
        raise RuntimeError("no receipt was made")

    page = window.importing
    desk.nav_click(page)
    desk.settle()
    page.open_file(Path(csv_path))
    run_until(app, lambda: page.preview is not None and desk.tasks.pending == 0, "the preview")
    page.run()
    run_until(app, lambda: page.result is not None and desk.tasks.pending == 0, "the import", limit_s=600)
    desk.settle()
    result = page.result
    assert result is not None
    step(f"import of a 2,000-row CSV ({result.created:,} created)")
    gc_ms = collections.longest_ms()
    gen2 = len(collections.durations)
    desk.close()
    ctx.close()
    tree.stop()
    return dict(steps=steps, page_worst=max(page_ms), page_median=sorted(page_ms)[len(page_ms) // 2],
                pages=len(page_ms), gc_ms=gc_ms, gen2=gen2)


def floor(csv_path: str, helper_libraries: bool) -> dict[str, Any]:
    """A bare window and the libraries of the day: those the workstation's own process ends the day
    with, or (``helper_libraries``) those and what its helper process loads (OpenCV, numpy,
    reportlab) and openpyxl, all in one process as the day once was."""
    reset_peak_rss()
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication.instance() or QApplication([])
    steps: list[tuple[str, float, float, str, float, float]] = []
    if helper_libraries:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
        import openpyxl  # noqa: F401
        import reportlab.pdfgen.canvas  # noqa: F401

    import learncenter.context  # noqa: F401
    import learncenter.ui.shell  # noqa: F401
    from learncenter.store.name_keys import name_keys

    name_keys("张三")  # the pinyin table, as a name entered loads it
    window = QMainWindow()
    model = QStandardItemModel(200, 8)
    for r in range(200):
        for c in range(8):
            model.setItem(r, c, QStandardItem(f"{r}-{c}"))
    view = QTableView()
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(1280, 800)
    window.show()
    for _ in range(5):
        app.processEvents()
    name = ("bare QMainWindow + 200-row QTableView + " +
            ("every library of the day (helper's too)" if helper_libraries else "the workstation process's libraries"))
    steps.append((name, rss_mb(), peak_rss_mb(), "", rss_mb(), peak_rss_mb()))
    return dict(steps=steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=200_000)
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/learncenter-bench-queue"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--tmp-dir", type=Path, default=None)
    parser.add_argument("--no-freeze-comparison", action="store_true",
                        help="skip the second day without gc.freeze()")
    args = parser.parse_args()
    print(machine_summary(), f" load average {os.getloadavg()[0]:.2f}", flush=True)
    cached = demo_database(args.cache_dir, args.candidates, 0, args.seed, marker="bench-queue-ready")
    with tempfile.TemporaryDirectory(dir=args.tmp_dir) as folder:
        csv_path = Path(folder) / "candidates.csv"
        write_csv(csv_path, 2000, args.seed)
        frames = run_isolated(make_frames, args.seed)
        people = run_isolated(pick, str(cached), folder, args.seed)
        started = time.perf_counter()
        base = run_isolated(floor, str(csv_path), False)
        every = run_isolated(floor, str(csv_path), True)
        ours = run_isolated(day, str(cached), folder, frames, people, str(csv_path), args.seed, True)
        other = None if args.no_freeze_comparison else run_isolated(
            day, str(cached), folder, frames, people, str(csv_path), args.seed, False)
        seconds = time.perf_counter() - started
    floor_rss = base["steps"][0][1]
    rows = [(name, rss, peak, rss - floor_rss, "PASS" if peak <= 250 else "MISS", tree_now, tree_peak,
             "PASS" if tree_peak <= 250 else "MISS", libs)
            for name, rss, peak, libs, tree_now, tree_peak in ours["steps"]]
    rows += [(name, rss, peak, rss - floor_rss, "floor", rss, peak, "floor", libs)
             for (name, rss, peak, *_), libs in ((base["steps"][0], "ours"), (every["steps"][0], "all"))]
    print(table(("step (ours, gc.freeze as the workstation does)", "RSS MB", "peak MB", "over floor MB",
                 "<= 250 MB", "all processes MB", "their peak MB", "<= 250 MB", "heavy libraries loaded"), rows))
    worst = max(step[2] for step in ours["steps"])
    worst_tree = max(step[5] for step in ours["steps"])
    print(f"ours: highest peak {worst:.0f} MB = {worst / floor_rss:.2f}x the floor ({floor_rss:.0f} MB); "
          f"target <= 250 MB: {'PASS' if worst <= 250 else 'MISS'}; with the processes it starts "
          f"(helper, import reader): {worst_tree:.0f} MB, {'PASS' if worst_tree <= 250 else 'MISS'}")
    sides = [("with gc.freeze()", ours)] + ([("without", other)] if other else [])
    print(table(("queue scroll, whole day", "pages", "worst page stall ms", "median ms", "longest gen-2 gc ms",
                 "gen-2 collections"),
                [(label, d["pages"], d["page_worst"], d["page_median"], d["gc_ms"], d["gen2"]) for label, d in sides]))
    if other:
        print(table(("step (without gc.freeze)", "RSS MB", "peak MB", "all processes MB", "their peak MB"),
                    [(*row[:3], *row[4:]) for row in other["steps"]]))
    print(f"{args.candidates:,} candidates; {seconds:.0f} s; load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
