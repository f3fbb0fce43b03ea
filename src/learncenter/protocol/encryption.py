"""The symmetric layer of a batch: key wrapping, encrypted parts and blob chunks (§4.2).

One random content key per batch, wrapped to the registry's X25519 key with HPKE (RFC 9180, base
mode: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, as the cryptography library implements
it), so only the registry can read a batch and a stolen batch file reveals nothing. Every
ciphertext's associated data names the batch and the part (or blob and chunk index), so a part
moved to another batch or place fails authentication instead of being accepted out of context.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from learncenter.protocol.errors import DECRYPT_FAILED, MALFORMED, SyncError

CHUNK_SIZE = 1 << 20  # plaintext bytes per blob chunk (protocol §4.2; open point §12)
TAG_SIZE = 16  # AES-GCM tag appended to every ciphertext
NONCE_SIZE = 12
KEY_SIZE = 32
WRAP_INFO = b"learncenter batch key v2"
ENC_SIZE = 32  # HPKE's encapsulated key for DHKEM(X25519): the ephemeral public key
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def new_content_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _info(batch_id: str) -> bytes:
    """HPKE's ``info``: the purpose and the batch, so a wrapped key moved to another batch fails."""
    return WRAP_INFO + b"\0" + batch_id.encode()


def wrap_key(content_key: bytes, registry_public: X25519PublicKey,
             batch_id: str) -> tuple[bytes, bytes]:
    """Wrap ``content_key`` to the registry; return (encapsulated key, wrapped key): HPKE's single
    shot encryption, its output cut after the 32-byte encapsulated key."""
    sealed = _SUITE.encrypt(content_key, registry_public, info=_info(batch_id))
    return sealed[:ENC_SIZE], sealed[ENC_SIZE:]


def unwrap_key(ephemeral_raw: bytes, wrapped: bytes, registry_private: X25519PrivateKey,
               batch_id: str) -> bytes:
    """Recover the content key; any mismatch (other registry key, other batch, a key that is not
    one) is ``decrypt_failed``."""
    if len(ephemeral_raw) != ENC_SIZE:
        raise SyncError(MALFORMED)
    try:
        content_key = _SUITE.decrypt(ephemeral_raw + wrapped, registry_private, info=_info(batch_id))
    except InvalidTag as error:
        raise SyncError(DECRYPT_FAILED) from error
    if len(content_key) != KEY_SIZE:
        raise SyncError(MALFORMED)
    return content_key


def part_aad(batch_id: str, part_name: str) -> bytes:
    return f"{batch_id}:{part_name}".encode()


def seal_part(content_key: bytes, batch_id: str, part_name: str,
              plaintext: bytes) -> tuple[bytes, bytes]:
    """Encrypt one part (the manifest or a record payload); return (nonce, ciphertext)."""
    nonce = os.urandom(NONCE_SIZE)
    return nonce, AESGCM(content_key).encrypt(nonce, plaintext, part_aad(batch_id, part_name))


def open_part(content_key: bytes, batch_id: str, part_name: str, nonce: bytes,
              ciphertext: bytes) -> bytes:
    if len(nonce) != NONCE_SIZE:
        raise SyncError(MALFORMED)
    return _decrypt(content_key, nonce, ciphertext, part_aad(batch_id, part_name))


def chunk_nonce(sha256: str, index: int) -> bytes:
    """``H(sha256 || i)[:12]``: the blob's hex digest followed by the decimal chunk index.

    Deterministic so a resumed upload re-sends identical bytes; unique because the content key
    belongs to one batch and (blob, index) never repeats within it.
    """
    return hashlib.sha256(f"{sha256}{index}".encode("ascii")).digest()[:NONCE_SIZE]


def chunk_count(size: int) -> int:
    """Chunks of a blob of ``size`` bytes; an empty blob still has one (authenticated) chunk."""
    return max(1, -(-size // CHUNK_SIZE))


def seal_chunks(content_key: bytes, sha256: str, data: bytes) -> tuple[bytes, ...]:
    cipher = AESGCM(content_key)
    return tuple(
        cipher.encrypt(chunk_nonce(sha256, index),
                       data[index * CHUNK_SIZE:(index + 1) * CHUNK_SIZE],
                       f"{sha256}:{index}".encode("ascii"))
        for index in range(chunk_count(len(data)))
    )


def open_chunks(content_key: bytes, sha256: str, chunks: Sequence[bytes]) -> bytes:
    cipher = AESGCM(content_key)
    plain = bytearray()
    for index, chunk in enumerate(chunks):
        try:
            plain += cipher.decrypt(chunk_nonce(sha256, index), chunk,
                                    f"{sha256}:{index}".encode("ascii"))
        except InvalidTag as error:
            raise SyncError(DECRYPT_FAILED) from error
    return bytes(plain)


def split_chunks(block: bytes) -> tuple[bytes, ...]:
    """Cut a blob's concatenated chunk ciphertexts back into chunks (their sizes are implied)."""
    step = CHUNK_SIZE + TAG_SIZE
    chunks = tuple(block[start:start + step] for start in range(0, len(block), step))
    if not chunks or len(chunks[-1]) < TAG_SIZE:
        raise SyncError(MALFORMED)
    return chunks


def _decrypt(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag as error:
        raise SyncError(DECRYPT_FAILED) from error
