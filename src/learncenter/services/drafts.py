"""Drafts of forms being typed, saved as the user types.

A data-entry colleague's half-typed application must survive a crash or a power cut: the form
saves its fields here after each edit (one small transaction, synchronous=FULL), and on reopening
the drafts are offered back. Drafts are private to their owner and never audited or synced:
they are not records until saved as one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select

from learncenter.store.database import Database
from learncenter.store.models import Draft


@dataclass(frozen=True)
class SavedDraft:
    id: str
    kind: str
    record_id: str | None
    fields: dict[str, Any]
    updated_at: datetime


class DraftService:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or (lambda: datetime.now(UTC))

    def save(self, owner: str, kind: str, fields: Mapping[str, Any], *, draft_id: str | None = None,
             record_id: str | None = None) -> str:
        """Create or overwrite a draft; return its id (keep it for the next save)."""
        now = self._clock().astimezone(UTC).replace(tzinfo=None)
        with self._db.session() as session, session.begin():
            draft = session.get(Draft, draft_id) if draft_id else None
            if draft is None or draft.owner != owner:
                draft = Draft(id=draft_id or str(uuid.uuid4()), owner=owner, kind=kind, record_id=record_id,
                              payload={}, updated_at=now)
                session.add(draft)
            draft.payload = dict(fields)
            draft.updated_at = now
            return draft.id

    def pending(self, owner: str, kind: str) -> list[SavedDraft]:
        """The owner's drafts of this kind, newest first: what to offer back on reopening."""
        with self._db.session() as session:
            rows = session.scalars(
                select(Draft).where(Draft.owner == owner, Draft.kind == kind).order_by(Draft.updated_at.desc())
            )
            return [SavedDraft(d.id, d.kind, d.record_id, dict(d.payload), d.updated_at) for d in rows]

    def discard(self, draft_id: str) -> None:
        with self._db.session() as session, session.begin():
            session.execute(delete(Draft).where(Draft.id == draft_id))
