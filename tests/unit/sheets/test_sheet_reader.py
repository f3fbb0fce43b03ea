"""Reading real CSV and XLSX files the way offices produce them."""

from __future__ import annotations

import tracemalloc
from datetime import date, datetime
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from learncenter.services.sheets import SheetReader, SheetRow, open_sheet

HEADER = ["姓名", "身份证号", "性别", "出生日期", "民族", "联系电话"]
ROWS = [
    ["张三", "11010519491231002X", "男", "1949-12-31", "汉族", "13800138000"],
    ["𠮷祥", "110105200102030011", "女", "2001-02-03", "汉族", "13900139000"],
    ["阿依古丽·买买提", "650102199003070028", "女", "1990-03-07", "维吾尔族", ""],
]


def write_text(
    path: Path, rows: Sequence[Sequence[str]], encoding: str, delimiter: str = ","
) -> Path:
    lines = [delimiter.join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], title: str = "名单") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def read_all(path: Path, **kwargs: str) -> tuple[SheetReader, list[SheetRow]]:
    with open_sheet(path, **kwargs) as reader:
        return reader, list(reader.rows())


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8-BOM"), ("gb18030", "GB18030/GBK")],
)
def test_csv_with_chinese_headers_in_each_common_encoding(
    tmp_path: Path, encoding: str, reported: str
) -> None:
    path = write_text(tmp_path / "名单.csv", [HEADER, *ROWS], encoding)
    reader, rows = read_all(path)
    assert (reader.format, reader.encoding) == ("csv", reported)
    assert reader.headers == HEADER
    assert reader.mapping == {0: "name", 1: "id_number", 2: "gender", 3: "birth_date",
                              4: "ethnicity", 5: "phone"}
    assert [row.values["name"] for row in rows] == ["张三", "𠮷祥", "阿依古丽·买买提"]
    assert rows[0].values["id_number"] == "11010519491231002X"
    assert rows[2].values["phone"] is None  # left blank
    assert [row.number for row in rows] == [2, 3, 4]


def test_gbk_csv_as_saved_by_excel_on_chinese_windows(tmp_path: Path) -> None:
    bmp_rows = [ROWS[0], ROWS[2]]  # GBK cannot hold 𠮷; GB18030 (tested above) can
    path = write_text(tmp_path / "gbk.csv", [HEADER, *bmp_rows], "gbk")
    reader, rows = read_all(path)
    assert reader.encoding == "GB18030/GBK"
    assert rows[1].values["name"] == "阿依古丽·买买提"
    assert rows[1].values["ethnicity"] == "维吾尔族"


def test_given_encoding_is_used(tmp_path: Path) -> None:
    path = write_text(tmp_path / "gbk.csv", [HEADER, ROWS[0]], "gbk")
    reader, rows = read_all(path, encoding="gbk")
    assert reader.encoding == "gbk"
    assert rows[0].values["name"] == "张三"


