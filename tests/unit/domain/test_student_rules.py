"""The student profile's rules: programme lengths, expected graduation, student numbers, years."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from learncenter.domain.candidate import Level
from learncenter.domain.messages import DomainError
from learncenter.domain.student_rules import (
    StudentNumberRule, StudentProfile, academic_year_label, expected_graduation, parse_academic_year,
    parse_programme_length, year_registration_due,
)
from learncenter.resources import resource_dir


def shipped() -> StudentProfile:
    return StudentProfile.from_dict(json.loads((resource_dir() / "profiles" / "students.json").read_text("utf-8")))


@pytest.mark.parametrize("raw, years", [("2.5", Decimal("2.5")), ("3年", Decimal(3)), (5, Decimal(5)),
                                        ("1.5", Decimal("1.5")), ("8", Decimal(8))])
def test_programme_lengths(raw: object, years: Decimal) -> None:
    assert parse_programme_length(raw) == years


@pytest.mark.parametrize("raw", ["1", "2.3", "9", "two", "", None])
def test_bad_programme_lengths_name_the_field(raw: object) -> None:
    with pytest.raises(DomainError) as caught:
        parse_programme_length(raw)
    assert caught.value.problems[0].field == "programme_length"


def test_expected_graduation_is_the_end_of_the_month_before() -> None:
    assert expected_graduation(date(2026, 3, 1), Decimal("2.5")) == date(2028, 8, 31)
    assert expected_graduation(date(2025, 9, 1), Decimal("2.5")) == date(2028, 2, 29)


def test_student_numbers_follow_the_shipped_rule() -> None:
    profile = shipped()
    assert profile.school_code == "10459"
    rule = profile.number_rule
    assert rule.prefix(date(2026, 3, 1), "0101", Level.JUNIOR_COLLEGE_TO_BACHELOR) == "26101013"
    assert rule.number(date(2026, 9, 1), "0101", Level.HIGH_TO_JUNIOR_COLLEGE, 7) == "262010110007"
    with pytest.raises(DomainError):
        rule.number(date(2026, 9, 1), "0101", Level.HIGH_TO_JUNIOR_COLLEGE, 10000)


@pytest.mark.parametrize("template", ["{year}{center}", "{year}{serial}{level}", "{name}{serial:04}"])
def test_a_rule_without_a_trailing_serial_or_with_unknown_parts_is_refused(template: str) -> None:
    with pytest.raises(DomainError):
        StudentNumberRule(template, {})


def test_a_profile_with_a_typo_is_refused_by_key() -> None:
    data = json.loads((resource_dir() / "profiles" / "students.json").read_text("utf-8"))
    data["school_code"] = "1045"
    with pytest.raises(DomainError) as caught:
        StudentProfile.from_dict(data)
    assert caught.value.problems[0].field == "school_code"


def test_academic_years() -> None:
    profile = shipped()
    assert profile.academic_year_of(date(2026, 3, 1)) == 2025
    assert academic_year_label(2026) == "2026-2027"
    assert parse_academic_year("2026—2027") == parse_academic_year("2026") == 2026
    with pytest.raises(DomainError):
        parse_academic_year("2026-2028")
    # enrolled in spring 2026 (academic year 2025), graduating 2028-08-31: due for 2026 and 2027
    due = [y for y in range(2024, 2030)
           if year_registration_due(profile, date(2026, 3, 1), date(2028, 8, 31), y)]
    assert due == [2026, 2027]
