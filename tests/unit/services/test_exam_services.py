"""Exam sessions and seat assignment through the services, on a real encrypted database."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from exam_fixtures import accepted_without_photo, confirmed, id_number, session_json, session_spec
from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.domain.seating import SeatRules
from learncenter.services import exam_notices
from learncenter.services.exam_definitions import parse_session
from learncenter.services.exams import ExamService
from learncenter.services.notice_numbers import LOCAL_FIRST, NumberBlock, local_block
from learncenter.store.exam_models import SeatAssignment
from learncenter.store.models import AuditEntry
from actors import sign_in_as


def _seats(ctx: AppContext) -> dict[str, tuple[str, str, str]]:
    """id_number -> (room, seat, notice number), as stored."""
    with ctx.db.session() as session:
        return {a.id_number: (a.room_code, a.seat, a.notice_number) for a in session.scalars(select(SeatAssignment))}


def test_a_definition_with_mistakes_reports_every_one_naming_the_row() -> None:
    bad = session_json(name="", subjects=[{"subject": "语文", "day": "18/04/2026", "start": "11:00", "end": "09:00"}],
                       venues=[{"code": "V1", "name": "考点", "address": "地址", "rooms": [
                           {"code": "R1", "capacity": 0}, {"code": "R1", "capacity": 5, "seats_kept_free": 6}]}])
    with pytest.raises(DomainError) as caught:
        parse_session(bad)
    codes = [p.code for p in caught.value.problems]
    assert codes == ["exams.field_missing", "exams.bad_date", "exams.end_before_start", "exams.bad_number",
                     "exams.kept_free_too_many", "exams.duplicate_code"]
    zh, en = caught.value.text("zh"), caught.value.text("en")
    assert "第 1 个科目" in zh and "考点“V1”的第 2 个考场" in zh and "考场编号“R1”重复" in zh
    assert "subject 1" in en and "room 2 of venue 'V1'" in en and "Room code 'R1'" in en
    with pytest.raises(DomainError) as caught:
        parse_session(session_json(term=""))
    assert caught.value.problem.field == "term"
    assert parse_session(session_json(term=""), term="2026秋").term == "2026秋"


def test_save_list_and_replace_a_session(ctx: AppContext) -> None:
    assert ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin")).created
    [summary] = ctx.exams.sessions()
    assert (summary.code, summary.subjects, summary.rooms, summary.seats, summary.seated) == ("2026A-01", 2, 2, 7, 0)
    assert ctx.exams.session_spec("2026A-01") == session_spec()
    bigger = session_spec(venues=[{"code": "V1", "name": "第一考点", "address": "路 1 号", "rooms": [
        {"code": "R10", "capacity": 30, "seats_kept_free": 2}, {"code": "R2", "capacity": 20}]}])
    assert not ctx.exams.save_session(bigger, actor=sign_in_as(ctx.users, "admin")).created
    assert [(r.code, r.free) for r in ctx.exams.rooms("2026A-01")] == [("R2", 20), ("R10", 28)]  # natural order
    with ctx.db.session() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "exam_session")).all()
    assert actions == ["exam_session.define", "exam_session.define"]
    with pytest.raises(DomainError) as caught:
        ctx.exams.rooms("NOPE")
    assert "learncenter sessions" in caught.value.text("zh")


def test_overflow_is_listed_and_preview_writes_nothing(ctx: AppContext) -> None:
    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    confirmed(ctx, range(1, 10))  # nine candidates, seven seats
    preview = ctx.exams.assign("2026A-01", preview=True, actor=sign_in_as(ctx.users, "admin"))
    assert len(preview.assignments) == 7 and len(preview.unseated) == 2
    assert [p.code for p in preview.problems] == ["seating.over_capacity"]
    assert "有 2 名考生没有座位" in preview.problems[0].text()
    assert _seats(ctx) == {}
    saved = ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    assert saved == preview  # what the preview showed is what was saved
    seats = _seats(ctx)
    assert len(seats) == 7 and {room for room, _, _ in seats.values()} == {"R1", "R2"}
    assert ctx.exams.free_seats("2026A-01") == {"R1": 0, "R2": 0}
    assert sorted(seat for room, seat, _ in seats.values() if room == "R2") == ["1-01", "1-02", "2-01"]


def test_late_confirmations_keep_existing_seats_and_numbers(ctx: AppContext) -> None:
    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    confirmed(ctx, [5, 7, 9])
    ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    before = _seats(ctx)
    confirmed(ctx, [1, 2, 3])  # late, and sorting before the first three
    rows = ctx.exams.plan_rows("2026A-01", ctx.exams.assign("2026A-01", preview=True, actor=sign_in_as(ctx.users, "admin")))
    assert sorted(r.status for r in rows) == ["kept"] * 3 + ["new"] * 3
    assert all(r.notice_number == before[r.id_number][2] for r in rows if r.status == "kept")
    ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    after = _seats(ctx)
    assert {n: after[n] for n in before} == before
    new_numbers = sorted(after[n][2] for n in after if n not in before)
    old_numbers = sorted(number for _, _, number in before.values())
    assert new_numbers[0] > old_numbers[-1]  # numbers only go forward


def test_a_rerun_changes_nothing_and_is_deterministic(ctx: AppContext) -> None:
    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    confirmed(ctx, range(1, 6))
    first = ctx.exams.assign("2026A-01", SeatRules(fill_rooms_in_order=False), preview=False, actor=sign_in_as(ctx.users, "admin"))
    seats = _seats(ctx)
    again = ctx.exams.assign("2026A-01", SeatRules(fill_rooms_in_order=False), preview=False, actor=sign_in_as(ctx.users, "admin"))
    assert again == first and _seats(ctx) == seats
    with ctx.db.session() as session:
        details = session.scalars(select(AuditEntry.details).where(AuditEntry.action == "seats.assign")
                                  .order_by(AuditEntry.seq)).all()
    assert details[0]["new"] == 5 and details[1]["new"] == 0 and details[1]["kept"] == 5
    # balanced: rooms take turns, so both rooms are used although R1 alone would hold four
    assert {room for room, _, _ in seats.values()} == {"R1", "R2"}


def test_same_input_same_plan_in_another_database(ctx: AppContext, tmp_path: object) -> None:
    from datetime import UTC, datetime

    from conftest import TODAY
    from learncenter.store.database import create_database
    from learncenter.store.layout import DataDir

    db, _ = create_database(DataDir(tmp_path / "other"))  # type: ignore[operator]
    other = AppContext.build(db, clock=lambda: datetime(2026, 3, 1, 9, 30, tzinfo=UTC), today=lambda: TODAY)
    try:
        for context, order in ((ctx, [1, 2, 3, 4, 5, 6]), (other, [6, 4, 2, 5, 3, 1])):
            context.exams.save_session(session_spec(), actor=sign_in_as(context.users, "admin"))
            confirmed(context, order)
            context.exams.assign("2026A-01", preview=False, actor=sign_in_as(context.users, "admin"))
        mine = {n: seat[:2] for n, seat in _seats(ctx).items()}
        theirs = {n: seat[:2] for n, seat in _seats(other).items()}
        assert mine == theirs and len(mine) == 6
    finally:
        other.close()


def test_notice_numbers_are_unique_and_come_from_the_block(ctx: AppContext) -> None:
    block = local_block(ctx.db.database_id)
    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    confirmed(ctx, range(1, 4))
    ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    numbers = sorted(number for _, _, number in _seats(ctx).values())
    assert numbers == [f"{block.prefix}{LOCAL_FIRST + i}" for i in range(3)]
    # once enrolled, the registry's block is used first; the local one only when it runs out
    registry = ExamService(ctx.db, registry_block=lambda session: NumberBlock("registry", "R44", 1, 2))
    registry.save_session(session_spec(code="2026A-02"), actor=sign_in_as(ctx.users, "admin"))
    confirmed(ctx, range(4, 6))
    registry.assign("2026A-02", preview=False, actor=sign_in_as(ctx.users, "admin"))
    with ctx.db.session() as session:
        second = sorted(session.scalars(select(SeatAssignment.notice_number)
                                        .where(SeatAssignment.notice_number.like("R44%"))).all())
    assert second == ["R441", "R442"]
    with ctx.db.session() as session:
        all_numbers = session.scalars(select(SeatAssignment.notice_number)).all()
    assert len(all_numbers) == len(set(all_numbers)) == 3 + 5
    assert len(block.prefix) == 4 and block.prefix.isdigit()


def test_candidates_of_another_term_or_unconfirmed_are_not_seated(ctx: AppContext) -> None:
    ctx.exams.save_session(session_spec(term="2026秋"), actor=sign_in_as(ctx.users, "admin"))
    confirmed(ctx, [1, 2])  # their term is 2026春
    assert ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin")).assignments == ()
    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    assert len(ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin")).assignments) == 2


def test_a_room_removed_moves_its_candidates_who_keep_their_numbers(ctx: AppContext) -> None:
    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    confirmed(ctx, range(1, 7))
    ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    before = _seats(ctx)
    ctx.exams.save_session(session_spec(venues=[{"code": "V1", "name": "第一考点", "address": "路 1 号", "rooms": [
        {"code": "R2", "capacity": 3, "layout_columns": 2}, {"code": "R3", "capacity": 10}]}]), actor=sign_in_as(ctx.users, "admin"))
    plan = ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    assert [p.code for p in plan.problems] == ["seating.seat_lost"]
    after = _seats(ctx)
    assert {n: v[2] for n, v in after.items()} == {n: v[2] for n, v in before.items()}
    assert {v[0] for v in after.values()} == {"R2", "R3"}


def test_notices_in_seat_order_and_refused_without_photo(ctx: AppContext) -> None:
    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    confirmed(ctx, range(1, 5))
    accepted_without_photo(ctx, 20)
    ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    printable, refused = exam_notices.notices(ctx.db, ctx.exams, "2026A-01")
    assert [r.id_number for r in refused] == [id_number(20)]
    assert len(printable) == 4 and all(n.photo_jpeg and n.photo_jpeg[:2] == b"\xff\xd8" for n in printable)
    assert [(n.room, n.seat) for n in printable] == sorted((n.room, n.seat) for n in printable)
    first = printable[0]
    assert first.venue_address == "九江市浔阳区学院路 1 号" and first.level == "高起专" and first.gender in ("男", "女")
    assert [s.subject for s in first.subjects] == ["语文", "数学"] and len(first.rules) == 4
    rosters = exam_notices.room_rosters(ctx.db, ctx.exams, "2026A-01")
    assert [(r.room, len(r.rows)) for r in rosters] == [("101 教室", 4)]


def test_exam_site_keys_name_every_device_key(ctx: AppContext) -> None:
    from learncenter.store import device_key

    keys = exam_notices.exam_site_keys(ctx.db)
    device_key.rotate(ctx.db, actor="admin", reason="test")
    rotated = exam_notices.exam_site_keys(ctx.db)
    assert len(keys) == 1 and len(rotated) == 2 and rotated[0].key_id == keys[0].key_id
    assert all(len(k.public_raw) == 32 for k in rotated)


def test_a_corrected_record_keeps_its_seat_and_notice_number(ctx: AppContext) -> None:
    from candidates import raw_candidate
    from conftest import TODAY
    from learncenter.domain.validation import validate_candidate
    from learncenter.services.users import Role

    ctx.users.add("boss", Role.SUPERVISOR, actor=sign_in_as(ctx.users, "admin"), password="correct horse")
    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    [record_id, _other] = confirmed(ctx, [1, 2])
    ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    before = _seats(ctx)
    fixed = validate_candidate(raw_candidate(id_number=id_number(1), phone="13900000000",
                                             registration_no="2600000001"), today=TODAY)
    assert fixed.candidate is not None and fixed.id_number is not None
    sealed = ctx.records.correct(record_id, fixed.candidate, id_number_entered=fixed.id_number.entered,
                                 actor=sign_in_as(ctx.users, "clerk1"), supervisor="boss", supervisor_password="correct horse",
                                 reason="电话号码录入错误")
    plan = ctx.exams.assign("2026A-01", preview=False, actor=sign_in_as(ctx.users, "admin"))
    assert _seats(ctx) == before and plan.problems == ()
    with ctx.db.session() as session:
        seat = session.scalars(select(SeatAssignment).where(SeatAssignment.id_number == id_number(1))).one()
    assert seat.record_id == sealed.record_id != record_id
    printable, _ = exam_notices.notices(ctx.db, ctx.exams, "2026A-01")
    assert {n.record_id for n in printable} == {sealed.record_id, _other}


def test_rooms_are_added_changed_and_removed_with_the_same_checks(ctx: AppContext) -> None:
    from learncenter.services.exam_definitions import RoomSpec

    ctx.exams.save_session(session_spec(), actor=sign_in_as(ctx.users, "admin"))
    ctx.exams.put_room("2026A-01", "V1", RoomSpec("R3", "103 教室", 10, 5, 1), actor=sign_in_as(ctx.users, "admin"))
    ctx.exams.put_room("2026A-01", "V1", RoomSpec("R1", "101 教室", 6), actor=sign_in_as(ctx.users, "admin"))
    assert [(r.code, r.capacity, r.free) for r in ctx.exams.rooms("2026A-01")] == [("R1", 6, 6), ("R2", 3, 3),
                                                                                    ("R3", 10, 9)]
    with pytest.raises(DomainError) as caught:
        ctx.exams.put_room("2026A-01", "V1", RoomSpec("R3", "103 教室", 4, None, 9), actor=sign_in_as(ctx.users, "admin"))
    assert caught.value.problem.code == "exams.kept_free_too_many"
    with pytest.raises(DomainError) as caught:
        ctx.exams.put_room("2026A-01", "V9", RoomSpec("R4", "", 4), actor=sign_in_as(ctx.users, "admin"))
    assert "没有考点“V9”" in caught.value.text()
    ctx.exams.remove_room("2026A-01", "R2", actor=sign_in_as(ctx.users, "admin"))
    assert [r.code for r in ctx.exams.rooms("2026A-01")] == ["R1", "R3"]
    with pytest.raises(DomainError):
        ctx.exams.remove_room("2026A-01", "R2", actor=sign_in_as(ctx.users, "admin"))
