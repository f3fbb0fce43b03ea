"""Signed JSON objects: ``sign(k, C(object without "signature"))`` with the key id inside.

The manifest, the envelope header and the receipt are all signed the same way (protocol §2, §4,
§6): the signer adds ``key_id`` and then signs the canonical encoding of everything except
``signature``. Keeping this in one function means the center and the registry cannot drift apart
in what exactly a signature covers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from learncenter.domain.canonical import canonical
from learncenter.protocol.errors import BAD_SIGNATURE, MALFORMED, SyncError
from learncenter.protocol.keys import b64url, from_b64url, key_id


def sign_object(key: Ed25519PrivateKey, body: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``body`` with ``key_id`` and ``signature`` added; ``body`` itself is not changed."""
    if "signature" in body or "key_id" in body:
        raise ValueError("the object is already signed")
    signed = dict(body)
    signed["key_id"] = key_id(key.public_key())
    signed["signature"] = b64url(key.sign(canonical(signed)))
    return signed


def verify_object(signed: object, public: Ed25519PublicKey) -> dict[str, Any]:
    """Check a signed object against the one key we trust for it; return it without the signature.

    A ``key_id`` naming another key is refused as a bad signature rather than looked up: which
    key to trust is the caller's decision (pinned at enrollment), never the object's.
    """
    if not isinstance(signed, Mapping) or not all(isinstance(name, str) for name in signed):
        raise SyncError(MALFORMED)
    body = {name: value for name, value in signed.items() if name != "signature"}
    if not isinstance(body.get("key_id"), str) or "signature" not in signed:
        raise SyncError(MALFORMED)
    signature = from_b64url(signed["signature"])
    if body["key_id"] != key_id(public):
        raise SyncError(BAD_SIGNATURE)
    try:
        encoded = canonical(body)
    except (TypeError, ValueError) as error:
        raise SyncError(MALFORMED) from error
    try:
        public.verify(signature, encoded)
    except InvalidSignature as error:
        raise SyncError(BAD_SIGNATURE) from error
    return body
