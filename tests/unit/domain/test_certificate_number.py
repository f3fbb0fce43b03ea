from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from learncenter.domain.candidate import PriorEducation
from learncenter.domain.certificate import (
    CertificateNumber,
    EducationType,
    certificate_level,
    compare_with_declared,
    normalise_cert_report_no,
    normalise_chsi_code,
    parse_certificate_number,
)
from learncenter.domain.messages import DomainError

from .strategies import certificate_numbers


def test_domain_example() -> None:
    cert = parse_certificate_number("104597201606001234")
    assert cert == CertificateNumber(
        value="104597201606001234", school_code="10459", education_type=EducationType.ONLINE,
        year=2016, level_code="06", serial="001234",
    )
    assert certificate_level(cert) is PriorEducation.JUNIOR_COLLEGE


def test_separators_and_full_width_digits_are_tolerated() -> None:
    assert parse_certificate_number(" 10459-7201606-001234 ").value == "104597201606001234"
    assert parse_certificate_number("１０４５９７２０１６０６００１２３４").value == "104597201606001234"


def test_seventeen_digit_national_form_of_2000_to_2002() -> None:
    cert = parse_certificate_number("10001520010512345")
    assert not cert.self_study_layout
    assert (cert.school_code, cert.education_type, cert.year, cert.level_code, cert.serial) == (
        "10001", EducationType.ADULT, 2001, "05", "12345")


def test_self_study_layout_is_accepted_and_recorded() -> None:
    # 17 digits that do not fit the national pattern: the self-study examination's own layout
    cert = parse_certificate_number("61110105168123456")
    assert cert.self_study_layout
    assert cert.education_type is EducationType.SELF_STUDY
    assert cert.region_code == "110105"
    assert cert.year == 2016
    assert certificate_level(cert) is None
    assert compare_with_declared(cert, prior_education=PriorEducation.BACHELOR, graduation_date=date(2010, 1, 1)) == []


def test_seventeen_digits_matching_the_pattern_outside_2000_2002_are_self_study() -> None:
    assert parse_certificate_number("10459720160600123").self_study_layout


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "cert.empty"),
        ("  ", "cert.empty"),
        ("10459720160600123A", "cert.format"),
        ("104592201606001234", "cert.format"),  # type digit 2 is not an education type
        ("104597201607001234", "cert.format"),  # level 07 does not exist
        ("1045972016060012345", "cert.format"),
        ("12345", "cert.format"),
    ],
)
def test_garbage_is_refused(text: str, code: str) -> None:
    with pytest.raises(DomainError) as error:
        parse_certificate_number(text)
    assert [p.code for p in error.value.problems] == [code]
    assert error.value.problem.field == "prior_certificate_no"


@pytest.mark.parametrize(
    "level_code, level",
    [("01", PriorEducation.DOCTORATE), ("02", PriorEducation.MASTER), ("04", PriorEducation.BACHELOR),
     ("05", PriorEducation.BACHELOR), ("06", PriorEducation.JUNIOR_COLLEGE), ("03", None)],
)
def test_certificate_level(level_code: str, level: PriorEducation | None) -> None:
    assert certificate_level(parse_certificate_number(f"1045912016{level_code}123456")) is level


@given(certificate_numbers())
def test_generated_numbers_parse_back_to_their_parts(generated: tuple[str, dict[str, object]]) -> None:
    number, parts = generated
    cert = parse_certificate_number(number)
    assert cert.value == number
    assert not cert.self_study_layout
    assert cert.school_code == parts["school_code"]
    assert cert.education_type == parts["education_type"]
    assert cert.year == parts["year"]
    assert cert.level_code == parts["level_code"]
    assert cert.serial == parts["serial"]


class TestCompareWithDeclared:
    cert = parse_certificate_number("104597201606001234")  # junior college, 2016

    def test_agreement_yields_no_findings(self) -> None:
        assert compare_with_declared(
            self.cert, prior_education=PriorEducation.JUNIOR_COLLEGE, graduation_date=date(2016, 7, 1)) == []
        assert compare_with_declared(self.cert, prior_education=None, graduation_date=None) == []

    def test_level_mismatch(self) -> None:
        findings = compare_with_declared(self.cert, prior_education=PriorEducation.BACHELOR, graduation_date=None)
        assert [(f.code, f.field) for f in findings] == [("cert.level_mismatch", "prior_certificate_no")]
        assert "专科" in findings[0].text("zh") and "本科" in findings[0].text("zh")
        assert "Junior college" in findings[0].text("en")

    def test_year_mismatch(self) -> None:
        findings = compare_with_declared(
            self.cert, prior_education=PriorEducation.JUNIOR_COLLEGE, graduation_date=date(2015, 7, 1))
        assert [f.code for f in findings] == ["cert.year_mismatch"]
        assert "2016" in findings[0].text("zh") and "2015-07-01" in findings[0].text("zh")

    def test_both_findings_and_unknown_level(self) -> None:
        findings = compare_with_declared(
            self.cert, prior_education=PriorEducation.MASTER, graduation_date=date(2020, 1, 1))
        assert [f.code for f in findings] == ["cert.level_mismatch", "cert.year_mismatch"]
        odd = parse_certificate_number("104597201603001234")
        assert [f.code for f in compare_with_declared(odd, prior_education=None, graduation_date=None)] == [
            "cert.level_code_unknown"]


@pytest.mark.parametrize(
    "text, expected",
    [("ABCD1234EFGH5678", "ABCD1234EFGH5678"), ("abcd-1234-efgh-5678", "ABCD1234EFGH5678"),
     (" ABCD 1234 EFGH 5678 ", "ABCD1234EFGH5678"), ("１２３４５６７８９０１２", "123456789012")],
)
def test_chsi_code_normalisation(text: str, expected: str) -> None:
    assert normalise_chsi_code(text) == expected


@pytest.mark.parametrize("text", ["", "ABCD1234EFGH567", "ABCD1234EFGH56789", "ABCD1234EFGH567!", "ABCD12345678"])
def test_bad_chsi_codes(text: str) -> None:
    with pytest.raises(DomainError) as error:
        normalise_chsi_code(text)
    assert error.value.problem.code == "cert.chsi_code_format"
    assert error.value.problem.field == "chsi_code"


def test_certification_report_number() -> None:
    assert normalise_cert_report_no(" 1234567 ") == "1234567"
    assert normalise_cert_report_no("12345678") == "12345678"
    for bad in ("123456", "123456789", "12345A7"):
        with pytest.raises(DomainError) as error:
            normalise_cert_report_no(bad)
        assert error.value.problem.code == "cert.report_no_format"
        assert error.value.problem.field == "cert_report_no"
