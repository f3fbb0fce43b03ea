"""Centers and their keys (protocol §3, §10): one-time enrollment codes, enrollment with a
number block, key rotation, revocation, and the administrator's counts.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learncenter.registry.base import Caller, RegistryBase
from learncenter.registry.filing import aware, same_person
from learncenter.registry.store import (
    Batch,
    Blob,
    Center,
    CenterKey,
    Change,
    EnrollCode,
    Person,
    RegistryRecord,
)
from learncenter.protocol.errors import BAD_CODE, MALFORMED, SyncError
from learncenter.protocol.keys import b64url, ed25519_public, from_b64url, key_id
from learncenter.protocol.receipt import utc_text
from learncenter.protocol.signing import sign_object, verify_object

CODE_LIFETIME = timedelta(hours=72)
BLOCK_BASE = 260_000_000  # block k is BLOCK_BASE + 100,000·k + 1 … + 99,999 (protocol §3)
BLOCK_SIZE = 100_000
ENROLLMENT_FORMAT = "learncenter-enrollment/1"
ROTATION_FORMAT = "learncenter-rotation/1"
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: read out over the phone


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def valid_center_id(center_id: str) -> bool:
    return 0 < len(center_id) <= 20 and center_id.isascii() and center_id.isalnum()


class CenterAdmin(RegistryBase):
    """Enrollment codes, enrollment, key rotation, revocation and counts."""

    def enroll_code(self, center_id: str, name: str | None = None) -> str:
        """A new one-time code for ``center_id`` (the center is created if new)."""
        if not valid_center_id(center_id):
            raise ValueError(center_id)
        with self._session() as session, session.begin():
            return self._add_code(session, center_id, name, self._now())

    @staticmethod
    def _add_code(session: Session, center_id: str, name: str | None, now: datetime) -> str:
        """A new code for ``center_id`` in ``session`` (the center made if new, renamed if named)."""
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
        center = session.get(Center, center_id)
        if center is None:
            center = Center(center_id=center_id, name=name or "", created_at=now, last_sequence=0)
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

    def same_person(self, term: str, first: str, second: str) -> bool:
        """Say that the holder of the key ``second`` is the person of the key ``first`` (a new
        document of the same person): one application per term counts across both. False when
        the registry already knew."""
        with self._session() as session, session.begin():
            return same_person(session, self.keys.data, term, first, second, self._now())

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
                "batches_waiting": count(select(func.count()).select_from(Batch)
                                         .where(Batch.state == "received")),
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
