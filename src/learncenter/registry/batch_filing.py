"""Receiving a batch and filing it, as two steps (protocol §5, issue 15).

*Receiving* is what a center's commit request does: under the center's lock it checks that the
batch follows the center's last one and that every byte of it is here, and marks it ``received``.
That is quick, so a center that asked for it (``Prefer: respond-async``) has its answer at once and
goes on to its next batch.

*Filing* is the slow part: decrypting and checking the whole batch, filing each record, keeping
its photos and writing the signed receipt, all in one transaction. What needs no database comes
before the transaction's first write (:meth:`BatchFiling._prepare`); on SQLite it runs outside the
transaction, since SQLite's one writer is the whole database and the centers' uploads would wait.
The batches waiting for it are a queue held in the ``batches`` table itself: a filer (a thread of ``serve``, or a ``filer``
process on any machine sharing the database) takes the oldest batch that follows its center's last
filed one with ``SELECT … FOR UPDATE SKIP LOCKED``, so several filers never take the same batch
and each center's batches are filed in order. A filer that dies mid-batch leaves nothing behind
(its transaction is rolled back) and the batch is taken again, so each batch is filed exactly
once. ``commit`` without that preference, an import from removable media and the in-process
callers do both steps at once and get the receipt, as before.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Select, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from learncenter.domain.canonical import canonical
from learncenter.registry.audit_heads import AuditHeads, manifest_head
from learncenter.registry.base import Caller
from learncenter.registry.filing import Checked, check_records, file_records
from learncenter.registry.pack import stream_missing
from learncenter.registry.store import Batch, BatchStream, Blob, Center, CenterKey, Receipt
from learncenter.registry.vault import blob_place, receipt_place
from learncenter.protocol.audit_head import AuditHead
from learncenter.protocol.envelope import OpenedBatch, SealedBatch, open_batch
from learncenter.protocol.errors import (
    BLOBS_MISSING,
    DECRYPT_FAILED,
    HASH_MISMATCH,
    REVOKED_KEY,
    SEQUENCE_GAP,
    UNAVAILABLE,
    UNKNOWN_BATCH,
    UNKNOWN_KEY,
    SyncError,
)
from learncenter.protocol.keys import ed25519_public, from_b64url
from learncenter.protocol.receipt import build_receipt
from learncenter.protocol.wire import RECEIVED, split_stream, stream_size

log = logging.getLogger(__name__)

OPEN, COMMITTED = "open", "committed"  # and RECEIVED, the wire's word for a batch waiting to be filed
_ATTEMPTS = 5  # a filing that lost a write race (PostgreSQL) is tried again


@dataclass(frozen=True)
class _Gathered:
    """A received batch as filing reads it from the database."""

    center_id: str
    sealed: SealedBatch
    entries: list[dict[str, Any]]  # the manifest's blobs, as announced
    held: dict[str, int]  # hash -> size of the photos filed before
    public: Ed25519PublicKey  # the center key that signed it


@dataclass
class _Prepared:
    """A batch opened, verified and checked, its new photos in the store: what remains is to write."""

    opened: OpenedBatch
    head: AuditHead | None
    checked: list[Checked]
    blobs: list[dict[str, Any]]  # the rows of its new photos
    now: datetime
    receipt: dict[str, Any] = field(default_factory=dict)  # made by the writes


class FilingFailed(Exception):
    """Filing ``batch_id`` failed for a reason other than a refusal (a bug, a store that does
    not answer); nothing of it was written."""

    def __init__(self, batch_id: str, reason: str) -> None:
        super().__init__(f"filing batch {batch_id} failed: {reason}")
        self.batch_id, self.reason = batch_id, reason


def received_answer(batch_id: str) -> dict[str, Any]:
    """What a center is told of a batch received and waiting to be filed (HTTP 202)."""
    return {"batch_id": batch_id, "state": RECEIVED}


class BatchFiling(AuditHeads):
    """Receiving and filing batches; the receipts."""

    def commit(self, caller: Caller, batch_id: str) -> dict[str, Any]:
        """Receive a batch and file it now: its receipt (or the stored one, when it was filed)."""
        answer = self.receive(caller, batch_id)
        if answer.get("state") == RECEIVED:
            answer = self._file_now(caller.center_id, batch_id)
        return answer

    def receive(self, caller: Caller, batch_id: str) -> dict[str, Any]:
        """Mark a complete batch received (the queue's entry); the stored receipt when it was
        filed already, the received answer when it waits. Refused: a batch that does not follow
        the center's last one, or whose bytes are not all here (``blobs_missing``)."""
        with self._session() as session, session.begin():
            center = self._lock_center(session, caller.center_id)
            batch = self._own_batch(session, caller.center_id, batch_id, lock=True)
            if batch.state == COMMITTED:
                return self._stored_receipt(session, batch_id)
            if batch.state == RECEIVED:
                return received_answer(batch_id)
            if batch.sequence != last_received(session, center) + 1:
                raise SyncError(SEQUENCE_GAP, expected=last_received(session, center) + 1)
            key = session.get(CenterKey, json.loads(batch.header).get("key_id"))
            if key is None or key.center_id != caller.center_id:
                raise SyncError(UNKNOWN_KEY)
            if key.status != "active":
                raise SyncError(REVOKED_KEY)
            missing = stream_missing(batch, self._held(session, _hashes(batch)),
                                     self._received_all(session, batch_id))
            if missing:
                raise SyncError(BLOBS_MISSING, missing=missing)
            batch.state, batch.refusal = RECEIVED, None
            return received_answer(batch_id)

    def receipt(self, caller: Caller, batch_id: str) -> dict[str, Any]:
        """A filed batch's receipt; the received answer while it waits to be filed;
        ``blobs_missing`` when filing found its bytes unreadable and dropped them."""
        with self._session() as session:
            batch = self._own_batch(session, caller.center_id, batch_id)
            if batch.state == RECEIVED:
                return received_answer(batch_id)
            if batch.state == OPEN:
                if batch.refusal:  # filing refused it: what the center must hear
                    refusal = json.loads(batch.refusal)
                    raise SyncError(refusal["code"], **refusal["params"])
                raise SyncError(BLOBS_MISSING, missing=stream_missing(
                    batch, self._held(session, _hashes(batch)), self._received_all(session, batch_id)))
            return self._stored_receipt(session, batch_id)

    def file_next(self, passing: Collection[str] = ()) -> str | None:
        """File the oldest batch that may be filed now (it follows its center's last filed
        batch, no other filer holds it and it is not in ``passing``, batches this filer failed on
        lately); its id, or None when none waits."""
        for attempt in range(_ATTEMPTS):
            try:
                with self._session() as session:
                    session.begin()
                    query = _fileable().order_by(Batch.created_at).limit(1)
                    if passing:
                        query = query.where(Batch.batch_id.not_in(list(passing)))
                    if session.get_bind().dialect.name == "postgresql":
                        query = query.with_for_update(skip_locked=True, of=Batch)
                    batch = session.scalars(query).first()
                    if batch is None:
                        session.rollback()
                        return None
                    batch_id = batch.batch_id
                    try:
                        if session.get_bind().dialect.name == "sqlite":
                            return self._file_apart(session, batch)
                        self._file(session, batch)
                    except (IntegrityError, OperationalError):
                        raise
                    except Exception as error:  # noqa: BLE001 - the filer passes over it; the name says what
                        raise FilingFailed(batch_id, type(error).__name__) from error
                    return batch_id
            except IntegrityError:
                continue  # another filer took a person or record first; the next attempt sees it
            except OperationalError:
                if attempt == _ATTEMPTS - 1:
                    raise
        return None

    def batches_waiting(self) -> int:
        """How many batches are received and not yet filed."""
        return self.filing_lag()[0]

    def filing_lag(self) -> tuple[int, float]:
        """(batches received and not yet filed, seconds since the oldest of them was announced)."""
        with self._session() as session:
            waiting, oldest = session.execute(select(func.count(), func.min(Batch.created_at))
                                              .where(Batch.state == RECEIVED)).one()
        if not waiting or oldest is None:
            return 0, 0.0
        oldest = oldest if oldest.tzinfo is not None else oldest.replace(tzinfo=UTC)
        return int(waiting), max(0.0, (self._now() - oldest).total_seconds())

    # -- internals -----------------------------------------------------------------------------

    def _file_now(self, center_id: str, batch_id: str) -> dict[str, Any]:
        """File ``batch_id`` in this thread: first any earlier received batch of its center, then
        it; waits for a filer that holds it and reads its receipt."""
        for attempt in range(_ATTEMPTS):
            try:
                with self._session() as session:
                    session.begin()
                    earlier = session.scalars(
                        select(Batch).where(Batch.center_id == center_id, Batch.state == RECEIVED)
                        .order_by(Batch.sequence).limit(1).with_for_update()).first()
                    if earlier is None:  # filed meanwhile, by a filer or another request
                        session.rollback()
                        return self._answer_of(center_id, batch_id)
                    filed_id = earlier.batch_id
                    refusal = self._file(session, earlier)
                    if filed_id == batch_id:
                        if refusal is not None:
                            raise refusal
                        return self._answer_of(center_id, batch_id)
            except (IntegrityError, OperationalError):
                # another filer took a person, record or lock first (PostgreSQL); the next attempt
                # sees its result. Nothing of this one was written.
                if attempt == _ATTEMPTS - 1:
                    raise SyncError(UNAVAILABLE) from None
        raise SyncError(UNAVAILABLE)

    def _answer_of(self, center_id: str, batch_id: str) -> dict[str, Any]:
        with self._session() as session:
            batch = self._own_batch(session, center_id, batch_id)
            if batch.state == COMMITTED:
                return self._stored_receipt(session, batch_id)
        raise SyncError(UNAVAILABLE)  # unreachable: filed, or refused (raised by the filing)

    def _stored_receipt(self, session: Session, batch_id: str) -> dict[str, Any]:
        stored = session.get(Receipt, batch_id)
        if stored is None:
            raise SyncError(UNKNOWN_BATCH)
        result: dict[str, Any] = json.loads(self.keys.data.open_text(stored.body, receipt_place(batch_id)))
        return result

    def _file_apart(self, session: Session, batch: Batch) -> str:
        """File ``batch`` (taken in ``session``) on SQLite, whose one writer is the whole database:
        read what it needs, end that transaction, open and check the batch and keep its photos
        with the database free for the centers' uploads, then write in a transaction of its own
        (after checking that no other filer of this process filed it meanwhile); its id."""
        batch_id = batch.batch_id
        gathered: _Gathered | None = None
        prepared: _Prepared | SyncError | None = None
        try:
            gathered = self._gather(session, batch)
        except SyncError as error:
            prepared = error  # refused in the writing transaction, as _file refuses
        session.rollback()
        if gathered is not None:
            try:
                prepared = self._prepare(gathered, self._now())
            except SyncError as error:
                prepared = error
        with self._session() as writing:
            writing.begin()
            again = writing.scalars(_fileable().where(Batch.batch_id == batch_id)).first()
            if again is None:  # filed meanwhile
                writing.rollback()
                return batch_id
            self._file(writing, again, prepared)
        return batch_id

    def _file(self, session: Session, batch: Batch, prepared: _Prepared | SyncError | None = None) -> SyncError | None:
        """File a received batch in ``session``'s transaction, which it commits; None. A batch that
        must be refused (its bytes do not decrypt, its audit head goes back) is put back open with
        the refusal kept for its center; that refusal is returned. Streams that do not decrypt are
        dropped, so that an honest resend can complete the batch."""
        batch_id, center_id = batch.batch_id, batch.center_id
        try:
            if isinstance(prepared, SyncError):
                raise prepared  # found before the transaction began
            self._file_records(session, batch, prepared)
            return None
        except SyncError as error:
            session.rollback()
            log.warning("batch %s of center %s refused at filing: %s", batch_id, center_id, error.code)
            with session.begin():
                again = session.scalars(select(Batch).where(Batch.batch_id == batch_id).with_for_update()).one()
                if error.code in (DECRYPT_FAILED, HASH_MISMATCH):
                    session.execute(delete(BatchStream).where(BatchStream.batch_id == batch_id))
                again.state = OPEN
                again.refusal = canonical({"code": error.code, "params": dict(error.problem.params)}).decode()
                # the center's later batches cannot be filed before this one: open again, to be
                # received again after it (their bytes stay)
                session.execute(update(Batch).where(
                    Batch.center_id == center_id, Batch.state == RECEIVED, Batch.sequence > again.sequence
                ).values(state=OPEN).execution_options(synchronize_session=False))
            return error

    def _file_records(self, session: Session, batch: Batch, prepared: _Prepared | None = None) -> None:
        """File ``batch`` in ``session``'s transaction and commit; ``prepared``: its bytes already
        opened and checked (:meth:`_prepare`), else they are here."""
        started = time.perf_counter()
        if prepared is None:
            prepared = self._prepare(self._gather(session, batch), self._now())
        self._write_filing(session, batch, prepared)
        if self.on_filed is not None:
            self.on_filed(prepared.receipt, time.perf_counter() - started)

    def _gather(self, session: Session, batch: Batch) -> _Gathered:
        """What filing ``batch`` reads of the database before it writes: its sealed batch, with
        the streams received for it and the sizes of the photos filed before."""
        batch_id, center_id = batch.batch_id, batch.center_id
        log.info("filing batch %s of center %s", batch_id, center_id)
        header = json.loads(batch.header)
        key = session.get(CenterKey, header.get("key_id"))
        if key is None or key.center_id != center_id:
            raise SyncError(UNKNOWN_KEY)  # unreachable: receiving checked the key
        entries = json.loads(batch.blobs)
        hashes = [entry["sha256"] for entry in entries]
        # photos filed before (their hashes checked then) are not read again, only their sizes
        held = {str(sha256): int(size) for sha256, size in session.execute(
            select(Blob.sha256, Blob.size).where(Blob.sha256.in_(hashes)))} if hashes else {}
        received: dict[str, list[bytes]] = {}
        for sha256, data in session.execute(
                select(BatchStream.sha256, BatchStream.data).where(BatchStream.batch_id == batch_id)
                .order_by(BatchStream.sha256, BatchStream.start)):
            received.setdefault(sha256, []).append(data)
        streams: list[tuple[bytes, ...]] = []
        for entry in entries:
            if entry["sha256"] in held:
                streams.append(())
                continue
            stream = b"".join(received.pop(entry["sha256"], ()))
            if len(stream) != stream_size(entry["size"]):
                raise SyncError(BLOBS_MISSING)  # unreachable: receiving checked every stream
            streams.append(split_stream(stream, entry["size"]))
        sealed = SealedBatch(header, batch.manifest,
                             tuple(from_b64url(part) for part in json.loads(batch.records)), tuple(streams))
        return _Gathered(center_id, sealed, entries, held, ed25519_public(key.public_key))

    def _prepare(self, gathered: _Gathered, now: datetime) -> _Prepared:
        """The work of filing that needs no database, done before its transaction writes (so the
        database is held only for the writes): the batch opened and verified, its records checked
        and sealed, its new photos sealed and kept in the store — the store first: a crash or a
        filing given up leaves unused objects, never a row without its bytes."""
        vault = self.keys.data
        opened = open_batch(gathered.sealed, registry_private=self.keys.encryption.private,
                            center_public=gathered.public, expected_center_id=gathered.center_id,
                            held_blobs=gathered.held)
        fresh = [entry for entry in gathered.entries if entry["sha256"] not in gathered.held]
        kept = self._keep_pack([vault.seal(opened.blobs[entry["sha256"]], blob_place(entry["sha256"]))
                                for entry in fresh])
        blobs = [{"sha256": entry["sha256"], "size": entry["size"], "media_type": entry["media_type"], **place}
                 for entry, place in zip(fresh, kept, strict=True)]
        return _Prepared(opened, manifest_head(opened.manifest, gathered.public),
                         check_records(vault, opened.manifest, opened.records, now.date()), blobs, now)

    def _write_filing(self, session: Session, batch: Batch, prepared: _Prepared) -> None:
        """The filing's writes, in ``session``'s transaction, which it commits."""
        now, batch_id, center_id = prepared.now, batch.batch_id, batch.center_id
        opened = prepared.opened
        self._keep_audit_head(session, center_id, batch_id, prepared.head, now)
        results = file_records(session, self.keys.data, center_id, batch_id, opened.manifest, opened.records, now,
                               prepared.checked)
        if prepared.blobs:
            session.execute(insert(Blob), prepared.blobs)
        session.execute(delete(BatchStream).where(BatchStream.batch_id == batch_id))
        moved = session.execute(update(Center).where(
            Center.center_id == center_id, Center.last_sequence == batch.sequence - 1
        ).values(last_sequence=batch.sequence).execution_options(synchronize_session=False))
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            raise SyncError(SEQUENCE_GAP, expected=batch.sequence)  # unreachable: taken in order
        batch.state, batch.state_committed, batch.committed_at = COMMITTED, 1, now
        batch.records_accepted = sum(1 for result in results if result.get("status") == "accepted")
        batch.records_rejected = len(results) - batch.records_accepted
        prepared.receipt = build_receipt(
            registry_key=self.keys.signing.private, batch_id=batch_id, center_id=center_id,
            sequence=batch.sequence, manifest_hash=opened.manifest_hash, results=results, committed_at=now)
        session.add(Receipt(batch_id=batch_id, body=self.keys.data.seal_text(
            canonical(prepared.receipt).decode(), receipt_place(batch_id))))
        session.commit()

    @staticmethod
    def _held(session: Session, hashes: list[str]) -> set[str]:
        if not hashes:
            return set()
        return set(session.scalars(select(Blob.sha256).where(Blob.sha256.in_(hashes))))

    @staticmethod
    def _received_all(session: Session, batch_id: str) -> dict[str, int]:
        """Each blob's offset in one query (a batch may hold hundreds of blobs)."""
        return {str(sha): int(end) for sha, end in session.execute(
            select(BatchStream.sha256, func.max(BatchStream.end))
            .where(BatchStream.batch_id == batch_id).group_by(BatchStream.sha256))}


def last_received(session: Session, center: Center) -> int:
    """The sequence of the center's last batch received or filed: the next must follow it."""
    waiting = session.scalar(select(func.max(Batch.sequence)).where(
        Batch.center_id == center.center_id, Batch.state == RECEIVED))
    return max(center.last_sequence, int(waiting or 0))


def _fileable() -> Select[Batch]:
    """The batches that may be filed now: received, and next after their center's last filed one."""
    return (select(Batch).join(Center, Center.center_id == Batch.center_id)
            .where(Batch.state == RECEIVED, Batch.sequence == Center.last_sequence + 1))


def _hashes(batch: Batch) -> list[str]:
    return [entry["sha256"] for entry in json.loads(batch.blobs)]


__all__ = ["COMMITTED", "OPEN", "RECEIVED", "BatchFiling", "FilingFailed", "last_received", "received_answer"]
