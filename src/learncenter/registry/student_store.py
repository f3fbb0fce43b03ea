"""The registry's tables for student status (issue 14): the students the centers report, every
event they sent, the review log, the certificates registered and their per-year serials.

Personal data (a student as last filed, an event's details, a certificate's fields) is sealed
with the data key like record payloads; a person is found by a keyed hash of the ID number, a
certificate by its number or its verification code.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from learncenter.registry.store import Base

FILED = "filed"  # a decision the center took, filed
WAITING = "waiting"  # a request waiting for the reviewer
APPROVED = "approved"
REJECTED = "rejected"


class RegistryStudent(Base):
    __tablename__ = "students"

    student_uid: Mapped[str] = mapped_column(String(36), primary_key=True)  # the center's student id
    center_id: Mapped[str] = mapped_column(ForeignKey("centers.center_id"), index=True)
    person: Mapped[str] = mapped_column(String(64), index=True)  # HMAC("student" \n ID number)
    status: Mapped[str] = mapped_column(String(24))
    snapshot: Mapped[str] = mapped_column(Text)  # sealed canonical JSON of the student as last filed
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RegistryStudentEvent(Base):
    __tablename__ = "student_events"
    __table_args__ = (Index("ix_student_events_state", "state", "received_at"),)

    event_uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    student_uid: Mapped[str] = mapped_column(ForeignKey("students.student_uid"), index=True)
    center_id: Mapped[str] = mapped_column(ForeignKey("centers.center_id"))
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.batch_id"))
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(12))
    content_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)  # sealed canonical JSON of the event
    evidence: Mapped[str] = mapped_column(Text)  # JSON list of blob hashes
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(64), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    decision_reason: Mapped[str] = mapped_column(Text, default="")


class RegisteredCertificate(Base):
    __tablename__ = "certificates"

    number: Mapped[str] = mapped_column(String(18), primary_key=True)
    verification_code: Mapped[str] = mapped_column(String(16), unique=True)
    student_uid: Mapped[str] = mapped_column(ForeignKey("students.student_uid"), unique=True)
    center_id: Mapped[str] = mapped_column(ForeignKey("centers.center_id"))
    certificate_type: Mapped[str] = mapped_column(String(16))
    issue_date: Mapped[date] = mapped_column(Date)
    fields: Mapped[str] = mapped_column(Text)  # sealed canonical JSON of the frozen fields
    lost: Mapped[bool] = mapped_column(Boolean, default=False)
    lost_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CertificateSerial(Base):
    """The last serial given per school and year of issue (DOMAIN §4)."""

    __tablename__ = "certificate_serials"

    school_year: Mapped[str] = mapped_column(String(12), primary_key=True)  # "10459/2028"
    last: Mapped[int] = mapped_column(Integer)


class ReviewEntry(Base):
    """Who decided what at the registry, in order: the review log."""

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reviewer: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(24))
    event_uid: Mapped[str] = mapped_column(String(36))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON, no personal data


class Reviewer(Base):
    """Who may review at the registry's web page (argon2 password hashes)."""

    __tablename__ = "reviewers"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
