"""Seal and open a batch exactly as ``docs/protocol.md`` §4 describes.

The center signs the manifest (what it vouches for) and the envelope header (what travels in
the clear), and encrypts everything else to the registry. Opening checks in the order that
leaks least and trusts least: the header signature before any decryption, then the key
unwrapping, the manifest signature, and only then each record's and blob's hash against the
manifest. Any failure refuses the whole batch and returns nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)

from learncenter.domain.canonical import canonical
from learncenter.protocol import encryption as enc
from learncenter.protocol.errors import HASH_MISMATCH, MALFORMED, WRONG_CENTER, SyncError
from learncenter.protocol.keys import b64url, from_b64url, key_id
from learncenter.protocol.peer_json import peer_json
from learncenter.protocol.signing import sign_object, verify_object

BATCH_FORMAT = "learncenter-batch/1"
ENVELOPE_FORMAT = "learncenter-envelope/2"  # 2: the batch key wrapped with HPKE (RFC 9180)
MANIFEST_PART = "manifest"
MAX_VERSION = (1 << 31) - 1  # of a record: the registry keeps it in an INTEGER column (32 bits)
MAX_COUNT = (1 << 63) - 1  # a sequence or a size


def record_part_name(record_id: str, version: int) -> str:
    """The key of a record version's payload in ``record_parts`` and :attr:`OpenedBatch.records`."""
    return f"record/{record_id}/{version}"


@dataclass(frozen=True)
class SealedBatch:
    """What travels: the signed plaintext header and ciphertext only, safe to store and resend.

    ``records`` follow ``header["parts"]["records"]``; ``blobs`` hold each blob's chunks in the
    order of the (encrypted) manifest's ``blobs``, which is also the order of the batch file.
    ``manifest_hash`` is known to the sealer only (to check the receipt); a batch read from a
    file leaves it ``None``.
    """

    header: dict[str, Any]
    manifest: bytes
    records: tuple[bytes, ...]
    blobs: tuple[tuple[bytes, ...], ...]
    manifest_hash: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class OpenedBatch:
    """A batch whose every signature, ciphertext and hash has been checked."""

    header: dict[str, Any]
    manifest: dict[str, Any]  # the signed manifest, signature included
    manifest_hash: str  # H(C(signed manifest)), what the receipt must name
    records: dict[str, bytes]  # part name -> record payload C(payload)
    blobs: dict[str, bytes]  # sha256 -> blob bytes


def seal_batch(
    manifest: Mapping[str, Any],
    record_parts: Mapping[str, bytes],
    blobs: Mapping[str, bytes],
    *,
    center_key: Ed25519PrivateKey,
    registry_public: X25519PublicKey,
    batch_id: str,
    center_id: str,
    sequence: int,
    content_key: bytes | None = None,
) -> SealedBatch:
    """Sign and encrypt a batch; ``record_parts`` is keyed by :func:`record_part_name`.

    ``content_key`` (fresh when not given) is for a center that stores the batch: with it, the
    blob ciphertext (deterministic nonces) can be re-made identically instead of being stored.

    The manifest's ``format``, ``batch_id``, ``center_id`` and ``sequence`` are filled in (or
    must agree); its records and blobs are checked against the data here, so a center never
    sends a batch the registry would refuse for a hash it computed wrongly.
    """
    body = dict(manifest)
    for name, value in (("format", BATCH_FORMAT), ("batch_id", batch_id),
                        ("center_id", center_id), ("sequence", sequence)):
        if body.setdefault(name, value) != value:
            raise ValueError(f"manifest {name} {body[name]!r} disagrees with {value!r}")
    _check_shape(body)
    _check_contents(body, record_parts, blobs)
    signed = sign_object(center_key, body)
    manifest_plain = canonical(signed)

    content_key = content_key or enc.new_content_key()
    ephemeral, wrapped = enc.wrap_key(content_key, registry_public, batch_id)
    nonce, manifest_ct = enc.seal_part(content_key, batch_id, MANIFEST_PART, manifest_plain)
    parts, record_cts = [], []
    for index, name in enumerate(_part_names(body)):
        part_nonce, ciphertext = enc.seal_part(content_key, batch_id, _wire_name(index),
                                               record_parts[name])
        parts.append({"nonce": b64url(part_nonce), "size": len(ciphertext)})
        record_cts.append(ciphertext)
    blob_cts = tuple(enc.seal_chunks(content_key, entry["sha256"], blobs[entry["sha256"]])
                     for entry in body["blobs"])
    header = sign_object(center_key, {
        "format": ENVELOPE_FORMAT, "batch_id": batch_id, "center_id": center_id,
        "sequence": sequence, "ephemeral_key": b64url(ephemeral), "wrapped_key": b64url(wrapped),
        "registry_key_id": key_id(registry_public),
        "parts": {"manifest": {"nonce": b64url(nonce), "size": len(manifest_ct)},
                  "records": parts},
    })
    return SealedBatch(header, manifest_ct, tuple(record_cts), blob_cts,
                       hashlib.sha256(manifest_plain).hexdigest())


