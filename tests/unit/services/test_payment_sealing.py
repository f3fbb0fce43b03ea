"""Payment through the real services: sealing refused for the unpaid, kept through imports and
corrections, and the administrator's list of who has not paid (issue 13)."""

from __future__ import annotations

import dataclasses
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from actors import sign_in_as
from candidates import TODAY, gather_evidence, jpeg, new_record
from learncenter.context import AppContext
from learncenter.domain.candidate import PaymentState
from learncenter.domain.messages import DomainError
from learncenter.services.records import RecordService
from learncenter.services.unpaid import unpaid_candidates, write_list
from learncenter.services.users import Role
from learncenter.store import integrity
from learncenter.store import records as repo
from learncenter.store.models import AuditEntry, OutboxItem, Record

LI_SI = dict(name="李四", id_number="120103198806018241")
WANG = dict(name="王芳", id_number="110105199003070025")


@pytest.fixture
def people(ctx: AppContext) -> AppContext:
    ctx.users.add("boss", Role.SUPERVISOR, actor=sign_in_as(ctx.users, "admin"), password="boss password")
    ctx.users.add("clerk1", Role.CLERK, actor=sign_in_as(ctx.users, "admin"), password="clerk password")
    return ctx


def _ready(ctx: AppContext, records: RecordService | None = None, **overrides: object) -> str:
    """A pre-registration with every piece of evidence gathered: only payment can stop it."""
    records = records or ctx.records
    record_id = records.enter(new_record(photo=jpeg(), **overrides), actor=sign_in_as(ctx.users, "tester")).record_id
    gather_evidence(records, record_id, actor=sign_in_as(ctx.users, "clerk1"))
    return record_id


def _record(ctx: AppContext, record_id: str) -> Record:
    with ctx.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None
        return record


@pytest.mark.parametrize("state", ["未缴费", "已退费"])
def test_unpaid_or_refunded_is_not_sealed_even_with_a_supervisor(people: AppContext, state: str) -> None:
    day = {"payment_date": "2026-02-20"} if state == "已退费" else {}
    record_id = _ready(people, payment_state=state, **day)
    clerk = sign_in_as(people.users, "clerk1")
    with pytest.raises(DomainError) as refused:
        people.records.confirm(record_id, actor=clerk, acknowledge_review=True)
    assert refused.value.problem.code == "payment.blocks_sealing"
    assert "张三" in refused.value.text("zh") and "pay" in refused.value.text("en")
    with pytest.raises(DomainError) as again:
        people.records.confirm(record_id, actor=clerk, acknowledge_review=True, supervisor="boss",
                               supervisor_password="boss password")
    assert again.value.problem.code == "payment.blocks_sealing"
    assert _record(people, record_id).sealed_at is None
    with people.db.session() as session:
        assert session.scalars(select(OutboxItem)).all() == []
    # Refusing stays possible: the candidate gave up.
    assert people.records.refuse(record_id, actor=clerk, reason="放弃报名").state.value == "refused"


def test_paid_and_unknown_are_sealed_with_their_payment(people: AppContext) -> None:
    clerk = sign_in_as(people.users, "clerk1")
    paid = _ready(people, payment_state="已缴费", payment_date="2026-02-03")
    unknown = _ready(people, **LI_SI)  # typed at the center: no payment information
    people.records.confirm(paid, actor=clerk, acknowledge_review=True)
    people.records.confirm(unknown, actor=clerk, acknowledge_review=True)
    with people.db.session() as session:
        payloads = {item.record_id: item.payload for item in session.scalars(select(OutboxItem))}
    assert payloads[paid]["candidate"]["payment_state"] == "paid"
    assert payloads[paid]["candidate"]["payment_date"] == "2026-02-03"
    assert "payment_state" not in payloads[unknown]["candidate"]  # as the registry received it before
    with people.db.session() as session:  # the seals' digests still match (unknown payment is left out)
        assert integrity.altered_sealed_versions(session) == []
    receipts = {record_id: subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], check=True, capture_output=True,
                                          input=people.desk.receipt(record_id, actor=clerk).data).stdout.decode()
                for record_id in (paid, unknown)}
    assert "缴费状态" in receipts[paid] and "已缴费（2026年02月03日）" in receipts[paid]
    assert "未记录缴费信息" in receipts[unknown]


def test_a_profile_that_lets_unpaid_through_seals_them(people: AppContext) -> None:
    lenient = RecordService(people.db, profile=dataclasses.replace(people.profile, unpaid_blocks_sealing=False),
                            users=people.users, clock=lambda: datetime(2026, 3, 1, 9, 30, tzinfo=UTC), today=lambda: TODAY)
    record_id = _ready(people, lenient, payment_state="未缴费")
    sealed = lenient.confirm(record_id, actor=sign_in_as(people.users, "clerk1"), acknowledge_review=True)
    assert sealed.state.value == "confirmed" and _record(people, record_id).payment_state == "unpaid"


