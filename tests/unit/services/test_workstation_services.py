"""What the workstation relies on: sign-in with lockout, supervisor approval, photo attempts,
documents kept with a record, the ID-card check, drafts that survive a restart."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from candidates import gather_evidence, jpeg, new_record
from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.services.users import Role, UserService
from learncenter.store.database import open_database
from learncenter.store.models import AuditEntry, Record
from actors import sign_in_as


def test_sign_in_and_lockout_after_five_failures(ctx: AppContext) -> None:
    ctx.users.add("clerk1", Role.CLERK, actor=sign_in_as(ctx.users, "admin"), password="right password")
    signed = ctx.users.authenticate("clerk1", "right password")
    assert (signed.name, signed.role, signed.must_change_password) == ("clerk1", Role.CLERK, False)
    for _ in range(5):
        with pytest.raises(DomainError) as wrong:
            ctx.users.authenticate("clerk1", "wrong")
        assert wrong.value.problem.code == "users.sign_in_failed"
    with pytest.raises(DomainError) as locked:
        ctx.users.authenticate("clerk1", "right password")
    assert locked.value.text("zh") == wrong.value.text("zh")  # locked reads like unknown: no name probing
    with ctx.db.session() as session:
        assert "user.locked" in session.scalars(select(AuditEntry.action)).all()
    later = UserService(ctx.db, clock=lambda: datetime(2026, 3, 1, 9, 46, tzinfo=UTC))
    assert later.authenticate("clerk1", "right password").name == "clerk1"


def test_unknown_user_and_wrong_password_read_the_same(ctx: AppContext) -> None:
    ctx.users.add("clerk1", Role.CLERK, actor=sign_in_as(ctx.users, "admin"), password="right password")
    with pytest.raises(DomainError) as unknown:
        ctx.users.authenticate("nobody", "x")
    with pytest.raises(DomainError) as wrong:
        ctx.users.authenticate("clerk1", "x")
    assert unknown.value.text("zh") == wrong.value.text("zh")


def test_change_password(ctx: AppContext) -> None:
    added = ctx.users.add("clerk1", Role.CLERK, actor=sign_in_as(ctx.users, "admin"))
    assert ctx.users.authenticate("clerk1", added.password).must_change_password
    ctx.users.change_password("clerk1", added.password, "a new password")
    assert not ctx.users.authenticate("clerk1", "a new password").must_change_password


def test_supervisor_approval_needs_the_supervisors_own_password(ctx: AppContext) -> None:
    ctx.users.add("boss", Role.SUPERVISOR, actor=sign_in_as(ctx.users, "admin"), password="boss password")
    ctx.users.add("clerk1", Role.CLERK, actor=sign_in_as(ctx.users, "admin"), password="clerk password")
    assert ctx.users.approve("boss", "boss password") == "boss"
    with pytest.raises(DomainError):
        ctx.users.approve("boss", "clerk password")
    with pytest.raises(DomainError) as not_boss:
        ctx.users.approve("clerk1", "clerk password")
    assert not_boss.value.problem.code == "users.not_supervisor"


def test_photo_attempts_are_counted_and_failures_need_a_supervisor(ctx: AppContext) -> None:
    ctx.users.add("boss", Role.SUPERVISOR, actor=sign_in_as(ctx.users, "admin"), password="boss password")
    record_id = ctx.records.enter(new_record(), actor=sign_in_as(ctx.users, "tester")).record_id
    blurry, good = jpeg((90, 90, 90)), jpeg()
    first = ctx.records.record_photo_attempt(record_id, blurry, actor=sign_in_as(ctx.users, "clerk1"), failed_checks=["sharpness"])
    assert (first.attempts, first.kept) == (1, False)
    second = ctx.records.record_photo_attempt(record_id, None, actor=sign_in_as(ctx.users, "clerk1"), failed_checks=["face_found"])
    assert (second.attempts, second.kept) == (2, False)
    with pytest.raises(DomainError):
        ctx.records.record_photo_attempt(record_id, blurry, actor=sign_in_as(ctx.users, "clerk1"), failed_checks=["sharpness"],
                                         supervisor="boss", supervisor_password="guess")
    forced = ctx.records.record_photo_attempt(record_id, blurry, actor=sign_in_as(ctx.users, "clerk1"), failed_checks=["sharpness"],
                                              supervisor="boss", supervisor_password="boss password")
    assert (forced.attempts, forced.kept, forced.accepted_by) == (3, True, "boss")
    with ctx.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None
        assert (record.photo_attempts, record.photo_accepted_by, record.photo_checks) == (3, "boss", {"failed": ["sharpness"]})
        assert ctx.db.blobs.get(record.photo_sha256 or "") == blurry
    clean = ctx.records.record_photo_attempt(record_id, good, actor=sign_in_as(ctx.users, "clerk1"))
    assert (clean.attempts, clean.kept, clean.accepted_by) == (4, True, None)


def test_confirm_needs_the_id_card_checked(ctx: AppContext) -> None:
    record_id = ctx.records.enter(new_record(photo=jpeg()), actor=sign_in_as(ctx.users, "tester")).record_id
    with pytest.raises(DomainError) as caught:
        ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    assert caught.value.problem.code == "records.id_card_not_checked"
    gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "clerk1"))
    assert ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1")).state.value == "confirmed"


def test_several_scans_are_kept_in_one_call_each_audited(ctx: AppContext) -> None:
    from learncenter.store import audit

    record_id = ctx.records.enter(new_record(photo=jpeg()), actor=sign_in_as(ctx.users, "tester")).record_id
    shas = ctx.records.attach_documents(record_id, [("id_front", jpeg((1, 2, 3)), "image/jpeg"),
                                                    ("id_back", jpeg((3, 2, 1)), "image/jpeg")],
                                        actor=sign_in_as(ctx.users, "clerk1"))
    assert ctx.records.documents(record_id) == [("id_front", shas[0]), ("id_back", shas[1])]
    with ctx.db.session() as session:
        kinds = [d["kind"] for d in session.scalars(select(AuditEntry.details).where(AuditEntry.action == "record.document"))]
        assert kinds == ["id_front", "id_back"] and audit.verify(session).ok
    with pytest.raises(ValueError):
        ctx.records.attach_documents(record_id, [("id_front", b"x", "image/jpeg"), ("passport", b"y", "image/jpeg")],
                                     actor=sign_in_as(ctx.users, "clerk1"))
    assert len(ctx.records.documents(record_id)) == 2  # nothing of a refused call


def test_documents_are_kept_and_frozen_with_the_sealed_record(ctx: AppContext) -> None:
    record_id = ctx.records.enter(new_record(photo=jpeg()), actor=sign_in_as(ctx.users, "tester")).record_id
    front = ctx.records.attach_document(record_id, "id_front", jpeg((1, 2, 3)), actor=sign_in_as(ctx.users, "clerk1"))
    ctx.records.attach_document(record_id, "diploma", b"%PDF-1.4 scan", actor=sign_in_as(ctx.users, "clerk1"), media_type="application/pdf")
    assert [k for k, _ in ctx.records.documents(record_id)] == ["id_front", "diploma"]
    assert ctx.db.blobs.get(front) == jpeg((1, 2, 3))
    gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "clerk1"))
    ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    with pytest.raises(DomainError):
        ctx.records.attach_document(record_id, "other", b"late", actor=sign_in_as(ctx.users, "clerk1"))
    with ctx.db.engine.begin() as conn, pytest.raises(DatabaseError, match="sealed"):
        conn.execute(text("DELETE FROM record_documents WHERE record_id = :id"), {"id": record_id})


def test_drafts_survive_closing_the_database(ctx: AppContext) -> None:
    draft_id = ctx.drafts.save("entry1", "candidate", {"name": "张三", "id_number": "3604261991"})
    ctx.drafts.save("entry1", "candidate", {"name": "张三", "id_number": "360426199101010071"}, draft_id=draft_id)
    ctx.drafts.save("entry2", "candidate", {"name": "李四"})
    ctx.close()  # the power cut
    from learncenter.services.drafts import DraftService

    reopened = open_database(ctx.data_dir)
    drafts = DraftService(reopened).pending("entry1", "candidate")
    assert [(d.id, d.fields["id_number"]) for d in drafts] == [(draft_id, "360426199101010071")]
    DraftService(reopened).discard(draft_id)
    assert DraftService(reopened).pending("entry1", "candidate") == []
    reopened.close()
