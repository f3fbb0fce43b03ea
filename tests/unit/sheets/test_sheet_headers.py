"""Header matching: the column names offices really use must find their field."""

from __future__ import annotations

import pytest

from learncenter.domain.candidate import CANDIDATE_FIELDS
from learncenter.services.sheets import SheetError, field_for_header, map_headers

ALIASES = [
    ("姓名", "name"),
    ("name", "name"),
    ("身份证号", "id_number"),
    ("身份证号码", "id_number"),
    ("证件号码", "id_number"),
    ("公民身份号码", "id_number"),
    ("ID number", "id_number"),
    ("id_number", "id_number"),
    ("性别", "gender"),
    ("gender", "gender"),
    ("出生日期", "birth_date"),
    ("birth date", "birth_date"),
    ("民族", "ethnicity"),
    ("ethnicity", "ethnicity"),
    ("政治面貌", "political_status"),
    ("political status", "political_status"),
    ("层次", "level"),
    ("报考层次", "level"),
    ("level", "level"),
    ("专业代码", "major_code"),
    ("major code", "major_code"),
    ("专业名称", "major_name"),
    ("专业", "major_name"),
    ("major", "major_name"),
    ("学习形式", "learning_form"),
    ("learning form", "learning_form"),
    ("报名号", "registration_no"),
    ("registration number", "registration_no"),
    ("招生批次", "term"),
    ("批次", "term"),
    ("入学批次", "term"),
    ("term", "term"),
    ("联系电话", "phone"),
    ("手机", "phone"),
    ("phone", "phone"),
    ("通讯地址", "address"),
    ("地址", "address"),
    ("address", "address"),
    ("前置学历", "prior_education"),
    ("原学历", "prior_education"),
    ("prior education", "prior_education"),
    ("毕业院校", "prior_school"),
    ("原毕业学校", "prior_school"),
    ("prior school", "prior_school"),
    ("毕业证书编号", "prior_certificate_no"),
    ("证书编号", "prior_certificate_no"),
    ("prior certificate number", "prior_certificate_no"),
    ("毕业日期", "prior_graduation_date"),
    ("graduation date", "prior_graduation_date"),
    ("学信网在线验证码", "chsi_code"),
    ("在线验证码", "chsi_code"),
    ("CHSI code", "chsi_code"),
    ("认证报告编号", "cert_report_no"),
    ("certification report number", "cert_report_no"),
]


@pytest.mark.parametrize(("header", "field"), ALIASES)
def test_known_headers_map_to_their_field(header: str, field: str) -> None:
    assert field_for_header(header) == field


@pytest.mark.parametrize("field", CANDIDATE_FIELDS)
def test_every_field_name_is_accepted_as_a_header(field: str) -> None:
    assert field_for_header(field) == field
    assert field_for_header(field.upper()) == field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        (" 姓 名 ", "name"),
        ("*姓名", "name"),
        ("姓名*", "name"),
        ("＊身份证号", "id_number"),
        ("身份证号（必填）", "id_number"),
        ("性别（男/女）", "gender"),
        ("出生日期(yyyy-mm-dd)", "birth_date"),
        ("出生日期【格式：2001-02-03】", "birth_date"),
        ("ID NUMBER", "id_number"),
        ("Id-Number", "id_number"),
        ("Ｎａｍｅ", "name"),  # full-width letters from a Chinese input method
        ("姓名：", "name"),
        ("\u3000联系电话\u3000", "phone"),
        ("Birth_Date", "birth_date"),
    ],
)
def test_matching_tolerates_spacing_markers_notes_and_width(header: str, field: str) -> None:
    assert field_for_header(header) == field


@pytest.mark.parametrize("header", ["备注", "序号", "", "   ", "*", None, "ID"])
def test_other_headers_map_to_nothing(header: str | None) -> None:
    assert field_for_header(header) is None


def test_map_headers_reports_unmapped_and_duplicate_columns() -> None:
    headers = ["序号", "姓名", "身份证号", "手机", "备注", "联系电话", ""]
    mapping, unmapped = map_headers(headers)
    assert mapping == {1: "name", 2: "id_number", 3: "phone"}
    # The second phone column is not silently merged: the user is told it was not used.
    assert unmapped == ["序号", "备注", "联系电话"]


def test_either_key_column_is_enough() -> None:
    assert map_headers(["身份证号", "手机"])[0] == {0: "id_number", 1: "phone"}
    assert map_headers(["姓名"])[0] == {0: "name"}


def test_a_row_without_name_or_id_is_not_a_header() -> None:
    with pytest.raises(SheetError) as caught:
        map_headers(["张三", "11010519491231002X", "男"])
    error = caught.value
    assert error.problem.code == "sheet.no_header"
    assert "张三 | 11010519491231002X | 男" in error.text("zh")
    assert "第一行应是表头" in error.text("zh")
    assert "first row must be the header row" in error.text("en")
