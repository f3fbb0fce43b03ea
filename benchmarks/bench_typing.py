"""Search-as-you-type in the queue on a large demo database: time per keystroke.

Each keystroke of a few realistic queries (an ID number typed digit by digit, a two-character
name, pinyin initials) goes through the real QueuePage: the search, the rows and the model reset
the view shows. The time is measured from the key event to the model holding the new rows. Target:
p95 under one frame (16 ms) per keystroke. The same run reports the bare SQL of the search for
comparison. Building the database takes a while; pass --candidates to scale.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_typing.py --candidates 200000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=200_000)
    parser.add_argument("--data-dir", type=Path, help="reuse a demo database made earlier")
    args = parser.parse_args()
    folder = args.data_dir or Path(tempfile.mkdtemp()) / "demo"
    if not (folder / "learncenter.db").exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "learncenter", "--data-dir", str(folder), "demo",
                        "--candidates", str(args.candidates), "--confirmed", "0"], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"demo database of {args.candidates} candidates built in {time.perf_counter() - started:.0f} s")

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from _common import bench_user
    from learncenter.context import AppContext
    from learncenter.store import queue
    from learncenter.store.search import search
    from learncenter.ui.queue_page import QueuePage
    from learncenter.ui.tasks import Tasks

    app = QApplication(sys.argv)
    ctx = AppContext.open(folder)
    page = QueuePage(ctx, Tasks(synchronous=True), actor=bench_user(ctx.users))
    page.show()
    with ctx.db.session() as session:
        rows = queue.page(session, [], limit=2000)
    people = rows[:: max(1, len(rows) // 40)][:40]
    queries = [p.id_number for p in people[:15]] + [p.name[:2] for p in people[15:30]]
    from learncenter.store.name_keys import name_keys

    queries += [name_keys(p.name)[1] for p in people[30:40]]

    typing: list[float] = []
    bare: list[float] = []
    for text in queries:
        page.search_edit.clear()
        for i, ch in enumerate(text):
            started = time.perf_counter()
            QTest.keyClicks(page.search_edit, ch) if ch.isascii() else page.search_edit.insert(ch)
            typing.append((time.perf_counter() - started) * 1000)
            with ctx.db.session() as session:
                started = time.perf_counter()
                hits = search(session, text[: i + 1], limit=200)
                queue.rows_by_id(session, [h.record_id for h in hits])
                bare.append((time.perf_counter() - started) * 1000)
    app.processEvents()
    print(f"{len(typing)} keystrokes over {len(queries)} queries on {args.candidates} candidates")
    print(f"{'':34}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}")
    print(f"{'keystroke -> rows in the queue':34}{statistics.median(typing):8.2f}{percentile(typing, 95):8.2f}{max(typing):8.2f}")
    print(f"{'search + rows, no widgets':34}{statistics.median(bare):8.2f}{percentile(bare, 95):8.2f}{max(bare):8.2f}")
    print(f"target: p95 keystroke <= 16 ms -> {'met' if percentile(typing, 95) <= 16 else 'NOT met'}")
    ctx.close()


if __name__ == "__main__":
    main()
