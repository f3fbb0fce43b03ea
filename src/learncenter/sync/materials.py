"""Fetching the photos and scans candidates submitted online (issue 13).

A down-sync notes what each pre-registration names (``downsync.note_materials``); afterwards the
engine fetches every noted material still missing, one request each, checks that the bytes hash to
the SHA-256 the signed page named, and keeps them in the encrypted blob store. Only this center's
candidates are named to it, and the registry serves a material to the center it was published for
only. A run that stops half-way leaves the rest noted: the next run goes on from there, and nothing
fetched is fetched again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from learncenter.domain.messages import Problem
from learncenter.store.blobs import media_type_of
from learncenter.store.database import Database
from learncenter.store.models import Blob
from learncenter.store.sync_models import SubmittedMaterial
from learncenter.protocol.errors import HASH_MISMATCH, SyncError
from learncenter.sync.link import Link



def fetch_materials(db: Database, link: Link, *, now: Callable[[], datetime],
                    cancelled: Callable[[], bool] = lambda: False) -> tuple[int, list[Problem]]:
    """Fetch what is noted and not yet here; (how many fetched, the problems met). One material
    that fails stays noted and does not stop the others."""
    with db.session() as session:
        pending = [(row.id, row.sha256) for row in session.scalars(
            select(SubmittedMaterial).where(SubmittedMaterial.fetched_at.is_(None)).order_by(SubmittedMaterial.id))]
    fetched, problems = 0, []
    done: dict[str, bool] = {}
    for row_id, sha256 in pending:
        if cancelled():
            break
        if sha256 not in done:
            try:
                done[sha256] = _fetch_one(db, link, sha256, now())
            except SyncError as error:
                problems.append(error.problem)
                done[sha256] = False
        if done[sha256]:
            with db.session() as session, session.begin():
                row = session.get(SubmittedMaterial, row_id)
                if row is not None and row.sha256 == sha256:
                    row.fetched_at = now().replace(tzinfo=None)
            fetched += 1
    return fetched, problems


def _fetch_one(db: Database, link: Link, sha256: str, now: datetime) -> bool:
    with db.session() as session:
        held = session.get(Blob, sha256) is not None
    if not held:
        data = link.material(sha256)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise SyncError(HASH_MISMATCH)
        db.blobs.put(data)
        with db.session() as session, session.begin():
            if session.get(Blob, sha256) is None:
                session.add(Blob(sha256=sha256, size=len(data), media_type=media_type_of(data),
                                 created_at=now.replace(tzinfo=None)))
    return True
