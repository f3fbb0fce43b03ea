"""A national registry's database, simulated on this machine (issue 15, docs/national-registry.md).

What a national registry adds to a provincial one is volume: thousands of centers, millions of
records a term, every one checked against every earlier confirmation of the same person. This
script fills PostgreSQL with millions of rows of the registry's two hot tables, shaped as filing
writes them (``records``: a sealed payload per record version, keyed by record id, with its
center and person digest; ``persons``: one claim per person and term) and measures, as the
tables grow, what filing costs per batch of 500 — the duplicate check (``persons`` looked up by
500 digests), the claims and the records inserted — in two layouts side by side:

* ``plain``: the tables as the registry makes them today;
* ``by-center``: ``records`` partitioned by hash of the center (what a national registry splits
  its work by), ``--partitions`` of them (PostgreSQL declarative partitioning), ``persons`` whole;
* ``partitioned``: ``persons`` partitioned by hash of the person digest too (the one check that
  crosses centers).

Figures: rows per second per tenth of the fill, and the duplicate check's median and p95 at the
end; the baseline is the same rows inserted into an unindexed table with no lookups.

    .venv/bin/python benchmarks/national_simulation.py                     # 2,000,000 records
    .venv/bin/python benchmarks/national_simulation.py --records 200000    # a quick run
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import table  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

BATCH = 500
PAYLOAD = "x" * 640  # a sealed record payload is ~0.6-2.4 KB; its size is not what is measured


def database_url(given: str | None) -> str:
    if given:
        return given
    import subprocess

    url = subprocess.run([str(ROOT / "scripts" / "start_postgres.sh")], capture_output=True, text=True,
                         check=True).stdout.strip()
    return url.rsplit("/", 1)[0] + "/learncenter_bench"


def layout(connection: object, kind: str, partitions: int) -> None:
    run = connection.execute  # type: ignore[attr-defined]
    run(text("DROP TABLE IF EXISTS sim_records, sim_persons, sim_baseline CASCADE"))
    if kind == "baseline":
        run(text("CREATE UNLOGGED TABLE sim_baseline (record_id varchar(36), version int, center_id varchar(20), "
                 "person varchar(64), payload text)"))
        return
    by_center = " PARTITION BY HASH (center_id)" if kind in ("by-center", "partitioned") else ""
    by_person = " PARTITION BY HASH (person)" if kind == "partitioned" else ""
    run(text("CREATE TABLE sim_records (record_id varchar(36), version int, center_id varchar(20) NOT NULL, "
             "batch_id varchar(36), person varchar(64), payload text, accepted_at timestamptz, "
             f"PRIMARY KEY (center_id, record_id, version)){by_center}"))
    run(text(f"CREATE TABLE sim_persons (person varchar(64) PRIMARY KEY, center_id varchar(20), "
             f"record_id varchar(36), confirmed_at timestamptz){by_person}"))
    for n in range(partitions if by_center else 0):
        run(text(f"CREATE TABLE sim_records_{n} PARTITION OF sim_records "
                 f"FOR VALUES WITH (MODULUS {partitions}, REMAINDER {n})"))
    for n in range(partitions if by_person else 0):
        run(text(f"CREATE TABLE sim_persons_{n} PARTITION OF sim_persons "
                 f"FOR VALUES WITH (MODULUS {partitions}, REMAINDER {n})"))
    run(text("CREATE INDEX ON sim_records (person)"))


def digest(n: int) -> str:
    return hashlib.sha256(f"person-{n}".encode()).hexdigest()


def fill(url: str, kind: str, records: int, centers: int, partitions: int) -> dict[str, object]:
    engine = create_engine(url)
    with engine.begin() as connection:
        layout(connection, kind, partitions)
    tenth = max(BATCH, records // 10 // BATCH * BATCH)
    rates: list[float] = []
    checks: list[float] = []
    began = chunk_began = time.perf_counter()
    with engine.connect() as connection:
        for start in range(0, records, BATCH):
            center = f"{10000 + (start // BATCH) % centers}"
            rows = [{"r": f"rec-{n}", "v": 1, "c": center, "b": f"batch-{start}", "p": digest(n), "x": PAYLOAD}
                    for n in range(start, min(records, start + BATCH))]
            with connection.begin():
                if kind == "baseline":
                    connection.execute(text("INSERT INTO sim_baseline VALUES (:r, :v, :c, :p, :x)"), rows)
                else:
                    looked = time.perf_counter()
                    held = connection.execute(text("SELECT person FROM sim_persons WHERE person = ANY(:ps)"),
                                              {"ps": [row["p"] for row in rows]}).fetchall()
                    checks.append(time.perf_counter() - looked)
                    assert not held  # every simulated person is new
                    connection.execute(text("INSERT INTO sim_persons VALUES (:p, :c, :r, now())"), rows)
                    connection.execute(text("INSERT INTO sim_records VALUES (:r, :v, :c, :b, :p, :x, now())"), rows)
            done = start + len(rows)
            if done % tenth == 0 or done == records:
                now = time.perf_counter()
                rates.append((done - len(rates) * tenth) / (now - chunk_began))
                chunk_began = now
    elapsed = time.perf_counter() - began
    with engine.begin() as connection:
        tables = ["sim_baseline"] if kind == "baseline" else ["sim_records", "sim_persons"]
        size = sum(int(connection.execute(text(  # a partitioned table's size is its partitions'
            "SELECT coalesce((SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits "
            "WHERE inhparent = CAST(:t AS regclass)), pg_total_relation_size(CAST(:t AS regclass)))"),
            {"t": name}).scalar() or 0) for name in tables)
        connection.execute(text("DROP TABLE IF EXISTS sim_records, sim_persons, sim_baseline CASCADE"))
    engine.dispose()
    checks.sort()
    return {"kind": kind, "seconds": elapsed, "rate": records / elapsed, "rates": rates, "bytes": int(size or 0),
            "check_p50": statistics.median(checks) * 1000 if checks else 0.0,
            "check_p95": checks[int(len(checks) * 0.95)] * 1000 if checks else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="PostgreSQL URL (default: learncenter_bench of scripts/start_postgres.sh)")
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--centers", type=int, default=3000)
    parser.add_argument("--partitions", type=int, default=16)
    args = parser.parse_args()
    url = database_url(args.db)
    print(f"{args.records:,} records from {args.centers:,} centers in batches of {BATCH}; PostgreSQL; "
          f"{os.cpu_count()} CPUs")
    results = [fill(url, kind, args.records, args.centers, args.partitions)
               for kind in ("baseline", "plain", "by-center", "partitioned")]
    print(table(["layout", "seconds", "rows/s", "rows/s first tenth", "rows/s last tenth", "last/first",
                 "dup check p50 ms", "p95 ms", "size MB"],
                [[r["kind"], f"{r['seconds']:.1f}", f"{r['rate']:,.0f}", f"{r['rates'][0]:,.0f}",  # type: ignore[index]
                  f"{r['rates'][-1]:,.0f}", f"{r['rates'][-1] / r['rates'][0]:.2f}",  # type: ignore[index,operator]
                  f"{r['check_p50']:.2f}", f"{r['check_p95']:.2f}", f"{int(r['bytes']) / 1e6:,.0f}"]  # type: ignore[call-overload]
                 for r in results]))


if __name__ == "__main__":
    main()
