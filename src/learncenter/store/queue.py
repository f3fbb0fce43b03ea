"""The clerk's queue: current records in a state filter, in the order the clerk chose, a page at a time.

Pages are fetched by keyset: each page starts after the sort key of the last row seen (a row-value
comparison, which SQLite can answer from an index), never at an offset, so a page deep into
200,000 candidates costs what the first one costs, and the order is always made by SQLite from an
index, never by sorting the rows. Every order ends with the record id, so it is total and a page
boundary never skips or repeats a row.

Names sort in pinyin order (the stored ``name_pinyin`` key, the one search uses; names that read
the same, 张三 and 章三, then by record id). Birth date and major sort by their value, then by
name. Gender, level and state sort by their code in the order their code table lists it (the
levels, the lifecycle), then by name.

With a state filter the list is the merge of one query per state (``state = ? AND is_current``, a
``UNION ALL`` under one ORDER BY and LIMIT): an index on (state, is_current, *the order's columns*)
hands each state's rows over already in order, SQLite merges them and stops at the page's end
("MERGE (UNION ALL)", no temporary sort). ``state IN (...)`` on the same index cannot: its rows
come a state at a time, so SQLite sorted every one of them for every page (0.3-0.5 s a page for
200,000 waiting records). Name, ID number and registration number (migration 20261202_11), birth
date and major (20261203_01) have such an index. Without a filter ("All") name, ID number and
registration number walk their column's own index; birth date and major merge every state.

Gender, level and state have a few codes each: their order is a run of blocks, one per code in the
code table's order, each block in name order on the name index (``gender = ?`` filtered on the
way). A page reads the block of the row it starts after and, when that block ends within the
page, the next ones. A last block holds codes outside the table (none, since every write is
validated, but the queue must not hide a row): finding it empty costs a walk of the list, paid
once at the end of the list (or at its start, in descending order).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Unpack

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    case,
    func,
    literal,
    literal_column,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session

from learncenter.domain.candidate import Gender, Level
from learncenter.domain.lifecycle import RecordState
from learncenter.store.models import Record


@dataclass(frozen=True)
class QueueRow:
    record_id: str
    name: str
    id_number: str
    gender: str
    birth_date: date
    term: str
    level: str
    major_name: str
    state: str
    registration_no: str
    name_pinyin: str = ""
    major_code: str = ""
    refused: bool = False  # sealed as refused on site: there is no confirmation receipt to print


_COLUMNS = (Record.id, Record.name, Record.id_number, Record.gender, Record.birth_date, Record.term,
            Record.level, Record.major_name, Record.state, Record.registration_no, Record.name_pinyin,
            Record.major_code, Record.refusal_reason != "")


class SortKey(enum.StrEnum):
    """What the queue can be ordered by; one per column of the queue."""

    NAME = "name"
    ID_NUMBER = "id_number"
    GENDER = "gender"
    BIRTH_DATE = "birth_date"
    LEVEL = "level"
    MAJOR = "major"
    STATE = "state"
    REGISTRATION_NO = "registration_no"


@dataclass(frozen=True)
class Order:
    key: SortKey = SortKey.NAME
    descending: bool = False


NAME_ORDER = Order()


_STATE_CODES = tuple(s.value for s in RecordState)  # the lifecycle's order
_LEVEL_CODES = tuple(lv.value for lv in Level)  # 高起专, 高起本, 专升本
_GENDER_CODES = tuple(g.value for g in Gender)

# The orders by a code, as blocks: the column and its codes in the order the code table lists them.
_BLOCKED: dict[SortKey, tuple[Any, tuple[str, ...]]] = {
    SortKey.GENDER: (Record.gender, _GENDER_CODES),
    SortKey.LEVEL: (Record.level, _LEVEL_CODES),
    SortKey.STATE: (Record.state, _STATE_CODES),
}
# Orders whose index starts with the state: without a filter, they merge every state.
_STATE_LED = {SortKey.BIRTH_DATE, SortKey.MAJOR}
_BY_NAME: tuple[Any, ...] = (Record.name_pinyin, Record.id)


def _ranked(column: Any, codes: Sequence[str]) -> ColumnElement[int]:
    """The position of the column's code in ``codes``; unknown codes after all known ones."""
    return case({code: rank for rank, code in enumerate(codes)}, value=column, else_=len(codes))


