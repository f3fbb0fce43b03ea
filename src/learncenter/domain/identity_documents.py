"""Any supported identity document number: parse it for a given type, or recognise the type.

The resident ID card and the residence permits keep their rules in
:mod:`learncenter.domain.idnumber` (and their messages: records and tests rely on them); the
other documents' rules are in :mod:`learncenter.domain.document_numbers`. This module is the one
door the rest of the code uses, whatever the document.
"""

from __future__ import annotations

import re
from datetime import date

from learncenter.domain.candidate import Gender
from learncenter.domain.codes import Label, gender_label, label_params
from learncenter.domain.document_numbers import (
    FIELD,
    clean,
    parse_chinese_passport,
    parse_foreign_pr_card,
    parse_foreign_pr_card_old,
    parse_hk_macao_permit,
    parse_passport,
    parse_taiwan_permit,
    shaped_like,
    type_params,
)
from learncenter.domain.document_types import DOCUMENT_TYPES, Document, DocumentType, HolderField, record_must_carry
from learncenter.domain.idnumber import IdKind, IdNumber, parse_id_number
from learncenter.domain.idnumber import check_against_record as check_id_against_record
from learncenter.domain.messages import DomainError, Problem, define

define(
    "doc.wrong_type",
    zh="“{value}”是{actual_zh}的号码，不是{expected_zh}的号码：请选择正确的证件类型。",
    en="\"{value}\" is the number of a {actual_en}, not of a {expected_en}: choose the right document type.",
)
define(
    "doc.unrecognised",
    zh="“{value}”不像任何一种支持的证件号码（居民身份证、港澳台居民居住证、回乡证、台胞证、外国人永久居留身份证、护照）：请核对号码，或指明证件类型。",
    en="\"{value}\" does not look like the number of any supported document (resident ID card, residence permit, "
    "Hong Kong/Macao or Taiwan travel permit, foreign permanent resident ID card, passport): check it, or name "
    "the document type.",
)
define(
    "doc.birth_date_mismatch",
    zh="出生日期 {recorded} 与证件号码中的出生日期 {from_doc} 不一致：请核对证件后改正其中之一。",
    en="The date of birth {recorded} differs from {from_doc} in the document number: check the document and "
    "correct one of them.",
)
define(
    "doc.gender_mismatch",
    zh="性别“{recorded_zh}”与证件号码表示的性别“{from_doc_zh}”不一致：请核对证件后改正其中之一。",
    en="The gender \"{recorded_en}\" differs from \"{from_doc_en}\" given by the document number: check the "
    "document and correct one of them.",
)
define(
    "doc.nationality_mismatch",
    zh="国籍“{recorded_zh}”与证件表示的国籍“{from_doc_zh}”不一致：请核对证件后改正其中之一。",
    en="The nationality \"{recorded_en}\" differs from \"{from_doc_en}\" given by the document: check it and "
    "correct one of them.",
)

_ID_TYPES = (DocumentType.RESIDENT_ID, DocumentType.RESIDENCE_PERMIT)
_REGIONS = {IdKind.HONG_KONG: "HK", IdKind.MACAO: "MO", IdKind.TAIWAN: "TW"}
_ID_SHAPE = re.compile(r"^(\d{15}|[1-8]\d{16}[\dX])$")
_CHINESE_PASSPORT_GUESS = re.compile(r"^(E[A-Z0-9]\d{7}|G\d{8})$")


def _from_id_number(idn: IdNumber) -> Document:
    kind = DocumentType.RESIDENT_ID if idn.kind is IdKind.RESIDENT else DocumentType.RESIDENCE_PERMIT
    return Document(kind, idn.value, idn.entered, idn.value, birth_date=idn.birth_date, gender=idn.gender,
                    nationality="CHN", region=_REGIONS.get(idn.kind, idn.region_code), older_form=idn.legacy)


