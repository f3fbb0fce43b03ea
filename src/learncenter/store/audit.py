"""The append-only, hash-chained audit log.

Each entry's hash covers its own fields and the previous entry's hash, so editing, deleting or
reordering any entry breaks every hash after it. The triggers of the schema refuse UPDATE and
DELETE; :func:`verify` catches whoever went around them (a direct edit of the file with the key).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, event, select
from sqlalchemy.orm import Session

from learncenter.domain.canonical import canonical, digest
from learncenter.store.models import AuditEntry

__all__ = ["GENESIS", "AuditTrail", "Verification", "canonical", "digest", "hash_at", "tip", "verify"]

GENESIS = "0" * 64
_AUDIT_TABLE = cast(Table, AuditEntry.__table__)


_HASHED = ("seq", "at", "actor", "action", "entity", "entity_id", "before_digest", "after_digest",
           "details", "prev_hash")


def _entry_hash(entry: Mapping[str, Any]) -> str:
    return digest({name: entry[name] for name in _HASHED})


class AuditTrail:
    """Appends to the chain inside the caller's transaction.

    Reads the chain's tip once and extends it in memory; the entries are written in one
    executemany just before the transaction commits, so an import of a hundred thousand records
    neither queries the tip nor flushes an ORM object per record.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        tip = session.execute(
            select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
        ).first()
        self._seq, self._hash = (tip[0], tip[1]) if tip else (0, GENESIS)
        self._pending: list[dict[str, Any]] = []
        event.listen(session, "before_commit", self._write_pending, once=True)

    def append(
        self,
        *,
        actor: str,
        action: str,
        entity: str,
        entity_id: str,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        details: Mapping[str, Any] | None = None,
        at: datetime | None = None,
        after_digest: str | None = None,
    ) -> str:
        """Add an entry; return its hash. ``after_digest`` stands for ``after`` when the digest was
        already made (an import's reading process digests the rows it hands over)."""
        entry = {
            "seq": self._seq + 1,
            "at": (at or datetime.now(UTC)).replace(tzinfo=None),
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "before_digest": digest(before) if before is not None else None,
            "after_digest": digest(after) if after is not None else after_digest,
            "details": dict(details or {}),
            "prev_hash": self._hash,
        }
        entry["hash"] = _entry_hash(entry)
        self._pending.append(entry)
        self._seq, self._hash = self._seq + 1, str(entry["hash"])
        return self._hash

    def _write_pending(self, session: Session) -> None:
        if self._pending:  # Core, not the ORM's bulk insert: one executemany, no per-row bookkeeping
            session.connection().execute(_AUDIT_TABLE.insert(), self._pending)
            self._pending = []


@dataclass(frozen=True)
class Verification:
    checked: int
    first_broken: int | None = None  # seq of the first entry that does not verify
    reason: str = ""  # "hash", "link" or "gap"

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def verify(session: Session, *, after: tuple[int, str] = (0, GENESIS)) -> Verification:
    """Walk the chain in order; plain rows, not ORM objects, since a center's log grows long.

    ``after`` = (seq, hash) of an entry already vouched for (a signed head) walks only the
    entries after it, linking the first to that hash; ``checked`` then counts those.
    """
    expected_seq, prev = after[0] + 1, after[1]
    checked = 0
    columns = [getattr(AuditEntry, name) for name in _HASHED]
    rows = session.execute(
        select(*columns, AuditEntry.hash).where(AuditEntry.seq > after[0])
        .order_by(AuditEntry.seq).execution_options(yield_per=5000)
    )
    for row in rows:
        entry = dict(zip(_HASHED, row[:-1], strict=True))
        seq, stored_hash = entry["seq"], row[-1]
        if seq != expected_seq:
            return Verification(checked, expected_seq, "gap")
        if entry["prev_hash"] != prev:
            return Verification(checked, seq, "link")
        if _entry_hash(entry) != stored_hash:
            return Verification(checked, seq, "hash")
        checked += 1
        expected_seq, prev = seq + 1, stored_hash
    return Verification(checked)


def tip(session: Session) -> tuple[int, str]:
    """(seq, hash) of the last entry; (0, GENESIS) for an empty log."""
    row = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def hash_at(session: Session, seq: int) -> str | None:
    """The stored hash of entry ``seq`` (GENESIS for 0), None when there is no such entry."""
    if seq == 0:
        return GENESIS
    value = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == seq))
    return str(value) if value is not None else None