def _rank(code: str | None, codes: Sequence[str]) -> int:
    return codes.index(code) if code in codes else len(codes)


def _by_name(row: QueueRow) -> tuple[str, str]:
    return row.name_pinyin, row.record_id


# Per key: the SQL expressions it orders by, most significant first and always ending with the
# record id, and the same values taken from a row (the keyset cursor).
_KEYS: dict[SortKey, tuple[tuple[Any, ...], Callable[[QueueRow], tuple[Any, ...]]]] = {
    SortKey.NAME: (_BY_NAME, _by_name),
    SortKey.ID_NUMBER: ((Record.id_number, Record.id), lambda r: (r.id_number, r.record_id)),
    SortKey.REGISTRATION_NO: ((Record.registration_no, Record.id), lambda r: (r.registration_no, r.record_id)),
    SortKey.BIRTH_DATE: ((Record.birth_date, *_BY_NAME), lambda r: (r.birth_date, *_by_name(r))),
    SortKey.MAJOR: ((Record.major_code, *_BY_NAME), lambda r: (r.major_code, *_by_name(r))),
    SortKey.GENDER: ((_ranked(Record.gender, _GENDER_CODES), *_BY_NAME),
                     lambda r: (_rank(r.gender, _GENDER_CODES), *_by_name(r))),
    SortKey.LEVEL: ((_ranked(Record.level, _LEVEL_CODES), *_BY_NAME),
                    lambda r: (_rank(r.level, _LEVEL_CODES), *_by_name(r))),
    SortKey.STATE: ((_ranked(Record.state, _STATE_CODES), *_BY_NAME),
                    lambda r: (_rank(r.state, _STATE_CODES), *_by_name(r))),
}

Statement = Select[Unpack[tuple[Any, ...]]] | CompoundSelect[Unpack[tuple[Any, ...]]]


def sort_columns(key: SortKey) -> tuple[Any, ...]:
    """The SQL expressions ``key`` orders by, most significant first, ending with the record id."""
    return _KEYS[key][0]


def sort_values(row: QueueRow, key: SortKey) -> tuple[Any, ...]:
    """The row's values of ``sort_columns(key)``, in the same order."""
    return _KEYS[key][1](row)


def _ordered(stmt: Select[Unpack[tuple[Any, ...]]], order: Order) -> Select[Unpack[tuple[Any, ...]]]:
    columns = sort_columns(order.key)
    return stmt.order_by(*(c.desc() if order.descending else c.asc() for c in columns))


def count(session: Session, states: Sequence[str]) -> int:
    stmt = select(func.count()).select_from(Record).where(Record.is_current.is_(True))
    if states:
        stmt = stmt.where(Record.state.in_(states))
    return int(session.scalar(stmt) or 0)


def page(session: Session | Connection, states: Sequence[str], *, order: Order = NAME_ORDER,
         after: QueueRow | None = None, limit: int = 200) -> list[QueueRow]:
    """Up to ``limit`` current rows in ``order``, starting after the row ``after`` (the last one
    of the previous page, as this function returned it)."""
    rows: list[QueueRow] = []
    for stmt in page_statements(states, order=order, after=after, limit=limit):
        rows += [_row(row) for row in session.execute(stmt.limit(limit - len(rows)))]
        if len(rows) >= limit:
            break
    return rows


def page_statement(states: Sequence[str], *, order: Order = NAME_ORDER, after: QueueRow | None = None,
                   limit: int = 200) -> Statement:
    """The first query of ``page`` (to look at its plan); the only one but for the orders by a code."""
    return next(page_statements(states, order=order, after=after, limit=limit))


