"""Exports: real files read back with openpyxl, the csv module and our own reader."""

from __future__ import annotations

import csv
import enum
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from learncenter.domain.candidate import Gender
from learncenter.services.sheets import SheetError, neutralise_cell, open_sheet, write_sheet
from learncenter.services.sheets.writer import FORMULA_TRIGGERS

HEADERS = ["姓名", "身份证号", "出生日期", "联系电话", "备注"]
ROWS: list[list[object]] = [
    ["张三", "11010519491231002X", date(1949, 12, 31), "13800138000", "=1+1"],
    ["𠮷祥", "110105200102030011", date(2001, 2, 3), None, '=HYPERLINK("http://x","点我")'],
    ["阿依古丽·买买提", "650102199003070028", date(1990, 3, 7), "+8613900139000", "@SUM(A1)"],
    ["李四", "110105194912310048", datetime(2020, 5, 6, 7, 8, 9), "-", "\t=cmd"],
]


def test_xlsx_round_trip_keeps_text_and_dates_and_defuses_formulas(tmp_path: Path) -> None:
    path = tmp_path / "导出.xlsx"
    assert write_sheet(path, HEADERS, ROWS) == 4
    workbook = load_workbook(path)  # full mode: would show formulas as formulas
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet["B2"].value == "11010519491231002X"
    assert sheet["B3"].data_type == "s"  # the 18 digits stay text, not a rounded number
    assert sheet["C2"].value == datetime(1949, 12, 31)
    assert sheet["C2"].is_date
    assert sheet["C5"].value == datetime(2020, 5, 6, 7, 8, 9)
    assert sheet["D3"].value is None
    for ref in ("E2", "E3"):
        assert sheet[ref].data_type == "s"
        assert str(sheet[ref].value).startswith("'=")
    assert sheet["D4"].value == "'+8613900139000"
    assert sheet["E4"].value == "'@SUM(A1)"
    assert sheet["E5"].value == "'\t=cmd"
    assert sheet.freeze_panes == "A2"


def test_csv_round_trip_is_utf8_with_bom_and_defuses_formulas(tmp_path: Path) -> None:
    path = tmp_path / "导出.csv"
    assert write_sheet(path, HEADERS, ROWS) == 4
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == HEADERS
    assert table[1] == ["张三", "11010519491231002X", "1949-12-31", "13800138000", "'=1+1"]
    assert table[2][0] == "𠮷祥"
    assert table[2][3] == ""
    assert table[2][4].startswith("'=")
    assert table[3][4] == "'@SUM(A1)"
    assert table[4][2] == "2020-05-06 07:08:09"
    assert table[4][4] == "'\t=cmd"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_gives_the_same_candidates(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"list{suffix}"
    write_sheet(path, HEADERS, ROWS)
    with open_sheet(path) as reader:
        rows = list(reader.rows())
    assert [row.values["name"] for row in rows] == ["张三", "𠮷祥", "阿依古丽·买买提", "李四"]
    assert [row.values["id_number"] for row in rows] == [r[1] for r in ROWS]
    expected_birth = date(1949, 12, 31) if suffix == ".xlsx" else "1949-12-31"
    assert rows[0].values["birth_date"] == expected_birth
    assert reader.unmapped_headers == ["备注"]


def test_values_of_other_types(tmp_path: Path) -> None:
    class Colour(enum.Enum):
        RED = "=red"

    path = tmp_path / "types.xlsx"
    aware = datetime(2026, 3, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    write_sheet(path, ["a", "b", "c", "d", "e", "f"],
                [[Gender.FEMALE, Colour.RED, -5, 1.5, aware, "bad\x01char"]])
    sheet = load_workbook(path).active
    assert [cell.value for cell in sheet[2]] == ["2", "'=red", -5, 1.5,
                                                 "2026-03-01T08:00:00+08:00", "badchar"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_interrupted_export_leaves_the_old_file_and_no_debris(tmp_path: Path,
                                                              suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    write_sheet(path, ["姓名"], [["旧数据"]])
    before = path.read_bytes()

    def failing_rows() -> Iterator[Sequence[object]]:
        for i in range(1000):
            if i == 500:
                raise RuntimeError("database went away")
            yield [f"学生{i}"]

    with pytest.raises(RuntimeError):
        write_sheet(path, ["姓名"], failing_rows())
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_interrupted_first_export_creates_nothing(tmp_path: Path) -> None:
    def failing_rows() -> Iterator[Sequence[object]]:
        yield ["张三"]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_sheet(tmp_path / "new.csv", ["姓名"], failing_rows())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["export.txt", "export.xls", "export"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    with pytest.raises(SheetError) as caught:
        write_sheet(tmp_path / name, ["姓名"], [])
    assert caught.value.problem.code == "sheet.unsupported_extension"
    assert ".xlsx" in caught.value.text("zh") and ".csv" in caught.value.text("zh")
    assert list(tmp_path.iterdir()) == []


def test_upper_case_extension_is_fine(tmp_path: Path) -> None:
    assert write_sheet(tmp_path / "EXPORT.XLSX", ["姓名"], [["张三"]]) == 1


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SheetError) as caught:
        write_sheet(tmp_path / "nowhere" / "export.csv", ["姓名"], [])
    assert caught.value.problem.code == "sheet.folder_missing"


def test_neutralise_cell_examples() -> None:
    assert neutralise_cell(None) == ""
    assert neutralise_cell("张三") == "张三"
    assert neutralise_cell("=1+1") == "'=1+1"
    assert neutralise_cell(" =1+1") == "' =1+1"
    assert neutralise_cell("-") == "'-"
    assert neutralise_cell("\r=x") == "'\r=x"
    assert neutralise_cell(-5) == -5
    assert neutralise_cell(date(2001, 2, 3)) == date(2001, 2, 3)
    assert neutralise_cell(Gender.MALE) == "1"


@given(st.text())
def test_neutralised_text_never_starts_a_formula(text: str) -> None:
    result = neutralise_cell(text)
    assert isinstance(result, str)
    assert not result.startswith(FORMULA_TRIGGERS)
    assert result in (text, "'" + text)  # nothing else about the text changes


_cell_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_cell_text, _cell_text), min_size=1, max_size=5))
def test_csv_round_trip_of_any_text(tmp_path_factory: pytest.TempPathFactory,
                                    rows: list[tuple[str, str]]) -> None:
    path = tmp_path_factory.mktemp("roundtrip") / "any.csv"
    write_sheet(path, ["姓名", "备注"], rows)
    with open_sheet(path) as reader:
        raw = [row.raw for row in reader.rows()]
    written = [tuple(str(neutralise_cell(cell)) for cell in row) for row in rows]
    assert raw == [row for row in written if any(cell.strip() for cell in row)]
