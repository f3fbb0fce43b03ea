"""What keeps a room's paper true: candidates hold admission notices that name their room, so a room
with seats given or notices printed is not removed, and a printed room changes only when the
administrator was told. Printing is known from the audit log (:data:`NOTICES_PRINTED` entries name
the rooms and how many notices named each)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learncenter.domain.messages import Problem, define
from learncenter.store.exam_models import SeatAssignment
from learncenter.store.figures import NOTICES_PRINTED  # audit action; details["rooms"]: room code -> notices printed
from learncenter.store.models import AuditEntry

ROOM_HAS_SEATS = define(
    "exams.room_has_seats",
    zh="考场“{room}”已编排 {seated} 名考生，不能删除：如要腾空该考场，先把它的预留空座设为全部座位数并重新保存编排"
       "（这些考生会被编排到其他考场），再删除它",
    en="Room '{room}' cannot be removed: {seated} candidates are seated there. To empty it, set its seats kept "
       "free to all its seats and save the seat assignment again (they move to other rooms), then remove it")
ROOM_NOTICES_OUT = define(
    "exams.room_notices_out",
    zh="考场“{room}”不能删除：写有该考场的准考证已打印 {printed} 份，现有 {seated} 名考生编排在此。请保留该考场；"
       "如该考场无法使用，请把它修改为替代的考场（名称、考点），再重新打印这些准考证",
    en="Room '{room}' cannot be removed: {printed} admission notices naming it were printed, and {seated} "
       "candidates are seated there. Keep the room; if it cannot be used, change it into the room that replaces "
       "it (name, venue) and reprint those notices")
ROOM_CHANGE_AFTER_PRINTING = define(
    "exams.room_change_after_printing",
    zh="考场“{room}”的准考证已打印 {printed} 份，上面是它原来的信息：请确认修改，修改后重新打印该考场的准考证",
    en="{printed} admission notices printed for room '{room}' show its old details: confirm the change, and "
       "reprint that room's notices after it")


def removal_refused(room_code: str, seated: int, notices_printed: int) -> Problem | None:
    """Why a room cannot be removed (None: it is empty and no notice names it)."""
    if notices_printed:
        return Problem(ROOM_NOTICES_OUT, "room", {"room": room_code, "printed": notices_printed, "seated": seated})
    if seated:
        return Problem(ROOM_HAS_SEATS, "room", {"room": room_code, "seated": seated})
    return None


def seated_by_room(session: Session, session_id: int) -> dict[str, int]:
    return {str(code): int(count) for code, count in session.execute(
        select(SeatAssignment.room_code, func.count()).where(SeatAssignment.session_id == session_id)
        .group_by(SeatAssignment.room_code))}


def printed_by_room(session: Session, session_code: str) -> dict[str, int]:
    """Room code -> the most notices naming it that one printing run of the session wrote."""
    printed: dict[str, int] = {}
    for details in session.scalars(select(AuditEntry.details).where(
            AuditEntry.entity_id == session_code, AuditEntry.entity == "exam_session",
            AuditEntry.action == NOTICES_PRINTED)):
        for code, count in dict(details.get("rooms") or {}).items():
            printed[code] = max(printed.get(code, 0), int(count))
    return printed
