"""Importing applications from a spreadsheet: every row checked by the domain rules.

Valid rows go in, in chunks of one transaction each (an interrupted import keeps whole chunks and
a re-run completes it, since entering the same content again changes nothing). Refused rows are
reported with their row number, column, value and reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from learncenter.domain.codes import field_label
from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import Problem, define
from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.domain.validation import validate_candidate
from learncenter.services.record_entry import NewRecord
from learncenter.services.records import RecordService

DUPLICATE_IN_FILE = define(
    "import.duplicate_row",
    zh="与第 {first} 行是同一报名（同一批次、同一身份证号），本行未导入。",
    en="Same application as row {first} (same term and ID number); this row was not imported.",
)
CHUNK = 2000


@dataclass(frozen=True)
class Refusal:
    row: int
    column: str
    value: str
    problem: Problem


@dataclass
class ImportResult:
    path: Path
    format: str
    encoding: str | None
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused_rows: int = 0
    refusals: list[Refusal] = field(default_factory=list)
    unmapped_headers: list[str] = field(default_factory=list)
    cancelled: bool = False


class Importer:
    def __init__(self, records: RecordService, *, today: Callable[[], date] = date.today) -> None:
        self._records = records
        self._today = today

    def run(
        self,
        path: Path,
        *,
        actor: SignedIn,
        encoding: str | None = None,
        lang: str = "zh",
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportResult:
        self._records.may(actor, Permission.IMPORT)  # before the file is even read
        today = self._today()
        from learncenter.services.sheets import open_sheet  # openpyxl: with the first spreadsheet

        with open_sheet(path, encoding=encoding) as sheet:
            result = ImportResult(path, sheet.format, sheet.encoding,
                                  unmapped_headers=list(sheet.unmapped_headers))
            header_of = {name: sheet.headers[index].strip() for index, name in sheet.mapping.items()}
            first_row: dict[tuple[str, str], int] = {}
            chunk: list[NewRecord] = []
            for row in sheet.rows():
                result.rows += 1
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
                        chunk.append(NewRecord(candidate, checked.id_number.entered, RecordState.DRAFT))
                if problems:
                    result.refused_rows += 1
                    for problem in problems:
                        column = header_of.get(problem.field or "", field_label(problem.field or "", lang))
                        value = row.values.get(problem.field or "")
                        result.refusals.append(Refusal(row.number, column, _shown(value), problem))
                if len(chunk) >= CHUNK or result.rows % CHUNK == 0:  # refused rows count too
                    self._flush(chunk, result, actor, first_row)
                    if progress:
                        progress(result.rows)
                    if cancelled and cancelled():
                        result.cancelled = True
                        return result
            self._flush(chunk, result, actor, first_row)
            if progress:
                progress(result.rows)
        if result.rows >= CHUNK:
            self._records.refresh_statistics()  # a large import changes what the query planner should know
        return result

    def _flush(self, chunk: list[NewRecord], result: ImportResult, actor: SignedIn,
               first_row: dict[tuple[str, str], int]) -> None:
        if not chunk:
            return
        for entry, outcome in zip(chunk, self._records.enter_many(chunk, actor=actor, source="import")):
            if outcome.status == "sealed" and outcome.problem is not None:
                number = first_row[(entry.data.term, entry.data.id_number)]
                result.refused_rows += 1
                result.refusals.append(Refusal(number, "", entry.data.id_number, outcome.problem))
            else:
                setattr(result, outcome.status, getattr(result, outcome.status) + 1)
        chunk.clear()


REPORT_HEADERS = {
    "zh": ("行号", "列", "值", "原因", "代码"),
    "en": ("row", "column", "value", "reason", "code"),
}


def write_report(result: ImportResult, dest: Path, *, lang: str = "zh") -> int:
    """The refused rows as a CSV or XLSX the data-entry staff can work through."""
    rows = (
        (r.row, r.column, r.value, r.problem.text(lang), r.problem.code)
        for r in sorted(result.refusals, key=lambda r: r.row)
    )
    from learncenter.services.sheets import write_sheet

    return write_sheet(dest, REPORT_HEADERS.get(lang, REPORT_HEADERS["en"]), rows)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