def parse_document(kind: DocumentType, text: str, *, today: date, nationality: str | None = None) -> Document:
    """Parse ``text`` as the number of a ``kind`` document; DomainError says what is wrong.

    ``nationality`` (a code or a country name) is needed for a foreign passport only, whose
    number is unique only within the issuing state.
    """
    entered = (text or "").strip()
    if not clean(entered):
        raise DomainError(Problem("doc.empty" if kind not in _ID_TYPES else "id.empty", FIELD))
    if kind in _ID_TYPES:
        doc = _from_id_number(parse_id_number(entered, today=today))
        if doc.kind is not kind:
            raise DomainError(Problem("doc.wrong_type", FIELD, {
                "value": doc.value, **type_params("actual", doc.kind), **type_params("expected", kind)}))
        return doc
    if kind is DocumentType.HK_MACAO_PERMIT:
        return parse_hk_macao_permit(entered)
    if kind is DocumentType.TAIWAN_PERMIT:
        return parse_taiwan_permit(entered)
    if kind is DocumentType.FOREIGN_PR_CARD:
        return parse_foreign_pr_card(entered, today=today)
    if kind is DocumentType.FOREIGN_PR_CARD_OLD:
        return parse_foreign_pr_card_old(entered, today=today)
    if kind is DocumentType.PASSPORT:
        return parse_passport(entered, nationality=nationality)
    return parse_chinese_passport(entered)


def guess_document(text: str) -> DocumentType | None:
    """The type whose number ``text`` must be, judged by its shape alone; None when no type fits.

    Every structured number has a shape of its own: the resident ID's digits start with a province
    code 1-8 and the 2023 permanent resident card's with 9; travel permits start with H or M or
    are 8 digits (10 with an office code); the old permanent resident card has three letters and
    12 digits; a Chinese passport starts with E or G. A foreign passport number can look like anything, so it is never
    guessed: it needs its type and nationality named. Only the shape is judged here; whether the
    number is valid is for :func:`parse_document` to say.
    """
    cleaned = clean(text or "")
    if _ID_SHAPE.match(cleaned):
        return DocumentType.RESIDENCE_PERMIT if cleaned[:2] in ("81", "82", "83") else DocumentType.RESIDENT_ID
    for kind in (DocumentType.FOREIGN_PR_CARD, DocumentType.HK_MACAO_PERMIT, DocumentType.TAIWAN_PERMIT,
                 DocumentType.FOREIGN_PR_CARD_OLD):
        if shaped_like(kind, cleaned):
            # ten bare digits are as likely a resident ID cut short as a Taiwan permit of before
            # 2008 (long expired): that permit is recognised only with its office code
            if kind is DocumentType.TAIWAN_PERMIT and len(cleaned) == 10:
                return None
            return kind
    if _CHINESE_PASSPORT_GUESS.match(cleaned):
        return DocumentType.CHINESE_PASSPORT
    return None


def recognise(text: str, *, today: date) -> Document:
    """Parse a number whose type is not given; DomainError when it fits no type or is invalid."""
    kind = guess_document(text)
    if kind is None:
        raise DomainError(Problem("doc.unrecognised", FIELD, {"value": (text or "").strip()}))
    return parse_document(kind, text, today=today)


def normalise_document_query(text: str, *, today: date) -> str | None:
    """The identity key when a search text is a whole valid number of a recognisable type, else
    None (a name search). Foreign passports are never recognised from the number alone."""
    try:
        return recognise(text, today=today).key
    except DomainError:
        return None


def _gender(gender: Gender) -> Label:
    return Label(gender_label(gender, "zh") or gender.value, gender_label(gender, "en") or gender.value)


def _nationality(code: str) -> Label:
    from learncenter.domain.nationalities import nationality_label  # the country table: only when one is named

    return Label(nationality_label(code, "zh") or code, nationality_label(code, "en") or code)


