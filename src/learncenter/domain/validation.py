"""Turning one raw row (a spreadsheet line, a form, a pre-registration) into :class:`CandidateData`.

Raw values come from Excel and from people: numbers where text was meant, full-width digits,
dates in five spellings, ID numbers that Excel turned into floats and so silently lost their
last digits. Every field is checked and every problem of the row is returned at once, each
naming its field, so a clerk can fix a sheet in one pass instead of one error per import.
Keys that are not fields of :class:`CandidateData` are ignored: the importer decides which
columns matter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from learncenter.domain import codes
from learncenter.domain.candidate import REQUIRED_FIELDS, CandidateData
from learncenter.domain.certificate import (
    compare_with_declared,
    normalise_cert_report_no,
    normalise_chsi_code,
    parse_certificate_number,
    parse_study_form,
)
from learncenter.domain.codes import FIELD_LABELS, LEVELS, Label, label_params
from learncenter.domain.eligibility import EligibilityProfile, LevelRules
from learncenter.domain import identity_documents
from learncenter.domain.document_numbers import nationality_code
from learncenter.domain.document_types import DOCUMENT_TYPES, Document, DocumentType
from learncenter.domain.idnumber import IdNumber, check_against_record, parse_id_number
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.admission_types import parse_admission_type
from learncenter.domain.exemptions import parse_exemptions
from learncenter.domain.payment import consistency_problems, parse_payment_state
from learncenter.domain.person_name import normalise_name

T = TypeVar("T")

_MAX_LENGTHS = {"term": 20, "major_name": 100, "registration_no": 30, "address": 200, "prior_school": 100}
_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
)
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")  # "1990-01-05 00:00:00" from CSV exports
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?")

define("validation.required", zh="请填写{field_zh}。", en="Enter the {field_en}.")
define(
    "validation.not_text",
    zh="{field_zh}被表格存成了数字，可能已丢失位数或末位的 X：请把该列设为“文本”格式，重新填写后再导入。",
    en="The {field_en} was stored by the spreadsheet as a number and may have lost digits or a final X: "
    "format the column as text, re-enter the values and import again.",
)
define(
    "validation.unreadable",
    zh="{field_zh}的内容无法读取：请重新填写。",
    en="The {field_en} cannot be read: enter it again.",
)
define(
    "validation.date_format",
    zh="{field_zh}“{value}”不是有效日期：请按“1990-01-05”或“1990年1月5日”的格式填写。",
    en="The {field_en} \"{value}\" is not a valid date: write it like 1990-01-05.",
)
define(
    "validation.date_future",
    zh="{field_zh} {value} 晚于今天：请核对后改正。",
    en="The {field_en} {value} is in the future: check and correct it.",
)
define(
    "validation.too_long",
    zh="{field_zh}最多{max}个字，当前为{length}个字：请删减。",
    en="The {field_en} has at most {max} characters; this one has {length}: shorten it.",
)
define(
    "validation.major_code",
    zh="专业代码“{value}”应为6位字母或数字：请按招生专业目录填写。",
    en="Major code \"{value}\" must be 6 letters or digits: copy it from the list of majors.",
)
define(
    "validation.major_code_padded",
    zh="专业代码被表格读成了数字 {value}，已补足前导零为“{code}”：请核对是否正确。",
    en="The major code was read as the number {value} and padded with leading zeros to \"{code}\": check it.",
)
define(
    "validation.phone",
    zh="联系电话“{value}”格式不对：请填写11位手机号，或带区号的固定电话（如 010-12345678）。",
    en="Phone number \"{value}\" is malformed: enter an 11-digit mobile number or a landline with area code "
    "(e.g. 010-12345678).",
)
define(
    "validation.id_upgraded",
    zh="15位旧身份证号已按规则升级为18位：{value}。请对照身份证核对。",
    en="The old 15-digit ID number was upgraded to its 18-character form {value}: check it against the card.",
)

LEVEL_NEEDS = define(
    "validation.level_needs",
    zh="{level_zh}需要填写{field_zh}：可以先保存，但现场确认前须补齐。",
    en="{level_en} needs the {field_en}: the record can be saved without it, but it must be filled in before "
    "the on-site confirmation.",
)
LEVEL_NEEDS_ONE_OF = define(
    "validation.level_needs_one_of",
    zh="{level_zh}需要填写学信网在线验证码或学历认证报告编号（其一即可）：可以先保存，但现场确认前须补齐。",
    en="{level_en} needs the CHSI verification code or the certification report number (one is enough): the "
    "record can be saved without it, but it must be filled in before the on-site confirmation.",
)


@dataclass(frozen=True)
class LevelNeeds:
    """The fields a level's rules ask for on top of those every application needs.

    They do not stop a record from being saved (a paper form may lack the CHSI code the candidate
    brings to the desk), but the form marks them and says what is still missing, so that the
    eligibility check at the desk (DOMAIN §5) finds them filled in.
    """

    each: tuple[str, ...]  # every one of these
    one_of: tuple[str, ...] = ()  # at least one of these (CHSI code or certification report)

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.each + self.one_of)


def level_needs(rules: LevelRules) -> LevelNeeds:
    """Which fields the eligibility profile's rules for a level need, as the rules themselves read them."""
    each = ["prior_education"]  # every level checks the declared prior education
    if rules.certificate_required:
        each += ["prior_school", "prior_certificate_no"]
    if rules.certificate_before_enrolment:
        each.append("prior_graduation_date")
    one_of = ("chsi_code", "cert_report_no") if rules.chsi_evidence_required else ()
    return LevelNeeds(tuple(each), one_of)


