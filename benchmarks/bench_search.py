"""Search latency: ``store.search.search`` against the raw SQLite query on the same index.

Usage:  .venv/bin/python benchmarks/bench_search.py [--candidates 200000] [--queries 500]

A demo-like database of N candidates is built through the real service path -- generated rows,
``validate_candidate``, ``RecordService.enter_many`` in chunks of 2000, as
services/demo_setup.py does (without photos) -- and that build is timed too. Then a fixed,
seeded set of queries of three kinds is run (full ID numbers, some in their legacy 15-digit
form; two-character names that exist; pinyin initials such as "zs" or "wlb" that exist), and
the latency of each query is measured for:

* ours:   ``search(session, q, limit=20)`` in a fresh session, as ``learncenter search`` does;
* shared: the same in one long-lived session (shows what the per-call session costs);
* raw:    exactly the SQL ``search`` runs -- the branches ``plan(q)`` builds, wrapped the same
          way -- executed on a raw ``connect(path, key)`` SQLCipher connection with fetchall;
* floor:  the single most direct query for the kind, e.g. ``... WHERE id_number = ? AND
          is_current = 1``.

The methods run interleaved per query in rotating order after one untimed warm-up pass; the
script checks that ours and raw return the same rows and that the SQL is the same text.
Target: p95 ours <= 3 x p95 raw, per kind. A report, never a test.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import itertools
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from _common import (
    bench_user,
    CHUNK,
    DEFAULT_SEED,
    KINDS,
    file_size_mb,
    machine_summary,
    new_records,
    percentile,
    pick_queries,
    table,
)

TARGET_RATIO = 3.0
METHODS = ("ours", "shared", "raw", "floor")


def search_sql(branches: list[str]) -> str:
    """The statement ``search()`` wraps around the branches of ``plan()`` (kept identical; the
    script verifies it against the statement SQLAlchemy really sends)."""
    from learncenter.store.search import _COLUMNS

    return (
        f"SELECT {_COLUMNS}, MIN(rank) AS best FROM ({' UNION ALL '.join(branches)}) "
        "GROUP BY id ORDER BY best, name, id LIMIT :limit"
    )


def floor_sql(kind: str, limit: int) -> str:
    from learncenter.store.search import _COLUMNS

    column = {"id": "id_number", "name": "name", "initials": "name_initials"}[kind]
    return f"SELECT {_COLUMNS} FROM records WHERE {column} = ? AND is_current = 1 LIMIT {limit}"


def build(root: Path, candidates: int, seed: int, today: date) -> tuple[Any, list[tuple[str, str, str]], dict[str, float]]:
    """A demo database of ``candidates`` entered through RecordService.enter_many."""
    from learncenter.context import AppContext
    from learncenter.store.database import create_database
    from learncenter.store.layout import DataDir

    db, _ = create_database(DataDir(root), demo=True)
    ctx = AppContext.build(db, today=lambda: today)
    ctx.actor = bench_user(ctx.users)
    people: list[tuple[str, str, str]] = []
    prepare = enter = 0.0
    entries = new_records(candidates, seed=seed, today=today)
    while True:
        start = time.perf_counter()
        chunk = list(itertools.islice(entries, CHUNK))
        prepare += time.perf_counter() - start
        if not chunk:
            break
        start = time.perf_counter()
        outcomes = ctx.records.enter_many(chunk, actor=ctx.user, source="demo")
        enter += time.perf_counter() - start
        if any(o.status != "created" for o in outcomes):
            raise SystemExit("enter_many did not create every record")
        people += [(e.data.id_number, e.id_number_entered, e.data.name) for e in chunk]
        if len(people) % 20_000 == 0:
            print(f"  built {len(people):,} / {candidates:,}", flush=True)
    return ctx, people, {"prepare": prepare, "enter": enter}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=200_000, help="records in the database (default 200000)")
    parser.add_argument("--queries", type=int, default=500, help="queries of each kind (default 500)")
    parser.add_argument("--limit", type=int, default=20, help="search limit (default 20)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--tmp-dir", type=Path, default=None, help="parent of the temporary folder")
    parser.add_argument("--profile", action="store_true", help="also cProfile one pass of ours and print it")
    args = parser.parse_args(argv)
    if args.candidates < 10 or args.queries < 1:
        parser.error("--candidates must be at least 10 and --queries positive")

    from sqlalchemy import event, text

    from learncenter.store.engine import connect
    from learncenter.store.search import plan, search

    today = date.today()
    print(f"bench_search  {machine_summary()}")
    tmp = Path(tempfile.mkdtemp(prefix="lc-bench-search-", dir=args.tmp_dir))
    try:
        start = time.perf_counter()
        ctx, people, build_times = build(tmp / "data", args.candidates, args.seed, today)
        build_wall = time.perf_counter() - start
        db = ctx.db
        queries = pick_queries(people, args.queries, seed=args.seed)
        del people
        gc.collect()

        conn = connect(db.path, db._key)  # the raw SQLCipher connection, keyed the same way
        prepared: dict[str, list[tuple[str, str, dict[str, object], str]]] = {}
        for kind in KINDS:
            prepared[kind] = []
            for q, floor_value in queries[kind]:
                branches, params = plan(q)
                prepared[kind].append((q, search_sql(branches), {**params, "limit": args.limit}, floor_value))
        floors = {kind: floor_sql(kind, args.limit) for kind in KINDS}
        shared = db.session()

        def run_ours(q: str) -> Any:
            with db.read() as conn:  # as the queue and the find box do
                return search(conn, q, limit=args.limit)

        def run_shared(q: str) -> Any:
            return search(shared, q, limit=args.limit)

        # -- the SQL really sent, and the same answers ------------------------------------------
        sent: list[str] = []

        def listener(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
            sent.append(statement)

        mismatches = []
        event.listen(db.engine, "before_cursor_execute", listener)
        for kind in KINDS:
            for q, sql, params, _floor in prepared[kind]:
                sent.clear()
                hits = run_ours(q)
                compiled = str(text(sql).compile(dialect=db.engine.dialect))
                if sent[-1] not in (sql, compiled):  # search() hands the :name SQL to the driver
                    mismatches.append(f"{kind} {q!r}: SQL differs")
                rows = conn.execute(sql, params).fetchall()
                if [h.record_id for h in hits] != [r[0] for r in rows]:
                    mismatches.append(f"{kind} {q!r}: rows differ")
                if not hits:
                    mismatches.append(f"{kind} {q!r}: nothing found")
        event.remove(db.engine, "before_cursor_execute", listener)
        if mismatches:
            print("ERROR: ours and raw disagree:\n  " + "\n  ".join(mismatches[:10]), file=sys.stderr)
            return 1

        # -- timing -----------------------------------------------------------------------------
        def runner(method: str, kind: str) -> Callable[[tuple[str, str, dict[str, object], str]], object]:
            if method == "ours":
                return lambda p: run_ours(p[0])
            if method == "shared":
                return lambda p: run_shared(p[0])
            if method == "raw":
                return lambda p: conn.execute(p[1], p[2]).fetchall()
            floor = floors[kind]
            return lambda p: conn.execute(floor, (p[3],)).fetchall()

        timings: dict[tuple[str, str], list[float]] = {(k, m): [] for k in KINDS for m in METHODS}
        hit_counts: dict[str, list[int]] = {k: [] for k in KINDS}
        for timed in (False, True):  # one warm-up pass, then the measured one
            for kind in KINDS:
                runners = [(m, runner(m, kind)) for m in METHODS]
                for n, item in enumerate(prepared[kind]):
                    order = runners[n % len(runners):] + runners[: n % len(runners)]
                    for method, run in order:
                        begin = time.perf_counter_ns()
                        result = run(item)
                        elapsed = time.perf_counter_ns() - begin
                        if timed:
                            timings[(kind, method)].append(elapsed / 1e6)
                            if method == "ours":
                                hit_counts[kind].append(len(result))  # type: ignore[arg-type]
        shared.close()

        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for kind in KINDS:
                for item in prepared[kind]:
                    run_ours(item[0])
            profiler.disable()

        db_mb = file_size_mb(db.path)
        conn.close()
        ctx.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    n = args.candidates
    print()
    print(f"build: {n:,} candidates in {build_wall:.1f} s -- generate + validate {build_times['prepare']:.1f} s, "
          f"enter_many {build_times['enter']:.1f} s ({n / build_times['enter']:,.0f} records/s, "
          f"chunks of {CHUNK}); database {db_mb:.0f} MB")
    legacy = sum(1 for q, _ in queries["id"] if len(q) == 15)
    print(f"queries: {len(queries['id'])} ID numbers ({legacy} in the 15-digit form), "
          f"{len(queries['name'])} two-character names, {len(queries['initials'])} pinyin initials; "
          f"limit {args.limit}; one warm-up pass, methods interleaved")
    print()
    rows = []
    for kind in KINDS:
        p = {m: (percentile(timings[(kind, m)], 50), percentile(timings[(kind, m)], 95)) for m in METHODS}
        ratio = p["ours"][1] / p["raw"][1]
        rows.append((
            kind, len(prepared[kind]), sum(hit_counts[kind]) / len(hit_counts[kind]),
            p["ours"][0], p["ours"][1], p["shared"][0], p["shared"][1], p["raw"][0], p["raw"][1],
            p["floor"][0], p["floor"][1], f"{ratio:.2f}×", f"≤ {TARGET_RATIO:g}×",
            "PASS" if ratio <= TARGET_RATIO else "MISS",
        ))
    print(table(
        ["kind", "queries", "hits", "ours p50 ms", "ours p95 ms", "shared p50", "shared p95",
         "raw p50 ms", "raw p95 ms", "floor p50", "floor p95", "p95 ours/raw", "target", "result"],
        rows,
    ))
    print()
    print("ours = search() on a fresh Database.read() connection per query (as the app does); shared = one long-lived "
          "session; raw = the same SQL on a raw connection; floor = one direct index lookup.")
    if args.profile:
        print()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