def open_batch(
    sealed: SealedBatch,
    *,
    registry_private: X25519PrivateKey,
    center_public: Ed25519PublicKey,
    expected_center_id: str | None = None,
    held_blobs: Mapping[str, int] | None = None,
) -> OpenedBatch:
    """Verify and decrypt a batch, or raise :class:`SyncError` without returning any of it.

    ``center_public`` is the key registered for the center; ``expected_center_id`` (when the
    caller knows which center that key belongs to) refuses a batch claiming another center.
    ``held_blobs`` are blobs the caller (the registry) already holds from earlier batches, by hash,
    with their size: for those, ``sealed.blobs`` carries an empty tuple, the manifest must give the
    size the caller holds, and they are not in the result's ``blobs`` (the caller checked their
    bytes against that hash when it first took them, and has them).
    """
    opened, content_key = _open_parts(sealed, registry_private, center_public,
                                      expected_center_id)
    body, batch_id = opened.manifest, opened.header["batch_id"]
    records = opened.records
    if len(sealed.blobs) != len(body["blobs"]):
        raise SyncError(MALFORMED)
    blobs, held = {}, set()
    for entry, chunks in zip(body["blobs"], sealed.blobs):
        if not chunks and held_blobs is not None and entry["sha256"] in held_blobs:
            if held_blobs[entry["sha256"]] != entry["size"]:
                raise SyncError(HASH_MISMATCH, part=entry["sha256"])
            held.add(entry["sha256"])
            continue
        if len(chunks) != enc.chunk_count(entry["size"]):
            raise SyncError(MALFORMED)
        blobs[entry["sha256"]] = enc.open_chunks(content_key, entry["sha256"], chunks)
    _check_blobs(body, blobs, held)  # the records were checked as they were opened
    return OpenedBatch(opened.header, opened.manifest, opened.manifest_hash, records, blobs)


def open_announced(
    sealed: SealedBatch,
    *,
    registry_private: X25519PrivateKey,
    center_public: Ed25519PublicKey,
    expected_center_id: str | None = None,
) -> OpenedBatch:
    """Check everything of a batch but its blobs, which have not arrived yet (``blobs`` empty).

    The registry runs this at announce, so a forged header, manifest or record part is refused
    before it stores anything or asks for a single blob; :func:`open_batch` checks it all again,
    blobs included, at commit.
    """
    return _open_parts(sealed, registry_private, center_public, expected_center_id)[0]


def _open_parts(sealed: SealedBatch, registry_private: X25519PrivateKey,
                center_public: Ed25519PublicKey,
                expected_center_id: str | None) -> tuple[OpenedBatch, bytes]:
    """Header, key unwrapping, manifest and record parts checked; the content key for blobs."""
    header = verify_object(sealed.header, center_public)
    batch_id, parts = _check_header(header)
    if expected_center_id is not None and header["center_id"] != expected_center_id:
        raise SyncError(WRONG_CENTER)
    content_key = enc.unwrap_key(from_b64url(header["ephemeral_key"]),
                                 from_b64url(header["wrapped_key"]), registry_private, batch_id)

    manifest_plain = _open_sized(content_key, batch_id, MANIFEST_PART, parts["manifest"],
                                 sealed.manifest)
    manifest = _parse_canonical(manifest_plain)
    body = verify_object(manifest, center_public)
    if body.get("center_id") != header["center_id"]:
        raise SyncError(WRONG_CENTER)
    if (body.get("batch_id"), body.get("sequence"), body.get("format")) != (
            batch_id, header["sequence"], BATCH_FORMAT):
        raise SyncError(MALFORMED)
    _check_shape(body)

    names = _part_names(body)
    if not len(parts["records"]) == len(sealed.records) == len(names):
        raise SyncError(MALFORMED)
    records = {name: _open_sized(content_key, batch_id, _wire_name(index), part, ciphertext)
               for index, (name, part, ciphertext)
               in enumerate(zip(names, parts["records"], sealed.records))}
    _check_records(body, records, names)
    return OpenedBatch(header, manifest, hashlib.sha256(manifest_plain).hexdigest(), records,
                       {}), content_key


