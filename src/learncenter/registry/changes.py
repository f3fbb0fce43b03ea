"""Down-sync (protocol §8): the signed pages of changes a center asks for with its cursor, and
what the administrator publishes into them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select

from learncenter.registry.base import Caller, RegistryBase
from learncenter.registry.store import Change, Material
from learncenter.registry.vault import material_place
from learncenter.protocol.errors import MALFORMED, UNKNOWN_MATERIAL, SyncError
from learncenter.protocol.signing import sign_object
from learncenter.registry.objects import material_name

CHANGES_FORMAT = "learncenter-changes/1"
CHANGE_KINDS = ("pre_registration", "major", "exam_session", "profile", "number_block", "admission",
                "student_decision")


class ChangeFeed(RegistryBase):
    """Pages of changes for a center, and publishing into them."""

    def changes(self, caller: Caller, cursor: str | None, limit: int = 500) -> dict[str, Any]:
        after = _parse_cursor(cursor)
        limit = max(1, min(limit, 1000))
        with self._session() as session:
            rows = session.scalars(
                select(Change).where(Change.seq > after,
                                     (Change.center_id.is_(None))
                                     | (Change.center_id == caller.center_id))
                .order_by(Change.seq).limit(limit + 1)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1].seq if rows else after
        return sign_object(self.keys.signing.private, {
            "format": CHANGES_FORMAT, "center_id": caller.center_id, "cursor": cursor,
            "changes": [{"seq": row.seq, "kind": row.kind, "key": key, "version": row.version,
                         "data": data}
                        for row in rows for key, data in [self._change_content(row)]],
            "next_cursor": f"c{last}", "more": more,
        })

    def store_materials(self, materials: Iterable[tuple[str | None, str, bytes]]) -> int:
        """Keep (center or None, SHA-256, bytes) of photos and scans submitted online, sealed with
        the data key; the number new."""
        stored = 0
        now = self._now()
        with self._session() as session, session.begin():
            for center_id, sha256, data in materials:
                if session.get(Material, sha256) is None:
                    sealed = self.keys.data.seal(data, material_place(sha256))
                    session.add(Material(sha256=sha256, center_id=center_id, size=len(data), published_at=now,
                                         data=self._keep_object(material_name(sha256), sealed)))
                    stored += 1
        return stored

    def material(self, caller: Caller, sha256: str) -> bytes:
        """A submitted photo or scan, for the center its pre-registration was published to."""
        with self._session() as session:
            row = session.get(Material, sha256)
            if row is None or (row.center_id is not None and row.center_id != caller.center_id):
                raise SyncError(UNKNOWN_MATERIAL)
            return self.keys.data.open(self._object(material_name(sha256), row.data), material_place(sha256))

    def publish(self, items: Iterable[tuple[str | None, str, str, Mapping[str, Any]]]) -> int:
        """Publish (center or None, kind, key, data) items in one transaction; the number that
        changed (an item identical to its last published version is not published again)."""
        published = 0
        with self._session() as session, session.begin():
            for center_id, kind, key, data in items:
                if kind not in CHANGE_KINDS:
                    raise ValueError(kind)
                published += self._add_change(session, center_id, kind, key, data)
        return published


_CURSOR = re.compile(r"c([0-9]{1,10})")
MAX_SEQ = (1 << 31) - 1  # changes.seq is an INTEGER column: 32 bits on PostgreSQL


def _parse_cursor(cursor: str | None) -> int:
    """The ``seq`` after which a page starts; anything but a cursor this registry could have
    handed out (``c`` and ASCII digits up to the largest ``seq``) is ``malformed``, never a
    query the database chokes on."""
    if cursor is None or cursor == "":
        return 0
    match = _CURSOR.fullmatch(cursor)
    if match is None or int(match.group(1)) > MAX_SEQ:
        raise SyncError(MALFORMED)
    return int(match.group(1))
