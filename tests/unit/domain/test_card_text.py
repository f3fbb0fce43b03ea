"""Making sense of the lines read off an ID card, and comparing them with the record (issue 13)."""

from __future__ import annotations

from datetime import date

from learncenter.domain.candidate import Gender
from learncenter.domain.card_text import EXPIRED, MISMATCH, NOT_READ, CardReading, compare, read_lines

TODAY = date(2026, 12, 4)
FRONT = ["姓名张三", "性别男", "民族汉", "出生", "1991 年 1 月 1 日", "住址", "江西省九江市德安县蒲亭镇",
         "公民身份号码", "360426199101010071"]
RECORD = dict(name="张三", id_number="360426199101010071", birth_date=date(1991, 1, 1), gender=Gender.MALE,
              today=TODAY)


def test_the_front_gives_name_number_birth_date_and_gender() -> None:
    reading = read_lines(FRONT, today=TODAY)
    assert reading == CardReading("张三", "360426199101010071", date(1991, 1, 1), Gender.MALE)
    assert compare(reading, **RECORD) == ()  # type: ignore[arg-type]


def test_a_name_on_its_own_line_and_a_misread_digit() -> None:
    reading = read_lines(["姓名", "阿依古丽·买买提", "性别 女", "公民身份号码 360426199101010072"], today=TODAY)
    assert reading.name == "阿依古丽·买买提" and reading.gender is Gender.FEMALE
    assert reading.id_number == ""  # the check digit fails: not read rather than misread


def test_a_symbol_read_beside_the_name_is_not_part_of_it() -> None:
    assert read_lines(["姓名 ☑刘明", "性别男"], today=TODAY).name == "刘明"
    assert read_lines(["姓名 |阿依古丽·买买提"], today=TODAY).name == "阿依古丽·买买提"


def test_the_back_gives_the_period_of_validity() -> None:
    assert read_lines(["签发机关 德安县公安局", "有效期限 2015.03.02-2035.03.02"], today=TODAY).valid_until == \
        date(2035, 3, 2)
    for_life = read_lines(["有效期限", "2010.05.06-长期"], today=TODAY)
    assert for_life.long_term and for_life.valid_until is None


def test_differences_are_named_field_by_field_and_an_expired_card_is_flagged() -> None:
    reading = CardReading("张山", "360426199101010071", date(1991, 1, 2), Gender.MALE,
                          valid_from=date(2006, 1, 1), valid_until=date(2026, 1, 1))
    problems = compare(reading, **RECORD)  # type: ignore[arg-type]
    assert [(p.code, p.field) for p in problems] == [(MISMATCH, "name"), (MISMATCH, "birth_date"),
                                                    (EXPIRED, "card")]
    assert "“张山”" in problems[0].text("zh") and "“张三”" in problems[0].text("zh")
    assert "1991-01-02" in problems[1].text("en") and "2026-01-01" in problems[2].text("zh")


def test_what_was_not_read_is_left_to_the_clerk() -> None:
    problems = compare(CardReading(id_number="360426199101010071"), **RECORD)  # type: ignore[arg-type]
    assert [(p.code, p.field) for p in problems] == [(NOT_READ, "name"), (NOT_READ, "birth_date"),
                                                    (NOT_READ, "gender")]


def test_a_middle_dot_read_differently_is_the_same_name() -> None:
    reading = CardReading("阿依古丽.买买提", "360426199101010071", date(1991, 1, 1), Gender.MALE)
    assert compare(reading, **{**RECORD, "name": "阿依古丽·买买提"}) == ()  # type: ignore[arg-type]
