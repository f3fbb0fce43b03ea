"""The queue's orders: every column, both directions, made by SQL a page at a time."""

from __future__ import annotations

from datetime import date

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
    by_name = (pinyin, row.name, row.record_id)
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


@pytest.mark.parametrize("key", [SortKey.NAME, SortKey.ID_NUMBER, SortKey.REGISTRATION_NO])
@pytest.mark.parametrize("descending", [False, True])
def test_indexed_columns_are_walked_in_index_order_not_sorted_whole(ctx: AppContext, key: SortKey,
                                                                      descending: bool) -> None:
    """Paging the whole list ("All") by name, ID or registration number must not sort 200,000 rows
    for every page: SQLite walks the column's index and sorts only ties by id."""
    _fill(ctx)
    order = Order(key, descending)
    with ctx.db.session() as session:
        first = queue.page(session, [], order=order, limit=2)
        conn = session.connection()
        for after in (None, first[-1]):
            stmt = queue.page_statement([], order=order, after=after, limit=200)  # the model's page
            sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = " / ".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert f"INDEX ix_records_{key.value if key is not SortKey.NAME else 'name_pinyin'}" in plan, plan
            assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # at most for the last term


WAITING = [RecordState.PRE_REGISTERED.value, RecordState.DRAFT.value, RecordState.AWAITING_CONFIRMATION.value]


@pytest.mark.parametrize("key", [SortKey.NAME, SortKey.ID_NUMBER, SortKey.REGISTRATION_NO])
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
            stmt = queue.page_statement(states, order=order, after=after, limit=200)
            sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = [str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
            searches = [step for step in plan if step.startswith("SEARCH")]
            assert len(searches) == len(states), plan
            assert all(f"USING INDEX ix_records_queue_{key.value}" in step for step in searches), plan
            assert not any("TEMP B-TREE" in step for step in plan), plan


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
