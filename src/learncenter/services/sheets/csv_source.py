"""CSV and tab-separated text, decoded as the office that saved it meant.

Excel and WPS on Chinese Windows save "CSV" in GBK/GB18030, Excel's "CSV UTF-8" adds a BOM,
"Unicode text" is UTF-16 with tabs, and Macs and web systems write plain UTF-8. Guessing
from a sample would misread a file whose first thousand rows are ASCII, so the whole file is
first checked against the candidate encoding in small chunks (fast, constant memory) and the
rows are then streamed through a text wrapper.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Literal

from learncenter.domain.messages import define
from learncenter.services.sheets.reader import (
    HEAD_BYTES,
    NOT_SPREADSHEET,
    UNREADABLE,
    Record,
    fail,
)

UNKNOWN_ENCODING = define(
    "sheet.unknown_encoding",
    zh="不认识的文字编码“{encoding}”。常用的编码有 UTF-8、GB18030（兼容 GBK）、UTF-16、Big5。",
    en="Unknown text encoding '{encoding}'. Common ones are UTF-8, GB18030 (covers GBK), "
    "UTF-16 and Big5.",
)
UNDECODABLE = define(
    "sheet.undecodable",
    zh="无法识别文件“{path}”的文字编码：它既不是 UTF-8，也不是 GB18030/GBK（约从第 {line} 行起"
    "无法识别）。请用 Excel 或 WPS 打开它，另存为“CSV UTF-8”或 Excel 工作簿（.xlsx）后再导入；"
    "如果确知它的编码，也可以在导入时指定（命令行用 --encoding，例如 --encoding utf-16 或 "
    "--encoding cp1252）。",
    en="The text encoding of '{path}' is neither UTF-8 nor GB18030/GBK (unreadable from about "
    "line {line}). Open it in Excel or WPS, save it as 'CSV UTF-8' or as an Excel workbook "
    "(.xlsx) and import that; if you know its encoding, give it when importing (on the "
    "command line with --encoding, e.g. --encoding utf-16 or --encoding cp1252).",
)
WRONG_ENCODING = define(
    "sheet.wrong_encoding",
    zh="文件“{path}”不能按 {encoding} 编码读取（约第 {line} 行无法识别）。"
    "请换一种编码，或不指定编码，让程序自动识别。",
    en="File '{path}' cannot be read as {encoding} (unreadable at about line {line}). Try "
    "another encoding, or give none and let it be detected.",
)
MARKUP_FILE = define(
    "sheet.markup_file",
    zh="“{path}”实际上是网页（HTML/XML）格式，只是扩展名像表格。请用 Excel 或 WPS 打开，"
    "“另存为”Excel 工作簿（.xlsx）后再导入。",
    en="'{path}' is really a web page (HTML/XML) with a spreadsheet extension. Open it in Excel "
    "or WPS, save it as an Excel workbook (.xlsx) and import that.",
)
BAD_ROW = define(
    "sheet.bad_row",
    zh="第 {row} 行无法读取，可能是引号没有配对，或单元格过长。请用 Excel 检查这一行，改正后重新保存。",
    en="Row {row} cannot be read; a quote may be unbalanced or a cell too long. Check the row "
    "in Excel, correct it and save again.",
)

GB18030_NAME = "GB18030/GBK"
_CHUNK = 256 * 1024
_DELIMITERS = ",\t;"
# Characters no spreadsheet text contains; many of them mean we are looking at binary data.
_CONTROL = frozenset(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127))
# Excel's "web page" and "XML spreadsheet 2003" exports, often named .xls by web systems.
_MARKUP_STARTS = ("<!doctype html", "<html", "<?xml", "<table", "<meta", "mime-version:")


def check_encoding(encoding: str) -> str:
    """The codec's canonical name; refuse names Python lacks or codecs that are not text."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        fail(UNKNOWN_ENCODING, encoding=encoding)
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64 and the like
        fail(UNKNOWN_ENCODING, encoding=encoding)
    return info.name


