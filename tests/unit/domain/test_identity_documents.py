"""Identity documents other than the resident ID card (issue 13): each type's number rules,
recognising the type from the number, and comparing the record with what the number says."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from learncenter.domain.candidate import Gender
from learncenter.domain.document_types import (
    DOCUMENT_TYPES,
    DocumentType,
    HolderField,
    Scan,
    document_type_label,
    record_must_carry,
    required_scans,
)
from learncenter.domain.identity_documents import (
    check_against_record,
    guess_document,
    normalise_document_query,
    parse_document,
    recognise,
)
from learncenter.domain.messages import DomainError
from learncenter.domain.nationalities import NATIONALITIES, by_numeric, nationality_label

from .strategies import permanent_resident_numbers, spec_check_character, valid_id_numbers

TODAY = date(2026, 3, 1)
T = DocumentType


def problem_codes(kind: DocumentType, text: str, **kwargs: str) -> list[str]:
    with pytest.raises(DomainError) as error:
        parse_document(kind, text, today=TODAY, **kwargs)
    return [p.code for p in error.value.problems]


# --- the type table -----------------------------------------------------------------------------

def test_every_type_has_labels_rules_and_scans() -> None:
    for kind in DocumentType:
        assert document_type_label(kind, "zh") and document_type_label(kind, "en")
        assert required_scans(kind)
    assert DOCUMENT_TYPES.lookup("回乡证") == T.HK_MACAO_PERMIT
    assert DOCUMENT_TYPES.lookup("台胞证") == T.TAIWAN_PERMIT
    assert DOCUMENT_TYPES.lookup("Foreign passport") == T.PASSPORT


def test_what_the_record_must_carry_itself() -> None:
    assert record_must_carry(T.RESIDENT_ID) == ()
    assert record_must_carry(T.RESIDENCE_PERMIT) == ()
    assert record_must_carry(T.FOREIGN_PR_CARD) == ()
    assert record_must_carry(T.HK_MACAO_PERMIT) == (HolderField.BIRTH_DATE, HolderField.GENDER)
    assert record_must_carry(T.TAIWAN_PERMIT) == (HolderField.BIRTH_DATE, HolderField.GENDER)
    assert record_must_carry(T.FOREIGN_PR_CARD_OLD) == (HolderField.BIRTH_DATE, HolderField.GENDER)
    assert record_must_carry(T.PASSPORT) == (HolderField.BIRTH_DATE, HolderField.GENDER, HolderField.NATIONALITY)
    assert record_must_carry(T.CHINESE_PASSPORT) == (HolderField.BIRTH_DATE, HolderField.GENDER)


def test_cards_need_both_sides_and_passports_the_photo_page() -> None:
    for kind in (T.RESIDENT_ID, T.RESIDENCE_PERMIT, T.HK_MACAO_PERMIT, T.TAIWAN_PERMIT, T.FOREIGN_PR_CARD,
                 T.FOREIGN_PR_CARD_OLD):
        assert required_scans(kind) == (Scan.CARD_FRONT, Scan.CARD_BACK)
    assert required_scans(T.PASSPORT) == required_scans(T.CHINESE_PASSPORT) == (Scan.PHOTO_PAGE,)
    # the card sides fill the slots the evidence rules already read for the resident ID card
    assert {Scan.CARD_FRONT.value, Scan.CARD_BACK.value} == {"id_front", "id_back"}


# --- resident ID and residence permits ----------------------------------------------------------

def test_resident_id_and_permit_keep_their_rules() -> None:
    doc = parse_document(T.RESIDENT_ID, "110105491231002", today=TODAY)
    assert (doc.value, doc.key, doc.older_form) == ("11010519491231002X", "11010519491231002X", True)
    assert (doc.birth_date, doc.gender, doc.nationality) == (date(1949, 12, 31), Gender.FEMALE, "CHN")
    permit = parse_document(T.RESIDENCE_PERMIT, "810000199408230021", today=TODAY)
    assert (permit.kind, permit.region, permit.key) == (T.RESIDENCE_PERMIT, "HK", "810000199408230021")
    assert problem_codes(T.RESIDENT_ID, "360426199101010072") == ["id.checksum"]


def test_a_permit_number_is_not_a_resident_id_and_back() -> None:
    assert problem_codes(T.RESIDENT_ID, "810000199408230021") == ["doc.wrong_type"]
    assert problem_codes(T.RESIDENCE_PERMIT, "11010519491231002X") == ["doc.wrong_type"]


# --- Hong Kong / Macao travel permit (回乡证) ----------------------------------------------------

@pytest.mark.parametrize("text, value, region, older", [
    ("H12345678", "H12345678", "HK", False),
    ("m87654321", "M87654321", "MO", False),
    ("Ｈ１２３４ ５６７８", "H12345678", "HK", False),
    ("H1234567801", "H12345678", "HK", True),  # the 1999 card: lifetime number + renewal count
    ("M 8765 4321 00", "M87654321", "MO", True),
])
def test_hk_macao_permit_valid(text: str, value: str, region: str, older: bool) -> None:
    doc = parse_document(T.HK_MACAO_PERMIT, text, today=TODAY)
    assert (doc.value, doc.region, doc.older_form, doc.nationality) == (value, region, older, "CHN")
    assert doc.birth_date is None and doc.gender is None
    assert doc.key == f"hk_macao_permit:{value}"


@pytest.mark.parametrize("text", ["K12345678", "H1234567", "H123456789", "H123456780123", "12345678", "HA2345678"])
def test_hk_macao_permit_invalid(text: str) -> None:
    assert problem_codes(T.HK_MACAO_PERMIT, text) == ["doc.hk_macao.format"]


@given(st.sampled_from("HM"), st.from_regex(r"[0-9]{8}", fullmatch=True), st.from_regex(r"[0-9]{2}", fullmatch=True))
def test_old_and_new_hk_macao_numbers_name_the_same_holder(letter: str, lifetime: str, renewals: str) -> None:
    new = parse_document(T.HK_MACAO_PERMIT, letter + lifetime, today=TODAY)
    old = parse_document(T.HK_MACAO_PERMIT, letter + lifetime + renewals, today=TODAY)
    assert new.key == old.key and new.value == old.value == letter + lifetime


# --- Taiwan travel permit (台胞证) ---------------------------------------------------------------

@pytest.mark.parametrize("text, older", [
    ("12345678", False),
    ("1234 5678", False),
    ("1234567801", True),  # 2006-2008 in some provinces: lifetime number + issue count
    ("1234567801(B)", True),  # 1992-2008: + the issuing office's code in brackets
    ("1234567802（b）", True),  # full-width brackets, lower case
    ("1234567803(12)", True),
    ("1234567801B", True),
])
def test_taiwan_permit_valid(text: str, older: bool) -> None:
    doc = parse_document(T.TAIWAN_PERMIT, text, today=TODAY)
    assert (doc.value, doc.region, doc.older_form, doc.key) == ("12345678", "TW", older, "taiwan_permit:12345678")


@pytest.mark.parametrize("text", ["1234567", "123456789", "12345678(B)", "1234567801(BCD)", "T1234567", "123456780123"])
def test_taiwan_permit_invalid(text: str) -> None:
    assert problem_codes(T.TAIWAN_PERMIT, text) == ["doc.taiwan.format"]


# --- foreign permanent resident ID card, 2023 18-digit number -----------------------------------

def test_permanent_resident_card_published_example() -> None:
    doc = parse_document(T.FOREIGN_PR_CARD, "932682198501010017", today=TODAY)
    assert (doc.region, doc.nationality, doc.birth_date, doc.gender) == ("32", "SAU", date(1985, 1, 1), Gender.MALE)
    assert not doc.unchecked and doc.key == "foreign_pr_card:932682198501010017"


@given(permanent_resident_numbers())
def test_generated_permanent_resident_numbers_pass(number_and_parts: tuple[str, dict[str, object]]) -> None:
    number, parts = number_and_parts
    doc = parse_document(T.FOREIGN_PR_CARD, number.lower(), today=TODAY)
    assert doc.value == number
    assert doc.region == parts["province"] and doc.nationality == parts["nationality"]
    assert doc.birth_date == parts["birth_date"]
    assert doc.gender == (Gender.MALE if parts["male"] else Gender.FEMALE)


@given(permanent_resident_numbers(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_one_changed_character_fails(number_and_parts: tuple[str, dict[str, object]], at: int, char: str) -> None:
    number, _ = number_and_parts
    assume(number[at] != char)
    changed = number[:at] + char + number[at + 1:]
    with pytest.raises(DomainError):
        parse_document(T.FOREIGN_PR_CARD, changed, today=TODAY)


@pytest.mark.parametrize("body, codes", [
    ("9" + "99" + "840" + "19900101" + "001", ["doc.fpr.province_unknown"]),
    ("9" + "32" + "840" + "19900231" + "001", ["doc.birth_date_invalid"]),
    ("9" + "32" + "840" + "20300101" + "001", ["doc.birth_date_future"]),
    ("9" + "99" + "840" + "19901301" + "001", ["doc.fpr.province_unknown", "doc.birth_date_invalid"]),
])
def test_permanent_resident_number_with_a_valid_check_but_impossible_parts(body: str, codes: list[str]) -> None:
    assert problem_codes(T.FOREIGN_PR_CARD, body + spec_check_character(body)) == codes


@pytest.mark.parametrize("text, code", [
    ("932682198501010018", "doc.fpr.checksum"),
    ("132682198501010017", "doc.fpr.format"),  # a resident ID's shape, not the card's
    ("93268219850101001", "doc.fpr.format"),
    ("USA321203310012", "doc.fpr.format"),  # the old number under the new type
])
def test_permanent_resident_number_invalid(text: str, code: str) -> None:
    assert problem_codes(T.FOREIGN_PR_CARD, text) == [code]


def test_unknown_nationality_code_is_accepted_and_kept() -> None:
    body = "9" + "32" + "999" + "19900101" + "002"
    doc = parse_document(T.FOREIGN_PR_CARD, body + spec_check_character(body), today=TODAY)
    assert doc.nationality == "999" and doc.gender is Gender.FEMALE


# --- foreign permanent resident ID card, old 15-character number --------------------------------

def test_old_permanent_resident_number() -> None:
    doc = parse_document(T.FOREIGN_PR_CARD_OLD, "usa 32 120331 0012", today=TODAY)
    assert (doc.value, doc.nationality, doc.region, doc.birth_yymmdd) == ("USA321203310012", "USA", "32", "120331")
    assert doc.unchecked and doc.birth_date is None and doc.gender is None
    assert doc.key == "foreign_pr_card_old:USA321203310012"


@pytest.mark.parametrize("text, code", [
    ("USA320851231001", "doc.birth_date_invalid"),  # month 51
    ("USA320230291001", "doc.birth_date_invalid"),  # 29 February in neither 1902 nor 2002
    ("US3212033100123", "doc.fpr.format"),
    ("USA32120331001", "doc.fpr.format"),
    ("1SA321203310012", "doc.fpr.format"),
])
def test_old_permanent_resident_number_invalid(text: str, code: str) -> None:
    assert problem_codes(T.FOREIGN_PR_CARD_OLD, text) == [code]


# --- passports --------------------------------------------------------------------------------

@pytest.mark.parametrize("nationality, alpha3", [("USA", "USA"), ("us", "USA"), ("840", "USA"), ("美国", "USA"),
                                                 ("Germany", "DEU"), ("韩国", "KOR")])
def test_foreign_passport_with_nationality(nationality: str, alpha3: str) -> None:
    doc = parse_document(T.PASSPORT, "x12-345 67", today=TODAY, nationality=nationality)
    assert (doc.value, doc.nationality, doc.key) == ("X1234567", alpha3, f"passport:{alpha3}:X1234567")


def test_the_same_passport_number_of_two_states_is_two_holders() -> None:
    a = parse_document(T.PASSPORT, "123456789", today=TODAY, nationality="USA")
    b = parse_document(T.PASSPORT, "123456789", today=TODAY, nationality="CAN")
    assert a.key != b.key


@pytest.mark.parametrize("text, kwargs, code", [
    ("X123", {"nationality": "USA"}, "doc.passport.format"),
    ("X12345678901234567", {"nationality": "USA"}, "doc.passport.format"),
    ("X1234567/", {"nationality": "USA"}, "doc.passport.format"),
    ("X1234567", {}, "doc.passport.nationality_missing"),
    ("X1234567", {"nationality": "Atlantis"}, "doc.passport.nationality_unknown"),
    ("E12345678", {"nationality": "中国"}, "doc.passport.chinese"),
])
def test_foreign_passport_invalid(text: str, kwargs: dict[str, str], code: str) -> None:
    assert problem_codes(T.PASSPORT, text, **kwargs) == [code]


@pytest.mark.parametrize("text", ["E12345678", "ea1234567", "G12345678"])
def test_chinese_passport_valid(text: str) -> None:
    doc = parse_document(T.CHINESE_PASSPORT, text, today=TODAY)
    assert doc.value == text.upper() and doc.nationality == "CHN"


@pytest.mark.parametrize("text", ["E1234567", "E123456789", "1E2345678", "EAB123456"])
def test_chinese_passport_invalid(text: str) -> None:
    assert problem_codes(T.CHINESE_PASSPORT, text) == ["doc.chinese_passport.format"]


def test_empty_numbers() -> None:
    assert problem_codes(T.TAIWAN_PERMIT, "  ") == ["doc.empty"]
    assert problem_codes(T.RESIDENT_ID, "") == ["id.empty"]


# --- recognising the type -----------------------------------------------------------------------

@pytest.mark.parametrize("text, kind", [
    ("11010519491231002X", T.RESIDENT_ID),
    ("110105491231002", T.RESIDENT_ID),
    ("360426199101010072", T.RESIDENT_ID),  # shape only: the resident ID's rules then say what is wrong
    ("810000199408230021", T.RESIDENCE_PERMIT),
    ("830000199201300022", T.RESIDENCE_PERMIT),
    ("932682198501010017", T.FOREIGN_PR_CARD),
    ("H12345678", T.HK_MACAO_PERMIT),
    ("M1234567801", T.HK_MACAO_PERMIT),
    ("12345678", T.TAIWAN_PERMIT),
    ("1234567801(B)", T.TAIWAN_PERMIT),
    ("1234567801", None),  # a resident ID cut short as likely as a pre-2008 Taiwan permit
    ("USA321203310012", T.FOREIGN_PR_CARD_OLD),
    ("E12345678", T.CHINESE_PASSPORT),
    ("EA1234567", T.CHINESE_PASSPORT),
    ("X1234567", None),  # could be any state's passport
    ("ABC", None),
    ("", None),
])
def test_guess_document(text: str, kind: DocumentType | None) -> None:
    assert guess_document(text) == kind


@given(valid_id_numbers())
def test_every_resident_id_is_recognised_as_one(number: str) -> None:
    assert guess_document(number) is T.RESIDENT_ID
    assert recognise(number, today=TODAY).key == number


@given(permanent_resident_numbers())
def test_every_permanent_resident_number_is_recognised_as_one(number_and_parts: tuple[str, dict[str, object]]) -> None:
    assert guess_document(number_and_parts[0]) is T.FOREIGN_PR_CARD


def test_recognise_refuses_what_fits_no_type() -> None:
    with pytest.raises(DomainError) as error:
        recognise("X1234567", today=TODAY)
    assert error.value.problem.code == "doc.unrecognised"


def test_search_key_of_a_whole_number() -> None:
    assert normalise_document_query("h 1234 5678 01", today=TODAY) == "hk_macao_permit:H12345678"
    assert normalise_document_query("110105491231002", today=TODAY) == "11010519491231002X"
    assert normalise_document_query("王小明", today=TODAY) is None
    assert normalise_document_query("932682198501010018", today=TODAY) is None  # fails its check


# --- the record against the document ------------------------------------------------------------

def test_record_against_a_permanent_resident_card() -> None:
    doc = parse_document(T.FOREIGN_PR_CARD, "932682198501010017", today=TODAY)
    assert check_against_record(doc, birth_date=date(1985, 1, 1), gender=Gender.MALE, nationality="SAU") == []
    problems = check_against_record(doc, birth_date=date(1985, 1, 2), gender=Gender.FEMALE, nationality="USA")
    assert [p.code for p in problems] == ["doc.birth_date_mismatch", "doc.gender_mismatch", "doc.nationality_mismatch"]
    assert [p.field for p in problems] == ["birth_date", "gender", "nationality"]
    assert "沙特阿拉伯" in problems[2].text("zh") and "Saudi Arabia" in problems[2].text("en")


def test_record_against_an_old_permanent_resident_card_compares_two_digit_years() -> None:
    doc = parse_document(T.FOREIGN_PR_CARD_OLD, "USA321203310012", today=TODAY)
    assert check_against_record(doc, birth_date=date(1912, 3, 31), gender=Gender.MALE, nationality="USA") == []
    assert check_against_record(doc, birth_date=date(2012, 3, 31), gender=Gender.FEMALE, nationality=None) == []
    problems = check_against_record(doc, birth_date=date(2012, 3, 30), gender=None, nationality="CAN")
    assert [p.code for p in problems] == ["doc.birth_date_mismatch", "doc.nationality_mismatch"]


def test_record_against_documents_that_tell_nothing_about_the_holder() -> None:
    permit = parse_document(T.TAIWAN_PERMIT, "12345678", today=TODAY)
    assert check_against_record(permit, birth_date=date(1990, 1, 1), gender=Gender.FEMALE, nationality=None) == []
    passport = parse_document(T.PASSPORT, "X1234567", today=TODAY, nationality="USA")
    assert check_against_record(passport, birth_date=date(1990, 1, 1), gender=Gender.MALE, nationality="USA") == []


def test_record_against_a_resident_id_keeps_its_messages() -> None:
    doc = parse_document(T.RESIDENT_ID, "11010519491231002X", today=TODAY)
    problems = check_against_record(doc, birth_date=date(1949, 12, 30), gender=Gender.MALE, nationality=None)
    assert [p.code for p in problems] == ["id.birth_date_mismatch", "id.gender_mismatch"]


# --- nationalities ------------------------------------------------------------------------------

def test_nationality_table() -> None:
    assert len(NATIONALITIES.codes()) >= 249
    assert by_numeric("682") == "SAU" and by_numeric("000") is None
    assert nationality_label("KOR", "zh") == "韩国" and nationality_label("USA", "en") == "United States"
    assert NATIONALITIES.lookup("Saudi Arabia") == NATIONALITIES.lookup("sau") == "SAU"
