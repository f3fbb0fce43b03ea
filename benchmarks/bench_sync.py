"""What building and sealing sync batches costs, and how many bytes travel per byte of content.

Usage:  .venv/bin/python benchmarks/bench_sync.py [--candidates 2000] [--max-records 500]

A demo database is filled with N confirmed candidates (100 distinct demo photos, as the demo
setup makes them) and enrolled with a registry whose keys are generated here. Then, timed:

1. ours: ``SyncEngine.build`` (outbox -> manifests with audit hashes, signed, encrypted, stored
   in one transaction per batch) and ``export_batches`` (every batch re-made from the store,
   blob chunks re-encrypted, written as removable-media files);
2. baseline, same run, same data: read the same outbox payloads and blobs and write them as
   canonical JSON plus raw bytes into one plain file -- no manifest, signature, encryption or
   bookkeeping.

It also opens every file as the registry would (``open_batch``: every signature, tag and hash
checked) and prints the bytes written against the bytes of content (payloads + blobs): the
protocol's open point §12 asks for at most 1.05x on the wire.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from _common import DEFAULT_SEED, bench_user, machine_summary, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--max-records", type=int, default=500)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--tmp-dir", type=Path, default=None)
    args = parser.parse_args()

    from sqlalchemy import select

    from learncenter.context import AppContext
    from learncenter.domain.canonical import canonical
    from learncenter.domain.sync_limits import SyncLimits
    from learncenter.services.demo_setup import fill_demo
    from learncenter.store.database import create_database
    from learncenter.store.layout import DataDir
    from learncenter.store.models import OutboxItem, Record
    from learncenter.protocol.batch_file import read_batch_file
    from learncenter.sync.engine import SyncEngine
    from learncenter.sync.enrollment import enroll
    from learncenter.protocol.envelope import open_batch
    from learncenter.protocol.keys import EncryptionKeyPair, SigningKeyPair, b64url, ed25519_public
    from learncenter.sync.media_file import export_batches
    from learncenter.protocol.signing import sign_object

    print(machine_summary())
    root = Path(tempfile.mkdtemp(prefix="bench-sync-", dir=args.tmp_dir))
    try:
        db, _ = create_database(DataDir(root / "data"), demo=True)
        ctx = AppContext.build(db, today=lambda: date(2026, 3, 1))
        filled = fill_demo(db, ctx.records, ctx.users, candidates=args.candidates, confirmed=args.candidates,
                           seed=args.seed, today=date(2026, 3, 1))
        sign, enc = SigningKeyPair.generate(), EncryptionKeyPair.generate()
        center: dict[str, bytes] = {}

        def answer(url: str, *, code: str, center_public: bytes, device_name: str, client_version: str,
                   timeout: float = 30.0) -> dict[str, Any]:
            center["public"] = center_public
            return sign_object(sign.private, {
                "center_id": "11001", "center_name": "bench", "registry_signing_key": b64url(sign.public_raw),
                "registry_encryption_key": b64url(enc.public_raw),
                "number_block": {"first": 1, "last": 1000}, "signed_at": "2026-03-01T00:00:00.000000Z"})

        enroll(db, answer, url="http://127.0.0.1:9/", code="X", device_name="bench", client_version="bench",
               actor=bench_user(ctx.users))
        engine = SyncEngine(db, actor=bench_user(ctx.users), limits=SyncLimits(), profile_versions={"eligibility": "bench"},
                            max_records=args.max_records)

        started = time.perf_counter()
        built = engine.build()
        build_s = time.perf_counter() - started
        out = root / "out"
        out.mkdir()
        started = time.perf_counter()
        paths = export_batches(db, engine, out / "batch.lcb", actor=bench_user(ctx.users), now=datetime.now(UTC))
        export_s = time.perf_counter() - started
        wire = sum(path.stat().st_size for path in paths)

        started = time.perf_counter()
        content = 0
        with db.session() as session, open(root / "plain.bin", "wb") as plain:
            shas: dict[str, None] = {}
            for item in session.scalars(select(OutboxItem).order_by(OutboxItem.id)):
                encoded = canonical(item.payload)
                plain.write(encoded)
                content += len(encoded)
                photo = session.get(Record, item.record_id).photo_sha256  # type: ignore[union-attr]
                if photo:
                    shas[photo] = None
            for sha in shas:
                data = db.blobs.get(sha)
                plain.write(data)
                content += len(data)
        baseline_s = time.perf_counter() - started

        started = time.perf_counter()
        opened = carried = 0
        for path in paths:
            batch = open_batch(read_batch_file(path), registry_private=enc.private,
                               center_public=ed25519_public(center["public"]))
            opened += len(batch.records)
            carried += sum(map(len, batch.records.values())) + sum(map(len, batch.blobs.values()))
        open_s = time.perf_counter() - started
        db.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)

    records = filled.confirmed
    print(f"{records} confirmed records in {built} batches of at most {args.max_records}; "
          f"{opened} records opened back")
    print(table(["step", "seconds", "records/s", "x baseline"], [
        ["baseline: payloads + blobs to one plain file", f"{baseline_s:.2f}", f"{records / baseline_s:,.0f}", "1.0"],
        ["ours: build (seal + store)", f"{build_s:.2f}", f"{records / build_s:,.0f}", f"{build_s / baseline_s:.1f}"],
        ["ours: export files", f"{export_s:.2f}", f"{records / export_s:,.0f}", f"{export_s / baseline_s:.1f}"],
        ["registry side: open_batch every file", f"{open_s:.2f}", f"{records / open_s:,.0f}",
         f"{open_s / baseline_s:.1f}"],
    ]))
    print(f"baseline file: {content:,} bytes (each distinct photo once)")
    print(f"batch files: {wire:,} bytes for {carried:,} bytes of payloads and blobs they carry "
          f"(a photo once per batch): {wire / carried:.3f}x (target <= 1.05x)")


if __name__ == "__main__":
    main()
