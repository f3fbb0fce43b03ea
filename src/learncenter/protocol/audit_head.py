"""The signed head of a center's audit log, as both ends read it (protocol §4.4, §5).

A hash chain proves that no entry was changed *inside* the log, but not that the log is whole:
whoever holds the database key can cut entries off its end, or edit one and recompute every
hash after it, and the chain verifies again. The head (how many entries, the last one's hash)
signed with the device key, whose private half is in the OS keyring and not in the database,
pins the chain at that point: a log shorter than a signed head, or with another hash at its
count, was cut or rewritten. The center keeps its latest head and sends it in every batch
manifest; the registry keeps the highest it received per center, never a lower one, and hands
it back on request, so a center whose local head was rolled back too is still caught.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from learncenter.protocol.errors import MALFORMED, SyncError
from learncenter.protocol.receipt import utc_text
from learncenter.protocol.signing import sign_object, verify_object

HEAD_FORMAT = "learncenter-audit-head/1"
ANSWER_FORMAT = "learncenter-audit-head-answer/1"
MANIFEST_FIELD = "audit_head"  # where a batch manifest carries the head (optional)


@dataclass(frozen=True)
class AuditHead:
    """A verified head: ``count`` entries, the last one's ``hash``, signed at ``signed_at``."""

    count: int
    hash: str
    signed_at: str
    key_id: str
    signed: dict[str, Any]  # the signed object exactly as it travels and is stored

    def same_point(self, other: AuditHead) -> bool:
        return (self.count, self.hash) == (other.count, other.hash)


def sign_head(key: Ed25519PrivateKey, *, count: int, last_hash: str, at: datetime) -> dict[str, Any]:
    return sign_object(key, {"format": HEAD_FORMAT, "count": count, "hash": last_hash,
                             "signed_at": utc_text(at)})


def head_key_id(signed: object) -> str:
    """The key id a head names (to pick the public key to check it with); malformed otherwise."""
    if not isinstance(signed, Mapping) or not isinstance(signed.get("key_id"), str):
        raise SyncError(MALFORMED)
    return str(signed["key_id"])


def read_head(signed: object, public: Ed25519PublicKey) -> AuditHead:
    """Check a head's signature and shape; a :class:`SyncError` when it is not a genuine head."""
    body = verify_object(signed, public)
    count, last_hash = body.get("count"), body.get("hash")
    if not (body.get("format") == HEAD_FORMAT and isinstance(count, int)
            and not isinstance(count, bool) and count >= 0 and _is_hash(last_hash)
            and isinstance(body.get("signed_at"), str)):
        raise SyncError(MALFORMED)
    assert isinstance(signed, Mapping) and isinstance(last_hash, str)
    return AuditHead(count, last_hash, str(body["signed_at"]), str(body["key_id"]), dict(signed))


def sign_answer(key: Ed25519PrivateKey, *, center_id: str, nonce: str,
                head: Mapping[str, Any] | None) -> dict[str, Any]:
    """The registry's answer to ``GET /v1/audit-head``: the center's latest head (or null),
    signed and bound to the request's nonce so an old answer cannot be played back."""
    return sign_object(key, {"format": ANSWER_FORMAT, "center_id": center_id, "nonce": nonce,
                             "head": dict(head) if head is not None else None})


def read_answer(answer: object, registry_public: Ed25519PublicKey, *, center_id: str,
                nonce: str) -> Mapping[str, Any] | None:
    """The (still unverified) head inside a verified answer, or None when the registry holds
    none; a :class:`SyncError` for an answer that is forged, stale or for another center."""
    body = verify_object(answer, registry_public)
    if (body.get("format"), body.get("center_id"), body.get("nonce")) != (
            ANSWER_FORMAT, center_id, nonce):
        raise SyncError(MALFORMED)
    head = body.get("head")
    if head is not None and not isinstance(head, Mapping):
        raise SyncError(MALFORMED)
    return head


def _is_hash(value: object) -> bool:
    return (isinstance(value, str) and len(value) == 64
            and all(char in "0123456789abcdef" for char in value))
