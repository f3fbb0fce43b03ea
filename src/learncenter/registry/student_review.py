"""The registry's reviewer (issue 14): the queue of requests the centers sent, each approved or
rejected with its reason, logged, and sent back down as a signed decision.

Approving a graduation registers the certificate: its number by DOMAIN §4's rule (the school's
code, education type 7, the year, the level, the year's next serial), a 16-character verification
code, and its fields frozen from then on; a correction rewrites them only here, once approved.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learncenter.domain.candidate import Level
from learncenter.domain.canonical import canonical
from learncenter.domain.certificate_registration import (
    FROZEN_FIELDS, CertificateType, build_certificate_number, correction_changes, verification_code_from,
)
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.student_rules import add_months
from learncenter.domain.student_status import StudentStatus, next_status
from learncenter.registry.base import RegistryBase
from learncenter.registry.store import RegistryMeta
from learncenter.registry.student_filing import event_place, student_place
from learncenter.protocol.signing import sign_object
from learncenter.registry.student_store import (
    APPROVED, REJECTED, WAITING, CertificateSerial, RegisteredCertificate, RegistryStudent, RegistryStudentEvent,
    ReviewEntry,
)

SCHOOL_CODE, SCHOOL_NAME_ZH, SCHOOL_NAME_EN = "school_code", "school_name_zh", "school_name_en"
DECISION = "student_decision"
PROOF_FORMAT = "LCP1"  # the proof of a lost certificate (documents.certificate_proof)

define("registry.review.unknown", zh="没有待审核的申请 {event}。", en="There is no request {event} waiting for review.")
define("registry.review.reason", zh="不批准时须说明原因。", en="Give the reason for the rejection.")
define("registry.review.no_school",
       zh="尚未设置学校代码和名称，不能注册学历证书：请先运行 learncenter-registry school 代码 中文名称 英文名称。",
       en="The school's code and name are not set, so no certificate can be registered: run "
          "learncenter-registry school CODE NAME_ZH NAME_EN first.")


def certificate_place(number: str) -> str:
    return f"certificates.fields/{number}"


@dataclass(frozen=True)
class WaitingRequest:
    event_uid: str
    center_id: str
    kind: str
    code: str
    student_no: str
    name: str
    reason: str
    details: dict[str, Any]
    effective_date: str
    received_at: datetime


class StudentDesk(RegistryBase):
    """Review, certificate registration and the school's identity."""

    def set_school(self, code: str, name_zh: str, name_en: str) -> None:
        build_certificate_number(code, date(2000, 1, 1), Level.HIGH_TO_BACHELOR, 1)  # a 5-digit code or DomainError
        with self._session() as session, session.begin():
            for name, value in ((SCHOOL_CODE, code), (SCHOOL_NAME_ZH, name_zh), (SCHOOL_NAME_EN, name_en)):
                row = session.get(RegistryMeta, name)
                if row is None:
                    session.add(RegistryMeta(name=name, value=value))
                else:
                    row.value = value

    def school(self, session: Session) -> tuple[str, str, str] | None:
        values = [session.get(RegistryMeta, name) for name in (SCHOOL_CODE, SCHOOL_NAME_ZH, SCHOOL_NAME_EN)]
        if any(value is None for value in values):
            return None
        return tuple(value.value for value in values if value is not None)  # type: ignore[return-value]

    def waiting(self) -> list[WaitingRequest]:
        with self._session() as session:
            rows = session.scalars(select(RegistryStudentEvent).where(RegistryStudentEvent.state == WAITING)
                                   .order_by(RegistryStudentEvent.received_at, RegistryStudentEvent.event_uid)).all()
            found = []
            for row in rows:
                student = self._snapshot(session, row.student_uid)
                event = self._event(row)
                found.append(WaitingRequest(row.event_uid, row.center_id, row.kind, row.code,
                                            str(student.get("student_no") or ""), str(student.get("name", "")),
                                            str(event.get("reason", "")), dict(event.get("details") or {}),
                                            str(event.get("effective_date", "")), row.received_at))
            return found

    def decide(self, event_uid: str, *, approve: bool, reviewer: str, reason: str = "") -> dict[str, Any]:
        """Approve or reject a waiting request; returns the decision as sent down to its center."""
        if not approve and not reason.strip():
            raise DomainError(Problem("registry.review.reason", "reason"))
        now = self._now()
        with self._session() as session, session.begin():
            row = session.scalars(select(RegistryStudentEvent).where(RegistryStudentEvent.event_uid == event_uid)
                                  .with_for_update()).first()
            if row is None or row.state != WAITING:
                raise DomainError(Problem("registry.review.unknown", "event", {"event": event_uid}))
            student = session.scalars(select(RegistryStudent).where(RegistryStudent.student_uid == row.student_uid)
                                      .with_for_update()).one()
            decision: dict[str, Any] = {"event_uid": event_uid, "approved": approve, "decided_by": reviewer,
                                        "decided_at": now.isoformat(), "reason": reason.strip()}
            if approve:
                decision.update(self._approve(session, row, student, now))
            row.state = APPROVED if approve else REJECTED
            row.decided_by, row.decided_at, row.decision_reason = reviewer, now, reason.strip()
            session.add(ReviewEntry(at=now, reviewer=reviewer, action=row.state, event_uid=event_uid,
                                    details=json.dumps({"kind": row.kind, "code": row.code,
                                                        "certificate": decision.get("certificate", {}).get("number")})))
            self._add_change(session, row.center_id, DECISION, event_uid, decision)
            return decision

    def _approve(self, session: Session, row: RegistryStudentEvent, student: RegistryStudent,
                 now: datetime) -> dict[str, Any]:
        snapshot = self._snapshot(session, student.student_uid)
        event = self._event(row)
        status = StudentStatus(student.status)
        extra: dict[str, Any] = {}
        if row.kind == "change":
            student.status = next_status(status, row.code).value
            snapshot.update({k: v for k, v in dict(event.get("details") or {}).items()
                             if k in ("major_code", "major_name", "level", "programme_length")})
        elif row.kind == "graduation":
            student.status = next_status(status, row.code).value
            extra["certificate"] = self._register(session, row, snapshot, event, now)
        elif row.kind in ("lost", "correction"):
            certificate = session.scalars(select(RegisteredCertificate).where(
                RegisteredCertificate.student_uid == student.student_uid).with_for_update()).one()
            if row.kind == "lost":
                certificate.lost, certificate.lost_at = True, now
                extra["proof"] = sign_object(self.keys.signing.private, {
                    "format": PROOF_FORMAT, "number": certificate.number, "code": certificate.verification_code,
                    "name": str(self._fields(certificate).get("name", "")), "lost": now.date().isoformat()})
            else:
                fields = self._fields(certificate)
                fields.update(correction_changes(fields, dict(dict(event.get("details") or {}).get("changes") or {})))
                certificate.fields = self.keys.data.seal_text(canonical(fields).decode(),
                                                              certificate_place(certificate.number))
                extra["corrected"] = fields
        snapshot["status"] = student.status
        student.snapshot = self.keys.data.seal_text(canonical(snapshot).decode(), student_place(student.student_uid))
        student.updated_at = now
        return extra

    def _register(self, session: Session, row: RegistryStudentEvent, snapshot: dict[str, Any],
                  event: dict[str, Any], now: datetime) -> dict[str, Any]:
        school = self.school(session)
        if school is None:
            raise DomainError(Problem("registry.review.no_school", None))
        code, name_zh, name_en = school
        issued = date.fromisoformat(str(event["effective_date"]))
        counter_key = f"{code}/{issued.year}"
        counter = session.scalars(select(CertificateSerial).where(CertificateSerial.school_year == counter_key)
                                  .with_for_update()).first()
        if counter is None:
            counter = CertificateSerial(school_year=counter_key, last=0)
            session.add(counter)
        counter.last += 1
        number = build_certificate_number(code, issued, Level(str(snapshot["level"])), counter.last)
        verification = verification_code_from(secrets.token_bytes(10))
        while session.scalars(select(RegisteredCertificate.number)
                              .where(RegisteredCertificate.verification_code == verification)).first():
            verification = verification_code_from(secrets.token_bytes(10))
        details = dict(event.get("details") or {})
        kind = CertificateType(str(details.get("certificate_type", CertificateType.GRADUATION.value)))
        fields = {name: snapshot.get(name) for name in FROZEN_FIELDS if name in snapshot}
        fields.update({"graduation_date": issued.isoformat(), "certificate_type": kind.value,
                       "minor": str(details.get("minor", "")), "school_code": code, "school_name_zh": name_zh,
                       "school_name_en": name_en})
        if not fields.get("enrolment_date"):
            fields["enrolment_date"] = add_months(issued, -12).isoformat()
        session.add(RegisteredCertificate(
            number=number, verification_code=verification, student_uid=row.student_uid, center_id=row.center_id,
            certificate_type=kind.value, issue_date=issued,
            fields=self.keys.data.seal_text(canonical(fields).decode(), certificate_place(number)),
            lost=False, revoked=False, registered_at=now))
        return {"number": number, "certificate_type": kind.value, "issue_date": issued.isoformat(),
                "verification_code": verification, "fields": fields}

    def _snapshot(self, session: Session, student_uid: str) -> dict[str, Any]:
        student = session.get(RegistryStudent, student_uid)
        if student is None or not student.snapshot:
            return {}
        value: dict[str, Any] = json.loads(self.keys.data.open_text(student.snapshot, student_place(student_uid)))
        return value

    def _event(self, row: RegistryStudentEvent) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.keys.data.open_text(row.payload, event_place(row.event_uid)))
        return value

    def _fields(self, certificate: RegisteredCertificate) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.keys.data.open_text(certificate.fields,
                                                                    certificate_place(certificate.number)))
        return value
