"""The majors the registry publishes, for data entry (protocol §8).

Majors arrive by down-sync as reference data (``{"code", "name", "level"}`` keyed by code);
the data-entry page offers the registry's name for a typed major code, so the clerk types six
characters instead of a long name and the name matches the registry's spelling.
"""

from __future__ import annotations

from dataclasses import dataclass

from learncenter.store import reference_data
from learncenter.store.database import Database

MAJOR = "major"


@dataclass(frozen=True)
class Major:
    code: str
    name: str
    level: str  # the level code the major is offered at (gqz, gqb, zsb)
    version: int  # the registry's version


def majors(db: Database) -> list[Major]:
    """Every major the registry has sent, by code."""
    with db.session() as session:
        return [Major(row.key, str(row.data.get("name", "")), str(row.data.get("level", "")), row.version)
                for row in reference_data.all_of(session, MAJOR)]


def major_name(db: Database, code: str) -> str | None:
    """The registry's name of the major ``code`` (case and spaces as typed do not matter)."""
    wanted = code.strip().upper()
    if not wanted:
        return None
    with db.session() as session:
        row = reference_data.get(session, MAJOR, wanted) or reference_data.get(session, MAJOR, code.strip())
        return str(row.data.get("name") or "") or None if row is not None else None
