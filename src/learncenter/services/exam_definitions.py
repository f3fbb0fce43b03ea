"""Reading an exam session definition: the JSON the registry sends down, or one written here.

The same shape serves both (``{"code","name","exam_category","subjects":[...],"venues":[...]}``)
so that an administrator without a registry defines a session exactly as one would arrive. All
problems of a definition are reported at once, each naming the row, so a file is fixed in one go.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, time
from typing import Any

from learncenter.documents.notice_data import SubjectSlot
from learncenter.domain.messages import DomainError, Problem, define

MISSING = define("exams.field_missing", zh="{where_zh}：缺少“{field}”，请填写",
                 en="{where_en}: '{field}' is missing; fill it in")
TOO_LONG = define("exams.field_too_long", zh="{where_zh}：“{field}”最多 {limit} 个字符",
                  en="{where_en}: '{field}' can have at most {limit} characters")
BAD_DATE = define("exams.bad_date", zh="{where_zh}：日期“{value}”无法识别，请写成 2026-04-18 这样的格式",
                  en="{where_en}: the date '{value}' is not understood; write it like 2026-04-18")
BAD_TIME = define("exams.bad_time", zh="{where_zh}：时间“{value}”无法识别，请写成 09:00 这样的格式",
                  en="{where_en}: the time '{value}' is not understood; write it like 09:00")
END_BEFORE_START = define("exams.end_before_start", zh="{where_zh}：结束时间 {end} 必须晚于开始时间 {start}",
                          en="{where_en}: the end {end} must be after the start {start}")
BAD_NUMBER = define("exams.bad_number", zh="{where_zh}：“{field}”应为 {low} 或更大的整数，而不是“{value}”",
                    en="{where_en}: '{field}' must be a whole number of {low} or more, not '{value}'")
KEPT_FREE_TOO_MANY = define(
    "exams.kept_free_too_many", zh="{where_zh}：预留空座 {kept} 个，不能超过座位数 {capacity}",
    en="{where_en}: {kept} seats kept free cannot exceed the {capacity} seats",
)
DUPLICATE_CODE = define("exams.duplicate_code", zh="{what_zh}编号“{code}”重复：每个{what_zh}的编号必须不同",
                        en="{what_en} code '{code}' is used more than once: each needs its own code")
ROOM_CODE_TAKEN = define(
    "exams.room_code_taken",
    zh="考场编号“{room}”已被考点“{venue}”的考场“{name}”使用，不能再添加：要修改这个考场，请选中它后点“修改考场”；"
       "要添加新考场，请换一个编号",
    en="Room code '{room}' is already used by room '{name}' of venue '{venue}', so it cannot be added: to change "
       "that room, select it and choose Change room; to add a new room, give it another code")
NOT_A_SESSION = define("exams.not_a_session", zh="考试安排文件应是一个 JSON 对象（含 code、name、subjects、venues）",
                       en="An exam session file must be one JSON object (with code, name, subjects, venues)")

_WHERE = {
    "session": ("考试安排", "exam session"),
    "subject": ("第 {n} 个科目", "subject {n}"),
    "venue": ("第 {n} 个考点", "venue {n}"),
    "room": ("考点“{venue}”的第 {n} 个考场", "room {n} of venue '{venue}'"),
}


@dataclass(frozen=True)
class RoomSpec:
    code: str
    name: str
    capacity: int
    layout_columns: int | None = None
    seats_kept_free: int = 0


@dataclass(frozen=True)
class VenueSpec:
    code: str
    name: str
    address: str
    rooms: tuple[RoomSpec, ...] = ()


@dataclass(frozen=True)
class SessionSpec:
    code: str
    name: str
    exam_category: str
    term: str
    subjects: tuple[SubjectSlot, ...] = ()
    venues: tuple[VenueSpec, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The down-sync shape (plus ``term``), e.g. for a file an administrator edits."""
        return {
            "code": self.code, "name": self.name, "exam_category": self.exam_category, "term": self.term,
            "subjects": [{"subject": s.subject, "day": s.day.isoformat(), "start": s.start.strftime("%H:%M"),
                          "end": s.end.strftime("%H:%M")} for s in self.subjects],
            "venues": [{"code": v.code, "name": v.name, "address": v.address,
                        "rooms": [{"code": r.code, "name": r.name, "capacity": r.capacity,
                                   "layout_columns": r.layout_columns, "seats_kept_free": r.seats_kept_free}
                                  for r in v.rooms]} for v in self.venues],
        }


class _Reader:
    """Collects problems while reading, so one pass reports every mistake of the file."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def where(self, kind: str, **params: object) -> dict[str, str]:
        zh, en = _WHERE[kind]
        return {"where_zh": zh.format(**params), "where_en": en.format(**params)}

    def _add(self, code: str, where: dict[str, str], /, **params: object) -> None:
        """A problem whose ``field`` param (the JSON key) is also the problem's field."""
        self.problems.append(Problem(code, str(params.get("field", "")) or None, {**params, **where}))

    def text(self, data: Mapping[str, Any], field: str, where: dict[str, str], limit: int,
             *, required: bool = True) -> str:
        value = str(data.get(field) or "").strip()
        if required and not value:
            self._add(MISSING, where, field=field)
        elif len(value) > limit:
            self._add(TOO_LONG, where, field=field, limit=limit)
        return value

    def number(self, data: Mapping[str, Any], field: str, where: dict[str, str], low: int,
               *, optional: bool = False) -> int | None:
        raw = data.get(field)
        if raw is None or raw == "":
            if optional:
                return None
            self._add(MISSING, where, field=field)
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | str) or not str(raw).strip().isdigit() \
                or int(raw) < low:
            self._add(BAD_NUMBER, where, field=field, low=low, value=raw)
            return None
        return int(raw)

    def day(self, data: Mapping[str, Any], where: dict[str, str]) -> date | None:
        raw = str(data.get("day") or "").strip()
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self._add(BAD_DATE, where, field="day", value=raw)
            return None

    def clock(self, data: Mapping[str, Any], field: str, where: dict[str, str]) -> time | None:
        raw = str(data.get(field) or "").strip()
        try:
            return time.fromisoformat(raw if len(raw) != 4 else f"0{raw}")
        except ValueError:
            self._add(BAD_TIME, where, field=field, value=raw)
            return None

    def duplicates(self, what: str, codes: list[str]) -> None:
        what_zh, what_en = {"venue": ("考点", "Venue"), "room": ("考场", "Room")}[what]
        for code, count in Counter(codes).items():
            if code and count > 1:
                self.problems.append(Problem(DUPLICATE_CODE, "code",
                                             {"what_zh": what_zh, "what_en": what_en, "code": code}))


