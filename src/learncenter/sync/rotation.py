"""Rotating this center's device key with the registry's agreement (protocol §10).

The new key is made and saved privately first, the request is signed with the old key, and
only an answer that verifies with the pinned registry key and names both keys makes the new
key current. Until then the old key stays in use, so a refused or lost answer leaves the
center signing as before; the old public key stays listed, so notices it signed still verify.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.store import device_key
from learncenter.store.database import Database
from learncenter.store.sync_models import BATCH_OPEN
from learncenter.sync import pins
from learncenter.sync.batching import uncommitted_batches
from learncenter.sync.enrollment import release_unsent_batches
from learncenter.sync.errors import MALFORMED, WRONG_CENTER, SyncError
from learncenter.sync.keys import key_id
from learncenter.sync.signing import verify_object

ROTATION_FORMAT = "learncenter-rotation/1"
BATCHES_WAITING = define(
    "sync.rotation_batches_waiting",
    zh="已发出（或已写出文件）的 {count} 个批次还未获登记机构回执，它们由当前密钥签名，换密钥后将被拒收："
       "请先同步（learncenter sync run）或导入回执，再更换密钥。",
    en="{count} batch(es) sent (or written to a file) still wait for the registry's receipt; they are signed "
       "with the current key and would be refused after the change: sync (learncenter sync run) or import "
       "the receipt first, then replace the key.",
)


class KeyRotator(Protocol):
    """``RegistryLink.rotate_key``: post the signed request, return the (unverified) answer."""

    def rotate_key(self, new_key: Ed25519PrivateKey) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Rotation:
    old_key_id: str
    new_key_id: str
    rotated_at: str  # the registry's time, UTC ISO 8601
    batches_released: int  # built with the old key but never sent: their records are sealed again


def rotate_device_key(db: Database, link: KeyRotator, *, actor: str) -> Rotation:
    """Ask the registry (over ``link``, signing with the current key) to take a new key; make
    it current once the answer verifies. Raises :class:`SyncError` and keeps the old key
    otherwise. Refuses (:data:`BATCHES_WAITING`) while batches that left signed with the old key
    still wait for a receipt, since the registry refuses them once the old key is retired;
    batches built but never sent are dropped and their records sealed again with the new key."""
    with db.session() as session:
        pinned = pins.require(session)
        waiting = sum(1 for batch in uncommitted_batches(session) if batch.state != BATCH_OPEN)
    if waiting:
        raise DomainError(Problem(BATCHES_WAITING, None, {"count": waiting}))
    old_key_id = key_id(device_key.current_key(db, actor=actor).public_key())
    new = device_key.prepare(db)
    new_key_id = key_id(new.public_key())
    body = verify_object(link.rotate_key(new), pinned.signing_public)
    if body.get("format") != ROTATION_FORMAT or not isinstance(body.get("rotated_at"), str):
        raise SyncError(MALFORMED)
    if body.get("center_id") != pinned.center_id:
        raise SyncError(WRONG_CENTER)
    if body.get("old_key_id") != old_key_id or body.get("new_key_id") != new_key_id:
        raise SyncError(MALFORMED)
    with db.session() as session, session.begin():
        device_key.make_current_in(session, new, actor=actor, reason="rotation",
                                   details={"registry_rotated_at": body["rotated_at"]})
        released = release_unsent_batches(session)  # built with the old key, never sent: sealed again
    return Rotation(old_key_id, new_key_id, body["rotated_at"], released)
