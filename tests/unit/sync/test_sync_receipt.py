"""The registry's receipt (protocol §6): verified against the pinned key and our manifest."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import SigningKeyPair
from learncenter.protocol.receipt import (
    build_receipt,
    load_receipt,
    receipt_bytes,
    verify_receipt,
)

MANIFEST_HASH = "ab" * 32
RESULTS = [
    {"record_id": "r1", "version": 2, "status": "accepted"},
    {"record_id": "r2", "version": 1, "status": "rejected", "code": "duplicate_person",
     "reason_zh": "该身份证号已在其他学习中心确认。", "reason_en": "Confirmed at another center."},
]


@pytest.fixture(scope="module")
def registry() -> SigningKeyPair:
    return SigningKeyPair.generate()


def receipt(registry: SigningKeyPair) -> dict[str, Any]:
    return build_receipt(registry_key=registry.private, batch_id="b1", center_id="11001",
                         sequence=42, manifest_hash=MANIFEST_HASH, results=RESULTS,
                         committed_at=datetime(2026, 11, 23, 8, 0, tzinfo=UTC))


def refused(code: str, value: object, registry: SigningKeyPair,
            manifest_hash: str = MANIFEST_HASH) -> None:
    with pytest.raises(SyncError) as caught:
        verify_receipt(value, registry_public=registry.public, manifest_hash=manifest_hash)
    assert caught.value.code == code


def test_a_receipt_verifies_and_survives_a_file(registry: SigningKeyPair) -> None:
    signed = receipt(registry)
    loaded = load_receipt(receipt_bytes(signed))
    verified = verify_receipt(loaded, registry_public=registry.public,
                              manifest_hash=MANIFEST_HASH)
    assert verified == signed
    assert verified["committed_at"] == "2026-11-23T08:00:00.000000Z"
    assert verified["key_id"] == registry.key_id
    assert [r["status"] for r in verified["results"]] == ["accepted", "rejected"]


@pytest.mark.parametrize("change", [
    lambda r: r["results"][1].update(status="accepted"),
    lambda r: r.update(sequence=43),
    lambda r: r.update(manifest_hash="cd" * 32),
    lambda r: r.update(committed_at="2026-11-24T08:00:00.000000Z"),
])
def test_a_tampered_receipt_is_a_bad_signature(registry: SigningKeyPair, change: Any) -> None:
    signed = load_receipt(receipt_bytes(receipt(registry)))
    change(signed)
    refused("bad_signature", signed, registry, manifest_hash=signed["manifest_hash"])


def test_a_receipt_signed_by_another_key_is_a_bad_signature(registry: SigningKeyPair) -> None:
    impostor = SigningKeyPair.generate()
    refused("bad_signature", receipt(impostor), registry)
    forged = receipt(impostor) | {"key_id": registry.key_id}
    refused("bad_signature", forged, registry)


def test_a_receipt_for_another_manifest_is_a_hash_mismatch(registry: SigningKeyPair) -> None:
    refused("hash_mismatch", receipt(registry), registry, manifest_hash="cd" * 32)


def test_a_receipt_that_is_not_one_is_malformed(registry: SigningKeyPair) -> None:
    refused("malformed", ["not", "a", "receipt"], registry)
    refused("malformed", {k: v for k, v in receipt(registry).items() if k != "signature"},
            registry)
    refused("malformed", receipt(registry) | {"signature": "not base64!"}, registry)
    with pytest.raises(SyncError):
        load_receipt(b"\xff\xfe garbage")
