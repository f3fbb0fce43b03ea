"""The registry's signed receipt for a committed batch (protocol §6).

The center marks nothing as sent until a receipt verifies against the registry key pinned at
enrollment *and* names the hash of the exact manifest the center sealed: a receipt for some
other batch, or one signed by anyone else, must not turn records into "accepted".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from learncenter.domain.canonical import canonical
from learncenter.protocol.errors import HASH_MISMATCH, MALFORMED, SyncError
from learncenter.protocol.peer_json import RECEIPT_LIMITS, peer_object
from learncenter.protocol.signing import sign_object, verify_object

RECEIPT_FORMAT = "learncenter-receipt/1"
STATUSES = ("accepted", "rejected")


def utc_text(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS.ffffffZ``, the protocol's form of a UTC time (§2)."""
    if moment.tzinfo is None:
        raise ValueError("a receipt time must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def build_receipt(
    *,
    registry_key: Ed25519PrivateKey,
    batch_id: str,
    center_id: str,
    sequence: int,
    manifest_hash: str,
    results: Sequence[Mapping[str, Any]],
    committed_at: datetime,
) -> dict[str, Any]:
    """Sign a receipt; ``results`` are ``{"record_id", "version", "status", ...}`` per record."""
    for result in results:
        if result.get("status") not in STATUSES:
            raise ValueError(f"unknown result status {result.get('status')!r}")
    return sign_object(registry_key, {
        "format": RECEIPT_FORMAT, "batch_id": batch_id, "center_id": center_id,
        "sequence": sequence, "committed_at": utc_text(committed_at),
        "manifest_hash": manifest_hash, "results": [dict(result) for result in results],
    })


def verify_receipt(receipt: object, *, registry_public: Ed25519PublicKey,
                   manifest_hash: str) -> dict[str, Any]:
    """Return the receipt if the pinned key signed it and it answers ``manifest_hash``.

    The signature is checked first: an unsigned claim about which manifest it answers is worth
    nothing, so a forged receipt is ``bad_signature`` whatever hash it names.
    """
    body = verify_object(receipt, registry_public)
    results = body.get("results")
    if body.get("format") != RECEIPT_FORMAT or not isinstance(results, list) or not all(
            isinstance(result, dict) and result.get("status") in STATUSES
            for result in results):
        raise SyncError(MALFORMED)
    if body.get("manifest_hash") != manifest_hash:
        raise SyncError(HASH_MISMATCH)
    return dict(cast(Mapping[str, Any], receipt))


def receipt_bytes(receipt: Mapping[str, Any]) -> bytes:
    """The receipt as a file or HTTP body: its canonical encoding."""
    return canonical(dict(receipt))


def load_receipt(data: bytes) -> dict[str, Any]:
    """Parse a receipt file; anything but a JSON object within :data:`RECEIPT_LIMITS` is
    ``malformed`` (verify it next)."""
    return peer_object(data, RECEIPT_LIMITS)