def _wire_name(index: int) -> str:
    """The name binding a record's ciphertext: its position in the manifest, not its id.

    The header travels in the clear, so it names no record; the signed manifest fixes which
    record each position holds, and the associated data fixes each ciphertext to its position.
    """
    return f"record/{index}"


def _part_names(body: Mapping[str, Any]) -> list[str]:
    return [record_part_name(record["record_id"], record["version"]) for record in body["records"]]


def _check_contents(body: Mapping[str, Any], records: Mapping[str, bytes],
                    blobs: Mapping[str, bytes]) -> None:
    """Every record payload and blob present, nothing extra, and each matching its hash."""
    names = _part_names(body)
    if set(records) != set(names):
        raise SyncError(MALFORMED)
    _check_records(body, records, names)
    _check_blobs(body, blobs)


def _check_records(body: Mapping[str, Any], records: Mapping[str, bytes], names: list[str]) -> None:
    for record, name in zip(body["records"], names):
        if hashlib.sha256(records[name]).hexdigest() != record["content_hash"]:
            raise SyncError(HASH_MISMATCH, part=name)


def _check_blobs(body: Mapping[str, Any], blobs: Mapping[str, bytes], held: Collection[str] = ()) -> None:
    """Every listed blob present (or ``held``), nothing extra, each of its size and hash."""
    listed = {entry["sha256"]: entry["size"] for entry in body["blobs"] if entry["sha256"] not in held}
    if set(blobs) != set(listed):
        raise SyncError(MALFORMED)
    for sha256, size in listed.items():
        data = blobs[sha256]
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
            raise SyncError(HASH_MISMATCH, part=sha256)


def _check_shape(body: Mapping[str, Any]) -> None:
    """The manifest fields this module relies on, so a bad one is ``malformed``, not a crash."""
    records, blobs = body.get("records"), body.get("blobs")
    if not isinstance(records, list) or not isinstance(blobs, list):
        raise SyncError(MALFORMED)
    blob_ids = set()
    for entry in blobs:
        if not (isinstance(entry, dict) and _is_hash(entry.get("sha256"))
                and _is_count(entry.get("size"))
                and isinstance(entry.get("media_type"), str)):
            raise SyncError(MALFORMED)
        blob_ids.add(entry["sha256"])
    names = set()
    for record in records:
        if not (isinstance(record, dict) and isinstance(record.get("record_id"), str)
                and _is_count(record.get("version"), MAX_VERSION) and _is_hash(record.get("content_hash"))
                and isinstance(record.get("blobs"), list)
                and all(sha256 in blob_ids for sha256 in record["blobs"])):
            raise SyncError(MALFORMED)
        names.add(record_part_name(record["record_id"], record["version"]))
    if len(blob_ids) != len(blobs) or len(names) != len(records):
        raise SyncError(MALFORMED)


def _check_header(header: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    parts = header.get("parts")
    if not (header.get("format") == ENVELOPE_FORMAT and isinstance(header.get("batch_id"), str)
            and isinstance(header.get("center_id"), str) and _is_count(header.get("sequence"))
            and isinstance(parts, dict) and isinstance(parts.get("manifest"), dict)
            and isinstance(parts.get("records"), list)
            and all(isinstance(part, dict) for part in parts["records"])):
        raise SyncError(MALFORMED)
    return header["batch_id"], parts


def _open_sized(content_key: bytes, batch_id: str, name: str, part: Mapping[str, Any],
                ciphertext: bytes) -> bytes:
    if part.get("size") != len(ciphertext):
        raise SyncError(MALFORMED)
    return enc.open_part(content_key, batch_id, name, from_b64url(part.get("nonce")), ciphertext)


def _parse_canonical(data: bytes) -> Any:
    """Parse JSON that must already be canonical, so its hash is the one the receipt names."""
    value = peer_json(data)
    if canonical(value) != data:
        raise SyncError(MALFORMED)
    return value


def _is_hash(value: object) -> bool:
    return (isinstance(value, str) and len(value) == 64
            and all(char in "0123456789abcdef" for char in value))


def _is_count(value: object, maximum: int = MAX_COUNT) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= maximum
