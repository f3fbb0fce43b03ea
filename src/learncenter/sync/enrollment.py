"""Enrolling the center with a registry (protocol §3) and enrolling it again (§3, §10).

The answer is verified with the signing key it carries (nothing else is known yet), and that
key's id is shown to the clerk to compare with the one the administrator reads out: that
comparison is what makes trusting it safe. From then on both registry keys are pinned, and an
answer signed by another key is refused. Enrolling again (a new computer, a lost keyring)
first gives the center a new device key, so the registry revokes the old one; both steps are
in the audit log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import authorize
from learncenter.store import device_key, reference_data, settings
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.sync_models import BATCH_OPEN, ITEM_PENDING, SyncBatch, SyncBatchItem
from learncenter.sync import pins
from learncenter.sync.batch_states import batch_items
from learncenter.protocol.errors import MALFORMED, SyncError
from learncenter.protocol.keys import ed25519_public, from_b64url, key_id, public_raw, x25519_public
from learncenter.sync.link import EnrollSender
from learncenter.protocol.signing import verify_object

REGISTRY_KEY_CHANGED = define(
    "sync.registry_key_changed",
    zh="登记机构的签名密钥（{key_id}）与登记时记录的（{pinned}）不同，已拒绝。请与登记机构管理员核对。",
    en="The registry's signing key ({key_id}) differs from the one pinned at enrollment ({pinned}); "
       "refused. Check with the registry's administrator.",
)


@dataclass(frozen=True)
class Enrollment:
    center_id: str
    center_name: str
    registry_key_id: str  # to compare with the administrator's
    encryption_key_id: str
    device_key_id: str
    number_block: tuple[int, int]
    again: bool  # a re-enrollment (the device key was rotated)


def verify_answer(answer: object, *, pinned_signing_key: bytes | None = None) -> dict[str, Any]:
    """The verified answer; refused if its signature fails, its fields are not the protocol's,
    or it is signed by a key other than the one pinned earlier."""
    if not isinstance(answer, dict):
        raise SyncError(MALFORMED)
    signing_raw = from_b64url(answer.get("registry_signing_key"))
    body = verify_object(answer, ed25519_public(signing_raw))
    if pinned_signing_key is not None and signing_raw != pinned_signing_key:
        raise DomainError(Problem(REGISTRY_KEY_CHANGED, None,
                                  {"key_id": key_id(signing_raw), "pinned": key_id(pinned_signing_key)}))
    x25519_public(from_b64url(body.get("registry_encryption_key")))
    if not (isinstance(body.get("center_id"), str) and body["center_id"]
            and isinstance(body.get("center_name"), str)
            and reference_data.is_number_block(body.get("number_block"))):
        raise SyncError(MALFORMED)
    return body


def enroll(db: Database, send: EnrollSender, *, url: str, code: str, device_name: str,
           client_version: str, actor: SignedIn, now: datetime | None = None) -> Enrollment:
    """Present ``code`` to the registry at ``url`` and pin what it answers."""
    by = authorize(db, actor, Permission.ENROLL)
    moment = now or datetime.now(UTC)
    with db.session() as session:
        earlier = pins.read(session)
    if earlier is None:  # the key made with the database (or now, for one made before that rule)
        device_key.create_first(db, actor=by, reason="enrollment")
        key = device_key.current_key(db)
    else:
        key = device_key.rotate(db, actor=by, reason="re-enrollment")
    answer = send(url, code=code.strip(), center_public=public_raw(key.public_key()),
                  device_name=device_name, client_version=client_version)
    body = verify_answer(answer, pinned_signing_key=earlier.signing_key if earlier else None)
    signing_raw = from_b64url(body["registry_signing_key"])
    encryption_raw = from_b64url(body["registry_encryption_key"])
    block = (int(body["number_block"]["first"]), int(body["number_block"]["last"]))
    stamp = moment.astimezone(UTC).replace(tzinfo=None)
    with db.session() as session, session.begin():
        pinned = pins.Pins(body["center_id"], body["center_name"], url, signing_raw, encryption_raw,
                           stamp.isoformat())
        pins.save(session, pinned)
        settings.put(session, reference_data.ENROLLED_NUMBER_BLOCK,
                     json.dumps({"first": block[0], "last": block[1]}))
        _name_center(session, body["center_name"])
        released = release_unsent_batches(session) if earlier else 0
        AuditTrail(session).append(
            actor=by, action="sync.reenrolled" if earlier else "sync.enrolled", entity="registry",
            entity_id=pinned.center_id,
            details={"url": url, "center_name": pinned.center_name, "device_name": device_name,
                     "registry_signing_key_id": pinned.signing_key_id,
                     "registry_encryption_key_id": pinned.encryption_key_id,
                     "device_key_id": key_id(key.public_key()), "number_block": list(block),
                     "previous_center_id": earlier.center_id if earlier else None,
                     "batches_rebuilt": released},
            at=stamp)
    return Enrollment(pinned.center_id, pinned.center_name, pinned.signing_key_id,
                      pinned.encryption_key_id, key_id(key.public_key()), block, earlier is not None)


def release_unsent_batches(session: Session) -> int:
    """Batches built but never sent nor exported are signed with the retired device key, which
    the registry now refuses: drop them and put their items back to pending, to be sealed again
    with the new key. The registry never saw them, so their sequence numbers are free again.
    Batches that did leave stay as they are: the registry may hold them already (and so does
    any unsent one numbered before them, which keeps the numbering without gaps)."""
    left = session.scalar(select(func.max(SyncBatch.sequence)).where(SyncBatch.state != BATCH_OPEN)) or 0
    batches = list(session.scalars(select(SyncBatch).where(SyncBatch.state == BATCH_OPEN,
                                                           SyncBatch.sequence > left)))
    for batch in batches:
        for item in batch_items(session, batch.batch_id):
            item.state = ITEM_PENDING
        session.execute(delete(SyncBatchItem).where(SyncBatchItem.batch_id == batch.batch_id))
        session.delete(batch)
    session.flush()
    return len(batches)


def _name_center(session: Session, name: str) -> None:
    """The name the registry knows the center by, where receipts and the window show it, unless
    the center has set one of its own."""
    if name and not settings.get(session, settings.CENTER_NAME):
        settings.put(session, settings.CENTER_NAME, name)
