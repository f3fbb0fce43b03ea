from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from learncenter.domain.candidate import CandidateData, Gender, Level, PriorEducation
from learncenter.domain.messages import defined_codes
from learncenter.domain.validation import ValidationResult, parse_date, validate_candidate

TODAY = date(2026, 3, 1)


def row(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "term": "2026春",
        "name": "张三",
        "id_number": "360426199101010071",
        "level": "高起本",
        "major_code": "080901",
        "major_name": "计算机科学与技术",
    }
    base.update(changes)
    return base


def check(raw: dict[str, Any]) -> ValidationResult:
    result = validate_candidate(raw, today=TODAY)
    for problem in result.problems + result.warnings:
        assert problem.code in defined_codes()
        assert problem.field is not None
        for lang in ("zh", "en"):
            assert "{" not in problem.text(lang)
    return result


def fields(result: ValidationResult) -> dict[str | None, str]:
    return {p.field: p.code for p in result.problems}


def test_minimal_row_derives_birth_date_and_gender() -> None:
    result = check(row())
    assert result.ok and result.warnings == ()
    assert result.candidate == CandidateData(
        term="2026春", name="张三", gender=Gender.MALE, birth_date=date(1991, 1, 1),
        id_number="360426199101010071", level=Level.HIGH_TO_BACHELOR, major_code="080901",
        major_name="计算机科学与技术",
    )
    assert result.id_number is not None and result.id_number.value == "360426199101010071"


def test_messy_spreadsheet_row() -> None:
    result = check({
        "term": " ２０２６春 ",
        "name": " 阿依古丽 • 买买提 ",
        "gender": "女",
        "birth_date": datetime(1949, 12, 31, 0, 0),
        "id_number": " 110105 491231 002 ",
        "level": "专科起点本科",
        "major_code": 80901,
        "major_name": "  计算机科学与技术 ",
        "ethnicity": 5.0,
        "political_status": "团员",
        "learning_form": "网络教育",
        "registration_no": 2026110001,
        "phone": "138 0013 8000",
        "address": "北京市  朝阳区",
        "prior_education": "大专",
        "prior_school": "北京某大学",
        "prior_certificate_no": "10459 7201606 001234",
        "prior_graduation_date": "2016.07.01",
        "chsi_code": "abcd-1234-efgh-5678",
        "cert_report_no": "",
        "unrelated column": "ignored",
    })
    assert result.problems == ()
    candidate = result.candidate
    assert candidate is not None
    assert candidate.term == "2026春"
    assert candidate.name == "阿依古丽·买买提"
    assert candidate.id_number == "11010519491231002X"
    assert candidate.major_code == "080901"
    assert candidate.major_name == "计算机科学与技术"
    assert candidate.ethnicity == "05"
    assert candidate.political_status == "03"
    assert candidate.registration_no == "2026110001"
    assert candidate.phone == "13800138000"
    assert candidate.address == "北京市 朝阳区"
    assert candidate.prior_education is PriorEducation.JUNIOR_COLLEGE
    assert candidate.prior_certificate_no == "104597201606001234"
    assert candidate.prior_graduation_date == date(2016, 7, 1)
    assert candidate.chsi_code == "ABCD1234EFGH5678"
    assert [w.code for w in result.warnings] == ["validation.id_upgraded", "validation.major_code_padded"]


@pytest.mark.parametrize(
    "text",
    ["1990-01-05", "1990/1/5", "1990.01.05", "19900105", "1990年1月5日", "1990年01月05日", "１９９０－０１－０５",
     "1990-01-05 00:00:00", date(1990, 1, 5), datetime(1990, 1, 5, 8, 30), 19900105],
)
def test_date_spellings(text: object) -> None:
    assert parse_date(text, "birth_date") == date(1990, 1, 5)


