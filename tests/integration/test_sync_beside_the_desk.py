"""A sync run and the clerk's seals at the same time, on a real encrypted database file, against
a real registry process on 127.0.0.1 behind a slow network.

The sync runs on one thread as the workstation runs it (``open_link`` and the center's engine),
again and again, while another thread seals records through ``RecordService.confirm``. Both
write to the database; neither may meet "database is locked", every seal must be stored, and
every record must reach the registry exactly once.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from slow_registry import enroll_through, ready_to_seal, registry_batches, registry_records, slow_registry
from sqlalchemy import func, select

from learncenter.context import AppContext
from learncenter.domain.lifecycle import RecordState
from learncenter.store.database import create_database
from learncenter.store.layout import DataDir
from learncenter.store.models import OutboxItem, Record
from learncenter.store.sync_models import SyncBatch, SyncBatchItem
from learncenter.sync.center import center_engine, open_link
from learncenter.sync.engine import SyncReport
from actors import sign_in_as

RECORDS = 24
DELAY = 0.3  # seconds each request to the registry waits on the network


def test_seals_and_a_slow_sync_at_once_never_meet_a_locked_database(tmp_path: Path) -> None:
    db, _ = create_database(DataDir(tmp_path / "center"))  # encrypted, in the (memory) keyring
    ctx = AppContext.build(db)
    clerk = ctx.actor = sign_in_as(ctx.users, "clerk1")
    with slow_registry(tmp_path / "registry", DELAY) as (server, proxy, network):
        enroll_through(ctx, server, proxy)
        record_ids = ready_to_seal(ctx, RECORDS, actor=clerk)
        engine = center_engine(db, actor=clerk, data_dir=ctx.data_dir.root,
                               eligibility_version=ctx.profile.version)
        failures: list[str] = []
        reports: list[SyncReport] = []
        seals: list[tuple[float, float]] = []
        desk_done = threading.Event()

        def sync_once() -> None:
            link = open_link(db, actor=clerk)
            try:
                reports.append(engine.run(link))
            finally:
                link.close()

        def sync() -> None:
            while not desk_done.is_set():
                try:
                    sync_once()
                except Exception as exc:  # noqa: BLE001 - what the test looks for
                    failures.append(f"sync: {exc!r}")
                    return

        def desk() -> None:
            try:
                for record_id in record_ids:
                    started = time.monotonic()
                    try:
                        ctx.records.confirm(record_id, actor=clerk)
                    except Exception as exc:  # noqa: BLE001
                        failures.append(f"seal: {exc!r}")
                    seals.append((started, time.monotonic()))
                    time.sleep(0.05)
            finally:
                desk_done.set()

        threads = [threading.Thread(target=sync), threading.Thread(target=desk)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert not any(thread.is_alive() for thread in threads)
        sync_once()  # what was sealed during the last run goes now

        assert failures == []
        assert [problem.text("en") for report in reports for problem in report.problems] == []
        assert len(reports) >= 2 and sum(report.committed for report in reports) >= 2
        # the desk did not wait for the network: seals were made while an upload was in flight
        assert any(network.in_flight(start, end) for start, end in seals)

        with db.session() as session:
            states = session.execute(select(Record.state).where(Record.id.in_(record_ids))).scalars().all()
            outbox = session.execute(select(OutboxItem.record_id, OutboxItem.state)).all()
            batched = session.scalars(select(SyncBatchItem.outbox_id)).all()
            batches = int(session.scalar(select(func.count()).select_from(SyncBatch)) or 0)
        assert sorted(states) == [RecordState.ACCEPTED.value] * RECORDS  # every seal stored, and answered
        assert sorted(record_id for record_id, _ in outbox) == sorted(record_ids)
        assert {state for _, state in outbox} == {"accepted"}
        assert len(batched) == len(set(batched)) == RECORDS  # each record in one batch only
        assert registry_records(server) == {record_id: 1 for record_id in record_ids}
        assert registry_batches(server) == batches
    ctx.close()
