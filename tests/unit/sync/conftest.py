"""Fixtures of the sync tests: a world of real keys and a batch with personal data and photos."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from faces import face_photo
from unit.sync.in_process_registry import CODE, URL, InProcessRegistry
from unit.sync.sync_material import ID_NUMBER, NAME, World, make_plain

from learncenter.context import AppContext
from learncenter.domain.sync_limits import SyncLimits
from learncenter.sync.engine import SyncEngine
from learncenter.sync.enrollment import enroll
from learncenter.protocol.keys import EncryptionKeyPair, SigningKeyPair
from actors import sign_in_as

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)  # the clock of the ``ctx`` fixture


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


@pytest.fixture
def registry() -> InProcessRegistry:
    return InProcessRegistry()


@pytest.fixture
def center(ctx: AppContext, registry: InProcessRegistry) -> AppContext:
    """The test context's center, enrolled with the in-process registry."""
    enroll(ctx.db, registry.enroll, url=URL, code=CODE, device_name="desk-1", client_version="test",
           actor=sign_in_as(ctx.users, "tester"), now=NOW)
    return ctx


@pytest.fixture
def engine(center: AppContext) -> SyncEngine:
    return SyncEngine(center.db, actor=sign_in_as(center.users, "tester"), limits=SyncLimits(),
                      profile_versions={"eligibility": center.profile.version}, clock=lambda: NOW)
