"""Certificate numbers the registry makes parse back with DOMAIN §4's parser; verification codes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from learncenter.domain.candidate import Level
from learncenter.domain.certificate import EducationType, parse_certificate_number
from learncenter.domain.certificate_registration import (
    build_certificate_number, correction_changes, normalise_verification_code, verification_code_from,
)
from learncenter.domain.messages import DomainError


@given(st.from_regex(r"[0-9]{5}", fullmatch=True), st.dates(date(2003, 1, 1), date(2099, 12, 31)),
       st.sampled_from(list(Level)), st.integers(1, 999_999))
def test_certificate_numbers_parse_back(school: str, issued: date, level: Level, serial: int) -> None:
    number = build_certificate_number(school, issued, level, serial)
    parsed = parse_certificate_number(number)
    assert len(number) == 18
    assert (parsed.school_code, parsed.education_type, parsed.year, int(parsed.serial)) == \
        (school, EducationType.ONLINE, issued.year, serial)
    assert parsed.level_code == ("06" if level == Level.HIGH_TO_JUNIOR_COLLEGE else "05")


def test_the_domain_example_is_what_the_rule_makes() -> None:
    assert build_certificate_number("10459", date(2016, 7, 1), Level.HIGH_TO_JUNIOR_COLLEGE, 1234) == \
        "104597201606001234"
    with pytest.raises(DomainError):
        build_certificate_number("10459", date(2016, 7, 1), Level.HIGH_TO_JUNIOR_COLLEGE, 1_000_000)


@given(st.binary(min_size=10, max_size=10))
def test_verification_codes_have_the_domain_format(raw: bytes) -> None:
    code = verification_code_from(raw)
    assert normalise_verification_code(code) == code
    spaced = " - ".join(code[i:i + 4].lower() for i in range(0, 16, 4))
    assert normalise_verification_code(spaced) == code


def test_a_malformed_code_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        normalise_verification_code("ABC")
    assert "ABC" in caught.value.text("en")


def test_a_correction_names_what_it_changes() -> None:
    registered = {"name": "张三", "major_name": "会计"}
    assert correction_changes(registered, {"name": "张叁", "major_name": "会计"}) == {"name": "张叁"}
    with pytest.raises(DomainError):
        correction_changes(registered, {"name": "张三"})
    with pytest.raises(DomainError):
        correction_changes(registered, {"id_number": "x"})
