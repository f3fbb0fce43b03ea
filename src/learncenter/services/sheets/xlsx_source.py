"""XLSX workbooks, read with openpyxl in read-only (streaming) mode.

Before openpyxl sees the file it is checked as a zip: a workbook cut off by an interrupted
copy fails there with a clear message, a Word document or an .xlsb is named for what it is,
and a zip bomb is refused from the sizes the archive declares before anything is expanded.
"""

from __future__ import annotations

import math
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Literal


from learncenter.domain.messages import define
from learncenter.services.sheets.reader import NOT_SPREADSHEET_KIND, Record, fail

DAMAGED = define(
    "sheet.damaged",
    zh="文件“{path}”已损坏或没有完整复制。请从原处重新复制一份，或用 Excel 打开后另存一份再导入。",
    en="File '{path}' is damaged or was not copied completely. Copy it again from where it "
    "came from, or open it in Excel and save a new copy, then import again.",
)
TOO_LARGE = define(
    "sheet.too_large",
    zh="工作簿“{path}”解压后超过 {limit_mb} MB，不像正常的名单，已拒绝读取。"
    "请检查文件是否正确；确实很大的名单请拆成几个文件分别导入。",
    en="Workbook '{path}' expands to more than {limit_mb} MB, far more than any candidate list "
    "needs, so it was not read. Check the file; split a genuinely large list into several.",
)
NO_SHEETS = define(
    "sheet.no_sheets",
    zh="工作簿“{path}”中没有工作表。请用 Excel 打开，确认数据所在的工作表后重新保存。",
    en="Workbook '{path}' contains no worksheets. Open it in Excel, check the sheet holding "
    "the data and save it again.",
)

#: Refuse workbooks that would expand beyond this: a zip bomb must not exhaust the laptop.
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
#: Excel stores numbers as doubles: integers from here on may already have lost digits.
_EXACT_DIGITS_LIMIT = 10**15
_DATE_FIELDS = frozenset({"birth_date", "prior_graduation_date"})
# Serial numbers in this range are dates from 1900 to 2173 whose cell lost its date format;
# yyyymmdd typed as a number (20010203) is far above it and is left for validation to parse.
_SERIAL_DATES = range(1, 100_000)

# Office documents that are zips too, by a part only they contain.
_OTHER_ZIPS: tuple[tuple[str, str], ...] = (
    ("xl/workbook.bin", "XLSB"),
    ("word/document.xml", "Word (.docx)"),
    ("ppt/presentation.xml", "PowerPoint (.pptx)"),
    ("content.xml", "OpenDocument"),
)


class XlsxSource:
    """One workbook kept open for as long as rows are read from it."""

    format: Literal["xlsx"] = "xlsx"
    encoding: None = None

    def __init__(self, path: Path, fh: IO[bytes]) -> None:
        self._path = path
        self._fh = fh
        _check_archive(path, fh)
        fh.seek(0)
        from openpyxl import load_workbook  # 35 MB: with the first workbook, not with a CSV

        try:
            # openpyxl warns about styles and extensions it ignores; the user can do nothing.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # A file object, not the path: openpyxl would refuse a workbook named .csv.
                self._wb: Any = load_workbook(fh, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many undocumented kinds for malformed parts
            fail(DAMAGED, path=str(path))
        self._epoch = self._wb.epoch

    def sheet_names(self) -> Sequence[str | None]:
        sheets = list(self._wb.worksheets)
        if not sheets:
            fail(NO_SHEETS, path=str(self._path))
        active = self._wb.active if self._wb.active in sheets else sheets[0]
        others = [ws for ws in sheets if ws is not active]
        visible = [ws for ws in others if ws.sheet_state == "visible"]
        hidden = [ws for ws in others if ws.sheet_state != "visible"]
        return [ws.title for ws in (active, *visible, *hidden)]

    def records(self, sheet: str | None) -> Iterator[Record]:
        ws = self._wb[sheet]
        # The stored dimensions are wrong in files from some generators; do not trust them.
        ws.reset_dimensions()
        number = 0
        try:
            # openpyxl yields an empty tuple for every missing row, so counting gives Excel's
            # row numbers.
            for number, raw in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), 1):
                yield number, tuple(raw)
        except Exception:  # a damaged sheet part surfaces only while it is being parsed
            fail(DAMAGED, path=str(self._path))

    def convert(self, cell: object, field_name: str) -> tuple[object, bool]:
        """Turn what openpyxl gives into what validation expects: text, or a date for dates.

        Every candidate field is text or a date, so numbers become their digits (13800138000,
        not 13800138000.0). Integers beyond 15 digits are reported: Excel has already rounded
        them, which is how 18-digit ID numbers typed into a number column end in 000.
        """
        if cell is None:
            return None, False
        if isinstance(cell, str):
            return cell.strip() or None, False
        if isinstance(cell, datetime):
            is_midnight = cell.time() == datetime.min.time()
            return (cell.date() if is_midnight else cell), False
        if isinstance(cell, date):
            return cell, False
        if isinstance(cell, bool):
            return ("TRUE" if cell else "FALSE"), False
        if isinstance(cell, int | float) and math.isfinite(cell):
            if field_name in _DATE_FIELDS and int(cell) in _SERIAL_DATES:
                from openpyxl.utils.datetime import from_excel  # loaded by now: the workbook is open

                return from_excel(cell, self._epoch).date(), False
            if isinstance(cell, float) and not cell.is_integer():
                return repr(cell), False
            whole = int(cell)
            return str(whole), abs(whole) >= _EXACT_DIGITS_LIMIT
        return str(cell), False

    def close(self) -> None:
        try:
            self._wb.close()
        except AttributeError:  # load_workbook failed before the workbook existed
            pass
        finally:
            self._fh.close()


def _check_archive(path: Path, fh: IO[bytes]) -> None:
    try:
        with zipfile.ZipFile(fh) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        fail(DAMAGED, path=str(path))
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        for part, kind in _OTHER_ZIPS:
            if part in names:
                fail(NOT_SPREADSHEET_KIND, path=str(path), kind=kind)
        if not any(name.startswith("xl/") for name in names):
            fail(NOT_SPREADSHEET_KIND, path=str(path), kind="ZIP")
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        fail(TOO_LARGE, path=str(path), limit_mb=MAX_UNCOMPRESSED_BYTES // (1024 * 1024))
