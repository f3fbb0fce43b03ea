"""The clerk's queue: current records in a state filter, a page at a time.

Pages are fetched by keyset (after the last name and id seen) so that scrolling to the end of
200,000 candidates costs the same per page as the first one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.orm import Session

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


_COLUMNS = (Record.id, Record.name, Record.id_number, Record.gender, Record.birth_date, Record.term,
            Record.level, Record.major_name, Record.state, Record.registration_no)


def count(session: Session, states: Sequence[str]) -> int:
    stmt = select(func.count()).select_from(Record).where(Record.is_current.is_(True))
    if states:
        stmt = stmt.where(Record.state.in_(states))
    return int(session.scalar(stmt) or 0)


def page(session: Session, states: Sequence[str], *, after: tuple[str, str] | None = None,
         limit: int = 200) -> list[QueueRow]:
    """Up to ``limit`` rows ordered by name, then id, starting after ``after`` (name, id)."""
    stmt = select(*_COLUMNS).where(Record.is_current.is_(True))
    if states:
        stmt = stmt.where(Record.state.in_(states))
    if after is not None:
        stmt = stmt.where(or_(Record.name > after[0], and_(Record.name == after[0], Record.id > after[1])))
    stmt = stmt.order_by(Record.name, Record.id).limit(limit)
    return [_row(row) for row in session.execute(stmt)]


def rows_by_id(session: Session | Connection, record_ids: Sequence[str]) -> list[QueueRow]:
    """Rows for the given ids, in the given order (for search results)."""
    found = {row[0]: _row(row) for row in session.execute(select(*_COLUMNS).where(Record.id.in_(record_ids)))}
    return [found[i] for i in record_ids if i in found]


def _row(row: Sequence[Any]) -> QueueRow:
    return QueueRow(*(row[i] for i in range(len(_COLUMNS))))

