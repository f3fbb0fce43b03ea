"""Possible duplicates: the same ID number, or the same name and date of birth, among current records."""

from __future__ import annotations

from datetime import date

from candidates import gather_evidence, jpeg, new_record
from learncenter.context import AppContext
from learncenter.domain.lifecycle import RecordState
from learncenter.services.duplicates import possible_duplicates
from learncenter.services.users import Role
from actors import sign_in_as

ZHANG_SAN = "360426199101010071"
ZHANG_SAN_BORN = date(1991, 1, 1)


def _enter(ctx: AppContext, **overrides: object) -> str:
    return ctx.records.enter(new_record(**overrides), actor=sign_in_as(ctx.users, "tester"), source="entry").record_id


def test_nothing_matches_in_an_empty_database(ctx: AppContext) -> None:
    assert possible_duplicates(ctx.db, id_number=ZHANG_SAN, name="张三", birth_date=ZHANG_SAN_BORN) == []


def test_the_same_id_number_in_another_term(ctx: AppContext) -> None:
    record_id = _enter(ctx, term="2025秋")
    found = possible_duplicates(ctx.db, id_number=ZHANG_SAN, name="张叁", birth_date=ZHANG_SAN_BORN)
    assert [(d.record_id, d.reason, d.term, d.name, d.id_number, d.birth_date, d.state) for d in found] == [
        (record_id, "same_id", "2025秋", "张三", ZHANG_SAN, ZHANG_SAN_BORN, RecordState.PRE_REGISTERED)]


def test_the_same_name_and_birth_date_under_another_id_number(ctx: AppContext) -> None:
    record_id = _enter(ctx)
    other_id = "360426199101010055"  # born the same day, a different person or a mistyped number
    found = possible_duplicates(ctx.db, id_number=other_id, name="张三", birth_date=ZHANG_SAN_BORN)
    assert [(d.record_id, d.reason) for d in found] == [(record_id, "same_name_birth")]


def test_a_record_matching_both_ways_is_listed_once_as_same_id(ctx: AppContext) -> None:
    record_id = _enter(ctx)
    found = possible_duplicates(ctx.db, id_number=ZHANG_SAN, name="张三", birth_date=ZHANG_SAN_BORN)
    assert [(d.record_id, d.reason) for d in found] == [(record_id, "same_id")]


def test_same_name_with_another_birth_date_is_not_a_duplicate(ctx: AppContext) -> None:
    _enter(ctx)
    assert possible_duplicates(ctx.db, id_number="120103198806018241", name="张三",
                               birth_date=date(1988, 6, 1)) == []


def test_without_a_birth_date_only_the_id_number_is_compared(ctx: AppContext) -> None:
    _enter(ctx)
    assert possible_duplicates(ctx.db, id_number=None, name="张三", birth_date=None) == []
    assert len(possible_duplicates(ctx.db, id_number=ZHANG_SAN, name="", birth_date=None)) == 1


def test_the_record_being_edited_is_excluded(ctx: AppContext) -> None:
    record_id = _enter(ctx)
    other = _enter(ctx, term="2025秋")
    found = possible_duplicates(ctx.db, id_number=ZHANG_SAN, name="张三", birth_date=ZHANG_SAN_BORN,
                                exclude_record_id=record_id)
    assert [d.record_id for d in found] == [other]


def test_only_current_versions_count(ctx: AppContext) -> None:
    """A corrected record's older version is history: the person is listed once, as the current one."""
    ctx.users.add("boss", Role.SUPERVISOR, actor=sign_in_as(ctx.users, "admin"), password="boss password", must_change=False)
    record_id = ctx.records.enter(new_record(photo=jpeg()), actor=sign_in_as(ctx.users, "tester")).record_id
    gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "tester"))
    ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "tester"))
    corrected = new_record(address="江西省九江市濂溪区")
    sealed = ctx.records.correct(record_id, corrected.data, id_number_entered=ZHANG_SAN, actor=sign_in_as(ctx.users, "tester"),
                                 supervisor="boss", supervisor_password="boss password", reason="地址有误")
    found = possible_duplicates(ctx.db, id_number=ZHANG_SAN, name="张三", birth_date=ZHANG_SAN_BORN)
    assert [(d.record_id, d.state) for d in found] == [(sealed.record_id, RecordState.CONFIRMED)]


def test_a_name_with_or_without_its_dot_is_the_same_name(ctx: AppContext) -> None:
    """阿依古丽·买买提 typed without the dot (or with a space) is the same person by name and birth."""
    dotted = _enter(ctx, name="阿依古丽·买买提")
    other_id = "360426199101010055"
    for typed in ("阿依古丽买买提", "阿依古丽 买买提", "阿依古丽·买买提"):
        found = possible_duplicates(ctx.db, id_number=other_id, name=typed, birth_date=ZHANG_SAN_BORN)
        assert [(d.record_id, d.reason) for d in found] == [(dotted, "same_name_birth")], typed
    plain = _enter(ctx, name="李明", term="2025秋")
    found = possible_duplicates(ctx.db, id_number=other_id, name="李·明", birth_date=ZHANG_SAN_BORN)
    assert [(d.record_id, d.reason) for d in found] == [(plain, "same_name_birth")]
