"""Moving a stored batch and its items through the client states of protocol §11.

When a batch leaves (announced over HTTP, or written to a file for removable media) its items
become ``sending``; a failure the registry will not fix by
itself (anything but a busy or unreachable registry) puts the items in ``error`` with the
message, and the next run sends the same batch again once the cause is fixed.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from learncenter.domain.messages import Problem, render
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.models import OutboxItem
from learncenter.store.sync_models import (
    BATCH_OPEN,
    BATCH_SENT,
    ITEM_ACCEPTED,
    ITEM_ERROR,
    ITEM_RETURNED,
    ITEM_SENDING,
    SyncBatch,
    SyncBatchItem,
)
from learncenter.protocol.errors import SLOW_DOWN, UNAVAILABLE, UNREACHABLE, SyncError

Q = TypeVar("Q", bound=Select)  # type: ignore[type-arg]  # any select, whatever its columns


def stored_problem(problem: Problem) -> str:
    """A problem as kept in ``last_error``: its code and parameters, rendered when shown."""
    return json.dumps({"code": problem.code, "params": {k: str(v) for k, v in problem.params.items()}},
                      ensure_ascii=False)


def problem_text(stored: str, lang: str = "zh") -> str:
    """The sentence of a stored problem in ``lang`` (older plain text is shown as it is)."""
    try:
        value = json.loads(stored)
    except ValueError:
        return stored
    if not isinstance(value, dict) or not isinstance(value.get("code"), str):
        return stored
    return render(value["code"], value.get("params") or {}, lang)


TRANSIENT = frozenset({UNAVAILABLE, SLOW_DOWN, UNREACHABLE})  # the registry's side will pass
ANSWERED = (ITEM_ACCEPTED, ITEM_RETURNED)


def batch_items(session: Session, batch_id: str) -> list[OutboxItem]:
    """The outbox items of a batch, in manifest order."""
    return list(session.scalars(in_batch(select(OutboxItem), batch_id)))


def in_batch(query: Q, batch_id: str) -> Q:
    """``query`` (of outbox items, or some of their columns) narrowed to a batch's, in manifest order."""
    return (query.join(SyncBatchItem, SyncBatchItem.outbox_id == OutboxItem.id)
            .where(SyncBatchItem.batch_id == batch_id).order_by(SyncBatchItem.position))


def mark_sending(db: Database, batch_id: str, *, actor: str, now: datetime, how: str) -> None:
    """The batch leaves (``how``: ``upload`` or ``export``): its items become ``sending``.

    The records themselves stay as they are until a verified receipt answers them: only then
    are they submitted and accepted or returned (protocol §6).
    """
    stamp = now.replace(tzinfo=None)
    with db.session() as session, session.begin():
        batch = session.get(SyncBatch, batch_id)
        if batch is None:
            raise KeyError(batch_id)
        audit = AuditTrail(session)
        if batch.state == BATCH_OPEN:
            batch.state, batch.sent_at = BATCH_SENT, stamp
        for item in batch_items(session, batch_id):
            if item.state in ANSWERED:
                continue
            item.state = ITEM_SENDING
            item.attempts += 1
        audit.append(actor=actor, action=f"sync.batch_{how}", entity="batch", entity_id=batch_id,
                     details={"sequence": batch.sequence}, at=stamp)


def mark_failed(db: Database, batch_id: str, error: SyncError) -> None:
    """Remember why the batch did not go; a lasting cause puts its items in ``error``."""
    message = stored_problem(error.problem)
    with db.session() as session, session.begin():
        batch = session.get(SyncBatch, batch_id)
        if batch is None:
            return
        batch.last_error = message
        for item in batch_items(session, batch_id):
            if item.state in ANSWERED:
                continue
            item.last_error = message
            if error.code not in TRANSIENT:
                item.state = ITEM_ERROR
