"""Filing the student events of a batch (issue 14): the registry checks each against the student's
status as it knows it, with the same state machine the center uses.

A decision the center takes itself (an admission from its own list, 报到注册, 放弃, a year, a
reward) is filed and moves the student's status here; a request (a status change, graduation, a
lost certificate, a correction) is queued for the reviewer. An event the status does not allow,
a student this registry does not know, or a second status for a person is refused with its
reason in both languages, and never blocks the batch's other entries.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learncenter.domain.bounded_json import JsonRefused, load_json
from learncenter.domain.canonical import canonical
from learncenter.domain.messages import DomainError, Problem, define, render
from learncenter.domain.student_status import HOLDING, STATUS_LABELS, StudentStatus, next_status
from learncenter.registry.student_store import FILED, WAITING, RegisteredCertificate, RegistryStudent, \
    RegistryStudentEvent
from learncenter.registry.vault import DataKey
from learncenter.protocol.envelope import record_part_name

PREFIX = "student-event:"
KIND_PREFIX = "student."
FILED_HERE = ("admission", "stage", "year", "entry")
REVIEWED = ("change", "graduation", "lost", "correction")

define("registry.student_conflict",
       zh="学籍事项 {event} 此前已以不同内容提交，登记机构未覆盖。",
       en="Student event {event} was already sent with other content and was not overwritten.")
define("registry.student_invalid",
       zh="学籍事项的内容不完整或无法识别，登记机构未采用：请联系登记机构。",
       en="The student event is incomplete or not recognised and was not taken: contact the registry.")
define("registry.student_unknown",
       zh="登记机构没有该学生（{name}）的录取记录，未采用：请先上报录取名单。",
       en="The registry has no admission of this student ({name}); not taken: send the admission first.")
define("registry.student_illegal",
       zh="登记机构记载该学生的学籍状态为“{status_zh}”，不能办理该事项：{reason_zh}",
       en="The registry holds the student's status as \"{status_en}\", so this cannot be done: {reason_en}")
define("registry.student_duplicate",
       zh="该考生已在学习中心 {other_center} 有学籍（“{status_zh}”），同一学习阶段只能有一个学籍，未采用。",
       en="This person already holds a student status at learning center {other_center} (\"{status_en}\"); one "
          "status per study period, so this is not taken.")
define("registry.student_year_not_enrolled", zh="只有在籍学生才能办理学年注册。",
       en="Only an enrolled student is registered for an academic year.")
define("registry.student_no_certificate",
       zh="登记机构没有为该学生注册学历证书，不能办理证书遗失或更正。",
       en="The registry has registered no certificate for this student: no lost certificate or correction.")


def student_place(student_uid: str) -> str:
    return f"students.snapshot/{student_uid}"


def event_place(event_uid: str) -> str:
    return f"student_events.payload/{event_uid}"


def person_of(vault: DataKey, id_number: str) -> str:
    return vault.lookup(f"student\n{id_number}")


def file_student_events(session: Session, vault: DataKey, center_id: str, batch_id: str,
                        entries: list[Mapping[str, Any]], payloads: Mapping[str, bytes],
                        now: datetime) -> list[dict[str, Any]]:
    results = []
    for entry in entries:
        head = {"record_id": entry["record_id"], "version": entry["version"]}
        try:
            results.append({**head, **_file(session, vault, center_id, batch_id, entry, payloads, now)})
        except _Refused as refused:
            results.append({**head, **refused.result})
    session.flush()
    return results


class _Refused(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.result = {"status": "rejected", "code": code,
                       **{f"reason_{lang}": render(f"registry.{code}", params, lang) for lang in ("zh", "en")}}


def _file(session: Session, vault: DataKey, center_id: str, batch_id: str, entry: Mapping[str, Any],
          payloads: Mapping[str, bytes], now: datetime) -> dict[str, Any]:
    event_uid = str(entry["record_id"]).removeprefix(PREFIX)
    earlier = session.get(RegistryStudentEvent, event_uid)
    if earlier is not None:
        if earlier.content_hash == entry["content_hash"] and earlier.center_id == center_id:
            return {"status": "accepted"}
        raise _Refused("student_conflict", event=event_uid)
    student, event = _payload(payloads.get(record_part_name(str(entry["record_id"]), int(entry["version"]))))
    kind = str(entry.get("kind", "")).removeprefix(KIND_PREFIX)
    if student is None or event is None or event.get("uid") != event_uid or event.get("kind") != kind \
            or kind not in FILED_HERE + REVIEWED:
        raise _Refused("student_invalid")
    uid, code = str(student["id"]), str(event.get("code") or "")
    known = session.get(RegistryStudent, uid)
    if kind == "admission":
        if known is None:
            _one_status(session, vault, uid, str(student["id_number"]))
            known = RegistryStudent(student_uid=uid, center_id=center_id,
                                    person=person_of(vault, str(student["id_number"])),
                                    status=StudentStatus.ADMITTED.value, snapshot="", updated_at=now)
            session.add(known)
    elif known is None or known.center_id != center_id:
        raise _Refused("student_unknown", name=str(student.get("name", "")))
    status = StudentStatus(known.status)
    state = FILED if kind in FILED_HERE else WAITING
    try:
        if kind == "stage":
            if code == "report":
                _one_status(session, vault, uid, str(student["id_number"]))
            known.status = next_status(status, code).value
        elif kind == "year" and status != StudentStatus.ENROLLED:
            raise DomainError(Problem("registry.student_year_not_enrolled", "status"))
        elif kind in ("change", "graduation"):
            next_status(status, code)
        elif kind in ("lost", "correction") and session.scalars(select(RegisteredCertificate).where(
                RegisteredCertificate.student_uid == uid, RegisteredCertificate.revoked.is_(False))).first() is None:
            raise _Refused("student_no_certificate")
    except DomainError as error:
        label = STATUS_LABELS[status]
        raise _Refused("student_illegal", status_zh=label.zh, status_en=label.en,
                       reason_zh=error.text("zh"), reason_en=error.text("en")) from None
    known.snapshot = vault.seal_text(canonical(student).decode(), student_place(uid))
    known.updated_at = now
    session.add(RegistryStudentEvent(
        event_uid=event_uid, student_uid=uid, center_id=center_id, batch_id=batch_id, kind=kind, code=code,
        state=state, content_hash=entry["content_hash"],
        payload=vault.seal_text(canonical(event).decode(), event_place(event_uid)),
        evidence=json.dumps([sha for sha in entry.get("blobs", []) if isinstance(sha, str)]),
        received_at=now, decision_reason=""))
    return {"status": "accepted"}


def _payload(data: bytes | None) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    try:
        value = load_json(data) if data is not None else None
    except JsonRefused:
        return None, None
    if not isinstance(value, dict):
        return None, None
    student, event = value.get("student"), value.get("event")
    if not isinstance(student, dict) or not isinstance(event, dict) or not isinstance(student.get("id"), str) \
            or not isinstance(student.get("id_number"), str) or not isinstance(event.get("uid"), str):
        return None, None
    return student, event


def _one_status(session: Session, vault: DataKey, uid: str, id_number: str) -> None:
    """Refuse a second status for a person who holds one (at any center)."""
    for other in session.scalars(select(RegistryStudent).where(RegistryStudent.person == person_of(vault, id_number),
                                                               RegistryStudent.student_uid != uid)):
        if StudentStatus(other.status) in HOLDING:
            label = STATUS_LABELS[StudentStatus(other.status)]
            raise _Refused("student_duplicate", other_center=other.center_id, status_zh=label.zh, status_en=label.en)
