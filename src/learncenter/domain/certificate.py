"""Academic certificate numbers and the CHSI evidence recorded for them (DOMAIN §4).

For 专升本 the prior certificate decides eligibility, and its number encodes the issuing school,
the education type, the year and the level. Reading those parts lets the clerk see, offline,
when the declared prior education or graduation date disagrees with the certificate - a finding
to resolve at the desk, not a silent pass. The CHSI verification code and the certification
report number can only be checked online, so here they are just normalised for later checking.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from learncenter.domain.candidate import PriorEducation
from learncenter.domain.codes import PRIOR_EDUCATION, CodeTable, Label, label_params
from learncenter.domain.messages import DomainError, Problem, define

FIELD = "prior_certificate_no"

CERTIFICATE_PATTERN = re.compile(r"^(\d{5})([1567])(\d{4})(0[1-6])(\d{5,6})$")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―]+")


class EducationType(enum.StrEnum):
    """The education-type digit (7th character) of a certificate number."""

    REGULAR = "1"  # 普通高等教育
    ADULT = "5"  # 成人高等教育
    SELF_STUDY = "6"  # 高等教育自学考试
    ONLINE = "7"  # 网络教育


STUDY_FORMS = CodeTable(
    "prior_study_form",
    {
        EducationType.REGULAR.value: Label("普通高等教育", "regular higher education"),
        EducationType.ADULT.value: Label("成人高等教育", "adult higher education"),
        EducationType.SELF_STUDY.value: Label("高等教育自学考试", "higher education self-study examination"),
        EducationType.ONLINE.value: Label("网络教育", "online education"),
    },
    {
        "普通": "1", "普通全日制": "1", "全日制": "1", "统招": "1", "普通高校": "1", "regular": "1", "full-time": "1",
        "成人": "5", "成人教育": "5", "成考": "5", "成人高考": "5", "函授": "5", "业余": "5", "夜大": "5", "adult": "5",
        "自考": "6", "自学考试": "6", "self-study": "6", "self study": "6",
        "网络": "7", "网教": "7", "远程教育": "7", "现代远程教育": "7", "网络教育学院": "7", "online": "7",
    },
)
STUDY_FORM_UNKNOWN = define(
    "cert.study_form_unknown",
    zh="前置学历类别“{value}”无法识别：请填写普通高等教育、成人高等教育、高等教育自学考试或网络教育。",
    en="Prior study form \"{value}\" is not recognised: enter regular, adult, self-study examination or online.",
)
STUDY_FORM_MISMATCH = define(
    "cert.study_form_mismatch",
    zh="毕业证书编号第6位表明学历类别为“{certificate_zh}”，与申报的“{declared_zh}”不一致：请核对毕业证书后改正其中之一。",
    en="Character 6 of the certificate number shows \"{certificate_en}\", but \"{declared_en}\" was declared: "
       "check the certificate and correct one of them.",
)


def parse_study_form(raw: object) -> str:
    """The education-type digit for a declared prior study form ("网络教育", "成考", "1" ...)."""
    found = STUDY_FORMS.lookup(raw)
    if found is None:
        raise DomainError(Problem(STUDY_FORM_UNKNOWN, "prior_study_form", {"value": str(raw).strip()}))
    return found


_LEVELS_BY_CODE: dict[str, PriorEducation] = {
    "01": PriorEducation.DOCTORATE,
    "02": PriorEducation.MASTER,
    "04": PriorEducation.BACHELOR,  # second bachelor
    "05": PriorEducation.BACHELOR,
    "06": PriorEducation.JUNIOR_COLLEGE,
}

define(
    "cert.empty",
    zh="请填写毕业证书编号。",
    en="Enter the certificate number.",
)
define(
    "cert.format",
    zh="毕业证书编号“{value}”不符合学历证书编号规则（18位数字，2000至2002年颁发的为17位）：请对照毕业证书重新输入；"
    "证书无法在学信网查询的，请改填学历认证报告编号。",
    en="Certificate number \"{value}\" does not follow the national layout (18 digits; 17 for 2000-2002): re-enter it "
    "from the certificate, or, if the certificate is not on CHSI, record the certification report number instead.",
)
define(
    "cert.level_mismatch",
    zh="毕业证书编号表明学历层次为“{certificate_zh}”，与申报的前置学历“{declared_zh}”不一致：请核对毕业证书后改正。",
    en="The certificate number shows the level \"{certificate_en}\", but the declared prior education is "
    "\"{declared_en}\": check the certificate and correct one of them.",
)
define(
    "cert.level_code_unknown",
    zh="毕业证书编号第11至12位的层次代码“{level_code}”不是已知的学历层次：请核对毕业证书编号。",
    en="The level code \"{level_code}\" (characters 11-12) of the certificate number is not a known level: "
    "check the number against the certificate.",
)
define(
    "cert.year_mismatch",
    zh="毕业证书编号中的发证年份 {certificate_year} 与填写的毕业日期（{graduation_date}）年份不一致：请核对毕业证书。",
    en="The year of issue {certificate_year} in the certificate number differs from the graduation date "
    "{graduation_date}: check the certificate.",
)
define(
    "cert.chsi_code_format",
    zh="学信网在线验证码“{value}”格式不对：应为16位字母或数字（早期为12位数字），请对照《教育部学历证书电子注册备案表》重新输入。",
    en="CHSI verification code \"{value}\" is malformed: it has 16 letters or digits (older ones 12 digits); "
    "re-enter it from the registration record form.",
)
define(
    "cert.report_no_format",
    zh="学历认证报告编号“{value}”格式不对：应为7至8位数字，请对照《中国高等教育学历认证报告》重新输入。",
    en="Certification report number \"{value}\" is malformed: it has 7 or 8 digits; re-enter it from the report.",
)


@dataclass(frozen=True)
class CertificateNumber:
    """A certificate number and what its layout says.

    ``self_study_layout`` marks a 17-digit number in the self-study examination's own layout
    (type, level, province, city, county, 2-digit year, sitting, serial, check digit): it is kept
    as it is, ``region_code`` and ``year`` are read from it, and ``level_code``/``school_code`` stay
    empty because that layout does not carry them in the national form.
    """

    value: str
    school_code: str
    education_type: EducationType
    year: int
    level_code: str
    serial: str
    self_study_layout: bool = False
    region_code: str = ""


def _clean(text: str) -> str:
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text or "")).upper()


def parse_certificate_number(text: str) -> CertificateNumber:
    """Parse a certificate number; DomainError when it cannot be one.

    A 17-digit number is the national form only when it matches the pattern and its year is
    2000-2002 (the only years that form was issued); any other 17-digit number is taken as a
    self-study certificate, which must be accepted and recorded.
    """
    value = _clean(text)
    if not value:
        raise DomainError(Problem("cert.empty", FIELD))
    if not (value.isascii() and value.isdigit()):
        raise DomainError(Problem("cert.format", FIELD, {"value": (text or "").strip()}))
    match = CERTIFICATE_PATTERN.match(value)
    if match and (len(value) == 18 or 2000 <= int(match.group(3)) <= 2002):
        school, kind, year, level, serial = match.groups()
        return CertificateNumber(value, school, EducationType(kind), int(year), level, serial)
    if len(value) == 17:
        yy = int(value[8:10])
        return CertificateNumber(
            value=value,
            school_code="",
            education_type=EducationType.SELF_STUDY,
            year=(1900 if yy >= 81 else 2000) + yy,  # the self-study examination began in 1981
            level_code="",
            serial=value[11:16],
            self_study_layout=True,
            region_code=value[2:8],
        )
    raise DomainError(Problem("cert.format", FIELD, {"value": (text or "").strip()}))


def certificate_level(cert: CertificateNumber) -> PriorEducation | None:
    """The education level the certificate attests, or None when the number does not say."""
    if cert.self_study_layout:
        return None
    return _LEVELS_BY_CODE.get(cert.level_code)


def compare_with_declared(
    cert: CertificateNumber, *, prior_education: PriorEducation | None, graduation_date: date | None,
    study_form: str = "",
) -> list[Problem]:
    """Findings where the certificate number contradicts what the candidate declared.

    Self-study numbers yield none: their layout is not the national one, so there is nothing
    reliable to compare offline.
    """
    if cert.self_study_layout:
        return []
    findings: list[Problem] = []
    level = certificate_level(cert)
    if level is None:
        findings.append(Problem("cert.level_code_unknown", FIELD, {"level_code": cert.level_code}))
    elif prior_education is not None and level != prior_education:
        findings.append(Problem(
            "cert.level_mismatch", FIELD,
            {**label_params("certificate", _label(level)), **label_params("declared", _label(prior_education))},
        ))
    if study_form and study_form != cert.education_type.value:
        findings.append(Problem(STUDY_FORM_MISMATCH, FIELD, {
            **label_params("certificate", STUDY_FORMS.labels[cert.education_type.value]),
            **label_params("declared", STUDY_FORMS.labels[study_form])}))
    if graduation_date is not None and graduation_date.year != cert.year:
        findings.append(Problem(
            "cert.year_mismatch", FIELD,
            {"certificate_year": cert.year, "graduation_date": graduation_date.isoformat()},
        ))
    return findings


def _label(prior: PriorEducation) -> Label:
    return PRIOR_EDUCATION.labels[prior.value]


def normalise_chsi_code(text: str) -> str:
    """The CHSI online verification code without spaces or hyphens, upper-cased."""
    value = _clean(text)
    if re.fullmatch(r"[A-Z0-9]{16}", value) or re.fullmatch(r"[0-9]{12}", value):
        return value
    raise DomainError(Problem("cert.chsi_code_format", "chsi_code", {"value": (text or "").strip()}))


def normalise_cert_report_no(text: str) -> str:
    """The certification report number as 7 or 8 digits."""
    value = _clean(text)
    if re.fullmatch(r"[0-9]{7,8}", value):
        return value
    raise DomainError(Problem("cert.report_no_format", "cert_report_no", {"value": (text or "").strip()}))
