"""Every way a chosen file can be wrong ends in one clear sentence, never a traceback."""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from learncenter.services.sheets import SheetError, open_sheet, xlsx_source


def error_for(path: Path, **kwargs: str) -> SheetError:
    with pytest.raises(SheetError) as caught:
        with open_sheet(path, **kwargs) as reader:
            list(reader.rows())
    error = caught.value
    for lang in ("zh", "en"):  # every placeholder filled, in both languages
        assert not re.search(r"\{\w+\}", error.text(lang)), error.text(lang)
    return error


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_zip(data: bytes, change: dict[str, bytes | None]) -> bytes:
    """Copy a zip, replacing (or with None dropping) the named parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            replacement = change.get(info.filename, src.read(info.filename))
            if replacement is not None:
                dst.writestr(info, replacement)
    return out.getvalue()


def test_missing_file(tmp_path: Path) -> None:
    error = error_for(tmp_path / "没有这个文件.xlsx")
    assert error.problem.code == "sheet.not_found"
    assert "没有这个文件.xlsx" in error.text("zh")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    assert error_for(tmp_path).problem.code == "sheet.not_a_file"


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b" , ,\n,,\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    error = error_for(path)
    assert error.problem.code == "sheet.empty"
    assert "是空的" in error.text("zh")


def test_empty_workbook(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(xlsx_bytes([]))
    assert error_for(path).problem.code == "sheet.empty"


def test_png_renamed_to_csv(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(png_bytes())
    error = error_for(path)
    assert (error.problem.code, error.problem.params["kind"]) == ("sheet.not_spreadsheet_kind",
                                                                  "PNG")


def test_random_binary(tmp_path: Path) -> None:
    path = tmp_path / "noise.csv"
    path.write_bytes(os.urandom(4096))
    assert error_for(path).problem.code in {"sheet.not_spreadsheet", "sheet.undecodable"}


def test_word_document(tmp_path: Path) -> None:
    path = tmp_path / "名单.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    error = error_for(path)
    assert error.problem.code == "sheet.not_spreadsheet_kind"
    assert "Word" in error.text("zh")


def test_old_xls_or_encrypted_workbook(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    error = error_for(path)
    assert error.problem.code == "sheet.legacy_xls"
    assert "另存为" in error.text("zh")


def test_html_saved_with_xls_extension(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>",
                    encoding="utf-8")
    assert error_for(path).problem.code == "sheet.markup_file"


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_truncated_xlsx(tmp_path: Path, keep: float) -> None:
    data = xlsx_bytes([["姓名", "身份证号"], *[["张三", str(i)] for i in range(500)]])
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: int(len(data) * keep)])
    error = error_for(path)
    assert error.problem.code == "sheet.damaged"
    assert "没有完整复制" in error.text("zh")
    assert "not copied completely" in error.text("en")


def test_xlsx_with_a_corrupt_sheet_part(tmp_path: Path) -> None:
    data = rewrite_zip(xlsx_bytes([["姓名"], ["张三"]]),
                       {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"})
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(data)
    assert error_for(path).problem.code == "sheet.damaged"


def test_workbook_without_sheets(tmp_path: Path) -> None:
    data = xlsx_bytes([["姓名"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook_xml = archive.read("xl/workbook.xml")
    no_sheets = re.sub(rb"<sheets>.*?</sheets>", b"<sheets/>", workbook_xml, flags=re.S)
    path = tmp_path / "nosheets.xlsx"
    path.write_bytes(rewrite_zip(data, {"xl/workbook.xml": no_sheets}))
    assert error_for(path).problem.code == "sheet.no_sheets"


def test_zip_bomb_is_refused_before_expanding(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_source, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    data = rewrite_zip(xlsx_bytes([["姓名"]]), {"xl/media/padding.bin": None})
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(2 * 1024 * 1024))
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 100_000
    assert error_for(path).problem.code == "sheet.too_large"


def test_missing_name_and_id_columns(tmp_path: Path) -> None:
    path = tmp_path / "noheader.csv"
    path.write_text("张三,11010519491231002X,男\n李四,110105194912310021,女\n", encoding="utf-8")
    error = error_for(path)
    assert error.problem.code == "sheet.no_header"
    assert "张三 | 11010519491231002X | 男" in error.text("zh")


def test_undecodable_text_names_the_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("name,ID number\nAnna,1\nJosé,2\n".encode("latin-1"))
    error = error_for(path)
    assert error.problem.code == "sheet.undecodable"
    assert error.problem.params["line"] == 3
    assert "--encoding" in error.text("zh") and "GB18030/GBK" in error.text("zh")
    assert "--encoding" in error.text("en")


def test_wrong_encoding_given(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("姓名,身份证号\n张三,1\n".encode("gbk"))
    error = error_for(path, encoding="utf-8")
    assert error.problem.code == "sheet.wrong_encoding"
    assert error.problem.params == {"path": str(path), "encoding": "utf-8", "line": 1}


@pytest.mark.parametrize("name", ["gbkk", "no-such-codec", "rot13", "base64"])
def test_unknown_encoding_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text("姓名\n张三\n", encoding="utf-8")
    error = error_for(path, encoding=name)
    assert error.problem.code == "sheet.unknown_encoding"
    assert name in error.text("zh")


def test_unbalanced_quote_swallowing_the_file(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    rest = "".join(f"李{i},{i}\n" for i in range(40_000))
    path.write_text(f'姓名,身份证号\n张三,1\n"王五,2\n{rest}', encoding="utf-8")
    with open_sheet(path) as reader:
        rows = reader.rows()
        assert next(rows).values["name"] == "张三"
        with pytest.raises(SheetError) as caught:
            next(rows)
    assert caught.value.problem.code == "sheet.bad_row"
    assert caught.value.problem.params["row"] == 3
