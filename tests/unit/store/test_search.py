"""Search by ID (15 or 18 form), two-character name, pinyin and initials, registration number."""

from __future__ import annotations

import pytest

from candidates import new_record
from learncenter.context import AppContext
from learncenter.services.record_entry import NewRecord
from learncenter.store.name_keys import INITIALS, NAME_TEXT, PINYIN, alternative_keys, name_keys
from learncenter.store.search import RANK_ID, RANK_NAME, plan, search
from actors import sign_in_as

PEOPLE = [
    dict(name="张三", id_number="360426199101010071", registration_no="26110001000001"),
    dict(name="张三丰", id_number="120103198806018241", registration_no="26110001000002"),
    dict(name="章珊", id_number="440524188001010014", registration_no="26110001000003", level="专升本",
         prior_education="专科", prior_certificate_no="104597201606001234", chsi_code="ABCD1234EFGH5678"),
    dict(name="阿依古丽·买买提", id_number="110105491231002", registration_no="26110001000004"),
    dict(name="王小明", id_number="44011320141005001X", registration_no="26110001000005"),
]


def _fill(ctx: AppContext) -> None:
    ctx.records.enter_many([new_record(**p) for p in PEOPLE], actor=sign_in_as(ctx.users, "tester"), source="entry")


def _names(ctx: AppContext, query: str) -> list[str]:
    with ctx.db.session() as session:
        return [h.name for h in search(session, query)]


def test_name_keys() -> None:
    assert name_keys("张三") == ("zhangsan", "zs")
    assert name_keys("阿依古丽·买买提") == ("ayigulimaimaiti", "ayglmmt")


def test_two_character_name_ranks_exact_before_prefix(ctx: AppContext) -> None:
    _fill(ctx)
    assert _names(ctx, "张三") == ["张三", "张三丰"]


def test_id_number_in_either_form(ctx: AppContext) -> None:
    _fill(ctx)
    assert _names(ctx, "11010519491231002x") == ["阿依古丽·买买提"]
    assert _names(ctx, "110105491231002") == ["阿依古丽·买买提"]
    with ctx.db.session() as session:
        (hit,) = search(session, "360426199101010071")
    assert hit.rank == RANK_ID and hit.id_number == "360426199101010071"


def test_pinyin_full_and_initials(ctx: AppContext) -> None:
    _fill(ctx)
    assert _names(ctx, "zhangsan") == ["张三", "张三丰"]  # exact pinyin first, then prefix
    assert _names(ctx, "Zhang San") == ["张三", "张三丰"]
    assert _names(ctx, "zhangshan") == ["章珊"]
    assert _names(ctx, "zs") == ["张三", "章珊", "张三丰"]  # exact initials, then initials prefix
    assert _names(ctx, "ayg") == ["阿依古丽·买买提"]


def test_registration_number_and_id_prefix(ctx: AppContext) -> None:
    _fill(ctx)
    assert _names(ctx, "26110001000005") == ["王小明"]
    assert _names(ctx, "440113") == ["王小明"]


def test_nothing_for_blank_or_unknown(ctx: AppContext) -> None:
    _fill(ctx)
    assert _names(ctx, "   ") == [] and _names(ctx, "李四") == []


def test_reading_leaves_pooled_connections_as_writers_expect(ctx: AppContext) -> None:
    """Search runs on Database.read() connections; afterwards a pooled connection must still be
    in the driver's autocommit mode, where only our explicit BEGIN opens a transaction."""
    _fill(ctx)
    for _ in range(3):
        with ctx.db.read() as conn:
            assert search(conn, "张三")
    raw = ctx.db.engine.raw_connection()
    try:
        assert raw.driver_connection.isolation_level is None  # type: ignore[union-attr]
    finally:
        raw.close()