def _missing_for_level(raw: Mapping[str, object], level: str, rules: LevelRules) -> list[Problem]:
    needs = level_needs(rules)
    level_params = label_params("level", LEVELS.labels[level])
    warnings = [Problem(LEVEL_NEEDS, field, {**level_params, **label_params("field", FIELD_LABELS[field])})
                for field in needs.each if _is_missing(raw.get(field))]
    if needs.one_of and all(_is_missing(raw.get(field)) for field in needs.one_of):
        warnings.append(Problem(LEVEL_NEEDS_ONE_OF, needs.one_of[0], level_params))
    return warnings


@dataclass(frozen=True)
class ValidationResult:
    candidate: CandidateData | None  # None when there are problems
    problems: tuple[Problem, ...]  # must be fixed; each names a CandidateData field
    warnings: tuple[Problem, ...]  # accepted, but a person should look
    id_number: IdNumber | Document | None  # a Document for the other identity documents

    @property
    def ok(self) -> bool:
        return not self.problems


_SPACES = re.compile(r"\s+")
_MAJOR_CODE = re.compile(r"[A-Z0-9]{6}")
_COUNTRY_CODE = re.compile(r"^(\+86|0086|86)")


def _field_problem(message: str, field: str, **params: Any) -> Problem:
    label = FIELD_LABELS.get(field, Label(field, field))
    return Problem(message, field, {**label_params("field", label), **params})


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: object, field: str) -> str:
    """Text of a cell. Floats are accepted only while they are certainly exact integers."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise DomainError(_field_problem("validation.unreadable", field))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        raise DomainError(_field_problem("validation.not_text", field))
    raise DomainError(_field_problem("validation.unreadable", field))


def _plain_text(value: object, field: str) -> str:
    text = _SPACES.sub(" ", _as_text(value, field)).strip()
    limit = _MAX_LENGTHS.get(field)
    if limit is not None and len(text) > limit:
        raise DomainError(_field_problem("validation.too_long", field, max=limit, length=len(text)))
    return text


def parse_date(value: object, field: str) -> date:
    """A date from a cell: date/datetime objects or "1990-01-05", "1990/1/5", "1990.01.05",
    "19900105", "1990年1月5日" (full-width digits allowed)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", _as_text(value, field)).strip()
    text = _TIME_SUFFIX.sub("", text).replace(" ", "")
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise DomainError(_field_problem("validation.date_format", field, value=str(value).strip()))


def _major_code(value: object, field: str) -> str:
    code = unicodedata.normalize("NFKC", _as_text(value, field)).strip().upper()
    if _numeric(value) and code.isdigit() and len(code) < 6:
        code = code.zfill(6)  # Excel drops the leading zeros of a code typed into a number cell
    if not _MAJOR_CODE.fullmatch(code):
        raise DomainError(Problem("validation.major_code", field, {"value": code}))
    return code


def _numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _phone(value: object) -> str:
    text = _SPACES.sub("", unicodedata.normalize("NFKC", _as_text(value, "phone")))
    mobile = _COUNTRY_CODE.sub("", text.replace("-", ""))
    if _MOBILE.fullmatch(mobile):
        return mobile
    if _LANDLINE.fullmatch(text):
        return text
    raise DomainError(Problem("validation.phone", "phone", {"value": str(value).strip()}))


