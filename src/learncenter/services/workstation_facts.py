"""What the About window tells: the program's version and the state of the database it works on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from learncenter import __version__
from learncenter.store import migrate
from learncenter.store import records as repo
from learncenter.store.database import Database

_PLAIN_SQLITE = b"SQLite format 3\x00"  # the first bytes of every unencrypted SQLite file


@dataclass(frozen=True)
class WorkstationFacts:
    version: str
    data_dir: Path
    schema: str | None  # the schema revision the database is at
    schema_head: str  # the newest revision this version of the program knows
    encrypted: bool  # read from the file itself: a plain SQLite header means it is not
    demo: bool
    records: int  # current records (one per application, whatever their state)

    @property
    def schema_current(self) -> bool:
        return self.schema == self.schema_head


def workstation_facts(db: Database) -> WorkstationFacts:
    """Read-only; safe to run off the GUI thread."""
    with db.path.open("rb") as file:
        encrypted = file.read(len(_PLAIN_SQLITE)) != _PLAIN_SQLITE
    with db.session() as session:
        records = sum(repo.count_by_state(session).values())
    return WorkstationFacts(
        version=__version__, data_dir=db.data_dir.root, schema=migrate.current_revision(db.engine),
        schema_head=migrate.head_revision(), encrypted=encrypted, demo=db.demo, records=records,
    )
