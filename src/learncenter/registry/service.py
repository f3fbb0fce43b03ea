"""The registry's logic, independent of HTTP: signed requests, upload, commit, batch files;
with centers (``centers``) and down-sync (``changes``) mixed into one ``Registry``.

``app.py`` (HTTP) and ``cli.py`` (``import FILE`` from removable media) call the same methods,
so a batch is checked the same way whichever road it took (protocol §9). Every refusal is a
:class:`~learncenter.protocol.errors.SyncError` raised before anything is written; a commit writes
all of a batch's records, its blobs, the center's sequence and the receipt in one transaction,
and a retried commit reads the stored receipt back instead of applying anything twice.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from learncenter.domain.canonical import canonical
from learncenter.registry.audit_heads import AuditHeads, manifest_head
from learncenter.registry.base import Caller, Limits, RegistryBase
from learncenter.registry.centers import normalise_code, valid_center_id
from learncenter.registry.console_figures import ConsoleFigures
from learncenter.registry.changes import ChangeFeed
from learncenter.registry.filing import aware, file_records
from learncenter.registry.pack import blob_entry, held_prefix, pack_layout
from learncenter.registry.verification import CertificateVerification
from learncenter.registry.store import Batch, BatchStream, Blob, CenterKey, Receipt, SeenRequest
from learncenter.registry.vault import blob_place, receipt_place
from learncenter.protocol.envelope import SealedBatch, open_announced, open_batch
from learncenter.protocol.errors import (
    BAD_SIGNATURE,
    BATCH_CONFLICT,
    BLOBS_MISSING,
    CLOCK_SKEW,
    DECRYPT_FAILED,
    HASH_MISMATCH,
    MALFORMED,
    OFFSET_MISMATCH,
    REPLAYED,
    REVOKED_KEY,
    SEQUENCE_GAP,
    TOO_LARGE,
    UNAVAILABLE,
    UNKNOWN_BATCH,
    UNKNOWN_KEY,
    WRONG_CENTER,
    SyncError,
)
from learncenter.protocol.keys import b64url, ed25519_public, from_b64url
from learncenter.protocol.receipt import build_receipt
from learncenter.protocol.wire import (
    MAX_CLOCK_SKEW,
    Announcement,
    blob_stream,
    content_range,
    parse_announce,
    parse_auth_header,
    parse_content_range,
    split_stream,
    stream_size,
    verify_request,
)
from learncenter.registry.objects import blob_name

REPLAY_WINDOW = 2 * MAX_CLOCK_SKEW
SEEN_EVERY = timedelta(minutes=1)
_COMMIT_ATTEMPTS = 5


class Registry(ConsoleFigures, ChangeFeed, AuditHeads, CertificateVerification):
    """One registry: its database and its keys; requests, uploads and commits here, centers in
    ``centers`` (and the staff console's ``console_accounts``, ``console_figures``), down-sync in
    ``changes``, the centers' audit heads in ``audit_heads``."""

    # -- request authentication (§5) -----------------------------------------------------------

    def authenticate(self, authorization: str | None, *, method: str, path: str,
                     body: bytes, client_version: str | None = None) -> Caller:
        """The center behind a signed request, or the §7 refusal; remembers the signature, and
        when the key was last seen (to the minute) with the version its client said it runs."""
        auth = parse_auth_header(authorization)
        now = self._now()
        with self._session() as session, session.begin():
            _relaxed(session)
            key = _active_key(session, auth.key_id, auth.center_id)
            public = ed25519_public(key.public_key)
            verify_request(auth, public, method=method, path=path, body=body, now=now)
            seen = hashlib.sha256(auth.signature).hexdigest()
            if session.get(SeenRequest, seen) is not None:
                raise SyncError(REPLAYED)
            self._requests_seen += 1
            if self._requests_seen % 200 == 1:
                session.execute(delete(SeenRequest).where(SeenRequest.seen_at < now - REPLAY_WINDOW))
            session.add(SeenRequest(signature_hash=seen, seen_at=now))
            _seen(key, now, client_version)
            try:
                session.flush()
            except IntegrityError as error:  # the same request twice at the same moment
                raise SyncError(REPLAYED) from error
            return Caller(key.center_id, key.key_id, public)

    def screen(self, authorization: str | None) -> None:
        """What of a signed request can be checked before its body is read: a well-formed
        header naming an active key of its center, a time within the clock skew, a signature
        not seen before. Only a caller that passes is read a large body; :meth:`authenticate`
        then verifies the signature over it. Nothing is written."""
        auth = parse_auth_header(authorization)
        with self._session() as session:
            _active_key(session, auth.key_id, auth.center_id)
            if abs(self._now() - auth.moment) > MAX_CLOCK_SKEW:
                raise SyncError(CLOCK_SKEW)
            if session.get(SeenRequest, hashlib.sha256(auth.signature).hexdigest()) is not None:
                raise SyncError(REPLAYED)

    # -- upload (§5) ---------------------------------------------------------------------------

    def announce(self, caller: Caller, body: object) -> tuple[dict[str, Any], bool]:
        """Store an announced batch (or find it again); return its state and whether it is new."""
        announcement = parse_announce(body)
        header = announcement.header
        if header.get("center_id") != caller.center_id:
            raise SyncError(WRONG_CENTER)
        if header.get("key_id") != caller.key_id:
            raise SyncError(BAD_SIGNATURE)  # the header must be signed by the request's key
        sealed = SealedBatch(header, announcement.manifest, announcement.records, ())
        records = header.get("parts", {}).get("records") if isinstance(
            header.get("parts"), dict) else None
        if isinstance(records, list) and len(records) > self.limits.max_records:
            raise SyncError(TOO_LARGE)
        opened = open_announced(sealed, registry_private=self.keys.encryption.private,
                                center_public=caller.public,
                                expected_center_id=caller.center_id)
        manifest = opened.manifest
        head = manifest_head(manifest, caller.public)
        blob_entries = [{"sha256": entry["sha256"], "size": entry["size"],
                         "media_type": entry["media_type"]} for entry in manifest["blobs"]]
        if (len(manifest["records"]) > self.limits.max_records
                or sum(entry["size"] for entry in blob_entries) > self.limits.max_bytes):
            raise SyncError(TOO_LARGE)
        header_text = canonical(header).decode()
        records_text = json.dumps([b64url(part) for part in announcement.records])
        batch_id, sequence = header["batch_id"], header["sequence"]
        if len(batch_id) > 36:
            raise SyncError(MALFORMED)
        now = self._now()
        with self._session() as session, session.begin():
            center = self._lock_center(session, caller.center_id)
            batch = session.get(Batch, batch_id)
            if batch is not None:
                if (batch.center_id != caller.center_id or batch.header != header_text
                        or batch.manifest != announcement.manifest
                        or batch.records != records_text):
                    raise SyncError(BATCH_CONFLICT)
                return self._state(session, batch), False
            if sequence <= center.last_sequence:
                raise SyncError(REPLAYED)
            if sequence != center.last_sequence + 1:
                raise SyncError(SEQUENCE_GAP, expected=center.last_sequence + 1)
            self._check_audit_head(session, caller.center_id, head)
            # A center never has two open batches: a new one at the same sequence supersedes
            # an unfinished one (nothing of it was applied).
            for stale in session.scalars(select(Batch).where(
                    Batch.center_id == caller.center_id, Batch.state == "open")):
                session.execute(delete(BatchStream).where(BatchStream.batch_id == stale.batch_id))
                session.delete(stale)
            session.flush()
            # The pack (§5): the blobs not held now, in manifest order, fixed for the batch.
            held = self._held(session, [entry["sha256"] for entry in blob_entries])
            for entry in blob_entries:
                entry["packed"] = entry["sha256"] not in held
            batch = Batch(batch_id=batch_id, center_id=caller.center_id, sequence=sequence,
                          state="open", state_committed=None, header=header_text,
                          manifest=announcement.manifest, records=records_text,
                          blobs=json.dumps(blob_entries), created_at=now,
                          records_received=len(manifest["records"]))
            session.add(batch)
            session.flush()
            return self._state(session, batch), True

    def blob_offset(self, caller: Caller, batch_id: str, sha256: str) -> tuple[int, int]:
        """(bytes of the blob's stream the registry holds, stream length)."""
        with self._session() as session:
            batch = self._own_batch(session, caller.center_id, batch_id)
            entry = blob_entry(batch, sha256)
            total = stream_size(entry["size"])
            if batch.state == "committed" or session.get(Blob, sha256) is not None:
                return total, total
            return self._received(session, batch_id, sha256), total

    def put_blob(self, caller: Caller, batch_id: str, sha256: str, content_range: str | None,
                 data: bytes) -> int:
        """Append a piece of a blob's stream at the registry's offset; the new offset."""
        start, end, total = self._piece_range(content_range, data)
        with self._session() as session, session.begin():
            _relaxed(session)
            batch = self._own_batch(session, caller.center_id, batch_id, lock=True)
            entry = blob_entry(batch, sha256)
            if total != stream_size(entry["size"]):
                raise SyncError(MALFORMED)
            if batch.state == "committed" or session.get(Blob, sha256) is not None:
                return total
            offset = self._received(session, batch_id, sha256)
            if start != offset:
                raise SyncError(OFFSET_MISMATCH, offset=offset)
            session.add(BatchStream(batch_id=batch_id, sha256=sha256, start=start, end=end,
                                    data=data))
            return end

    def _piece_range(self, content_range: str | None, data: bytes) -> tuple[int, int, int]:
        """(start, end, total) of a piece whose Content-Range agrees with its length."""
        if len(data) > self.limits.max_piece:
            raise SyncError(TOO_LARGE)
        start, end, total = parse_content_range(content_range)
        if end - start != len(data):
            raise SyncError(MALFORMED)
        return start, end, total

    def pack_offset(self, caller: Caller, batch_id: str) -> tuple[int, int]:
        """(bytes of the batch's pack the registry holds, pack length) (§5)."""
        with self._session() as session:
            batch = self._own_batch(session, caller.center_id, batch_id)
            layout = pack_layout(batch)
            total = sum(length for _sha, length in layout)
            if batch.state == "committed":
                return total, total
            return held_prefix(layout, self._received_all(session, batch_id)), total

    def put_pack(self, caller: Caller, batch_id: str, content_range: str | None,
                 data: bytes) -> int:
        """Append a piece of the batch's pack at the registry's pack offset, cut at the blob
        boundaries it crosses into pieces of those blobs' streams; the new offset."""
        start, end, total = self._piece_range(content_range, data)
        with self._session() as session, session.begin():
            _relaxed(session)
            batch = self._own_batch(session, caller.center_id, batch_id, lock=True)
            layout = pack_layout(batch)
            if total != sum(length for _sha, length in layout):
                raise SyncError(MALFORMED)
            if batch.state == "committed":
                return total
            received = self._received_all(session, batch_id)
            offset = held_prefix(layout, received)
            if start != offset:
                raise SyncError(OFFSET_MISMATCH, offset=offset)
            position = 0
            for sha256, length in layout:
                low, high = max(start, position), min(end, position + length)
                if low < high:
                    session.add(BatchStream(batch_id=batch_id, sha256=sha256,
                                            start=low - position, end=high - position,
                                            data=data[low - start:high - start]))
                position += length
            return end

    def commit(self, caller: Caller, batch_id: str) -> dict[str, Any]:
        """Apply a batch atomically, or return its stored receipt; retried on write races."""
        for attempt in range(_COMMIT_ATTEMPTS):
            try:
                return self._commit_once(caller, batch_id)
            except (IntegrityError, OperationalError):
                # Another commit took a person, record or lock first (PostgreSQL); the next
                # attempt sees its result and decides again. Nothing of this one was written.
                if attempt == _COMMIT_ATTEMPTS - 1:
                    raise SyncError(UNAVAILABLE) from None
        raise AssertionError("unreachable")

    def receipt(self, caller: Caller, batch_id: str) -> dict[str, Any]:
        with self._session() as session:
            self._own_batch(session, caller.center_id, batch_id)
            stored = session.get(Receipt, batch_id)
            if stored is None:
                raise SyncError(UNKNOWN_BATCH)
            result: dict[str, Any] = json.loads(self.keys.data.open_text(
                stored.body, receipt_place(batch_id)))
            return result

    def import_batch(self, sealed: SealedBatch) -> dict[str, Any]:
        """A batch from removable media: the same announce, send and commit as over HTTP."""
        header = sealed.header
        with self._session() as session:
            key = _active_key(session, str(header.get("key_id")), header.get("center_id"))
            caller = Caller(key.center_id, key.key_id, ed25519_public(key.public_key))
        announced = Announcement(header, sealed.manifest, sealed.records)
        opened = open_announced(SealedBatch(header, sealed.manifest, sealed.records, ()),
                                registry_private=self.keys.encryption.private,
                                center_public=caller.public, expected_center_id=caller.center_id)
        if len(sealed.blobs) != len(opened.manifest["blobs"]):
            raise SyncError(MALFORMED)  # a padded (or cut) file: §9 holds the batch and no more
        state, _new = self.announce(caller, announced)
        for missing in state["missing"]:  # "index" is the blob's place in the manifest and the file
            if missing["index"] >= len(sealed.blobs):
                raise SyncError(MALFORMED)
            stream = blob_stream(sealed.blobs[missing["index"]])
            offset = missing["offset"]
            while offset < len(stream):
                piece = stream[offset:offset + self.limits.max_piece]
                offset = self.put_blob(caller, header["batch_id"], missing["sha256"],
                                       content_range(offset, offset + len(piece), len(stream)), piece)
        return self.commit(caller, header["batch_id"])

    # -- internals -----------------------------------------------------------------------------

    @staticmethod
    def _received(session: Session, batch_id: str, sha256: str) -> int:
        return int(session.scalar(select(func.coalesce(func.max(BatchStream.end), 0)).where(
            BatchStream.batch_id == batch_id, BatchStream.sha256 == sha256)) or 0)

    @staticmethod
    def _received_all(session: Session, batch_id: str) -> dict[str, int]:
        """Each blob's offset in one query (a batch may hold hundreds of blobs)."""
        return {str(sha): int(end) for sha, end in session.execute(
            select(BatchStream.sha256, func.max(BatchStream.end))
            .where(BatchStream.batch_id == batch_id).group_by(BatchStream.sha256))}

    def _state(self, session: Session, batch: Batch) -> dict[str, Any]:
        missing = []
        layout = pack_layout(batch)
        pack_total = sum(length for _sha, length in layout)
        pack_offset = pack_total
        if batch.state == "open":
            entries = json.loads(batch.blobs)
            held = self._held(session, [entry["sha256"] for entry in entries])
            received = self._received_all(session, batch.batch_id)
            for index, entry in enumerate(entries):
                if entry["sha256"] in held:
                    continue
                total = stream_size(entry["size"])
                offset = received.get(entry["sha256"], 0)
                if offset < total:
                    missing.append({"sha256": entry["sha256"], "index": index,
                                    "offset": offset, "total": total})
            pack_offset = held_prefix(layout, received)
        blobs = [index for index, entry in enumerate(json.loads(batch.blobs))
                 if entry.get("packed")]
        return {"batch_id": batch.batch_id, "state": batch.state, "missing": missing,
                "pack": {"blobs": blobs, "offset": pack_offset, "total": pack_total}}

    @staticmethod
    def _held(session: Session, hashes: Sequence[str]) -> set[str]:
        if not hashes:
            return set()
        return set(session.scalars(select(Blob.sha256).where(Blob.sha256.in_(hashes))))

    def _commit_once(self, caller: Caller, batch_id: str) -> dict[str, Any]:
        now = self._now()
        started = time.perf_counter()
        with self._session() as session:
            session.begin()
            center = self._lock_center(session, caller.center_id)
            batch = self._own_batch(session, caller.center_id, batch_id, lock=True)
            stored = session.get(Receipt, batch_id)
            if batch.state == "committed" and stored is not None:
                session.rollback()
                result: dict[str, Any] = json.loads(self.keys.data.open_text(
                    stored.body, receipt_place(batch_id)))
                return result
            if batch.sequence != center.last_sequence + 1:
                raise SyncError(SEQUENCE_GAP, expected=center.last_sequence + 1)
            header = json.loads(batch.header)
            key = session.get(CenterKey, header.get("key_id"))
            if key is None or key.center_id != caller.center_id:
                raise SyncError(UNKNOWN_KEY)
            if key.status != "active":
                raise SyncError(REVOKED_KEY)
            entries = json.loads(batch.blobs)
            hashes = [entry["sha256"] for entry in entries]
            vault = self.keys.data
            held = {blob.sha256: vault.open(self._object(blob_name(blob.sha256), blob.data), blob_place(blob.sha256))
                    for blob in session.scalars(select(Blob).where(Blob.sha256.in_(hashes)))
                    } if hashes else {}
            streams: list[tuple[bytes, ...]] = []
            missing = []
            received: dict[str, list[bytes]] = {}
            for sha256, data in session.execute(
                    select(BatchStream.sha256, BatchStream.data)
                    .where(BatchStream.batch_id == batch_id)
                    .order_by(BatchStream.sha256, BatchStream.start)):
                received.setdefault(sha256, []).append(data)
            for index, entry in enumerate(entries):
                if entry["sha256"] in held:
                    streams.append(())
                    continue
                stream = b"".join(received.get(entry["sha256"], ()))
                total = stream_size(entry["size"])
                if len(stream) != total:
                    missing.append({"sha256": entry["sha256"], "index": index,
                                    "offset": len(stream), "total": total})
                    continue
                streams.append(split_stream(stream, entry["size"]))
            if missing:
                raise SyncError(BLOBS_MISSING, missing=missing)
            sealed = SealedBatch(header, batch.manifest,
                                 tuple(from_b64url(part) for part in json.loads(batch.records)),
                                 tuple(streams))
            try:
                opened = open_batch(sealed, registry_private=self.keys.encryption.private,
                                    center_public=ed25519_public(key.public_key),
                                    expected_center_id=caller.center_id, held_blobs=held)
            except SyncError as error:
                if error.code in (DECRYPT_FAILED, HASH_MISMATCH):
                    # A stream that does not decrypt can never commit: discard what was
                    # received so that an honest resend can complete the batch.
                    session.execute(delete(BatchStream).where(BatchStream.batch_id == batch_id))
                    session.commit()
                raise
            self._keep_audit_head(session, caller.center_id, batch_id,
                                  manifest_head(opened.manifest, ed25519_public(key.public_key)), now)
            results = file_records(session, vault, caller.center_id, batch.batch_id,
                                   opened.manifest, opened.records, now)
            for entry in entries:  # the store first: a crash before the commit leaves an unused object
                if entry["sha256"] not in held:
                    sealed_blob = vault.seal(opened.blobs[entry["sha256"]], blob_place(entry["sha256"]))
                    session.add(Blob(sha256=entry["sha256"], size=entry["size"], media_type=entry["media_type"],
                                     data=self._keep_object(blob_name(entry["sha256"]), sealed_blob)))
            session.execute(delete(BatchStream).where(BatchStream.batch_id == batch_id))
            center.last_sequence = batch.sequence
            batch.state, batch.state_committed, batch.committed_at = "committed", 1, now
            batch.records_accepted = sum(1 for result in results if result.get("status") == "accepted")
            batch.records_rejected = len(results) - batch.records_accepted
            receipt = build_receipt(registry_key=self.keys.signing.private, batch_id=batch_id,
                                    center_id=caller.center_id, sequence=batch.sequence,
                                    manifest_hash=opened.manifest_hash, results=results,
                                    committed_at=now)
            session.add(Receipt(batch_id=batch_id, body=vault.seal_text(
                canonical(receipt).decode(), receipt_place(batch_id))))
            session.commit()
            if self.on_filed is not None:
                self.on_filed(receipt, time.perf_counter() - started)
            return receipt

def _active_key(session: Session, kid: str, center_id: object) -> CenterKey:
    """The center's key ``kid`` if it may sign; else the refusal (unknown, wrong center, revoked)."""
    key = session.get(CenterKey, kid)
    if key is None:
        raise SyncError(UNKNOWN_KEY)
    if key.center_id != center_id:
        raise SyncError(WRONG_CENTER)
    if key.status != "active":
        raise SyncError(REVOKED_KEY)
    return key


def _seen(key: CenterKey, now: datetime, client_version: str | None) -> None:
    """Note the key's last signed request (at most once a minute) and the client version it said."""
    said = (client_version or "")[:50]
    if said and (not said.isascii() or not said.isprintable()):
        said = ""
    last = aware(key.last_seen_at) if key.last_seen_at is not None else None
    if last is None or now - last >= SEEN_EVERY or (said and said != key.client_version):
        key.last_seen_at = now
        if said:
            key.client_version = said


def _relaxed(session: Session) -> None:
    """On PostgreSQL, do not wait for this transaction to reach the disk.

    Only for writes that a crash may lose without harm: a remembered request signature (the
    request it guards is itself idempotent) and a received piece of a blob (after a restart the
    registry reports the offset it really has, and the client resends from there). Commits of
    records and receipts always wait.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))


__all__ = ["Caller", "Limits", "Registry", "RegistryBase", "normalise_code", "valid_center_id"]
