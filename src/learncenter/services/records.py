"""Entering, confirming, refusing and correcting candidate records.

Every method is one transaction: the change, its audit entry and (for what the registry must
receive) its outbox item are committed together or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from learncenter.domain.candidate import CandidateData
from learncenter.domain.eligibility import EligibilityProfile, Outcome, Verdict, evaluate
from learncenter.domain.lifecycle import Action, RecordState, is_sealed, next_state
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.store import records as repo
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.models import Blob, Record
from learncenter.store.search import name_keys
from learncenter.services.users import UserService

RECORD_NOT_FOUND = define(
    "records.not_found", zh="找不到记录 {record_id}。", en="Record {record_id} was not found."
)
RECORD_SEALED = define(
    "records.sealed",
    zh="{name}（{id_number}）的记录已封存（{state}），不能直接修改；如需更正，须经主管批准生成新版本。",
    en="The record of {name} ({id_number}) is sealed ({state}) and cannot be changed in place; "
    "a correction, approved by a supervisor, creates a new version.",
)
NOT_SEALED = define(
    "records.not_sealed",
    zh="{name} 的记录尚未封存，直接修改即可，无需更正流程。",
    en="The record of {name} is not sealed yet; edit it directly, no correction is needed.",
)
NOT_ELIGIBLE = define(
    "records.not_eligible",
    zh="{name} 不符合报考条件，不能确认：{reason}。请拒绝并注明原因。",
    en="{name} is not eligible and cannot be confirmed: {reason}. Refuse the record with a reason.",
)
NEEDS_REVIEW = define(
    "records.needs_review",
    zh="{name} 的资格需要人工核对：{reason}。核对无误后再确认。",
    en="The eligibility of {name} needs a review: {reason}. Confirm once it is checked.",
)
PHOTO_MISSING = define(
    "records.photo_missing",
    zh="{name} 还没有标准照片，请先采集照片再确认。",
    en="{name} has no standard photo yet; capture it before confirming.",
)
REASON_MISSING = define(
    "records.reason_missing",
    zh="请填写原因。",
    en="Please give a reason.",
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


@dataclass(frozen=True)
class Sealed:
    record_id: str
    version: int
    state: RecordState
    verdict: Verdict | None


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    return {
        "outcome": verdict.outcome.value,
        "profile_version": verdict.profile_version,
        "rules": [
            {
                "rule": r.rule,
                "result": r.result.value,
                "code": r.problem.code,
                "params": repo.json_ready(dict(r.problem.params)),
            }
            for r in verdict.rules
        ],
    }


class RecordService:
    def __init__(
        self,
        db: Database,
        *,
        profile: EligibilityProfile,
        users: UserService,
        clock: Callable[[], datetime] | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        self._db = db
        self._profile = profile
        self._users = users
        self._clock = clock or (lambda: datetime.now(UTC))
        self._today = today or date.today

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC).replace(tzinfo=None)

    # -- entering -------------------------------------------------------------------------

    def enter_many(self, entries: Sequence[NewRecord], *, actor: str, source: str) -> list[EntryOutcome]:
        """Create or update unsealed records by (term, ID number), in one transaction.

        The same content again changes nothing; a sealed record is left alone and reported.
        New records are written with one executemany, which is what keeps a large import near
        the speed of a bare insert.
        """
        now = self._now()
        with self._db.session() as session, session.begin():
            batch = _EntryBatch(session, AuditTrail(session), self._db, actor=actor, source=source, now=now)
            batch.load_existing(entries)
            outcomes = [batch.enter(entry) for entry in entries]
            batch.write()
            return outcomes

    def enter(self, entry: NewRecord, *, actor: str, source: str = "entry") -> EntryOutcome:
        return self.enter_many([entry], actor=actor, source=source)[0]

    def attach_photo(self, record_id: str, photo: bytes, *, actor: str) -> None:
        now = self._now()
        with self._db.session() as session, session.begin():
            record = self._current(session, record_id)
            if is_sealed(RecordState(record.state)):
                raise DomainError(sealed_problem(record))
            before = record.photo_sha256
            record.photo_sha256 = store_photo(session, self._db, photo, now)
            record.updated_at = now
            AuditTrail(session).append(
                actor=actor, action="record.photo", entity="record", entity_id=record.id,
                details={"before": before, "after": record.photo_sha256}, at=now,
            )

    # -- the lifecycle ----------------------------------------------------------------------

    def check_in(self, record_id: str, *, actor: str) -> RecordState:
        now = self._now()
        with self._db.session() as session, session.begin():
            record = self._current(session, record_id)
            self._transition(AuditTrail(session), record, Action.CHECK_IN, actor=actor, now=now)
            return RecordState(record.state)

    def assess(self, record_id: str) -> Verdict:
        with self._db.session() as session:
            record = self._current(session, record_id)
            return evaluate(repo.candidate_of(record), self._profile, application_date=self._today())

    def confirm(self, record_id: str, *, actor: str, acknowledge_review: bool = False) -> Sealed:
        now = self._now()
        with self._db.session() as session, session.begin():
            audit = AuditTrail(session)
            record = self._checked_in(session, audit, record_id, actor=actor, now=now)
            verdict = self._verdict_allowing_confirmation(record, acknowledge_review)
            if record.photo_sha256 is None:
                raise DomainError(Problem(PHOTO_MISSING, "photo", {"name": record.name}))
            before = repo.content(record)
            record.verdict = verdict_json(verdict)
            record.sealed_at, record.sealed_by = now, actor
            self._transition(audit, record, Action.CONFIRM, actor=actor, now=now, before=before)
            repo.enqueue(session, kind="record.confirmed", record=record, payload=self._payload(record), now=now)
            return Sealed(record.id, record.version, RecordState(record.state), verdict)

    def refuse(self, record_id: str, *, actor: str, reason: str) -> Sealed:
        reason = reason.strip()
        if not reason:
            raise DomainError(Problem(REASON_MISSING, "reason"))
        now = self._now()
        with self._db.session() as session, session.begin():
            audit = AuditTrail(session)
            record = self._checked_in(session, audit, record_id, actor=actor, now=now)
            record.refusal_reason = reason
            record.sealed_at, record.sealed_by = now, actor
            self._transition(audit, record, Action.REFUSE, actor=actor, now=now, details={"reason": reason})
            repo.enqueue(session, kind="record.refused", record=record, payload=self._payload(record), now=now)
            return Sealed(record.id, record.version, RecordState(record.state), None)

    def correct(
        self, record_id: str, data: CandidateData, *, id_number_entered: str, actor: str,
        supervisor: str, reason: str, acknowledge_review: bool = False,
    ) -> Sealed:
        """A new sealed version replacing a sealed one, approved by a supervisor."""
        reason = reason.strip()
        if not reason:
            raise DomainError(Problem(REASON_MISSING, "reason"))
        self._users.require_supervisor(supervisor)
        now = self._now()
        with self._db.session() as session, session.begin():
            old = self._current(session, record_id)
            if not is_sealed(RecordState(old.state)):
                raise DomainError(Problem(NOT_SEALED, None, {"name": old.name}))
            old.is_current = False
            old.updated_at = now
            session.flush()  # the unique (term, id_number) of current versions moves to the new one
            new = Record(
                id=str(uuid.uuid4()), version=old.version + 1, replaces_id=old.id, is_current=True,
                state=RecordState.CONFIRMED.value, source="correction", photo_sha256=old.photo_sha256,
                refusal_reason="", correction_reason=reason, approved_by=supervisor,
                created_at=now, updated_at=now,
            )
            repo.apply_candidate(new, data, id_number_entered=id_number_entered)
            verdict = self._verdict_allowing_confirmation(new, acknowledge_review)
            new.verdict = verdict_json(verdict)
            new.sealed_at, new.sealed_by = now, actor
            session.add(new)
            AuditTrail(session).append(
                actor=actor, action="record.correct", entity="record", entity_id=new.id,
                before=repo.content(old), after=repo.content(new),
                details={"replaces": old.id, "supervisor": supervisor, "reason": reason}, at=now,
            )
            repo.enqueue(session, kind="record.corrected", record=new, payload=self._payload(new), now=now)
            return Sealed(new.id, new.version, RecordState(new.state), verdict)

    # -- internals ---------------------------------------------------------------------------

    def _current(self, session: Session, record_id: str) -> Record:
        record = repo.get(session, record_id)
        if record is None:
            raise DomainError(Problem(RECORD_NOT_FOUND, None, {"record_id": record_id}))
        return record

    def _checked_in(self, session: Session, audit: AuditTrail, record_id: str, *, actor: str,
                    now: datetime) -> Record:
        """The record, checked in first if the clerk decides on it straight from the queue."""
        record = self._current(session, record_id)
        if RecordState(record.state) in (RecordState.PRE_REGISTERED, RecordState.DRAFT):
            self._transition(audit, record, Action.CHECK_IN, actor=actor, now=now)
        return record

    def _verdict_allowing_confirmation(self, record: Record, acknowledge_review: bool) -> Verdict:
        verdict = evaluate(repo.candidate_of(record), self._profile, application_date=self._today())
        reasons = "；".join(r.problem.text() for r in verdict.reasons())
        if verdict.outcome is Outcome.NOT_ELIGIBLE:
            raise DomainError(Problem(NOT_ELIGIBLE, None, {"name": record.name, "reason": reasons}))
        if verdict.outcome is Outcome.NEEDS_REVIEW and not acknowledge_review:
            raise DomainError(Problem(NEEDS_REVIEW, None, {"name": record.name, "reason": reasons}))
        return verdict

    def _transition(
        self, audit: AuditTrail, record: Record, action: Action, *, actor: str, now: datetime,
        before: dict[str, Any] | None = None, details: dict[str, Any] | None = None,
    ) -> None:
        old_state = record.state
        record.state = next_state(RecordState(old_state), action).value
        record.updated_at = now
        audit.append(
            actor=actor, action=f"record.{action.value}", entity="record", entity_id=record.id,
            before=before, after=repo.content(record) if before is not None else None,
            details={"from": old_state, "to": record.state, **(details or {})}, at=now,
        )

    @staticmethod
    def _payload(record: Record) -> dict[str, Any]:
        return {
            "record_id": record.id,
            "version": record.version,
            "replaces": record.replaces_id,
            "state": record.state,
            "candidate": repo.json_ready(repo.content(record)),
            "id_number_entered": record.id_number_entered,
            "photo_sha256": record.photo_sha256,
            "verdict": record.verdict,
            "refusal_reason": record.refusal_reason,
            "correction_reason": record.correction_reason,
            "approved_by": record.approved_by,
            "sealed_at": record.sealed_at.isoformat() if record.sealed_at else None,
            "sealed_by": record.sealed_by,
        }


def sealed_problem(record: Record) -> Problem:
    return Problem(RECORD_SEALED, None, {"name": record.name, "id_number": record.id_number,
                                          "state": record.state})


def store_photo(session: Session, db: Database, photo: bytes, now: datetime) -> str:
    """Write the encrypted blob file, then its row (if new); return the SHA-256."""
    sha = db.blobs.put(photo)
    if session.get(Blob, sha) is None:
        session.add(Blob(sha256=sha, size=len(photo), media_type="image/jpeg", created_at=now))
        session.flush()
    return sha


class _EntryBatch:
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
                "approved_by": None, "created_at": self._now,
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
