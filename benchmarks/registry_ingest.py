"""Registry ingest: 50 simulated centers uploading at once to ``learncenter-registry serve``.

For each level (records in total, spread evenly over the centers) the registry starts on an
empty PostgreSQL schema, the centers are enrolled, every batch is sealed beforehand (sealing is
the center's cost, not the registry's), and then one thread per center uploads its batches in
order through :class:`learncenter.sync.transport.RegistryLink` (announce, photos, commit). The
figure is records per second of wall time from the first announce to the last receipt, and how
it moves as the registry fills up. Every receipt is checked and the registry must hold exactly
the records sent.

Baseline, measured in the same run on the same database: the same record rows inserted straight
into a table with one executemany per batch (no HTTP, no cryptography, no checks) — the floor
that the database alone imposes. Bytes on the wire (request lines, headers and bodies as the
client sent them) are compared with the payload (record JSON plus photo bytes).

    .venv/bin/python benchmarks/registry_ingest.py                  # 1k and 10k records
    .venv/bin/python benchmarks/registry_ingest.py --full           # also 100k
    .venv/bin/python benchmarks/registry_ingest.py --db postgresql+psycopg://...

Without ``--db`` it uses the database ``learncenter_bench`` of the cluster that
``scripts/start_postgres.sh`` starts (or finds running).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from _common import table  # noqa: E402
from registry.material import CenterSide, filed, jpeg, record  # noqa: E402
from sqlalchemy import text  # noqa: E402

from learncenter.registry.keys import load_keys  # noqa: E402
from learncenter.registry.service import Registry  # noqa: E402
from learncenter.registry.store import drop_schema, make_engine  # noqa: E402
from learncenter.protocol.keys import b64url  # noqa: E402
from learncenter.sync.transport import RegistryLink, RetryPolicy  # noqa: E402


def database_url(given: str | None) -> str:
    """``--db``, or a database of its own in the throwaway cluster of the tests (the benchmark
    empties its schema at every level, so it must not share the tests' database)."""
    if given:
        return given
    return subprocess.run([str(ROOT / "scripts" / "start_postgres.sh")], check=True,
                          capture_output=True, text=True,
                          env={**os.environ, "PGDATABASE_NAME": "learncenter_bench"}
                          ).stdout.strip()


def serve(data_dir: Path, db: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    command = [sys.executable, "-m", "learncenter.registry.cli"]
    log = data_dir / "serve.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen([*command, "serve", "--port", "0", "--workers", str(workers), "--data-dir",
                                    str(data_dir), "--db", db, "--lang", "en"],
                                   stdout=sink, stderr=subprocess.STDOUT)
    import re

    import httpx

    for _ in range(600):
        match = re.search(r"http://127\.0\.0\.1:(\d+)", log.read_text(errors="replace"))
        if match:
            url = f"http://127.0.0.1:{match.group(1)}"
            try:
                if httpx.get(url + "/v1/health").status_code == 200:
                    return process, url
            except httpx.HTTPError:
                pass
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(log.read_text(errors="replace"))


def seaweedfs() -> tuple[str, dict[str, str]]:
    """SeaweedFS from ``scripts/start_seaweedfs.sh`` (started if needed): (its URL, the key's environment)."""
    from registry.seaweedfs import S3Service

    url = subprocess.run([str(ROOT / "scripts" / "start_seaweedfs.sh")], capture_output=True, text=True,
                         check=True).stdout.strip()
    service = S3Service.from_url(url)
    service.ensure_bucket()
    return service.location(""), service.environment()


