"""Import speed: ``Importer.run`` against a bare read + executemany of the same file.

Usage:  .venv/bin/python benchmarks/bench_import.py [--rows 100000] [--formats xlsx,csv]

N generated candidates (services.demo.people.generate_rows) are written once as an XLSX
workbook and as a CSV file with the Chinese column headings an office file has
(domain.codes.field_label). For each file two measurements are taken in the same run, each
in a freshly spawned interpreter so both start equally cold and report their own peak RSS:

* ours:     a fresh demo database (create_database(..., demo=True) + AppContext.build) and
            ``ctx.importer.run(path, actor="bench")`` -- reading, header mapping, validation,
            pinyin keys (in a second process for a file over 2 MiB, see services.row_pipeline),
            the hash-chained audit log and the inserts, one transaction per 2000 rows. Every
            row must be created.
* baseline: the same file read bare (openpyxl read_only iter_rows(values_only=True), or
            csv.reader with the file's encoding) and the values executemany'd into the very
            same ``records`` table (same schema, indexes and triggers, made by the same
            migration) of a fresh database opened with learncenter.store.engine.connect under a
            random 32-byte key -- so SQLCipher, WAL and synchronous=FULL are paid on both sides
            -- committing every 2000 rows like ours.

Target: ours <= 1.5 x baseline. This is a report, never a test: it prints the figures, and the
CPU seconds of each side (ours: the writer and its reading process).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import gc
import os
import pstats
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from _common import (
    bench_user,
    CHUNK,
    DEFAULT_SEED,
    file_size_mb,
    machine_summary,
    peak_rss_mb,
    reset_peak_rss,
    run_isolated,
    table,
)

TARGET_RATIO = 1.5
CSV_ENCODINGS = {"utf-8-sig": "UTF-8 with BOM (Excel 'CSV UTF-8')", "gb18030": "GB18030/GBK (Excel on Chinese Windows)"}


# -- the two sides; each runs in its own spawned interpreter ------------------------------------


def measure_ours(path: str, work: str, today_iso: str, profile: bool = False) -> dict[str, Any]:
    from learncenter.context import AppContext
    from learncenter.store.database import create_database
    from learncenter.store.layout import DataDir

    today = date.fromisoformat(today_iso)
    db, _ = create_database(DataDir(Path(work)), demo=True)
    ctx = AppContext.build(db, today=lambda: today)
    ctx.actor = bench_user(ctx.users)
    gc.collect()
    rss_before = reset_peak_rss()
    profiler = cProfile.Profile() if profile else None
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    result = ctx.importer.run(Path(path), actor=ctx.user)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before  # this process and the reading process it waited for
    if profiler:
        print(f"\n--- cProfile of ours, {Path(path).name} (times inflated by the profiler) ---")
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(20)
        sys.stdout.flush()
    with db.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT count(*) FROM records WHERE is_current = 1").scalar()
    db.close()
    refusals = [f"row {r.row} {r.column}: {r.problem.code}" for r in result.refusals[:5]]
    return {
        "seconds": seconds, "cpu": cpu, "rows": result.rows, "created": result.created, "stored": stored,
        "refused": result.refused_rows, "refusals": refusals, "encoding": result.encoding,
        "rss_before": rss_before, "rss_peak": peak_rss_mb(),
        "db_mb": file_size_mb(DataDir(Path(work)).database),
    }


def measure_baseline(path: str, fmt: str, encoding: str, work: str) -> dict[str, Any]:
    from learncenter.domain.candidate import CANDIDATE_FIELDS
    from learncenter.store import migrate
    from learncenter.store.engine import connect, make_engine

    db_path = Path(work) / "baseline.db"
    Path(work).mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    engine = make_engine(db_path, key)  # the same schema, made by the same migration (not timed)
    migrate.upgrade(engine)
    engine.dispose()

    # The file's columns, in the file's order (= CANDIDATE_FIELDS, see write_files), plus the
    # bookkeeping columns the table requires, filled with constants or cheap stand-ins. The two
    # pinyin columns get the name itself so their indexes see realistic, unordered keys.
    extra = ("id", "version", "is_current", "state", "source", "name_pinyin", "name_initials",
             "id_number_entered", "refusal_reason", "correction_reason", "created_at", "updated_at")
    columns = (*CANDIDATE_FIELDS, *extra)
    sql = f"INSERT INTO records ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    name_at, id_at = CANDIDATE_FIELDS.index("name"), CANDIDATE_FIELDS.index("id_number")
    now = datetime.now().isoformat(sep=" ")

    conn = connect(db_path, key)
    gc.collect()
    rss_before = reset_peak_rss()
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    if fmt == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        source = wb.active.iter_rows(min_row=2, values_only=True)
    else:
        fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed below
        source = csv.reader(fh)
        next(source)
    chunk: list[tuple[object, ...]] = []
    inserted = 0
    for raw in source:
        values = [
            "" if v is None else (v.date().isoformat() if isinstance(v, datetime) else v) for v in raw
        ]
        chunk.append((*values, str(uuid.uuid4()), 1, 1, "draft", "import", values[name_at],
                      values[name_at], values[id_at], "", "", now, now))
        if len(chunk) >= CHUNK:
            conn.execute("BEGIN")
            conn.executemany(sql, chunk)
            conn.execute("COMMIT")
            inserted += len(chunk)
            chunk.clear()
    if chunk:
        conn.execute("BEGIN")
        conn.executemany(sql, chunk)
        conn.execute("COMMIT")
        inserted += len(chunk)
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    if fmt == "xlsx":
        wb.close()
    else:
        fh.close()
    stored = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    conn.close()
    return {"seconds": seconds, "cpu": cpu, "rows": inserted, "stored": stored, "rss_before": rss_before,
            "rss_peak": peak_rss_mb(), "db_mb": file_size_mb(db_path)}


def _cpu_seconds() -> float:
    """User + system CPU of this process and of the children it has waited for."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# -- the files ------------------------------------------------------------------------------------


