"""Students (学籍): a status per person and study period, its dated events, its certificates (issue 14).

A student comes from an admission (down from the registry, or imported from a sheet, naming the
confirmed application when there is one). Every change to a student is a row of
``student_events``: the admission-stage decisions the center takes itself are ``done`` at once;
the changes the registry decides wait ``pending`` (then ``sent``) until its decision comes down
as ``approved`` or ``rejected``, and only an approval changes the student. The certificate a
registered graduation gets is kept as the registry registered it; it is never edited here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from learncenter.store.models import Base

EVENT_DONE = "done"  # decided here, in effect
EVENT_PENDING = "pending"  # waiting to go to the registry
EVENT_SENT = "sent"  # at the registry, waiting for its decision
EVENT_APPROVED = "approved"
EVENT_REJECTED = "rejected"
WAITING = (EVENT_PENDING, EVENT_SENT)
EVENT_RETURNED = "returned"  # decided here, but the registry refused to file it

SYNC_PENDING = "pending"  # to go in the next batch
SYNC_BATCHED = "batched"  # in a batch, no receipt yet
SYNC_ACCEPTED = "accepted"  # the registry filed it (or queued it for review)
SYNC_RETURNED = "returned"  # the registry refused it, with its reason


class Student(Base):
    __tablename__ = "students"
    __table_args__ = (
        Index("ix_students_id_number", "id_number"),
        Index("ix_students_filter", "status", "grade", "level", "major_code"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_id: Mapped[str | None] = mapped_column(ForeignKey("records.id"), default=None)
    term: Mapped[str] = mapped_column(String(32))
    candidate_no: Mapped[str] = mapped_column(String(32), default="")
    student_no: Mapped[str | None] = mapped_column(String(32), unique=True, default=None)
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    id_number: Mapped[str] = mapped_column(String(40))
    ethnicity: Mapped[str] = mapped_column(String(2))
    political_status: Mapped[str] = mapped_column(String(2))
    level: Mapped[str] = mapped_column(String(8))
    major_code: Mapped[str] = mapped_column(String(16))
    major_name: Mapped[str] = mapped_column(String(100))
    minor: Mapped[str] = mapped_column(String(100), default="")
    learning_form: Mapped[str] = mapped_column(String(24))
    programme_length: Mapped[str] = mapped_column(String(4))
    grade: Mapped[int] = mapped_column(Integer)  # the year of admission (年级)
    enrolment_date: Mapped[date] = mapped_column(Date)
    expected_graduation: Mapped[date] = mapped_column(Date)
    admission_type: Mapped[str | None] = mapped_column(String(24), default=None)
    prior_school: Mapped[str] = mapped_column(String(100), default="")
    prior_certificate_no: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(24))
    hold: Mapped[str] = mapped_column(String(200), default="")  # why year registration must wait
    graduation_photo_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class StudentEvent(Base):
    __tablename__ = "student_events"
    __table_args__ = (
        Index("ix_student_events_student", "student_id", "id"),
        Index("ix_student_events_state", "state"),
        Index("ix_student_events_sync_state", "sync_state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # names the event at the registry
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id"))
    kind: Mapped[str] = mapped_column(String(16))  # services.students' KIND_*
    code: Mapped[str] = mapped_column(String(16), default="")  # a change code or an Event
    state: Mapped[str] = mapped_column(String(12))
    effective_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)  # blob hashes of the scans
    status_before: Mapped[str | None] = mapped_column(String(24), default=None)
    status_after: Mapped[str | None] = mapped_column(String(24), default=None)
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    # None: nothing to send (it came from the registry); else SYNC_* below
    sync_state: Mapped[str | None] = mapped_column(String(12), default=None)


class StudentBatchItem(Base):
    """One student event in one batch (like ``sync_batch_items`` for records): its encrypted part
    is kept so that every resend or export carries the same bytes."""

    __tablename__ = "student_batch_items"

    event_id: Mapped[int] = mapped_column(ForeignKey("student_events.id"), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("sync_batches.batch_id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    part: Mapped[bytes] = mapped_column(LargeBinary)


class YearRegistration(Base):
    __tablename__ = "year_registrations"
    __table_args__ = (UniqueConstraint("student_id", "academic_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id"))
    academic_year: Mapped[int] = mapped_column(Integer)
    registered_at: Mapped[datetime] = mapped_column(DateTime)
    registered_by: Mapped[str] = mapped_column(String(64))


class Certificate(Base):
    __tablename__ = "certificates"

    number: Mapped[str] = mapped_column(String(18), primary_key=True)
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id"), unique=True)
    certificate_type: Mapped[str] = mapped_column(String(16))
    issue_date: Mapped[date] = mapped_column(Date)
    verification_code: Mapped[str] = mapped_column(String(16), unique=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)  # as registered: frozen
    lost: Mapped[bool] = mapped_column(Boolean, default=False)
    proof: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)  # the registry's signed proof, once lost
    registered_at: Mapped[datetime] = mapped_column(DateTime)