def check_against_record(doc: Document, *, birth_date: date | None, gender: Gender | None,
                         nationality: str | None) -> list[Problem]:
    """Where the record disagrees with what the document says about its holder.

    The old permanent resident card gives a two-digit birth year only, so the record's birth
    date is compared on YYMMDD; a document that tells nothing about a field is never compared.
    """
    if doc.kind in _ID_TYPES:
        idn = parse_id_number(doc.value, today=date.max)
        problems = check_id_against_record(idn, birth_date=birth_date, gender=gender)
    else:
        problems = []
        if birth_date is not None and doc.birth_date is not None and birth_date != doc.birth_date:
            problems.append(Problem("doc.birth_date_mismatch", "birth_date",
                                    {"recorded": birth_date.isoformat(), "from_doc": doc.birth_date.isoformat()}))
        if birth_date is not None and doc.birth_yymmdd and f"{birth_date:%y%m%d}" != doc.birth_yymmdd:
            problems.append(Problem("doc.birth_date_mismatch", "birth_date",
                                    {"recorded": birth_date.isoformat(), "from_doc": doc.birth_yymmdd}))
        if gender is not None and doc.gender is not None and gender != doc.gender:
            problems.append(Problem("doc.gender_mismatch", "gender", {
                **label_params("recorded", _gender(gender)), **label_params("from_doc", _gender(doc.gender))}))
    if nationality and doc.nationality and HolderField.NATIONALITY not in record_must_carry(doc.kind) \
            and nationality != doc.nationality:
        problems.append(Problem("doc.nationality_mismatch", "nationality", {
            **label_params("recorded", _nationality(nationality)),
            **label_params("from_doc", _nationality(doc.nationality))}))
    return problems


# -- documents on records ----------------------------------------------------------------------
# A record's ``id_number`` holds the holder's key (Document.key): the 18-character number for the
# resident ID and the residence permits, as every record made before other documents existed
# holds it; ``<type>:<number>`` for the others, ``passport:<nationality>:<number>`` for a foreign
# passport. The key is what search, dedup and the registry's one-person rule compare.

KEY_SEPARATOR = ":"


def key_parts(key: str) -> tuple[DocumentType, str, str]:
    """(type, nationality, number) of a record's key; the nationality is "" unless the key names it."""
    if KEY_SEPARATOR not in key:
        return DocumentType.RESIDENT_ID, "", key  # or a residence permit: the number says which
    kind, _, rest = key.partition(KEY_SEPARATOR)
    if kind == DocumentType.PASSPORT.value:
        nationality, _, number = rest.partition(KEY_SEPARATOR)
        return DocumentType.PASSPORT, nationality, number
    return DocumentType(kind), "", rest


def from_key(key: str, *, today: date, entered: str = "") -> Document:
    """The document a record's key stands for, parsed again (from ``entered`` when the record
    kept the number as typed); DomainError when the key is not a valid one."""
    try:
        kind, nationality, number = key_parts(key)
    except ValueError:
        raise DomainError(Problem("doc.unrecognised", FIELD, {"value": key})) from None
    if KEY_SEPARATOR not in key:
        return _from_id_number(parse_id_number(entered or number, today=today))
    return parse_document(kind, entered or number, today=today, nationality=nationality or None)


def shown_number(key: str) -> str:
    """The document's number as printed on it (the key without its type and nationality)."""
    return key.rpartition(KEY_SEPARATOR)[2]


def document_words(key: str, lang: str = "zh") -> str:
    """The number with its document named, where it is not the resident ID card:
    "港澳居民来往内地通行证 H12345678", "外国护照（USA） E1234567"."""
    if KEY_SEPARATOR not in key:
        return key
    kind, nationality, number = key_parts(key)
    label = DOCUMENT_TYPES.label(kind.value, lang) or kind.value
    if nationality:
        label += f"（{nationality}）" if lang == "zh" else f" ({nationality})"
    return f"{label} {number}"
