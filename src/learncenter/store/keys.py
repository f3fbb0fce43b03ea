"""Custody of the database key: the OS keyring, the recovery key, and the demo exception.

The key is 32 random bytes used as SQLCipher's raw key (no passphrase stretching, since it is
never typed). It lives only in the OS keyring. At creation the administrator is shown a
recovery key; the database key is stored wrapped under it (AES-GCM) in the metadata file, so
that ``learncenter db recover`` can put the key back into a new keyring. A demo database,
which holds generated data only, keeps its key in a file beside it.
"""

from __future__ import annotations

import base64
import os
import secrets

import keyring
import keyring.backend
import keyring.errors
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from learncenter.store.errors import (
    KEY_NOT_IN_KEYRING,
    KEYRING_MISSING,
    RECOVERY_KEY_WRONG,
    store_error,
)

KEYRING_SERVICE = "learncenter"
KEY_BYTES = 32
_RECOVERY_BYTES = 20  # 160 bits: 32 base32 characters
_INSECURE_BACKENDS = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def secure_keyring() -> keyring.backend.KeyringBackend:
    """The OS keyring, or a StoreError saying how to get one. Never a plain-file fallback."""
    backend = keyring.get_keyring()
    if _is_insecure(backend):
        raise store_error(KEYRING_MISSING, backend=_describe(backend))
    return backend


def _is_insecure(backend: keyring.backend.KeyringBackend) -> bool:
    backends = getattr(backend, "backends", None)  # a ChainerBackend
    if backends is not None:
        return not backends or all(_is_insecure(b) for b in backends)
    module = type(backend).__module__
    return module.startswith(_INSECURE_BACKENDS) or getattr(backend, "priority", 0) <= 0


def _describe(backend: keyring.backend.KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _username(database_id: str) -> str:
    return f"database-key/{database_id}"


def save_key_in_keyring(database_id: str, key: bytes) -> None:
    backend = secure_keyring()
    try:
        backend.set_password(KEYRING_SERVICE, _username(database_id), key.hex())
    except keyring.errors.KeyringError as exc:
        raise store_error(KEYRING_MISSING, backend=f"{_describe(backend)}: {exc}") from exc


def load_key_from_keyring(database_id: str, *, path: str) -> bytes:
    backend = secure_keyring()
    try:
        value = backend.get_password(KEYRING_SERVICE, _username(database_id))
    except keyring.errors.KeyringError as exc:
        raise store_error(KEYRING_MISSING, backend=f"{_describe(backend)}: {exc}") from exc
    if not value:
        raise store_error(KEY_NOT_IN_KEYRING, path=path)
    return bytes.fromhex(value)


def new_recovery_key() -> str:
    raw = base64.b32encode(secrets.token_bytes(_RECOVERY_BYTES)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _recovery_bytes(recovery_key: str) -> bytes:
    cleaned = "".join(ch for ch in recovery_key.upper() if ch.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(cleaned)
    except ValueError as exc:
        raise store_error(RECOVERY_KEY_WRONG) from exc
    if len(raw) != _RECOVERY_BYTES:
        raise store_error(RECOVERY_KEY_WRONG)
    return raw


def _wrapping_key(recovery_key: str, salt: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"learncenter recovery v1")
    return hkdf.derive(_recovery_bytes(recovery_key))


def wrap_key(key: bytes, recovery_key: str) -> dict[str, str]:
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_wrapping_key(recovery_key, salt)).encrypt(nonce, key, b"database-key")
    enc = base64.b64encode
    return {
        "scheme": "hkdf-sha256+aes-256-gcm",
        "salt": enc(salt).decode(),
        "nonce": enc(nonce).decode(),
        "wrapped": enc(sealed).decode(),
    }


def unwrap_key(wrapped: dict[str, str], recovery_key: str) -> bytes:
    dec = base64.b64decode
    wrapping = _wrapping_key(recovery_key, dec(wrapped["salt"]))
    try:
        return AESGCM(wrapping).decrypt(dec(wrapped["nonce"]), dec(wrapped["wrapped"]), b"database-key")
    except InvalidTag as exc:
        raise store_error(RECOVERY_KEY_WRONG) from exc
