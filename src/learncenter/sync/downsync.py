"""Applying the registry's signed down-sync pages (protocol §8).

A page is verified with the pinned registry key, then applied in one transaction together with
its cursor, so a crash never applies a page without moving the cursor or the reverse. A
pre-registration replaces the local record only while that record still holds exactly what the
registry sent last; any local change (or a record entered here) turns the change into a
conflict for the clerk, never a silent overwrite. Payment is the exception: it is the registry's
to say, so a new payment state reaches any unsealed record at once (audited), and a change that
brings nothing but a payment is no conflict; a sealed version is never changed in place, so
there it is a conflict like any other change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learncenter.domain.candidate import PAYMENT_FIELDS, CandidateData
from learncenter.domain.lifecycle import RecordState, is_sealed
from learncenter.domain.registry_candidate import candidate_from_registry
from learncenter.store import records as repo
from learncenter.store import reference_data
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.models import Record
from learncenter.store.sync_models import SubmittedMaterial, SyncConflict
from learncenter.sync import pins
from learncenter.sync import student_changes
from learncenter.protocol.errors import MALFORMED, WRONG_CENTER, SyncError
from learncenter.protocol.signing import verify_object

CHANGES_FORMAT = "learncenter-changes/1"
PRE_REGISTRATION = "pre_registration"
REFERENCE_KINDS = frozenset({"major", "exam_session", "profile", "number_block"})
KINDS = REFERENCE_KINDS | {PRE_REGISTRATION} | student_changes.KINDS


@dataclass(frozen=True)
class PageOutcome:
    applied: int
    unchanged: int  # already held at this version or newer
    conflicts: int
    next_cursor: str
    more: bool


def apply_page(db: Database, page: object, *, asked: str | None, actor: str, now: datetime) -> PageOutcome:
    """Verify and apply one page asked for with cursor ``asked``; raise :class:`SyncError` if
    it does not verify, answers another center or cursor, or is not in the format."""
    stamp = now.replace(tzinfo=None)
    with db.session() as session, session.begin():
        pinned = pins.require(session)
        body = verify_object(page, pinned.signing_public)
        changes = _checked(body, pinned.center_id, asked)
        audit = AuditTrail(session)
        student_profile = student_changes.profile_reader(db.data_dir.root)
        counts = {"applied": 0, "unchanged": 0, "conflicts": 0}
        for change in changes:
            kind, key, version, data = change["kind"], change["key"], change["version"], change["data"]
            if kind == PRE_REGISTRATION:
                result = _pre_registration(session, audit, key, version, data, actor=actor, now=stamp)
            elif kind in student_changes.KINDS:
                result = student_changes.apply(session, audit, kind, key, version, data, profile=student_profile,
                                               registry="registry", now=stamp)
            elif reference_data.put(session, kind, key, version, data, stamp):
                result = "applied"  # sessions and profiles are made current after (reference_changes)
            else:
                result = "unchanged"
            counts[result] += 1
        pins.set_cursor(session, body["next_cursor"])
        if counts["applied"] or counts["conflicts"]:
            audit.append(actor=actor, action="sync.downsync", entity="registry", entity_id=pinned.center_id,
                         details={**counts, "cursor": body["next_cursor"]}, at=stamp)
        return PageOutcome(counts["applied"], counts["unchanged"], counts["conflicts"],
                           body["next_cursor"], body["more"])


def _checked(body: Mapping[str, Any], center_id: str, asked: str | None) -> list[dict[str, Any]]:
    changes = body.get("changes")
    if body.get("format") != CHANGES_FORMAT or not isinstance(changes, list) \
            or not isinstance(body.get("next_cursor"), str) or not isinstance(body.get("more"), bool) \
            or body.get("cursor") != asked:
        raise SyncError(MALFORMED)
    if body.get("center_id") != center_id:
        raise SyncError(WRONG_CENTER)
    for change in changes:
        if not (isinstance(change, dict) and change.get("kind") in KINDS
                and isinstance(change.get("key"), str) and 0 < len(change["key"]) <= 100
                and isinstance(change.get("version"), int) and not isinstance(change["version"], bool)
                and isinstance(change.get("data"), dict)):
            raise SyncError(MALFORMED)
        if change["kind"] == "number_block" and not reference_data.is_number_block(change["data"]):
            raise SyncError(MALFORMED)
    return sorted(changes, key=lambda change: change.get("seq", 0))


def _pre_registration(session: Session, audit: AuditTrail, key: str, version: int, data: Mapping[str, Any],
                      *, actor: str, now: datetime) -> str:
    held = reference_data.get(session, PRE_REGISTRATION, key)
    if held is not None and held.version >= version:
        return "unchanged"
    candidate = candidate_from_registry(key, data)
    if candidate is None:
        _conflict(session, PRE_REGISTRATION, key, version, data, None, "invalid", now)
        return "conflicts"
    note_materials(session, candidate.term, candidate.id_number, data.get("materials"), now)
    values = repo.json_ready(repo.content_of(candidate))
    existing = repo.current_by_keys(session, [(candidate.term, candidate.id_number)]).get(
        (candidate.term, candidate.id_number))
    if existing is None:
        record = repo.new_from_registry(session, candidate, now)
        audit.append(actor=actor, action="record.pre_registered", entity="record", entity_id=record.id,
                     after=values, details={"key": key, "version": version}, at=now)
    elif (existing.state == RecordState.PRE_REGISTERED.value and held is not None
          and _without_payment(repo.json_ready(repo.content(existing))) == _without_payment(held.data)):
        before = repo.json_ready(repo.content(existing))
        repo.apply_candidate(existing, candidate, id_number_entered=candidate.id_number)
        existing.updated_at = now
        audit.append(actor=actor, action="record.registry_update", entity="record", entity_id=existing.id,
                     before=before, after=values, details={"key": key, "version": version}, at=now)
    else:
        paid_only = held is not None and _without_payment(values) == _without_payment(held.data)
        if not is_sealed(RecordState(existing.state)):
            _payment_update(audit, existing, candidate, key, version, actor=actor, now=now)
            if paid_only:  # the registry changed nothing but the payment: no conflict to settle
                reference_data.put(session, PRE_REGISTRATION, key, version, values, now)
                return "applied"
        reason = "local_changes" if held is not None else "local_record"
        _conflict(session, PRE_REGISTRATION, key, version, dict(data), existing.id, reason, now)
        return "conflicts"
    reference_data.put(session, PRE_REGISTRATION, key, version, values, now)
    return "applied"


MATERIAL_KINDS = frozenset({"photo", "id_front", "id_back", "passport_photo_page", "diploma", "chsi_form",
                            "cert_report"})
_SHA256 = re.compile(r"[0-9a-f]{64}")


def note_materials(session: Session, term: str, id_number: str, named: object, now: datetime) -> None:
    """Note the photos and scans a pre-registration names (kind -> SHA-256), to be fetched after
    the down-sync; one named anew replaces the one noted before. Anything malformed is ignored:
    the material is the registry's offer, the record does not depend on it."""
    if not isinstance(named, Mapping):
        return
    held = {row.kind: row for row in session.scalars(select(SubmittedMaterial).where(
        SubmittedMaterial.term == term, SubmittedMaterial.id_number == id_number))}
    for kind, sha256 in named.items():
        if kind not in MATERIAL_KINDS or not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            continue
        row = held.get(kind)
        if row is None:
            session.add(SubmittedMaterial(term=term, id_number=id_number, kind=kind, sha256=sha256, named_at=now))
        elif row.sha256 != sha256:
            row.sha256, row.named_at, row.fetched_at = sha256, now, None


