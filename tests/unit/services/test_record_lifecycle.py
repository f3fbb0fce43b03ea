"""Confirming, refusing and correcting: sealed versions never change in place."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from candidates import gather_evidence, jpeg, new_record
from learncenter.context import AppContext
from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import DomainError
from learncenter.domain.validation import validate_candidate
from learncenter.services.users import Role
from learncenter.store.models import AuditEntry, OutboxItem, Record
from conftest import TODAY
from actors import sign_in_as


def _entered(ctx: AppContext, **overrides: object) -> str:
    """A record as the clerk has it just before deciding: photo taken, ID card checked."""
    record_id = ctx.records.enter(new_record(photo=jpeg(), **overrides), actor=sign_in_as(ctx.users, "tester")).record_id
    gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "clerk1"))
    return record_id


def _count(ctx: AppContext, model: type) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_confirm_seals_audits_and_queues_in_one_go(ctx: AppContext) -> None:
    record_id = _entered(ctx)
    sealed = ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    assert sealed.state is RecordState.CONFIRMED and sealed.verdict is not None
    with ctx.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None and record.sealed_by == "clerk1" and record.verdict["outcome"] == "eligible"
        outbox = session.scalars(select(OutboxItem)).all()
        assert [(o.kind, o.record_id, o.record_version) for o in outbox] == [("record.confirmed", record_id, 1)]
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "record")
                                  .order_by(AuditEntry.seq)).all()
    assert actions == ["record.create", "record.id_card_checked", "record.document", "record.document",
                       "record.check_in", "record.confirm"]


def test_confirm_needs_a_photo(ctx: AppContext) -> None:
    record_id = ctx.records.enter(new_record(), actor=sign_in_as(ctx.users, "tester")).record_id
    with pytest.raises(DomainError) as caught:
        ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    assert caught.value.problem.code == "records.photo_missing"
    assert _count(ctx, OutboxItem) == 0


def test_an_ineligible_candidate_cannot_be_confirmed_and_nothing_is_written(ctx: AppContext) -> None:
    record_id = _entered(ctx, id_number="44011320141005001X", name="小明")  # 11 years old
    audit_before = _count(ctx, AuditEntry)
    with pytest.raises(DomainError) as caught:
        ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    assert caught.value.problem.code == "records.not_eligible"
    assert _count(ctx, AuditEntry) == audit_before and _count(ctx, OutboxItem) == 0
    with ctx.db.session() as session:
        assert session.get(Record, record_id).state == RecordState.PRE_REGISTERED.value  # type: ignore[union-attr]


def test_refusal_is_sealed_with_its_reason(ctx: AppContext) -> None:
    record_id = _entered(ctx)
    with pytest.raises(DomainError):
        ctx.records.refuse(record_id, actor=sign_in_as(ctx.users, "clerk1"), reason="  ")
    ctx.records.refuse(record_id, actor=sign_in_as(ctx.users, "clerk1"), reason="毕业证书与学信网记录不符")
    with ctx.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None and record.state == "refused" and record.sealed_at is not None
        assert session.scalars(select(OutboxItem.kind)).all() == ["record.refused"]


def test_a_sealed_record_refuses_to_change(ctx: AppContext) -> None:
    record_id = _entered(ctx)
    ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    outcome = ctx.records.enter(new_record(phone="13900000000"), actor=sign_in_as(ctx.users, "importer"))
    assert outcome.status == "sealed" and outcome.problem is not None
    assert "主管" in outcome.problem.text("zh")
    with pytest.raises(DomainError):
        ctx.records.attach_photo(record_id, jpeg((255, 255, 255)), actor=sign_in_as(ctx.users, "tester"))
    with ctx.db.engine.begin() as conn, pytest.raises(DatabaseError, match="sealed record"):
        conn.execute(text("UPDATE records SET name = '李四' WHERE id = :id"), {"id": record_id})
    with ctx.db.engine.begin() as conn, pytest.raises(DatabaseError, match="sealed record"):
        conn.execute(text("DELETE FROM records WHERE id = :id"), {"id": record_id})
    with ctx.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None and record.phone == "13800138000" and record.name == "张三"


def test_correction_is_a_new_version_approved_by_a_supervisor(ctx: AppContext) -> None:
    sign_in_as(ctx.users, "boss", Role.SUPERVISOR, password="correct horse")
    sign_in_as(ctx.users, "clerk1", Role.CLERK, password="correct horse")
    record_id = _entered(ctx)
    ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    fixed = validate_candidate({**_raw(), "phone": "13900000000"}, today=TODAY)
    assert fixed.candidate is not None and fixed.id_number is not None

    with pytest.raises(DomainError) as caught:
        ctx.records.correct(record_id, fixed.candidate, id_number_entered=fixed.id_number.entered,
                            actor=sign_in_as(ctx.users, "clerk1"), supervisor="clerk1", supervisor_password="correct horse",
                            reason="电话号码录入错误")
    assert caught.value.problem.code == "users.not_supervisor"

    sealed = ctx.records.correct(record_id, fixed.candidate, id_number_entered=fixed.id_number.entered,
                                 actor=sign_in_as(ctx.users, "clerk1"), supervisor="boss", supervisor_password="correct horse",
                                 reason="电话号码录入错误")
    assert sealed.version == 2 and sealed.record_id != record_id
    with ctx.db.session() as session:
        old, new = session.get(Record, record_id), session.get(Record, sealed.record_id)
        assert old is not None and new is not None
        assert (old.is_current, old.phone) == (False, "13800138000")
        assert (new.is_current, new.phone, new.replaces_id, new.approved_by) == (True, "13900000000", old.id, "boss")
        assert new.photo_sha256 == old.photo_sha256 and new.sealed_at is not None
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert last is not None and last.action == "record.correct"
        assert last.details["supervisor"] == "boss" and last.before_digest != last.after_digest
        kinds = session.scalars(select(OutboxItem.kind).order_by(OutboxItem.id)).all()
    assert kinds == ["record.confirmed", "record.corrected"]


def test_reentering_the_same_content_changes_nothing(ctx: AppContext) -> None:
    first = ctx.records.enter(new_record(), actor=sign_in_as(ctx.users, "tester"))
    audit_count = _count(ctx, AuditEntry)
    again = ctx.records.enter(new_record(), actor=sign_in_as(ctx.users, "tester"))
    assert (first.status, again.status, again.record_id) == ("created", "unchanged", first.record_id)
    assert _count(ctx, AuditEntry) == audit_count
    changed = ctx.records.enter(new_record(phone="13900000000"), actor=sign_in_as(ctx.users, "tester"))
    assert changed.status == "updated" and _count(ctx, AuditEntry) == audit_count + 1


def test_a_failure_mid_transaction_leaves_no_trace(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """The outbox is written with the change or not at all: a crash cannot split them."""
    record_id = _entered(ctx)
    audit_count = _count(ctx, AuditEntry)

    def power_cut(*args: object, **kwargs: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr("learncenter.store.records.enqueue", power_cut)
    with pytest.raises(OSError):
        ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    with ctx.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None and record.state == "pre_registered" and record.sealed_at is None
    assert _count(ctx, AuditEntry) == audit_count and _count(ctx, OutboxItem) == 0


def _raw() -> dict[str, object]:
    from candidates import raw_candidate

    return raw_candidate()
