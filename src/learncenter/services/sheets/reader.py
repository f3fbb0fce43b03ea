"""Read candidate lists from the spreadsheets learning centers actually receive.

Files come as XLSX or as CSV saved by Excel or WPS on Chinese Windows (GBK/GB18030), by a
Mac (UTF-8) or by a web system (UTF-8 with BOM), sometimes with the wrong extension. The
format is therefore decided from the content. Rows are streamed so that a list of a hundred
thousand candidates can be imported with a progress bar instead of a frozen window, and every
way a file can be wrong ends in a :class:`SheetError` that says what to do, never a traceback.

The format-specific parts live in ``xlsx_source`` and ``csv_source``; they import this module
for :class:`SheetError`, so :func:`open_sheet` imports them when called.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal, NoReturn, Protocol

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.services.sheets.headers import KEY_FIELDS, NO_HEADER, field_for_header, map_headers

NOT_FOUND = define(
    "sheet.not_found",
    zh="找不到文件“{path}”。请检查文件是否已被移动、改名或删除。",
    en="File '{path}' does not exist. Check whether it was moved, renamed or deleted.",
)
NOT_A_FILE = define(
    "sheet.not_a_file",
    zh="“{path}”是文件夹，不是文件。请选择要导入的表格文件。",
    en="'{path}' is a folder, not a file. Choose the spreadsheet file to import.",
)
UNREADABLE = define(
    "sheet.unreadable",
    zh="无法读取文件“{path}”（{reason}）。请确认有权限读取该文件，且它没有被其他程序占用。",
    en="File '{path}' cannot be read ({reason}). Check that you may read it and that no other "
    "program holds it open.",
)
EMPTY = define(
    "sheet.empty",
    zh="文件“{path}”是空的。请选择包含表头和数据的表格文件。",
    en="File '{path}' is empty. Choose a spreadsheet with a header row and data.",
)
NOT_SPREADSHEET = define(
    "sheet.not_spreadsheet",
    zh="“{path}”不是表格文件。请选择 Excel 工作簿（.xlsx）或 CSV 文件。",
    en="'{path}' is not a spreadsheet. Choose an Excel workbook (.xlsx) or a CSV file.",
)
NOT_SPREADSHEET_KIND = define(
    "sheet.not_spreadsheet_kind",
    zh="“{path}”是 {kind} 文件，不是可导入的表格。请选择 Excel 工作簿（.xlsx）或 CSV 文件。",
    en="'{path}' is a {kind} file, not a spreadsheet that can be imported. Choose an Excel "
    "workbook (.xlsx) or a CSV file.",
)
LEGACY_XLS = define(
    "sheet.legacy_xls",
    zh="“{path}”是旧版 Excel 97-2003 工作簿（.xls）或设置了打开密码的工作簿，无法直接读取。"
    "请用 Excel 或 WPS 打开（如有密码先取消），“另存为”Excel 工作簿（.xlsx）后再导入。",
    en="'{path}' is an old Excel 97-2003 workbook (.xls) or a password-protected workbook, "
    "which cannot be read directly. Open it in Excel or WPS, remove any password, save it as "
    "an Excel workbook (.xlsx) and import that.",
)
NUMBER_PRECISION = define(
    "sheet.number_precision",
    zh="第 {row} 行“{header}”列是数字格式，超过 15 位的数字已被 Excel 改写（末几位会变成 0），"
    "读到的值不可信。请把该列设置为“文本”格式，重新填写后再导入。",
    en="Row {row}, column '{header}' is stored as a number; Excel keeps only 15 digits, so the "
    "last digits were lost. Format the column as Text, enter the values again and re-import.",
)

#: Title lines ("2026年秋季新生名单") above the header are common; look this far for it.
HEADER_SEARCH_ROWS = 10
#: Enough of the start of a file to recognise its format and guess the CSV delimiter.
HEAD_BYTES = 64 * 1024

# Formats people pick by mistake, by their first bytes; the name goes into the message.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"%PDF-", "PDF"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
)
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Record = tuple[int, tuple[object, ...]]


class SheetError(DomainError):
    """A spreadsheet the user chose cannot be read or written; the problem says what to do."""


def fail(code: str, **params: object) -> NoReturn:
    """Raise a :class:`SheetError` for ``code``; keeps every raise site to one line."""
    raise SheetError(Problem(code, params=params))


@dataclass(frozen=True)
class SheetRow:
    """One data row. ``number`` is the row number Excel shows, so messages can point at it.

    ``values`` has a key for every mapped column (None where the cell is empty), so a missing
    key means "no such column" and None means "left blank". ``problems`` carries what the file
    format itself spoiled, such as an ID number Excel stored as a number.
    """

    number: int
    values: dict[str, object]
    raw: tuple[object, ...]
    problems: tuple[Problem, ...] = ()


class RowSource(Protocol):
    """What :class:`SheetReader` needs from a file format."""

    @property
    def format(self) -> Literal["xlsx", "csv"]: ...

    @property
    def encoding(self) -> str | None:
        """The text encoding as shown to the user; None for a workbook."""

    def sheet_names(self) -> Sequence[str | None]:
        """Sheets worth looking at, most likely first; ``[None]`` for a text file."""

    def records(self, sheet: str | None) -> Iterator[Record]:
        """A fresh pass over every row as (Excel row number, cell values)."""

    def convert(self, cell: object, field_name: str) -> tuple[object, bool]:
        """The cell as a field value, and whether the file had already lost digits of it."""

    def close(self) -> None: ...


class SheetReader:
    """An open spreadsheet whose header row has been found and mapped; see :func:`open_sheet`."""

    def __init__(self, path: Path, source: RowSource) -> None:
        self.path = path
        self._source = source
        self.format: Literal["xlsx", "csv"] = source.format
        self.encoding: str | None = source.encoding
        self._passes: list[Iterator[SheetRow]] = []
        self._pending: Iterator[Record] | None = None
        no_header: SheetError | None = None
        for sheet in source.sheet_names():
            records = source.records(sheet)
            try:
                self.header_row, self.headers = self._find_header(records)
            except SheetError as exc:
                _close(records)
                if no_header is None and exc.problem.code == NO_HEADER:
                    no_header = exc
                continue
            except BaseException:
                _close(records)
                raise
            self.sheet_name = sheet
            self.mapping, self.unmapped_headers = map_headers(self.headers)
            self._pending = records
            return
        raise no_header or SheetError(Problem(EMPTY, params={"path": str(path)}))

    def _find_header(self, records: Iterator[Record]) -> tuple[int, list[str]]:
        first: list[str] | None = None
        for seen, (number, raw) in enumerate(r for r in records if not _is_blank(r[1])):
            cells = _header_cells(raw)
            if any(field_for_header(cell) in KEY_FIELDS for cell in cells):
                return number, cells
            first = cells if first is None else first
            if seen + 1 >= HEADER_SEARCH_ROWS:
                break
        if first is None:
            fail(EMPTY, path=str(self.path))
        map_headers(first)  # raises: "the first row must be the header row; found ..."
        raise AssertionError("map_headers accepted a row without a name or ID column")

    def rows(self) -> Iterator[SheetRow]:
        """Stream the data rows; blank rows are skipped but keep their number.

        The first call continues the pass that found the header; each later call reads the
        file again from the start, so a caller may count the rows first and import second.
        """
        records, self._pending = self._pending, None
        if records is None:
            records = self._source.records(self.sheet_name)
        rows = self._rows(records)
        self._passes.append(rows)
        return rows

    def _rows(self, records: Iterator[Record]) -> Iterator[SheetRow]:
        try:
            for number, raw in records:
                if number > self.header_row and not _is_blank(raw):
                    yield self._make_row(number, raw)
        finally:
            _close(records)

    def _make_row(self, number: int, raw: tuple[object, ...]) -> SheetRow:
        values: dict[str, object] = {}
        problems: list[Problem] = []
        for index, field_name in self.mapping.items():
            cell = raw[index] if index < len(raw) else None
            values[field_name], digits_lost = self._source.convert(cell, field_name)
            if digits_lost:
                header = self.headers[index].strip()
                problems.append(Problem(NUMBER_PRECISION, field=field_name,
                                        params={"row": number, "header": header}))
        return SheetRow(number, values, raw, tuple(problems))

    def close(self) -> None:
        """Release the file: Windows will not let the user move or edit it while it is open."""
        for rows in self._passes:
            _close(rows)
        if self._pending is not None:
            _close(self._pending)
        self._passes, self._pending = [], None
        self._source.close()

    def __enter__(self) -> SheetReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_sheet(path: Path, *, encoding: str | None = None) -> SheetReader:
    """Open ``path`` as XLSX or CSV/TSV, decided from its content, and map its header row.

    ``encoding`` applies to text files only; without it UTF-8 (with or without BOM), UTF-16
    with BOM and GB18030/GBK are recognised. The caller must :meth:`~SheetReader.close` the
    reader (or use it in a ``with`` block).
    """
    from learncenter.services.sheets import csv_source, xlsx_source

    path = Path(path)
    if encoding is not None:
        csv_source.check_encoding(encoding)
    fh = _open_binary(path)
    try:
        try:
            head = fh.read(HEAD_BYTES)
        except OSError as exc:
            fail(UNREADABLE, path=str(path), reason=exc.strerror or type(exc).__name__)
        source: RowSource
        if head.startswith(_ZIP_SIGNATURES):
            source = xlsx_source.XlsxSource(path, fh)
        else:
            _reject_known_binary(path, head)
            source = csv_source.CsvSource(path, fh, head, encoding)
    except BaseException:
        fh.close()
        raise
    try:
        return SheetReader(path, source)
    except BaseException:
        source.close()
        raise


def _open_binary(path: Path) -> IO[bytes]:
    try:
        if path.is_dir():
            fail(NOT_A_FILE, path=str(path))
        return path.open("rb")
    except FileNotFoundError:
        fail(NOT_FOUND, path=str(path))
    except OSError as exc:
        fail(UNREADABLE, path=str(path), reason=exc.strerror or type(exc).__name__)


def _reject_known_binary(path: Path, head: bytes) -> None:
    if not head:
        fail(EMPTY, path=str(path))
    if head.startswith(_OLE2_SIGNATURE):
        fail(LEGACY_XLS, path=str(path))
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            fail(NOT_SPREADSHEET_KIND, path=str(path), kind=kind)


def _is_blank(raw: tuple[object, ...]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in raw)


def _header_cells(raw: tuple[object, ...]) -> list[str]:
    cells = ["" if cell is None else str(cell) for cell in raw]
    if cells:
        cells[0] = cells[0].lstrip("\ufeff")  # left when the user names "utf-8" for a BOM file
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _close(iterator: Iterator[object]) -> None:
    close = getattr(iterator, "close", None)
    if close is not None:
        close()
