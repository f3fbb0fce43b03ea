"""Turning pending outbox items into stored, sealed batches (protocol §4, §11).

A batch is built in ONE transaction that takes the items, gives the batch the next sequence
number, seals it and stores its ciphertext: a crash before the commit leaves the items pending
and no batch; after it, the batch exists once with its number and every retry or export sends
the same bytes. The unique outbox id in ``sync_batch_items`` keeps an item out of a second
batch even if two builders raced, and the unique sequence keeps two batches off one number.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learncenter.domain.canonical import canonical
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.models import AuditEntry, Blob, OutboxItem, Record, RecordDocument
from learncenter.store.sync_models import (
    BATCH_COMMITTED,
    BATCH_OPEN,
    ITEM_BATCHED,
    ITEM_PENDING,
    SyncBatch,
    SyncBatchItem,
)
from learncenter.store.student_models import SYNC_BATCHED, StudentBatchItem, StudentEvent
from learncenter.protocol import encryption as enc
from learncenter.sync import student_items
from learncenter.sync.audit_anchor import advance as advance_audit_head
from learncenter.protocol.audit_head import MANIFEST_FIELD as AUDIT_HEAD
from learncenter.protocol.envelope import SealedBatch, record_part_name, seal_batch
from learncenter.protocol.receipt import utc_text

DEFAULT_MAX_RECORDS = 500
DEFAULT_MAX_BLOB_BYTES = 64 << 20  # a batch stops taking records past this much photo and scan data
KINDS = {"record.confirmed": "confirmed", "record.refused": "refused", "record.corrected": "corrected"}


@dataclass(frozen=True)
class BuiltBatch:
    batch_id: str
    sequence: int
    records: int
    blobs: int


@dataclass(frozen=True)
class BatchSigner:
    """Who seals: the center's identity and device key, and the registry key batches go to."""

    center_id: str
    center_key: Ed25519PrivateKey
    registry_public: X25519PublicKey
    profile_versions: Mapping[str, str]


def build_batches(db: Database, signer: BatchSigner, *, actor: str, now: datetime | None = None,
                  max_records: int = DEFAULT_MAX_RECORDS,
                  max_blob_bytes: int = DEFAULT_MAX_BLOB_BYTES) -> list[BuiltBatch]:
    """Put every pending outbox item into batches of at most ``max_records`` records."""
    built = []
    while (batch := build_batch(db, signer, actor=actor, now=now, max_records=max_records,
                                max_blob_bytes=max_blob_bytes)) is not None:
        built.append(batch)
    return built


