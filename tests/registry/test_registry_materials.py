"""Submitted photos and scans at the registry: kept sealed at rest, served to the center they were
published for and to no other (issue 13). On SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib

import pytest
from registry.conftest import enroll
from registry.material import jpeg

from learncenter.registry.service import Caller, Registry
from learncenter.registry.store import Material
from learncenter.registry.objects import material_name
from learncenter.protocol.errors import UNKNOWN_MATERIAL, SyncError


def test_a_material_is_served_to_its_center_only(registry: Registry) -> None:
    north, south = enroll(registry, "11001"), enroll(registry, "11002")
    as_north = Caller(north.center_id, north.key.key_id, north.key.public)
    as_south = Caller(south.center_id, south.key.key_id, south.key.public)
    mine, everyone = jpeg(1), jpeg(2)
    mine_sha, everyone_sha = hashlib.sha256(mine).hexdigest(), hashlib.sha256(everyone).hexdigest()
    assert registry.store_materials([("11001", mine_sha, mine), (None, everyone_sha, everyone)]) == 2
    assert registry.store_materials([("11001", mine_sha, mine)]) == 0  # kept once
    assert registry.material(as_north, mine_sha) == mine
    assert registry.material(as_south, everyone_sha) == everyone
    with pytest.raises(SyncError) as refused:
        registry.material(as_south, mine_sha)
    assert refused.value.code == UNKNOWN_MATERIAL
    with pytest.raises(SyncError):
        registry.material(as_north, "0" * 64)
    with registry._session() as session:
        stored = session.get(Material, mine_sha)
        assert stored is not None and stored.data is None  # in the object store, sealed with the data key:
    assert registry.objects is not None and mine not in registry.objects.get(material_name(mine_sha))
