"""Rotating this center's device key with the registry's agreement (protocol §10).

The new key is made and saved privately first, the request is signed with the old key, and
only an answer that verifies with the pinned registry key and names both keys makes the new
key current. Until then the old key stays in use, so a refused answer leaves the center
signing as before; the old public key stays listed, so notices it signed still verify.

An answer can also be lost after the registry took the new key (a cut on the way back); from
then on the registry refuses the old key. The new key's id is therefore kept as *pending*
before the request leaves, and :func:`settle_pending_rotation` (run before the center next
goes online) asks the registry one signed question with the pending key: answered, the
registry holds that key, and the center makes it current; refused as unknown, the rotation
never happened and the pending key is forgotten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.store import device_key, settings
from learncenter.store.database import Database
from learncenter.store.sync_models import BATCH_OPEN
from learncenter.sync import pins
from learncenter.sync.batching import uncommitted_batches
from learncenter.sync.enrollment import release_unsent_batches
from learncenter.protocol.errors import MALFORMED, REVOKED_KEY, UNKNOWN_KEY, WRONG_CENTER, SyncError
from learncenter.protocol.keys import key_id
from learncenter.protocol.signing import verify_object

ROTATION_FORMAT = "learncenter-rotation/1"
_PENDING = "sync.rotation_pending"  # settings: id of a new key asked for, answer not verified yet
BATCHES_WAITING = define(
    "sync.rotation_batches_waiting",
    zh="已发出（或已写出文件）的 {count} 个批次还未获登记机构回执，它们由当前密钥签名，换密钥后将被拒收："
       "请先同步（learncenter sync run）或导入回执，再更换密钥。",
    en="{count} batch(es) sent (or written to a file) still wait for the registry's receipt; they are signed "
       "with the current key and would be refused after the change: sync (learncenter sync run) or import "
       "the receipt first, then replace the key.",
)

ROTATION_PENDING = define(
    "sync.rotation_pending",
    zh="上一次更换设备密钥尚未得到登记机构的确认（回复可能在途中丢失）：请先同步（learncenter sync run），"
       "同步时会先核实此事，然后再更换密钥。",
    en="The last device key change has not been confirmed by the registry yet (its answer may have been lost "
       "on the way): sync first (learncenter sync run), which settles it, then replace the key.",
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
    batches built but never sent are dropped and their records sealed again with the new key;
    refuses (:data:`ROTATION_PENDING`) while an earlier rotation waits to be settled."""
    with db.session() as session:
        pinned = pins.require(session)
        waiting = sum(1 for batch in uncommitted_batches(session) if batch.state != BATCH_OPEN)
    if waiting:
        raise DomainError(Problem(BATCHES_WAITING, None, {"count": waiting}))
    if pending_rotation(db) is not None:
        raise DomainError(Problem(ROTATION_PENDING, None, {}))
    old_key_id = key_id(device_key.current_key(db).public_key())
    new = device_key.prepare(db)
    new_key_id = key_id(new.public_key())
    with db.session() as session, session.begin():
        settings.put(session, _PENDING, new_key_id)
    body = verify_object(link.rotate_key(new), pinned.signing_public)
    if body.get("format") != ROTATION_FORMAT or not isinstance(body.get("rotated_at"), str):
        raise SyncError(MALFORMED)
    if body.get("center_id") != pinned.center_id:
        raise SyncError(WRONG_CENTER)
    if body.get("old_key_id") != old_key_id or body.get("new_key_id") != new_key_id:
        raise SyncError(MALFORMED)
    released = _adopt(db, new, actor=actor, details={"registry_rotated_at": body["rotated_at"]})
    return Rotation(old_key_id, new_key_id, body["rotated_at"], released)


def _adopt(db: Database, key: Ed25519PrivateKey, *, actor: str, details: dict[str, object]) -> int:
    """Make ``key`` current, seal again what was built with the old key and never sent, and
    end the pending rotation, in one transaction; the number of batches released."""
    with db.session() as session, session.begin():
        device_key.make_current_in(session, key, actor=actor, reason="rotation", details=details)
        released = release_unsent_batches(session)
        settings.put(session, _PENDING, "")
        return released


def pending_rotation(db: Database) -> str | None:
    """The id of a new key asked for whose answer was never verified; None when there is none."""
    with db.session() as session:
        return settings.get(session, _PENDING) or None


def settle_pending_rotation(db: Database, probe: Callable[[Ed25519PrivateKey], object], *,
                            actor: str) -> str | None:
    """Find out whether the registry took a pending key (see the module's text); the key id if
    it did and is now current, else None. ``probe(key)`` makes one signed request with ``key``
    and raises :class:`SyncError` when the registry refuses it. A registry that cannot be
    reached leaves the rotation pending for the next time."""
    pending = pending_rotation(db)
    if pending is None:
        return None
    key = device_key.prepared(db, pending)
    try:
        probe(key)
    except SyncError as error:
        if error.code in (UNKNOWN_KEY, REVOKED_KEY):  # the registry never took it
            with db.session() as session, session.begin():
                settings.put(session, _PENDING, "")
        return None
    _adopt(db, key, actor=actor,
           details={"registry_answer": "lost; the registry answered a request signed with the new key"})
    return pending
