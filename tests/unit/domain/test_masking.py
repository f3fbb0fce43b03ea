"""ID numbers in lists: the first six and last four characters, the rest hidden."""

from __future__ import annotations

from hypothesis import given

from learncenter.domain.masking import mask_id_number

from .strategies import legacy_id_numbers, valid_id_numbers


def test_an_id_number_keeps_its_region_and_last_four() -> None:
    assert mask_id_number("360426199101010071") == "360426********0071"
    assert mask_id_number("44011320141005001X") == "440113********001X"


def test_the_old_fifteen_digit_form_keeps_its_length() -> None:
    assert mask_id_number("110105491231002") == "110105*****1002"


def test_short_values_show_at_most_a_quarter() -> None:
    assert mask_id_number("") == ""
    assert mask_id_number("123") == "***"
    assert mask_id_number("12345678") == "******78"
    assert mask_id_number("12345678901234") == "***********234"


def test_spaces_around_are_dropped() -> None:
    assert mask_id_number(" 360426199101010071 ") == "360426********0071"


@given(valid_id_numbers())
def test_the_birth_date_and_sequence_never_show(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == 18
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
    assert masked[6:14] == "********"


@given(legacy_id_numbers())
def test_legacy_numbers_hide_the_birth_date(number: str) -> None:
    masked = mask_id_number(number)
    assert masked == number[:6] + "*****" + number[-4:]
