"""The data of one candidate's application, as entered, imported or pre-registered.

This is the shape the rules, the store, the importer and the registry agree on. Values are
already normalised (ID number in its 18-character form with an upper-case X, codes as strings);
turning raw input into this shape is the job of :func:`learncenter.domain.validation.validate_candidate`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from datetime import date


class Gender(enum.StrEnum):
    """GB/T 2261.1 codes."""

    MALE = "1"
    FEMALE = "2"


class Level(enum.StrEnum):
    """Level of the programme applied for."""

    HIGH_TO_JUNIOR_COLLEGE = "gqz"  # 高起专
    HIGH_TO_BACHELOR = "gqb"  # 高起本
    JUNIOR_COLLEGE_TO_BACHELOR = "zsb"  # 专升本


class PaymentState(enum.StrEnum):
    """Whether the candidate has paid the registration fee (the seed: a payment card from the
    bank, then "register for payment" before the form). No state at all means unknown: a record
    typed at the center, or one held from before payment was recorded."""

    PAID = "paid"  # 已缴费
    UNPAID = "unpaid"  # 未缴费
    REFUNDED = "refunded"  # 已退费


class PriorEducation(enum.StrEnum):
    """The highest education the candidate declares before this programme."""

    HIGH_SCHOOL = "high_school"  # 普通高中
    VOCATIONAL_HIGH_SCHOOL = "vocational_high_school"  # 职业高中
    TECHNICAL_SECONDARY = "technical_secondary"  # 中专 / 技校
    JUNIOR_COLLEGE = "junior_college"  # 专科 (incl. 高职)
    BACHELOR = "bachelor"  # 本科
    MASTER = "master"  # 硕士研究生
    DOCTORATE = "doctorate"  # 博士研究生


@dataclass(frozen=True)
class CandidateData:
    """One application. ``term`` + ``id_number`` identify it (one application per term)."""

    term: str  # enrolment round, e.g. "2026秋" / "2026A"
    name: str
    gender: Gender
    birth_date: date
    id_number: str  # normalised 18-character form
    level: Level
    major_code: str  # 6 characters
    major_name: str
    ethnicity: str = "01"  # GB 3304 code
    political_status: str = "13"  # GB/T 4762 code
    learning_form: str = "online"  # code from domain.codes.LEARNING_FORMS
    registration_no: str = ""  # 报名号 given by the online registration, if any
    phone: str = ""
    address: str = ""
    prior_education: PriorEducation | None = None
    prior_school: str = ""
    prior_certificate_no: str = ""
    prior_graduation_date: date | None = None
    chsi_code: str = ""  # CHSI online verification code (normalised)
    cert_report_no: str = ""  # China Higher Education Certification Report number
    payment_state: PaymentState | None = None  # None: unknown (no payment information came with it)
    payment_date: date | None = None  # the day paid, or the day refunded
    admission_type: str = ""  # code of domain.admission_types.ADMISSION_TYPES; "" for an ordinary admission
    exemptions: str = ""  # canonical text of domain.exemptions ("" for none)
    document_type: str = ""  # domain.document_types code when not the resident ID card (or a residence permit)
    nationality: str = ""  # ISO 3166-1 alpha-3, kept with a document other than the resident ID card
    prior_study_form: str = ""  # education-type digit of the prior diploma as declared (domain.certificate.STUDY_FORMS)


CANDIDATE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(CandidateData))
PAYMENT_FIELDS: tuple[str, ...] = ("payment_state", "payment_date")
"""Left out of a record's plain content while unknown (None), so that every digest, outbox copy and
registry copy made before payment was recorded still matches (see ``store.records.content``)."""
WHEN_GIVEN_FIELDS: tuple[str, ...] = ("admission_type", "exemptions", "document_type", "nationality",
                                       "prior_study_form")
"""Left out of a record's plain content while empty ("" or None) for the same reason: a record
without a special admission type or exemption keeps the content it had before they existed."""

REQUIRED_FIELDS: tuple[str, ...] = (
    "term",
    "name",
    "gender",
    "birth_date",
    "id_number",
    "level",
    "major_code",
    "major_name",
)
