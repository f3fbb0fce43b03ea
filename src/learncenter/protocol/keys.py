"""Key helpers: Ed25519 for signing, X25519 for encryption, key ids and base64url.

Every signed object names the key that signed it by a short, stable id (protocol §1), so keys
can rotate without guessing which one to check. Raw 32-byte public keys are what travel and what
gets pinned; these helpers keep the conversions in one place so both ends agree byte for byte.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from learncenter.protocol.errors import MALFORMED, SyncError


def b64url(data: bytes) -> str:
    """Base64url without padding, the protocol's form for binary values inside JSON (§2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def from_b64url(text: object) -> bytes:
    """Decode :func:`b64url`; anything else is refused as ``malformed``, never half-decoded."""
    if not isinstance(text, str) or "=" in text:
        raise SyncError(MALFORMED)
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise SyncError(MALFORMED) from error
    if b64url(raw) != text:  # a non-canonical spelling of the same bytes
        raise SyncError(MALFORMED)
    return raw


def public_raw(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    """The raw 32-byte public key: what is sent at enrollment, pinned and hashed to a key id."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public: bytes | Ed25519PublicKey | X25519PublicKey) -> str:
    """First 16 hex characters of SHA-256 of the raw public key (protocol §1)."""
    raw = public if isinstance(public, bytes) else public_raw(public)
    return hashlib.sha256(raw).hexdigest()[:16]


def ed25519_public(raw: bytes) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as error:
        raise SyncError(MALFORMED) from error


def x25519_public(raw: bytes) -> X25519PublicKey:
    try:
        return X25519PublicKey.from_public_bytes(raw)
    except ValueError as error:
        raise SyncError(MALFORMED) from error


class _PublicKeyInfo:
    """What both kinds of key pair derive from their public key."""

    @property
    def public(self) -> Ed25519PublicKey | X25519PublicKey:
        raise NotImplementedError

    @property
    def public_raw(self) -> bytes:
        return public_raw(self.public)

    @property
    def key_id(self) -> str:
        return key_id(self.public_raw)


@dataclass(frozen=True)
class SigningKeyPair(_PublicKeyInfo):
    """An Ed25519 key pair (a center's device key, or the registry's signing key)."""

    private: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> SigningKeyPair:
        return cls(Ed25519PrivateKey.generate())

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()


@dataclass(frozen=True)
class EncryptionKeyPair(_PublicKeyInfo):
    """An X25519 key pair (the registry's encryption key; batches are encrypted to it)."""

    private: X25519PrivateKey

    @classmethod
    def generate(cls) -> EncryptionKeyPair:
        return cls(X25519PrivateKey.generate())

    @property
    def public(self) -> X25519PublicKey:
        return self.private.public_key()
