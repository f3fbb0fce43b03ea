"""Down-sync conflicts for the clerk: registry changes not applied over local changes.

Down-sync never overwrites a record that has changes of its own here (protocol §8); the
registry's version is kept as a conflict instead, shown with the local record so the clerk can
compare, correct the record if the registry is right, and then mark the conflict settled (an
audited decision, like every other).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.sync_models import SyncConflict

CONFLICT_NOT_FOUND = define(
    "sync.conflict_not_found",
    zh="找不到未处理的同步冲突 {conflict_id}（可能已处理）。",
    en="There is no open sync conflict {conflict_id} (it may have been settled already).",
)


@dataclass(frozen=True)
class Conflict:
    conflict_id: int
    kind: str
    key: str  # for a pre-registration: "<term>/<ID number>"
    version: int
    registry_data: dict[str, Any]  # what the registry sent
    record_id: str | None  # the local record it was not applied to
    reason: str  # local_changes | local_record | invalid
    received_at: datetime


def open_conflicts(db: Database) -> list[Conflict]:
    """Conflicts not settled yet, oldest first."""
    with db.session() as session:
        rows = session.scalars(select(SyncConflict).where(SyncConflict.resolved_at.is_(None))
                               .order_by(SyncConflict.id))
        return [Conflict(r.id, r.kind, r.key, r.version, dict(r.data), r.record_id, r.reason, r.received_at)
                for r in rows]


def settle(db: Database, conflict_id: int, *, actor: str, note: str = "",
           now: datetime | None = None) -> None:
    """The clerk has looked at the conflict (and corrected the record if needed)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    with db.session() as session, session.begin():
        row = session.get(SyncConflict, conflict_id)
        if row is None or row.resolved_at is not None:
            raise DomainError(Problem(CONFLICT_NOT_FOUND, None, {"conflict_id": conflict_id}))
        row.resolved_at = stamp
        AuditTrail(session).append(actor=actor, action="sync.conflict_settled", entity="record",
                                   entity_id=row.record_id or row.key,
                                   details={"conflict": row.id, "key": row.key, "version": row.version,
                                            "note": note}, at=stamp)
