"""Key ids, base64url and the sync error messages."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learncenter.domain.messages import DomainError
from learncenter.protocol.errors import CODES, SyncError
from learncenter.protocol.keys import (
    EncryptionKeyPair,
    SigningKeyPair,
    b64url,
    ed25519_public,
    from_b64url,
    key_id,
    x25519_public,
)


def test_key_id_is_16_hex_of_the_raw_public_key_hash() -> None:
    raw = bytes(range(32))
    assert key_id(raw) == hashlib.sha256(raw).hexdigest()[:16]
    pair = SigningKeyPair.generate()
    assert pair.key_id == key_id(pair.public) == key_id(pair.public_raw)
    assert len(pair.public_raw) == 32 == len(EncryptionKeyPair.generate().public_raw)


def test_raw_public_keys_load_back() -> None:
    signing, encryption = SigningKeyPair.generate(), EncryptionKeyPair.generate()
    assert key_id(ed25519_public(signing.public_raw)) == signing.key_id
    assert key_id(x25519_public(encryption.public_raw)) == encryption.key_id
    with pytest.raises(SyncError):
        ed25519_public(b"short")


@given(st.binary(max_size=100))
def test_b64url_round_trips_without_padding(data: bytes) -> None:
    text = b64url(data)
    assert "=" not in text and "+" not in text and "/" not in text
    assert from_b64url(text) == data


@pytest.mark.parametrize("text", ["AA==", "a+b/", "A", "AB", "Zg=", 42, None])
def test_b64url_refuses_other_spellings(text: object) -> None:
    with pytest.raises(SyncError) as caught:
        from_b64url(text)
    assert caught.value.code == "malformed"


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_error_has_chinese_and_english_sentences(code: str) -> None:
    error = SyncError(code)
    assert isinstance(error, DomainError)
    assert error.code == code and error.problem.code == f"sync.{code}"
    assert error.text("zh") != error.text("en")
    assert error.text("zh") != error.problem.code and error.text("en") != error.problem.code
    assert any("\u4e00" <= char <= "\u9fff" for char in error.text("zh"))


def test_unknown_codes_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        SyncError("oops")
