"""Rooms that candidates hold paper for are guarded by the service itself, on a real database:
a code in use is never taken over, a room with seats or printed notices is not removed, and a
room whose notices are printed changes only when the administrator was told."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from exam_fixtures import accepted_without_photo, confirmed, session_spec
from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.services.exam_definitions import RoomSpec
from learncenter.services.exam_room_guards import removal_refused
from learncenter.store.figures import NOTICES_PRINTED
from learncenter.store.models import AuditEntry
from actors import sign_in_as

CODE = "2026A-01"
TWO_VENUES = [{"code": "V1", "name": "第一考点", "address": "学院路 1 号",
               "rooms": [{"code": "R1", "name": "101 教室", "capacity": 4},
                         {"code": "R2", "name": "102 教室", "capacity": 3, "layout_columns": 2}]},
              {"code": "V2", "name": "第二考点", "address": "学院路 2 号", "rooms": []}]


def _audit(ctx: AppContext, prefix: str = "exam_room.") -> list[tuple[str, str, dict[str, Any]]]:
    with ctx.db.session() as session:
        rows = session.execute(select(AuditEntry.action, AuditEntry.actor, AuditEntry.details)
                               .where(AuditEntry.action.startswith(prefix)).order_by(AuditEntry.seq)).all()
    return [(action, actor, details) for action, actor, details in rows]


def _rooms(ctx: AppContext) -> dict[str, tuple[str, int, int, int]]:
    """room code -> (name, capacity, seated, notices printed)."""
    return {r.code: (r.name, r.capacity, r.seated, r.notices_printed) for r in ctx.exams.rooms(CODE)}


@pytest.fixture
def session(ctx: AppContext) -> AppContext:
    ctx.exams.save_session(session_spec(venues=TWO_VENUES), actor=sign_in_as(ctx.users, "admin"))
    return ctx


def test_adding_a_code_in_use_is_refused_and_never_renames_the_room(session: AppContext) -> None:
    for venue in ("V1", "V2"):  # the code is unique in the whole session, whichever venue asks
        with pytest.raises(DomainError) as caught:
            session.exams.add_room(CODE, venue, RoomSpec("R1", "新考场", 30), actor=sign_in_as(session.users, "admin"))
        assert caught.value.problem.code == "exams.room_code_taken" and caught.value.problem.field == "code"
    assert "考场编号“R1”已被考点“第一考点”的考场“101 教室”使用" in caught.value.text("zh")
    assert "修改考场" in caught.value.text("zh") and "换一个编号" in caught.value.text("zh")
    assert "Room code 'R1' is already used by room '101 教室'" in caught.value.text("en")
    assert "choose Change room" in caught.value.text("en") and "another code" in caught.value.text("en")
    assert _rooms(session)["R1"] == ("101 教室", 4, 0, 0) and len(_rooms(session)) == 2
    assert _audit(session) == []  # nothing happened, so nothing is audited


def test_add_change_and_remove_are_audited_with_who_did_it(session: AppContext) -> None:
    session.exams.add_room(CODE, "V2", RoomSpec("R3", "201 教室", 10, 5, 1), actor=sign_in_as(session.users, "admin"))
    second = sign_in_as(session.users, "admin2")
    session.exams.change_room(CODE, "V2", RoomSpec("R3", "202 教室", 12, 5, 1), actor=second)
    session.exams.change_room(CODE, "V2", RoomSpec("R3", "202 教室", 12, 5, 1), actor=second)  # no change
    assert _rooms(session)["R3"] == ("202 教室", 12, 0, 0)
    assert [r.venue_code for r in session.exams.rooms(CODE) if r.code == "R3"] == ["V2"]
    session.exams.remove_room(CODE, "R3", actor=sign_in_as(session.users, "admin"))
    assert sorted(_rooms(session)) == ["R1", "R2"]
    audit = _audit(session)
    assert [(action, actor) for action, actor, _ in audit] == [
        ("exam_room.add", "admin"), ("exam_room.change", "admin2"), ("exam_room.remove", "admin")]
    change = audit[1][2]
    assert change["room"] == "R3" and change["before"]["name"] == "201 教室" and change["after"]["name"] == "202 教室"
    assert audit[2][2]["before"]["venue"] == "V2" and audit[2][2]["after"] is None
    with pytest.raises(DomainError) as refused:  # a supervisor may not change the rooms
        session.exams.remove_room(CODE, "R2", actor=sign_in_as(session.users, "boss"))
    assert refused.value.problem.code == "auth.not_permitted"
    assert "R2" in _rooms(session)


def test_unknown_rooms_and_venues_and_broken_values_are_refused(session: AppContext) -> None:
    with pytest.raises(DomainError) as caught:
        session.exams.change_room(CODE, "V1", RoomSpec("R9", "", 4), actor=sign_in_as(session.users, "admin"))
    assert caught.value.problem.code == "exams.room_not_found"
    with pytest.raises(DomainError) as caught:
        session.exams.add_room(CODE, "V9", RoomSpec("R4", "", 4), actor=sign_in_as(session.users, "admin"))
    assert "没有考点“V9”" in caught.value.text()
    with pytest.raises(DomainError) as caught:
        session.exams.change_room(CODE, "V1", RoomSpec("R1", "101 教室", 4, None, 9), actor=sign_in_as(session.users, "admin"))
    assert caught.value.problem.code == "exams.kept_free_too_many"
    with pytest.raises(DomainError):
        session.exams.remove_room(CODE, "R9", actor=sign_in_as(session.users, "admin"))


def test_a_room_with_seats_is_kept_until_it_is_emptied_the_way_the_refusal_says(session: AppContext) -> None:
    confirmed(session, range(1, 6))  # R1 takes four, R2 one
    session.exams.assign(CODE, preview=False, actor=sign_in_as(session.users, "admin"))
    with pytest.raises(DomainError) as caught:
        session.exams.remove_room(CODE, "R2", actor=sign_in_as(session.users, "admin"))
    assert caught.value.problem.code == "exams.room_has_seats"
    assert "考场“R2”已编排 1 名考生，不能删除" in caught.value.text("zh")
    assert "1 candidates are seated there" in caught.value.text("en") and "seats kept free" in caught.value.text("en")
    # what the sentence says to do: keep all of its seats free, assign again, then remove it
    session.exams.add_room(CODE, "V1", RoomSpec("R3", "103 教室", 5), actor=sign_in_as(session.users, "admin"))
    session.exams.change_room(CODE, "V1", RoomSpec("R2", "102 教室", 3, 2, 3), actor=sign_in_as(session.users, "admin"))
    plan = session.exams.assign(CODE, preview=False, actor=sign_in_as(session.users, "admin"))
    assert [p.code for p in plan.problems] == ["seating.seat_lost"]
    assert _rooms(session)["R2"][2] == 0 and _rooms(session)["R3"][2] == 1
    session.exams.remove_room(CODE, "R2", actor=sign_in_as(session.users, "admin"))
    assert sorted(_rooms(session)) == ["R1", "R3"]


def test_printed_notices_keep_the_room_and_a_change_needs_the_administrators_yes(session: AppContext) -> None:
    confirmed(session, range(1, 6))
    accepted_without_photo(session, 40)  # seated in R2, but gets no notice
    session.exams.assign(CODE, preview=False, actor=sign_in_as(session.users, "admin"))
    assert [(r.code, r.seated, r.notices_printed) for r in session.exams.rooms(CODE)] == [("R1", 4, 0), ("R2", 2, 0)]
    assert session.exams.record_printed_notices(CODE, actor=sign_in_as(session.users, "admin")) == {"R1": 4, "R2": 1}
    assert [(r.code, r.notices_printed) for r in session.exams.rooms(CODE)] == [("R1", 4), ("R2", 1)]
    [(action, actor, details)] = _audit(session, NOTICES_PRINTED)
    assert (actor, details["kind"], details["notices"]) == ("admin", "pdf", 5)

    with pytest.raises(DomainError) as caught:
        session.exams.remove_room(CODE, "R2", actor=sign_in_as(session.users, "admin"))
    assert caught.value.problem.code == "exams.room_notices_out"
    assert "写有该考场的准考证已打印 1 份，现有 2 名考生编排在此" in caught.value.text("zh")
    assert "1 admission notices naming it were printed" in caught.value.text("en")

    renamed = RoomSpec("R1", "实验楼 301", 4)
    with pytest.raises(DomainError) as caught:
        session.exams.change_room(CODE, "V1", renamed, actor=sign_in_as(session.users, "admin"))
    assert caught.value.problem.code == "exams.room_change_after_printing"
    assert "考场“R1”的准考证已打印 4 份" in caught.value.text("zh") and "reprint" in caught.value.text("en")
    with pytest.raises(DomainError):
        session.exams.put_room(CODE, "V1", renamed, actor=sign_in_as(session.users, "admin"))  # the older entry point is guarded too
    assert _rooms(session)["R1"][0] == "101 教室"
    session.exams.change_room(CODE, "V1", RoomSpec("R1", "101 教室", 4), actor=sign_in_as(session.users, "admin"))  # unchanged: no question
    session.exams.change_room(CODE, "V1", renamed, actor=sign_in_as(session.users, "admin"), despite_printed=True)
    assert _rooms(session)["R1"] == ("实验楼 301", 4, 4, 4)
    [(_action, _actor, change)] = _audit(session)
    assert change["notices_printed"] == 4 and change["before"]["name"] == "101 教室"


def test_the_printed_count_is_the_largest_run_and_empty_rooms_stay_free(session: AppContext) -> None:
    confirmed(session, range(1, 4))  # three: all in R1
    session.exams.assign(CODE, preview=False, actor=sign_in_as(session.users, "admin"))
    session.exams.record_printed_notices(CODE, actor=sign_in_as(session.users, "admin"), kind="files")
    confirmed(session, range(4, 7))  # three more: one fills R1, two go to R2
    session.exams.assign(CODE, preview=False, actor=sign_in_as(session.users, "admin"))
    session.exams.record_printed_notices(CODE, actor=sign_in_as(session.users, "admin"))
    assert [(r.code, r.notices_printed) for r in session.exams.rooms(CODE)] == [("R1", 4), ("R2", 2)]
    session.exams.add_room(CODE, "V2", RoomSpec("R3", "", 5), actor=sign_in_as(session.users, "admin"))
    assert _rooms(session)["R3"] == ("R3", 5, 0, 0)  # the name defaults to the code, as in a file
    session.exams.remove_room(CODE, "R3", actor=sign_in_as(session.users, "admin"))


def test_the_removal_rule_the_page_asks_before_calling() -> None:
    assert removal_refused("R1", 0, 0) is None
    seats = removal_refused("R1", 3, 0)
    assert seats is not None and seats.params == {"room": "R1", "seated": 3}
    printed = removal_refused("R1", 0, 2)
    assert printed is not None and printed.code == "exams.room_notices_out"
