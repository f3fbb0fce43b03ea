"""What the admission notices and room lists of a session show, read from the store.

Builds plain :class:`NoticeData` (the documents package renders it, possibly in worker processes)
in seat order: room fill order, then seat. A candidate without a standard photo gets no notice
(DOMAIN §6): they are returned separately so the administrator sees whom to photograph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from learncenter.documents.notice_data import NoticeData, SubjectSlot
from learncenter.domain import codes
from learncenter.domain.exemptions import exemption_kind, is_exempt, kind_label, sits
from learncenter.domain.identity_documents import document_words
from learncenter.domain.messages import define, render
from learncenter.domain.seating import natural_key
from learncenter.services.exams import ExamService
from learncenter.store import device_key, settings
from learncenter.store.database import Database
from learncenter.store.exam_models import ExamRoom, ExamSession, ExamVenue, SeatAssignment
from learncenter.store.models import Record

if TYPE_CHECKING:
    from learncenter.documents.notice_qr import TrustedKey

NOTICE_RULES = "notice_rules"  # settings: the candidate rules, one paragraph per line

DEFAULT_RULES = (
    define("exams.rule.documents", zh="考生凭本准考证和本人有效居民身份证参加考试，二者缺一不得入场。",
           en="Bring this notice and your valid resident ID card; without both you cannot enter."),
    define("exams.rule.arrival", zh="考试开始前 30 分钟凭证入场，按准考证上的考场和座位号就座；开考 15 分钟后不得入场。",
           en="Enter 30 minutes before the start and sit at the room and seat printed here; no entry "
              "later than 15 minutes after the start."),
    define("exams.rule.items", zh="除规定的文具外，不得携带手机等任何通讯或电子设备进入考场。",
           en="Apart from the permitted stationery, no phone or other electronic device may be brought in."),
    define("exams.rule.keep", zh="请妥善保管本准考证，考试结束后仍需使用。准考证上的二维码可供核验真伪。",
           en="Keep this notice after the exam. The QR code on it lets anyone check that it is genuine."),
)


@dataclass(frozen=True)
class RefusedNotice:
    """A seated candidate whose notice cannot be printed, and why (no photo)."""

    notice_number: str
    name: str
    id_number: str
    record_id: str


@dataclass(frozen=True)
class RoomRoster:
    """The candidates of one room in seat order; field for field ``documents.room_documents.RoomSheetData``."""

    session_name: str
    venue_name: str
    room: str
    subjects: tuple[SubjectSlot, ...]
    rows: tuple[NoticeData, ...]


def notices(db: Database, exams: ExamService, session_code: str) -> tuple[list[NoticeData], list[RefusedNotice]]:
    """The printable notices of a session in seat order, and the seated candidates refused."""
    spec = exams.session_spec(session_code)
    order = {room.code: i for i, room in enumerate(exams.rooms(session_code))}  # fill order
    with db.session() as session:
        row = session.scalars(select(ExamSession).where(ExamSession.code == session_code)).one()
        center_name = settings.get(session, settings.CENTER_NAME)
        rules_text = settings.get(session, NOTICE_RULES)
        rooms = {room.code: (room, venue) for room, venue in session.execute(
            select(ExamRoom, ExamVenue).join(ExamVenue, ExamRoom.venue_id == ExamVenue.id)
            .where(ExamRoom.session_id == row.id))}
        seats = session.scalars(select(SeatAssignment).where(SeatAssignment.session_id == row.id)).all()
        current = {r.id_number: r for r in session.scalars(select(Record).where(
            Record.is_current.is_(True), Record.term == row.term,
            Record.id_number.in_([s.id_number for s in seats])))} if seats else {}
    rules = tuple(line.strip() for line in rules_text.splitlines() if line.strip()) or tuple(
        render(code) for code in DEFAULT_RULES)
    printable: list[NoticeData] = []
    refused: list[RefusedNotice] = []
    for seat in sorted(seats, key=lambda s: (order.get(s.room_code, len(order)), natural_key(s.room_code),
                                             natural_key(s.seat))):
        record = current.get(seat.id_number)
        if record is None:
            continue  # withdrawn since the last run; the next run releases the seat
        if record.photo_sha256 is None:
            refused.append(RefusedNotice(seat.notice_number, record.name, record.id_number, record.id))
            continue
        if not sits(record.exemptions, [s.subject for s in spec.subjects]):
            continue  # exempt from every subject since seated; the next run releases the seat
        room, venue = rooms.get(seat.room_code, (None, None))
        sat = tuple(s for s in spec.subjects if not is_exempt(record.exemptions, s.subject))
        exempt = tuple((s.subject, kind_label(exemption_kind(record.exemptions, s.subject)))
                       for s in spec.subjects if s not in sat)
        printable.append(NoticeData(
            notice_number=seat.notice_number, name=record.name,
            gender=codes.gender_label(record.gender) or record.gender,
            id_number=document_words(record.id_number),  # another document: its name before the number
            photo_jpeg=db.blobs.get(record.photo_sha256), level=codes.level_label(record.level) or record.level,
            major=record.major_name, exam_category=spec.exam_category, center_name=center_name,
            session_code=spec.code, session_name=spec.name,
            venue_name=venue.name if venue else "", venue_address=venue.address if venue else "",
            room=room.name if room else seat.room_code, seat=seat.seat, subjects=sat, rules=rules,
            record_id=record.id, exempt=exempt,
        ))
    return printable, refused


def room_rosters(db: Database, exams: ExamService, session_code: str) -> list[RoomRoster]:
    """The printable notices grouped by room, rooms in fill order, for sign-in sheets and door lists."""
    printable, _refused = notices(db, exams, session_code)
    return rosters_of(printable, session_code)


def rosters_of(printable: list[NoticeData], session_code: str) -> list[RoomRoster]:
    """:func:`room_rosters` of notices already read (a caller that also lists the refused reads once)."""
    rosters: dict[tuple[str, str], list[NoticeData]] = {}
    for notice in printable:
        rosters.setdefault((notice.venue_name, notice.room), []).append(notice)
    first = printable[0] if printable else None
    return [RoomRoster(first.session_name if first else session_code, venue, room, _sat_in(rows), tuple(rows))
            for (venue, room), rows in rosters.items()]


def _sat_in(notices: list[NoticeData]) -> tuple[SubjectSlot, ...]:
    """The subjects someone in the room sits, in timetable order (a subject every one of them is
    exempt from is not held there)."""
    slots = {slot for notice in notices for slot in notice.subjects}
    return tuple(sorted(slots, key=lambda s: (s.day, s.start, s.subject)))


def exam_site_keys(db: Database) -> list[TrustedKey]:
    """The public keys an exam site needs to check this center's notices, named by the center
    code the registry gave at enrollment (the database's id before that).

    Every key the center has used is included, so notices signed before a rotation still verify.
    """
    from learncenter.documents.notice_qr import TrustedKey  # reportlab comes with it: not at window build

    device_key.current_key(db)  # the first export creates the key, as the first notice would
    with db.session() as session:
        center_name = settings.get(session, settings.CENTER_NAME)
        center_id = settings.get(session, settings.ENROLLED_CENTER_ID) or db.database_id
        keys = device_key.public_keys(session)
    return [TrustedKey(k.key_id, k.public_raw, center_id, center_name) for k in keys]