def run_level(total: int, centers_count: int, batch_size: int, db: str,
              folder: Path, workers: int, objects: str | None = None) -> dict[str, float]:
    engine = make_engine(db)
    drop_schema(engine)
    data_dir = folder / f"level-{total}-{workers}"
    store = [] if objects is None else ["--objects", f"{objects}ingest-{total}-{workers}-{time.time_ns()}"]
    subprocess.run([sys.executable, "-m", "learncenter.registry.cli", "init", "--data-dir", str(data_dir), "--db", db,
                    *store], check=True, capture_output=True)  # keys, schema, the data key's mark, the store
    keys = load_keys(data_dir)
    registry = Registry(engine, keys)
    centers = []
    for n in range(centers_count):
        center = CenterSide(f"{11000 + n}")
        code = registry.enroll_code(center.center_id)
        registry.enroll({"code": code, "center_public_key": b64url(center.key.public_raw)})
        centers.append(center)

    per_center = total // centers_count
    plans: list[list[object]] = []
    payload_bytes = 0
    rows: list[list[tuple[str, int, str]]] = []
    sealing = time.perf_counter()
    for index, center in enumerate(centers):
        batches = []
        for start in range(0, per_center, batch_size):
            items = [record(index * per_center + n,
                            photo=jpeg(index * per_center + n))
                     for n in range(start, min(per_center, start + batch_size))]
            payload_bytes += sum(len(item.encoded) + len(item.photo or b"") for item in items)
            rows.append([(item.record_id, item.version, item.encoded.decode()) for item in items])
            batches.append(center.seal(items, keys.encryption.public))
        plans.append(batches)
    sealing = time.perf_counter() - sealing

    process, url = serve(data_dir, db, workers)
    links = [RegistryLink(url, center_id=center.center_id, key=center.key.private,
                          retry=RetryPolicy(base=0.2, cap=5, max_attempts=20), timeout=120)
             for center in centers]
    failures: list[BaseException] = []

    def upload(link: RegistryLink, batches: list[object]) -> None:
        try:
            # each batch's commit is answered once it is received; the next goes up while the
            # registry files the last, and the receipts are collected in order
            answers = [link.upload(sealed) for sealed in batches]  # type: ignore[arg-type]
            for answer in answers:
                receipt = filed(link, answer, patience=600)
                assert all(r["status"] == "accepted" for r in receipt["results"]), receipt
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=upload, args=(link, batches))
               for link, batches in zip(links, plans)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    process.terminate()
    process.wait(30)
    if failures:
        raise failures[0]
    stored = registry.stats()["records"]
    if stored != per_center * centers_count:
        raise RuntimeError(f"registry holds {stored} records, {per_center * centers_count} sent")
    wire = sum(link.bytes_sent for link in links)
    requests = sum(link.requests for link in links)
    for link in links:
        link.close()

    with engine.begin() as connection:  # the baseline: the same rows, straight in
        connection.execute(text("DROP TABLE IF EXISTS baseline_records"))
        connection.execute(text("CREATE TABLE baseline_records (record_id varchar(36), "
                                "version int, payload text, PRIMARY KEY (record_id, version))"))
    baseline = time.perf_counter()
    for batch in rows:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO baseline_records VALUES (:r, :v, :p)"),
                               [{"r": r, "v": v, "p": p} for r, v, p in batch])
    baseline = time.perf_counter() - baseline
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE baseline_records"))
    engine.dispose()
    records = per_center * centers_count
    return {"records": records, "workers": workers, "seconds": elapsed, "rate": records / elapsed,
            "baseline_rate": records / baseline, "sealing": sealing, "requests": requests,
            "wire_ratio": wire / payload_bytes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="PostgreSQL URL (default: learncenter_bench in the "
                                     "cluster of scripts/start_postgres.sh)")
    parser.add_argument("--centers", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--levels", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--full", action="store_true", help="add the 100,000-record level")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4],
                        help="serve --workers N for each level (each worker files too)")
    parser.add_argument("--tmp-dir", type=Path)
    parser.add_argument("--s3", action="store_true",
                        help="photos in SeaweedFS (scripts/start_seaweedfs.sh), not the data folder")
    args = parser.parse_args()
    levels = [*args.levels, 100_000] if args.full else args.levels
    db = database_url(args.db)
    objects = None
    if args.s3:
        objects, environment = seaweedfs()
        os.environ.update(environment)  # the registry's processes take the key from their environment
    print(f"registry ingest, {args.centers} centers at once, batches of up to "
          f"{args.batch_size} records, one photo per record; PostgreSQL; photos in "
          f"{'SeaweedFS (S3)' if objects else 'the data folder'}")
    results = []
    with tempfile.TemporaryDirectory(dir=args.tmp_dir) as folder:
        for level in levels:
            for workers in args.workers:
                results.append(run_level(level, args.centers, args.batch_size, db, Path(folder), workers, objects))
                last = results[-1]
                print(f"  {int(last['records']):,} records, {workers} workers: {last['seconds']:.1f} s", flush=True)
    print(table(
        ["records", "workers", "wall s", "records/s", "ms/record", "baseline rows/s", "ours/baseline", "requests",
         "wire/payload", "sealing s (centers)"],
        [[f"{int(r['records']):,}", str(int(r["workers"])), f"{r['seconds']:.1f}", f"{r['rate']:.0f}",
          f"{1000 / r['rate']:.2f}",
          f"{r['baseline_rate']:.0f}", f"{r['rate'] / r['baseline_rate']:.3f}",
          f"{int(r['requests']):,}", f"{r['wire_ratio']:.2f}", f"{r['sealing']:.1f}"]
         for r in results]))


if __name__ == "__main__":
    main()
