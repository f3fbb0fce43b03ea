"""Models of the sync state: batches, what each batch carries, pins, reference data, conflicts.

A batch is built once, in the transaction that assigns its outbox items and its sequence number,
and stored as ciphertext (protocol §11): every retry and every export sends the very same bytes,
so the registry's idempotence checks see one batch. Blob ciphertext is not stored: its chunk
nonces are deterministic, so it is re-made identically from the local blob store and the batch's
content key (kept here, in the SQLCipher-encrypted database).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learncenter.store.models import Base

BATCH_OPEN = "open"  # built and stored, not yet sent
BATCH_SENT = "sent"  # announced (or exported), no verified receipt yet
BATCH_COMMITTED = "committed"  # receipt verified and applied
BATCH_STATES = (BATCH_OPEN, BATCH_SENT, BATCH_COMMITTED)

# Per outbox item, protocol §11.
ITEM_PENDING = "pending"
ITEM_BATCHED = "batched"
ITEM_SENDING = "sending"
ITEM_ACCEPTED = "accepted"
ITEM_RETURNED = "returned"
ITEM_ERROR = "error"
ITEM_STATES = (ITEM_PENDING, ITEM_BATCHED, ITEM_SENDING, ITEM_ACCEPTED, ITEM_RETURNED, ITEM_ERROR)
UNANSWERED_STATES = (ITEM_PENDING, ITEM_BATCHED, ITEM_SENDING, ITEM_ERROR)  # no receipt yet


class SyncBatch(Base):
    __tablename__ = "sync_batches"
    __table_args__ = (Index("ix_sync_batches_state", "state"),)

    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    header: Mapped[dict[str, Any]] = mapped_column(JSON)  # the signed envelope header
    manifest: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted signed manifest
    manifest_hash: Mapped[str] = mapped_column(String(64))
    content_key: Mapped[bytes] = mapped_column(LargeBinary)
    blob_order: Mapped[list[str]] = mapped_column(JSON)  # sha256 of each blob, in manifest order
    receipt: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    committed_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")


class SyncBatchItem(Base):
    """One outbox item in one batch; the unique outbox id is what keeps it out of a second batch."""

    __tablename__ = "sync_batch_items"

    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("sync_batches.batch_id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # the record part's index in the manifest
    part: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted record payload


class ReferenceData(Base):
    """What the registry sends down besides pre-registrations: majors, sessions, profiles, blocks.

    Pre-registrations as last received are kept here too (kind ``pre_registration``), so that a
    later change can tell whether the local record still holds exactly what the registry sent.
    """

    __tablename__ = "reference_data"

    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class SyncConflict(Base):
    """A registry change not applied because the local record has changes of its own."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ix_sync_conflicts_record_id", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    key: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    record_id: Mapped[str | None] = mapped_column(ForeignKey("records.id"), default=None)
    reason: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class SubmittedMaterial(Base):
    """A photo or scan the candidate submitted online, named by a pre-registration (issue 13):
    fetched from the registry into the blob store after the down-sync that named it, and offered
    to the clerk beside what the desk captures. Keyed by the application (term and ID number),
    like the pre-registration, so it follows the record through corrections."""

    __tablename__ = "submitted_materials"
    __table_args__ = (UniqueConstraint("term", "id_number", "kind"), Index("ix_submitted_materials_fetched",
                                                                           "fetched_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term: Mapped[str] = mapped_column(String(32))
    id_number: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(24))  # photo, id_front, id_back, diploma, ...
    sha256: Mapped[str] = mapped_column(String(64))
    named_at: Mapped[datetime] = mapped_column(DateTime)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)  # None: still to fetch
