"""Content-addressed, encrypted storage of photos and scans.

A blob is identified by the SHA-256 of its plaintext, which the manifest of a sync batch also
carries. On disk each file is AES-256-GCM encrypted under a key derived from the database key,
and named by an HMAC of the hash rather than the hash itself, so the folder reveals neither the
pictures nor which known pictures it holds. Files are written before the database row that names
them; a crash in between leaves an unreferenced file, never a row without its bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from learncenter.store.errors import BLOB_DAMAGED, BLOB_MISSING, store_error
from learncenter.store.layout import write_atomically

_MAGIC = b"LCB1"


def _derive(key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


class BlobStore:
    def __init__(self, root: Path, database_key: bytes) -> None:
        self.root = root
        self._aead = AESGCM(_derive(database_key, b"learncenter blobs v1"))
        self._name_key = _derive(database_key, b"learncenter blob names v1")

    def _path(self, sha256: str) -> Path:
        name = hmac.new(self._name_key, sha256.encode("ascii"), hashlib.sha256).hexdigest()
        return self.root / name[:2] / name

    def put(self, data: bytes) -> str:
        """Store ``data`` (idempotently) and return its SHA-256."""
        sha256 = hashlib.sha256(data).hexdigest()
        path = self._path(sha256)
        if not path.exists():
            nonce = os.urandom(12)
            sealed = self._aead.encrypt(nonce, data, sha256.encode("ascii"))
            write_atomically(path, _MAGIC + nonce + sealed)
        return sha256

    def get(self, sha256: str) -> bytes:
        path = self._path(sha256)
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise store_error(BLOB_MISSING, sha256=sha256) from exc
        if raw[:4] != _MAGIC:
            raise store_error(BLOB_DAMAGED, sha256=sha256)
        try:
            data = self._aead.decrypt(raw[4:16], raw[16:], sha256.encode("ascii"))
        except InvalidTag as exc:
            raise store_error(BLOB_DAMAGED, sha256=sha256) from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise store_error(BLOB_DAMAGED, sha256=sha256)
        return data

    def __contains__(self, sha256: str) -> bool:
        return self._path(sha256).exists()