def _without_payment(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in PAYMENT_FIELDS}


def _payment_update(audit: AuditTrail, record: Record, candidate: CandidateData, key: str, version: int,
                    *, actor: str, now: datetime) -> None:
    """The registry's payment state on an unsealed record the center has changed (checked in,
    evidence kept, typed here): payment is the registry's to say, so it is taken at once, audited;
    whatever else differs waits for the clerk as a conflict. A registry without payment
    information (None) leaves the record's as it is."""
    state = candidate.payment_state.value if candidate.payment_state is not None else None
    if state is None or (record.payment_state, record.payment_date) == (state, candidate.payment_date):
        return
    before = {"payment_state": record.payment_state, "payment_date": record.payment_date}
    record.payment_state, record.payment_date = state, candidate.payment_date
    record.updated_at = now
    audit.append(actor=actor, action="record.payment_update", entity="record", entity_id=record.id,
                 before=repo.json_ready(before),
                 after=repo.json_ready({"payment_state": state, "payment_date": candidate.payment_date}),
                 details={"key": key, "version": version, "payment_state": state}, at=now)


def _conflict(session: Session, kind: str, key: str, version: int, data: Mapping[str, Any],
              record_id: str | None, reason: str, now: datetime) -> None:
    session.add(SyncConflict(kind=kind, key=key, version=version, data=dict(data), record_id=record_id,
                             reason=reason, received_at=now))
