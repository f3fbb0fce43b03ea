"""Entering many records at once: the batch behind imports, data entry and the demo.

New records are written with one executemany, which is what keeps a large import near the speed
of a bare insert; updates of unsealed records go through the ORM; the audit trail is written
just before commit.

Records are keyed by (term, ID number): one application per person and round. An import that
brings the same application again updates the unsealed record it already made; a typed
application never does (``new_only``): two people cannot share an ID number, so a record already
held under the key is named and the new one refused, and the data-entry staff open the held
record to change it (``record_id``), which updates exactly that record and no other.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from learncenter.domain.candidate import CANDIDATE_FIELDS, CandidateData
from learncenter.domain.codes import Label, label_params
from learncenter.domain.lifecycle import STATE_LABELS, RecordState, is_sealed
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.store import records as repo
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.models import Blob, Record, RecordNameKey
from learncenter.store.name_keys import alternative_keys, key_rows, name_keys

if TYPE_CHECKING:
    from learncenter.services.prepared_rows import PreparedRow

RECORD_SEALED = define(
    "records.sealed",
    zh="{name}（{id_number}）的记录已封存（{state}），不能直接修改；如需更正，须经主管批准生成新版本。",
    en="The record of {name} ({id_number}) is sealed ({state}) and cannot be changed in place; "
    "a correction, approved by a supervisor, creates a new version.",
)
KEY_HELD = define(
    "records.key_held",
    zh="{term}批次已有身份证号为 {id_number} 的记录：{name}（报名号：{registration_zh}，{state_zh}）。"
    "同一批次一个身份证号只能有一条记录，所以没有另建新记录：如是同一人，请打开该记录修改；"
    "如不是同一人，请对照身份证核对身份证号。",
    en="Round {term} already holds a record with ID number {id_number}: {name} (registration no. "
    "{registration_en}, {state_en}). An ID number has one record per round, so no new record was saved: "
    "if this is the same person, open that record and change it; if not, check the ID number against the card.",
)
KEY_HELD_SEALED = define(
    "records.key_held_sealed",
    zh="{term}批次已有身份证号为 {id_number} 的记录：{name}（报名号：{registration_zh}，{state_zh}），且已封存。"
    "同一批次一个身份证号只能有一条记录，所以没有另建新记录：如是同一人，该记录只能经主管批准更正；"
    "如不是同一人，请对照身份证核对身份证号。",
    en="Round {term} already holds a sealed record with ID number {id_number}: {name} (registration no. "
    "{registration_en}, {state_en}). An ID number has one record per round, so no new record was saved: "
    "if this is the same person, that record can only be corrected with a supervisor's approval; if not, "
    "check the ID number against the card.",
)
RECORD_GONE = define(
    "records.edit_gone",
    zh="要修改的记录已不存在，或已被更正后的新版本取代：请在队列中重新查找并打开。",
    en="The record being edited no longer exists or was replaced by a corrected version: find it in the queue "
    "and open it again.",
)
_NO_REGISTRATION = Label("无", "none")

# A new record from a prepared row, straight to the driver: one executemany of plain tuples
# (SQLAlchemy's bookkeeping per row cost as much as the insert itself). The columns left out
# are NULL or take their defaults; dates and times are stored as SQLAlchemy stores them.
_PREPARED_COLUMNS = ("id", "state", "source", "created_at", "updated_at", "photo_sha256", *CANDIDATE_FIELDS,
                     "id_number_entered", "name_pinyin", "name_initials")
_INSERT_PREPARED = (
    f"INSERT INTO records (version, is_current, refusal_reason, correction_reason, photo_attempts, "
    f"{', '.join(_PREPARED_COLUMNS)}) VALUES (1, 1, '', '', 0, {', '.join('?' * len(_PREPARED_COLUMNS))})"
)
_NAME_AT = _PREPARED_COLUMNS.index("name")
_INSERT_NAME_KEY = "INSERT INTO record_name_keys (record_id, kind, key) VALUES (?, ?, ?)"
_DATE_AT = tuple(CANDIDATE_FIELDS.index(name) for name in ("birth_date", "prior_graduation_date", "payment_date"))


@dataclass(frozen=True)
class NewRecord:
    data: CandidateData
    id_number_entered: str
    state: RecordState = RecordState.DRAFT  # of a record created; an update keeps the record's state
    photo: bytes | None = None
    record_id: str | None = None  # update exactly this (unsealed) record: data entry opened it
    new_only: bool = False  # a typed application: refused, never merged, when its key is held


@dataclass(frozen=True)
class EntryOutcome:
    record_id: str
    status: str  # created | updated | unchanged | sealed | refused (nothing written; see problem)
    problem: Problem | None = None


@dataclass(frozen=True)
class OpenedRecord:
    """An unsealed record as the data-entry form shows it."""

    record_id: str
    state: RecordState
    values: dict[str, Any]  # candidate fields; the ID number as it was entered


def sealed_problem(record: Record) -> Problem:
    return Problem(RECORD_SEALED, None, {"name": record.name, "id_number": record.id_number,
                                          "state": record.state})


def key_held_problem(*, name: str, registration_no: str, id_number: str, term: str, state: RecordState) -> Problem:
    """Why a second record under one (term, ID number) is refused, naming the one that holds it."""
    registration = Label(registration_no, registration_no) if registration_no else _NO_REGISTRATION
    return Problem(KEY_HELD_SEALED if is_sealed(state) else KEY_HELD, "id_number",
                   {"name": name, "id_number": id_number, "term": term,
                    **label_params("registration", registration), **label_params("state", STATE_LABELS[state])})


def _held_by_record(record: Record) -> Problem:
    return key_held_problem(name=record.name, registration_no=record.registration_no, id_number=record.id_number,
                            term=record.term, state=RecordState(record.state))


def _held_by_row(row: dict[str, Any]) -> Problem:
    return key_held_problem(name=row["name"], registration_no=row["registration_no"], id_number=row["id_number"],
                            term=row["term"], state=RecordState(row["state"]))


def open_for_editing(db: Database, record_id: str) -> OpenedRecord:
    """The current, unsealed record to load into the data-entry form; a sealed one is refused, saying why."""
    with db.session() as session:
        record = repo.get(session, record_id)
        if record is None or not record.is_current:
            raise DomainError(Problem(RECORD_GONE))
        if is_sealed(RecordState(record.state)):
            raise DomainError(sealed_problem(record))
        values = repo.content(record)
        values["id_number"] = record.id_number_entered or record.id_number
        return OpenedRecord(record.id, RecordState(record.state), values)


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
        self._edited: dict[str, Record] = {}
        self._new: dict[tuple[str, str], dict[str, Any]] = {}
        self._blobs: dict[str, dict[str, Any]] = {}

    def load_existing(self, entries: Sequence[NewRecord]) -> None:
        keys = {(e.data.term, e.data.id_number) for e in entries}
        self._existing = repo.current_by_keys(self._session, keys)
        edited = {e.record_id for e in entries if e.record_id is not None}
        if edited:
            rows = self._session.scalars(select(Record).where(Record.id.in_(edited)))
            self._edited = {record.id: record for record in rows}

    def enter(self, entry: NewRecord) -> EntryOutcome:
        key = (entry.data.term, entry.data.id_number)
        if entry.record_id is not None:
            return self._edit(entry, entry.record_id, key)
        values = repo.content_of(entry.data)
        pending = self._new.get(key)
        if pending is not None:  # the same application twice in one batch: the last one wins
            if entry.new_only:
                return EntryOutcome(pending["id"], "refused", _held_by_row(pending))
            values = repo.content_of(repo.keeping_payment(entry.data, pending["payment_state"],
                                                          pending["payment_date"]))
            photo_sha = self._photo(entry.photo) if entry.photo else None
            before = {f: pending[f] for f in values}
            if before == values and (photo_sha is None or photo_sha == pending["photo_sha256"]):
                return EntryOutcome(pending["id"], "unchanged")
            pending.update(self._row_values(entry, values, photo_sha or pending["photo_sha256"]))
            self._log("record.update", pending["id"], before, values)
            return EntryOutcome(pending["id"], "updated")
        record = self._existing.get(key)
        if record is None:
            photo_sha = self._photo(entry.photo) if entry.photo else None
            row = {
                "id": str(uuid.uuid4()), "version": 1, "replaces_id": None, "is_current": True,
                "state": entry.state.value, "source": self._source, "verdict": None,
                "refusal_reason": "", "correction_reason": "", "sealed_at": None, "sealed_by": None,
                "approved_by": None, "created_at": self._now, "photo_checks": None, "photo_attempts": 0,
                "photo_accepted_by": None, "id_card_checked_by": None,
                "payment_state": None, "payment_date": None,  # every row of the executemany has every key
                **self._row_values(entry, values, photo_sha),
            }
            self._new[key] = row
            self._log("record.create", row["id"], None, values)
            return EntryOutcome(row["id"], "created")
        if entry.new_only:
            return EntryOutcome(record.id, "refused", _held_by_record(record))
        return self._update(record, entry)

    def _edit(self, entry: NewRecord, record_id: str, key: tuple[str, str]) -> EntryOutcome:
        """Update the record data entry opened, never the one another person holds under the new key."""
        record = self._edited.get(record_id)
        if record is None or not record.is_current:
            return EntryOutcome(record_id, "refused", Problem(RECORD_GONE))
        holder, pending = self._existing.get(key), self._new.get(key)
        if pending is not None:
            return EntryOutcome(pending["id"], "refused", _held_by_row(pending))
        if holder is not None and holder.id != record.id:
            return EntryOutcome(holder.id, "refused", _held_by_record(holder))
        old_key = (record.term, record.id_number)
        outcome = self._update(record, entry)
        if outcome.status == "updated" and old_key != key:  # later entries of the batch see where it went
            if self._existing.get(old_key) is record:
                del self._existing[old_key]
            self._existing[key] = record
        return outcome

    def _update(self, record: Record, entry: NewRecord) -> EntryOutcome:
        before = repo.content(record)
        values = repo.content_of(repo.keeping_payment(entry.data, record.payment_state, record.payment_date))
        photo_sha = self._photo(entry.photo) if entry.photo else None
        if before == values and (photo_sha is None or photo_sha == record.photo_sha256):
            return EntryOutcome(record.id, "unchanged")
        if is_sealed(RecordState(record.state)):
            return EntryOutcome(record.id, "sealed", sealed_problem(record))
        repo.apply_candidate(record, entry.data, id_number_entered=entry.id_number_entered)
        if photo_sha:
            pending = self._blobs.pop(photo_sha, None)
            if pending is not None:  # the record will refer to it at the next flush: in the database first
                with self._session.no_autoflush:
                    self._session.execute(insert(Blob), [pending])
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

    def enter_prepared(self, rows: Sequence[PreparedRow], state: RecordState,
                       photos: Sequence[str] = ()) -> list[EntryOutcome]:
        """Rows an import's reader checked (keys unique among them): new ones inserted with one
        executemany, held unsealed ones updated, the same content again left unchanged. A row's
        ``photo`` indexes ``photos``, the SHA-256 of photos already stored."""
        keys = [row.key for row in rows]
        self._existing = repo.current_by_keys(self._session, keys)
        now = _stored_time(self._now)
        fixed = (state.value, self._source, now, now)
        details = {"source": self._source}
        new: list[tuple[object, ...]] = []
        other_keys: list[tuple[str, str, str]] = []  # record_name_keys rows, read by the reader
        outcomes: list[EntryOutcome] = []
        append_audit = self._audit.append
        for row, key in zip(rows, keys, strict=True):
            record = self._existing.get(key)
            photo_sha = photos[row.photo] if row.photo >= 0 else None
            if record is not None:
                outcomes.append(self._update_prepared(record, row, photo_sha))
                continue
            record_id = str(uuid.uuid4())
            values = list(row.values)
            for at in _DATE_AT:
                if values[at] is not None:
                    values[at] = values[at].isoformat()  # type: ignore[attr-defined]
            new.append((record_id, *fixed, photo_sha, *values, row.id_number_entered, row.name_pinyin,
                        row.name_initials))
            other_keys += [(record_id, kind, key) for kind, key in row.other_keys]
            append_audit(actor=self._actor, action="record.create", entity="record", entity_id=record_id,
                         after_digest=row.after_digest, details=details, at=self._now)
            outcomes.append(EntryOutcome(record_id, "created"))
        if new:
            connection = self._session.connection()
            connection.exec_driver_sql(_INSERT_PREPARED, new)
            if other_keys:
                connection.exec_driver_sql(_INSERT_NAME_KEY, other_keys)
        return outcomes

    def _update_prepared(self, record: Record, row: PreparedRow, photo_sha: str | None) -> EntryOutcome:
        before = repo.content(record)
        values = dict(zip(CANDIDATE_FIELDS, row.values, strict=True))
        if values["payment_state"] is None and record.payment_state is not None:  # a sheet without payment
            values["payment_state"], values["payment_date"] = record.payment_state, record.payment_date
        values = repo.plain(values)
        if before == values and (photo_sha is None or photo_sha == record.photo_sha256):
            return EntryOutcome(record.id, "unchanged")
        if is_sealed(RecordState(record.state)):
            return EntryOutcome(record.id, "sealed", sealed_problem(record))
        old_name = record.name
        for name in CANDIDATE_FIELDS:
            setattr(record, name, values.get(name))
        record.id_number_entered = row.id_number_entered
        record.name_pinyin, record.name_initials = row.name_pinyin, row.name_initials
        if old_name != record.name:
            record.other_name_keys = [RecordNameKey(kind=kind, key=key) for kind, key in alternative_keys(record.name)]
        if photo_sha:
            record.photo_sha256 = photo_sha
        record.updated_at = self._now
        self._log("record.update", record.id, before, values)
        return EntryOutcome(record.id, "updated")

    def write(self) -> None:
        """Insert the new blobs and records (blobs first: records refer to them)."""
        if self._blobs:
            self._session.execute(insert(Blob), list(self._blobs.values()))
        if self._new:
            self._session.execute(insert(Record), list(self._new.values()))
            keys = [key for row in self._new.values() for key in key_rows(row["id"], row["name"])]
            if keys:
                self._session.execute(insert(RecordNameKey), keys)


def _stored_time(moment: datetime) -> str:
    """A DateTime as SQLAlchemy's SQLite dialect stores it (always with microseconds)."""
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
