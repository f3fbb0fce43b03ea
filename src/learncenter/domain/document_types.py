"""The identity documents a candidate may present, and what each one carries (issue 13).

The second-generation resident ID card says everything the record needs about its holder: birth
date, gender and where it was issued. The other documents people of Hong Kong, Macao and Taiwan,
foreigners and Chinese citizens settled abroad present say less, so the record must carry what
the number does not tell, and the clerk keeps different scans: both sides of a card, or the photo
page of a passport. This module is that table; the number rules are in
:mod:`learncenter.domain.document_numbers`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from learncenter.domain.candidate import Gender
from learncenter.domain.codes import CodeTable, Label


class DocumentType(enum.StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证 (GB 11643-1999)
    RESIDENCE_PERMIT = "residence_permit"  # 港澳台居民居住证: the ID format with 810000/820000/830000
    HK_MACAO_PERMIT = "hk_macao_permit"  # 港澳居民来往内地通行证 (回乡证)
    TAIWAN_PERMIT = "taiwan_permit"  # 台湾居民来往大陆通行证 (台胞证)
    FOREIGN_PR_CARD = "foreign_pr_card"  # 外国人永久居留身份证, 18 digits starting with 9 (from 2023-12-01)
    FOREIGN_PR_CARD_OLD = "foreign_pr_card_old"  # the same card's 15-character number (2004 and 2017 editions)
    PASSPORT = "passport"  # a foreign passport, read with its nationality
    CHINESE_PASSPORT = "chinese_passport"  # 中华人民共和国护照: citizens settled abroad have no resident ID


DOCUMENT_TYPES = CodeTable(
    "document_type",
    {
        DocumentType.RESIDENT_ID: Label("居民身份证", "Resident identity card"),
        DocumentType.RESIDENCE_PERMIT: Label("港澳台居民居住证", "Residence permit for Hong Kong, Macao and Taiwan residents"),
        DocumentType.HK_MACAO_PERMIT: Label("港澳居民来往内地通行证", "Mainland travel permit for Hong Kong and Macao residents"),
        DocumentType.TAIWAN_PERMIT: Label("台湾居民来往大陆通行证", "Mainland travel permit for Taiwan residents"),
        DocumentType.FOREIGN_PR_CARD: Label("外国人永久居留身份证", "Foreign permanent resident ID card"),
        DocumentType.FOREIGN_PR_CARD_OLD: Label("外国人永久居留身份证（15位旧号）",
                                                "Foreign permanent resident ID card (old 15-character number)"),
        DocumentType.PASSPORT: Label("外国护照", "Foreign passport"),
        DocumentType.CHINESE_PASSPORT: Label("中华人民共和国护照", "Passport of the People's Republic of China"),
    },
    {
        "身份证": DocumentType.RESIDENT_ID, "resident": DocumentType.RESIDENT_ID, "id": DocumentType.RESIDENT_ID,
        "居住证": DocumentType.RESIDENCE_PERMIT, "permit": DocumentType.RESIDENCE_PERMIT,
        "港澳台居民居住证": DocumentType.RESIDENCE_PERMIT,
        "回乡证": DocumentType.HK_MACAO_PERMIT, "港澳通行证": DocumentType.HK_MACAO_PERMIT,
        "home return permit": DocumentType.HK_MACAO_PERMIT, "hk macao": DocumentType.HK_MACAO_PERMIT,
        "台胞证": DocumentType.TAIWAN_PERMIT, "taiwan": DocumentType.TAIWAN_PERMIT,
        "永居证": DocumentType.FOREIGN_PR_CARD, "外国人永久居留证": DocumentType.FOREIGN_PR_CARD,
        "pr card": DocumentType.FOREIGN_PR_CARD, "fpr": DocumentType.FOREIGN_PR_CARD,
        "旧版永居证": DocumentType.FOREIGN_PR_CARD_OLD, "fpr old": DocumentType.FOREIGN_PR_CARD_OLD,
        "护照": DocumentType.PASSPORT, "foreign passport": DocumentType.PASSPORT,
        "中国护照": DocumentType.CHINESE_PASSPORT, "china passport": DocumentType.CHINESE_PASSPORT,
        "cn passport": DocumentType.CHINESE_PASSPORT,
    },
)


ID_CARD_OR_PERMIT = Label("居民身份证或港澳台居民居住证", "Resident ID card or residence permit")


def document_type_label(kind: DocumentType | str, lang: str = "zh") -> str | None:
    return DOCUMENT_TYPES.label(str(kind), lang)


class HolderField(enum.StrEnum):
    """What a document can say about its holder, and so what the record may have to say itself."""

    BIRTH_DATE = "birth_date"
    GENDER = "gender"
    NATIONALITY = "nationality"


class Scan(enum.StrEnum):
    """Scans the center keeps of the document. The card sides keep the names the evidence rules
    already use for the resident ID card (``id_front``/``id_back``), so a card of any type fills
    the same slots; a passport is kept by its photo page."""

    CARD_FRONT = "id_front"
    CARD_BACK = "id_back"
    PHOTO_PAGE = "passport_photo_page"


_CARD = (Scan.CARD_FRONT, Scan.CARD_BACK)
_ALL = frozenset(HolderField)


@dataclass(frozen=True)
class DocumentRules:
    """What one type of document carries and what must be kept of it."""

    tells: frozenset[HolderField]  # read from the number (always, when the number is valid)
    scans: tuple[Scan, ...]
    has_check_digit: bool


RULES: dict[DocumentType, DocumentRules] = {
    # nationality is Chinese for the resident ID, the permits and the Chinese passport: the number
    # tells it by the type itself
    DocumentType.RESIDENT_ID: DocumentRules(_ALL, _CARD, True),
    DocumentType.RESIDENCE_PERMIT: DocumentRules(_ALL, _CARD, True),
    DocumentType.HK_MACAO_PERMIT: DocumentRules(frozenset({HolderField.NATIONALITY}), _CARD, False),
    DocumentType.TAIWAN_PERMIT: DocumentRules(frozenset({HolderField.NATIONALITY}), _CARD, False),
    DocumentType.FOREIGN_PR_CARD: DocumentRules(_ALL, _CARD, True),
    # the old number holds a two-digit birth year: the record's birth date is checked against it
    # but must be entered
    DocumentType.FOREIGN_PR_CARD_OLD: DocumentRules(frozenset({HolderField.NATIONALITY}), _CARD, False),
    DocumentType.PASSPORT: DocumentRules(frozenset(), (Scan.PHOTO_PAGE,), False),
    DocumentType.CHINESE_PASSPORT: DocumentRules(frozenset({HolderField.NATIONALITY}), (Scan.PHOTO_PAGE,), False),
}


def record_must_carry(kind: DocumentType) -> tuple[HolderField, ...]:
    """Holder fields the record must have entered because the document's number does not say them."""
    return tuple(f for f in HolderField if f not in RULES[kind].tells)


def required_scans(kind: DocumentType) -> tuple[Scan, ...]:
    return RULES[kind].scans


@dataclass(frozen=True)
class Document:
    """A valid document number and what it says about its holder.

    ``value`` is the number as the record stores it: the canonical form of the current number
    (the lifetime number of a travel permit, without the renewal count older numbers appended).
    ``key`` identifies the holder across the documents' number spaces, for search and dedup: the
    resident ID and the residence permits keep their 18-character number (records already stored
    use it), every other type is prefixed with its type (and a passport with its nationality),
    since an 8-digit Taiwan permit and an 8-digit passport are different people.
    """

    kind: DocumentType
    value: str
    entered: str  # as typed, stripped
    key: str
    birth_date: date | None = None
    birth_yymmdd: str = ""  # the old permanent residence card's two-digit-year birth date
    gender: Gender | None = None
    nationality: str = ""  # ISO 3166-1 alpha-3, "CHN" for Chinese documents
    region: str = ""  # region code: 6-digit address code, "HK"/"MO"/"TW", or the 2-digit province of issue
    older_form: bool = False  # entered in an older, longer form of the same number
    unchecked: bool = False  # the format has a check digit whose rule is not published: not verified

    def __str__(self) -> str:
        return self.value
