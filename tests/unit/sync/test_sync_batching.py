"""Building batches from the outbox: what they carry, what a file reveals, crash safety."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select
from unit.sync.in_process_registry import CENTER_ID, TERMS, InProcessRegistry, confirmed_record

from learncenter.context import AppContext
from learncenter.domain.canonical import canonical
from learncenter.domain.sync_limits import SyncLimits
from learncenter.store.errors import StoreError
from learncenter.store.models import AuditEntry, OutboxItem, Record, RecordDocument
from learncenter.store.sync_models import SyncBatch, SyncBatchItem
from learncenter.protocol.batch_file import read_batch_file
from learncenter.sync.batching import sealed_batch
from learncenter.sync.engine import SyncEngine
from learncenter.protocol.envelope import open_batch, record_part_name
from learncenter.sync.media_file import export_batches
from actors import sign_in_as

SCAN = b"%PDF-1.4 diploma scan " + bytes(range(256)) * 40


def _states(ctx: AppContext) -> list[str]:
    with ctx.db.session() as session:
        return list(session.scalars(select(OutboxItem.state).order_by(OutboxItem.id)))


def test_an_exported_file_reveals_nothing_and_its_manifest_lists_hashes(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry, tmp_path: Path) -> None:
    record_id = confirmed_record(center, TERMS[0], scan=SCAN)
    [path] = export_batches(center.db, engine, tmp_path / "batch.lcb", actor=sign_in_as(center.users, "tester"))
    data = path.read_bytes()
    with center.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None
        photo = center.db.blobs.get(record.photo_sha256 or "")
        audit = list(session.scalars(select(AuditEntry.hash).where(AuditEntry.entity_id == record_id)
                                     .order_by(AuditEntry.seq)))
        scan_sha = session.scalar(select(RecordDocument.blob_sha256).where(RecordDocument.kind == "diploma"))
        card_shas = list(session.scalars(select(RecordDocument.blob_sha256).where(RecordDocument.kind != "diploma")
                                         .order_by(RecordDocument.id)))
        payload = session.scalar(select(OutboxItem.payload))
    for secret in ("张三".encode(), record.id_number.encode(), record.phone.encode(), record_id.encode()):
        assert secret not in data
    assert photo not in data and SCAN[:200] not in data

    opened = open_batch(read_batch_file(path), registry_private=registry.enc.private,
                        center_public=registry.center_public,  # type: ignore[arg-type]
                        expected_center_id=CENTER_ID)
    [entry] = opened.manifest["records"]
    assert entry["record_id"] == record_id and entry["version"] == 1 and entry["kind"] == "confirmed"
    assert entry["replaces"] is None and entry["audit"] == audit and len(audit) >= 3
    assert entry["blobs"][:2] == [record.photo_sha256, scan_sha] and entry["blobs"][2:] == card_shas
    assert entry["content_hash"] == hashlib.sha256(canonical(payload)).hexdigest()
    assert opened.manifest["profile_versions"] == {"eligibility": center.profile.version}
    assert {b["sha256"]: b["media_type"] for b in opened.manifest["blobs"]} == {
        record.photo_sha256: "image/jpeg", scan_sha: "application/pdf", **{sha: "image/jpeg" for sha in card_shas}}
    assert opened.blobs[scan_sha] == SCAN and opened.blobs[record.photo_sha256 or ""] == photo
    assert opened.records[record_part_name(record_id, 1)] == canonical(payload)
    assert _states(center) == ["sending"]


def test_items_go_into_one_batch_each_and_sequences_do_not_repeat(center: AppContext) -> None:
    for term in TERMS[:5]:
        confirmed_record(center, term)
    engine = SyncEngine(center.db, actor=sign_in_as(center.users, "tester"), limits=SyncLimits(),
                        profile_versions={"eligibility": "x"}, max_records=2)
    assert engine.build() == 3
    assert engine.build() == 0  # nothing pending: no empty batch, no new sequence
    with center.db.session() as session:
        batches = session.execute(select(SyncBatch.sequence, func.count(SyncBatchItem.outbox_id))
                                  .join(SyncBatchItem).group_by(SyncBatch.sequence)
                                  .order_by(SyncBatch.sequence)).all()
        assigned = list(session.scalars(select(SyncBatchItem.outbox_id)))
    assert [tuple(row) for row in batches] == [(1, 2), (2, 2), (3, 1)]
    assert sorted(assigned) == sorted(set(assigned)) and len(assigned) == 5
    assert _states(center) == ["batched"] * 5
    confirmed_record(center, "2029春")
    assert engine.build() == 1 and engine.uncommitted()[-1][1] == 4


def test_a_failure_while_building_leaves_no_batch_and_the_items_pending(
        center: AppContext, engine: SyncEngine) -> None:
    record_id = confirmed_record(center, TERMS[0])
    with center.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None and record.photo_sha256
        sha = record.photo_sha256
    blob_file = center.db.blobs._path(sha)  # the photo's file vanishes: reading it fails mid-build
    saved = blob_file.read_bytes()
    blob_file.unlink()
    with pytest.raises(StoreError):
        engine.build()
    with center.db.session() as session:
        assert session.scalar(select(func.count()).select_from(SyncBatch)) == 0
    assert _states(center) == ["pending"]
    blob_file.write_bytes(saved)
    assert engine.build() == 1 and engine.uncommitted()[0][1] == 1


def test_a_stored_batch_is_resent_byte_for_byte(center: AppContext, engine: SyncEngine, tmp_path: Path) -> None:
    confirmed_record(center, TERMS[0], scan=SCAN)
    [first] = export_batches(center.db, engine, tmp_path / "a.lcb", actor=sign_in_as(center.users, "tester"))
    [again] = export_batches(center.db, engine, tmp_path / "b.lcb", actor=sign_in_as(center.users, "tester"))
    assert first.read_bytes() == again.read_bytes()
    [(batch_id, sequence)] = engine.uncommitted()
    assert sequence == 1 and sealed_batch(center.db, batch_id) == read_batch_file(first)


def test_several_batches_are_exported_one_file_each_in_sequence(center: AppContext, tmp_path: Path) -> None:
    for term in TERMS[:3]:
        confirmed_record(center, term)
    engine = SyncEngine(center.db, actor=sign_in_as(center.users, "tester"), limits=SyncLimits(),
                        profile_versions={"eligibility": "x"}, max_records=2)
    paths = export_batches(center.db, engine, tmp_path / "out.lcb", actor=sign_in_as(center.users, "tester"))
    assert [p.name for p in paths] == ["out-0001.lcb", "out-0002.lcb"]
    assert [read_batch_file(p).header["sequence"] for p in paths] == [1, 2]


def test_the_database_itself_refuses_an_item_in_two_batches_or_a_reused_sequence(
        center: AppContext, engine: SyncEngine) -> None:
    from sqlalchemy.exc import IntegrityError

    confirmed_record(center, TERMS[0])
    engine.build()
    with center.db.session() as session:
        batch = session.scalars(select(SyncBatch)).one()
        item = session.scalars(select(SyncBatchItem)).one()
        clone = {c.name: getattr(batch, c.name) for c in SyncBatch.__table__.columns}
    with pytest.raises(IntegrityError), center.db.session() as session, session.begin():
        session.add(SyncBatch(**{**clone, "batch_id": "another"}))  # same sequence
    with pytest.raises(IntegrityError), center.db.session() as session, session.begin():
        session.add(SyncBatch(**{**clone, "batch_id": "another", "sequence": 2}))
        session.flush()
        session.add(SyncBatchItem(outbox_id=item.outbox_id, batch_id="another", position=0, part=b"x"))


def test_a_cancelled_run_stops_before_the_next_batch(center: AppContext, registry: InProcessRegistry) -> None:
    for term in TERMS[:3]:
        confirmed_record(center, term)
    engine = SyncEngine(center.db, actor=sign_in_as(center.users, "tester"), limits=SyncLimits(), profile_versions={}, max_records=1)
    seen: list[tuple[str, int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        seen.append((stage, done, total))

    report = engine.run(registry, progress, cancelled=lambda: len(registry.opened) >= 2)
    assert report.cancelled and not report.ok and report.committed == 2
    assert ("batches", 0, 3) in seen and ("batches", 1, 3) in seen
    assert engine.run(registry).committed == 1 and len(registry.opened) == 3
