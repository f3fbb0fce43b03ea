"""Exam sessions and seat assignment: defining sessions, seating the confirmed candidates.

Each method is one transaction and is audited. Seating calls the pure rules of
:mod:`learncenter.domain.seating` with the seats already given as ``existing``, so a re-run after
late confirmations only adds seats; a new notice number is given to a new seat only, and a
candidate keeps the number printed on a notice already handed out even when a lost room forces a
new seat. A preview runs the same code and rolls back, so what the administrator sees is what
saving gives.

Rooms are guarded because candidates hold paper that names them: a new room never takes over a
code in use, a room with seats given or notices printed is not removed, and a room whose notices
are printed changes only when the administrator was told (``despite_printed``). Printing is known
from the audit log (:data:`NOTICES_PRINTED` entries name the rooms and their notices).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, delete, distinct, func, select
from sqlalchemy.orm import Session

from learncenter.documents.notice_data import SubjectSlot
from learncenter.domain.candidate import Level
from learncenter.domain.exemptions import sits
from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.domain.seating import Assignment, Room, SeatCandidate, SeatingPlan, SeatRules, assign_seats
from learncenter.services.authorization import require
from learncenter.services.exam_room_guards import (
    ROOM_CHANGE_AFTER_PRINTING,
    printed_by_room,
    removal_refused,
    seated_by_room,
)
from learncenter.services.exam_definitions import (
    RoomSpec,
    SessionSpec,
    VenueSpec,
    edited,
    located,
    room_code_taken,
    with_room,
)
from learncenter.services.notice_numbers import RegistryBlockSource, no_registry_block, take_numbers
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.exam_models import ExamRoom, ExamSession, ExamSubject, ExamVenue, SeatAssignment
from learncenter.store.figures import NOTICES_PRINTED  # audit action; details["rooms"]: room code -> notices printed
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
    notices_printed: int = 0  # the most notices naming the room one printing run wrote

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

    def save_session(self, spec: SessionSpec, *, actor: SignedIn) -> SavedSession:
        """Create the session or replace its subjects, venues and rooms with ``spec``'s.

        Seats already given stay: a seat in a room that no longer exists is moved by the next
        assignment run, which says so (``seating.seat_lost``).
        """
        return self._save_session(spec, actor=actor, by=None, source="local", registry_version=None)

    def save_registry_session(self, spec: SessionSpec, *, registry_version: int, by: str) -> SavedSession:
        """A session as the registry defined it, applied by a down-sync that a signed-in user runs
        (``by`` names what applied it in the audit log)."""
        return self._save_session(spec, actor=None, by=by, source="registry", registry_version=registry_version)

    def _save_session(self, spec: SessionSpec, *, actor: SignedIn | None, by: str | None, source: str,
                      registry_version: int | None) -> SavedSession:
        now = self._now()
        with self._db.session() as session, session.begin():
            if by is None:
                by = require(session, actor, Permission.EXAMS)
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
            AuditTrail(session).append(actor=by, action="exam_session.define", entity="exam_session",
                                       entity_id=spec.code, after=spec.as_json(),
                                       details={"created": created, "source": source}, at=now)
        return SavedSession(spec.code, created)

    def put_room(self, session_code: str, venue_code: str, room: RoomSpec, *, actor: SignedIn) -> SessionSpec:
        """:meth:`change_room` when the session has a room with ``room.code``, else :meth:`add_room`."""
        exists = any(r.code == room.code for v in self.session_spec(session_code).venues for r in v.rooms)
        return (self.change_room if exists else self.add_room)(session_code, venue_code, room, actor=actor)

    def add_room(self, session_code: str, venue_code: str, room: RoomSpec, *, actor: SignedIn) -> SessionSpec:
        """Add ``room`` to a venue. A code already in use is refused, never taken over: seats and
        notices name a room by its code alone, so the new name would appear on notices of the old room.
        """
        with self._db.session() as session, session.begin():
            row, spec = self._open_rooms(session, session_code, venue_code, actor)
            taken = room_code_taken(spec, room.code)
            if taken is not None:
                raise DomainError(taken)
            return self._write_rooms(session, row, spec, with_room(spec, venue_code, room), actor, "exam_room.add",
                                     room.code, {})

    def change_room(self, session_code: str, venue_code: str, room: RoomSpec, *, actor: SignedIn,
                    despite_printed: bool = False) -> SessionSpec:
        """Change the room with ``room.code`` (and move it to ``venue_code``); the rules of a session file
        apply. Notices already printed for it show its old details, so a change is refused unless
        ``despite_printed`` says the administrator was told; seats that no longer fit are moved by the
        next assignment run, which says so.
        """
        with self._db.session() as session, session.begin():
            row, spec = self._open_rooms(session, session_code, venue_code, actor)
            before = located(spec, room.code)
            if before is None:
                raise DomainError(Problem(ROOM_NOT_FOUND, "room", {"session": session_code, "room": room.code}))
            venues = with_room(spec, venue_code, room)
            if located(edited(spec, venues), room.code) == before:
                return spec  # nothing changes: nothing to write, ask or audit
            printed = printed_by_room(session, session_code).get(room.code, 0)
            if printed and not despite_printed:
                raise DomainError(Problem(ROOM_CHANGE_AFTER_PRINTING, "room", {"room": room.code, "printed": printed}))
            return self._write_rooms(session, row, spec, venues, actor, "exam_room.change", room.code,
                                     {"notices_printed": printed})

    def remove_room(self, session_code: str, room_code: str, *, actor: SignedIn) -> SessionSpec:
        """Remove an empty room. One with seats given or notices printed is refused (:func:`~learncenter.services.exam_room_guards.removal_refused`)."""
        with self._db.session() as session, session.begin():
            row, spec = self._open_rooms(session, session_code, None, actor)
            if located(spec, room_code) is None:
                raise DomainError(Problem(ROOM_NOT_FOUND, "room", {"session": session_code, "room": room_code}))
            seated = seated_by_room(session, row.id).get(room_code, 0)
            refused = removal_refused(room_code, seated, printed_by_room(session, session_code).get(room_code, 0))
            if refused is not None:
                raise DomainError(refused)
            venues = [VenueSpec(v.code, v.name, v.address, tuple(r for r in v.rooms if r.code != room_code))
                      for v in spec.venues]
            return self._write_rooms(session, row, spec, venues, actor, "exam_room.remove", room_code, {})

    def record_printed_notices(self, session_code: str, *, actor: SignedIn, kind: str = "pdf") -> dict[str, int]:
        """Note that the session's notices were just written for printing, with how many name each room.

        Counts what :func:`learncenter.services.exam_notices.notices` prints: seats whose candidate has
        a current record of the term with a standard photo.
        """
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.EXAMS)
            row = _session_row(session, session_code)
            rooms = {str(code): int(count) for code, count in session.execute(
                select(SeatAssignment.room_code, func.count(distinct(SeatAssignment.id)))
                .join(Record, and_(Record.id_number == SeatAssignment.id_number, Record.is_current.is_(True),
                                   Record.term == row.term))
                .where(SeatAssignment.session_id == row.id, Record.photo_sha256.is_not(None))
                .group_by(SeatAssignment.room_code))}
            AuditTrail(session).append(actor=by, action=NOTICES_PRINTED, entity="exam_session",
                                       entity_id=session_code, at=now,
                                       details={"kind": kind, "notices": sum(rooms.values()), "rooms": rooms})
        return rooms

    def _open_rooms(self, session: Session, session_code: str, venue_code: str | None,
                    actor: SignedIn) -> tuple[ExamSession, SessionSpec]:
        require(session, actor, Permission.EXAMS)
        row = _session_row(session, session_code)
        spec = _spec_of(session, row)
        if venue_code is not None and venue_code not in {v.code for v in spec.venues}:
            raise DomainError(Problem(VENUE_NOT_FOUND, "venue", {"session": session_code, "venue": venue_code}))
        return row, spec

    def _write_rooms(self, session: Session, row: ExamSession, spec: SessionSpec, venues: list[VenueSpec],
                     actor: SignedIn, action: str, room_code: str, details: dict[str, Any]) -> SessionSpec:
        """Check the edited definition by the rules of a session file, bring the room rows to it (rooms
        that stay keep their rows) and audit the one room's before and after.
        """
        checked = edited(spec, venues)
        now = self._now()
        venue_ids = {v.code: v.id for v in session.scalars(select(ExamVenue).where(ExamVenue.session_id == row.id))}
        rows = {r.code: r for r in session.scalars(select(ExamRoom).where(ExamRoom.session_id == row.id))}
        wanted = {r.code: (v.code, r) for v in checked.venues for r in v.rooms}
        for code in rows.keys() - wanted.keys():
            session.delete(rows[code])
        session.flush()
        for code, (venue_code, room) in wanted.items():
            room_row = rows.get(code) or ExamRoom(session_id=row.id, code=code)
            room_row.venue_id, room_row.name, room_row.capacity = venue_ids[venue_code], room.name, room.capacity
            room_row.layout_columns, room_row.seats_kept_free = room.layout_columns, room.seats_kept_free
            session.add(room_row)
        row.updated_at = now
        before, after = _room_json(located(spec, room_code)), _room_json(located(checked, room_code))
        AuditTrail(session).append(actor=actor.name, action=action, entity="exam_session", entity_id=row.code, at=now,
                                   before=before, after=after,
                                   details={"room": room_code, "before": before, "after": after, **details})
        return checked

    def session_spec(self, code: str) -> SessionSpec:
        with self._db.session() as session:
            return _spec_of(session, _session_row(session, code))

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
            seated = seated_by_room(session, row.id)
            rooms = session.execute(
                select(ExamRoom, ExamVenue).join(ExamVenue, ExamRoom.venue_id == ExamVenue.id)
                .where(ExamRoom.session_id == row.id)).all()
            printed = printed_by_room(session, row.code)
            statuses = [RoomStatus(venue.code, venue.name, room.code, room.name, room.capacity,
                                   room.seats_kept_free, room.layout_columns, int(seated.get(room.code, 0)),
                                   printed.get(room.code, 0))
                        for room, venue in rooms]
        order = {r.room_id: i for i, r in enumerate(assign_seats((), [_room(s) for s in statuses]).rooms)}
        return sorted(statuses, key=lambda s: order[s.code])

    def free_seats(self, code: str) -> dict[str, int]:
        return {room.code: room.free for room in self.rooms(code)}

    # -- seating --------------------------------------------------------------------------

    def assign(self, session_code: str, rules: SeatRules = SeatRules(), *, preview: bool, actor: SignedIn,
               keep_free: int | None = None) -> SeatingPlan:
        """Seat the session's confirmed candidates, keeping every seat already given.

        ``keep_free`` overrides every room's seats kept free for this run. With ``preview`` the
        plan is computed exactly as a save would, and nothing is written.
        """
        if keep_free is not None and keep_free < 0:
            raise DomainError(Problem(BAD_KEEP_FREE, "keep_free", {"value": keep_free}))
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.EXAMS)
            row = _session_row(session, session_code)
            subjects = session.scalars(select(ExamSubject.subject).where(ExamSubject.session_id == row.id)).all()
            candidates = _candidates(session, row.term, subjects)
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
            self._save(session, row, plan, held, {r.id: r for r in candidates}, rules, keep_free, by, now)
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


def _candidates(session: Session, term: str, subjects: Sequence[str]) -> list[Record]:
    """Current versions, sealed as confirmed (or further on), of the session's term, who sit at
    least one of its subjects (a candidate exempt from all of them takes no seat)."""
    records = session.scalars(select(Record).where(
        Record.is_current.is_(True), Record.term == term,
        Record.state.in_([s.value for s in SEATED_STATES]))).all()
    return [r for r in records if not r.exemptions or sits(r.exemptions, subjects)]


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


def _spec_of(session: Session, row: ExamSession) -> SessionSpec:
    subjects = tuple(SubjectSlot(s.subject, s.day, s.start, s.end) for s in session.scalars(
        select(ExamSubject).where(ExamSubject.session_id == row.id)
        .order_by(ExamSubject.day, ExamSubject.start, ExamSubject.id)))
    venues = []
    for venue in session.scalars(select(ExamVenue).where(ExamVenue.session_id == row.id).order_by(ExamVenue.id)):
        rooms = tuple(RoomSpec(r.code, r.name, r.capacity, r.layout_columns, r.seats_kept_free)
                      for r in session.scalars(select(ExamRoom).where(ExamRoom.venue_id == venue.id)
                                               .order_by(ExamRoom.id)))
        venues.append(VenueSpec(venue.code, venue.name, venue.address, rooms))
    return SessionSpec(row.code, row.name, row.exam_category, row.term, subjects, tuple(venues))


def _room_json(located: tuple[str, RoomSpec] | None) -> dict[str, Any] | None:
    return None if located is None else {"venue": located[0], **asdict(located[1])}
