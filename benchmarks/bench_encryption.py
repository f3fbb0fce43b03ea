"""What encryption costs: the same workload on an SQLCipher-encrypted and an unencrypted database.

Usage:  .venv/bin/python benchmarks/bench_encryption.py [--candidates 100000] [--queries 500]

The workload, identical on both sides and run by the same application code:

1. insert: N validated candidates entered with ``RecordService.enter_many`` in chunks of 2000
   (one transaction each, with the audit log), as an import or the demo setup does;
2. search: the query mix of bench_search (ID numbers, some in 15-digit form; two-character
   names; pinyin initials), ``search(session, q, limit=20)`` in a fresh session per query;
3. export: ``services.exporting.export_records`` of every record to an XLSX (or CSV) file.

The encrypted side is a demo database from ``create_database(..., demo=True)``; the plaintext
side is the same ``Database`` built by hand on ``make_engine(path, None)`` -- the same library,
connection set-up (WAL, synchronous=FULL), migration and services, only without ``PRAGMA key``.
Each side runs in its own freshly spawned interpreter, so both start equally cold; the
candidates are generated and validated once, beforehand, and are not timed.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from _common import (
    bench_user,
    bench_user_of,
    CHUNK,
    DEFAULT_SEED,
    KINDS,
    chunks,
    file_size_mb,
    machine_summary,
    new_records,
    peak_rss_mb,
    pick_queries,
    reset_peak_rss,
    run_isolated,
    table,
)

PHASES = ("insert", "search", "export")


def open_side(root: Path, encrypted: bool) -> Any:
    from learncenter.store import migrate
    from learncenter.store.blobs import BlobStore
    from learncenter.store.database import Database, create_database
    from learncenter.store.engine import make_engine
    from learncenter.store.layout import DataDir

    data_dir = DataDir(root)
    if encrypted:
        db, _ = create_database(data_dir, demo=True)
        return db
    root.mkdir(parents=True)
    engine = make_engine(data_dir.database, None)
    migrate.upgrade(engine)
    blob_key = os.urandom(32)  # BlobStore needs a key; no blobs are written by this workload
    return Database(data_dir, engine, str(uuid.uuid4()), True, BlobStore(data_dir.blobs, blob_key), blob_key)


def measure_side(encrypted: bool, entries: list[Any], queries: dict[str, list[tuple[str, str]]],
                 work: str, today_iso: str, export_format: str, limit: int) -> dict[str, Any]:
    from learncenter.context import AppContext
    from learncenter.services.exporting import export_records
    from learncenter.store.search import search

    today = date.fromisoformat(today_iso)
    root = Path(work)
    db = open_side(root / "data", encrypted)
    ctx = AppContext.build(db, today=lambda: today)
    ctx.actor = bench_user(ctx.users)
    with db.engine.connect() as conn:
        cipher = conn.exec_driver_sql("PRAGMA cipher_status").scalar()  # 1 when keyed
    gc.collect()
    rss_before = reset_peak_rss()
    times: dict[str, float] = {}

    start = time.perf_counter()
    created = 0
    for chunk in chunks(entries, CHUNK):
        created += sum(o.status == "created" for o in ctx.records.enter_many(chunk, actor=ctx.user, source="demo"))
    times["insert"] = time.perf_counter() - start

    start = time.perf_counter()
    hits = 0
    for kind in KINDS:
        for q, _ in queries[kind]:
            with db.session() as session:
                hits += len(search(session, q, limit=limit))
    times["search"] = time.perf_counter() - start

    start = time.perf_counter()
    exported = export_records(db, root / f"export.{export_format}", actor=bench_user_of(db))
    times["export"] = time.perf_counter() - start

    db_mb = file_size_mb(db.path)
    db.close()
    header = (root / "data" / "learncenter.db").read_bytes()[:16]
    return {"times": times, "created": created, "hits": hits, "exported": exported, "db_mb": db_mb,
            "cipher_status": cipher, "plain_header": header.startswith(b"SQLite format 3"),
            "rss_before": rss_before, "rss_peak": peak_rss_mb()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=100_000, help="records to insert (default 100000)")
    parser.add_argument("--queries", type=int, default=500, help="search queries of each kind (default 500)")
    parser.add_argument("--export-format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--limit", type=int, default=20, help="search limit (default 20)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds; later rounds alternate which side goes first, the best time counts")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--tmp-dir", type=Path, default=None, help="parent of the temporary folder")
    args = parser.parse_args(argv)
    if args.candidates < 10 or args.queries < 1 or args.repeat < 1:
        parser.error("--candidates must be at least 10, --queries and --repeat positive")

    today = date.today()
    print(f"bench_encryption  {machine_summary()}")
    start = time.perf_counter()
    entries = list(new_records(args.candidates, seed=args.seed, today=today))
    people = [(e.data.id_number, e.id_number_entered, e.data.name) for e in entries]
    queries = pick_queries(people, args.queries, seed=args.seed)
    print(f"prepared {len(entries):,} validated candidates and {sum(map(len, queries.values())):,} queries "
          f"in {time.perf_counter() - start:.1f} s (not timed)")

    best: dict[bool, dict[str, float]] = {False: {}, True: {}}
    last: dict[bool, dict[str, Any]] = {}
    tmp = Path(tempfile.mkdtemp(prefix="lc-bench-encryption-", dir=args.tmp_dir))
    try:
        for round_no in range(args.repeat):
            order = (False, True) if round_no % 2 == 0 else (True, False)
            for encrypted in order:
                work = tmp / f"{'encrypted' if encrypted else 'plain'}-{round_no}"
                result = run_isolated(measure_side, encrypted, entries, queries, str(work), today.isoformat(),
                                      args.export_format, args.limit)
                shutil.rmtree(work, ignore_errors=True)
                label = "encrypted" if encrypted else "plaintext"
                print(f"  round {round_no + 1}, {label}: "
                      + ", ".join(f"{p} {result['times'][p]:.1f} s" for p in PHASES), flush=True)
                if result["created"] != args.candidates or result["exported"] != args.candidates:
                    print(f"ERROR: {label} created {result['created']:,}, exported {result['exported']:,}",
                          file=sys.stderr)
                    return 1
                if encrypted == result["plain_header"]:
                    print(f"ERROR: the {label} database file is not what it should be", file=sys.stderr)
                    return 1
                for phase, seconds in result["times"].items():
                    best[encrypted][phase] = min(seconds, best[encrypted].get(phase, float("inf")))
                last[encrypted] = result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if last[False]["hits"] != last[True]["hits"]:
        print(f"WARNING: the searches found {last[False]['hits']} vs {last[True]['hits']} hits", file=sys.stderr)
    rows = []
    for phase in (*PHASES, "total"):
        plain = sum(best[False].values()) if phase == "total" else best[False][phase]
        enc = sum(best[True].values()) if phase == "total" else best[True][phase]
        rows.append((phase, plain, enc, f"{(enc / plain - 1) * 100:+.1f}%"))
    n_queries = sum(map(len, queries.values()))
    print()
    print(f"{args.candidates:,} candidates; {n_queries:,} searches; export to {args.export_format.upper()}; "
          f"{'best of ' + str(args.repeat) + ' rounds' if args.repeat > 1 else 'one round'}")
    print(table(["phase", "plaintext (s)", "encrypted (s)", "overhead"], rows))
    print()
    print(f"per search: plaintext {best[False]['search'] / n_queries * 1000:.3f} ms, encrypted "
          f"{best[True]['search'] / n_queries * 1000:.3f} ms; database file: plaintext "
          f"{last[False]['db_mb']:.0f} MB, encrypted {last[True]['db_mb']:.0f} MB; peak RSS during the "
          f"workload: plaintext {last[False]['rss_peak']:.0f} MB, encrypted {last[True]['rss_peak']:.0f} MB "
          f"(of which the {args.candidates:,} prepared entries and imports: "
          f"{last[False]['rss_before']:.0f} / {last[True]['rss_before']:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