# Polyphonic surnames and names written with a dot or a space (issue 13).
MORE_PEOPLE = [
    dict(name="单田芳", id_number="110101198001011013"),
    dict(name="曾志伟", id_number="110101198001011021"),
    dict(name="李·明", id_number="11010119800101103X"),
    dict(name="李明", id_number="110101198001011048"),
    dict(name="尉迟恭", id_number="110101198001011056"),
]


def _fill_more(ctx: AppContext) -> None:
    entries = [new_record(**p) for p in MORE_PEOPLE]
    ctx.records.enter_many(entries, actor=sign_in_as(ctx.users, "tester"), source="entry")


def test_a_surname_is_read_as_a_surname_and_keeps_its_common_reading() -> None:
    assert name_keys("单田芳") == ("shantianfang", "stf")
    assert set(alternative_keys("单田芳")) == {(PINYIN, "dantianfang"), (INITIALS, "dtf")}
    assert name_keys("曾志伟") == ("zengzhiwei", "zzw")
    assert name_keys("尉迟恭") == ("yuchigong", "ycg")
    assert name_keys("王单") == ("wangdan", "wd")  # 单 in a given name keeps its common reading
    assert alternative_keys("张三") == [] and alternative_keys("王单") == []
    assert alternative_keys("李·明") == [(NAME_TEXT, "李明")]


def test_polyphonic_surnames_are_found_by_either_reading(ctx: AppContext) -> None:
    _fill_more(ctx)
    for query in ("stf", "dtf", "shan", "dan", "shantianfang", "dantianfang", "Shan Tianfang"):
        assert _names(ctx, query) == ["单田芳"], query
    for query in ("zzw", "czw", "zengzhiwei", "cengzhiwei"):
        assert _names(ctx, query) == ["曾志伟"], query
    assert _names(ctx, "ycg") == _names(ctx, "yuchi") == ["尉迟恭"]


def test_dots_and_spaces_between_the_parts_of_a_name_do_not_stop_a_match(ctx: AppContext) -> None:
    _fill(ctx)
    _fill_more(ctx)
    for query in ("李明", "李·明", "李 明", "李•明", "李・明"):
        assert _names(ctx, query) == ["李·明", "李明"], query
    assert _names(ctx, "阿依古丽买买提") == ["阿依古丽·买买提"]
    assert _names(ctx, "古丽买买") == []  # the name text is matched from its start, as before
    with ctx.db.session() as session:
        (hit, _) = search(session, "李明")
    assert hit.name == "李·明" and hit.rank == RANK_NAME  # found by its text, as well as 李明 is


@pytest.mark.parametrize("query", ["zs", "zhangsan", "张三", "李明", "李·明", "360426", "11010519491231002x"])
def test_every_lookup_is_served_by_an_index(ctx: AppContext, query: str) -> None:
    """The lookups of other keys join record_name_keys by its (kind, key) index to the record by
    its primary key; none may scan a table (200,000 records on every keystroke)."""
    _fill(ctx)
    _fill_more(ctx)
    branches, params = plan(query)
    with ctx.db.read() as conn:
        for branch in branches:
            steps = [str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + branch, {**params, "limit": 50})]
            assert steps and all(s.startswith("SEARCH ") and " USING " in s for s in steps), (branch, steps)


def test_keys_follow_a_changed_name(ctx: AppContext) -> None:
    """An unsealed record whose name is corrected is found by the new name's keys only."""
    _fill_more(ctx)
    with ctx.db.session() as session:
        (hit,) = search(session, "stf")
    entry = new_record(name="曾田芳", id_number="110101198001011013")
    changed = NewRecord(entry.data, entry.id_number_entered, record_id=hit.record_id)
    (outcome,) = ctx.records.enter_many([changed], actor=sign_in_as(ctx.users, "tester"), source="entry")
    assert outcome.status == "updated"
    assert _names(ctx, "stf") == _names(ctx, "dtf") == []
    assert _names(ctx, "ztf") == _names(ctx, "ctf") == ["曾田芳"]