def parse_session(data: object, *, term: str | None = None) -> SessionSpec:
    """Read a session definition; raise :class:`DomainError` listing every problem found.

    ``term`` (the enrolment term whose candidates sit this session) overrides the file's
    ``"term"``; the registry's shape leaves it out, so whoever stores the session supplies it.
    """
    if not isinstance(data, Mapping):
        raise DomainError(Problem(NOT_A_SESSION, None))
    reader = _Reader()
    top = reader.where("session")
    code = reader.text(data, "code", top, 32)
    name = reader.text(data, "name", top, 100)
    category = reader.text(data, "exam_category", top, 64)
    term_value = reader.text({"term": term if term is not None else data.get("term")}, "term", top, 32)
    subjects: list[SubjectSlot] = []
    for n, raw in enumerate(_rows(data.get("subjects")), start=1):
        where = reader.where("subject", n=n)
        subject = reader.text(raw, "subject", where, 100)
        day, start, end = reader.day(raw, where), reader.clock(raw, "start", where), reader.clock(raw, "end", where)
        if start is not None and end is not None and end <= start:
            reader.problems.append(Problem(END_BEFORE_START, "end", {
                **where, "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}))
        if subject and day and start and end:
            subjects.append(SubjectSlot(subject, day, start, end))
    venues: list[VenueSpec] = []
    room_codes: list[str] = []
    for n, raw in enumerate(_rows(data.get("venues")), start=1):
        where = reader.where("venue", n=n)
        venue_code = reader.text(raw, "code", where, 32)
        rooms: list[RoomSpec] = []
        for m, raw_room in enumerate(_rows(raw.get("rooms")), start=1):
            room_where = reader.where("room", n=m, venue=venue_code or str(n))
            room_code = reader.text(raw_room, "code", room_where, 32)
            room_codes.append(room_code)
            room_name = reader.text(raw_room, "name", room_where, 100, required=False) or room_code
            capacity = reader.number(raw_room, "capacity", room_where, 1)
            columns = reader.number(raw_room, "layout_columns", room_where, 1, optional=True)
            kept = reader.number(raw_room, "seats_kept_free", room_where, 0, optional=True) or 0
            if capacity is not None and kept > capacity:
                reader.problems.append(Problem(KEPT_FREE_TOO_MANY, "seats_kept_free", {
                    **room_where, "kept": kept, "capacity": capacity}))
            if room_code and capacity is not None:
                rooms.append(RoomSpec(room_code, room_name, capacity, columns, min(kept, capacity)))
        venues.append(VenueSpec(venue_code, reader.text(raw, "name", where, 100),
                                reader.text(raw, "address", where, 200), tuple(rooms)))
    reader.duplicates("venue", [v.code for v in venues])
    reader.duplicates("room", room_codes)
    if reader.problems:
        raise DomainError(*reader.problems)
    return SessionSpec(code, name, category, term_value, tuple(sorted(subjects, key=_slot_key)), tuple(venues))


def _slot_key(slot: SubjectSlot) -> tuple[date, time, str]:
    return slot.day, slot.start, slot.subject


def _rows(value: object) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        return []
    return [row for row in value if isinstance(row, Mapping)]


# -- editing one room of a definition --------------------------------------------------------


def room_code_taken(spec: SessionSpec, code: str) -> Problem | None:
    """Why a new room cannot have ``code``: the session has a room with it (None: the code is free)."""
    for venue in spec.venues:
        for room in venue.rooms:
            if room.code == code:
                return Problem(ROOM_CODE_TAKEN, "code", {"room": code, "name": room.name, "venue": venue.name})
    return None


def located(spec: SessionSpec, room_code: str) -> tuple[str, RoomSpec] | None:
    """The venue code and definition of the room with ``room_code``."""
    return next(((v.code, r) for v in spec.venues for r in v.rooms if r.code == room_code), None)


def with_room(spec: SessionSpec, venue_code: str, room: RoomSpec) -> list[VenueSpec]:
    """The venues with ``room`` in ``venue_code``: in its place if it is there already, else last."""
    venues = []
    for venue in spec.venues:
        rooms = tuple(r for r in venue.rooms if r.code != room.code)
        if venue.code == venue_code:
            rooms = tuple(room if r.code == room.code else r for r in venue.rooms) \
                if any(r.code == room.code for r in venue.rooms) else (*rooms, room)
        venues.append(VenueSpec(venue.code, venue.name, venue.address, rooms))
    return venues


def edited(spec: SessionSpec, venues: list[VenueSpec]) -> SessionSpec:
    """``spec`` with ``venues``, read back by the rules of a session file (so an edit is checked as a file is)."""
    return parse_session(replace(spec, venues=tuple(venues)).as_json())
