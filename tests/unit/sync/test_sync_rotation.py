"""Rotating the device key: the new key is used only once the registry's answer verifies."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from unit.sync.conftest import NOW
from unit.sync.in_process_registry import TERMS, InProcessRegistry, confirmed_record

from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.store import device_key
from learncenter.sync.batch_states import mark_sending
from learncenter.sync.batching import sealed_batch
from learncenter.sync.engine import SyncEngine
from learncenter.protocol.errors import UNKNOWN_KEY, UNREACHABLE, SyncError
from learncenter.protocol.keys import SigningKeyPair, b64url, key_id, public_raw
from learncenter.sync.rotation import pending_rotation, rotate_device_key, settle_pending_rotation
from learncenter.protocol.signing import sign_object
from actors import sign_in_as


class Answering:
    """The registry's side of ``POST /v1/keys/rotate`` as the network delivers it: ``signer``
    signs the answer (the pinned registry key, or a forger's), ``changes`` alters it."""

    def __init__(self, signer: Ed25519PrivateKey, center: AppContext, **changes: Any) -> None:
        self.signer, self.center, self.changes, self.asked = signer, center, changes, 0

    def rotate_key(self, new_key: Ed25519PrivateKey) -> dict[str, Any]:
        self.asked += 1
        old = device_key.current_key(self.center.db)
        body = {"format": "learncenter-rotation/1", "center_id": "11001", "old_key_id": key_id(old.public_key()),
                "new_key_id": key_id(new_key.public_key()), "rotated_at": "2026-03-01T09:30:00Z",
                "new_key": b64url(public_raw(new_key.public_key()))}
        return sign_object(self.signer, {**body, **self.changes})


def _keys(center: AppContext) -> tuple[str | None, list[str]]:
    with center.db.session() as session:
        return device_key.current_key_id(session), [k.key_id for k in device_key.public_keys(session)]


def test_an_answer_that_verifies_makes_the_new_key_current(center: AppContext, registry: InProcessRegistry) -> None:
    before, listed = _keys(center)
    rotation = rotate_device_key(center.db, Answering(registry.sign.private, center), actor="admin")
    after, now_listed = _keys(center)
    assert (rotation.old_key_id, rotation.new_key_id) == (before, after) and after != before
    assert now_listed == [*listed, after]  # the old public key stays listed


@pytest.mark.parametrize("signer, changes, code", [
    ("forger", {}, "bad_signature"),
    ("registry", {"center_id": "99999"}, "wrong_center"),
    ("registry", {"new_key_id": "0" * 16}, "malformed"),
    ("registry", {"format": "learncenter-changes/1"}, "malformed"),
])
def test_an_answer_that_does_not_verify_keeps_the_old_key(center: AppContext, registry: InProcessRegistry,
                                                          signer: str, changes: dict[str, Any], code: str) -> None:
    before = _keys(center)
    key = registry.sign.private if signer == "registry" else SigningKeyPair.generate().private
    with pytest.raises(SyncError) as refused:
        rotate_device_key(center.db, Answering(key, center, **changes), actor="admin")
    assert refused.value.code == code and _keys(center) == before


def test_batches_that_left_with_the_old_key_hold_the_rotation_back(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    confirmed_record(center, TERMS[0])
    assert engine.build() == 1
    [(batch_id, _sequence)] = engine.uncommitted()
    mark_sending(center.db, batch_id, actor="tester", now=NOW, how="export")
    answering = Answering(registry.sign.private, center)
    before = _keys(center)
    with pytest.raises(DomainError) as refused:
        rotate_device_key(center.db, answering, actor="admin")
    assert refused.value.problem.code == "sync.rotation_batches_waiting" and answering.asked == 0
    assert _keys(center) == before


def test_batches_never_sent_are_sealed_again_with_the_new_key(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    confirmed_record(center, TERMS[0])
    assert engine.build() == 1
    [(old_batch, sequence)] = engine.uncommitted()
    rotation = rotate_device_key(center.db, Answering(registry.sign.private, center), actor="admin")
    assert rotation.batches_released == 1 and engine.uncommitted() == []
    assert engine.build() == 1
    [(new_batch, new_sequence)] = engine.uncommitted()
    assert new_batch != old_batch and new_sequence == sequence
    assert sealed_batch(center.db, new_batch).header["key_id"] == rotation.new_key_id


def test_a_pending_rotation_is_forgotten_when_the_registry_does_not_know_the_new_key(
        center: AppContext, registry: InProcessRegistry) -> None:
    before = _keys(center)
    with pytest.raises(SyncError):
        rotate_device_key(center.db, Answering(SigningKeyPair.generate().private, center), actor="admin")
    pending = pending_rotation(center.db)
    assert pending is not None and _keys(center) == before

    def unreachable(_key: Ed25519PrivateKey) -> None:
        raise SyncError(UNREACHABLE)

    def unknown(_key: Ed25519PrivateKey) -> None:
        raise SyncError(UNKNOWN_KEY)

    assert settle_pending_rotation(center.db, unreachable, actor="clerk") is None
    assert pending_rotation(center.db) == pending  # asked again the next time
    with pytest.raises(DomainError) as refused:
        rotate_device_key(center.db, Answering(registry.sign.private, center), actor="admin")
    assert refused.value.problem.code == "sync.rotation_pending"
    assert settle_pending_rotation(center.db, unknown, actor="clerk") is None
    assert pending_rotation(center.db) is None and _keys(center) == before
    rotation = rotate_device_key(center.db, Answering(registry.sign.private, center), actor="admin")
    assert _keys(center)[0] == rotation.new_key_id != pending
