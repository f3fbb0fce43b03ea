"""Records that may already hold the person being entered.

Paper applications arrive twice (a photocopy, a second visit, a pre-registration the clerk did not
look for), and a second record for one person splits the photo, the checks and the history
between two places. The ID number is the reliable key; name plus date of birth catches the same
person entered under a mistyped number. A name matches with or without the dots and spaces
between its parts (阿依古丽·买买提 and 阿依古丽买买提), as search finds it. Only current versions count: older versions of a corrected
record are history, not candidates.

A record with the same ID number in the same round is more than a warning: the key (term, ID
number) is taken, so a new record cannot be saved beside it (:func:`held_for`), whereas any other
match is a person to look at before saving all the same, which then makes a record of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import ColumnElement, select

from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import Problem
from learncenter.domain.person_name import compact_name
from learncenter.services.record_entry import key_held_problem
from learncenter.store.database import Database
from learncenter.store.models import Record, RecordNameKey
from learncenter.store.name_keys import NAME_TEXT

Reason = Literal["same_id", "same_name_birth"]
LIMIT = 50  # a name and birth date shared by more people than this is not worth listing


@dataclass(frozen=True)
class Duplicate:
    record_id: str
    name: str
    id_number: str
    birth_date: date
    term: str
    state: RecordState
    reason: Reason
    registration_no: str = ""

    def held_problem(self) -> Problem:
        """Why a new record with this one's term and ID number is refused, naming this one."""
        return key_held_problem(name=self.name, registration_no=self.registration_no, id_number=self.id_number,
                                term=self.term, state=self.state)


def held_for(found: Sequence[Duplicate], term: str) -> Duplicate | None:
    """The record that already holds the ID number in this round, if one was found."""
    return next((d for d in found if d.reason == "same_id" and d.term == term), None)


def possible_duplicates(db: Database, *, id_number: str | None, name: str, birth_date: date | None,
                        exclude_record_id: str | None = None) -> list[Duplicate]:
    """Current records with the same ID number, then those with the same name and birth date.

    ``id_number`` and ``name`` are expected in their normalised forms (as validation returns them),
    which is how records store them. A record matching both ways is listed once, as "same_id".
    """
    found: list[Duplicate] = []
    seen: set[str] = set()
    name = name.strip()
    with db.session() as session:
        queries: list[tuple[Reason, ColumnElement[bool]]] = []
        if id_number:
            queries.append(("same_id", Record.id_number == id_number))  # ix_records_id_number
        if name and birth_date is not None:
            queries.append(("same_name_birth", _same_name(name) & (Record.birth_date == birth_date)))
        for reason, condition in queries:
            stmt = (select(Record).where(Record.is_current.is_(True), condition)
                    .order_by(Record.term.desc(), Record.id).limit(LIMIT))
            for record in session.scalars(stmt):
                if record.id in seen or record.id == exclude_record_id:
                    continue
                seen.add(record.id)
                found.append(Duplicate(record.id, record.name, record.id_number, record.birth_date, record.term,
                                       RecordState(record.state), reason, record.registration_no))
    return found


def _same_name(name: str) -> ColumnElement[bool]:
    """The name as written or without its separators (ix_records_name), or a name that has them
    and reads the same without (its text key, ix_record_name_keys_kind_key)."""
    compact = compact_name(name)
    written = Record.name.in_(sorted({name, compact}))
    text_key = select(RecordNameKey.record_id).where(RecordNameKey.kind == NAME_TEXT, RecordNameKey.key == compact)
    return written | Record.id.in_(text_key)
