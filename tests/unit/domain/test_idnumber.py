from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from learncenter.domain.candidate import Gender
from learncenter.domain.idnumber import (
    IdKind,
    check_against_record,
    check_character,
    normalise_id_query,
    parse_id_number,
    region_name,
    upgrade_legacy,
)
from learncenter.domain.messages import DomainError

from .strategies import legacy_id_numbers, spec_check_character, valid_id_numbers

TODAY = date(2026, 3, 1)


def codes_of(error: pytest.ExceptionInfo[DomainError]) -> list[str]:
    return [p.code for p in error.value.problems]


@pytest.mark.parametrize(
    "number, birth, gender",
    [
        ("11010519491231002X", date(1949, 12, 31), Gender.FEMALE),
        ("440524188001010014", date(1880, 1, 1), Gender.MALE),
        ("360426199101010071", date(1991, 1, 1), Gender.MALE),
        ("120103198806018241", date(1988, 6, 1), Gender.FEMALE),
        ("44011320141005001X", date(2014, 10, 5), Gender.MALE),
    ],
)
def test_domain_examples_are_valid(number: str, birth: date, gender: Gender) -> None:
    idn = parse_id_number(number, today=TODAY)
    assert idn.value == number
    assert idn.birth_date == birth
    assert idn.gender == gender
    assert idn.region_code == number[:6]
    assert idn.kind is IdKind.RESIDENT
    assert not idn.legacy
    assert str(idn) == number


def test_domain_example_with_bad_checksum_is_rejected() -> None:
    with pytest.raises(DomainError) as error:
        parse_id_number("360426199101010072", today=TODAY)
    assert codes_of(error) == ["id.checksum"]
    assert error.value.problem.field == "id_number"
    # the message says the number is mistyped without giving the right check character away
    assert not any(c.isdigit() or c == "X" for c in error.value.text("zh"))


def test_domain_example_legacy_upgrade() -> None:
    assert upgrade_legacy("110105491231002") == "11010519491231002X"
    idn = parse_id_number("110105491231002", today=TODAY)
    assert idn.value == "11010519491231002X"
    assert idn.legacy
    assert idn.entered == "110105491231002"
    assert idn.birth_date == date(1949, 12, 31)


def test_check_character_follows_the_standard() -> None:
    assert check_character("11010519491231002") == "X"
    assert check_character("36042619910101007") == "1"
    with pytest.raises(DomainError):
        check_character("1101051949123100")


def test_input_is_normalised() -> None:
    assert parse_id_number("  11010519491231002x ", today=TODAY).value == "11010519491231002X"
    assert parse_id_number("110105 1949 1231 002X", today=TODAY).value == "11010519491231002X"
    full_width = "１１０１０５１９４９１２３１００２ｘ"
    idn = parse_id_number(full_width, today=TODAY)
    assert idn.value == "11010519491231002X"
    assert idn.entered == full_width


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "id.empty"),
        ("   ", "id.empty"),
        ("1101051949123100", "id.length"),
        ("11010519491231002X1", "id.length"),
        ("1101051949123100AX", "id.characters"),
        ("X1010519491231002X", "id.characters"),
        ("11010519491231002Y", "id.characters"),
        ("11010549123100X", "id.characters"),
    ],
)
def test_malformed_numbers_have_distinct_codes(text: str, code: str) -> None:
    with pytest.raises(DomainError) as error:
        parse_id_number(text, today=TODAY)
    assert codes_of(error) == [code]


def with_check(first17: str) -> str:
    return first17 + spec_check_character(first17)


def test_impossible_birth_date() -> None:
    with pytest.raises(DomainError) as error:
        parse_id_number(with_check("11010519900230001"), today=TODAY)
    assert codes_of(error) == ["id.birth_date_invalid"]
    assert error.value.problem.params["digits"] == "19900230"


def test_future_birth_date() -> None:
    with pytest.raises(DomainError) as error:
        parse_id_number(with_check("11010520260302001"), today=TODAY)
    assert codes_of(error) == ["id.birth_date_future"]
    assert parse_id_number(with_check("11010520260301001"), today=TODAY).birth_date == TODAY


def test_unknown_region() -> None:
    with pytest.raises(DomainError) as error:
        parse_id_number(with_check("99000019900101001"), today=TODAY)
    assert codes_of(error) == ["id.region_unknown"]


