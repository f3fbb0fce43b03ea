"""The center's figures for the administrator's dashboard: counts only, no personal data.

Every figure is one ``GROUP BY`` that SQLite answers from an index, so the dashboard refreshes
in a fraction of a second on 200,000 candidates:

- the sealed records of a period (confirmed or refused on site) walk ``ix_records_sealed``
  (``sealed_at, is_current`` and the grouped columns: no table row is read; led by the time, so
  that the queue's "every current record" never takes it for its own), grouped by local
  day, level and major, with their photo captures;
- the refused ones walk ``ix_records_refused``, a partial index of the refused rows alone that
  also holds their reason's text;
- the states of all current records come from ``ix_records_state_current`` alone;
- the exam sessions count their seats, and the notices printed come from the audit log.

Times are stored in UTC; a day is the workstation's local day, given as an offset in minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Integer, cast, func, literal_column, select
from sqlalchemy.orm import Session

from learncenter.store.exam_models import ExamRoom, ExamSession, SeatAssignment
from learncenter.store.models import AuditEntry, Record

NOTICES_PRINTED = "exam_notices.print"  # the audit action of a printing run (services.exams); details["rooms"]


@dataclass(frozen=True)
class SealedGroup:
    """Records sealed on one local day at one level in one major (confirmed and refused alike)."""

    day: date
    level: str
    major_code: str
    records: int
    retaken: int  # records whose photo took more than one capture
    retakes: int  # captures beyond the first, summed
    photo_accepted: int  # photos a supervisor accepted despite a failed check


@dataclass(frozen=True)
class RefusedGroup:
    """Records refused on one local day at one level in one major for one reason's text."""

    day: date
    level: str
    major_code: str
    reason_text: str  # the record's refusal text up to its first full-width colon
    records: int


@dataclass(frozen=True)
class SessionSeats:
    code: str
    name: str
    seats: int  # usable: capacity minus the seats kept free
    seated: int
    notices_printed: int


# Written out, not bound: SQLite uses the partial index ix_records_refused only for a query whose
# WHERE says the index's own condition in the same words.
_REFUSED: ColumnElement[bool] = literal_column("records.refusal_reason != ''")


def _local_day(offset_minutes: int) -> ColumnElement[str]:
    """The local day a record was sealed on, as SQLite's ``date()`` text."""
    return func.date(Record.sealed_at, f"{offset_minutes:+d} minutes")


def _utc_bounds(start: date, end: date, offset_minutes: int) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight on ``start`` and after ``end``."""
    shift = timedelta(minutes=offset_minutes)
    return (datetime.combine(start, datetime.min.time()) - shift,
            datetime.combine(end + timedelta(days=1), datetime.min.time()) - shift)


def sealed_groups(session: Session, start: date, end: date, offset_minutes: int) -> Iterator[SealedGroup]:
    """The records sealed from local day ``start`` to ``end`` (both included), grouped."""
    low, high = _utc_bounds(start, end, offset_minutes)
    day = _local_day(offset_minutes).label("day")
    query = (
        select(day, Record.level, Record.major_code, func.count(),
               func.sum(cast(Record.photo_attempts > 1, Integer)), func.sum(func.max(Record.photo_attempts - 1, 0)),
               func.sum(cast(Record.photo_accepted_by.is_not(None), Integer)))
        .where(Record.is_current.is_(True), Record.sealed_at >= low, Record.sealed_at < high)
        .group_by(day, Record.level, Record.major_code)
    )
    for row in session.execute(query):
        yield SealedGroup(date.fromisoformat(row[0]), row[1], row[2], int(row[3]), int(row[4] or 0),
                          int(row[5] or 0), int(row[6] or 0))


def refused_groups(session: Session, start: date, end: date, offset_minutes: int) -> Iterator[RefusedGroup]:
    """The period's refused records, grouped as :func:`sealed_groups` and by their reason's text."""
    low, high = _utc_bounds(start, end, offset_minutes)
    day = _local_day(offset_minutes).label("day")
    colon = func.instr(Record.refusal_reason, "：")
    head = func.iif(colon > 0, func.substr(Record.refusal_reason, 1, colon - 1), Record.refusal_reason).label("head")
    query = (select(day, Record.level, Record.major_code, head, func.count())
             .where(Record.is_current.is_(True), Record.sealed_at >= low, Record.sealed_at < high,
                    _REFUSED)
             .group_by(day, Record.level, Record.major_code, head))
    for row in session.execute(query):
        yield RefusedGroup(date.fromisoformat(row[0]), row[1], row[2], str(row[3]), int(row[4]))


def major_names(session: Session, codes: list[str]) -> dict[str, str]:
    """A name for each major code: the one a current record carries (a record of each code, found
    on the way through the table: a major in the figures has many)."""
    names = {}
    for code in codes:
        name = session.scalar(select(Record.major_name)
                              .where(Record.major_code == code, Record.is_current.is_(True)).limit(1))
        names[code] = str(name or "")
    return names


def state_counts(session: Session) -> dict[str, int]:
    """How many current records are in each state."""
    query = (select(Record.state, func.count()).where(Record.is_current.is_(True)).group_by(Record.state))
    return {str(state): int(count) for state, count in session.execute(query)}


def first_sealed_day(session: Session, offset_minutes: int) -> date | None:
    """The local day of the first record sealed (where the confirmation window began)."""
    first = session.scalar(select(func.min(Record.sealed_at)).where(Record.is_current.is_(True),
                                                                     Record.sealed_at.is_not(None)))
    if first is None:
        return None
    return (first + timedelta(minutes=offset_minutes)).date()


def session_seats(session: Session) -> list[SessionSeats]:
    """Every exam session with its usable seats, seated candidates and notices printed."""
    seats = {int(sid): int(n or 0) for sid, n in session.execute(
        select(ExamRoom.session_id, func.sum(ExamRoom.capacity - ExamRoom.seats_kept_free)).group_by(ExamRoom.session_id))}
    seated = {int(sid): int(n) for sid, n in session.execute(
        select(SeatAssignment.session_id, func.count()).group_by(SeatAssignment.session_id))}
    rows = list(session.scalars(select(ExamSession).order_by(ExamSession.code)))
    printed: dict[str, dict[str, int]] = {row.code: {} for row in rows}
    for code, rooms in printed.items():  # a session's printing runs, by the audit log's entity index
        for details in session.scalars(select(AuditEntry.details).where(
                AuditEntry.entity_id == code, AuditEntry.entity == "exam_session", AuditEntry.action == NOTICES_PRINTED)):
            for room, count in dict(details.get("rooms") or {}).items():
                rooms[room] = max(rooms.get(room, 0), int(count))  # a reprint is the same notices again
    return [SessionSeats(row.code, row.name, seats.get(row.id, 0), seated.get(row.id, 0),
                         sum(printed[row.code].values()))
            for row in rows]