def test_latin1_file_reads_with_the_right_encoding_given(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("name,ID number\nJosé Müller,110105194912310021\n".encode("latin-1"))
    _, rows = read_all(path, encoding="latin-1")
    assert rows[0].values["name"] == "José Müller"


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_and_semicolon_delimited_text(tmp_path: Path, delimiter: str) -> None:
    path = write_text(tmp_path / "list.txt", [HEADER, *ROWS], "utf-8", delimiter)
    reader, rows = read_all(path)
    assert reader.headers == HEADER
    assert rows[1].values == {"name": "𠮷祥", "id_number": "110105200102030011", "gender": "女",
                              "birth_date": "2001-02-03", "ethnicity": "汉族",
                              "phone": "13900139000"}


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    text = "\r\n".join("\t".join(row) for row in [HEADER, *ROWS])
    path.write_bytes(text.encode("utf-16"))  # with BOM, as Excel writes it
    reader, rows = read_all(path)
    assert reader.encoding == "UTF-16"
    assert rows[1].values["name"] == "𠮷祥"


def test_quoted_cells_keep_commas_and_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text('姓名,身份证号,通讯地址\n张三,110105194912310021,"北京市,朝阳区\n某街1号"\n'
                    "李四,110105194912310048,上海市\n", encoding="utf-8")
    _, rows = read_all(path)
    assert rows[0].values["address"] == "北京市,朝阳区\n某街1号"
    # Excel shows the two-line cell in one row, so 李四 is on row 3 although on line 4.
    assert [row.number for row in rows] == [2, 3]


def test_xlsx_with_chinese_headers_dates_and_numbers(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名单.xlsx", [
        ["姓名", "身份证号", "出生日期", "毕业日期", "联系电话", "专业代码"],
        ["张三", "11010519491231002X", datetime(1949, 12, 31), date(2010, 7, 1),
         13800138000, "080901"],
        ["𠮷祥", "110105200102030011", datetime(2001, 2, 3, 8, 30), None, 13900139000.0,
         "080902"],
    ])
    reader, rows = read_all(path)
    assert (reader.format, reader.encoding, reader.sheet_name) == ("xlsx", None, "名单")
    first, second = rows
    assert first.values == {"name": "张三", "id_number": "11010519491231002X",
                            "birth_date": date(1949, 12, 31),
                            "prior_graduation_date": date(2010, 7, 1),
                            "phone": "13800138000", "major_code": "080901"}
    assert second.values["birth_date"] == datetime(2001, 2, 3, 8, 30)  # time kept when set
    assert second.values["prior_graduation_date"] is None
    assert second.values["phone"] == "13900139000"  # not "13900139000.0"
    assert first.raw[2] == datetime(1949, 12, 31)
    assert first.problems == ()


def test_date_serial_in_a_general_formatted_cell_becomes_a_date(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "serial.xlsx", [["姓名", "出生日期"], ["张三", 36925]])
    _, rows = read_all(path)
    assert rows[0].values["birth_date"] == date(2001, 2, 3)


def test_id_number_stored_as_a_number_is_reported(tmp_path: Path) -> None:
    # What Excel keeps when an ID is typed into a General cell: 15 digits, then zeros.
    path = write_xlsx(tmp_path / "numeric.xlsx",
                      [["姓名", "身份证号"], ["张三", 110105194912310000]])
    _, rows = read_all(path)
    (problem,) = rows[0].problems
    assert (problem.code, problem.field) == ("sheet.number_precision", "id_number")
    assert "第 2 行“身份证号”列" in problem.text("zh")
    assert rows[0].values["id_number"] == "110105194912310000"


def test_english_headers(tmp_path: Path) -> None:
    path = write_text(tmp_path / "en.csv", [
        ["Name", "ID Number", "Gender", "Birth Date", "Major Code", "Major", "Term"],
        ["Zhang San", "11010519491231002X", "M", "1949-12-31", "080901", "Computing", "2026A"],
    ], "utf-8")
    reader, rows = read_all(path)
    assert sorted(reader.mapping.values()) == sorted(
        ["name", "id_number", "gender", "birth_date", "major_code", "major_name", "term"])
    assert rows[0].values["term"] == "2026A"


def test_unknown_columns_are_reported_as_unmapped(tmp_path: Path) -> None:
    path = write_text(tmp_path / "extra.csv", [["序号", "姓名", "身份证号", "备注", "班主任"],
                                               ["1", "张三", "11010519491231002X", "补录", "王老师"]],
                      "utf-8")
    reader, rows = read_all(path)
    assert reader.unmapped_headers == ["序号", "备注", "班主任"]
    assert rows[0].values == {"name": "张三", "id_number": "11010519491231002X"}
    assert rows[0].raw == ("1", "张三", "11010519491231002X", "补录", "王老师")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_blank_rows_are_skipped_but_numbering_follows_excel(tmp_path: Path, suffix: str) -> None:
    table: list[list[str]] = [["姓名", "身份证号"], ["张三", "1"], ["", ""], [], ["李四", "2"],
                              [" ", ""], ["王五", "3"]]
    if suffix == ".csv":
        path = write_text(tmp_path / "gaps.csv", table, "utf-8")
    else:
        path = write_xlsx(tmp_path / "gaps.xlsx", [[c or None for c in row] for row in table])
    _, rows = read_all(path)
    assert [(row.number, row.values["name"]) for row in rows] == [(2, "张三"), (5, "李四"),
                                                                   (7, "王五")]


