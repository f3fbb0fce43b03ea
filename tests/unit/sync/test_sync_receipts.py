"""Receipts: verified before anything is marked, applied once, rejections back to the clerk."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from unit.sync.in_process_registry import CENTER_ID, CODE, TERMS, URL, InProcessRegistry, confirmed_record

from learncenter.context import AppContext
from learncenter.domain.sync_limits import SyncLimits
from learncenter.domain.validation import validate_candidate
from learncenter.services.returned_records import returned_records
from learncenter.services.users import Role
from learncenter.store.audit import verify
from learncenter.store.models import AuditEntry, OutboxItem, Record
from learncenter.store.sync_models import SyncBatch
from learncenter.protocol.batch_file import read_batch_file
from learncenter.sync.batch_states import problem_text
from learncenter.sync.batching import sealed_batch
from learncenter.sync.engine import SyncEngine
from learncenter.sync.enrollment import enroll
from learncenter.protocol.envelope import SealedBatch, open_batch
from learncenter.protocol.errors import SEQUENCE_GAP, TOO_LARGE, UNAVAILABLE, SyncError
from learncenter.protocol.keys import SigningKeyPair
from learncenter.sync.media_file import export_batches, import_receipt_file
from learncenter.protocol.receipt import build_receipt, receipt_bytes
from learncenter.sync.receipts import apply_receipt
from candidates import raw_candidate
from conftest import TODAY
from actors import sign_in_as

NOW = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def _record_states(ctx: AppContext) -> dict[str, str]:
    with ctx.db.session() as session:
        return {row[0]: row[1] for row in session.execute(select(Record.id, Record.state))}


def _item_states(ctx: AppContext) -> list[str]:
    with ctx.db.session() as session:
        return list(session.scalars(select(OutboxItem.state).order_by(OutboxItem.id)))


def test_a_run_sends_the_batch_and_marks_records_accepted_once(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    ids = [confirmed_record(center, term) for term in TERMS[:3]]
    report = engine.run(registry)
    assert report.ok and (report.built, report.committed, report.accepted, report.returned) == (1, 1, 3, 0)
    assert set(_record_states(center).values()) == {"accepted"} and _item_states(center) == ["accepted"] * 3
    with center.db.session() as session:
        batch = session.scalars(select(SyncBatch)).one()
        assert batch.state == "committed" and batch.receipt is not None
        receipt = dict(batch.receipt)
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == ids[0])
                                       .order_by(AuditEntry.seq)))
    assert actions[-1] == "record.accept"
    again = apply_receipt(center.db, receipt, actor="tester", now=NOW)  # the same receipt twice
    assert (again.accepted, again.returned, again.unchanged) == (0, 0, 3)
    assert engine.run(registry).committed == 0 and len(registry.opened) == 1


def _batch(center: AppContext, engine: SyncEngine) -> tuple[str, int, str]:
    engine.build()
    with center.db.session() as session:
        batch = session.scalars(select(SyncBatch)).one()
        return batch.batch_id, batch.sequence, batch.manifest_hash


def _receipt(key: SigningKeyPair, batch_id: str, sequence: int, manifest_hash: str,
             results: list[dict[str, Any]]) -> dict[str, Any]:
    return build_receipt(registry_key=key.private, batch_id=batch_id, center_id=CENTER_ID,
                         sequence=sequence, manifest_hash=manifest_hash, results=results, committed_at=NOW)


def test_a_forged_receipt_or_one_for_another_manifest_marks_nothing(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    record_id = confirmed_record(center, TERMS[0])
    batch_id, sequence, manifest_hash = _batch(center, engine)
    results = [{"record_id": record_id, "version": 1, "status": "accepted"}]
    forged = _receipt(SigningKeyPair.generate(), batch_id, sequence, manifest_hash, results)
    with pytest.raises(SyncError) as caught:
        apply_receipt(center.db, forged, actor="tester", now=NOW)
    assert caught.value.code == "bad_signature"
    other = _receipt(registry.sign, batch_id, sequence, "0" * 64, results)
    with pytest.raises(SyncError) as caught:
        apply_receipt(center.db, other, actor="tester", now=NOW)
    assert caught.value.code == "hash_mismatch"
    tampered = dict(_receipt(registry.sign, batch_id, sequence, manifest_hash, results))
    tampered["results"] = [{**results[0], "status": "rejected"}]
    with pytest.raises(SyncError) as caught:
        apply_receipt(center.db, tampered, actor="tester", now=NOW)
    assert caught.value.code == "bad_signature"
    assert _record_states(center) == {record_id: "confirmed"} and _item_states(center) == ["batched"]
    with center.db.session() as session:
        assert session.scalars(select(SyncBatch.state)).one() == "open"


def test_a_receipt_answers_each_item_as_it_says_and_one_it_forgets_is_an_error(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    accepted, returned, forgotten = (confirmed_record(center, term) for term in TERMS[:3])
    batch_id, sequence, manifest_hash = _batch(center, engine)
    results = [{"record_id": accepted, "version": 1, "status": "accepted"},
               {"record_id": returned, "version": 1, "status": "rejected", "code": "invalid_record",
                "reason_zh": "照片不合格", "reason_en": "The photo is not acceptable"}]
    outcome = apply_receipt(center.db, _receipt(registry.sign, batch_id, sequence, manifest_hash, results),
                            actor="tester", now=NOW)
    assert (outcome.accepted, outcome.returned, outcome.errors) == (1, 1, 1)
    assert _record_states(center) == {accepted: "accepted", returned: "returned", forgotten: "confirmed"}
    with center.db.session() as session:
        items = {item.record_id: item for item in session.scalars(select(OutboxItem))}
        updated = dict(session.execute(select(Record.id, Record.updated_at)).all())
        assert verify(session).ok  # one audit entry per answered record, the chain unbroken
        answered = list(session.scalars(select(AuditEntry.entity_id).where(
            AuditEntry.action.in_(["record.accept", "record.return"])).order_by(AuditEntry.seq)))
    assert answered == [accepted, returned]
    assert [items[r].state for r in (accepted, returned, forgotten)] == ["accepted", "returned", "error"]
    assert (items[returned].return_code, items[returned].return_reason_zh,
            items[returned].return_reason_en) == ("invalid_record", "照片不合格", "The photo is not acceptable")
    assert items[accepted].answered_at == items[returned].answered_at == NOW.replace(tzinfo=None)
    assert items[forgotten].answered_at is None
    assert f"batch {sequence}" in problem_text(items[forgotten].last_error, "en")
    assert updated[accepted] == updated[returned] == NOW.replace(tzinfo=None) != updated[forgotten]


class _FilesLater(InProcessRegistry):
    """Receives each batch and files it at once, but answers the upload only "received" (as a
    registry that files later does), so its receipt must be asked for. Before it takes a batch, it
    waits (up to 5 s) for the center to apply the receipt of the batch before, noting whether it came."""

    def __init__(self, center_db: Any) -> None:
        super().__init__()
        self.center_db = center_db
        self.applied_before_next: list[bool] = []

    def upload(self, sealed: SealedBatch, **options: Any) -> dict[str, Any]:
        if self.receipts:
            deadline = time.monotonic() + 5
            while not (came := self._last_applied()) and time.monotonic() < deadline:
                time.sleep(0.01)
            self.applied_before_next.append(came)
        receipt = super().upload(sealed, **options)
        return {"batch_id": receipt["batch_id"], "state": "received"}

    def _last_applied(self) -> bool:
        with self.center_db.session() as session:
            states = list(session.scalars(select(SyncBatch.state).order_by(SyncBatch.sequence)))
        return states[len(self.receipts) - 1] == "committed"


def test_receipts_are_applied_while_the_next_batches_upload(ctx: AppContext) -> None:
    center = ctx  # enrolled here with a registry of its own
    registry = _FilesLater(center.db)
    enroll(center.db, registry.enroll, url=URL, code=CODE, device_name="desk-2", client_version="test",
           actor=sign_in_as(center.users, "tester"), now=NOW)
    ids = [confirmed_record(center, term) for term in TERMS[:3]]
    engine = SyncEngine(center.db, actor=sign_in_as(center.users, "tester"), limits=SyncLimits(),
                        profile_versions={"eligibility": center.profile.version}, clock=lambda: NOW,
                        max_records=1)
    report = engine.run(registry)
    assert report.ok and (report.built, report.committed, report.accepted) == (3, 3, 3)
    assert registry.applied_before_next == [True, True]  # not all at the end
    assert _record_states(center) == dict.fromkeys(ids, "accepted")


class _AnswersAtOnce(InProcessRegistry):
    """Files a batch 1.2 s after receiving it and answers a receipt request at once, without the
    wait it was asked for (a registry that does not know ``Prefer: wait``); counts the asks."""

    def __init__(self) -> None:
        super().__init__()
        self.asks = 0
        self.received_at = 0.0

    def upload(self, sealed: SealedBatch, **options: Any) -> dict[str, Any]:
        receipt = super().upload(sealed, **options)
        self.received_at = time.monotonic()
        return {"batch_id": receipt["batch_id"], "state": "received"}

    def receipt(self, batch_id: str, *, wait: float = 0) -> dict[str, Any]:
        self.asks += 1
        if time.monotonic() - self.received_at < 1.2:
            return {"batch_id": batch_id, "state": "received"}
        return self.receipts[batch_id]


def test_a_registry_that_answers_at_once_is_not_asked_in_a_busy_loop(ctx: AppContext) -> None:
    registry = _AnswersAtOnce()
    enroll(ctx.db, registry.enroll, url=URL, code=CODE, device_name="desk-3", client_version="test",
           actor=sign_in_as(ctx.users, "tester"), now=NOW)
    confirmed_record(ctx, TERMS[0])
    engine = SyncEngine(ctx.db, actor=sign_in_as(ctx.users, "tester"), limits=SyncLimits(),
                        profile_versions={"eligibility": ctx.profile.version}, clock=lambda: NOW)
    report = engine.run(registry)
    assert report.ok and (report.committed, report.accepted) == (1, 1)
    assert 2 <= registry.asks <= 5  # every half second at most


def test_a_returned_record_is_listed_then_goes_out_again_as_a_corrected_version(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    center.users.add("boss", Role.SUPERVISOR, actor=sign_in_as(center.users, "admin"), password="correct horse")
    good, bad = confirmed_record(center, TERMS[0]), confirmed_record(center, TERMS[1])
    registry.reject[bad] = ("invalid_record", "专业代码不在招生计划内", "The major is not in the plan")
    report = engine.run(registry)
    assert (report.accepted, report.returned) == (1, 1)  # one rejection never holds back the other
    assert _record_states(center) == {good: "accepted", bad: "returned"}
    [listed] = returned_records(center.db, actor=sign_in_as(center.users, "clerk"))
    assert (listed.record_id, listed.code, listed.reason("zh"), listed.reason("en")) == (
        bad, "invalid_record", "专业代码不在招生计划内", "The major is not in the plan")

    fixed = validate_candidate(raw_candidate(term=TERMS[1], major_code="530301", major_name="财务管理"),
                               today=TODAY)
    assert fixed.candidate is not None and fixed.id_number is not None
    sealed = center.records.correct(bad, fixed.candidate, id_number_entered=fixed.id_number.entered,
                                    actor=sign_in_as(center.users, "tester"), supervisor="boss", supervisor_password="correct horse",
                                    reason="按登记机构退回意见更正专业")
    assert returned_records(center.db, actor=sign_in_as(center.users, "clerk")) == []
    report = engine.run(registry)
    assert (report.built, report.accepted, report.returned) == (1, 1, 0)
    [entry] = registry.opened[-1].manifest["records"]
    assert (entry["record_id"], entry["version"], entry["replaces"], entry["kind"]) == (
        sealed.record_id, 2, bad, "corrected")
    assert _record_states(center)[sealed.record_id] == "accepted"
    assert _record_states(center)[bad] == "returned"  # the returned version stays as it was


def test_an_unavailable_registry_keeps_the_batch_for_the_next_run(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    record_id = confirmed_record(center, TERMS[0])

    def busy(sealed: SealedBatch) -> None:
        raise SyncError(UNAVAILABLE)

    registry.fail_upload = busy
    report = engine.run(registry)
    assert not report.ok and [p.code for p in report.problems] == ["sync.unavailable"]
    assert _item_states(center) == ["sending"] and _record_states(center) == {record_id: "confirmed"}
    registry.fail_upload = None
    report = engine.run(registry)
    assert report.ok and report.built == 0 and report.accepted == 1


def test_a_refused_batch_puts_its_items_in_error_without_blocking_the_next(
        center: AppContext, registry: InProcessRegistry) -> None:
    for term in TERMS[:2]:
        confirmed_record(center, term)
    engine = SyncEngine(center.db, actor=sign_in_as(center.users, "tester"), limits=SyncLimits(), profile_versions={}, max_records=1,
                        clock=lambda: NOW)
    first: dict[str, bool] = {}

    def refuse_first(sealed: SealedBatch) -> None:
        if sealed.header["sequence"] == 1 and not first:
            first["seen"] = True
            raise SyncError(TOO_LARGE)

    registry.fail_upload = refuse_first
    report = engine.run(registry)
    assert [p.code for p in report.problems] == ["sync.too_large", "sync.sequence_gap"]
    assert _item_states(center) == ["error", "error"]
    errors = engine.status().errors  # named, with the reason, for `sync status` and the indicator
    assert len(errors) == 2 and all(problem_text(problem, "en") for _name, _id, problem in errors)
    assert {problem_text(problem, "en") for *_who, problem in errors} == {
        SyncError(TOO_LARGE).problem.text("en"), SyncError(SEQUENCE_GAP).problem.text("en")}
    report = engine.run(registry)  # the cause is gone: the same stored batches go again, in order
    assert report.ok and report.accepted == 2 and _item_states(center) == ["accepted", "accepted"]


def test_offline_export_and_receipt_file_take_the_same_checks(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry, tmp_path: Path) -> None:
    record_id = confirmed_record(center, TERMS[0])
    (tmp_path / "stick").mkdir()
    [path] = export_batches(center.db, engine, tmp_path / "stick" / "batch.lcb", actor=sign_in_as(center.users, "tester"))
    opened = open_batch(read_batch_file(path), registry_private=registry.enc.private,
                        center_public=registry.center_public,  # type: ignore[arg-type]
                        expected_center_id=CENTER_ID)
    receipt = registry.commit(opened)
    forged = tmp_path / "forged.json"
    forged.write_bytes(receipt_bytes(_receipt(SigningKeyPair.generate(), receipt["batch_id"], 1,
                                              receipt["manifest_hash"], receipt["results"])))
    with pytest.raises(SyncError):
        import_receipt_file(center.db, forged, actor=sign_in_as(center.users, "tester"), now=NOW)
    assert _record_states(center) == {record_id: "confirmed"}
    good = tmp_path / "receipt.json"
    good.write_bytes(receipt_bytes(receipt))
    outcome = import_receipt_file(center.db, good, actor=sign_in_as(center.users, "tester"), now=NOW)
    assert (outcome.accepted, outcome.sequence) == (1, 1) and _record_states(center) == {record_id: "accepted"}
    assert engine.uncommitted() == [] and export_batches(center.db, engine, tmp_path / "x.lcb", actor=sign_in_as(center.users, "t")) == []
    assert sealed_batch(center.db, receipt["batch_id"]).header["sequence"] == 1
