"""Importing applications from a spreadsheet: every row checked by the domain rules.

Valid rows go in, in chunks of one transaction each (an interrupted import keeps whole chunks and
a re-run completes it, since entering the same content again changes nothing). Refused rows are
reported with their row number, column, value and reason.
"""

from __future__ import annotations

from contextlib import nullcontext

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from learncenter.domain.permissions import Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.prepared_rows import DUPLICATE_IN_FILE, Chunk, Opened, PreparedRow, Refusal, sheet_messages
from learncenter.services.records import RecordService
from learncenter.services.row_pipeline import RowPipeline

__all__ = ["CHUNK", "DUPLICATE_IN_FILE", "IN_PROCESS_BELOW", "ImportResult", "Importer", "Refusal", "write_report"]

CHUNK = 2000
#: Files smaller than this (about 8,000 rows of an office's CSV, 12,000 of a workbook) are read
#: in-process: the reading process takes 1-2.5 s to start and import its libraries (measured on
#: 2 shared cores), what reading about 10,000 rows beside the writer saves.
IN_PROCESS_BELOW = 2 * 1024 * 1024


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
    """Reads, checks and keys the rows in a second process (services.row_pipeline) while this one
    writes them, a transaction per chunk; ``in_process_below`` is the file size under which the
    reading stays in this process."""

    def __init__(self, records: RecordService, *, today: Callable[[], date] = date.today,
                 in_process_below: int = IN_PROCESS_BELOW) -> None:
        self._records = records
        self._today = today
        self._in_process_below = in_process_below

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
        in_process = _size(path) < self._in_process_below
        result: ImportResult | None = None
        bulk = nullcontext() if in_process else self._records.bulk_loading()  # a large file: a large cache
        with bulk, RowPipeline(sheet_messages, (Path(path), encoding, self._today(), lang, CHUNK),
                               in_process=in_process) as pipeline:
            for message in pipeline:
                if isinstance(message, Opened):
                    result = ImportResult(path, message.format, message.encoding,
                                          unmapped_headers=list(message.unmapped_headers))
                    continue
                assert result is not None and isinstance(message, Chunk)
                result.rows = message.rows_read
                result.refused_rows += message.refused_rows
                result.refusals += message.refusals
                self._write(message.rows, result, actor)
                if progress:
                    progress(result.rows)
                if cancelled and cancelled():
                    result.cancelled = True
                    return result  # leaving the ``with`` ends the reading process
        assert result is not None
        if result.rows >= CHUNK:
            self._records.refresh_statistics()  # a large import changes what the query planner should know
        return result

    def _write(self, rows: list[PreparedRow], result: ImportResult, actor: SignedIn) -> None:
        if not rows:
            return
        for row, outcome in zip(rows, self._records.enter_prepared(rows, actor=actor, source="import"), strict=True):
            if outcome.status == "sealed" and outcome.problem is not None:
                result.refused_rows += 1
                result.refusals.append(Refusal(row.number, "", row.key[1], outcome.problem))
            else:
                setattr(result, outcome.status, getattr(result, outcome.status) + 1)


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


def _size(path: Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # the reader says what is wrong with it, in this process
