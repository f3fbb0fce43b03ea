"""How long a clerk's confirmation takes while many sealed records wait for the registry.

Usage:  .venv/bin/python benchmarks/bench_confirm.py [--waiting 10000] [--confirms 30]

The center is the one ``bench_sync_upload.py`` builds and caches under ``benchmarks/out/``
(N candidates entered and confirmed through the services, a tenth more entered but not yet
confirmed). Two copies of it are made in this run:

* **waiting**: as built, N sealed records in the outbox without a receipt (a center that has
  been offline for a while);
* **baseline**: the same database with every outbox item marked accepted, i.e. the same size
  and the same records, with nothing waiting.

In each, ``--confirms`` of the not-yet-confirmed candidates get their ID card checked and are
confirmed through ``RecordService.confirm``; only ``confirm`` is timed. Every confirmation asks
the sync guard how long the oldest sealed record has waited, which is what grows with N.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import DEFAULT_SEED, bench_user, machine_summary, table  # noqa: E402
from learncenter.domain.roles import Role  # noqa: E402
from learncenter.services.demo.scans import attach_sample_evidence  # noqa: E402
from bench_sync_upload import center_copy  # noqa: E402

TODAY = date(2026, 3, 1)


def timings(folder: Path, confirms: int, *, answered: bool) -> list[float]:
    """Seconds of each ``confirm`` of up to ``confirms`` pre-registered candidates."""
    from sqlalchemy import select, update

    from learncenter.context import AppContext
    from learncenter.domain.messages import DomainError
    from learncenter.store.database import open_database
    from learncenter.store.layout import DataDir
    from learncenter.store.models import OutboxItem, Record

    ctx = AppContext.build(open_database(DataDir(folder)), today=lambda: TODAY)
    clerk = bench_user(ctx.users, Role.CLERK)
    try:
        if answered:
            with ctx.db.session() as session, session.begin():
                session.execute(update(OutboxItem).values(state="accepted"))
        with ctx.db.session() as session:
            waiting = list(session.scalars(select(Record.id).where(
                Record.is_current.is_(True), Record.state == "pre_registered")))
        seconds: list[float] = []
        for record_id in waiting:
            if len(seconds) >= confirms:
                break
            try:
                attach_sample_evidence(ctx.records, record_id, actor=clerk)  # what the level requires
                started = time.perf_counter()
                ctx.records.confirm(record_id, actor=clerk)
                seconds.append(time.perf_counter() - started)
            except DomainError:
                continue  # held back for review by the eligibility rules
        return seconds
    finally:
        ctx.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waiting", type=int, default=10_000)
    parser.add_argument("--confirms", type=int, default=30)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--tmp-dir", type=Path, default=None)
    args = parser.parse_args()
    print(machine_summary())
    cache = ROOT / "benchmarks" / "out"
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.tmp_dir) as tmp:
        rows = []
        for label, answered in (("baseline: nothing waiting", True), (f"{args.waiting:,} waiting", False)):
            folder = Path(tmp) / label.split(":")[0].replace(",", "").replace(" ", "-")
            center_copy(folder, records=args.waiting, seed=args.seed, cache=cache)
            seconds = timings(folder, args.confirms, answered=answered)
            rows.append((label, len(seconds), statistics.median(seconds) * 1000,
                         sorted(seconds)[int(len(seconds) * 0.9) - 1] * 1000, max(seconds) * 1000))
    print(table(["center", "confirms", "median ms", "p90 ms", "max ms"], rows))
    print(f"\nwaiting / baseline (median): {rows[1][2] / rows[0][2]:.2f}×")


if __name__ == "__main__":
    main()
