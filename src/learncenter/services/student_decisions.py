"""The registry's decisions on what the center requested, applied to the students they concern.

A decision names the request (the center's event id, which travelled up with it), says approved or
rejected, who decided and why. Only an approval changes the student: its status moves by the
state machine, the fields the change names are rewritten, a graduation keeps the certificate the
registry registered, a lost certificate is marked, a correction rewrites the frozen fields as the
reviewer approved them. A decision arriving twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learncenter.domain.certificate_registration import STATUS_AFTER, CertificateType
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.student_rules import add_months, expected_graduation
from learncenter.domain.student_status import StudentStatus, next_status
from learncenter.services.students import (
    KIND_CHANGE, KIND_CORRECTION, KIND_GRADUATION, KIND_LOST, student_fields,
)
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.student_models import (
    EVENT_APPROVED, EVENT_REJECTED, WAITING, Certificate, Student, StudentEvent,
)

define(
    "student.decision_unknown_request",
    zh="总部的审核结果指向本中心没有的申请（编号 {event}）。",
    en="The registry's decision names a request this center does not have (number {event}).",
)
define(
    "student.decision_needs_certificate",
    zh="总部批准了毕业申请（编号 {event}），但没有附上注册的学历证书。",
    en="The registry approved graduation request {event} without the registered certificate.",
)

# Years a change moves the expected graduation (留级, 降级 a year later; 跳级 a year earlier).
_YEAR_SHIFT = {"02": 12, "03": 12, "04": -12}


@dataclass(frozen=True)
class RegisteredCertificate:
    number: str
    certificate_type: CertificateType
    issue_date: date
    verification_code: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class Decision:
    event_id: int
    approved: bool
    decided_by: str
    decided_at: datetime
    reason: str = ""
    certificate: RegisteredCertificate | None = None  # with an approved graduation
    corrected: dict[str, Any] | None = None  # with an approved correction: the fields as now registered
    event_uid: str | None = None  # the request as the registry names it (instead of event_id)
    proof: dict[str, Any] | None = None  # with an approved lost certificate: the registry's signed proof


def apply_decisions(db: Database, decisions: list[Decision], *, registry: str) -> int:
    """Apply what the registry decided; returns how many requests it settled now. ``registry`` names
    the registry in the audit (its decisions are signed and were checked by the sync)."""
    with db.session() as session, session.begin():
        audit = AuditTrail(session)
        return sum(apply_decision(session, audit, decision, registry=registry) for decision in decisions)


def apply_decision(session: Session, audit: AuditTrail, decision: Decision, *, registry: str) -> bool:
    """One decision, in the caller's transaction; False when its request was settled already."""
    event = session.scalars(select(StudentEvent).where(StudentEvent.id == decision.event_id)).first() \
        if decision.event_uid is None else \
        session.scalars(select(StudentEvent).where(StudentEvent.uid == decision.event_uid)).first()
    if event is None:
        raise DomainError(Problem("student.decision_unknown_request", "event",
                                  {"event": decision.event_uid or decision.event_id}))
    if event.state not in WAITING:
        return False
    student = session.get(Student, event.student_id)
    assert student is not None
    before = student_fields(student)
    event.decided_by, event.decided_at = decision.decided_by, decision.decided_at.replace(tzinfo=None)
    event.decision_reason = decision.reason
    if decision.approved:
        _approve(session, event, student, decision)
        event.state = EVENT_APPROVED
    else:
        event.state = EVENT_REJECTED
    student.updated_at = event.decided_at
    audit.append(actor=f"{registry}:{decision.decided_by}", action=f"student.{event.state}",
                 entity="student", entity_id=student.id, before=before, after=student_fields(student),
                 details={"event": event.id, "kind": event.kind, "code": event.code,
                          "reason": decision.reason}, at=event.decided_at)
    return True


def decision_from(data: Mapping[str, Any]) -> Decision:
    """A decision as the registry sends it down (``student_decision``); ValueError when malformed."""
    certificate = data.get("certificate")
    registered = None
    if isinstance(certificate, Mapping):
        registered = RegisteredCertificate(str(certificate["number"]),
                                           CertificateType(str(certificate["certificate_type"])),
                                           date.fromisoformat(str(certificate["issue_date"])),
                                           str(certificate["verification_code"]), dict(certificate["fields"]))
    corrected = data.get("corrected")
    if not isinstance(data.get("event_uid"), str) or not isinstance(data.get("approved"), bool):
        raise ValueError("decision")
    proof = data.get("proof")
    return Decision(0, bool(data["approved"]), str(data.get("decided_by", "")),
                    datetime.fromisoformat(str(data["decided_at"])), str(data.get("reason", "")), registered,
                    dict(corrected) if isinstance(corrected, Mapping) else None, event_uid=str(data["event_uid"]),
                    proof=dict(proof) if isinstance(proof, Mapping) else None)


def _approve(session: Session, event: StudentEvent, student: Student, decision: Decision) -> None:
    status = StudentStatus(student.status)
    if event.kind == KIND_CHANGE:
        event.status_before = status.value
        event.status_after = next_status(status, event.code).value
        student.status = event.status_after
        _rewrite(student, event.code, event.details)
    elif event.kind == KIND_GRADUATION:
        registered = decision.certificate
        if registered is None:
            raise DomainError(Problem("student.decision_needs_certificate", "event", {"event": event.id}))
        event.status_before = status.value
        event.status_after = next_status(status, event.code).value
        assert StudentStatus(event.status_after) == STATUS_AFTER[registered.certificate_type]
        student.status = event.status_after
        student.minor = str(event.details.get("minor", "")) or student.minor
        session.add(Certificate(number=registered.number, student_id=student.id,
                                certificate_type=registered.certificate_type.value, issue_date=registered.issue_date,
                                verification_code=registered.verification_code, fields=dict(registered.fields),
                                lost=False, registered_at=event.decided_at))
    elif event.kind == KIND_LOST:
        certificate = session.scalars(select(Certificate).where(Certificate.student_id == student.id)).one()
        certificate.lost, certificate.proof = True, decision.proof
    elif event.kind == KIND_CORRECTION:
        certificate = session.scalars(select(Certificate).where(Certificate.student_id == student.id)).one()
        fields = dict(certificate.fields)
        fields.update(decision.corrected if decision.corrected is not None else event.details.get("changes", {}))
        certificate.fields = fields
        for name in ("name", "gender", "major_code", "major_name", "minor"):
            if name in fields:
                setattr(student, name, fields[name])


def _rewrite(student: Student, code: str, details: dict[str, Any]) -> None:
    for name in ("major_code", "major_name", "level"):
        if name in details:
            setattr(student, name, details[name])
    if "programme_length" in details:
        student.programme_length = details["programme_length"]
        student.expected_graduation = expected_graduation(student.enrolment_date, Decimal(details["programme_length"]))
    if code in _YEAR_SHIFT:
        months = _YEAR_SHIFT[code]
        student.grade += months // 12
        student.expected_graduation = add_months(student.expected_graduation, months)