def test_entering_again_without_payment_keeps_the_payment_held(people: AppContext) -> None:
    admin = sign_in_as(people.users, "tester")
    first = people.records.enter(new_record(payment_state="已缴费", payment_date="2026-02-03"), actor=admin)
    again = people.records.enter(new_record(), actor=admin, source="import")  # a sheet without the columns
    assert again.status == "unchanged"
    changed = people.records.enter(new_record(phone="13900139000"), actor=admin, source="import")
    assert changed.status == "updated"
    record = _record(people, first.record_id)
    assert (record.payment_state, record.phone) == ("paid", "13900139000")
    refunded = people.records.enter(new_record(payment_state="已退费", payment_date="2026-02-25"), actor=admin,
                                    source="import")
    assert refunded.status == "updated" and _record(people, first.record_id).payment_state == "refunded"


def test_a_sheet_with_payment_columns_is_imported(people: AppContext, tmp_path: Path) -> None:
    sheet = tmp_path / "bank.csv"
    sheet.write_text("批次,姓名,身份证号,层次,专业代码,专业名称,缴费状态,缴费日期\n"
                     "2026春,张三,360426199101010071,高起专,530302,大数据与会计,已缴费,2026/2/3\n"
                     "2026春,李四,120103198806018241,高起专,530302,大数据与会计,未缴费,\n"
                     "2026春,王芳,110105199003070025,高起专,530302,大数据与会计,已退费,\n", encoding="utf-8")
    result = people.importer.run(sheet, actor=sign_in_as(people.users, "tester"))
    assert (result.created, result.refused_rows) == (2, 1)
    [refusal] = result.refusals
    assert (refusal.row, refusal.column, refusal.problem.code) == (4, "缴费日期", "payment.refund_needs_date")
    with people.db.session() as session:
        held = {r.name: (r.payment_state, r.payment_date and r.payment_date.isoformat())
                for r in session.scalars(select(Record))}
    assert held == {"张三": ("paid", "2026-02-03"), "李四": ("unpaid", None)}


def test_a_correction_keeps_the_payment_of_the_version_it_replaces(people: AppContext) -> None:
    clerk = sign_in_as(people.users, "clerk1")
    record_id = _ready(people, payment_state="已缴费", payment_date="2026-02-03")
    people.records.confirm(record_id, actor=clerk, acknowledge_review=True)
    corrected = new_record(phone="13900139000").data  # the correction form has no payment fields
    new = people.records.correct(record_id, corrected, id_number_entered=corrected.id_number, actor=clerk,
                                 supervisor="boss", supervisor_password="boss password", reason="电话号码录错",
                                 acknowledge_review=True)
    record = _record(people, new.record_id)
    assert (record.payment_state, record.payment_date.isoformat() if record.payment_date else None) == \
        ("paid", "2026-02-03")
    assert repo.candidate_of(record).payment_state is PaymentState.PAID


def test_the_unpaid_list_is_the_administrators_and_masks_id_numbers(people: AppContext, tmp_path: Path) -> None:
    admin = sign_in_as(people.users, "tester")
    people.records.enter_many([
        new_record(payment_state="未缴费"),
        new_record(payment_state="已缴费", payment_date="2026-02-03", **LI_SI),
        new_record(payment_state="已退费", payment_date="2026-02-20", **WANG),
        new_record(name="赵六", id_number="11010519491231002X"),
    ], actor=admin, source="import")
    refused = _ready(people, payment_state="未缴费", name="钱七", id_number="440524188001010014")
    people.records.refuse(refused, actor=sign_in_as(people.users, "clerk1"), reason="放弃报名")

    listed = unpaid_candidates(people.db, actor=admin)
    assert [(u.name, u.payment_state) for u in listed] == [("王芳", PaymentState.REFUNDED),
                                                          ("张三", PaymentState.UNPAID)]
    assert listed[1].id_number_masked == "360426********0071"
    with_unknown = unpaid_candidates(people.db, actor=admin, include_unknown=True)
    assert [u.name for u in with_unknown] == ["王芳", "张三", "赵六"]

    with pytest.raises(DomainError) as not_allowed:
        unpaid_candidates(people.db, actor=sign_in_as(people.users, "clerk1"))
    assert not_allowed.value.problem.code == "auth.not_permitted"

    dest = tmp_path / "unpaid.csv"
    assert write_list(listed, dest, db=people.db, actor=admin, lang="zh") == 2
    text = dest.read_text(encoding="utf-8-sig")
    assert "缴费状态" in text and "已退费" in text and "360426********0071" in text
    assert "360426199101010071" not in text


def test_unknown_payment_leaves_a_records_content_as_before(people: AppContext) -> None:
    record_id = _ready(people)
    content = repo.content(_record(people, record_id))
    assert "payment_state" not in content and "payment_date" not in content
    with people.db.session() as session:
        created = session.scalars(select(AuditEntry).where(AuditEntry.action == "record.create")).one()
    assert created.after_digest is not None
