"""Down-sync conflicts for the clerk: registry changes not applied over local changes.

Down-sync never overwrites a record that has changes of its own here (protocol §8); the
registry's version is kept as a conflict instead, shown with the local record so the clerk can
compare and either keep the record as it is here (:func:`settle`) or take the registry's version
(:func:`take_registry`, only while the record is not sealed: a sealed record changes only by an
approved correction). Both are audited decisions, like every other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learncenter.domain.lifecycle import RecordState, is_sealed
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.permissions import Permission
from learncenter.domain.registry_candidate import candidate_from_registry
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import require
from learncenter.store import records as repo
from learncenter.store import reference_data
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.models import Record
from learncenter.store.sync_models import SyncConflict

CONFLICT_NOT_FOUND = define(
    "sync.conflict_not_found",
    zh="找不到未处理的同步冲突 {conflict_id}（可能已处理）。",
    en="There is no open sync conflict {conflict_id} (it may have been settled already).",
)
CANNOT_TAKE = define(
    "sync.conflict_cannot_take",
    zh="同步冲突 {conflict_id}：不能采用登记机构的版本（{why_zh}）。请保留本机版本，必要时经主管批准更正记录。",
    en="Sync conflict {conflict_id}: the registry's version cannot be taken ({why_en}). Keep this center's "
       "version, and correct the record with a supervisor's approval if needed.",
)
_WHY = {
    "sealed": ("本机记录已确认封存", "the record here is sealed"),
    "invalid": ("登记机构发来的数据不完整或有误", "what the registry sent is incomplete or not valid"),
    "kind": ("此类冲突只能保留本机版本", "this kind of conflict can only be kept as it is here"),
}


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
    local_data: dict[str, Any] | None = None  # what is held here (JSON-ready), if a record is held
    local_state: str | None = None
    can_take: bool = False  # the registry's version may replace the local one (not sealed)

    @property
    def who(self) -> str:
        """The candidate's name as the registry sent it, else as held here."""
        return str(self.registry_data.get("name") or (self.local_data or {}).get("name") or "")


def open_conflicts(db: Database, *, actor: SignedIn) -> list[Conflict]:
    """Conflicts not settled yet, oldest first, each with the local record it is about."""
    with db.session() as session:
        require(session, actor, Permission.RETURNED)
        rows = session.scalars(select(SyncConflict).where(SyncConflict.resolved_at.is_(None))
                               .order_by(SyncConflict.id)).all()
        result = []
        for r in rows:
            record = _current(session, r)
            result.append(Conflict(
                r.id, r.kind, r.key, r.version, dict(r.data), r.record_id, r.reason, r.received_at,
                local_data=repo.json_ready(repo.content(record)) if record is not None else None,
                local_state=record.state if record is not None else None,
                can_take=_why_not(r, record) is None))
        return result


def _current(session: Session, row: SyncConflict) -> Record | None:
    """The current version of the record the conflict was about (it may have been corrected
    since the conflict arrived)."""
    if row.record_id is None:
        return None
    record = session.get(Record, row.record_id)
    if record is None or record.is_current:
        return record
    return repo.current_by_keys(session, [(record.term, record.id_number)]).get((record.term, record.id_number))


def _why_not(row: SyncConflict, record: Record | None) -> str | None:
    if row.kind != "pre_registration":
        return "kind"
    if candidate_from_registry(row.key, row.data) is None:
        return "invalid"
    if record is not None and is_sealed(RecordState(record.state)):
        return "sealed"
    return None


def settle(db: Database, conflict_id: int, *, actor: SignedIn, note: str = "",
           now: datetime | None = None) -> None:
    """The clerk has looked at the conflict (and corrected the record if needed)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    with db.session() as session, session.begin():
        by = require(session, actor, Permission.RETURNED)
        row = session.get(SyncConflict, conflict_id)
        if row is None or row.resolved_at is not None:
            raise DomainError(Problem(CONFLICT_NOT_FOUND, None, {"conflict_id": conflict_id}))
        row.resolved_at = stamp
        AuditTrail(session).append(actor=by, action="sync.conflict_settled", entity="record",
                                   entity_id=row.record_id or row.key,
                                   details={"conflict": row.id, "key": row.key, "version": row.version,
                                            "note": note}, at=stamp)


def take_registry(db: Database, conflict_id: int, *, actor: SignedIn, now: datetime | None = None) -> str:
    """Replace the local record's content with the registry's version (or create the
    pre-registration if the record is gone) and settle the conflict; the record's id.

    Refused with :data:`CANNOT_TAKE` while the record is sealed or what was sent cannot be read."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    with db.session() as session, session.begin():
        by = require(session, actor, Permission.RETURNED)
        row = session.get(SyncConflict, conflict_id)
        if row is None or row.resolved_at is not None:
            raise DomainError(Problem(CONFLICT_NOT_FOUND, None, {"conflict_id": conflict_id}))
        record = _current(session, row)
        why = _why_not(row, record)
        if why is not None:
            why_zh, why_en = _WHY[why]
            raise DomainError(Problem(CANNOT_TAKE, None, {"conflict_id": conflict_id,
                                                          "why_zh": why_zh, "why_en": why_en}))
        candidate = candidate_from_registry(row.key, row.data)
        assert candidate is not None  # _why_not checked it
        values = repo.json_ready(repo.content_of(candidate))
        audit = AuditTrail(session)
        if record is None:
            record = repo.new_from_registry(session, candidate, stamp)
            before = None
        else:
            before = repo.json_ready(repo.content(record))
            repo.apply_candidate(record, candidate, id_number_entered=candidate.id_number)
            record.updated_at = stamp
        reference_data.put(session, row.kind, row.key, row.version, values, stamp)
        row.resolved_at = stamp
        audit.append(actor=by, action="sync.conflict_taken", entity="record", entity_id=record.id,
                     before=before, after=values,
                     details={"conflict": row.id, "key": row.key, "version": row.version}, at=stamp)
        return record.id
