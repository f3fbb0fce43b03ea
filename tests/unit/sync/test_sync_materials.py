"""Fetching submitted materials: a hash that does not match is refused, one the registry lacks stays
noted for the next run, nothing is fetched twice (issue 13)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import select

from learncenter.context import AppContext
from learncenter.store.models import Blob
from learncenter.store.sync_models import SubmittedMaterial
from learncenter.sync.downsync import note_materials
from learncenter.sync.materials import fetch_materials
from unit.sync.in_process_registry import InProcessRegistry

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PHOTO, SCAN = b"\xff\xd8\xff photo", b"\xff\xd8\xff scan"
SHA = {name: hashlib.sha256(data).hexdigest() for name, data in (("photo", PHOTO), ("scan", SCAN))}


def _pending(ctx: AppContext) -> list[str]:
    with ctx.db.session() as session:
        return [row.kind for row in session.scalars(select(SubmittedMaterial).where(
            SubmittedMaterial.fetched_at.is_(None)).order_by(SubmittedMaterial.kind))]


def test_what_the_registry_lacks_waits_and_a_wrong_hash_is_refused(ctx: AppContext) -> None:
    with ctx.db.session() as session, session.begin():
        note_materials(session, "2026春", "360426199101010071",
                       {"photo": SHA["photo"], "id_front": SHA["scan"], "nonsense": SHA["scan"], "id_back": "x"},
                       NOW.replace(tzinfo=None))
    registry = InProcessRegistry(materials={SHA["photo"]: b"something else"})
    fetched, problems = fetch_materials(ctx.db, registry, now=lambda: NOW)
    assert fetched == 0 and sorted(p.code for p in problems) == ["sync.hash_mismatch", "sync.unknown_material"]
    assert _pending(ctx) == ["id_front", "photo"]  # the malformed entries were never noted
    with ctx.db.session() as session:
        assert session.get(Blob, SHA["photo"]) is None

    registry.materials = {SHA["photo"]: PHOTO, SHA["scan"]: SCAN}
    assert fetch_materials(ctx.db, registry, now=lambda: NOW) == (2, [])
    assert _pending(ctx) == [] and ctx.db.blobs.get(SHA["scan"]) == SCAN
    registry.materials = {}  # nothing is asked for again
    assert fetch_materials(ctx.db, registry, now=lambda: NOW) == (0, [])


def test_a_material_named_anew_replaces_the_one_before(ctx: AppContext) -> None:
    key = ("2026春", "360426199101010071")
    with ctx.db.session() as session, session.begin():
        note_materials(session, *key, {"photo": SHA["photo"]}, NOW.replace(tzinfo=None))
    assert fetch_materials(ctx.db, InProcessRegistry(materials={SHA["photo"]: PHOTO}), now=lambda: NOW) == (1, [])
    with ctx.db.session() as session, session.begin():
        note_materials(session, *key, {"photo": SHA["scan"]}, NOW.replace(tzinfo=None))
    assert _pending(ctx) == ["photo"]
