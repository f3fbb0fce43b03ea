"""Fixtures of the sync tests: a world of real keys and a batch with personal data and photos."""

from __future__ import annotations

import os

import pytest
from faces import face_photo
from unit.sync.sync_material import ID_NUMBER, NAME, World, make_plain

from learncenter.sync.keys import EncryptionKeyPair, SigningKeyPair


@pytest.fixture(scope="session")
def photo() -> bytes:
    return face_photo()


@pytest.fixture
def world(photo: bytes) -> World:
    payloads = [
        {"candidate": {"name": NAME, "id_number": ID_NUMBER}, "verdict": "eligible"},
        {"candidate": {"name": "李四", "id_number": "110105194912310037"}, "verdict": "eligible"},
        {"candidate": {"name": "王五", "id_number": "11010519491231005X"}, "verdict": "refused",
         "reason": "材料不全"},
    ]
    large = os.urandom(2 * (1 << 20) + 12345)  # three chunks
    blobs = [(photo, "image/jpeg"), (large, "application/pdf"), (b"", "image/jpeg")]
    return World(SigningKeyPair.generate(), SigningKeyPair.generate(),
                 EncryptionKeyPair.generate(), make_plain(payloads, blobs))
