"""Nobody acts without the right: the services check who is acting, whatever calls them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from actors import sign_in_as
from candidates import gather_evidence, jpeg, new_record
from learncenter.context import AppContext
from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import DomainError
from learncenter.domain.permissions import PERMISSIONS, Permission, allows
from learncenter.domain.roles import Role, SignedIn
from learncenter.services.exporting import export_records
from learncenter.store.models import AuditEntry, Record


def _refusal(call: Callable[[], object]) -> str:
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value.problem.code


def _ready(ctx: AppContext) -> str:
    """A record with everything gathered for sealing, entered by data entry."""
    record_id = ctx.records.enter(new_record(photo=jpeg()), actor=sign_in_as(ctx.users, "entry")).record_id
    gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "clerk"))
    return record_id


def _state(ctx: AppContext, record_id: str) -> str:
    with ctx.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None
        return record.state


def test_every_role_has_its_row_and_only_a_supervisor_approves() -> None:
    assert set(PERMISSIONS) == set(Role)
    assert [role for role in Role if allows(role, Permission.APPROVE)] == [Role.SUPERVISOR]
    assert not allows(Role.DATA_ENTRY, Permission.CONFIRM) and not allows(Role.CLERK, Permission.ENTER)
    assert all(allows(Role.ADMIN, p) for p in Permission if p is not Permission.APPROVE)


def test_a_data_entry_user_cannot_seal_and_a_clerk_can(ctx: AppContext) -> None:
    record_id = _ready(ctx)
    assert _refusal(lambda: ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "entry"))) \
        == "auth.not_permitted"
    assert _state(ctx, record_id) == RecordState.PRE_REGISTERED.value  # not even checked in
    assert ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk")).state is RecordState.CONFIRMED


@pytest.mark.parametrize("actor", [
    "clerk",  # a name, as the services took before
    SignedIn("clerk", Role.CLERK, False),  # the right name and role, but never signed in
    SignedIn("ghost", Role.ADMIN, False),  # nobody of that name
], ids=["a name", "a hand-made user", "an unknown user"])
def test_an_actor_who_never_signed_in_is_refused(ctx: AppContext, actor: object) -> None:
    record_id = _ready(ctx)
    for call in (
        lambda: ctx.records.confirm(record_id, actor=actor),  # type: ignore[arg-type]
        lambda: ctx.records.refuse(record_id, actor=actor, reason="没有原件"),  # type: ignore[arg-type]
        lambda: ctx.records.enter(new_record(id_number="120103198806018241"), actor=actor),  # type: ignore[arg-type]
        lambda: ctx.desk.find("张三", actor=actor),  # type: ignore[arg-type]
        lambda: ctx.desk.candidate(record_id, actor=actor),  # type: ignore[arg-type]
    ):
        assert _refusal(call) == "auth.not_signed_in"
    assert _state(ctx, record_id) == RecordState.PRE_REGISTERED.value


def test_a_user_locked_after_signing_in_is_stopped_at_the_next_action(ctx: AppContext) -> None:
    record_id = _ready(ctx)
    clerk = sign_in_as(ctx.users, "clerk")
    ctx.users.lock("clerk", actor=sign_in_as(ctx.users, "admin"))
    assert _refusal(lambda: ctx.records.confirm(record_id, actor=clerk)) == "auth.account_inactive"
    ctx.users.unlock("clerk", actor=sign_in_as(ctx.users, "admin"))
    assert ctx.records.confirm(record_id, actor=clerk).state is RecordState.CONFIRMED


def test_a_user_who_must_change_the_password_does_nothing_else_first(ctx: AppContext) -> None:
    added = ctx.users.add_account("newclerk", Role.CLERK, actor=sign_in_as(ctx.users, "admin"))
    first = ctx.users.authenticate("newclerk", added.password)
    assert first.must_change_password
    assert _refusal(lambda: ctx.desk.find("张三", actor=first)) == "auth.must_change_password"
    changed = ctx.users.change_password("newclerk", added.password, "my own password")
    assert changed.name == "newclerk" and ctx.desk.find("张三", actor=changed).hits == ()


def test_reading_and_exporting_records_need_their_permission(ctx: AppContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _ready(ctx)
    clerk = sign_in_as(ctx.users, "clerk")
    assert _refusal(lambda: export_records(ctx.db, tmp_path / "all.csv", actor=clerk)) == "auth.not_permitted"
    assert not (tmp_path / "all.csv").exists()
    assert export_records(ctx.db, tmp_path / "all.csv", actor=sign_in_as(ctx.users, "admin")) == 1


def test_the_audit_log_names_the_signed_in_user(ctx: AppContext) -> None:
    record_id = _ready(ctx)
    ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk"))
    with ctx.db.session() as session:
        actors = dict(session.execute(select(AuditEntry.action, AuditEntry.actor)).all())
    assert actors["record.confirm"] == "clerk" and actors["record.create"] == "entry"


def test_the_first_user_is_an_administrator_and_only_the_first(ctx: AppContext) -> None:
    assert _refusal(lambda: ctx.users.add_first_admin("admin", password="short")) == "users.password_short"
    ctx.users.add_first_admin("admin", password="admin password")
    assert _refusal(lambda: ctx.users.add_first_admin("mallory", password="mallory password")) \
        == "users.first_admin"
    assert _refusal(lambda: ctx.users.add("mallory", Role.ADMIN, actor="admin", password="mallory password")) \
        == "auth.not_signed_in"  # type: ignore[arg-type]
    assert not any(name == "mallory" for name, _, _ in ctx.users.list(actor=ctx.users.authenticate("admin", "admin password")))


def test_supervisor_approval_locks_after_five_wrong_passwords_and_audits_each(ctx: AppContext) -> None:
    sign_in_as(ctx.users, "boss", password="boss password")
    for _ in range(5):
        with pytest.raises(DomainError) as wrong:
            ctx.users.approve("boss", "guess")
    with pytest.raises(DomainError) as locked:
        ctx.users.approve("boss", "boss password")  # the right one, too late
    with pytest.raises(DomainError) as unknown:
        ctx.users.approve("nobody", "boss password")
    assert locked.value.text("zh") == wrong.value.text("zh") == unknown.value.text("zh")
    assert locked.value.text("en") == unknown.value.text("en")
    with ctx.db.session() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == "boss")).all()
    assert actions.count("user.approval_failed") == 5 and "user.locked" in actions


def test_a_photo_that_failed_needs_a_supervisor_not_a_clerk(ctx: AppContext) -> None:
    record_id = ctx.records.enter(new_record(), actor=sign_in_as(ctx.users, "entry")).record_id
    sign_in_as(ctx.users, "boss", password="boss password")
    clerk = sign_in_as(ctx.users, "clerk")
    assert _refusal(lambda: ctx.records.record_photo_attempt(
        record_id, jpeg(), actor=clerk, failed_checks=["background"], supervisor="clerk",
        supervisor_password="clerk password")) == "users.not_supervisor"
    kept = ctx.records.record_photo_attempt(record_id, jpeg(), actor=clerk, failed_checks=["background"],
                                            supervisor="boss", supervisor_password="boss password")
    assert kept.kept and kept.accepted_by == "boss"


def test_the_photo_verdict_is_the_desks_own_never_the_callers(ctx: AppContext) -> None:
    from learncenter.media.photo_result import PhotoResult

    record_id = ctx.records.enter(new_record(), actor=sign_in_as(ctx.users, "entry")).record_id
    claimed = PhotoResult(jpeg(), (), True, None, (48, 64))  # "every check passed", says the caller
    assert _refusal(lambda: ctx.desk.keep_photo(record_id, claimed, actor=sign_in_as(ctx.users, "clerk"))) \
        == "desk.photo_not_checked"
    with ctx.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None and record.photo_sha256 is None and record.photo_attempts == 0


def test_exam_sessions_are_defined_by_an_administrator_only(ctx: AppContext) -> None:
    from exam_fixtures import session_spec

    assert _refusal(lambda: ctx.exams.save_session(session_spec(), actor="admin")) == "auth.not_signed_in"  # type: ignore[arg-type]
    assert _refusal(lambda: ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "supervisor"))) \
        == "auth.not_permitted"
    assert ctx.exams.sessions() == []
    assert ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin")).created
