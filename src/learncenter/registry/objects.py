"""Where the registry keeps photos and scans: an object store, not the database.

The database keeps each object's hash and size; the bytes (sealed with the data key, as before)
live under a name made of that hash, so an object is written once and never changes. The store a
single machine uses is a folder, ``objects/`` in the registry's data folder
(:class:`DirectoryStore`); an S3-compatible store (``registry.object_s3``) takes its place behind
the same three methods when the registry is told so (:func:`open_store`).
A batch's photos travel to the store together, as one *pack* (:func:`pack_name`): the photos
sealed one by one and laid end to end, each row keeping where its bytes are in the pack — one
write per batch instead of one per photo (hundreds of round trips to an S3 service, or of files
written and synced), and a photo read back with one ranged read.
A registry made without a store (in a test, or by code that opens only a database) keeps the bytes
in the database rows as it did before; rows written that way stay readable after a store is
configured (docs/registry.md).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Protocol

from learncenter.registry.files import write_atomically

OBJECTS_FOLDER = "objects"
_NAME = re.compile(r"^(blobs|materials|packs)/[0-9a-f]{64}$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


class ObjectStoreUnavailable(Exception):
    """The store did not answer, or refused (no connection, wrong credentials, no such bucket):
    the operator's to fix; the request that needed it is answered 503 and tried again later."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where, self.reason = where, reason


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not an object name: {name!r}")
    return name


def blob_name(sha256: str) -> str:
    return f"blobs/{sha256}"


def material_name(sha256: str) -> str:
    return f"materials/{sha256}"


def pack_name(sha256: str) -> str:
    """A pack of sealed photos, named by the SHA-256 of its bytes (every seal has its own nonce, so
    two packs never share a name unless they are the same bytes)."""
    return f"packs/{sha256}"


class ObjectStore(Protocol):
    def put(self, name: str, data: bytes) -> None:
        """Keep ``data`` under ``name``; a name already held is left as it is (content addressed)."""

    def get(self, name: str) -> bytes:
        """The bytes under ``name``; :class:`KeyError` when there are none."""

    def get_range(self, name: str, offset: int, length: int) -> bytes:
        """``length`` bytes from ``offset`` of the object ``name`` (a photo in a pack); fewer when
        the object ends before; :class:`KeyError` when there is no such object."""

    def healthy(self) -> bool:
        """Whether objects can be written and read now (the health check's question)."""


class DirectoryStore:
    """Objects as files: ``<root>/<kind>/<first two hex digits>/<sha256>``, each written whole
    (:func:`~learncenter.registry.files.write_atomically`); files and folders private to the
    registry's user (0600 / 0700)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, name: str) -> Path:
        kind, digest = check_name(name).split("/")
        return self.root / kind / digest[:2] / digest

    def put(self, name: str, data: bytes) -> None:
        target = self.path(name)
        if target.exists():
            return
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomically(data, target)

    def get(self, name: str) -> bytes:
        try:
            return self.path(name).read_bytes()
        except FileNotFoundError:
            raise KeyError(name) from None

    def get_range(self, name: str, offset: int, length: int) -> bytes:
        try:
            with open(self.path(name), "rb") as source:
                source.seek(offset)
                return source.read(length)
        except FileNotFoundError:
            raise KeyError(name) from None

    def healthy(self) -> bool:
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=self.root) as probe:
                probe.write(b"ok")
                probe.seek(0)
                return probe.read() == b"ok"
        except OSError:
            return False


def open_store(location: str | None, data_dir: Path) -> ObjectStore:
    """The store ``location`` names: ``s3://bucket/prefix`` (the AWS endpoint, or
    ``AWS_ENDPOINT_URL_S3``), ``s3+http://host:port/bucket/prefix`` or ``s3+https://...`` (another
    S3-compatible service, such as SeaweedFS), or a folder; None: the data folder's ``objects/``."""
    if not location:
        return DirectoryStore(data_dir / OBJECTS_FOLDER)
    scheme, _, rest = location.partition("://")
    if scheme not in ("s3", "s3+http", "s3+https"):
        if not Path(location).is_absolute():
            raise ValueError(f"not an absolute folder: {location!r}")
        return DirectoryStore(Path(location))
    from learncenter.registry.object_s3 import S3Store

    endpoint = None
    if scheme != "s3":
        host, _, rest = rest.partition("/")
        endpoint = f"{scheme.removeprefix('s3+')}://{host}"
    bucket, _, prefix = rest.partition("/")
    if not _BUCKET.match(bucket):
        raise ValueError(f"not a bucket name: {bucket!r}")
    return S3Store(bucket, prefix, endpoint=endpoint)