@pytest.mark.parametrize("text", ["1990-02-30", "05/01/1990", "1990", "明年", 1.5])
def test_bad_dates(text: object) -> None:
    result = check(row(birth_date=text))
    assert fields(result)["birth_date"] in ("validation.date_format", "validation.not_text")
    assert result.candidate is None


def test_id_number_as_float_is_refused_with_a_clear_message() -> None:
    result = check(row(id_number=3.60426199101010e17))
    assert fields(result) == {"id_number": "validation.not_text"}
    assert "文本" in result.problems[0].text("zh") and "text" in result.problems[0].text("en")
    assert result.id_number is None


def test_id_number_as_int_is_read() -> None:
    assert check(row(id_number=360426199101010071)).ok


def test_birth_date_and_gender_must_agree_with_the_id_number() -> None:
    result = check(row(birth_date="1991-01-02", gender="女"))
    assert fields(result) == {"birth_date": "id.birth_date_mismatch", "gender": "id.gender_mismatch"}
    assert check(row(birth_date="1991年1月1日", gender="男")).ok


def test_all_problems_of_a_row_are_returned() -> None:
    result = check({
        "name": "张3",
        "id_number": "360426199101010072",
        "level": "博士",
        "major_code": "08-09",
        "phone": "12345",
        "ethnicity": "火星",
        "prior_graduation_date": "2030-01-01",
        "chsi_code": "123",
        "cert_report_no": "12",
        "prior_certificate_no": "ABC",
    })
    assert fields(result) == {
        "term": "validation.required",
        "name": "name.digits",
        "id_number": "id.checksum",
        "level": "codes.level_unknown",
        "major_code": "validation.major_code",
        "major_name": "validation.required",
        "phone": "validation.phone",
        "ethnicity": "codes.ethnicity_unknown",
        "prior_graduation_date": "validation.date_future",
        "chsi_code": "cert.chsi_code_format",
        "cert_report_no": "cert.report_no_format",
        "prior_certificate_no": "cert.format",
    }
    assert result.candidate is None


def test_missing_required_fields_name_each_field() -> None:
    result = check({})
    assert fields(result) == {f: "validation.required" for f in
                              ("id_number", "term", "name", "level", "major_code", "major_name")}
    assert result.problems[0].text("zh") == "请填写身份证号。"
    assert result.problems[0].text("en") == "Enter the ID number."


def test_birth_date_and_gender_may_be_missing_but_not_wrong() -> None:
    result = check(row(birth_date=None, gender=""))
    assert result.ok
    assert fields(check(row(gender="unknown"))) == {"gender": "codes.gender_unknown"}


def test_future_birth_date_in_the_row() -> None:
    result = check(row(birth_date="2027-01-01"))
    assert "validation.date_future" in [p.code for p in result.problems if p.field == "birth_date"]


@pytest.mark.parametrize("phone, stored", [
    ("13800138000", "13800138000"), (13800138000, "13800138000"), ("+86 138-0013-8000", "13800138000"),
    ("010-12345678", "010-12345678"), ("0755 1234567", "07551234567"), ("12345678", "12345678"),
])
def test_phone_numbers(phone: object, stored: str) -> None:
    result = check(row(phone=phone))
    assert result.candidate is not None and result.candidate.phone == stored


def test_certificate_disagreement_is_a_warning() -> None:
    result = check(row(level="专升本", prior_education="本科", prior_certificate_no="104597201606001234",
                       prior_graduation_date="2015-07-01"))
    assert result.ok
    assert [w.code for w in result.warnings] == ["cert.level_mismatch", "cert.year_mismatch"]


def test_long_free_text_is_refused() -> None:
    assert fields(check(row(major_name="专" * 101))) == {"major_name": "validation.too_long"}


def test_nonsense_types_are_unreadable() -> None:
    assert fields(check(row(major_name=["a"]))) == {"major_name": "validation.unreadable"}
    assert fields(check(row(term=True))) == {"term": "validation.unreadable"}