def page_statements(states: Sequence[str], *, order: Order = NAME_ORDER, after: QueueRow | None = None,
                    limit: int = 200) -> Iterator[Statement]:
    """The queries ``page`` reads in turn until it has ``limit`` rows: one, or for the orders by a
    code one per block from the block of ``after`` on."""
    wanted = list(dict.fromkeys(states))
    blocked = _BLOCKED.get(order.key)
    if blocked is None:
        if not wanted and order.key in _STATE_LED:
            wanted = list(_STATE_CODES)
        yield _merged(wanted, sort_columns(order.key), sort_values(after, order.key) if after else None,
                      order.descending, limit)
        return
    column, codes = blocked
    by_state = order.key is SortKey.STATE
    if not wanted:  # every state merged: the name index leads with the state
        wanted = list(_STATE_CODES)
    # every record's state is one of the lifecycle's: by state, no block for other codes
    blocks: list[str | None] = [c for c in codes if c in wanted] if by_state else [*codes, None]
    own = _rank(getattr(after, column.key), codes) if after is not None else None
    if own is not None:  # from the block of the row the page starts after
        blocks = [b for b in blocks if (_rank(b, codes) <= own if order.descending else _rank(b, codes) >= own)]
    if order.descending:
        blocks.reverse()
    for code in blocks:
        cursor = _by_name(after) if after is not None and _rank(code, codes) == own else None
        where = column == code if code is not None else column.not_in(codes)
        yield _merged([code] if by_state and code is not None else wanted, _BY_NAME, cursor,
                      order.descending, limit, where)


def _merged(states: list[str], columns: tuple[Any, ...], cursor: tuple[Any, ...] | None, descending: bool,
            limit: int, where: ColumnElement[bool] | None = None) -> Statement:
    """The current rows in ``states`` (all of them for none) after ``cursor`` in the order of
    ``columns``: with two states or more, one query per state merged."""
    def arm(states: list[str], labelled: bool) -> Select[Unpack[tuple[Any, ...]]]:
        extra = [c.label(f"sort_{n}") for n, c in enumerate(columns)] if labelled else []
        stmt = select(*_COLUMNS, *extra).where(Record.is_current.is_(True))
        if len(states) == 1:
            stmt = stmt.where(Record.state == states[0])
        elif states:
            stmt = stmt.where(Record.state.in_(states))
        if where is not None:
            stmt = stmt.where(where)
        if cursor is not None:
            bound = tuple_(*(literal(value, type_=column.type) for column, value
                             in zip(columns, cursor, strict=True)))
            stmt = stmt.where(tuple_(*columns) < bound if descending else tuple_(*columns) > bound)
        return stmt

    if len(states) < 2:
        return arm(states, False).order_by(*(c.desc() if descending else c.asc() for c in columns)).limit(limit)
    # a compound's ORDER BY can name only its result columns: the order's columns again as sort_N
    keys: list[ColumnElement[Any]] = [literal_column(f"sort_{n}") for n in range(len(columns))]
    return union_all(*(arm([state], True) for state in states)).order_by(
        *(k.desc() if descending else k.asc() for k in keys)).limit(limit)


def rows_by_id(session: Session | Connection, record_ids: Sequence[str], *,
               order: Order | None = None) -> list[QueueRow]:
    """Rows for the given ids (search results): in the given order, or sorted by ``order``."""
    stmt = select(*_COLUMNS).where(Record.id.in_(record_ids))
    if order is not None:
        return [_row(row) for row in session.execute(_ordered(stmt, order))]
    found = {row[0]: _row(row) for row in session.execute(stmt)}
    return [found[i] for i in record_ids if i in found]


def _row(row: Sequence[Any]) -> QueueRow:
    (record_id, name, id_number, gender, birth_date, term, level, major_name, state, registration_no,
     name_pinyin, major_code, refused) = row[:len(_COLUMNS)]
    return QueueRow(record_id, name, id_number, gender, birth_date, term, level, major_name, state,
                    registration_no, name_pinyin, major_code, bool(refused))
