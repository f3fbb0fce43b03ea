"""Student events in the signed batches (issue 14), beside the record versions.

Each event the center records (an admission from a sheet, a report, a year registration, a
request for the registry to decide …) travels as one manifest entry named
``student-event:<uid>`` (version 1) with the kind ``student.<kind>``: its payload holds the
student as the center knows them and the event; its blobs are the event's evidence scans (and a
graduation photo). The receipt answers it like a record: accepted (filed, or queued for the
registry's review) or returned with the registry's reason.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learncenter.store.student_models import SYNC_PENDING, Student, StudentEvent

PREFIX = "student-event:"
KIND_PREFIX = "student."
VERSION = 1
STUDENT_FIELDS = (
    "id", "record_id", "term", "candidate_no", "student_no", "name", "gender", "birth_date", "id_number",
    "ethnicity", "political_status", "level", "major_code", "major_name", "minor", "learning_form",
    "programme_length", "grade", "enrolment_date", "expected_graduation", "admission_type", "prior_school",
    "prior_certificate_no", "status",
)
EVENT_FIELDS = ("uid", "kind", "code", "state", "effective_date", "reason", "details", "evidence",
                "status_before", "status_after", "requested_by", "requested_at")


def manifest_id(event: StudentEvent) -> str:
    return PREFIX + event.uid


def is_student_entry(record_id: object) -> bool:
    return isinstance(record_id, str) and record_id.startswith(PREFIX)


def pending_events(session: Session, limit: int) -> list[StudentEvent]:
    if limit <= 0:
        return []
    return list(session.scalars(select(StudentEvent).where(StudentEvent.sync_state == SYNC_PENDING)
                                .order_by(StudentEvent.id).limit(limit)))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def payload(session: Session, event: StudentEvent) -> dict[str, Any]:
    student = session.get(Student, event.student_id)
    assert student is not None
    return {"student": {name: _plain(getattr(student, name)) for name in STUDENT_FIELDS},
            "event": {name: _plain(getattr(event, name)) for name in EVENT_FIELDS}}
