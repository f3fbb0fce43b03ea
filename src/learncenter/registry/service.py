"""The registry's logic, independent of HTTP: signed requests, upload, commit, batch files;
with centers (``centers``) and down-sync (``changes``) mixed into one ``Registry``.

``app.py`` (HTTP) and ``cli.py`` (``import FILE`` from removable media) call the same methods,
so a batch is checked the same way whichever road it took (protocol §9). Every refusal is a
:class:`~learncenter.protocol.errors.SyncError` raised before anything is written. Receiving and
filing a committed batch (in one transaction: its records, blobs, the center's sequence and the
receipt; a retried commit reads the stored receipt back) are in ``batch_filing``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from learncenter.domain.canonical import canonical
from learncenter.registry.audit_heads import manifest_head
from learncenter.registry.batch_filing import OPEN, BatchFiling, last_received
from learncenter.registry.base import Caller, Limits, RegistryBase
from learncenter.registry.centers import normalise_code, valid_center_id
from learncenter.registry.console_figures import ConsoleFigures
from learncenter.registry.changes import ChangeFeed
from learncenter.registry.filing import aware
from learncenter.registry.pack import blob_entry, held_prefix, pack_layout, stream_missing
from learncenter.registry.verification import CertificateVerification
from learncenter.registry.store import Batch, BatchStream, Blob, CenterKey, SeenRequest
from learncenter.protocol.envelope import SealedBatch, open_announced
from learncenter.protocol.errors import (
    BAD_SIGNATURE,
    BATCH_CONFLICT,
    CLOCK_SKEW,
    MALFORMED,
    OFFSET_MISMATCH,
    REPLAYED,
    REVOKED_KEY,
    SEQUENCE_GAP,
    TOO_LARGE,
    UNKNOWN_KEY,
    WRONG_CENTER,
    SyncError,
)
from learncenter.protocol.keys import b64url, ed25519_public
from learncenter.protocol.wire import (
    MAX_CLOCK_SKEW,
    Announcement,
    blob_stream,
    content_range,
    parse_announce,
    parse_auth_header,
    parse_content_range,
    stream_size,
    verify_request,
)

REPLAY_WINDOW = 2 * MAX_CLOCK_SKEW
SEEN_EVERY = timedelta(minutes=1)


class Registry(ConsoleFigures, ChangeFeed, BatchFiling, CertificateVerification):
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
            last = last_received(session, center)
            if sequence <= last:
                raise SyncError(REPLAYED)
            if sequence != last + 1:
                raise SyncError(SEQUENCE_GAP, expected=last + 1)
            self._check_audit_head(session, caller.center_id, head)
            # A center never has two open batches: a new one at the same sequence supersedes
            # an unfinished one (nothing of it was applied).
            for stale in session.scalars(select(Batch).where(
                    Batch.center_id == caller.center_id, Batch.state == OPEN)):
                session.execute(delete(BatchStream).where(BatchStream.batch_id == stale.batch_id))
                session.delete(stale)
            session.flush()
            # The pack (§5): the blobs not held now, in manifest order, fixed for the batch.
            held = self._held(session, [entry["sha256"] for entry in blob_entries])
            for entry in blob_entries:
                entry["packed"] = entry["sha256"] not in held
            batch = Batch(batch_id=batch_id, center_id=caller.center_id, sequence=sequence,
                          state=OPEN, state_committed=None, header=header_text,
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
            if batch.state != OPEN or session.get(Blob, sha256) is not None:
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
            if batch.state != OPEN or session.get(Blob, sha256) is not None:
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
            if batch.state != OPEN:  # received or filed: every byte is here
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
            if batch.state != OPEN:  # received or filed: every byte is here
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

    def _state(self, session: Session, batch: Batch) -> dict[str, Any]:
        missing: list[dict[str, Any]] = []
        layout = pack_layout(batch)
        pack_total = sum(length for _sha, length in layout)
        pack_offset = pack_total
        if batch.state == OPEN:
            received = self._received_all(session, batch.batch_id)
            missing = stream_missing(batch, self._held(session, [entry["sha256"] for entry in json.loads(batch.blobs)]),
                                     received)
            pack_offset = held_prefix(layout, received)
        blobs = [index for index, entry in enumerate(json.loads(batch.blobs))
                 if entry.get("packed")]
        return {"batch_id": batch.batch_id, "state": batch.state, "missing": missing,
                "pack": {"blobs": blobs, "offset": pack_offset, "total": pack_total}}


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
