from __future__ import annotations

import pytest

from learncenter.domain.messages import DomainError
from learncenter.domain.person_name import SURNAME_READINGS, compact_name, name_parts, normalise_name, surname_reading


@pytest.mark.parametrize(
    "raw, name",
    [
        ("张三", "张三"),
        ("  张  三 ", "张 三"),
        ("吉𠮷", "吉𠮷"),
        ("𠮷", "𠮷"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("阿依古丽．买买提", "阿依古丽·买买提"),
        ("阿依古丽 . 买买提", "阿依古丽·买买提"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("Ｍａｒｙ　Ｗａｎｇ", "Mary Wang"),
        ("José", "José"),
        ("王〇", "王〇"),
    ],
)
def test_accepted_names(raw: str, name: str) -> None:
    assert normalise_name(raw) == name


def test_length_counts_characters_not_code_units() -> None:
    assert normalise_name("𠮷" * 50) == "𠮷" * 50
    with pytest.raises(DomainError) as error:
        normalise_name("𠮷" * 51)
    assert error.value.problem.code == "name.too_long"


@pytest.mark.parametrize(
    "raw, codes",
    [
        ("", ["name.empty"]),
        ("   ", ["name.empty"]),
        ("张3", ["name.digits"]),
        ("张３", ["name.digits"]),
        ("张三@", ["name.characters"]),
        ("张三3!", ["name.digits", "name.characters"]),
        ("·张三", ["name.dots"]),
        ("张三·", ["name.dots"]),
        ("阿依··买买提", ["name.dots"]),
    ],
)
def test_refused_names(raw: str, codes: list[str]) -> None:
    with pytest.raises(DomainError) as error:
        normalise_name(raw)
    assert [p.code for p in error.value.problems] == codes
    assert all(p.field == "name" for p in error.value.problems)


def test_the_parts_of_a_name_and_its_text_without_separators() -> None:
    for written in ("李·明", "李 明", "李•明", "李・明", "李　明", "李明"):
        assert compact_name(written) == "李明", written
    assert name_parts("阿依古丽·买买提") == ["阿依古丽", "买买提"] and name_parts(" ") == []


def test_a_surname_whose_reading_differs_from_its_character() -> None:
    assert surname_reading("单田芳") == ("单", ("shan",))
    assert surname_reading("尉迟恭") == ("尉迟", ("yu", "chi"))  # the compound before the single 尉
    assert surname_reading("长孙无忌") == ("长孙", ("zhang", "sun"))
    assert surname_reading("王单") is None and surname_reading("单") is None  # no given name follows
    assert all(len(syllables) == len(surname) for surname, syllables in SURNAME_READINGS.items())
