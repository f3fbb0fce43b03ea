"""The clerk's queue as a service: every read of the list checks who is reading it.

The queue shows names and (masked) ID numbers of every candidate, so a page is personal data:
each read is refused to nobody, a locked account or a role without ``Permission.SEARCH``, in the
same session that reads it, like every other read or write of records (services.authorization).
"""

from __future__ import annotations

from collections.abc import Sequence

from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import authorize, require
from learncenter.store import queue
from learncenter.store.database import Database
from learncenter.store.queue import NAME_ORDER, Order, QueueRow
from learncenter.store.search import search


class QueueReads:
    def __init__(self, db: Database) -> None:
        self._db = db

    def count(self, states: Sequence[str], *, actor: SignedIn) -> int:
        """How many current records the list (a state filter; empty: all) holds."""
        with self._db.session() as session:
            require(session, actor, Permission.SEARCH)
            return queue.count(session, states)

    def page(self, states: Sequence[str], *, actor: SignedIn, order: Order = NAME_ORDER,
             after: QueueRow | None = None, limit: int = 200) -> list[QueueRow]:
        """The page of the list after ``after`` (see store.queue.page)."""
        with self._db.session() as session:
            require(session, actor, Permission.SEARCH)
            return queue.page(session, states, order=order, after=after, limit=limit)

    def find(self, text: str, states: Sequence[str], *, actor: SignedIn, order: Order | None = None,
             limit: int = 200) -> list[QueueRow]:
        """Records matching ``text`` (ID number, name, pinyin, registration number) in the
        states given (none: any), best match first or in ``order``."""
        authorize(self._db, actor, Permission.SEARCH)
        with self._db.read() as conn:
            hits = search(conn, text, limit=limit)
            rows = queue.rows_by_id(conn, [h.record_id for h in hits], order=order)
        return [r for r in rows if not states or r.state in states]
