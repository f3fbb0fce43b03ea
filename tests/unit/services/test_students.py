"""A student's status life at the center, through the real services: admission, reporting, a year,
a change that takes effect only once the registry approves it, graduation and its certificate."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from actors import sign_in_as
from exam_fixtures import TERM, confirmed, id_number
from learncenter.context import AppContext
from learncenter.domain.candidate import Level
from learncenter.domain.certificate_registration import CertificateType, build_certificate_number
from learncenter.domain.messages import DomainError
from learncenter.domain.roles import Role
from learncenter.domain.student_status import IllegalStatusChange, StudentStatus
from learncenter.services.student_decisions import Decision, RegisteredCertificate, apply_decisions
from learncenter.services.student_reads import find_student, list_students, student_detail
from learncenter.services.students import Admission
from learncenter.store.audit import verify

SPRING = date(2026, 3, 1)


def admission(serial: int, **overrides: object) -> Admission:
    values: dict[str, object] = dict(term=TERM, id_number=id_number(serial), level=Level.HIGH_TO_JUNIOR_COLLEGE,
                                     major_code="530302", major_name="大数据与会计", programme_length="2.5",
                                     enrolment_date=SPRING)
    values.update(overrides)
    return Admission(**values)  # type: ignore[arg-type]


@pytest.fixture
def clerk(ctx: AppContext):  # type: ignore[no-untyped-def]
    return sign_in_as(ctx.users, "clerk1")


def admitted(ctx: AppContext, clerk, serials: list[int]) -> list[str]:  # type: ignore[no-untyped-def]
    confirmed(ctx, serials)
    outcome = ctx.students.record_admissions([admission(s) for s in serials], actor=clerk)
    assert not outcome.refused
    return outcome.admitted


def decide(ctx: AppContext, event_id: int, approved: bool = True, **extra: object) -> int:
    return apply_decisions(ctx.db, [Decision(event_id, approved, "reviewer", datetime(2026, 9, 1, tzinfo=UTC),
                                             "ok" if approved else "evidence missing", **extra)],  # type: ignore[arg-type]
                           registry="registry")


def test_admitted_candidate_reports_and_gets_a_student_number(ctx: AppContext, clerk) -> None:  # type: ignore[no-untyped-def]
    first, second = admitted(ctx, clerk, [1, 2])
    assert ctx.students.report(first, on=SPRING, actor=clerk) == "261010110001"
    assert ctx.students.report(second, on=SPRING, actor=clerk) == "261010110002"
    detail = student_detail(ctx.db, first, actor=clerk)
    assert detail.status == StudentStatus.ENROLLED
    assert detail.student["expected_graduation"] == date(2028, 8, 31)
    assert detail.student["name"] == "张三"  # copied from the confirmed application
    assert [e.title.zh for e in detail.timeline] == ["录取", "报到注册"]
    with pytest.raises(IllegalStatusChange):
        ctx.students.report(first, on=SPRING, actor=clerk)
    with ctx.db.session() as session:
        assert verify(session).ok


def test_one_status_per_person_and_period(ctx: AppContext, clerk) -> None:  # type: ignore[no-untyped-def]
    admitted(ctx, clerk, [1])
    outcome = ctx.students.record_admissions([admission(1, major_code="120203", major_name="会计学")], actor=clerk)
    assert not outcome.admitted
    (_a, error), = outcome.refused
    assert "已有学籍" in error.text("zh") and "大数据与会计" in error.text("zh")
    assert "360426" in error.text("zh") and id_number(1) not in error.text("zh")  # masked
    assert ctx.students.record_admissions([admission(1)], actor=clerk).unchanged == 1


def test_an_admission_without_an_application_needs_the_personal_data(ctx: AppContext, clerk) -> None:  # type: ignore[no-untyped-def]
    outcome = ctx.students.record_admissions([admission(5)], actor=clerk)
    assert outcome.refused and outcome.refused[0][1].problems[0].field == "id_number"
    outcome = ctx.students.record_admissions(
        [admission(5, name="李四", gender="1", birth_date=date(1991, 1, 1))], actor=clerk)
    assert len(outcome.admitted) == 1


def test_gave_up_with_a_reason(ctx: AppContext, clerk) -> None:  # type: ignore[no-untyped-def]
    student, = admitted(ctx, clerk, [1])
    with pytest.raises(DomainError):
        ctx.students.decide_admission(student, "give_up", reason=" ", on=SPRING, actor=clerk)
    assert ctx.students.decide_admission(student, "give_up", reason="本人放弃", on=SPRING, actor=clerk) == \
        StudentStatus.GAVE_UP
    with pytest.raises(DomainError):  # 休学 is the registry's decision, not the center's
        ctx.students.decide_admission(student, "11", reason="x", on=SPRING, actor=clerk)


def test_a_change_takes_effect_only_after_the_registry_approves_it(ctx: AppContext, clerk) -> None:  # type: ignore[no-untyped-def]
    student, = admitted(ctx, clerk, [1])
    ctx.students.report(student, on=SPRING, actor=clerk)
    leave = ctx.students.request_change(student, "11", reason="工作调动", effective=date(2026, 9, 1), actor=clerk,
                                        evidence=[b"%PDF-1.4 leave application"])
    assert student_detail(ctx.db, student, actor=clerk).status == StudentStatus.ENROLLED
    with pytest.raises(DomainError) as caught:  # one request at a time
        ctx.students.request_change(student, "23", reason="x", effective=SPRING, actor=clerk,
                                    details={"major_code": "1", "major_name": "会计"})
    assert "待审核" in caught.value.text("zh")
    assert decide(ctx, leave, approved=False) == 1
    assert student_detail(ctx.db, student, actor=clerk).status == StudentStatus.ENROLLED
    leave = ctx.students.request_change(student, "11", reason="工作调动", effective=date(2026, 9, 1), actor=clerk)
    assert decide(ctx, leave) == 1
    assert decide(ctx, leave) == 0  # the same decision again changes nothing
    detail = student_detail(ctx.db, student, actor=clerk)
    assert detail.status == StudentStatus.ON_LEAVE
    assert [(e.title.zh, e.state.zh) for e in detail.timeline][-2:] == [("休学", "总部未批准"), ("休学", "总部已批准")]
    with pytest.raises(IllegalStatusChange):  # a student on leave cannot change major
        ctx.students.request_change(student, "23", reason="x", effective=SPRING, actor=clerk,
                                    details={"major_code": "1", "major_name": "会计"})


def test_a_change_of_major_needs_the_new_major_and_rewrites_it(ctx: AppContext, clerk) -> None:  # type: ignore[no-untyped-def]
    student, = admitted(ctx, clerk, [1])
    ctx.students.report(student, on=SPRING, actor=clerk)
    with pytest.raises(DomainError) as caught:
        ctx.students.request_change(student, "23", reason="兴趣", effective=SPRING, actor=clerk)
    assert caught.value.problems[0].field == "major_code"
    request = ctx.students.request_change(student, "23", reason="兴趣", effective=SPRING, actor=clerk,
                                          details={"major_code": "530301", "major_name": "财务管理"})
    decide(ctx, request)
    detail = student_detail(ctx.db, student, actor=clerk)
    assert (detail.student["major_code"], detail.student["major_name"]) == ("530301", "财务管理")
    request = ctx.students.request_change(student, "06", reason="工作", effective=SPRING, actor=clerk,
                                          details={"programme_length": "3"})
    decide(ctx, request)
    assert student_detail(ctx.db, student, actor=clerk).student["expected_graduation"] == date(2029, 2, 28)


def test_year_registration_lists_who_cannot_be_registered(ctx: AppContext, clerk) -> None:  # type: ignore[no-untyped-def]
    a, b, c, d = admitted(ctx, clerk, [1, 2, 3, 4])
    for student in (a, b, c):
        ctx.students.report(student, on=SPRING, actor=clerk)
    decide(ctx, ctx.students.request_change(b, "11", reason="出国", effective=SPRING, actor=clerk))
    ctx.students.set_hold(c, "欠缴学费", actor=clerk)
    outcome = ctx.students.year_register([a, b, c, d], 2026, actor=clerk)
    assert outcome.registered == [a]
    assert dict(outcome.held) == {b: "status:on_leave", c: "hold:欠缴学费", d: "status:admitted"}
    assert ctx.students.year_register([a], 2026, actor=clerk).already == [a]
    assert ctx.students.year_register([a], 2025, actor=clerk).not_due == [a]  # the year they enrolled in
    assert student_detail(ctx.db, a, actor=clerk).years == ["2026-2027"]


def test_graduation_registers_a_frozen_certificate_then_lost_and_correction(ctx: AppContext, clerk) -> None:  # type: ignore[no-untyped-def]
    student, = admitted(ctx, clerk, [1])
    ctx.students.report(student, on=SPRING, actor=clerk)
    with pytest.raises(DomainError):  # nothing to declare lost yet
        ctx.students.request_lost_certificate(student, reason="丢失", on=SPRING, actor=clerk)
    request = ctx.students.request_graduation(student, graduation_date=date(2028, 7, 1),
                                              certificate_type=CertificateType.GRADUATION, photo=b"\xff\xd8photo",
                                              actor=clerk)
    number = build_certificate_number("10459", date(2028, 7, 1), Level.HIGH_TO_JUNIOR_COLLEGE, 1)
    with pytest.raises(DomainError):  # an approval must carry the certificate
        decide(ctx, request)
    fields = {"name": "张三", "major_name": "大数据与会计"}
    decide(ctx, request, certificate=RegisteredCertificate(number, CertificateType.GRADUATION, date(2028, 7, 1),
                                                           "ABCDEFGHJKLMNPQR", fields))
    detail = student_detail(ctx.db, student, actor=clerk)
    assert detail.status == StudentStatus.GRADUATED and detail.certificate is not None
    assert detail.certificate["number"] == number and not detail.certificate["lost"]
    with pytest.raises(DomainError):  # a correction that changes nothing
        ctx.students.request_correction(student, {"name": "张三"}, reason="x", on=SPRING, actor=clerk)
    correction = ctx.students.request_correction(student, {"name": "张叁"}, reason="身份证姓名", on=SPRING, actor=clerk)
    assert student_detail(ctx.db, student, actor=clerk).certificate["fields"]["name"] == "张三"  # type: ignore[index]
    decide(ctx, correction)
    assert student_detail(ctx.db, student, actor=clerk).certificate["fields"]["name"] == "张叁"  # type: ignore[index]
    lost = ctx.students.request_lost_certificate(student, reason="搬家遗失", on=date(2029, 1, 5), actor=clerk)
    decide(ctx, lost)
    assert student_detail(ctx.db, student, actor=clerk).certificate["lost"]  # type: ignore[index]


def test_data_entry_staff_may_not_handle_student_status(ctx: AppContext, clerk) -> None:  # type: ignore[no-untyped-def]
    student, = admitted(ctx, clerk, [1])
    entry = sign_in_as(ctx.users, "entry1", Role.DATA_ENTRY)
    with pytest.raises(DomainError) as caught:
        ctx.students.report(student, on=SPRING, actor=entry)
    assert "学籍" in caught.value.text("zh")
    with pytest.raises(DomainError):
        list_students(ctx.db, actor=entry)
    with pytest.raises(DomainError):
        ctx.students.report(student, on=SPRING, actor="clerk1")  # type: ignore[arg-type]


def test_list_filters_and_find(ctx: AppContext, clerk) -> None:  # type: ignore[no-untyped-def]
    a, b = admitted(ctx, clerk, [1, 2])
    number = ctx.students.report(a, on=SPRING, actor=clerk)
    assert [r.id for r in list_students(ctx.db, actor=clerk, status=StudentStatus.ENROLLED)] == [a]
    assert {r.id for r in list_students(ctx.db, actor=clerk, grade=2026, major="大数据与会计")} == {a, b}
    assert find_student(ctx.db, number, actor=clerk) == a
    assert find_student(ctx.db, id_number(2), actor=clerk) == b
