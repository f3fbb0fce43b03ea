"""Write lists out as XLSX or CSV that open correctly in Excel and WPS and are safe to open.

Exports hold ID numbers and phone numbers, and often travel to other offices, so three things
matter more than speed: a cell can never run as a formula when someone opens the file (CSV
injection), a CSV opens in Excel on Chinese Windows without garbled characters (hence UTF-8
with a BOM), and an export interrupted by a full disk or a crash never leaves a half-written
file in place of a good one (hence a temporary file renamed over the target at the end).
"""

from __future__ import annotations

import csv
import enum
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, NoReturn


from learncenter.domain.messages import define, display_width
from learncenter.services.sheets.reader import fail

# The control characters an XLSX cell cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE, the same
# pattern): kept here so that writing a CSV does not load openpyxl's 35 MB.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

UNSUPPORTED_EXTENSION = define(
    "sheet.unsupported_extension",
    zh="不能导出为“{suffix}”格式。请把文件名的扩展名改为 .xlsx（Excel 工作簿）或 .csv。",
    en="Cannot export to the '{suffix}' format. Give the file name the extension .xlsx "
    "(Excel workbook) or .csv.",
)
FOLDER_MISSING = define(
    "sheet.folder_missing",
    zh="文件夹“{folder}”不存在。请选择一个已有的文件夹来保存导出的文件。",
    en="Folder '{folder}' does not exist. Choose an existing folder for the export.",
)
WRITE_DENIED = define(
    "sheet.write_denied",
    zh="无法写入“{path}”：没有写入权限，或该文件正在 Excel/WPS 中打开。请关闭该文件或换一个位置后重试。",
    en="Cannot write '{path}': permission is denied or the file is open in Excel/WPS. Close "
    "it or choose another place, then try again.",
)
WRITE_FAILED = define(
    "sheet.write_failed",
    zh="写入“{path}”失败（{reason}）。原有文件没有被改动；请检查磁盘空间后重试。",
    en="Writing '{path}' failed ({reason}). Any existing file was left unchanged; check the "
    "free disk space and try again.",
)

WRITABLE_EXTENSIONS: tuple[str, ...] = (".xlsx", ".csv")
#: What makes Excel, WPS or LibreOffice treat a typed cell as a formula (OWASP's list).
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
# Skipped when looking for a trigger: " =1+1" or "\x01=cmd" must not slip through either.
_INVISIBLE_LEAD = "".join(map(chr, range(33))) + "\u00a0\u3000\ufeff\u200b"
_PLAIN_TYPES = (bool, int, float, Decimal, datetime, date, time)


def neutralise_cell(value: object) -> object:
    """Make ``value`` safe to put in a cell: text that could start a formula gets a ``'``.

    The quote is visible, which is the point: "=HYPERLINK(...)" in a name field is shown as
    text instead of being run when a colleague opens the file. Dates and numbers stay what
    they are so a spreadsheet can still sort them; None becomes an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, _PLAIN_TYPES):
        return value
    text = str(value)
    lead = text.lstrip(_INVISIBLE_LEAD)
    if text.startswith(FORMULA_TRIGGERS) or lead.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def write_sheet(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write ``headers`` and ``rows`` to ``path`` (.xlsx or .csv); return the rows written.

    Rows are consumed one at a time, so a generator over a large query streams straight to
    disk. If the rows raise (a cancelled export, a database error) the target is untouched.
    """
    path = Path(path)
    write_format = _FORMATS.get(path.suffix.lower())
    if write_format is None:
        fail(UNSUPPORTED_EXTENSION, suffix=path.suffix or path.name)
    folder = path.parent
    if not folder.is_dir():
        fail(FOLDER_MISSING, folder=str(folder))
    try:
        # mkstemp makes the file readable by its owner only: exports hold ID numbers.
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        _fail_write(path, exc)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as fh:
            count = write_format(fh, headers, rows)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except OSError as exc:
        _fail_write(path, exc)
    finally:
        temp.unlink(missing_ok=True)
    return count


def _fail_write(path: Path, exc: OSError) -> NoReturn:
    if isinstance(exc, PermissionError):
        fail(WRITE_DENIED, path=str(path))
    fail(WRITE_FAILED, path=str(path), reason=exc.strerror or type(exc).__name__)


def _write_csv(fh: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    try:
        writer = csv.writer(text)  # Excel's dialect: commas, CRLF, quotes only where needed
        writer.writerow([_csv_text(header) for header in headers])
        count = 0
        for row in rows:
            writer.writerow([_csv_text(cell) for cell in row])
            count += 1
        text.flush()
    finally:
        text.detach()  # the caller still has to fsync and close the binary file
    return count


def _csv_text(value: object) -> object:
    value = neutralise_cell(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")  # Excel reads "2026-03-01 08:30:00", not the "T" form
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _write_xlsx(fh: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    # Widths and the frozen header must be set before the first row in write-only mode.
    for column, header in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(column)].width = _column_width(str(header))
    sheet.freeze_panes = "A2"
    count = 0
    try:
        sheet.append([_xlsx_value(header) for header in headers])
        for row in rows:
            sheet.append([_xlsx_value(cell) for cell in row])
            count += 1
    except BaseException:
        _discard(sheet)
        raise
    workbook.save(fh)
    return count


def _discard(sheet: Any) -> None:
    """Remove the temporary file openpyxl streams rows into, now rather than at exit.

    A cancelled export in a long-running window would otherwise leave a file of personal
    data in the system temp folder until the program closes.
    """
    try:
        sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            writer.cleanup()
    except Exception:  # best effort while another error is on its way up; openpyxl retries at exit
        pass


def _xlsx_value(value: object) -> object:
    if value is None:
        return None  # a truly empty cell, not an empty string Excel would count as data
    value = neutralise_cell(value)
    if isinstance(value, datetime | time) and value.tzinfo is not None:
        return value.isoformat()  # Excel has no time zones; keep the instant as text
    if isinstance(value, str):
        # Control characters make the workbook unreadable to Excel and carry no meaning;
        # removing them cannot expose a formula, as the quote (if any) is already in front.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _column_width(header: str) -> float:
    """Room for the header: CJK characters take two columns' worth of width in Excel."""
    return float(min(max(display_width(header) + 2, 10), 40))


_Writer = Callable[[IO[bytes], Sequence[str], Iterable[Sequence[object]]], int]
_FORMATS: dict[str, _Writer] = {".xlsx": _write_xlsx, ".csv": _write_csv}
