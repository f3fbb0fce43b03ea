"""Reading students: the filtered list, one student's timeline, what waits for the registry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from learncenter.domain.certificate_registration import CERTIFICATE_TYPE_LABELS, CertificateType
from learncenter.domain.codes import Label
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.domain.student_rules import academic_year_label
from learncenter.domain.student_status import STATUS_LABELS, StudentStatus, event_label
from learncenter.services.authorization import require
from learncenter.store.database import Database
from learncenter.store.student_models import (
    EVENT_APPROVED, EVENT_DONE, EVENT_PENDING, EVENT_REJECTED, EVENT_RETURNED, EVENT_SENT, WAITING, Certificate, Student,
    StudentEvent, YearRegistration,
)

STATE_LABELS = {
    EVENT_DONE: Label("已办理", "done"),
    EVENT_PENDING: Label("待报总部", "to be sent"),
    EVENT_SENT: Label("待总部审核", "awaiting the registry"),
    EVENT_APPROVED: Label("总部已批准", "approved by the registry"),
    EVENT_REJECTED: Label("总部未批准", "rejected by the registry"),
    EVENT_RETURNED: Label("总部退回", "returned by the registry"),
}
KIND_LABELS = {
    "admission": Label("录取", "admitted"),
    "graduation": Label("毕业（学历注册）申请", "graduation (certificate registration) request"),
    "lost": Label("学历证书遗失申请", "lost certificate request"),
    "correction": Label("学历证书信息更正申请", "certificate correction request"),
    "reward": Label("奖励", "reward"),
    "punishment": Label("处分", "punishment"),
    "year": Label("学年注册", "academic year registration"),
}
HOLD_WORDS = Label("暂缓注册：{hold}", "held: {hold}")


@dataclass(frozen=True)
class StudentRow:
    id: str
    student_no: str
    name: str
    id_number: str
    gender: str
    grade: int
    level: str
    major_code: str
    major_name: str
    status: StudentStatus
    expected_graduation: date
    hold: str
    waiting: bool


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    at: datetime
    title: Label
    state: Label
    reason: str
    details: dict[str, Any]
    by: str
    decided_by: str | None
    decision_reason: str


def list_students(db: Database, *, actor: SignedIn, grade: int | None = None, level: str | None = None,
                  major: str | None = None, status: StudentStatus | None = None, text: str = "",
                  limit: int = 5000) -> list[StudentRow]:
    with db.session() as session:
        require(session, actor, Permission.STUDENTS)
        query = select(Student)
        if grade is not None:
            query = query.where(Student.grade == grade)
        if level:
            query = query.where(Student.level == level)
        if major:
            query = query.where((Student.major_code == major) | (Student.major_name == major))
        if status is not None:
            query = query.where(Student.status == status.value)
        if text.strip():
            like = f"%{text.strip()}%"
            query = query.where(Student.name.like(like) | Student.student_no.like(like)
                                | (Student.id_number == text.strip().upper()))
        students = session.scalars(query.order_by(Student.grade.desc(), Student.student_no, Student.name)
                                   .limit(limit)).all()
        waiting = set(session.scalars(select(StudentEvent.student_id).where(StudentEvent.state.in_(WAITING))))
        return [StudentRow(s.id, s.student_no or "", s.name, s.id_number, s.gender, s.grade, s.level, s.major_code,
                           s.major_name, StudentStatus(s.status), s.expected_graduation, s.hold, s.id in waiting)
                for s in students]


def find_student(db: Database, key: str, *, actor: SignedIn) -> str | None:
    """The id of the student with this student number, ID number or id (the most recent)."""
    with db.session() as session:
        require(session, actor, Permission.STUDENTS)
        key = key.strip()
        return session.scalar(select(Student.id).where(
            (Student.student_no == key) | (Student.id_number == key.upper()) | (Student.id == key))
            .order_by(Student.created_at.desc()).limit(1))


@dataclass(frozen=True)
class StudentDetail:
    student: dict[str, Any]
    status: StudentStatus
    timeline: list[TimelineEntry]
    years: list[str]
    certificate: dict[str, Any] | None


def student_detail(db: Database, student_id: str, *, actor: SignedIn) -> StudentDetail:
    from learncenter.services.students import _student

    with db.session() as session:
        require(session, actor, Permission.STUDENTS)
        student = _student(session, student_id)
        events = session.scalars(select(StudentEvent).where(StudentEvent.student_id == student_id)
                                 .order_by(StudentEvent.effective_date, StudentEvent.id)).all()
        years = session.scalars(select(YearRegistration).where(YearRegistration.student_id == student_id)
                                .order_by(YearRegistration.academic_year)).all()
        timeline = [_entry(e) for e in events]
        certificate = session.scalars(select(Certificate).where(Certificate.student_id == student_id)).first()
        fields = {c.name: getattr(student, c.name) for c in Student.__table__.columns}
        return StudentDetail(fields, StudentStatus(student.status), timeline,
                             [academic_year_label(y.academic_year) for y in years],
                             None if certificate is None else {
                                 "number": certificate.number, "verification_code": certificate.verification_code,
                                 "issue_date": certificate.issue_date, "lost": certificate.lost,
                                 "type": CERTIFICATE_TYPE_LABELS[CertificateType(certificate.certificate_type)],
                                 "fields": dict(certificate.fields)})


def _entry(event: StudentEvent) -> TimelineEntry:
    if event.kind in ("change", "stage"):
        title = event_label(event.code)
    elif event.kind == "entry":
        title = KIND_LABELS[event.code]
    else:
        title = KIND_LABELS[event.kind]
    details = dict(event.details)
    if details.get("certificate_type") in {kind.value for kind in CertificateType}:
        details["certificate_type"] = CERTIFICATE_TYPE_LABELS[CertificateType(details["certificate_type"])]
    if event.status_after and event.status_before != event.status_after and event.state in (EVENT_DONE, EVENT_APPROVED):
        details["status"] = STATUS_LABELS[StudentStatus(event.status_after)]
    return TimelineEntry(event.effective_date, event.requested_at, title, STATE_LABELS[event.state], event.reason,
                         details, event.requested_by, event.decided_by, event.decision_reason)


def hold_words(why: str, lang: str = "zh") -> str:
    """A year-registration hold (``status:on_leave``, ``hold:欠费``) in words."""
    kind, _sep, value = why.partition(":")
    if kind == "status":
        status = STATUS_LABELS[StudentStatus(value)].text(lang)
        return f"学籍状态为“{status}”" if lang != "en" else f"the status is \"{status}\""
    return HOLD_WORDS.text(lang).format(hold=value)


@dataclass(frozen=True)
class CertificateRow:
    number: str
    student_no: str
    name: str
    certificate_type: CertificateType
    issue_date: date
    verification_code: str
    lost: bool


def list_certificates(db: Database, *, actor: SignedIn) -> list[CertificateRow]:
    with db.session() as session:
        require(session, actor, Permission.STUDENTS)
        rows = session.execute(select(Certificate, Student.student_no, Student.name)
                               .join(Student, Student.id == Certificate.student_id)
                               .order_by(Certificate.issue_date.desc(), Certificate.number))
        return [CertificateRow(c.number, no or "", name, CertificateType(c.certificate_type), c.issue_date,
                               c.verification_code, c.lost) for c, no, name in rows]
