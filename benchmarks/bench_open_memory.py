"""Memory of a workstation process once the database is open and the services are built.

Usage:  .venv/bin/python benchmarks/bench_open_memory.py [--rounds 3]

A demo database is made once; then, in a freshly spawned interpreter per side and round, the
database is opened (``open_database``), the services are built (``AppContext.build``, what the
workstation's worker does after sign-in), a name's pinyin keys are computed (every entry does
it) and the queue's search runs once:

* ours:     exactly that; the keys come from the table made at build time (store/pinyin_table.py);
* baseline: the same, plus what the services did before issue 12: ``import pypinyin`` and one
            ``lazy_pinyin`` call, which loads its character and phrase dictionaries.

Reported per side: RSS after the steps (VmRSS), the peak (VmHWM), and the time of the first
pinyin key (the table's load, or pypinyin's import and first conversion). Min and median over
the rounds. Target: ours' RSS at least 40 MB below the baseline's. A report, never a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import DEFAULT_SEED, _status_mb, machine_summary, peak_rss_mb, run_isolated, table

TARGET_SAVING_MB = 40.0


def open_and_build(root: str, baseline: bool) -> tuple[float, float, float]:
    """In a fresh interpreter: (RSS MB, peak RSS MB, first pinyin key ms)."""
    from learncenter.context import AppContext
    from learncenter.store.database import open_database
    from learncenter.store.layout import DataDir
    from learncenter.store.name_keys import name_keys
    from learncenter.store.search import search

    db = open_database(DataDir(Path(root)))
    ctx = AppContext.build(db)
    start = time.perf_counter()
    if baseline:
        from pypinyin import lazy_pinyin

        lazy_pinyin("单田芳")
    keys = name_keys("单田芳")
    first_key_ms = (time.perf_counter() - start) * 1e3
    assert keys == ("shantianfang", "stf")
    with db.read() as conn:
        search(conn, "stf")
    rss = _status_mb("VmRSS") or 0.0
    peak = peak_rss_mb()
    ctx.close()
    return rss, peak, first_key_ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="fresh processes per side (default 3)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="unused; every script takes it")
    parser.add_argument("--tmp-dir", type=Path, default=None, help="parent of the temporary folder")
    args = parser.parse_args(argv)

    from learncenter.store.database import create_database
    from learncenter.store.layout import DataDir

    print(f"bench_open_memory  {machine_summary()}")
    tmp = Path(tempfile.mkdtemp(prefix="lc-bench-memory-", dir=args.tmp_dir))
    try:
        db, _ = create_database(DataDir(tmp / "data"), demo=True)
        db.close()
        results: dict[str, list[tuple[float, float, float]]] = {"ours": [], "baseline": []}
        for n in range(args.rounds):
            for side in (("ours", "baseline") if n % 2 == 0 else ("baseline", "ours")):
                results[side].append(run_isolated(open_and_build, str(tmp / "data"), side == "baseline"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    rows = []
    for side, values in results.items():
        rss, peak, first = (sorted(v[i] for v in values) for i in range(3))
        rows.append((side, len(values), rss[0], statistics.median(rss), peak[0], statistics.median(peak),
                     first[0], statistics.median(first)))
    ours = statistics.median(v[0] for v in results["ours"])
    base = statistics.median(v[0] for v in results["baseline"])
    print()
    print(table(["side", "rounds", "RSS min MB", "RSS median MB", "peak min MB", "peak median MB",
                 "first key min ms", "first key median ms"], rows))
    print()
    saving = base - ours
    print(f"median RSS ours / baseline: {ours:.1f} / {base:.1f} MB = {ours / base:.2f}×; saving {saving:.1f} MB "
          f"(target ≥ {TARGET_SAVING_MB:g} MB) {'PASS' if saving >= TARGET_SAVING_MB else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
