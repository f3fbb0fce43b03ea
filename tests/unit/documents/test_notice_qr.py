"""The QR payload, its signature and the keys file an exam site is given."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from notice_samples import notice
from learncenter.documents.fonts import DocumentError
from learncenter.documents.notice_qr import (
    KEYS_FILE_INVALID, id_digest, keys_file_bytes, read_keys_file, sign_notice, trusted_key, verify_notice_text,
)

KEY = Ed25519PrivateKey.generate()
OTHER = Ed25519PrivateKey.generate()


def test_payload_is_compact_and_readable() -> None:
    text = sign_notice(notice(0), KEY)
    parts = text.split("|")
    assert parts[:7] == ["LCN1", "260000000", id_digest("65010219950501002X"), "阿依古丽·买买提", "2026-1", "第01考场", "1"]
    assert "65010219950501002X" not in text  # only the digest travels
    assert len(text.encode("utf-8")) < 200


def test_separator_and_percent_in_fields_survive() -> None:
    odd = notice(1, room="A|3%", name="张|伟")
    verdict = verify_notice_text(sign_notice(odd, KEY), [trusted_key(KEY, "1", "一")])
    assert verdict.status == "valid" and verdict.fields["room"] == "A|3%" and verdict.fields["name"] == "张|伟"


def test_malformed_and_foreign_texts() -> None:
    keys = [trusted_key(KEY, "1", "一")]
    assert verify_notice_text("https://example.com", keys).status == "unreadable"
    text = sign_notice(notice(2), KEY)
    assert verify_notice_text(text[:-3], keys).status == "forged"
    assert verify_notice_text(text.replace("|", "||", 1), keys).status == "forged"
    assert verify_notice_text(text[:-1] + ("A" if text[-1] != "A" else "B"), keys).status == "forged"


def test_keys_file_round_trip_and_verdict_names_the_center() -> None:
    keys = [trusted_key(KEY, "11001", "乌鲁木齐学习中心"), trusted_key(OTHER, "11002", "喀什学习中心")]
    data = keys_file_bytes(keys)
    assert read_keys_file(data) == sorted(keys, key=lambda k: k.center_id)
    verdict = verify_notice_text(sign_notice(notice(3), OTHER), read_keys_file(data))
    assert verdict.status == "valid" and verdict.center_name == "喀什学习中心" and verdict.key_id == keys[1].key_id


def test_keys_file_with_a_swapped_key_is_refused() -> None:
    document = json.loads(keys_file_bytes([trusted_key(KEY, "11001", "一")]))
    document["keys"][0]["key_id"] = trusted_key(OTHER, "x", "y").key_id
    with pytest.raises(DocumentError) as raised:
        read_keys_file(json.dumps(document).encode())
    assert raised.value.problem.code == KEYS_FILE_INVALID
    with pytest.raises(DocumentError):
        read_keys_file(b"\xff not json")