def test_title_rows_above_the_header_keep_numbering(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "titled.xlsx", [["2026年秋季新生名单"], [], ["姓名", "身份证号"],
                                                  ["张三", "11010519491231002X"]])
    reader, rows = read_all(path)
    assert reader.header_row == 3
    assert [row.number for row in rows] == [4]


def test_short_and_long_rows(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("姓名,身份证号,性别\n张三\n李四,2,女,多余,更多\n", encoding="utf-8")
    _, rows = read_all(path)
    assert rows[0].values == {"name": "张三", "id_number": None, "gender": None}
    assert rows[1].values == {"name": "李四", "id_number": "2", "gender": "女"}


def test_header_only_file_has_no_rows(tmp_path: Path) -> None:
    path = write_text(tmp_path / "header.csv", [HEADER], "utf-8")
    reader, rows = read_all(path)
    assert reader.headers == HEADER
    assert rows == []


def test_data_sheet_is_found_behind_an_instructions_sheet(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "填表说明"
    workbook.active.append(["请按模板填写，带*的为必填项"])
    data = workbook.create_sheet("报名数据")
    data.append(["*姓名", "*身份证号"])
    data.append(["张三", "11010519491231002X"])
    workbook.save(tmp_path / "template.xlsx")
    reader, rows = read_all(tmp_path / "template.xlsx")
    assert reader.sheet_name == "报名数据"
    assert rows[0].values["name"] == "张三"


def test_format_comes_from_content_not_extension(tmp_path: Path) -> None:
    xlsx_named_csv = write_xlsx(tmp_path / "really_xlsx.csv", [["姓名"], ["张三"]])
    csv_named_xlsx = write_text(tmp_path / "really_csv.xlsx", [["姓名"], ["李四"]], "utf-8")
    assert read_all(xlsx_named_csv)[0].format == "xlsx"
    assert read_all(csv_named_xlsx)[0].format == "csv"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_rows_can_be_read_twice(tmp_path: Path, suffix: str) -> None:
    table = [["姓名", "身份证号"], ["张三", "1"], ["李四", "2"]]
    path = (write_text(tmp_path / "twice.csv", table, "utf-8") if suffix == ".csv"
            else write_xlsx(tmp_path / "twice.xlsx", table))
    with open_sheet(path) as reader:
        counted = sum(1 for _ in reader.rows())
        names = [row.values["name"] for row in reader.rows()]
    assert counted == 2
    assert names == ["张三", "李四"]


def test_csv_cut_off_mid_row_is_read_as_far_as_it_goes(tmp_path: Path) -> None:
    data = "姓名,身份证号,通讯地址\n张三,110105194912310021,北京市\n李四,1101051949".encode()
    path = tmp_path / "cut.csv"
    path.write_bytes(data)
    _, rows = read_all(path)
    assert [row.values["id_number"] for row in rows] == ["110105194912310021", "1101051949"]
    # Cut inside a multi-byte character: the rows before it still come through.
    path.write_bytes("姓名,通讯地址\n张三,北京市\n李四,上海".encode()[:-2])
    reader, rows = read_all(path)
    assert reader.encoding == "UTF-8"
    assert [row.values.get("address") for row in rows] == ["北京市", "上"]


def test_csv_rows_are_streamed_not_loaded_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    line = "张三{0},1101051949123{0:05d},汉族,北京市朝阳区某某街道某某小区{0}号楼\n"
    with path.open("w", encoding="gb18030") as fh:
        fh.write("姓名,身份证号,民族,通讯地址\n")
        fh.writelines(line.format(i) for i in range(100_000))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        with open_sheet(path) as reader:
            first = next(reader.rows())
            _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert first.number == 2
    assert size > 6_000_000
    assert peak < size / 3, f"peak {peak} bytes for a {size}-byte file"


def test_close_ends_unfinished_passes(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "close.xlsx", [["姓名"], ["张三"], ["李四"]])
    reader = open_sheet(path)
    rows = reader.rows()
    assert next(rows).values["name"] == "张三"
    reader.close()
    assert list(rows) == []
