"""The queue's orders: every column, both directions, made by SQL a page at a time."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from candidates import gather_evidence, jpeg, new_record
from learncenter.context import AppContext
from learncenter.domain.lifecycle import RecordState
from learncenter.store import queue
from learncenter.store.models import Record
from learncenter.store.queue import NAME_ORDER, Order, QueueRow, SortKey
from learncenter.store.name_keys import name_keys
from actors import sign_in_as

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(birth: date, serial: int, *, male: bool, region: str = "360426") -> str:
    first17 = f"{region}{birth:%Y%m%d}{serial:02d}{(1 if male else 2) + 2 * (serial % 4)}"
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


UPGRADE = dict(level="专升本", prior_education="专科", prior_certificate_no="104597201606001234",
               chsi_code="ABCD1234EFGH5678")
# (name, birth date, male, extra fields): Unicode order of the names is not their pinyin order
PEOPLE = [
    ("张三", date(1991, 1, 1), True, {}),
    ("章珊", date(1990, 6, 1), False, {**UPGRADE, "major_code": "120201", "major_name": "工商管理"}),
    ("阿依古丽", date(1995, 3, 8), False, {}),
    ("白雪", date(1988, 12, 31), False, {"level": "高起本", "major_code": "120203", "major_name": "会计学"}),
    ("王小明", date(1999, 7, 7), True, {}),
    ("欧阳修", date(1991, 1, 1), True, UPGRADE),
    ("李四", date(1993, 2, 2), True, {}),
    ("陈晨", date(1997, 9, 9), False, {"level": "高起本", "major_code": "120203", "major_name": "会计学"}),
    ("赵六", date(1986, 4, 4), True, {}),
    ("钱七", date(2000, 1, 15), False, {}),
]


def _fill(ctx: AppContext) -> dict[str, str]:
    """The people above, in several states; returns name -> record id."""
    states = [RecordState.PRE_REGISTERED, RecordState.DRAFT, RecordState.AWAITING_CONFIRMATION]
    entries = [
        new_record(states[i % 3], name=name, id_number=id_number(birth, i, male=male),
                   registration_no=f"2611000100{i:04d}", **extra)
        for i, (name, birth, male, extra) in enumerate(PEOPLE)
    ]
    ctx.records.enter_many(entries, actor=sign_in_as(ctx.users, "tester"), source="entry")
    with ctx.db.session() as session:
        ids = {r.name: r.id for r in session.scalars(select(Record).where(Record.is_current.is_(True)))}
    for name in ("王小明", "李四"):
        ctx.records.attach_photo(ids[name], jpeg(), actor=sign_in_as(ctx.users, "tester"))
        gather_evidence(ctx.records, ids[name], actor=sign_in_as(ctx.users, "tester"))
        ctx.records.confirm(ids[name], actor=sign_in_as(ctx.users, "tester"), acknowledge_review=True)
    ctx.records.refuse(ids["赵六"], actor=sign_in_as(ctx.users, "tester"), reason="证件不符")
    return ids


def _all_pages(ctx: AppContext, states: list[str], order: Order, size: int) -> list[QueueRow]:
    rows: list[QueueRow] = []
    with ctx.db.session() as session:
        while True:
            more = queue.page(session, states, order=order, after=rows[-1] if rows else None, limit=size)
            rows += more
            if len(more) < size:
                return rows


LIFECYCLE = [s.value for s in RecordState]
LEVELS = ["gqz", "gqb", "zsb"]


def expected_key(row: QueueRow, key: SortKey) -> tuple[object, ...]:
    """The order, computed here from the rows' values rather than by the code under test."""
    pinyin = name_keys(row.name)[0]
    by_name = (pinyin, row.record_id)
    return {
        SortKey.NAME: (pinyin, row.record_id),
        SortKey.ID_NUMBER: (row.id_number, row.record_id),
        SortKey.REGISTRATION_NO: (row.registration_no, row.record_id),
        SortKey.GENDER: (row.gender, *by_name),
        SortKey.BIRTH_DATE: (row.birth_date, *by_name),
        SortKey.LEVEL: (LEVELS.index(row.level), *by_name),
        SortKey.MAJOR: (row.major_code, *by_name),
        SortKey.STATE: (LIFECYCLE.index(row.state), *by_name),
    }[key]