def _text_via(parser: Callable[[str], T]) -> Callable[[object, str], T]:
    """A field reader that takes the cell's text and hands it to one of the domain's parsers."""
    return lambda value, field: parser(_as_text(value, field))


def _coded(parser: Callable[[object], T]) -> Callable[[object, str], T]:
    return lambda value, _field: parser(value)


_READERS: dict[str, Callable[[object, str], Any]] = {
    "term": lambda v, f: unicodedata.normalize("NFKC", _plain_text(v, f)),
    "name": _text_via(normalise_name),
    "gender": _coded(codes.parse_gender),
    "birth_date": parse_date,
    "level": _coded(codes.parse_level),
    "major_code": _major_code,
    "major_name": _plain_text,
    "ethnicity": _coded(codes.parse_ethnicity),
    "political_status": _coded(codes.parse_political_status),
    "learning_form": _coded(codes.parse_learning_form),
    "registration_no": lambda v, f: unicodedata.normalize("NFKC", _plain_text(v, f)).replace(" ", ""),
    "phone": lambda v, _f: _phone(v),
    "address": _plain_text,
    "prior_education": _coded(codes.parse_prior_education),
    "prior_school": _plain_text,
    "prior_certificate_no": _text_via(parse_certificate_number),  # kept parsed until compared below
    "prior_graduation_date": parse_date,
    "chsi_code": _text_via(normalise_chsi_code),
    "cert_report_no": _text_via(normalise_cert_report_no),
    "payment_state": _coded(parse_payment_state),
    "payment_date": parse_date,
    "prior_study_form": _coded(parse_study_form),
    "admission_type": _coded(parse_admission_type),
    "exemptions": _coded(parse_exemptions),
}
_DATE_FIELDS = ("birth_date", "prior_graduation_date", "payment_date")
_DERIVABLE = ("birth_date", "gender")  # read from the ID number when the row lacks them
UNKNOWN_DOCUMENT_TYPE = define(
    "validation.document_type_unknown",
    zh="证件类型“{value}”无法识别：请填写居民身份证、港澳台居民居住证、港澳居民来往内地通行证（回乡证）、"
       "台湾居民来往大陆通行证（台胞证）、外国人永久居留身份证、外国护照或中华人民共和国护照。",
    en="Document type \"{value}\" is not recognised: enter resident ID card, residence permit, Hong Kong/Macao "
       "travel permit, Taiwan travel permit, foreign permanent resident ID card, foreign passport or Chinese passport.",
)


def validate_candidate(raw: Mapping[str, object], *, today: date,
                       profile: EligibilityProfile | None = None) -> ValidationResult:
    """Check and normalise one row; all of its problems are returned together.

    With the eligibility ``profile``, the fields the chosen level needs and lacks are warnings
    (see :class:`LevelNeeds`).
    """
    problems: list[Problem] = []
    warnings: list[Problem] = []
    values: dict[str, Any] = {}

    idn = _read_id_number(raw, today, problems, warnings)
    for field, reader in _READERS.items():
        value = raw.get(field)
        if _is_missing(value):
            if field in REQUIRED_FIELDS and field not in _DERIVABLE:
                problems.append(_field_problem("validation.required", field))
            continue
        try:
            values[field] = reader(value, field)
        except DomainError as error:
            problems.extend(_on_field(p, field) for p in error.problems)
    if "major_code" in values and _numeric(raw["major_code"]):
        typed = _as_text(raw["major_code"], "major_code")
        if typed != values["major_code"]:
            warnings.append(_field_problem("validation.major_code_padded", "major_code",
                                           value=typed, code=values["major_code"]))

    for field in _DATE_FIELDS:
        if field in values and values[field] > today:
            problems.append(_field_problem("validation.date_future", field, value=values[field].isoformat()))

    if not any(p.field in ("payment_state", "payment_date") for p in problems):
        problems.extend(consistency_problems(values.get("payment_state"), values.get("payment_date")))

    if isinstance(idn, IdNumber):
        problems.extend(check_against_record(idn, birth_date=values.get("birth_date"), gender=values.get("gender")))
        values.setdefault("birth_date", idn.birth_date)
        values.setdefault("gender", idn.gender)
        values["id_number"] = idn.value
    elif isinstance(idn, Document):
        _take_document(idn, raw, values, problems)

    cert = values.get("prior_certificate_no")
    if cert is not None:
        warnings.extend(compare_with_declared(
            cert, prior_education=values.get("prior_education"), graduation_date=values.get("prior_graduation_date"),
            study_form=values.get("prior_study_form", ""),
        ))
        values["prior_certificate_no"] = cert.value

    level = values.get("level")
    if profile is not None and level is not None and level in profile.levels:
        warnings.extend(_missing_for_level(raw, level.value, profile.levels[level]))

    candidate = None if problems else CandidateData(**values)
    return ValidationResult(candidate, tuple(problems), tuple(warnings), idn)


