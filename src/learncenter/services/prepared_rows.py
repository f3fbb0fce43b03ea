"""What the reading side of an import hands the writer: rows checked, keyed and digested.

Everything here is the work that needs no database: reading the sheet, the domain's validation,
the duplicate-in-file check, the pinyin search keys and the digest the audit entry of a new
record carries. It runs in a second process for a large file (services.row_pipeline), so what
it yields are plain picklable tuples, never ORM objects; the writer only looks up the keys the
database already holds, inserts and chains the audit entries.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from datetime import date
from pathlib import Path
from typing import NamedTuple

from learncenter.domain.candidate import CANDIDATE_FIELDS, WHEN_GIVEN_FIELDS, CandidateData, Gender
from learncenter.domain.canonical import digest
from learncenter.domain.codes import field_label
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.validation import validate_candidate
from learncenter.store.name_keys import alternative_keys, name_keys
from learncenter.store.records import plain

DUPLICATE_IN_FILE = define(
    "import.duplicate_row",
    zh="与第 {first} 行是同一报名（同一批次、同一身份证号），本行未导入。",
    en="Same application as row {first} (same term and ID number); this row was not imported.",
)
TERM_AT, ID_NUMBER_AT = CANDIDATE_FIELDS.index("term"), CANDIDATE_FIELDS.index("id_number")
# The fields held as enums in CandidateData and as their codes in the database.
_ENUM_FIELDS = frozenset({"gender", "level", "prior_education", "payment_state"})


class PreparedRow(NamedTuple):
    """A valid application, ready to insert: ``values`` in CANDIDATE_FIELDS order, plain values
    (codes, not enums; dates as dates), as ``store.records.content`` reads them back."""

    number: int  # the sheet's row number (the serial for generated rows)
    values: tuple[object, ...]
    id_number_entered: str
    name_pinyin: str
    name_initials: str
    after_digest: str  # digest of the values: the audit entry of the record it creates
    photo: int = -1  # index into the photos the writer was given; -1: none
    other_keys: tuple[tuple[str, str], ...] = ()  # the name's other readings (store.name_keys), made by the reader

    @property
    def key(self) -> tuple[str, str]:
        return str(self.values[TERM_AT]), str(self.values[ID_NUMBER_AT])


@dataclass(frozen=True)
class Refusal:
    row: int
    column: str
    value: str
    problem: Problem


class Opened(NamedTuple):
    """The first message of a sheet: how it was read."""

    format: str
    encoding: str | None
    unmapped_headers: tuple[str, ...]


class Chunk(NamedTuple):
    """The next rows: ``rows_read`` counts every row so far, refused ones too."""

    rows_read: int
    rows: list[PreparedRow]
    refusals: list[Refusal]
    refused_rows: int


Message = Opened | Chunk


def prepare(number: int, candidate: CandidateData, id_number_entered: str, photo: int = -1) -> PreparedRow:
    values = tuple([_code(getattr(candidate, name)) if name in _ENUM_FIELDS
                    else (getattr(candidate, name) or None) if name in WHEN_GIVEN_FIELDS  # NULL, as the ORM writes
                    else getattr(candidate, name)
                    for name in CANDIDATE_FIELDS])
    pinyin, initials = name_keys(candidate.name)
    return PreparedRow(number, values, id_number_entered, pinyin, initials,
                       digest(plain(dict(zip(CANDIDATE_FIELDS, values)))), photo,
                       tuple(alternative_keys(candidate.name)))


def _code(value: Enum | None) -> object:
    return None if value is None else value.value


def sheet_messages(path: Path, encoding: str | None, today: date, lang: str, chunk: int) -> Iterator[Message]:
    """Read and check a sheet: ``Opened``, then a ``Chunk`` per ``chunk`` rows read (refused rows
    count, so progress moves through a file of bad rows too) and always a last one."""
    from learncenter.services.sheets import open_sheet  # openpyxl: with the first spreadsheet

    with open_sheet(path, encoding=encoding) as sheet:
        yield Opened(sheet.format, sheet.encoding, tuple(sheet.unmapped_headers))
        header_of = {name: sheet.headers[index].strip() for index, name in sheet.mapping.items()}
        first_row: dict[tuple[str, str], int] = {}
        rows: list[PreparedRow] = []
        refusals: list[Refusal] = []
        read = refused = 0
        for row in sheet.rows():
            read += 1
            checked = validate_candidate(row.values, today=today)
            problems = list(row.problems) + [
                p for p in checked.problems if p.field not in {q.field for q in row.problems}
            ]
            candidate = checked.candidate
            if not problems and candidate is not None and checked.id_number is not None:
                key = (candidate.term, candidate.id_number)
                if key in first_row:
                    problems.append(Problem(DUPLICATE_IN_FILE, "id_number", {"first": first_row[key]}))
                else:
                    first_row[key] = row.number
                    rows.append(prepare(row.number, candidate, checked.id_number.entered))
            if problems:
                refused += 1
                for problem in problems:
                    column = header_of.get(problem.field or "", field_label(problem.field or "", lang))
                    refusals.append(Refusal(row.number, column, _shown(row.values.get(problem.field or "")), problem))
            if read % chunk == 0:
                yield Chunk(read, rows, refusals, refused)
                rows, refusals, refused = [], [], 0
        yield Chunk(read, rows, refusals, refused)


def demo_messages(count: int, seed: int, today: date, pairs: int, chunk: int) -> Iterator[Message]:
    """Generated demo candidates, checked like an import; each gets one of ``pairs`` portrait
    pairs by its serial (photo 2k for a man, 2k + 1 for a woman)."""
    from learncenter.services.demo.people import generate_rows

    yield Opened("demo", None, ())
    rows: list[PreparedRow] = []
    for index, raw in enumerate(generate_rows(count, seed=seed, today=today)):
        checked = validate_candidate(raw, today=today)
        if checked.candidate is None or checked.id_number is None:
            raise DomainError(*checked.problems)  # the generator must only make valid people
        photo = 2 * (index % pairs) + (checked.candidate.gender is Gender.FEMALE)
        rows.append(prepare(index + 1, checked.candidate, checked.id_number.entered, photo))
        if len(rows) >= chunk:
            yield Chunk(index + 1, rows, [], 0)
            rows = []
    yield Chunk(count, rows, [], 0)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
