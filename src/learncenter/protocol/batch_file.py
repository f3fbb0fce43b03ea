"""The removable-media batch file (protocol §9).

When there is no link, the same sealed batch travels as one file: the magic line, the signed
header, then the ciphertexts, each length-prefixed. The file holds only what
:class:`SealedBatch` holds (ciphertext and a header without personal data), so a lost USB stick
reveals nothing. It is written to a temporary file beside the target and renamed into place, so
a pulled stick or a crash never leaves a half-written file under the real name.
"""

from __future__ import annotations

import os
import struct
import tempfile
from pathlib import Path
from typing import BinaryIO

from learncenter.domain.canonical import canonical
from learncenter.protocol.encryption import TAG_SIZE, chunk_count, split_chunks
from learncenter.protocol.envelope import SealedBatch
from learncenter.protocol.errors import MALFORMED, SyncError
from learncenter.protocol.peer_json import HEADER_LIMITS, peer_object

MAGIC = b"LCBATCH1\n"
_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")
MAX_HEADER = HEADER_LIMITS.max_bytes
MAX_PART = 64 << 20  # the manifest or one record's payload, encrypted
MAX_BLOB_STREAM = (2 << 30) + TAG_SIZE * chunk_count(2 << 30)  # one blob of a whole batch (§7)


def write_batch_file(path: str | os.PathLike[str], sealed: SealedBatch) -> None:
    """Write ``sealed`` to ``path`` atomically (temporary file, fsync, ``os.replace``)."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                         dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC)
            _write(out, _U32, canonical(sealed.header))
            _write(out, _U32, sealed.manifest)
            for record in sealed.records:
                _write(out, _U32, record)
            for chunks in sealed.blobs:
                out.write(_U64.pack(sum(len(chunk) for chunk in chunks)))
                for chunk in chunks:
                    out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_batch_file(path: str | os.PathLike[str]) -> SealedBatch:
    """Read a batch file back; a truncated, padded or foreign file is ``malformed``.

    Only the framing is checked here: the header's signature and everything inside are checked
    by :func:`~learncenter.protocol.envelope.open_batch`, which the caller runs next. Every length
    in the file is the sender's claim: none is read past the end of the file or beyond its
    part's maximum, so a forged length costs nothing. How many blob frames belong to the batch
    only its encrypted manifest says; the registry's import refuses a file with more.
    """
    with open(path, "rb") as source:
        if source.read(len(MAGIC)) != MAGIC:
            raise SyncError(MALFORMED)
        header = peer_object(_read(source, _U32, MAX_HEADER), HEADER_LIMITS)
        parts = header.get("parts")
        records = parts.get("records") if isinstance(parts, dict) else None
        if not isinstance(records, list):
            raise SyncError(MALFORMED)
        manifest = _read(source, _U32, MAX_PART)
        record_cts = tuple(_read(source, _U32, MAX_PART) for _ in records)
        blobs = []
        while _more(source):
            blobs.append(split_chunks(_read(source, _U64, MAX_BLOB_STREAM)))
    return SealedBatch(header, manifest, record_cts, tuple(blobs))


def _write(out: BinaryIO, prefix: struct.Struct, data: bytes) -> None:
    out.write(prefix.pack(len(data)))
    out.write(data)


def _read(source: BinaryIO, prefix: struct.Struct, maximum: int) -> bytes:
    """One length-prefixed frame; a length past the end of the file or above ``maximum`` is
    ``malformed`` before anything is allocated for it."""
    raw = source.read(prefix.size)
    if len(raw) != prefix.size:
        raise SyncError(MALFORMED)
    (length,) = prefix.unpack(raw)
    if length > maximum or length > _remaining(source):
        raise SyncError(MALFORMED)
    data = source.read(length)
    if len(data) != length:
        raise SyncError(MALFORMED)
    return bytes(data)


def _remaining(source: BinaryIO) -> int:
    return os.fstat(source.fileno()).st_size - source.tell()


def _more(source: BinaryIO) -> bool:
    position = source.tell()
    more = bool(source.read(1))
    source.seek(position)
    return more