def build_batch(db: Database, signer: BatchSigner, *, actor: str, now: datetime | None = None,
                max_records: int = DEFAULT_MAX_RECORDS,
                max_blob_bytes: int = DEFAULT_MAX_BLOB_BYTES) -> BuiltBatch | None:
    """Build and store one batch from the oldest pending items; None when nothing is pending."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with db.session() as session, session.begin():
        items = list(session.scalars(select(OutboxItem).where(OutboxItem.state == ITEM_PENDING)
                                     .order_by(OutboxItem.id).limit(max(1, max_records))))
        events = student_items.pending_events(session, max(1, max_records) - len(items))
        if not items and not events:
            return None
        manifest_records: list[dict[str, Any]] = []
        parts: dict[str, bytes] = {}
        blob_entries: dict[str, dict[str, Any]] = {}
        blob_bytes = 0
        taken: list[OutboxItem] = []
        audit = audit_hashes(session, "record", [item.record_id for item in items])
        for item in items:
            record_blobs = _record_blobs(session, item.record_id)
            extra = [session.get(Blob, sha) for sha in record_blobs if sha not in blob_entries]
            new_size = sum(blob.size for blob in extra if blob is not None)
            if taken and blob_bytes + new_size > max_blob_bytes:
                break
            for blob in extra:
                if blob is not None:
                    blob_entries[blob.sha256] = {"sha256": blob.sha256, "size": blob.size,
                                                 "media_type": blob.media_type}
            blob_bytes += new_size
            encoded = canonical(item.payload)
            parts[record_part_name(item.record_id, item.record_version)] = encoded
            manifest_records.append({
                "record_id": item.record_id, "version": item.record_version,
                "replaces": item.payload.get("replaces"),
                "kind": KINDS.get(item.kind, item.kind.removeprefix("record.")),
                "content_hash": hashlib.sha256(encoded).hexdigest(),
                "blobs": [sha for sha in record_blobs if sha in blob_entries],
                "audit": audit.get(item.record_id, []),
            })
            taken.append(item)
        taken_events = _take_events(session, events, manifest_records, parts, blob_entries,
                                    max_blob_bytes - blob_bytes, bool(taken))
        blobs = {sha: db.blobs.get(sha) for sha in blob_entries}
        sequence = int(session.scalar(select(func.max(SyncBatch.sequence))) or 0) + 1
        batch_id = str(uuid.uuid4())
        content_key = enc.new_content_key()
        manifest = {"created_at": utc_text(moment), "profile_versions": dict(signer.profile_versions),
                    "records": manifest_records, "blobs": list(blob_entries.values()),
                    # the log's signed head as it stands before this batch's own entry (protocol §4.4)
                    AUDIT_HEAD: advance_audit_head(session, signer.center_key, moment)}
        sealed = seal_batch(manifest, parts, blobs, center_key=signer.center_key,
                            registry_public=signer.registry_public, batch_id=batch_id,
                            center_id=signer.center_id, sequence=sequence, content_key=content_key)
        assert sealed.manifest_hash is not None
        stored_at = moment.replace(tzinfo=None)
        session.add(SyncBatch(batch_id=batch_id, sequence=sequence, state=BATCH_OPEN,
                              created_at=stored_at, header=sealed.header, manifest=sealed.manifest,
                              manifest_hash=sealed.manifest_hash, content_key=content_key,
                              blob_order=list(blob_entries), last_error=""))
        session.flush()  # the batch row before the items naming it (foreign key)
        for position, (item, part) in enumerate(zip(taken, sealed.records, strict=False)):
            session.add(SyncBatchItem(outbox_id=item.id, batch_id=batch_id, position=position,
                                      part=part))
            item.state = ITEM_BATCHED
        assert len(sealed.records) == len(taken) + len(taken_events)
        for position, (event, part) in enumerate(zip(taken_events, sealed.records[len(taken):], strict=True),
                                                 start=len(taken)):
            session.add(StudentBatchItem(event_id=event.id, batch_id=batch_id, position=position, part=part))
            event.sync_state = SYNC_BATCHED
        AuditTrail(session).append(
            actor=actor, action="sync.batch_built", entity="batch", entity_id=batch_id,
            details={"sequence": sequence, "records": len(taken), "student_events": len(taken_events),
                     "blobs": len(blob_entries), "manifest_hash": sealed.manifest_hash}, at=stored_at)
        return BuiltBatch(batch_id, sequence, len(taken) + len(taken_events), len(blob_entries))


def sealed_batch(db: Database, batch_id: str) -> SealedBatch:
    """The stored batch as it travels; blob chunks re-made from the blob store, byte for byte."""
    with db.session() as session:
        batch = session.get(SyncBatch, batch_id)
        if batch is None:
            raise KeyError(batch_id)
        positioned = list(session.execute(select(SyncBatchItem.position, SyncBatchItem.part)
                                          .where(SyncBatchItem.batch_id == batch_id)))
        positioned += list(session.execute(select(StudentBatchItem.position, StudentBatchItem.part)
                                           .where(StudentBatchItem.batch_id == batch_id)))
        parts = tuple(part for _position, part in sorted(positioned, key=lambda row: row[0]))
        key, order = batch.content_key, list(batch.blob_order)
        header, manifest, manifest_hash = dict(batch.header), batch.manifest, batch.manifest_hash
    blobs = tuple(enc.seal_chunks(key, sha, db.blobs.get(sha)) for sha in order)
    return SealedBatch(header, manifest, parts, blobs, manifest_hash)


def uncommitted_batches(session: Session) -> list[SyncBatch]:
    """Batches still without a verified receipt, in sequence order (the order they must commit)."""
    return list(session.scalars(select(SyncBatch).where(SyncBatch.state != BATCH_COMMITTED)
                                .order_by(SyncBatch.sequence)))


def _take_events(session: Session, events: list[StudentEvent], manifest_records: list[dict[str, Any]],
                 parts: dict[str, bytes], blob_entries: dict[str, dict[str, Any]], room: int,
                 has_records: bool) -> list[StudentEvent]:
    """Add student events to the batch being built, as far as the blob budget allows."""
    taken: list[StudentEvent] = []
    audit = audit_hashes(session, "student", list({event.student_id for event in events}))
    for event in events:
        extra = [session.get(Blob, sha) for sha in dict.fromkeys(event.evidence) if sha not in blob_entries]
        size = sum(blob.size for blob in extra if blob is not None)
        if (has_records or taken) and size > room:
            break
        room -= size
        for blob in extra:
            if blob is not None:
                blob_entries[blob.sha256] = {"sha256": blob.sha256, "size": blob.size, "media_type": blob.media_type}
        encoded = canonical(student_items.payload(session, event))
        name = student_items.manifest_id(event)
        parts[record_part_name(name, student_items.VERSION)] = encoded
        manifest_records.append({
            "record_id": name, "version": student_items.VERSION, "replaces": None,
            "kind": student_items.KIND_PREFIX + event.kind, "content_hash": hashlib.sha256(encoded).hexdigest(),
            "blobs": [sha for sha in dict.fromkeys(event.evidence) if sha in blob_entries],
            "audit": audit.get(event.student_id, []),
        })
        taken.append(event)
    return taken


def _record_blobs(session: Session, record_id: str) -> list[str]:
    """The photo and the scans a version refers to: its own documents and those kept with the
    versions it replaces (a correction keeps the scans of the version it corrects)."""
    shas: list[str] = []
    current: str | None = record_id
    first = True
    while current is not None:
        record = session.get(Record, current)
        if record is None:
            break
        if first and record.photo_sha256:
            shas.append(record.photo_sha256)
        first = False
        shas += list(session.scalars(select(RecordDocument.blob_sha256)
                                     .where(RecordDocument.record_id == current)
                                     .order_by(RecordDocument.id)))
        current = record.replaces_id
    return list(dict.fromkeys(shas))


def audit_hashes(session: Session, entity: str, ids: list[str]) -> dict[str, list[str]]:
    """Each entity's audit entry hashes (a record's, a student's), in chain order, for all the
    batch's at once."""
    hashes: dict[str, list[str]] = {}
    rows = session.execute(select(AuditEntry.entity_id, AuditEntry.hash)
                           .where(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids))
                           .order_by(AuditEntry.seq))
    for entity_id, entry_hash in rows:
        hashes.setdefault(entity_id, []).append(entry_hash)
    return hashes
