"""The registry keeps each center's highest signed audit head and never takes a lower one."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from registry.conftest import enroll
from registry.material import record
from registry.test_registry_service import caller, send, statuses

from learncenter.registry.service import Registry
from learncenter.protocol.audit_head import read_answer, read_head, sign_head
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import SigningKeyPair

AT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
NONCE = "nonce-of-the-test-0001"


def _hash(n: int) -> str:
    return hashlib.sha256(f"entry {n}".encode()).hexdigest()


def test_a_lower_head_is_refused_and_the_highest_is_handed_back(registry: Registry) -> None:
    center = enroll(registry, "11001")
    enc = registry.keys.encryption.public
    head_40 = sign_head(center.key.private, count=40, last_hash=_hash(40), at=AT)
    assert statuses(send(registry, center, center.seal(
        [record(1)], enc, extra={"audit_head": head_40}))) == ["accepted"]

    # The log was cut to 25 entries and a head signed over what is left: refused, nothing filed.
    cut = center.seal([record(2)], enc, extra={
        "audit_head": sign_head(center.key.private, count=25, last_hash=_hash(25), at=AT)})
    with pytest.raises(SyncError) as refused:
        send(registry, center, cut)
    assert refused.value.code == "audit_rollback"
    assert refused.value.problem.params == {"held": 40, "sent": 25}

    # Re-chained: the same count with another last hash.
    center.sequence -= 1
    rewritten = center.seal([record(2)], enc, extra={
        "audit_head": sign_head(center.key.private, count=40, last_hash=_hash(99), at=AT)})
    with pytest.raises(SyncError) as forked:
        send(registry, center, rewritten)
    assert forked.value.code == "audit_rollback"

    center.sequence -= 1
    later = sign_head(center.key.private, count=55, last_hash=_hash(55), at=AT)
    assert statuses(send(registry, center, center.seal(
        [record(2)], enc, extra={"audit_head": later}))) == ["accepted"]
    # A batch without a head (built by an older center) is still taken and keeps the head.
    assert statuses(send(registry, center, center.seal([record(3)], enc))) == ["accepted"]

    answer = registry.audit_head(caller(center), NONCE)
    held = read_answer(answer, registry.keys.signing.public, center_id="11001", nonce=NONCE)
    assert read_head(held, center.key.public).count == 55


def test_a_head_not_signed_by_the_center_is_refused(registry: Registry) -> None:
    center = enroll(registry, "11001")
    forged = sign_head(SigningKeyPair.generate().private, count=9, last_hash=_hash(9), at=AT)
    with pytest.raises(SyncError) as refused:
        send(registry, center, center.seal([record(1)], registry.keys.encryption.public,
                                           extra={"audit_head": forged}))
    assert refused.value.code == "bad_signature"
    answer = registry.audit_head(caller(center), NONCE)
    assert read_answer(answer, registry.keys.signing.public, center_id="11001", nonce=NONCE) is None
    with pytest.raises(SyncError):  # an answer is bound to the nonce it was asked with
        read_answer(answer, registry.keys.signing.public, center_id="11001",
                    nonce="another-nonce-000001")
