"""Exam sessions and seat assignment: defining sessions, seating the confirmed candidates.

Each method is one transaction and is audited. Seating calls the pure rules of
:mod:`learncenter.domain.seating` with the seats already given as ``existing``, so a re-run after
late confirmations only adds seats; a new notice number is given to a new seat only, and a
candidate keeps the number printed on a notice already handed out even when a lost room forces a
new seat. A preview runs the same code and rolls back, so what the administrator sees is what
saving gives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from learncenter.documents.notice_data import SubjectSlot
from learncenter.domain.candidate import Level
from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.seating import Assignment, Room, SeatCandidate, SeatingPlan, SeatRules, assign_seats
from learncenter.services.exam_definitions import RoomSpec, SessionSpec, VenueSpec, parse_session
from learncenter.services.notice_numbers import RegistryBlockSource, no_registry_block, take_numbers
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.exam_models import ExamRoom, ExamSession, ExamSubject, ExamVenue, SeatAssignment
from learncenter.store.models import Record

SEATED_STATES = (RecordState.CONFIRMED, RecordState.SUBMITTED, RecordState.ACCEPTED)

SESSION_NOT_FOUND = define("exams.session_not_found",
                           zh="找不到考试安排“{code}”：用 learncenter sessions 查看已有的考试安排",
                           en="There is no exam session '{code}': `learncenter sessions` lists them")
VENUE_NOT_FOUND = define("exams.venue_not_found", zh="考试安排“{session}”中没有考点“{venue}”",
                         en="Exam session '{session}' has no venue '{venue}'")
ROOM_NOT_FOUND = define("exams.room_not_found", zh="考试安排“{session}”中没有考场“{room}”",
                        en="Exam session '{session}' has no room '{room}'")
BAD_KEEP_FREE = define("exams.bad_keep_free", zh="预留空座数 {value} 不能为负数",
                       en="The number of seats kept free ({value}) cannot be negative")


@dataclass(frozen=True)
class SessionSummary:
    code: str
    name: str
    exam_category: str
    term: str
    source: str
    subjects: int
    rooms: int
    seats: int  # usable seats: capacity minus the seats kept free
    seated: int


@dataclass(frozen=True)
class RoomStatus:
    venue_code: str
    venue_name: str
    code: str
    name: str
    capacity: int
    seats_kept_free: int
    layout_columns: int | None
    seated: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.seats_kept_free - self.seated)


@dataclass(frozen=True)
class PlanRow:
    """One line of a plan as the administrator reviews it before saving."""

    record_id: str
    name: str
    id_number: str
    level: str
    major_name: str
    room: str
    seat: str
    status: str  # "kept" | "moved" | "new"
    notice_number: str  # "" for a new seat until it is saved


@dataclass(frozen=True)
class SavedSession:
    code: str
    created: bool


class ExamService:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] | None = None,
                 registry_block: RegistryBlockSource = no_registry_block) -> None:
        self._db = db
        self._clock = clock or (lambda: datetime.now(UTC))
        self._registry_block = registry_block

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC).replace(tzinfo=None)

    # -- definitions ----------------------------------------------------------------------

    def save_session(self, spec: SessionSpec, *, actor: str, source: str = "local",
                     registry_version: int | None = None) -> SavedSession:
        """Create the session or replace its subjects, venues and rooms with ``spec``'s.

        Seats already given stay: a seat in a room that no longer exists is moved by the next
        assignment run, which says so (``seating.seat_lost``).
        """
        now = self._now()
        with self._db.session() as session, session.begin():
            row = session.scalars(select(ExamSession).where(ExamSession.code == spec.code)).first()
            created = row is None
            if row is None:
                row = ExamSession(code=spec.code, created_at=now)
                session.add(row)
            else:
                session.execute(delete(ExamRoom).where(ExamRoom.session_id == row.id))
                session.execute(delete(ExamVenue).where(ExamVenue.session_id == row.id))
                session.execute(delete(ExamSubject).where(ExamSubject.session_id == row.id))
            row.name, row.exam_category, row.term = spec.name, spec.exam_category, spec.term
            row.source, row.registry_version, row.updated_at = source, registry_version, now
            session.flush()
            for slot in spec.subjects:
                session.add(ExamSubject(session_id=row.id, subject=slot.subject, day=slot.day,
                                        start=slot.start, end=slot.end))
            for venue in spec.venues:
                venue_row = ExamVenue(session_id=row.id, code=venue.code, name=venue.name, address=venue.address)
                session.add(venue_row)
                session.flush()
                for room in venue.rooms:
                    session.add(ExamRoom(session_id=row.id, venue_id=venue_row.id, code=room.code, name=room.name,
                                         capacity=room.capacity, layout_columns=room.layout_columns,
                                         seats_kept_free=room.seats_kept_free))
            AuditTrail(session).append(actor=actor, action="exam_session.define", entity="exam_session",
                                       entity_id=spec.code, after=spec.as_json(),
                                       details={"created": created, "source": source}, at=now)
        return SavedSession(spec.code, created)

    def put_room(self, session_code: str, venue_code: str, room: RoomSpec, *, actor: str) -> SessionSpec:
        """Add ``room`` to a venue, or change the room with its code (wherever it is).

        The whole definition is read back through :func:`parse_session`, so an edit is checked by
        the same rules as a file; seats already given are kept as :meth:`save_session` says.
        """
        spec = self.session_spec(session_code)
        if venue_code not in {v.code for v in spec.venues}:
            raise DomainError(Problem(VENUE_NOT_FOUND, "venue", {"session": session_code, "venue": venue_code}))
        venues = []
        for venue in spec.venues:
            rooms = tuple(r for r in venue.rooms if r.code != room.code)
            if venue.code == venue_code:
                rooms = tuple(r if r.code != room.code else room for r in venue.rooms) \
                    if any(r.code == room.code for r in venue.rooms) else (*rooms, room)
            venues.append(VenueSpec(venue.code, venue.name, venue.address, rooms))
        return self._resave(spec, venues, actor)

    def remove_room(self, session_code: str, room_code: str, *, actor: str) -> SessionSpec:
        """Remove a room; candidates seated in it are moved by the next assignment run, which says so."""
        spec = self.session_spec(session_code)
        if room_code not in {r.code for v in spec.venues for r in v.rooms}:
            raise DomainError(Problem(ROOM_NOT_FOUND, "room", {"session": session_code, "room": room_code}))
        venues = [VenueSpec(v.code, v.name, v.address, tuple(r for r in v.rooms if r.code != room_code))
                  for v in spec.venues]
        return self._resave(spec, venues, actor)

    def _resave(self, spec: SessionSpec, venues: list[VenueSpec], actor: str) -> SessionSpec:
        edited = SessionSpec(spec.code, spec.name, spec.exam_category, spec.term, spec.subjects, tuple(venues))
        checked = parse_session(edited.as_json())
        with self._db.session() as session:
            row = _session_row(session, spec.code)
            source, version = row.source, row.registry_version
        self.save_session(checked, actor=actor, source=source, registry_version=version)
        return checked

    def session_spec(self, code: str) -> SessionSpec:
        with self._db.session() as session:
            row = _session_row(session, code)
            subjects = tuple(SubjectSlot(s.subject, s.day, s.start, s.end) for s in session.scalars(
                select(ExamSubject).where(ExamSubject.session_id == row.id)
                .order_by(ExamSubject.day, ExamSubject.start, ExamSubject.id)))
            venues = []
            for venue in session.scalars(select(ExamVenue).where(ExamVenue.session_id == row.id)
                                         .order_by(ExamVenue.id)):
                rooms = tuple(RoomSpec(r.code, r.name, r.capacity, r.layout_columns, r.seats_kept_free)
                              for r in session.scalars(select(ExamRoom).where(ExamRoom.venue_id == venue.id)
                                                       .order_by(ExamRoom.id)))
                venues.append(VenueSpec(venue.code, venue.name, venue.address, rooms))
            return SessionSpec(row.code, row.name, row.exam_category, row.term, subjects, tuple(venues))

    def sessions(self) -> list[SessionSummary]:
        with self._db.session() as session:
            rows = session.scalars(select(ExamSession).order_by(ExamSession.code)).all()
            result = []
            for row in rows:
                rooms = session.scalars(select(ExamRoom).where(ExamRoom.session_id == row.id)).all()
                subjects = session.scalar(select(func.count()).select_from(ExamSubject)
                                          .where(ExamSubject.session_id == row.id)) or 0
                seated = session.scalar(select(func.count()).select_from(SeatAssignment)
                                        .where(SeatAssignment.session_id == row.id)) or 0
                result.append(SessionSummary(row.code, row.name, row.exam_category, row.term, row.source,
                                             int(subjects), len(rooms),
                                             sum(max(0, r.capacity - r.seats_kept_free) for r in rooms),
                                             int(seated)))
            return result

    def rooms(self, code: str) -> list[RoomStatus]:
        """Rooms in fill order with their seats taken and free."""
        with self._db.session() as session:
            row = _session_row(session, code)
            seated = dict(session.execute(
                select(SeatAssignment.room_code, func.count()).where(SeatAssignment.session_id == row.id)
                .group_by(SeatAssignment.room_code)).all())
            rooms = session.execute(
                select(ExamRoom, ExamVenue).join(ExamVenue, ExamRoom.venue_id == ExamVenue.id)
                .where(ExamRoom.session_id == row.id)).all()
            statuses = [RoomStatus(venue.code, venue.name, room.code, room.name, room.capacity,
                                   room.seats_kept_free, room.layout_columns, int(seated.get(room.code, 0)))
                        for room, venue in rooms]
        order = {r.room_id: i for i, r in enumerate(assign_seats((), [_room(s) for s in statuses]).rooms)}
        return sorted(statuses, key=lambda s: order[s.code])

    def free_seats(self, code: str) -> dict[str, int]:
        return {room.code: room.free for room in self.rooms(code)}

    # -- seating --------------------------------------------------------------------------

    def assign(self, session_code: str, rules: SeatRules = SeatRules(), *, preview: bool, actor: str = "system",
               keep_free: int | None = None) -> SeatingPlan:
        """Seat the session's confirmed candidates, keeping every seat already given.

        ``keep_free`` overrides every room's seats kept free for this run. With ``preview`` the
        plan is computed exactly as a save would, and nothing is written.
        """
        if keep_free is not None and keep_free < 0:
            raise DomainError(Problem(BAD_KEEP_FREE, "keep_free", {"value": keep_free}))
        now = self._now()
        with self._db.session() as session, session.begin():
            row = _session_row(session, session_code)
            candidates = _candidates(session, row.term)
            rooms = [_room(s, keep_free) for s in _room_specs(session, row.id)]
            held = {a.id_number: a for a in session.scalars(
                select(SeatAssignment).where(SeatAssignment.session_id == row.id))}
            by_id_number = {record.id_number: record for record in candidates}
            existing = {by_id_number[n].id: Assignment(by_id_number[n].id, a.room_code, a.seat)
                        for n, a in held.items() if n in by_id_number}
            plan = assign_seats([_seat_candidate(r) for r in candidates], rooms, rules=rules, existing=existing)
            if preview:
                session.rollback()
                return plan
            self._save(session, row, plan, held, {r.id: r for r in candidates}, rules, keep_free, actor, now)
            return plan

    def _save(self, session: Session, row: ExamSession, plan: SeatingPlan, held: dict[str, SeatAssignment],
              records: dict[str, Record], rules: SeatRules, keep_free: int | None, actor: str,
              now: datetime) -> None:
        planned = {records[a.record_id].id_number: a for a in plan.assignments}
        released = [n for n in held if n not in planned]
        for id_number in released:
            session.delete(held[id_number])
        session.flush()  # free the released seats before anyone takes them
        used_rules: dict[str, Any] = {**asdict(rules), "keep_free": keep_free}
        moved = kept = 0
        for id_number, assignment in planned.items():
            current = held.get(id_number)
            if current is None:
                continue
            if (current.room_code, current.seat) == (assignment.room_id, assignment.seat):
                kept += 1
            else:
                moved += 1
                current.room_code, current.seat, current.assigned_at = assignment.room_id, assignment.seat, now
                current.rules = used_rules
            if current.record_id != assignment.record_id:  # follows a correction to the current version
                current.record_id = assignment.record_id
        newcomers = [(n, a) for n, a in planned.items() if n not in held]
        numbers = take_numbers(session, len(newcomers), database_id=self._db.database_id,
                               registry_block=self._registry_block, now=now)
        for (id_number, assignment), number in zip(newcomers, numbers, strict=True):
            session.add(SeatAssignment(session_id=row.id, record_id=assignment.record_id, id_number=id_number,
                                       room_code=assignment.room_id, seat=assignment.seat, notice_number=number,
                                       assigned_at=now, rules=used_rules))
        AuditTrail(session).append(
            actor=actor, action="seats.assign", entity="exam_session", entity_id=row.code, at=now,
            details={"new": len(newcomers), "kept": kept, "moved": moved, "released": len(released),
                     "unseated": len(plan.unseated), "rules": used_rules,
                     "first_number": numbers[0] if numbers else None, "last_number": numbers[-1] if numbers else None},
        )

    def plan_rows(self, session_code: str, plan: SeatingPlan) -> list[PlanRow]:
        """The plan with names and notice numbers, in plan order, for the preview table."""
        with self._db.session() as session:
            row = _session_row(session, session_code)
            held = {a.id_number: a for a in session.scalars(
                select(SeatAssignment).where(SeatAssignment.session_id == row.id))}
            ids = [a.record_id for a in plan.assignments]
            records = {r.id: r for r in session.scalars(select(Record).where(Record.id.in_(ids)))} if ids else {}
        from learncenter.domain.codes import level_label

        rows = []
        for a in plan.assignments:
            record = records[a.record_id]
            before = held.get(record.id_number)
            status = "new" if before is None else (
                "kept" if (before.room_code, before.seat) == (a.room_id, a.seat) else "moved")
            rows.append(PlanRow(record.id, record.name, record.id_number, level_label(record.level) or record.level,
                                record.major_name, a.room_id, a.seat, status,
                                before.notice_number if before else ""))
        return rows


def _session_row(session: Session, code: str) -> ExamSession:
    row = session.scalars(select(ExamSession).where(ExamSession.code == code)).first()
    if row is None:
        raise DomainError(Problem(SESSION_NOT_FOUND, "session", {"code": code}))
    return row


def _candidates(session: Session, term: str) -> Sequence[Record]:
    """Current versions, sealed as confirmed (or further on), of the session's term."""
    return session.scalars(select(Record).where(
        Record.is_current.is_(True), Record.term == term,
        Record.state.in_([s.value for s in SEATED_STATES]))).all()


def _seat_candidate(record: Record) -> SeatCandidate:
    # Records carry no learning group yet, so spreading has nothing to separate; the rule stays on
    # for when the registry sends groups down.
    return SeatCandidate(record.id, Level(record.level), record.major_code, "",
                         record.registration_no or record.id_number)


def _room_specs(session: Session, session_id: int) -> list[RoomStatus]:
    rooms = session.execute(select(ExamRoom, ExamVenue).join(ExamVenue, ExamRoom.venue_id == ExamVenue.id)
                            .where(ExamRoom.session_id == session_id)).all()
    return [RoomStatus(v.code, v.name, r.code, r.name, r.capacity, r.seats_kept_free, r.layout_columns, 0)
            for r, v in rooms]


def _room(status: RoomStatus, keep_free: int | None = None) -> Room:
    kept = status.seats_kept_free if keep_free is None else min(keep_free, status.capacity)
    return Room(status.code, status.name, status.capacity, kept, status.layout_columns)
