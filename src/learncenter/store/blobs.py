"""Content-addressed, encrypted storage of photos and scans.

A blob is identified by the SHA-256 of its plaintext, which the manifest of a sync batch also
carries. On disk each file is AES-256-GCM encrypted under a key derived from the database key,
and named by an HMAC of the hash rather than the hash itself, so the folder reveals neither the
pictures nor which known pictures it holds. Files are written before the database row that names
them; a crash in between leaves an unreferenced file, never a row without its bytes.

Such orphans (and the temporary file of a write killed half-way) are found by :meth:`orphans`
and removed by :meth:`remove_orphan` (``learncenter db integrity [--repair]``). A file that
another process is writing right now, whose row is not committed yet, must not be taken for one:
only files untouched for ``ORPHAN_AGE`` count, and storing content whose file exists already
touches that file, so the age check sees it as in use. Removal first moves the file aside and
looks at its age again, so a store that touched it in between gets it back.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from learncenter.store.errors import BLOB_DAMAGED, BLOB_MISSING, store_error
from learncenter.store.layout import write_atomically

_MAGIC = b"LCB1"
ORPHAN_AGE_S = 3600.0  # an unreferenced file untouched this long is left over, not being written
_ASIDE = ".orphan"


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
        try:
            os.utime(path)  # already stored: in use again, not an orphan (see the module docstring)
        except FileNotFoundError:
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

    def orphans(self, referenced: Iterable[str], *, now: float | None = None) -> list[Path]:
        """Files of this store that none of the ``referenced`` hashes names and that nothing has
        touched for ``ORPHAN_AGE_S``: stored content whose row never committed, the temporary
        file of a write killed half-way, a file moved aside by a removal that did not finish."""
        wanted = {self._path(sha256).name for sha256 in referenced}
        cutoff = (time.time() if now is None else now) - ORPHAN_AGE_S
        found = []
        for path in self._files():
            if path.name not in wanted and path.stat().st_mtime < cutoff:
                found.append(path)
        return sorted(found)

    def remove_orphan(self, path: Path, *, now: float | None = None) -> bool:
        """Remove a file :meth:`orphans` found, unless it was stored again meanwhile; whether it
        was removed."""
        aside = path if path.name.endswith(_ASIDE) else path.with_name(path.name + _ASIDE)
        try:
            if aside != path:
                os.replace(path, aside)  # a store from now on writes the file anew
            touched = aside.stat().st_mtime >= (time.time() if now is None else now) - ORPHAN_AGE_S
        except FileNotFoundError:
            return False
        if touched and aside != path:  # stored again just before it was moved: it is in use
            if path.exists():
                aside.unlink()
            else:
                os.replace(aside, path)
            return False
        aside.unlink(missing_ok=True)
        return True

    def _files(self) -> Iterator[Path]:
        if not self.root.is_dir():
            return
        for shard in self.root.iterdir():
            if shard.is_dir():
                yield from (p for p in shard.iterdir() if p.is_file())


def media_type_of(data: bytes) -> str:
    """What a stored scan is, by its first bytes: a PDF, a PNG, or (anything else) a JPEG."""
    return "application/pdf" if data[:4] == b"%PDF" else "image/png" if data[:4] == b"\x89PNG" else "image/jpeg"
