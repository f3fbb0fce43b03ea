"""The clerk's queue: current records in a state filter, in the order the clerk chose, a page at a time.

Pages are fetched by keyset: each page starts after the sort key of the last row seen (a row-value
comparison, which SQLite can answer from an index), never at an offset, so a page deep into
200,000 candidates costs what the first one costs, and the order is always made by SQLite, never
by loading the rows. Every order ends with the record id, so it is total and a page boundary never
skips or repeats a row.

Names sort in pinyin order (the stored ``name_pinyin`` key, the one search uses; names that read
the same, 张三 and 章三, then by record id, which keeps the order on the index). Gender, birth
date, level, major and state sort by their stored code, in the order their code table lists
them where that order means something (the lifecycle, the levels), then by name.

With a state filter the list is the merge of one query per state (``state = ? AND is_current``, a
``UNION ALL`` under one ORDER BY and LIMIT): an index on (state, is_current, *the order's columns*)
hands each state's rows over already in order, SQLite merges them and stops at the page's end
("MERGE (UNION ALL)", no temporary sort). ``state IN (...)`` on the same index cannot: its rows
come a state at a time, so SQLite sorted every one of them for every page (0.3-0.5 s a page for
200,000 waiting records). The name, ID number and registration number orders have such an index
(migration 20261202_11); the others still sort each state's rows.

Cost with no state filter ("All"), measured on a 200,000-candidate demo database: the name, ID
number and registration number orders walk their column's index, 2-3 ms a page from the first
to the last; the other columns cost one full sort per page, 0.3-0.5 s.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
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

from learncenter.domain.candidate import Level
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


def _ranked(column: Any, codes: Sequence[str]) -> ColumnElement[int]:
    """The position of the column's code in ``codes``; unknown codes after all known ones."""
    return case({code: rank for rank, code in enumerate(codes)}, value=column, else_=len(codes))


def _rank(code: str, codes: Sequence[str]) -> int:
    return codes.index(code) if code in codes else len(codes)


_BY_NAME: tuple[Any, ...] = (Record.name_pinyin, Record.name, Record.id)


def _by_name(row: QueueRow) -> tuple[str, str, str]:
    return row.name_pinyin, row.name, row.record_id


# Per key: the SQL expressions it orders by, most significant first and always ending with the
# record id, and the same values taken from a row (the keyset cursor). A column with an index of
# its own is followed by the id alone: SQLite walks such an index in order and sorts only the ties
# ("temp b-tree for last term"), but with two or more terms after it, it sorts the whole table.
# Columns without an index cost a full sort either way and are followed by the name.
_KEYS: dict[SortKey, tuple[tuple[Any, ...], Callable[[QueueRow], tuple[Any, ...]]]] = {
    SortKey.NAME: ((Record.name_pinyin, Record.id), lambda r: (r.name_pinyin, r.record_id)),
    SortKey.ID_NUMBER: ((Record.id_number, Record.id), lambda r: (r.id_number, r.record_id)),
    SortKey.REGISTRATION_NO: ((Record.registration_no, Record.id), lambda r: (r.registration_no, r.record_id)),
    SortKey.GENDER: ((Record.gender, *_BY_NAME), lambda r: (r.gender, *_by_name(r))),
    SortKey.BIRTH_DATE: ((Record.birth_date, *_BY_NAME), lambda r: (r.birth_date, *_by_name(r))),
    SortKey.LEVEL: ((_ranked(Record.level, _LEVEL_CODES), *_BY_NAME),
                    lambda r: (_rank(r.level, _LEVEL_CODES), *_by_name(r))),
    SortKey.MAJOR: ((Record.major_code, *_BY_NAME), lambda r: (r.major_code, *_by_name(r))),
    SortKey.STATE: ((_ranked(Record.state, _STATE_CODES), *_BY_NAME),
                    lambda r: (_rank(r.state, _STATE_CODES), *_by_name(r))),
}


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
    return [_row(row) for row in session.execute(page_statement(states, order=order, after=after, limit=limit))]


def page_statement(states: Sequence[str], *, order: Order = NAME_ORDER, after: QueueRow | None = None,
                   limit: int = 200) -> Select[Unpack[tuple[Any, ...]]] | CompoundSelect[Unpack[tuple[Any, ...]]]:
    """The query of ``page`` (to look at its plan): with states, one arm per state, merged."""
    wanted = list(dict.fromkeys(states))
    if len(wanted) < 2:
        stmt = _page_arm(wanted, order, after, labelled=False)
        return _ordered(stmt, order).limit(limit)
    columns = sort_columns(order.key)
    arms = [_page_arm([state], order, after, labelled=True) for state in wanted]
    keys: list[ColumnElement[Any]] = [literal_column(f"sort_{n}") for n in range(len(columns))]
    return union_all(*arms).order_by(*(k.desc() if order.descending else k.asc() for k in keys)).limit(limit)


def _page_arm(states: Sequence[str], order: Order, after: QueueRow | None, *,
              labelled: bool) -> Select[Unpack[tuple[Any, ...]]]:
    """The current rows in ``states`` after ``after``; ``labelled``: with the order's columns again
    as ``sort_0``, ``sort_1``, ... (a compound's ORDER BY can name only its result columns)."""
    columns = sort_columns(order.key)
    extra = [c.label(f"sort_{n}") for n, c in enumerate(columns)] if labelled else []
    stmt = select(*_COLUMNS, *extra).where(Record.is_current.is_(True))
    if len(states) == 1:
        stmt = stmt.where(Record.state == states[0])
    elif states:
        stmt = stmt.where(Record.state.in_(states))
    if after is not None:
        bound = tuple_(*(literal(value, type_=column.type) for column, value
                         in zip(columns, sort_values(after, order.key), strict=True)))
        stmt = stmt.where(tuple_(*columns) < bound if order.descending else tuple_(*columns) > bound)
    return stmt


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
