"""Entering many records at once: the batch behind imports, data entry and the demo.

New records are written with one executemany, which is what keeps a large import near the speed
of a bare insert; updates of unsealed records go through the ORM; the audit trail is written
just before commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from learncenter.domain.candidate import CandidateData
from learncenter.domain.lifecycle import RecordState, is_sealed
from learncenter.domain.messages import Problem, define
from learncenter.store import records as repo
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.models import Blob, Record
from learncenter.store.search import name_keys

RECORD_SEALED = define(
    "records.sealed",
    zh="{name}（{id_number}）的记录已封存（{state}），不能直接修改；如需更正，须经主管批准生成新版本。",
    en="The record of {name} ({id_number}) is sealed ({state}) and cannot be changed in place; "
    "a correction, approved by a supervisor, creates a new version.",
)


@dataclass(frozen=True)
class NewRecord:
    data: CandidateData
    id_number_entered: str
    state: RecordState = RecordState.DRAFT
    photo: bytes | None = None


@dataclass(frozen=True)
class EntryOutcome:
    record_id: str
    status: str  # created | updated | unchanged | sealed
    problem: Problem | None = None


def sealed_problem(record: Record) -> Problem:
    return Problem(RECORD_SEALED, None, {"name": record.name, "id_number": record.id_number,
                                          "state": record.state})


def store_photo(session: Session, db: Database, data: bytes, now: datetime, *,
                media_type: str = "image/jpeg") -> str:
    """Write the encrypted blob file, then its row (if new); return the SHA-256."""
    sha = db.blobs.put(data)
    if session.get(Blob, sha) is None:
        session.add(Blob(sha256=sha, size=len(data), media_type=media_type, created_at=now))
        session.flush()
    return sha


class EntryBatch:
    """The records one ``enter_many`` call creates or updates."""

    def __init__(self, session: Session, audit: AuditTrail, db: Database, *, actor: str,
                 source: str, now: datetime) -> None:
        self._session, self._audit, self._db = session, audit, db
        self._actor, self._source, self._now = actor, source, now
        self._existing: dict[tuple[str, str], Record] = {}
        self._new: dict[tuple[str, str], dict[str, Any]] = {}
        self._blobs: dict[str, dict[str, Any]] = {}

    def load_existing(self, entries: Sequence[NewRecord]) -> None:
        keys = {(e.data.term, e.data.id_number) for e in entries}
        self._existing = repo.current_by_keys(self._session, keys)

    def enter(self, entry: NewRecord) -> EntryOutcome:
        key = (entry.data.term, entry.data.id_number)
        photo_sha = self._photo(entry.photo) if entry.photo else None
        values = repo.content_of(entry.data)
        pending = self._new.get(key)
        if pending is not None:  # the same application twice in one batch: the last one wins
            before = {f: pending[f] for f in values}
            if before == values and (photo_sha is None or photo_sha == pending["photo_sha256"]):
                return EntryOutcome(pending["id"], "unchanged")
            pending.update(self._row_values(entry, values, photo_sha or pending["photo_sha256"]))
            self._log("record.update", pending["id"], before, values)
            return EntryOutcome(pending["id"], "updated")
        record = self._existing.get(key)
        if record is None:
            row = {
                "id": str(uuid.uuid4()), "version": 1, "replaces_id": None, "is_current": True,
                "state": entry.state.value, "source": self._source, "verdict": None,
                "refusal_reason": "", "correction_reason": "", "sealed_at": None, "sealed_by": None,
                "approved_by": None, "created_at": self._now, "photo_checks": None, "photo_attempts": 0,
                "photo_accepted_by": None, "id_card_checked_by": None,
                **self._row_values(entry, values, photo_sha),
            }
            self._new[key] = row
            self._log("record.create", row["id"], None, values)
            return EntryOutcome(row["id"], "created")
        before = repo.content(record)
        if before == values and (photo_sha is None or photo_sha == record.photo_sha256):
            return EntryOutcome(record.id, "unchanged")
        if is_sealed(RecordState(record.state)):
            return EntryOutcome(record.id, "sealed", sealed_problem(record))
        repo.apply_candidate(record, entry.data, id_number_entered=entry.id_number_entered)
        if photo_sha:
            record.photo_sha256 = photo_sha
        record.updated_at = self._now
        self._log("record.update", record.id, before, values)
        return EntryOutcome(record.id, "updated")

    def _row_values(self, entry: NewRecord, values: dict[str, Any], photo_sha: str | None) -> dict[str, Any]:
        pinyin, initials = name_keys(entry.data.name)
        return {**values, "id_number_entered": entry.id_number_entered, "name_pinyin": pinyin,
                "name_initials": initials, "photo_sha256": photo_sha, "updated_at": self._now}

    def _photo(self, photo: bytes) -> str:
        sha = self._db.blobs.put(photo)
        if sha not in self._blobs and self._session.get(Blob, sha) is None:
            self._blobs[sha] = {"sha256": sha, "size": len(photo), "media_type": "image/jpeg",
                                "created_at": self._now}
        return sha

    def _log(self, action: str, record_id: str, before: dict[str, Any] | None, after: dict[str, Any]) -> None:
        self._audit.append(actor=self._actor, action=action, entity="record", entity_id=record_id,
                           before=before, after=after, details={"source": self._source}, at=self._now)

    def write(self) -> None:
        """Insert the new blobs and records (blobs first: records refer to them)."""
        if self._blobs:
            self._session.execute(insert(Blob), list(self._blobs.values()))
        if self._new:
            self._session.execute(insert(Record), list(self._new.values()))
