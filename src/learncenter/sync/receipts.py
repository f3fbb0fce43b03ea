"""Applying the registry's signed receipt to the batch it answers (protocol §6).

Nothing is marked before the receipt verifies against the pinned registry key *and* names the
hash of the manifest this center sealed for that batch; then, in one transaction, each record
version becomes accepted or returned (with the registry's code and reasons), through the
lifecycle and the audit log. Applying the same receipt again changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from learncenter.domain.lifecycle import Action, IllegalTransition, RecordState, next_state
from learncenter.domain.messages import Problem, define
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.models import OutboxItem, Record
from learncenter.store.sync_models import (
    BATCH_COMMITTED,
    ITEM_ACCEPTED,
    ITEM_ERROR,
    ITEM_RETURNED,
    SyncBatch,
)
from learncenter.store.student_models import (
    EVENT_PENDING, EVENT_REJECTED, EVENT_RETURNED, EVENT_SENT, SYNC_ACCEPTED, SYNC_RETURNED, StudentBatchItem,
    StudentEvent,
)
from learncenter.sync import pins, student_items
from learncenter.sync.batch_states import ANSWERED, in_batch, stored_problem
from learncenter.protocol.errors import MALFORMED, UNKNOWN_BATCH, WRONG_CENTER, SyncError
from learncenter.protocol.receipt import verify_receipt

NOT_IN_RECEIPT = define(
    "sync.not_in_receipt",
    zh="登记机构的回执没有提到这条记录（批次 {sequence}）：请再同步一次，如仍出现请联系登记机构。",
    en="The registry's receipt does not mention this record (batch {sequence}): sync again, and "
       "contact the registry if it persists.",
)


@dataclass(frozen=True)
class ReceiptOutcome:
    batch_id: str
    sequence: int
    accepted: int
    returned: int
    unchanged: int  # already answered by an earlier application of a receipt
    errors: int


def apply_receipt(db: Database, receipt: Mapping[str, Any], *, actor: str, now: datetime) -> ReceiptOutcome:
    """Verify ``receipt`` for the stored batch it names and apply it, or raise :class:`SyncError`."""
    batch_id = receipt.get("batch_id")
    if not isinstance(batch_id, str):
        raise SyncError(MALFORMED)
    stamp = now.replace(tzinfo=None)
    with db.session() as session, session.begin():
        batch = session.get(SyncBatch, batch_id)
        if batch is None:
            raise SyncError(UNKNOWN_BATCH)
        pinned = pins.require(session)
        verified = verify_receipt(receipt, registry_public=pinned.signing_public,
                                  manifest_hash=batch.manifest_hash)
        if verified.get("center_id") != pinned.center_id:
            raise SyncError(WRONG_CENTER)
        if verified.get("sequence") != batch.sequence:
            raise SyncError(MALFORMED)
        results = {(r.get("record_id"), r.get("version")): r for r in verified["results"]}
        audit = AuditTrail(session)
        counts = {"accepted": 0, "returned": 0, "unchanged": 0, "errors": 0}
        changes = _Changes()
        items = session.execute(in_batch(select(
            OutboxItem.id, OutboxItem.record_id, OutboxItem.record_version, OutboxItem.state), batch_id)).all()
        # the records' states in one query, and no more of them than the state: a receipt
        # answers up to 2,000 records and loading each whole would cost more than answering it
        states: dict[str, str] = dict(session.execute(select(Record.id, Record.state).where(
            Record.id.in_({item.record_id for item in items}))).all())
        for item in items:
            if item.state in ANSWERED:
                counts["unchanged"] += 1
                continue
            result = results.get((item.record_id, item.record_version))
            if result is None:
                changes.failed(item.id, Problem(NOT_IN_RECEIPT, None, {"sequence": batch.sequence}))
                counts["errors"] += 1
                continue
            accepted = result["status"] == "accepted"
            state = states.get(item.record_id)
            try:
                if state is not None:
                    states[item.record_id] = changes.records[item.record_id] = _answer(
                        audit, item.record_id, state, accepted, result, batch_id=batch_id, stamp=stamp, actor=actor)
            except IllegalTransition as error:
                changes.failed(item.id, error.problem)
                counts["errors"] += 1
                continue
            if accepted:
                changes.accepted.append(item.id)
                counts["accepted"] += 1
            else:
                changes.returned.append({"item_id": item.id, "code": str(result.get("code") or ""),
                                         "zh": str(result.get("reason_zh") or ""),
                                         "en": str(result.get("reason_en") or "")})
                counts["returned"] += 1
        changes.write(session, stamp)
        for key, count in answer_student_events(session, batch_id, results, stamp).items():
            counts[key] += count
        if batch.state != BATCH_COMMITTED:
            batch.state, batch.committed_at, batch.receipt = BATCH_COMMITTED, stamp, dict(receipt)
            batch.last_error = ""
            audit.append(actor=actor, action="sync.receipt", entity="batch", entity_id=batch_id,
                         details={"sequence": batch.sequence, "accepted": counts["accepted"],
                                  "returned": counts["returned"], "key_id": verified["key_id"]}, at=stamp)
        return ReceiptOutcome(batch_id, batch.sequence, **counts)


def answer_student_events(session: Session, batch_id: str, results: Mapping[tuple[Any, Any], Mapping[str, Any]],
                          stamp: datetime) -> dict[str, int]:
    """The registry's answer to each student event of the batch: filed (or queued for its review),
    or refused with its reason; a request it refused is rejected, a decision taken here that it
    refused is marked returned."""
    counts = {"accepted": 0, "returned": 0, "unchanged": 0, "errors": 0}
    events = session.scalars(select(StudentEvent).join(StudentBatchItem, StudentBatchItem.event_id == StudentEvent.id)
                             .where(StudentBatchItem.batch_id == batch_id).order_by(StudentBatchItem.position))
    for event in events:
        if event.sync_state in (SYNC_ACCEPTED, SYNC_RETURNED):
            counts["unchanged"] += 1
            continue
        result = results.get((student_items.PREFIX + event.uid, student_items.VERSION))
        if result is None:
            counts["errors"] += 1
            continue
        if result["status"] == "accepted":
            event.sync_state = SYNC_ACCEPTED
            if event.state == EVENT_PENDING:
                event.state = EVENT_SENT
            counts["accepted"] += 1
            continue
        event.sync_state = SYNC_RETURNED
        event.state = EVENT_REJECTED if event.state in (EVENT_PENDING, EVENT_SENT) else EVENT_RETURNED
        event.decided_by, event.decided_at = "registry", stamp
        event.decision_reason = str(result.get("reason_zh") or "")
        event.details = {**event.details, "returned": {"code": str(result.get("code") or ""),
                                                       "zh": str(result.get("reason_zh") or ""),
                                                       "en": str(result.get("reason_en") or "")}}
        counts["returned"] += 1
    return counts


def _answer(audit: AuditTrail, record_id: str, state_now: str, accepted: bool, result: Mapping[str, Any], *,
            batch_id: str, stamp: datetime, actor: str) -> str:
    """Submitted (if the batch left before this code knew it), then accepted or returned: the
    audit entry, and the record's new state."""
    state = RecordState(state_now)
    if state in (RecordState.CONFIRMED, RecordState.REFUSED):
        state = next_state(state, Action.SUBMIT)
    action = Action.ACCEPT if accepted else Action.RETURN
    new = next_state(state, action)
    details: dict[str, Any] = {"from": state_now, "to": new.value, "batch_id": batch_id}
    if not accepted:
        details.update(code=result.get("code"), reason_zh=result.get("reason_zh"),
                       reason_en=result.get("reason_en"))
    audit.append(actor=actor, action=f"record.{action.value}", entity="record", entity_id=record_id,
                 details=details, at=stamp)
    return new.value