def test_names_come_in_pinyin_order(ctx: AppContext) -> None:
    _fill(ctx)
    names = [r.name for r in _all_pages(ctx, [], NAME_ORDER, 3)]
    assert names == ["阿依古丽", "白雪", "陈晨", "李四", "欧阳修", "钱七", "王小明", "张三", "章珊", "赵六"]
    backwards = [r.name for r in _all_pages(ctx, [], Order(SortKey.NAME, descending=True), 4)]
    assert backwards == names[::-1]


@pytest.mark.parametrize("key", list(SortKey))
@pytest.mark.parametrize("descending", [False, True])
def test_every_column_pages_through_in_order(ctx: AppContext, key: SortKey, descending: bool) -> None:
    _fill(ctx)
    with ctx.db.session() as session:
        everything = queue.page(session, [], limit=1000)
    expected = sorted(everything, key=lambda r: expected_key(r, key), reverse=descending)
    for size in (1, 3, 200):
        assert _all_pages(ctx, [], Order(key, descending), size) == expected


def test_a_state_filter_holds_across_pages(ctx: AppContext) -> None:
    _fill(ctx)
    sealed = [RecordState.CONFIRMED.value, RecordState.REFUSED.value]
    rows = _all_pages(ctx, sealed, Order(SortKey.BIRTH_DATE), 1)
    assert [(r.name, r.state) for r in rows] == [("赵六", "refused"), ("李四", "confirmed"), ("王小明", "confirmed")]
    assert [r.refused for r in rows] == [True, False, False]
    by_state = _all_pages(ctx, [], Order(SortKey.STATE), 2)
    assert [r.state for r in by_state] == sorted((r.state for r in by_state), key=LIFECYCLE.index)
    with ctx.db.session() as session:
        assert queue.count(session, sealed) == 3


def test_search_hits_keep_their_rank_or_take_an_order(ctx: AppContext) -> None:
    ids = _fill(ctx)
    ranked = [ids["章珊"], ids["张三"], ids["阿依古丽"]]
    with ctx.db.session() as session:
        assert [r.name for r in queue.rows_by_id(session, ranked)] == ["章珊", "张三", "阿依古丽"]
        assert [r.name for r in queue.rows_by_id(session, ranked, order=NAME_ORDER)] == ["阿依古丽", "张三", "章珊"]
        by_birth = queue.rows_by_id(session, ranked, order=Order(SortKey.BIRTH_DATE, descending=True))
        assert [r.name for r in by_birth] == ["阿依古丽", "张三", "章珊"]


def _plans(conn: Any, statements: list[Any]) -> list[list[str]]:
    plans = []
    for stmt in statements:
        sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
        plans.append([str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)])
    return plans


# The index each order's queries walk: their own, or the name's for the orders by a code.
QUEUE_INDEX = {SortKey.NAME: "ix_records_queue_name", SortKey.ID_NUMBER: "ix_records_queue_id_number",
               SortKey.REGISTRATION_NO: "ix_records_queue_registration_no",
               SortKey.BIRTH_DATE: "ix_records_queue_birth_date", SortKey.MAJOR: "ix_records_queue_major",
               SortKey.GENDER: "ix_records_queue_name", SortKey.LEVEL: "ix_records_queue_name",
               SortKey.STATE: "ix_records_queue_name"}
ALL_INDEX = {SortKey.NAME: "ix_records_name_pinyin", SortKey.ID_NUMBER: "ix_records_id_number",
             SortKey.REGISTRATION_NO: "ix_records_registration_no",
             **{k: QUEUE_INDEX[k] for k in (SortKey.BIRTH_DATE, SortKey.MAJOR, SortKey.GENDER, SortKey.LEVEL,
                                            SortKey.STATE)}}  # these merge every state


