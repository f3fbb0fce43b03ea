"""Entering, confirming, refusing and correcting candidate records.

Every method is one transaction: the change, its audit entry and (for what the registry must
receive) its outbox item are committed together or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learncenter.domain import evidence, payment
from learncenter.domain.candidate import CandidateData, Level, PaymentState
from learncenter.domain.certificate import normalise_cert_report_no, normalise_chsi_code
from learncenter.domain.evidence import AtHand, Evidence
from learncenter.domain.eligibility import EligibilityProfile, LevelRules, Outcome, Verdict, evaluate
from learncenter.domain.lifecycle import Action, RecordState, is_sealed, next_state
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.domain.sync_limits import SyncLimits
from learncenter.store import records as repo
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.models import Record, RecordDocument
from learncenter.services.authorization import authorize, require
from learncenter.services.record_entry import EntryBatch, EntryOutcome, NewRecord, sealed_problem, store_photo
from learncenter.services.sync_guardrail import refuse_if_blocked
from learncenter.services.users import UserService

if TYPE_CHECKING:
    from learncenter.services.prepared_rows import PreparedRow

RECORD_NOT_FOUND = define(
    "records.not_found", zh="找不到记录 {record_id}。", en="Record {record_id} was not found."
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
ID_CARD_NOT_CHECKED = define(
    "records.id_card_not_checked",
    zh="还没有核对 {name} 的身份证：请核对证件与本人一致并勾选后再确认。",
    en="The ID card of {name} has not been checked: check that card and person match, tick it, then confirm.",
)
DOCUMENT_KINDS = ("id_front", "id_back", "passport_photo_page", "diploma", "chsi_form", "cert_report", "other",
                  "registry_check")  # the registry's signed answer that it registered the prior certificate
REASON_MISSING = define(
    "records.reason_missing",
    zh="请填写原因。",
    en="Please give a reason.",
)


def _given(reason: str) -> str:
    """A reason typed for the record, trimmed; refused when there is none."""
    if not reason.strip():
        raise DomainError(Problem(REASON_MISSING, "reason"))
    return reason.strip()


@dataclass(frozen=True)
class PhotoAttempt:
    attempts: int
    kept: bool
    accepted_by: str | None


@dataclass(frozen=True)
class Sealed:
    record_id: str
    version: int
    state: RecordState
    verdict: Verdict | None


class RecordService:
    def __init__(
        self,
        db: Database,
        *,
        profile: EligibilityProfile,
        users: UserService,
        clock: Callable[[], datetime] | None = None,
        today: Callable[[], date] | None = None,
        sync_limits: SyncLimits | None = None,
    ) -> None:
        self._db = db
        self._sync_limits = sync_limits  # None: no guardrail (tools and tests that do not sync)
        self._profile = profile
        self._users = users
        self._clock = clock or (lambda: datetime.now(UTC))
        self._today = today or date.today

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC).replace(tzinfo=None)

    # -- entering -------------------------------------------------------------------------

    def enter_many(self, entries: Sequence[NewRecord], *, actor: SignedIn, source: str) -> list[EntryOutcome]:
        """Create or update unsealed records by (term, ID number), in one transaction.

        The same content again changes nothing; a sealed record is left alone and reported.
        New records are written with one executemany, which is what keeps a large import near
        the speed of a bare insert.
        """
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.IMPORT if source == "import" else Permission.ENTER)
            batch = EntryBatch(session, AuditTrail(session), self._db, actor=by, source=source, now=now)
            batch.load_existing(entries)
            outcomes = [batch.enter(entry) for entry in entries]
            batch.write()
            return outcomes

    def enter_prepared(self, rows: Sequence[PreparedRow], *, actor: SignedIn, source: str,
                       state: RecordState = RecordState.DRAFT, photos: Sequence[str] = ()) -> list[EntryOutcome]:
        """``enter_many`` for rows an import's reader already checked and keyed (services.prepared_rows):
        one transaction, the permission checked in it, new records in one executemany and their audit
        entries in another, still hash-chained."""
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.IMPORT if source == "import" else Permission.ENTER)
            batch = EntryBatch(session, AuditTrail(session), self._db, actor=by, source=source, now=now)
            return batch.enter_prepared(rows, state, photos)

    def bulk_loading(self, *, durable: bool = True) -> AbstractContextManager[None]:
        """Around a large import or the demo's entry: a large page cache while it writes
        (``durable=False``: the demo's generated data, see ``store.bulk_cache``)."""
        return self._db.bulk_writing(durable=durable)

    def store_photos(self, photos: Sequence[bytes], *, actor: SignedIn) -> list[str]:
        """Store photos many records will share (the demo's portraits) once; their SHA-256."""
        now = self._now()
        with self._db.session() as session, session.begin():
            require(session, actor, Permission.ENTER)
            return [store_photo(session, self._db, photo, now) for photo in photos]

    def may(self, actor: SignedIn, permission: Permission) -> str:
        """The actor's name if they may do this now (see services.authorization), else refused."""
        return authorize(self._db, actor, permission)

    def refresh_statistics(self) -> None:
        """After many records came in at once: the query planner's statistics (Database.optimize)."""
        self._db.optimize()

    def enter(self, entry: NewRecord, *, actor: SignedIn, source: str = "entry") -> EntryOutcome:
        return self.enter_many([entry], actor=actor, source=source)[0]

    def record_photo_attempt(
        self, record_id: str, jpeg: bytes | None, *, actor: SignedIn, failed_checks: Sequence[str] = (),
        supervisor: str | None = None, supervisor_password: str = "", capture: bool = True,
    ) -> PhotoAttempt:
        """Count a capture; keep the photo if it passed, or if a supervisor accepts its failures.

        Both the number of attempts and who accepted a failing photo stay with the record;
        ``capture=False``: a supervisor accepts a capture counted already.
        """
        accepted_by = None
        if failed_checks and jpeg is not None and supervisor is not None:
            accepted_by = self._users.approve(supervisor, supervisor_password)
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.CONFIRM)
            record = self._unsealed(session, record_id)
            record.photo_attempts += 1 if capture else 0
            record.updated_at = now
            kept = jpeg is not None and (not failed_checks or accepted_by is not None)
            if kept:
                assert jpeg is not None
                record.photo_sha256 = store_photo(session, self._db, jpeg, now)
                record.photo_checks = {"failed": list(failed_checks)} if failed_checks else None
                record.photo_accepted_by = accepted_by
            AuditTrail(session).append(
                actor=by, action="record.photo_attempt", entity="record", entity_id=record.id,
                details={"attempt": record.photo_attempts, "failed": list(failed_checks), "kept": kept,
                         "accepted_by": accepted_by, "photo": record.photo_sha256 if kept else None}, at=now,
            )
            return PhotoAttempt(record.photo_attempts, kept, accepted_by)

    def attach_photo(self, record_id: str, photo: bytes, *, actor: SignedIn) -> None:
        """Keep a photo that passed the checks (or was submitted with the registration)."""
        self.record_photo_attempt(record_id, photo, actor=actor)

    def attach_document(self, record_id: str, kind: str, data: bytes, *, actor: SignedIn,
                        media_type: str = "image/jpeg") -> str:
        """Keep a scan with the record (ID card sides, diploma, CHSI form, report)."""
        return self.attach_documents(record_id, [(kind, data, media_type)], actor=actor)[0]

    def attach_documents(self, record_id: str, scans: Sequence[tuple[str, bytes, str]], *,
                         actor: SignedIn) -> list[str]:
        """Keep several scans (kind, data, media type) in one transaction, each audited; their SHA-256.
        The demo gives each confirmed record all of its sample scans at once."""
        for kind, _data, _media_type in scans:
            if kind not in DOCUMENT_KINDS:
                raise ValueError(f"unknown document kind {kind!r}")
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.CONFIRM)
            record = self._unsealed(session, record_id)
            audit = AuditTrail(session)
            shas = []
            for kind, data, media_type in scans:
                sha = store_photo(session, self._db, data, now, media_type=media_type)
                session.add(RecordDocument(record_id=record.id, kind=kind, blob_sha256=sha, added_at=now, added_by=by))
                audit.append(actor=by, action="record.document", entity="record", entity_id=record.id,
                             details={"kind": kind, "sha256": sha}, at=now)
                shas.append(sha)
            return shas

    def documents(self, record_id: str) -> list[tuple[str, str]]:
        """(kind, sha256) of the scans kept with a record, oldest first."""
        with self._db.session() as session:
            rows = session.execute(
                select(RecordDocument.kind, RecordDocument.blob_sha256)
                .where(RecordDocument.record_id == record_id).order_by(RecordDocument.id)
            )
            return [(kind, sha) for kind, sha in rows]

    def record_chsi_evidence(self, record_id: str, *, chsi_code: str, cert_report_no: str, actor: SignedIn) -> None:
        """The CHSI online verification code or the certification report number, typed at the desk
        from the form or report the candidate brought (normalised; a malformed one is refused)."""
        code = normalise_chsi_code(chsi_code) if chsi_code.strip() else ""
        report = normalise_cert_report_no(cert_report_no) if cert_report_no.strip() else ""
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.CONFIRM)
            record = self._unsealed(session, record_id)
            before = {"chsi_code": record.chsi_code, "cert_report_no": record.cert_report_no}
            record.chsi_code, record.cert_report_no = code, report
            record.updated_at = now
            AuditTrail(session).append(actor=by, action="record.chsi_evidence", entity="record",
                                       entity_id=record.id, before=before,
                                       after={"chsi_code": code, "cert_report_no": report}, at=now)

    def mark_id_card_checked(self, record_id: str, *, actor: SignedIn) -> None:
        """The clerk has compared the card with the person and with the record."""
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.CONFIRM)
            record = self._unsealed(session, record_id)
            record.id_card_checked_by = by
            record.updated_at = now
            AuditTrail(session).append(actor=by, action="record.id_card_checked", entity="record",
                                       entity_id=record.id, at=now)

    # -- the lifecycle ----------------------------------------------------------------------

    def check_in(self, record_id: str, *, actor: SignedIn) -> RecordState:
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.CONFIRM)
            record = self._current(session, record_id)
            self._transition(AuditTrail(session), record, Action.CHECK_IN, actor=by, now=now)
            return RecordState(record.state)

    def assess(self, record_id: str) -> Verdict:
        with self._db.session() as session:
            record = self._current(session, record_id)
            return evaluate(repo.candidate_of(record), self._profile, application_date=self._today())

    def level_rules(self, level: Level) -> LevelRules:
        return self._profile.levels[level]

    def missing_evidence(self, record_id: str) -> tuple[Evidence, ...]:
        """What the record's level requires before sealing and the record does not hold yet."""
        with self._db.session() as session:
            return self._missing_evidence(session, self._current(session, record_id))

    def _missing_evidence(self, session: Session, record: Record) -> tuple[Evidence, ...]:
        kinds = session.scalars(select(RecordDocument.kind).where(RecordDocument.record_id == record.id)).all()
        return self.missing_for(record, kinds)

    def missing_for(self, record: Record, document_kinds: Sequence[str]) -> tuple[Evidence, ...]:
        """What the record's level requires and the record, with these scans kept, does not hold."""
        at_hand = AtHand(id_card_checked=record.id_card_checked_by is not None,
                         photo=record.photo_sha256 is not None, documents=frozenset(document_kinds),
                         chsi_code=record.chsi_code, cert_report_no=record.cert_report_no)
        return evidence.missing(self._profile.levels[Level(record.level)], at_hand, record.document_type or "")

    def payment_problem(self, record: Record) -> Problem | None:
        """Why the record's payment stops it being sealed under the profile, or None."""
        state = PaymentState(record.payment_state) if record.payment_state else None
        return payment.sealing_problem(record.name, state,
                                       unpaid_blocks_sealing=self._profile.unpaid_blocks_sealing)

    def confirm(self, record_id: str, *, actor: SignedIn, acknowledge_review: bool = False,
                supervisor: str | None = None, supervisor_password: str = "") -> Sealed:
        """Seal a record whose evidence is complete and whose verdict allows it.

        Missing scans or CHSI evidence are overridden only by a supervisor's own name and password
        (kept with the record and audited, and standing for the review too); the clerk's
        ``acknowledge_review`` covers findings to look at, never missing evidence. A photo and the
        clerk's card check are never overridden, and neither is a payment the profile says blocks
        sealing (domain.payment: nobody at the center can vouch for money the registry has not seen).
        """
        override_by = self._users.approve(supervisor, supervisor_password) if supervisor is not None else None
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.CONFIRM)
            audit = AuditTrail(session)
            if self._sync_limits is not None:
                refuse_if_blocked(session, self._sync_limits, now)
            record = self._checked_in(session, audit, record_id, actor=by, now=now)
            unpaid = self.payment_problem(record)
            if unpaid is not None:
                raise DomainError(unpaid)
            verdict = self._verdict_allowing_confirmation(record, acknowledge_review or override_by is not None)
            if record.photo_sha256 is None:
                raise DomainError(Problem(PHOTO_MISSING, "photo", {"name": record.name}))
            if record.id_card_checked_by is None:
                raise DomainError(Problem(ID_CARD_NOT_CHECKED, "id_card", {"name": record.name}))
            gaps = self._missing_evidence(session, record)
            if gaps and override_by is None:
                raise DomainError(evidence.missing_problem(record.name, gaps))
            before = repo.content(record)
            record.verdict = repo.verdict_json(verdict)
            record.sealed_at, record.sealed_by = now, by
            record.evidence_override_by = override_by if gaps else None
            details = {"evidence_waived": [g.value for g in gaps], "supervisor": override_by} if gaps else None
            self._transition(audit, record, Action.CONFIRM, actor=by, now=now, before=before, details=details)
            repo.enqueue(session, kind="record.confirmed", record=record, payload=self._payload(record), now=now)
            return Sealed(record.id, record.version, RecordState(record.state), verdict)

    def refuse(self, record_id: str, *, actor: SignedIn, reason: str) -> Sealed:
        reason = _given(reason)
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.CONFIRM)
            audit = AuditTrail(session)
            record = self._checked_in(session, audit, record_id, actor=by, now=now)
            record.refusal_reason = reason
            record.sealed_at, record.sealed_by = now, by
            self._transition(audit, record, Action.REFUSE, actor=by, now=now, details={"reason": reason})
            repo.enqueue(session, kind="record.refused", record=record, payload=self._payload(record), now=now)
            return Sealed(record.id, record.version, RecordState(record.state), None)

    def withdraw(self, record_id: str, *, actor: SignedIn, reason: str) -> Sealed:
        """Give up a record the registry returned (e.g. the person was confirmed at another
        center) instead of correcting and sending it again; the reason is audited. The version
        stays as evidence; it only leaves the Returned records list."""
        reason = _given(reason)
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.RETURNED)
            record = self._current(session, record_id)
            self._transition(AuditTrail(session), record, Action.WITHDRAW, actor=by, now=now,
                             details={"reason": reason})
            return Sealed(record.id, record.version, RecordState(record.state), None)

    def sealed_content(self, record_id: str, *, actor: SignedIn) -> dict[str, Any]:
        """The fields of a sealed record's current version, to start a correction from (empty when
        the record is not that: unsealed, replaced or unknown)."""
        with self._db.session() as session:
            require(session, actor, Permission.CORRECT)
            record = repo.get(session, record_id)
            if record is None or record.sealed_at is None or not record.is_current:
                return {}
            return repo.content(record)

    def correct(
        self, record_id: str, data: CandidateData, *, id_number_entered: str, actor: SignedIn,
        supervisor: str, supervisor_password: str, reason: str, acknowledge_review: bool = False,
    ) -> Sealed:
        """A new sealed version replacing a sealed one, approved by a supervisor."""
        reason = _given(reason)
        supervisor = self._users.approve(supervisor, supervisor_password)
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.CORRECT)
            old = self._current(session, record_id)
            if not is_sealed(RecordState(old.state)):
                raise DomainError(Problem(NOT_SEALED, None, {"name": old.name}))
            old.is_current = False
            old.updated_at = now
            session.flush()  # the unique (term, id_number) of current versions moves to the new one
            new = Record(
                id=str(uuid.uuid4()), version=old.version + 1, replaces_id=old.id, is_current=True,
                state=RecordState.CONFIRMED.value, source="correction", photo_sha256=old.photo_sha256,
                photo_checks=old.photo_checks, photo_attempts=old.photo_attempts,
                photo_accepted_by=old.photo_accepted_by, id_card_checked_by=old.id_card_checked_by,
                evidence_override_by=old.evidence_override_by,
                payment_state=old.payment_state, payment_date=old.payment_date,  # unless the correction says
                refusal_reason="", correction_reason=reason, approved_by=supervisor,
                created_at=now, updated_at=now,
            )
            repo.apply_candidate(new, data, id_number_entered=id_number_entered)
            verdict = self._verdict_allowing_confirmation(new, acknowledge_review)
            new.verdict = repo.verdict_json(verdict)
            new.sealed_at, new.sealed_by = now, by
            session.add(new)
            AuditTrail(session).append(
                actor=by, action="record.correct", entity="record", entity_id=new.id,
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

    def _unsealed(self, session: Session, record_id: str) -> Record:
        """The current record, refused when it is sealed (a correction is its only way to change)."""
        record = self._current(session, record_id)
        if is_sealed(RecordState(record.state)):
            raise DomainError(sealed_problem(record))
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
            "photo_checks": record.photo_checks,
            "photo_accepted_by": record.photo_accepted_by,
            "id_card_checked_by": record.id_card_checked_by,
            "evidence_override_by": record.evidence_override_by,
            "verdict": record.verdict,
            "refusal_reason": record.refusal_reason,
            "correction_reason": record.correction_reason,
            "approved_by": record.approved_by,
            "sealed_at": record.sealed_at.isoformat() if record.sealed_at else None,
            "sealed_by": record.sealed_by,
        }
