"""Registering a student's certificate (学历注册): its type, its number, its verification code.

The number follows DOMAIN §4's rule for online education: the school's 5-digit code, education
type 7, the year of issue, the level code (05 本科, 06 专科) and a 6-digit serial counted per
school and year; :func:`build_certificate_number` only returns what
:func:`~learncenter.domain.certificate.parse_certificate_number` reads back to the same parts.
Once registered, the certificate's fields are frozen: a change is a correction the registry's
reviewer approves (:func:`correction_changes` says what it would change).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import date

from learncenter.domain.candidate import Level
from learncenter.domain.certificate import EducationType, parse_certificate_number
from learncenter.domain.codes import Label
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.student_status import StudentStatus


class CertificateType(enum.StrEnum):
    GRADUATION = "graduation"  # 毕业证书
    COMPLETION = "completion"  # 结业证书
    NON_COMPLETION = "non_completion"  # 肄业证书


CERTIFICATE_TYPE_LABELS: Mapping[CertificateType, Label] = {
    CertificateType.GRADUATION: Label("毕业", "graduation"),
    CertificateType.COMPLETION: Label("结业", "completion"),
    CertificateType.NON_COMPLETION: Label("肄业", "non-completion"),
}
# The status a certificate of each type leaves the student in, and the change that gets there.
STATUS_AFTER: Mapping[CertificateType, StudentStatus] = {
    CertificateType.GRADUATION: StudentStatus.GRADUATED,
    CertificateType.COMPLETION: StudentStatus.COMPLETED,
    CertificateType.NON_COMPLETION: StudentStatus.LEFT_EARLY,
}
EVENT_OF: Mapping[CertificateType, str] = {
    CertificateType.GRADUATION: "graduate",
    CertificateType.COMPLETION: "62",
    CertificateType.NON_COMPLETION: "63",
}
LEVEL_CODES: Mapping[Level, str] = {
    Level.HIGH_TO_JUNIOR_COLLEGE: "06",
    Level.HIGH_TO_BACHELOR: "05",
    Level.JUNIOR_COLLEGE_TO_BACHELOR: "05",
}
_LEVEL_WORDS = {"05": Label("本科", "bachelor's degree programme"), "06": Label("专科", "junior college programme")}
SERIAL_LIMIT = 999_999

# The fields a registered certificate shows (and a verification answers with); frozen once registered.
FROZEN_FIELDS: tuple[str, ...] = (
    "name", "gender", "birth_date", "enrolment_date", "graduation_date", "major_code", "major_name",
    "minor", "level", "programme_length", "learning_form", "certificate_type",
)

define(
    "certificate.serials_exhausted",
    zh="{year} 年的学历证书流水号已用完（最多 999999 个）。",
    en="The certificate serials of {year} are used up (999999 at most).",
)
define(
    "certificate.school_code",
    zh="学校代码“{value}”无效：应为5位数字。",
    en="School code \"{value}\" is invalid: it has 5 digits.",
)
define(
    "certificate.correction_unknown_field",
    zh="“{field}”不是学历证书上的项目，不能更正。",
    en="\"{field}\" is not a field of the certificate and cannot be corrected.",
)
define(
    "certificate.correction_nothing",
    zh="更正申请没有改变证书上的任何项目。",
    en="The correction changes nothing on the certificate.",
)
define(
    "certificate.verification_code_format",
    zh="验证码“{value}”格式不对：应为16位大写字母或数字。",
    en="Verification code \"{value}\" is malformed: it has 16 capital letters or digits.",
)


def build_certificate_number(school_code: str, issue_date: date, level: Level, serial: int) -> str:
    """The 18-digit number of an online-education certificate issued on ``issue_date``."""
    if not re.fullmatch(r"[0-9]{5}", school_code or ""):
        raise DomainError(Problem("certificate.school_code", "school_code", {"value": school_code}))
    if not 1 <= serial <= SERIAL_LIMIT:
        raise DomainError(Problem("certificate.serials_exhausted", "certificate_no", {"year": issue_date.year}))
    number = f"{school_code}{EducationType.ONLINE.value}{issue_date.year:04d}{LEVEL_CODES[level]}{serial:06d}"
    parsed = parse_certificate_number(number)
    assert (parsed.school_code, parsed.education_type, parsed.year, parsed.level_code, int(parsed.serial)) == \
        (school_code, EducationType.ONLINE, issue_date.year, LEVEL_CODES[level], serial)
    return number


def certificate_level(level: object, lang: str = "zh") -> str:
    """The level a certificate states (本科 or 专科) for the programme's level code (gqz, gqb, zsb)."""
    try:
        return _LEVEL_WORDS[LEVEL_CODES[Level(str(level))]].text(lang)
    except (ValueError, KeyError):
        return ""


def certificate_type_for(status: StudentStatus) -> CertificateType:
    """The certificate a student leaving in ``status`` gets (for 61 提前毕业 too: a graduation)."""
    for kind, after in STATUS_AFTER.items():
        if after == status:
            return kind
    raise ValueError(f"no certificate for status {status}")


# --- verification codes (16 characters, DOMAIN §4) ------------------------------------------------

VERIFICATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols, none that reads like another
VERIFICATION_LENGTH = 16
_VERIFICATION = re.compile(r"^[A-Z0-9]{16}$")


def verification_code_from(random_bytes: bytes) -> str:
    """A 16-character code from 10 random bytes (80 bits, 5 per character); the registry passes
    ``secrets.token_bytes(10)`` and makes sure the code is not already in use."""
    if len(random_bytes) != 10:
        raise ValueError("a verification code takes 10 random bytes")
    value = int.from_bytes(random_bytes, "big")
    return "".join(VERIFICATION_ALPHABET[(value >> (5 * i)) & 31] for i in range(VERIFICATION_LENGTH))


def normalise_verification_code(text: str) -> str:
    """Spaces and hyphens removed, upper-cased; DomainError unless 16 letters or digits remain."""
    value = re.sub(r"[\s\-]+", "", text or "").upper()
    if not _VERIFICATION.match(value):
        raise DomainError(Problem("certificate.verification_code_format", "code", {"value": (text or "").strip()}))
    return value


def correction_changes(registered: Mapping[str, object], proposed: Mapping[str, object]) -> dict[str, object]:
    """The fields a correction would change (field -> new value); DomainError for a field that is
    not on the certificate or a correction that changes nothing."""
    unknown = [f for f in proposed if f not in FROZEN_FIELDS]
    if unknown:
        raise DomainError(*(Problem("certificate.correction_unknown_field", f, {"field": f}) for f in unknown))
    changes = {f: v for f, v in proposed.items() if registered.get(f) != v}
    if not changes:
        raise DomainError(Problem("certificate.correction_nothing", None))
    return changes
