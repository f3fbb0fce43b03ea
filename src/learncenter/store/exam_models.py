"""Exam sessions, their venues and rooms, seat assignments and notice-number blocks (issue 5).

A session comes down from the registry or is defined here by an administrator; either way the
rows below hold it. Seat assignments name the application by ID number as well as by record
version: a correction makes a new record version with a new ID, and the candidate must keep the
seat (and the notice number) printed on the notice already handed out.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from learncenter.store.models import Base


class ExamSession(Base):
    __tablename__ = "exam_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    exam_category: Mapped[str] = mapped_column(String(64))
    term: Mapped[str] = mapped_column(String(32))  # candidates of this term sit the session
    source: Mapped[str] = mapped_column(String(16))  # local | registry
    registry_version: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ExamSubject(Base):
    __tablename__ = "exam_subjects"
    __table_args__ = (Index("ix_exam_subjects_session_id", "session_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_sessions.id"))
    subject: Mapped[str] = mapped_column(String(100))
    day: Mapped[date] = mapped_column(Date)
    start: Mapped[time] = mapped_column(Time)
    end: Mapped[time] = mapped_column(Time)


class ExamVenue(Base):
    __tablename__ = "exam_venues"
    __table_args__ = (UniqueConstraint("session_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_sessions.id"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200))


class ExamRoom(Base):
    """A room; its code is unique within the session, since seats and notices name it alone."""

    __tablename__ = "exam_rooms"
    __table_args__ = (UniqueConstraint("session_id", "code"), Index("ix_exam_rooms_venue_id", "venue_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_sessions.id"))
    venue_id: Mapped[int] = mapped_column(ForeignKey("exam_venues.id"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    capacity: Mapped[int] = mapped_column(Integer)
    layout_columns: Mapped[int | None] = mapped_column(Integer, default=None)
    seats_kept_free: Mapped[int] = mapped_column(Integer, default=0)


class SeatAssignment(Base):
    """One candidate's seat in one session; the notice number never changes once given."""

    __tablename__ = "seat_assignments"
    __table_args__ = (
        UniqueConstraint("session_id", "id_number"),
        UniqueConstraint("session_id", "room_code", "seat"),
        UniqueConstraint("notice_number"),
        Index("ix_seat_assignments_record_id", "record_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_sessions.id"))
    record_id: Mapped[str] = mapped_column(ForeignKey("records.id"))  # the version seated last
    id_number: Mapped[str] = mapped_column(String(18))  # the application, across corrections
    room_code: Mapped[str] = mapped_column(String(32))
    seat: Mapped[str] = mapped_column(String(16))
    notice_number: Mapped[str] = mapped_column(String(32))
    assigned_at: Mapped[datetime] = mapped_column(DateTime)
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)  # the rules of the run that placed it


class NoticeNumberBlock(Base):
    """A range of notice numbers reserved for this center; ``next_value`` is the next one to give.

    A block from the registry guarantees that two centers never print the same number; a local
    block (not enrolled) carries a prefix derived from this database instead.
    """

    __tablename__ = "notice_number_blocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # local | registry
    prefix: Mapped[str] = mapped_column(String(16))
    first: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer)
    next_value: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
