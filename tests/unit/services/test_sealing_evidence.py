"""Sealing needs the evidence the level requires; only a supervisor overrides what is missing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from candidates import jpeg, new_record
from learncenter.context import AppContext
from learncenter.domain.evidence import Evidence
from learncenter.domain.messages import DomainError
from learncenter.services.users import Role
from learncenter.store.models import AuditEntry, OutboxItem, Record
from actors import sign_in_as

BACHELOR = dict(name="王芳", id_number="110105199003070025", level="专升本", major_code="120203", major_name="会计学",
                prior_education="专科", prior_school="江西财经职业学院", prior_certificate_no="104597201606001234",
                prior_graduation_date="2016-07-01")


@pytest.fixture
def people(ctx: AppContext) -> AppContext:
    ctx.users.add("boss", Role.SUPERVISOR, actor=sign_in_as(ctx.users, "admin"), password="boss password")
    ctx.users.add("clerk1", Role.CLERK, actor=sign_in_as(ctx.users, "admin"), password="clerk password")
    return ctx


def _checked(ctx: AppContext, **overrides: object) -> str:
    record_id = ctx.records.enter(new_record(photo=jpeg(), **overrides), actor=sign_in_as(ctx.users, "tester")).record_id
    ctx.records.mark_id_card_checked(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    return record_id


def _state(ctx: AppContext, record_id: str) -> tuple[str, str | None]:
    with ctx.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None
        return record.state, record.evidence_override_by


def test_both_card_sides_are_needed_at_every_level(people: AppContext) -> None:
    record_id = _checked(people)
    assert people.records.missing_evidence(record_id) == (Evidence.ID_FRONT, Evidence.ID_BACK)
    people.records.attach_document(record_id, "id_front", jpeg((1, 2, 3)), actor=sign_in_as(people.users, "clerk1"))
    with pytest.raises(DomainError) as refused:
        people.records.confirm(record_id, actor=sign_in_as(people.users, "clerk1"), acknowledge_review=True)
    assert refused.value.problem.code == "evidence.missing" and refused.value.problem.field == "id_back"
    assert "身份证件背面" in refused.value.text("zh") and "card's back" in refused.value.text("en")
    people.records.attach_document(record_id, "id_back", jpeg((3, 2, 1)), actor=sign_in_as(people.users, "clerk1"))
    assert people.records.confirm(record_id, actor=sign_in_as(people.users, "clerk1")).state.value == "confirmed"
    assert _state(people, record_id) == ("confirmed", None)


def test_the_clerks_review_tick_never_replaces_chsi_evidence(people: AppContext) -> None:
    record_id = _checked(people, **BACHELOR)
    for kind in ("id_front", "id_back", "diploma"):
        people.records.attach_document(record_id, kind, jpeg((len(kind), 9, 9)), actor=sign_in_as(people.users, "clerk1"))
    assert people.records.missing_evidence(record_id) == (Evidence.CHSI_NUMBER, Evidence.CHSI_SCAN)
    with pytest.raises(DomainError) as refused:
        people.records.confirm(record_id, actor=sign_in_as(people.users, "clerk1"), acknowledge_review=True)
    assert refused.value.problem.code == "evidence.missing"
    with pytest.raises(DomainError):  # a clerk cannot sign as the supervisor
        people.records.confirm(record_id, actor=sign_in_as(people.users, "clerk1"), supervisor="clerk1", supervisor_password="clerk password")
    with pytest.raises(DomainError):
        people.records.confirm(record_id, actor=sign_in_as(people.users, "clerk1"), supervisor="boss", supervisor_password="wrong")
    assert _state(people, record_id)[0] != "confirmed"

    people.records.confirm(record_id, actor=sign_in_as(people.users, "clerk1"), supervisor="boss", supervisor_password="boss password")
    assert _state(people, record_id) == ("confirmed", "boss")
    with people.db.session() as session:
        details = session.scalar(select(AuditEntry.details).where(AuditEntry.action == "record.confirm"))
        payload = session.scalar(select(OutboxItem.payload))
    assert details["supervisor"] == "boss" and details["evidence_waived"] == ["chsi_number", "chsi_scan"]
    assert payload["evidence_override_by"] == "boss"


def test_typed_chsi_numbers_are_normalised_or_refused_with_their_field(people: AppContext) -> None:
    record_id = _checked(people, **BACHELOR)
    with pytest.raises(DomainError) as bad:
        people.records.record_chsi_evidence(record_id, chsi_code="ABC", cert_report_no="", actor=sign_in_as(people.users, "clerk1"))
    assert bad.value.problem.field == "chsi_code"
    people.records.record_chsi_evidence(record_id, chsi_code="a1b2-c3d4 e5f6-g7h8", cert_report_no="",
                                        actor=sign_in_as(people.users, "clerk1"))
    people.records.attach_document(record_id, "cert_report", jpeg((7, 7, 7)), actor=sign_in_as(people.users, "clerk1"))
    assert Evidence.CHSI_NUMBER not in people.records.missing_evidence(record_id)
    assert Evidence.CHSI_SCAN not in people.records.missing_evidence(record_id)
    with people.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None and record.chsi_code == "A1B2C3D4E5F6G7H8"


def test_a_photo_and_the_card_check_are_never_overridden(people: AppContext) -> None:
    record_id = people.records.enter(new_record(), actor=sign_in_as(people.users, "tester")).record_id
    with pytest.raises(DomainError) as no_photo:
        people.records.confirm(record_id, actor=sign_in_as(people.users, "clerk1"), supervisor="boss", supervisor_password="boss password")
    assert no_photo.value.problem.code == "records.photo_missing"
    people.records.attach_photo(record_id, jpeg(), actor=sign_in_as(people.users, "clerk1"))
    with pytest.raises(DomainError) as no_check:
        people.records.confirm(record_id, actor=sign_in_as(people.users, "clerk1"), supervisor="boss", supervisor_password="boss password")
    assert no_check.value.problem.code == "records.id_card_not_checked"
