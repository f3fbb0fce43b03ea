"""The one writer of the process: every write transaction holds the write gate while it lasts.

SQLite lets one connection write at a time, and in WAL mode a transaction that read before
another connection committed cannot write any more: it fails at once with "database is locked"
(SQLITE_BUSY_SNAPSHOT), which no busy timeout waits out. The clerk's seals run on the
workstation's writer thread while a sync run, which spends most of its time waiting on the
network, runs on a thread of its own; both write. Rather than make the sync hold the writer
for minutes of uploads, each *transaction* is serialised: a session's explicit ``begin()``
(``with session.begin():``, the form every service and sync step writes with) waits for the
gate, starts with ``BEGIN IMMEDIATE`` so that it holds SQLite's write lock from its first
statement, and lets go of the gate when the transaction ends, committed or rolled back. A
sync run takes the gate only for each of its short steps (build a batch, mark it sent, apply
a receipt, apply a down-sync page) and never while it talks to the registry.

Reads need no gate: an autobegun session (``with db.session() as s:`` without ``begin()``)
and ``Database.read()`` see a consistent snapshot in WAL mode and never block a writer. A
write therefore always uses an explicit ``begin()``; a read-only one merely waits its turn.

One thread holding the gate cannot begin a second write transaction: SQLite would make the
inner one wait for the outer one's lock until the busy timeout, so it is refused at once.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from learncenter.store.engine import WRITE

log = logging.getLogger(__name__)
SLOW_WAIT_S = 5.0  # a wait for the gate this long is logged (and the wait goes on)


class NestedWrite(RuntimeError):
    """A write transaction begun in a thread that is inside one already: a programming error."""


class WriteGate:
    """At most one write transaction at a time in this process; waits in arrival order are not
    promised, only that none overlaps another."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: int | None = None

    def acquire(self) -> None:
        me = threading.get_ident()
        if self._owner == me:
            raise NestedWrite("a write transaction was begun inside another one in the same thread")
        if not self._lock.acquire(timeout=SLOW_WAIT_S):
            log.warning("a write transaction waits more than %.0f s for the one before it", SLOW_WAIT_S)
            self._lock.acquire()
        self._owner = me

    def release(self) -> None:
        self._owner = None
        self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.locked()


class GatedSession(Session):
    """A session whose explicit ``begin()`` is a write transaction behind the write gate."""

    def __init__(self, *args: Any, write_gate: WriteGate, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._write_gate = write_gate
        self._gated: SessionTransaction | None = None

    def begin(self, nested: bool = False) -> SessionTransaction:
        if nested or self._transaction is not None:
            return super().begin(nested=nested)  # a SAVEPOINT, or the error of a second begin
        self._write_gate.acquire()
        try:
            transaction = super().begin()
        except BaseException:
            self._write_gate.release()
            raise
        self._gated = transaction
        try:
            self.connection(execution_options={WRITE: True})  # BEGIN IMMEDIATE, now
        except BaseException:
            transaction.close()  # ends it, which lets go of the gate
            raise
        return transaction


@event.listens_for(GatedSession, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if isinstance(session, GatedSession) and session._gated is transaction:
        session._gated = None
        session._write_gate.release()