def write_files(folder: Path, rows: int, seed: int, today: date, formats: list[str],
                csv_encoding: str) -> dict[str, Path]:
    from learncenter.domain.candidate import CANDIDATE_FIELDS
    from learncenter.domain.codes import field_label
    from learncenter.services.demo.people import generate_rows
    from learncenter.services.sheets.writer import write_sheet

    data = [[raw[f] for f in CANDIDATE_FIELDS] for raw in generate_rows(rows, seed=seed, today=today)]
    headers = [field_label(f, "zh") for f in CANDIDATE_FIELDS]
    paths: dict[str, Path] = {}
    for fmt in formats:
        path = folder / f"candidates.{fmt}"
        if fmt == "csv" and csv_encoding != "utf-8-sig":
            # write_sheet always writes UTF-8 with BOM; an office on Chinese Windows saves GBK.
            with path.open("w", encoding=csv_encoding, newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(headers)
                writer.writerows([c.isoformat() if isinstance(c, date) else c for c in row] for row in data)
        else:
            write_sheet(path, headers, iter(data))
        paths[fmt] = path
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="candidates in the file (default 100000)")
    parser.add_argument("--formats", default="xlsx,csv", help="comma-separated: xlsx,csv (default both)")
    parser.add_argument("--csv-encoding", choices=sorted(CSV_ENCODINGS), default="utf-8-sig",
                        help="encoding of the CSV file (default utf-8-sig, as write_sheet writes)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--tmp-dir", type=Path, default=None, help="parent of the temporary folder")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--profile", action="store_true",
                        help="run ours under cProfile and print the top functions (its time is then inflated)")
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if not set(formats) <= {"xlsx", "csv"} or args.rows < 1:
        parser.error("--formats takes xlsx and/or csv; --rows must be positive")
    today = date.today()

    print(f"bench_import  {machine_summary()}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    tmp = Path(tempfile.mkdtemp(prefix="lc-bench-import-", dir=args.tmp_dir))
    try:
        start = time.perf_counter()
        paths = write_files(tmp, args.rows, args.seed, today, formats, args.csv_encoding)
        print(f"wrote {args.rows:,} generated rows (seed {args.seed}) in {time.perf_counter() - start:.1f} s: "
              + ", ".join(f"{p.name} {p.stat().st_size / 2**20:.1f} MB" for p in paths.values())
              + (f"; CSV in {CSV_ENCODINGS[args.csv_encoding]}" if "csv" in paths else ""))
        results: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
        for fmt, path in paths.items():
            path.read_bytes()  # into the page cache before either side reads it
            base = run_isolated(measure_baseline, str(path), fmt, args.csv_encoding, str(tmp / f"base-{fmt}"))
            ours = run_isolated(measure_ours, str(path), str(tmp / f"ours-{fmt}"), today.isoformat(), args.profile)
            print(f"  {fmt}: ours {ours['seconds']:.1f} s, baseline {base['seconds']:.1f} s", flush=True)
            if ours["created"] != args.rows or ours["stored"] != args.rows or ours["refused"]:
                print(f"ERROR: ours created {ours['created']:,} of {args.rows:,} rows, refused "
                      f"{ours['refused']:,}: {ours['refusals']}", file=sys.stderr)
                return 1
            if base["stored"] != args.rows:
                print(f"ERROR: baseline stored {base['stored']:,} of {args.rows:,}", file=sys.stderr)
                return 1
            results.append((fmt, ours, base))
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print()
    print(table(
        ["format", "rows", "ours (s)", "baseline (s)", "ratio", "target", "ours CPU (s)", "baseline CPU (s)",
         "ours rows/s", "baseline rows/s", "ours peak RSS MB", "baseline peak RSS MB", "result"],
        [
            (fmt, args.rows, o["seconds"], b["seconds"], f"{o['seconds'] / b['seconds']:.2f}×",
             f"≤ {TARGET_RATIO}×", o["cpu"], b["cpu"], round(args.rows / o["seconds"]), round(args.rows / b["seconds"]),
             o["rss_peak"], b["rss_peak"], "PASS" if o["seconds"] <= TARGET_RATIO * b["seconds"] else "MISS")
            for fmt, o, b in results
        ],
    ))
    print()
    def listed(side: int, key: str) -> str:
        return ", ".join(f"{(ours if side == 1 else base)[key]:.0f}" for _, ours, base in results)

    print(f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}. Ours reads in a second "
          "process, so on a busy machine its wall time suffers more than the baseline's; its CPU time "
          "(both processes) says what it costs.")
    print("Each side ran in its own fresh interpreter. Peak RSS is the high-water mark during the "
          "timed part, so it includes the interpreter and its imports (RSS when the timed part began: "
          f"ours {listed(1, 'rss_before')} MB, baseline {listed(2, 'rss_before')} MB). Database size "
          f"afterwards: ours {listed(1, 'db_mb')} MB (records + audit log), baseline {listed(2, 'db_mb')} MB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
