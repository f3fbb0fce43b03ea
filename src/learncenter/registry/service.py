"""The registry's logic, independent of HTTP: enrollment, upload, commit, down-sync, admin.

``app.py`` (HTTP) and ``cli.py`` (``import FILE`` from removable media) call the same methods,
so a batch is checked the same way whichever road it took (protocol §9). Every refusal is a
:class:`~learncenter.sync.errors.SyncError` raised before anything is written; a commit writes
all of a batch's records, its blobs, the center's sequence and the receipt in one transaction,
and a retried commit reads the stored receipt back instead of applying anything twice.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from learncenter.domain.canonical import canonical
from learncenter.registry.filing import aware, file_records
from learncenter.registry.keys import RegistryKeys
from learncenter.registry.pack import blob_entry, held_prefix, pack_layout
from learncenter.registry.store import (
    Batch,
    BatchStream,
    Blob,
    Center,
    CenterKey,
    Change,
    EnrollCode,
    Person,
    Receipt,
    RegistryRecord,
    SeenRequest,
    session_factory,
)
from learncenter.sync.envelope import (
    SealedBatch,
    open_announced,
    open_batch,
)
from learncenter.sync.errors import (
    BAD_SIGNATURE,
    BAD_CODE,
    BATCH_CONFLICT,
    BLOBS_MISSING,
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
from learncenter.sync.keys import b64url, ed25519_public, from_b64url, key_id
from learncenter.sync.receipt import build_receipt, utc_text
from learncenter.sync.signing import sign_object, verify_object
from learncenter.sync.wire import (
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

CODE_LIFETIME = timedelta(hours=72)
REPLAY_WINDOW = 2 * MAX_CLOCK_SKEW
BLOCK_BASE = 260_000_000  # block k is BLOCK_BASE + 100,000·k + 1 … + 99,999 (protocol §3)
BLOCK_SIZE = 100_000
CHANGES_FORMAT = "learncenter-changes/1"
ENROLLMENT_FORMAT = "learncenter-enrollment/1"
ROTATION_FORMAT = "learncenter-rotation/1"
CHANGE_KINDS = ("pre_registration", "major", "exam_session", "profile", "number_block")
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: read out over the phone
_COMMIT_ATTEMPTS = 5


@dataclass(frozen=True)
class Limits:
    """What one batch may hold (protocol §7 ``too_large``; open point §12)."""

    max_records: int = 2000
    max_bytes: int = 2 << 30
    max_piece: int = 8 << 20  # bytes of one PUT


@dataclass(frozen=True)
class Caller:
    """A center whose request signature verified, with the key it used."""

    center_id: str
    key_id: str
    public: Ed25519PublicKey


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def valid_center_id(center_id: str) -> bool:
    return 0 < len(center_id) <= 20 and center_id.isascii() and center_id.isalnum()


class Registry:
    """One registry: its database and its keys."""

    def __init__(self, engine: Engine, keys: RegistryKeys, *, limits: Limits = Limits(),
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.engine = engine
        self.keys = keys
        self.limits = limits
        self._now = now
        self._sessions = session_factory(engine)
        self._requests_seen = 0

    def _session(self) -> Session:
        session: Session = self._sessions()
        return session

    # -- admin ---------------------------------------------------------------------------------

    def enroll_code(self, center_id: str, name: str | None = None) -> str:
        """A new one-time code for ``center_id`` (the center is created if new)."""
        if not valid_center_id(center_id):
            raise ValueError(center_id)
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
        now = self._now()
        with self._session() as session, session.begin():
            center = session.get(Center, center_id)
            if center is None:
                center = Center(center_id=center_id, name=name or "", created_at=now,
                                last_sequence=0)
                session.add(center)
            elif name:
                center.name = name
            session.flush()
            session.add(EnrollCode(code_hash=_code_hash(code), center_id=center_id,
                                   created_at=now, expires_at=now + CODE_LIFETIME))
        return f"{code[:5]}-{code[5:]}"

    def revoke(self, center_id: str) -> int | None:
        """Revoke every active key of the center; ``None`` when there is no such center."""
        now = self._now()
        with self._session() as session, session.begin():
            if session.get(Center, center_id) is None:
                return None
            keys = session.scalars(select(CenterKey).where(
                CenterKey.center_id == center_id, CenterKey.status == "active")).all()
            for key in keys:
                key.status, key.revoked_at = "revoked", now
            return len(keys)

    def stats(self) -> dict[str, Any]:
        with self._session() as session:
            def count(stmt: Any) -> int:
                return int(session.scalar(stmt) or 0)
            return {
                "centers": count(select(func.count()).select_from(Center)),
                "active_keys": count(select(func.count()).select_from(CenterKey)
                                     .where(CenterKey.status == "active")),
                "batches_committed": count(select(func.count()).select_from(Batch)
                                           .where(Batch.state == "committed")),
                "batches_open": count(select(func.count()).select_from(Batch)
                                      .where(Batch.state == "open")),
                "records": count(select(func.count()).select_from(RegistryRecord)),
                "persons": count(select(func.count()).select_from(Person)),
                "blobs": count(select(func.count()).select_from(Blob)),
                "blob_bytes": count(select(func.coalesce(func.sum(Blob.size), 0))),
                "changes": count(select(func.count()).select_from(Change)),
            }

    # -- enrollment (§3) -----------------------------------------------------------------------

    def enroll(self, body: object) -> dict[str, Any]:
        if not (isinstance(body, Mapping) and isinstance(body.get("code"), str)
                and isinstance(body.get("device_name", ""), str)
                and isinstance(body.get("client_version", ""), str)):
            raise SyncError(MALFORMED)
        public_raw = from_b64url(body.get("center_public_key"))
        ed25519_public(public_raw)  # a real key, or malformed
        new_key_id = key_id(public_raw)
        now = self._now()
        with self._session() as session, session.begin():
            code = session.get(EnrollCode, _code_hash(body["code"]), with_for_update=True)
            if code is None or code.used_at is not None or aware(code.expires_at) <= now:
                raise SyncError(BAD_CODE)
            existing = session.get(CenterKey, new_key_id)
            if existing is not None and existing.center_id != code.center_id:
                raise SyncError(BAD_CODE)
            code.used_at = now
            center = session.get(Center, code.center_id, with_for_update=True)
            assert center is not None  # the code's foreign key
            for old in session.scalars(select(CenterKey).where(
                    CenterKey.center_id == center.center_id, CenterKey.status == "active")):
                old.status, old.revoked_at = "revoked", now
            if existing is None:
                session.add(CenterKey(
                    key_id=new_key_id, center_id=center.center_id, public_key=public_raw,
                    status="active", device_name=body.get("device_name", "")[:200],
                    client_version=body.get("client_version", "")[:50], created_at=now))
            else:
                existing.status, existing.revoked_at = "active", None
            if center.block_first is None:
                highest = session.scalar(select(func.max(Center.block_first)))
                center.block_first = (BLOCK_BASE + 1 if highest is None
                                      else int(highest) + BLOCK_SIZE)
                center.block_last = center.block_first + BLOCK_SIZE - 2
                session.flush()
                self._add_change(session, center.center_id, "number_block", "number_block",
                                 {"first": center.block_first, "last": center.block_last})
            assert center.block_last is not None
            return sign_object(self.keys.signing.private, {
                "format": ENROLLMENT_FORMAT, "center_id": center.center_id,
                "center_name": center.name,
                "registry_signing_key": b64url(self.keys.signing.public_raw),
                "registry_encryption_key": b64url(self.keys.encryption.public_raw),
                "number_block": {"first": center.block_first, "last": center.block_last},
                "signed_at": utc_text(now),
            })

    # -- request authentication (§5) -----------------------------------------------------------

    def authenticate(self, authorization: str | None, *, method: str, path: str,
                     body: bytes) -> Caller:
        """The center behind a signed request, or the §7 refusal; remembers the signature."""
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
            try:
                session.flush()
            except IntegrityError as error:  # the same request twice at the same moment
                raise SyncError(REPLAYED) from error
            return Caller(key.center_id, key.key_id, public)

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
                          blobs=json.dumps(blob_entries), created_at=now)
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
            result: dict[str, Any] = json.loads(stored.body)
            return result

    def import_batch(self, sealed: SealedBatch) -> dict[str, Any]:
        """A batch from removable media: the same announce, send and commit as over HTTP."""
        header = sealed.header
        with self._session() as session:
            key = _active_key(session, str(header.get("key_id")), header.get("center_id"))
            caller = Caller(key.center_id, key.key_id, ed25519_public(key.public_key))
        state, _new = self.announce(caller, Announcement(header, sealed.manifest, sealed.records))
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

    # -- key rotation (§10) --------------------------------------------------------------------

    def rotate_key(self, caller: Caller, body: object) -> dict[str, Any]:
        signed = verify_object(body, caller.public)
        new_raw = from_b64url(signed.get("new_key"))
        ed25519_public(new_raw)
        if signed.get("old_key_id") != caller.key_id:
            raise SyncError(MALFORMED)
        new_id = key_id(new_raw)
        now = self._now()
        with self._session() as session, session.begin():
            self._lock_center(session, caller.center_id)
            if session.get(CenterKey, new_id) is not None:
                raise SyncError(MALFORMED)
            old = session.get(CenterKey, caller.key_id)
            assert old is not None
            old.status, old.revoked_at = "revoked", now
            session.add(CenterKey(key_id=new_id, center_id=caller.center_id, public_key=new_raw,
                                  status="active", device_name=old.device_name,
                                  client_version=old.client_version, created_at=now))
        return sign_object(self.keys.signing.private, {
            "format": ROTATION_FORMAT, "center_id": caller.center_id,
            "old_key_id": caller.key_id, "new_key_id": new_id, "rotated_at": utc_text(now)})

    # -- down-sync (§8) ------------------------------------------------------------------------

    def changes(self, caller: Caller, cursor: str | None, limit: int = 500) -> dict[str, Any]:
        after = _parse_cursor(cursor)
        limit = max(1, min(limit, 1000))
        with self._session() as session:
            rows = session.scalars(
                select(Change).where(Change.seq > after,
                                     (Change.center_id.is_(None))
                                     | (Change.center_id == caller.center_id))
                .order_by(Change.seq).limit(limit + 1)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1].seq if rows else after
        return sign_object(self.keys.signing.private, {
            "format": CHANGES_FORMAT, "center_id": caller.center_id, "cursor": cursor,
            "changes": [{"seq": row.seq, "kind": row.kind, "key": row.key,
                         "version": row.version, "data": json.loads(row.data)} for row in rows],
            "next_cursor": f"c{last}", "more": more,
        })

    def publish(self, items: Iterable[tuple[str | None, str, str, Mapping[str, Any]]]) -> int:
        """Publish (center or None, kind, key, data) items in one transaction; the number that
        changed (an item identical to its last published version is not published again)."""
        published = 0
        with self._session() as session, session.begin():
            for center_id, kind, key, data in items:
                if kind not in CHANGE_KINDS:
                    raise ValueError(kind)
                published += self._add_change(session, center_id, kind, key, data)
        return published

    # -- internals -----------------------------------------------------------------------------

    def _add_change(self, session: Session, center_id: str | None, kind: str, key: str,
                    data: Mapping[str, Any]) -> bool:
        text = canonical(dict(data)).decode()
        last = session.scalars(
            select(Change).where(Change.kind == kind, Change.key == key,
                                 Change.center_id.is_(None) if center_id is None
                                 else Change.center_id == center_id)
            .order_by(Change.version.desc()).limit(1)).first()
        if last is not None and last.data == text:
            return False
        session.add(Change(center_id=center_id, kind=kind, key=key,
                           version=(last.version + 1) if last else 1, data=text,
                           created_at=self._now()))
        session.flush()
        return True

    @staticmethod
    def _lock_center(session: Session, center_id: str) -> Center:
        center = session.scalars(select(Center).where(Center.center_id == center_id)
                                 .with_for_update()).first()
        if center is None:
            raise SyncError(UNKNOWN_KEY)
        return center

    @staticmethod
    def _own_batch(session: Session, center_id: str, batch_id: str, *,
                   lock: bool = False) -> Batch:
        stmt = select(Batch).where(Batch.batch_id == batch_id)
        batch = session.scalars(stmt.with_for_update() if lock else stmt).first()
        if batch is None or batch.center_id != center_id:
            raise SyncError(UNKNOWN_BATCH)
        return batch

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
        with self._session() as session:
            session.begin()
            center = self._lock_center(session, caller.center_id)
            batch = self._own_batch(session, caller.center_id, batch_id, lock=True)
            stored = session.get(Receipt, batch_id)
            if batch.state == "committed" and stored is not None:
                session.rollback()
                result: dict[str, Any] = json.loads(stored.body)
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
            held = {blob.sha256: blob.data for blob in session.scalars(
                select(Blob).where(Blob.sha256.in_(hashes)))} if hashes else {}
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
            results = file_records(session, caller.center_id, batch.batch_id, opened.manifest,
                                   opened.records, now)
            for entry in entries:
                if entry["sha256"] not in held:
                    session.add(Blob(sha256=entry["sha256"], size=entry["size"],
                                     media_type=entry["media_type"],
                                     data=opened.blobs[entry["sha256"]]))
            session.execute(delete(BatchStream).where(BatchStream.batch_id == batch_id))
            center.last_sequence = batch.sequence
            batch.state, batch.state_committed, batch.committed_at = "committed", 1, now
            receipt = build_receipt(registry_key=self.keys.signing.private, batch_id=batch_id,
                                    center_id=caller.center_id, sequence=batch.sequence,
                                    manifest_hash=opened.manifest_hash, results=results,
                                    committed_at=now)
            session.add(Receipt(batch_id=batch_id, body=canonical(receipt).decode()))
            session.commit()
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


def _relaxed(session: Session) -> None:
    """On PostgreSQL, do not wait for this transaction to reach the disk.

    Only for writes that a crash may lose without harm: a remembered request signature (the
    request it guards is itself idempotent) and a received piece of a blob (after a restart the
    registry reports the offset it really has, and the client resends from there). Commits of
    records and receipts always wait.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))


def _parse_cursor(cursor: str | None) -> int:
    if cursor is None or cursor == "":
        return 0
    if not (cursor.startswith("c") and cursor[1:].isdigit()):
        raise SyncError(MALFORMED)
    return int(cursor[1:])
