"""`learncenter demo --candidates N` against a bare executemany of the same generated rows.

Usage:  .venv/bin/python benchmarks/bench_demo.py [--candidates 200000] [--runs 1]

* ours:     ``learncenter --data-dir TMP demo --candidates N --seed S`` in a fresh process, wall
            time from start to exit (creating the database, the users, the portraits, entering
            every candidate through the import pipeline, confirming the default 60, statistics,
            the sample exam session). Its progress lines are timed as they arrive, so the table
            shows when entering ended.
* baseline: the same N rows made by services.demo.people.generate_rows (seed S) and
            executemany'd bare into the very same ``records`` table (same migration, indexes,
            triggers) of a fresh database opened with store.engine.connect under a random key,
            committing as often as ours does (``demo_setup.CHUNK`` rows) -- in a freshly spawned
            interpreter, generation included, the schema's creation not.

Target: ours <= 60 s for 200,000 candidates (issue 12); the ratio to the baseline is printed
for comparison across machines. This is a report, never a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from _common import DEFAULT_SEED, learncenter_command, machine_summary, run_isolated, table

TARGET_SECONDS = 60.0
TARGET_CANDIDATES = 200_000


def measure_baseline(candidates: int, seed: int, today_iso: str, work: str) -> dict[str, Any]:
    from learncenter.domain.candidate import CANDIDATE_FIELDS
    from learncenter.services.demo.people import generate_rows
    from learncenter.services.demo_setup import CHUNK
    from learncenter.store import migrate
    from learncenter.store.engine import connect, make_engine

    db_path = Path(work) / "baseline.db"
    Path(work).mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    engine = make_engine(db_path, key)  # the same schema, made by the same migration (not timed)
    migrate.upgrade(engine)
    engine.dispose()
    extra = ("id", "version", "is_current", "state", "source", "name_pinyin", "name_initials",
             "id_number_entered", "refusal_reason", "correction_reason", "created_at", "updated_at")
    columns = (*CANDIDATE_FIELDS, *extra)
    sql = f"INSERT INTO records ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    now = datetime.now().isoformat(sep=" ")
    conn = connect(db_path, key)
    start = time.perf_counter()
    chunk: list[tuple[object, ...]] = []
    for raw in generate_rows(candidates, seed=seed, today=date.fromisoformat(today_iso)):
        values = [v.isoformat() if isinstance(v, date) else v for v in (raw[f] for f in CANDIDATE_FIELDS)]
        name = raw["name"]
        chunk.append((*values, str(uuid.uuid4()), 1, 1, "pre_registered", "demo", name, name, raw["id_number"],
                      "", "", now, now))
        if len(chunk) >= CHUNK:
            conn.execute("BEGIN")
            conn.executemany(sql, chunk)
            conn.execute("COMMIT")
            chunk.clear()
    if chunk:
        conn.execute("BEGIN")
        conn.executemany(sql, chunk)
        conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    stored = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    conn.close()
    return {"seconds": seconds, "stored": stored}


def measure_ours(candidates: int, seed: int, work: Path) -> dict[str, Any]:
    command = [*learncenter_command(), "--data-dir", str(work), "--lang", "en", "demo",
               "--candidates", str(candidates), "--seed", str(seed)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    entered_at = None
    for line in process.stderr:  # progress: a line per tenth of each stage when not on a terminal
        if f"entered: {candidates}/{candidates}" in line:
            entered_at = time.perf_counter() - start
    out = process.stdout.read() if process.stdout else ""
    code = process.wait()
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"learncenter demo failed ({code}):\n{out}")
    return {"seconds": seconds, "entered_at": entered_at or float("nan"), "summary": out.splitlines()[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=TARGET_CANDIDATES)
    parser.add_argument("--runs", type=int, default=1, help="runs of each side (min and median printed)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--tmp-dir", type=Path, default=None, help="parent of the temporary folder")
    args = parser.parse_args(argv)
    print(f"bench_demo  {machine_summary()}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    tmp = Path(tempfile.mkdtemp(prefix="lc-bench-demo-", dir=args.tmp_dir))
    ours: list[dict[str, Any]] = []
    base: list[dict[str, Any]] = []
    try:
        for run in range(args.runs):
            b = run_isolated(measure_baseline, args.candidates, args.seed, date.today().isoformat(),
                             str(tmp / f"base-{run}"))
            if b["stored"] != args.candidates:
                print(f"ERROR: baseline stored {b['stored']:,} of {args.candidates:,}", file=sys.stderr)
                return 1
            o = measure_ours(args.candidates, args.seed, tmp / f"ours-{run}")
            print(f"  run {run + 1}: ours {o['seconds']:.1f} s (entering done at {o['entered_at']:.1f} s), "
                  f"baseline {b['seconds']:.1f} s; load {os.getloadavg()[0]:.2f}  [{o['summary']}]", flush=True)
            ours.append(o)
            base.append(b)
            shutil.rmtree(tmp / f"ours-{run}", ignore_errors=True)
            shutil.rmtree(tmp / f"base-{run}", ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def med(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    o_s, b_s = [o["seconds"] for o in ours], [b["seconds"] for b in base]
    target = TARGET_SECONDS * args.candidates / TARGET_CANDIDATES
    print()
    print(table(
        ["candidates", "runs", "ours min (s)", "ours median (s)", "entering done (s)", "baseline min (s)",
         "baseline median (s)", "ratio (medians)", "target", "result"],
        [(args.candidates, args.runs, min(o_s), med(o_s), med([o["entered_at"] for o in ours]), min(b_s), med(b_s),
          f"{med(o_s) / med(b_s):.2f}×", f"≤ {target:.0f} s", "PASS" if med(o_s) <= target else "MISS")],
    ))
    print(f"\nThe target scales with the candidates: {TARGET_SECONDS:.0f} s for {TARGET_CANDIDATES:,}. "
          f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores shared: "
          "compare the ratio, not the seconds, on a busy machine).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