@dataclass
class _Changes:
    """What a receipt changes, gathered while it is read and written as a few set-based
    statements: the items accepted, returned (each with its reason) or failed, and each record's
    new state (the last one, when a batch holds two versions of a record)."""

    accepted: list[int] = field(default_factory=list)
    returned: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    records: dict[str, str] = field(default_factory=dict)

    def failed(self, item_id: int, problem: Problem) -> None:
        self.failures.append({"item_id": item_id, "error": stored_problem(problem)})

    def write(self, session: Session, stamp: datetime) -> None:
        connection = session.connection()  # Core statements: no ORM object per row
        by_state: dict[str, list[str]] = {}
        for record_id, new_state in self.records.items():
            by_state.setdefault(new_state, []).append(record_id)
        for new_state, record_ids in by_state.items():
            connection.execute(update(Record).where(Record.id.in_(record_ids))
                               .values(state=new_state, updated_at=stamp))
        if self.accepted:
            connection.execute(update(OutboxItem).where(OutboxItem.id.in_(self.accepted))
                               .values(state=ITEM_ACCEPTED, answered_at=stamp, last_error=""))
        if self.returned:
            connection.execute(update(OutboxItem).where(OutboxItem.id == bindparam("item_id")).values(
                state=ITEM_RETURNED, answered_at=stamp, last_error="", return_code=bindparam("code"),
                return_reason_zh=bindparam("zh"), return_reason_en=bindparam("en")), self.returned)
        if self.failures:
            connection.execute(update(OutboxItem).where(OutboxItem.id == bindparam("item_id"))
                               .values(state=ITEM_ERROR, last_error=bindparam("error")), self.failures)
