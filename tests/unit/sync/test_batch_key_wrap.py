"""The batch key is wrapped with HPKE (RFC 9180) as protocol §4.2 says, not a look-alike."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from learncenter.protocol import encryption
from learncenter.protocol.errors import SyncError


def test_a_wrapped_key_opens_with_the_standard_suite_and_the_documented_info() -> None:
    registry = X25519PrivateKey.generate()
    content_key = encryption.new_content_key()
    enc, wrapped = encryption.wrap_key(content_key, registry.public_key(), "B-11001-42")
    assert (len(enc), len(wrapped)) == (32, 48)  # X25519's encapsulated key; 32 bytes and the GCM tag
    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
    info = b"learncenter batch key v2\x00B-11001-42"
    assert suite.decrypt(enc + wrapped, registry, info=info) == content_key
    assert encryption.unwrap_key(enc, wrapped, registry, "B-11001-42") == content_key


@pytest.mark.parametrize("change", ["other batch", "other registry", "short key", "flipped bit"])
def test_a_key_moved_or_altered_does_not_open(change: str) -> None:
    registry = X25519PrivateKey.generate()
    enc, wrapped = encryption.wrap_key(encryption.new_content_key(), registry.public_key(), "B-1")
    batch, key = "B-1", registry
    if change == "other batch":
        batch = "B-2"
    elif change == "other registry":
        key = X25519PrivateKey.generate()
    elif change == "short key":
        enc = enc[:31]
    else:
        wrapped = bytes([wrapped[0] ^ 1]) + wrapped[1:]
    with pytest.raises(SyncError) as refused:
        encryption.unwrap_key(enc, wrapped, key, batch)
    assert refused.value.code == ("malformed" if change == "short key" else "decrypt_failed")
