"""Refreshing the administrator's dashboard on a 200,000-candidate center (issue 16: <= 300 ms).

    .venv/bin/python benchmarks/bench_dashboard.py                       # 200,000 candidates
    .venv/bin/python benchmarks/bench_dashboard.py --candidates 20000    # a quick run

The database is made by ``learncenter demo --candidates N --confirmed 0`` once into
``--cache-dir`` (shared with bench_queue_scroll.py). A copy is then given a confirmation window:
``--sealed`` of the candidates (default 70 %) sealed over the 30 days before today, 5 % of them
refused with one of the refusal reasons' texts, one in six photographed twice or three times,
one in fifty with a photo a supervisor accepted, and the sealed ones spread over the states a
window leaves (confirmed, refused, submitted, accepted, returned). That shape is written with
SQL straight into the copy: the figures read it, nothing else does.

- **ours**: ``Dashboard.figures(start, end)`` for the 30 days, what a refresh of the page runs
  (its permission check, every figure, the major names, the exam sessions), ``--runs`` times.
- **baseline**: the same period's figures the way an export would give them: one ``SELECT`` of
  the grouped columns of every current record of the period, read from the table in one pass
  (``NOT INDEXED``: through the dashboard's index it would look every row up and take twice as
  long), counted in Python. The two must agree on the confirmed and refused totals.

Target (issue 16): ours <= 300 ms; both printed with min/median of the runs.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from _common import DEFAULT_SEED, bench_user, demo_database, machine_summary, table

TARGET_MS = 300.0
REASONS = ["身份证与本人不一致", "前置学历不符合报考层次要求：学信网查无此证", "无学信网备案表或学历认证报告",
           "毕业证书不属于国民教育系列", "考生本人未到场", "证件已过期"]
STATES = ["confirmed", "submitted", "accepted", "accepted", "accepted", "returned"]


def shape_window(ctx: object, sealed_share: float, seed: int, today: date) -> tuple[int, int]:
    """Seal a share of the copy's candidates over the 30 days before today; (confirmed, refused)."""
    from sqlalchemy import text

    rng = random.Random(seed)
    db = ctx.db  # type: ignore[attr-defined]
    with db.session() as session, session.begin():
        ids = [row[0] for row in session.execute(text("SELECT id FROM records WHERE is_current = 1 ORDER BY id"))]
        rng.shuffle(ids)
        chosen = ids[: int(len(ids) * sealed_share)]
        confirmed = refused = 0
        rows = []
        for record_id in chosen:
            day = today - timedelta(days=rng.randrange(30))
            at = datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.uniform(0, 10))  # 08:00-18:00 local
            refuse = rng.random() < 0.05
            attempts = rng.choice([1] * 10 + [2, 3])
            rows.append({"id": record_id, "at": at, "state": "refused" if refuse else rng.choice(STATES),
                         "reason": rng.choice(REASONS) if refuse else "", "attempts": attempts,
                         "accepted": "supervisor" if rng.random() < 0.02 else None})
            refused += refuse
            confirmed += not refuse
        session.execute(text("UPDATE records SET sealed_at = :at, sealed_by = 'clerk', state = :state, "
                             "refusal_reason = :reason, photo_attempts = :attempts, photo_accepted_by = :accepted "
                             "WHERE id = :id"), rows)
    db.optimize()
    return confirmed, refused


def ours(ctx: object, start: date, end: date, runs: int) -> tuple[list[float], tuple[int, int]]:
    from learncenter.services.dashboard import Dashboard

    dashboard = Dashboard(ctx.db, today=lambda: end, offset_minutes=lambda: 480)  # type: ignore[attr-defined]
    actor = bench_user(ctx.users)  # type: ignore[attr-defined]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        found = dashboard.figures(start, end, actor=actor)
        times.append((time.perf_counter() - started) * 1000)
    return times, (found.confirmed, found.refused)


def baseline(ctx: object, start: date, end: date, runs: int) -> tuple[list[float], tuple[int, int]]:
    from sqlalchemy import text

    low = datetime.combine(start, datetime.min.time()) - timedelta(hours=8)
    high = datetime.combine(end + timedelta(days=1), datetime.min.time()) - timedelta(hours=8)
    times = []
    totals = (0, 0)
    for _ in range(runs):
        started = time.perf_counter()
        with ctx.db.read() as conn:  # type: ignore[attr-defined]
            rows = conn.execute(text(
                "SELECT sealed_at, level, major_code, major_name, refusal_reason, photo_attempts, photo_accepted_by, "
                "state FROM records NOT INDEXED WHERE is_current = 1 AND sealed_at >= :low AND sealed_at < :high"),
                {"low": low, "high": high}).all()
        per_day: Counter[tuple[str, bool]] = Counter()
        per_level: Counter[str] = Counter()
        per_major: Counter[str] = Counter()
        for row in rows:
            refused = bool(row[4])
            per_day[(str(row[0])[:10], refused)] += 1
            per_level[row[1]] += 1
            per_major[row[2]] += 1
        totals = (sum(c for (_d, r), c in per_day.items() if not r), sum(c for (_d, r), c in per_day.items() if r))
        times.append((time.perf_counter() - started) * 1000)
    return times, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=200_000)
    parser.add_argument("--sealed", type=float, default=0.7)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/learncenter-bench-queue"))
    parser.add_argument("--tmp-dir", type=Path, default=None)
    args = parser.parse_args()
    print(machine_summary())
    cached = demo_database(args.cache_dir, args.candidates, 0, args.seed, marker="queue-ready")
    from learncenter.context import AppContext

    with tempfile.TemporaryDirectory(dir=args.tmp_dir) as tmp:
        work = Path(tmp) / "center"
        shutil.copytree(cached, work)
        ctx = AppContext.open(work)
        today = date.today()
        confirmed, refused = shape_window(ctx, args.sealed, args.seed, today)
        print(f"{args.candidates:,} candidates; {confirmed:,} confirmed and {refused:,} refused over 30 days")
        start, end = today - timedelta(days=29), today
        baseline(ctx, start, end, 1)  # both sides read a warm page cache
        ours(ctx, start, end, 1)
        our_times, our_totals = ours(ctx, start, end, args.runs)
        base_times, base_totals = baseline(ctx, start, end, args.runs)
        ctx.close()
    if our_totals != base_totals or our_totals != (confirmed, refused):
        sys.exit(f"the two sides disagree: ours {our_totals}, baseline {base_totals}, made {(confirmed, refused)}")
    rows = [(name, f"{min(t):.0f}", f"{statistics.median(t):.0f}") for name, t in
            (("ours: Dashboard.figures", our_times), ("baseline: one SELECT of the period, counted in Python", base_times))]
    print(table(["side", "min ms", "median ms"], rows))
    median = statistics.median(our_times)
    print(f"ours / baseline (median): {median / statistics.median(base_times):.2f}; "
          f"target <= {TARGET_MS:.0f} ms: {'PASS' if median <= TARGET_MS else 'MISS'}")


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