class CsvSource:
    """A delimited text file; each pass over it opens the file anew."""

    format: Literal["csv"] = "csv"

    def __init__(self, path: Path, fh: IO[bytes], head: bytes, encoding: str | None) -> None:
        self._path = path
        try:
            self._codec, self.encoding, self._errors = _choose_encoding(path, fh, head, encoding)
        finally:
            fh.close()
        sample = head.decode(self._codec, errors="ignore")
        if len(head) == HEAD_BYTES:  # the sample was cut; do not sniff a half line
            sample = sample[: sample.rfind("\n") + 1] or sample
        _reject_non_table(path, sample)
        self.delimiter = guess_delimiter(sample)

    def sheet_names(self) -> Sequence[str | None]:
        return [None]

    def records(self, sheet: str | None) -> Iterator[Record]:
        number = 0
        try:
            with self._path.open("rb") as raw, io.TextIOWrapper(
                raw, encoding=self._codec, errors=self._errors, newline=""
            ) as text:
                for number, cells in enumerate(csv.reader(text, delimiter=self.delimiter), 1):
                    yield number, tuple(cells)
        except csv.Error:
            fail(BAD_ROW, row=number + 1)
        except UnicodeDecodeError:  # the file changed since it was checked
            fail(UNDECODABLE, path=str(self._path), line=number + 1)
        except OSError as exc:
            fail(UNREADABLE, path=str(self._path), reason=exc.strerror or type(exc).__name__)

    def convert(self, cell: object, field_name: str) -> tuple[object, bool]:
        text = "" if cell is None else str(cell).strip()
        return (text or None), False

    def close(self) -> None:
        """Nothing stays open between passes; each pass closes its own file."""


def guess_delimiter(sample: str) -> str:
    """Comma, tab or semicolon, whichever the sample is laid out with; comma if unsure.

    csv.Sniffer judges by consistency across lines, but it can be fooled by commas inside
    addresses, so its answer is accepted only if the header line actually contains it.
    """
    lines = [line for line in sample.splitlines() if line.strip()][:50]
    if not lines:
        return ","
    try:
        sniffed: str | None = csv.Sniffer().sniff("\n".join(lines), _DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    header = lines[0]
    if sniffed and sniffed in header:
        return sniffed
    counts = {delimiter: header.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _choose_encoding(
    path: Path, fh: IO[bytes], head: bytes, given: str | None
) -> tuple[str, str, str]:
    """(codec, name to show, decode error policy) for the file, or a SheetError."""
    if given is not None:
        codec = check_encoding(given)
        if codec == "utf-8" and head.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
        bad_line, cut = _scan(path, fh, codec)
        if bad_line is not None:
            fail(WRONG_ENCODING, path=str(path), encoding=given, line=bad_line)
        return codec, given, _policy(cut)
    if head.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", "UTF-8-BOM")]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", "UTF-16")]
    elif b"\x00" in head:
        fail(NOT_SPREADSHEET, path=str(path))
    else:
        candidates = [("utf-8", "UTF-8"), ("gb18030", GB18030_NAME)]
    bad_line = 1
    for codec, name in candidates:
        bad_line, cut = _scan(path, fh, codec)
        if bad_line is None:
            return codec, name, _policy(cut)
    if len(candidates) == 1:  # a BOM promised this encoding and the file broke it
        fail(WRONG_ENCODING, path=str(path), encoding=candidates[0][1], line=bad_line)
    fail(UNDECODABLE, path=str(path), line=bad_line)


def _policy(cut: bool) -> str:
    # The whole file decoded except, possibly, a character cut off at its very end by an
    # interrupted copy; dropping exactly that lets the rows before it be read.
    return "ignore" if cut else "strict"


def _scan(path: Path, fh: IO[bytes], codec: str) -> tuple[int | None, bool]:
    """Decode the file in chunks: (line of the first undecodable byte, ends mid-character)."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    lines = 0
    fh.seek(0)
    try:
        while chunk := fh.read(_CHUNK):
            pending = decoder.getstate()[0]
            try:
                lines += decoder.decode(chunk).count("\n")
            except UnicodeDecodeError as exc:
                good = (pending + chunk)[: exc.start].decode(codec, errors="ignore")
                return lines + good.count("\n") + 1, False
    except OSError as exc:
        fail(UNREADABLE, path=str(path), reason=exc.strerror or type(exc).__name__)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None, True
    return None, False


def _reject_non_table(path: Path, sample: str) -> None:
    start = sample.lstrip("\ufeff \t\r\n").lower()
    if start.startswith(_MARKUP_STARTS):
        fail(MARKUP_FILE, path=str(path))
    control = sum(1 for char in sample if char in _CONTROL)
    if control > max(2, len(sample) // 100):
        fail(NOT_SPREADSHEET, path=str(path))
