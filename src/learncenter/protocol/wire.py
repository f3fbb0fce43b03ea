"""What client and registry put on the wire around a sealed batch (``docs/protocol.md`` §5).

Kept in one module that both ends import, so they cannot drift apart on what a request
signature covers, how the announce body carries the ciphertext, or how a blob's encrypted
chunks are laid out as the one byte stream that ``Content-Range`` offsets count in.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from learncenter.domain.canonical import canonical
from learncenter.protocol.encryption import CHUNK_SIZE, TAG_SIZE, chunk_count
from learncenter.protocol.envelope import SealedBatch
from learncenter.protocol.errors import BAD_SIGNATURE, CLOCK_SKEW, MALFORMED, SyncError
from learncenter.protocol.keys import b64url, from_b64url, key_id
from learncenter.protocol.peer_json import HEADER_LIMITS, peer_object

AUTH_SCHEME = "LC-Ed25519"
ANNOUNCE_MEDIA_TYPE = "application/vnd.learncenter.announce"
_U32 = struct.Struct(">I")
MAX_CLOCK_SKEW = timedelta(minutes=10)
# A commit asked with ``Prefer: respond-async`` may be answered 202 {"batch_id", "state": RECEIVED}:
# every byte is there and the batch waits to be filed; its receipt follows (§5).
RESPOND_ASYNC = "respond-async"
RECEIVED = "received"
_AUTH_FIELD = re.compile(r"\s*([a-z_]+)=([^,\s]+)\s*")


def _ts_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def auth_message(method: str, path: str, ts: str, body: bytes, *, body_sha256: str | None = None) -> bytes:
    """The bytes a request signature covers: ``METHOD \\n path \\n ts \\n H(body)``.

    ``path`` is the request path with its query string (``/v1/changes?cursor=...``), so a
    signed request cannot be replayed against another resource. ``body_sha256``: H(body) when the
    caller has it already (a 2 MiB piece is not hashed twice).
    """
    return "\n".join((method.upper(), path, ts, body_sha256 or hashlib.sha256(body).hexdigest())).encode()


def auth_header(*, center_id: str, key: Ed25519PrivateKey, method: str, path: str,
                body: bytes, now: datetime | None = None, body_sha256: str | None = None) -> str:
    """The ``Authorization`` header value for one request of a center."""
    ts = _ts_text(now or datetime.now(UTC))
    signature = key.sign(auth_message(method, path, ts, body, body_sha256=body_sha256))
    return (f"{AUTH_SCHEME} center_id={center_id}, key_id={key_id(key.public_key())}, "
            f"ts={ts}, sig={b64url(signature)}")


@dataclass(frozen=True)
class RequestAuth:
    """A parsed ``Authorization`` header: who claims to sign, with which key, when."""

    center_id: str
    key_id: str
    ts: str
    signature: bytes

    @property
    def moment(self) -> datetime:
        try:
            return datetime.strptime(self.ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except ValueError as error:
            raise SyncError(MALFORMED) from error


def parse_auth_header(value: str | None) -> RequestAuth:
    """Parse the header; a missing or misshapen one is ``bad_signature`` (nothing to verify)."""
    if not value or not value.startswith(AUTH_SCHEME + " "):
        raise SyncError(BAD_SIGNATURE)
    fields: dict[str, str] = {}
    for part in value[len(AUTH_SCHEME) + 1:].split(","):
        match = _AUTH_FIELD.fullmatch(part)
        if match is None:
            raise SyncError(BAD_SIGNATURE)
        fields[match.group(1)] = match.group(2)
    try:
        return RequestAuth(fields["center_id"], fields["key_id"], fields["ts"],
                           from_b64url(fields["sig"]))
    except (KeyError, SyncError) as error:
        raise SyncError(BAD_SIGNATURE) from error


def verify_request(auth: RequestAuth, public: Ed25519PublicKey, *, method: str, path: str,
                   body: bytes, now: datetime | None = None) -> None:
    """Check a request's signature and clock; the caller looks the key up and remembers
    ``auth.signature`` for the replay window (twice :data:`MAX_CLOCK_SKEW`)."""
    if auth.key_id != key_id(public):
        raise SyncError(BAD_SIGNATURE)
    if abs((now or datetime.now(UTC)) - auth.moment) > MAX_CLOCK_SKEW:
        raise SyncError(CLOCK_SKEW)
    try:
        public.verify(auth.signature, auth_message(method, path, auth.ts, body))
    except InvalidSignature as error:
        raise SyncError(BAD_SIGNATURE) from error


def announce_body(sealed: SealedBatch) -> dict[str, Any]:
    """The JSON body of ``POST /v1/batches``: the signed header and the encrypted parts.

    Blob chunks are not in it; they follow with ``PUT .../blobs/{sha256}`` for the blobs the
    registry reports missing.
    """
    return {"header": sealed.header, "manifest": b64url(sealed.manifest),
            "records": [b64url(part) for part in sealed.records]}


@dataclass(frozen=True)
class Announcement:
    """An announce body taken apart: what the registry stores before any blob arrives."""

    header: dict[str, Any]
    manifest: bytes
    records: tuple[bytes, ...]


def parse_announce(body: object) -> Announcement:
    """The JSON announce body (or an already parsed binary one) taken apart."""
    if isinstance(body, Announcement):
        return body
    if not (isinstance(body, Mapping) and isinstance(body.get("header"), dict)
            and isinstance(body.get("records"), list)):
        raise SyncError(MALFORMED)
    return Announcement(dict(body["header"]), from_b64url(body.get("manifest")),
                        tuple(from_b64url(part) for part in body["records"]))


def announce_bytes(sealed: SealedBatch) -> bytes:
    """The binary announce body (``Content-Type: application/vnd.learncenter.announce``, §5):
    the canonical header, the encrypted manifest and each encrypted record part, each after its
    length as a big-endian u32, as in the batch file (§9). The ciphertext travels as itself
    instead of a third larger in base64 inside JSON."""
    out = bytearray()
    for part in (canonical(sealed.header), sealed.manifest, *sealed.records):
        out += _U32.pack(len(part))
        out += part
    return bytes(out)


def parse_announce_bytes(body: bytes) -> Announcement:
    """:func:`announce_bytes` taken apart; a truncated or padded body or a header that is not
    a JSON object is ``malformed``."""
    parts: list[bytes] = []
    position = 0
    while position < len(body):
        if position + _U32.size > len(body):
            raise SyncError(MALFORMED)
        (length,) = _U32.unpack_from(body, position)
        position += _U32.size
        if position + length > len(body):
            raise SyncError(MALFORMED)
        parts.append(bytes(body[position:position + length]))
        position += length
    if len(parts) < 2:
        raise SyncError(MALFORMED)
    return Announcement(peer_object(parts[0], HEADER_LIMITS), parts[1], tuple(parts[2:]))


def blob_stream(chunks: Sequence[bytes]) -> bytes:
    """A blob's encrypted chunks as the one byte stream an upload sends and offsets count in."""
    return b"".join(chunks)