def _on_field(problem: Problem, field: str) -> Problem:
    """Problems from shared parsers already name their field; make sure every one does."""
    return problem if problem.field == field else Problem(problem.code, field, problem.params)


def _read_id_number(raw: Mapping[str, object], today: date, problems: list[Problem],
                    warnings: list[Problem]) -> IdNumber | Document | None:
    """The resident ID (or residence permit) number, or another identity document's number: of the
    type the row names (``document_type``), the type a record's key names, or the type the
    number's shape leaves no doubt about (回乡证 H/M…, 台胞证, permanent resident card, Chinese
    passport); a foreign passport always needs its type and nationality named."""
    value = raw.get("id_number")
    if _is_missing(value):
        problems.append(_field_problem("validation.required", "id_number"))
        return None
    if isinstance(value, float):
        problems.append(_field_problem("validation.not_text", "id_number"))
        return None
    text = _as_text(value, "id_number")
    kind: DocumentType | None = None
    typed_kind = raw.get("document_type")
    if not _is_missing(typed_kind):
        code = DOCUMENT_TYPES.lookup(typed_kind)
        if code is None:
            problems.append(Problem(UNKNOWN_DOCUMENT_TYPE, "document_type", {"value": str(typed_kind).strip()}))
            return None
        kind = DocumentType(code)
    nationality = "" if _is_missing(raw.get("nationality")) else str(raw.get("nationality")).strip()
    if identity_documents.KEY_SEPARATOR in text:  # a record's key: its type (and a passport's nationality) in front
        try:
            kind, keyed_nationality, text = identity_documents.key_parts(text.strip())
        except ValueError:
            problems.append(Problem("doc.unrecognised", "id_number", {"value": text.strip()}))
            return None
        nationality = nationality or keyed_nationality
    if kind is None:
        guessed = identity_documents.guess_document(text)
        kind = guessed if guessed not in (DocumentType.RESIDENT_ID, DocumentType.RESIDENCE_PERMIT) else None
    try:
        if kind is None or kind in (DocumentType.RESIDENT_ID, DocumentType.RESIDENCE_PERMIT):
            idn = parse_id_number(text, today=today)
            if kind is not None:
                identity_documents.parse_document(kind, text, today=today)  # a permit named as the ID card
        else:
            return identity_documents.parse_document(kind, text, today=today, nationality=nationality or None)
    except DomainError as error:
        problems.extend(error.problems)
        return None
    if idn.legacy:
        warnings.append(Problem("validation.id_upgraded", "id_number", {"value": idn.value}))
    return idn


def _take_document(doc: Document, raw: Mapping[str, object], values: dict[str, Any], problems: list[Problem]) -> None:
    """A document other than the resident ID: its key as the record's ``id_number``, its type and
    the holder's nationality kept, and the birth date and gender taken from it where it tells them
    — where it does not, the row must give them."""
    typed = raw.get("nationality")
    nationality = doc.nationality
    if not _is_missing(typed) and doc.nationality:
        try:
            nationality = nationality_code(str(typed))
        except DomainError as error:
            problems.extend(error.problems)
    problems.extend(identity_documents.check_against_record(
        doc, birth_date=values.get("birth_date"), gender=values.get("gender"), nationality=nationality))
    if doc.birth_date is not None:
        values.setdefault("birth_date", doc.birth_date)
    if doc.gender is not None:
        values.setdefault("gender", doc.gender)
    for field in _DERIVABLE:
        if field not in values and not any(p.field == field for p in problems):
            problems.append(_field_problem("validation.required", field))
    values["id_number"] = doc.key
    values["document_type"] = doc.kind.value
    values["nationality"] = doc.nationality