def test_date_and_region_problems_are_reported_together() -> None:
    with pytest.raises(DomainError) as error:
        parse_id_number(with_check("99000019901301001"), today=TODAY)
    assert sorted(codes_of(error)) == ["id.birth_date_invalid", "id.region_unknown"]


def test_county_code_assigned_after_birth_year_is_accepted() -> None:
    # stdnum refuses this one (440524 was assigned in 1983); DOMAIN.md lists it as valid.
    assert parse_id_number("440524188001010014", today=TODAY).region_code == "440524"


@pytest.mark.parametrize(
    "region, kind, name",
    [("810000", IdKind.HONG_KONG, "香港"), ("820000", IdKind.MACAO, "澳门"), ("830000", IdKind.TAIWAN, "台湾")],
)
def test_residence_permits(region: str, kind: IdKind, name: str) -> None:
    idn = parse_id_number(with_check(f"{region}19900101002"), today=TODAY)
    assert idn.kind is kind
    assert idn.gender is Gender.FEMALE
    region_text = region_name(region)
    assert region_text is not None and name in region_text


def test_region_names() -> None:
    assert region_name("110105") == "北京市 朝阳区"
    assert region_name("110103") == "北京市 崇文区"  # abolished in 2010, still on older cards
    assert region_name("130502") == "河北省 襄都区"  # renamed from 桥东区 in 2020: the current name
    assert region_name("440000") == "广东省"
    assert region_name("990000") is None
    assert region_name("11") is None


def test_normalise_id_query() -> None:
    assert normalise_id_query("11010519491231002x") == "11010519491231002X"
    assert normalise_id_query(" 110105491231002 ") == "11010519491231002X"
    assert normalise_id_query("360426199101010072") is None
    assert normalise_id_query("110105491331002") is None  # month 13: not an ID number
    assert normalise_id_query("张三") is None
    assert normalise_id_query("1101") is None
    assert normalise_id_query("") is None


def test_check_against_record() -> None:
    idn = parse_id_number("11010519491231002X", today=TODAY)
    assert check_against_record(idn, birth_date=date(1949, 12, 31), gender=Gender.FEMALE) == []
    assert check_against_record(idn, birth_date=None, gender=None) == []
    problems = check_against_record(idn, birth_date=date(1949, 12, 30), gender=Gender.MALE)
    assert [(p.code, p.field) for p in problems] == [
        ("id.birth_date_mismatch", "birth_date"),
        ("id.gender_mismatch", "gender"),
    ]
    assert "男" in problems[1].text("zh") and "女" in problems[1].text("zh")
    assert "Male" in problems[1].text("en")


@given(valid_id_numbers())
def test_valid_numbers_round_trip(number: str) -> None:
    idn = parse_id_number(number, today=TODAY)
    assert idn.value == number
    assert idn.birth_date.strftime("%Y%m%d") == number[6:14]
    assert idn.gender is (Gender.MALE if int(number[16]) % 2 else Gender.FEMALE)
    assert normalise_id_query(number) == number


@given(valid_id_numbers(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_character_change_is_rejected(number: str, position: int, replacement: str) -> None:
    if position < 17 and replacement == "X":
        replacement = "0"
    changed = number[:position] + replacement + number[position + 1:]
    if changed == number:
        return
    with pytest.raises(DomainError):
        parse_id_number(changed, today=TODAY)


@given(legacy_id_numbers())
def test_legacy_upgrade_preserves_birth_date_and_gender(number15: str) -> None:
    idn = parse_id_number(number15, today=TODAY)
    assert idn.legacy
    assert idn.value == upgrade_legacy(number15)
    assert idn.value[:6] + idn.value[8:17] == number15
    assert idn.birth_date.strftime("%y%m%d") == number15[6:12]
    assert idn.birth_date.year < 2000
    assert idn.gender is (Gender.MALE if int(number15[14]) % 2 else Gender.FEMALE)
    assert parse_id_number(idn.value, today=TODAY).value == idn.value


@given(valid_id_numbers())
def test_lower_case_x_is_accepted(number: str) -> None:
    # move the last sequence digit until the check character is X (one digit in ten or so does)
    candidates = [number[:16] + d for d in "0123456789"]
    with_x = [c + "X" for c in candidates if spec_check_character(c) == "X"]
    assume(with_x)
    assert parse_id_number(with_x[0].lower(), today=TODAY).value == with_x[0]
