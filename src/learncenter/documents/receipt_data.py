"""What a confirmation receipt shows (:mod:`learncenter.documents.receipt` draws it).

A plain value with no reportlab: the desk fills it in the workstation's process and the receipt
is drawn in the helper process (:mod:`learncenter.services.helper_process`), so the fonts and
reportlab never load in the workstation's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from learncenter.domain.messages import LANGUAGES


@dataclass(frozen=True)
class ReceiptData:
    """What a receipt shows, already in words: labels, not codes, so the document needs no
    code tables and prints exactly what the clerk saw on screen.

    ``confirmed_at``: a naive value is printed as it is (local wall-clock time); an aware one
    is shown in this computer's time zone.
    """

    registration_no: str
    term: str
    name: str
    gender: str
    birth_date: date
    id_number: str
    ethnicity: str
    level: str
    major_code: str
    major_name: str
    learning_form: str
    prior_school: str
    prior_certificate_no: str
    photo_jpeg: bytes | None
    center_name: str
    confirmed_at: datetime
    clerk: str
    record_id: str
    version: int
    lang: str = "zh"
    payment: str = ""  # in words, with its day: 已缴费（2026年02月03日）
    admission_type: str = ""  # in words: 普通, 定向培养 ...
    exemptions: str = ""  # in words: 大学英语（大学英语四级及以上，201812345678）, or none
    other_document: bool = False  # id_number names another identity document (港澳居民来往内地通行证 H12345678)

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"unknown language {self.lang!r}; expected one of {LANGUAGES}")