def stream_size(plain_size: int) -> int:
    """Length of :func:`blob_stream` for a blob of ``plain_size`` bytes (known from the
    manifest), so the registry knows when a blob is complete."""
    return plain_size + TAG_SIZE * chunk_count(plain_size)


def split_stream(stream: bytes, plain_size: int) -> tuple[bytes, ...]:
    """The chunks of a received stream, for :func:`learncenter.protocol.envelope.open_batch`."""
    if len(stream) != stream_size(plain_size):
        raise SyncError(MALFORMED)
    step = CHUNK_SIZE + TAG_SIZE
    count = chunk_count(plain_size)
    return tuple(stream[i * step:(i + 1) * step] for i in range(count))


def content_range(start: int, end_exclusive: int, total: int) -> str:
    """``Content-Range: bytes a-b/total`` for the bytes ``[start, end_exclusive)``."""
    return f"bytes {start}-{end_exclusive - 1}/{total}"


def parse_content_range(value: str | None) -> tuple[int, int, int]:
    """``(start, end_exclusive, total)`` from a ``Content-Range`` header, or ``malformed``."""
    match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", (value or "").strip())
    if match is None:
        raise SyncError(MALFORMED)
    start, last, total = (int(group) for group in match.groups())
    if not start <= last < total:
        raise SyncError(MALFORMED)
    return start, last + 1, total

