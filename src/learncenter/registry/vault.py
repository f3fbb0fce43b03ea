"""The registry's data key: personal data at rest encrypted, looked-up values keyed-hashed.

A registry database (or a dump of it, a backup, a disk) must not give away the candidates'
names, ID numbers and photos. So what the registry only has to give back (a record's payload,
a photo or scan, a published pre-registration, a receipt's reasons) is sealed with AES-256-GCM,
bound by its associated data to the row it belongs to (a sealed photo cannot be moved under
another hash), and what it only has to find again (the person of the duplicate check, the key
of a published change) is an HMAC-SHA256: equal inputs still meet, but the table says nothing
and cannot be brute-forced without the key (an ID number has few enough values that a plain
hash of it can).

One 32-byte secret, kept in a file outside the database (``registry.keys``), gives both keys
through HKDF, and a short key id the database records, so the registry refuses to start with
the wrong key instead of failing on the first photo. Values written before the registry sealed
anything are read as they are until ``learncenter-registry encrypt-data`` seals them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SECRET_SIZE = 32
_BYTES_MARK = b"LCV1"  # a sealed binary value: mark, 12-byte nonce, ciphertext and tag
_TEXT_MARK = "lcv1:"  # a sealed text value: mark, then base64url(nonce, ciphertext and tag)


class DataKeyError(Exception):
    """A sealed value that does not open with this key (the wrong key file, or altered data)."""


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"learncenter registry " + purpose).derive(secret)


class DataKey:
    """Seals and opens the registry's personal data; keyed hashes for lookups."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) != SECRET_SIZE:
            raise ValueError("a registry data key is 32 bytes")
        self._aead = AESGCM(_derive(secret, b"data at rest v1"))
        self._lookup = _derive(secret, b"lookup v1")
        self.key_id = hashlib.sha256(_derive(secret, b"key id v1")).hexdigest()[:16]

    @classmethod
    def generate_secret(cls) -> bytes:
        return os.urandom(SECRET_SIZE)

    def lookup(self, value: str) -> str:
        """The keyed hash (hex) a value is found by, never stored in the clear."""
        return hmac.new(self._lookup, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def seal(self, data: bytes, where: str) -> bytes:
        nonce = os.urandom(12)
        return _BYTES_MARK + nonce + self._aead.encrypt(nonce, data, where.encode("utf-8"))

    def open(self, stored: bytes, where: str) -> bytes:
        """A sealed value's plaintext; a value stored before sealing is returned as it is."""
        if not is_sealed(stored):
            return stored
        mark = len(_BYTES_MARK)
        try:
            return self._aead.decrypt(stored[mark:mark + 12], stored[mark + 12:],
                                      where.encode("utf-8"))
        except InvalidTag as error:
            raise DataKeyError(where) from error

    def seal_text(self, text: str, where: str) -> str:
        sealed = self.seal(text.encode("utf-8"), where)[len(_BYTES_MARK):]
        return _TEXT_MARK + base64.urlsafe_b64encode(sealed).decode("ascii")

    def open_text(self, stored: str, where: str) -> str:
        if not is_sealed(stored):
            return stored
        try:
            raw = base64.urlsafe_b64decode(stored[len(_TEXT_MARK):])
        except ValueError as error:
            raise DataKeyError(where) from error
        return self.open(_BYTES_MARK + raw, where).decode("utf-8")


def is_sealed(stored: bytes | str) -> bool:
    if isinstance(stored, str):
        return stored.startswith(_TEXT_MARK)
    return stored.startswith(_BYTES_MARK)


def material_place(sha256: str) -> str:
    """What a sealed submitted material is bound to: its hash."""
    return f"materials.data/{sha256}"


def blob_place(sha256: str) -> str:
    """What a sealed photo or scan is bound to: its hash (it cannot be moved under another)."""
    return f"blobs.data/{sha256}"


def receipt_place(batch_id: str) -> str:
    return f"receipts.body/{batch_id}"


def change_place(kind: str, lookup: str, version: int, center_id: str | None) -> str:
    return f"changes.data/{kind}/{lookup}/{version}/{center_id or '*'}"