@pytest.mark.parametrize("key", list(SortKey))
@pytest.mark.parametrize("descending", [False, True])
def test_every_order_of_the_whole_list_walks_an_index_not_a_sort_of_it(ctx: AppContext, key: SortKey,
                                                                        descending: bool) -> None:
    """Paging the whole list ("All") must not sort 200,000 rows for every page: SQLite walks an
    index in the order's order and sorts at most the ties of its last term."""
    _fill(ctx)
    order = Order(key, descending)
    with ctx.db.session() as session:
        first = queue.page(session, [], order=order, limit=2)
        conn = session.connection()
        for after in (None, first[-1]):
            statements = list(queue.page_statements([], order=order, after=after, limit=200))
            assert statements
            for plan in _plans(conn, statements):
                assert any(re.search(rf"INDEX {ALL_INDEX[key]}\b", step) for step in plan), plan
                assert not any("USE TEMP B-TREE FOR ORDER BY" in step for step in plan), plan


WAITING = [RecordState.PRE_REGISTERED.value, RecordState.DRAFT.value, RecordState.AWAITING_CONFIRMATION.value]


@pytest.mark.parametrize("key", list(SortKey))
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("states", [WAITING, [RecordState.RETURNED.value]])
def test_a_state_filter_pages_in_index_order_without_a_temporary_sort(ctx: AppContext, key: SortKey,
                                                                       descending: bool, states: list[str]) -> None:
    """With a state filter (the clerk's default list: the waiting states) each state's rows come
    from the order's index, already in order, and are merged: no temporary B-tree, which used to
    sort all 200,000 waiting records for every page."""
    _fill(ctx)
    order = Order(key, descending)
    with ctx.db.session() as session:
        first = queue.page(session, WAITING, order=order, limit=2)
        conn = session.connection()
        for after in (None, first[-1]):
            statements = list(queue.page_statements(states, order=order, after=after, limit=200))
            assert statements or after is not None  # after a waiting row, nothing may be left
            for plan in _plans(conn, statements):
                searches = [step for step in plan if step.startswith("SEARCH")]
                assert 1 <= len(searches) <= len(states), plan
                assert all(re.search(rf"USING (COVERING )?INDEX {QUEUE_INDEX[key]}\b", step)
                           for step in searches), plan
                assert not any("TEMP B-TREE" in step for step in plan), plan


def test_the_orders_by_a_code_read_only_the_blocks_they_need(ctx: AppContext) -> None:
    """Ordered by level, a page inside the first level's block reads that block alone; the last
    rows of a block and the next block's first come in one page."""
    _fill(ctx)
    order = Order(SortKey.LEVEL)
    with ctx.db.session() as session:
        rows = queue.page(session, [], order=order, limit=100)
        levels = [r.level for r in rows]
        assert levels == sorted(levels, key=LEVELS.index)
        first_block = levels.count(LEVELS[0])
        assert 2 <= first_block < len(rows)
        statements = list(queue.page_statements([], order=order, after=rows[0], limit=200))
        assert len(statements) == len(LEVELS) + 1  # this block, the two after it, codes outside the table
        inside = queue.page(session, [], order=order, after=rows[0], limit=first_block - 1)
        assert inside == rows[1:first_block]
        across = queue.page(session, [], order=order, after=rows[first_block - 2], limit=3)
        assert across == rows[first_block - 1:first_block + 2]


def test_a_code_outside_its_table_still_shows_last(ctx: AppContext) -> None:
    """Every write validates the level, but a record whose code is not in the table (an older
    version's, a repaired database) must not vanish from the list sorted by it."""
    ids = _fill(ctx)
    with ctx.db.session() as session, session.begin():
        session.get(Record, ids["张三"]).level = "xyz"  # type: ignore[union-attr]
    for descending in (False, True):
        rows = _all_pages(ctx, [], Order(SortKey.LEVEL, descending), 2)
        assert len(rows) == len(PEOPLE)
        assert rows[-1 if not descending else 0].name == "张三"


@pytest.mark.parametrize("key", list(SortKey))
@pytest.mark.parametrize("descending", [False, True])
def test_a_merged_state_filter_pages_in_the_same_order_as_one_query(ctx: AppContext, key: SortKey,
                                                                    descending: bool) -> None:
    _fill(ctx)
    with ctx.db.session() as session:
        everything = queue.page(session, [], limit=1000)
    waiting = [r for r in everything if r.state in WAITING]
    expected = sorted(waiting, key=lambda r: expected_key(r, key), reverse=descending)
    assert len(expected) >= 6
    for size in (1, 2, 200):
        assert _all_pages(ctx, WAITING, Order(key, descending), size) == expected
