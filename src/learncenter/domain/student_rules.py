"""The rules of a student's record (DOMAIN §7) that a school sets as data: the student profile.

``resources/profiles/students.json`` (or the administrator's own in the data folder) names the
school (its 5-digit code starts every certificate number, DOMAIN §4), the center's code, the rule
that makes student numbers, the photo profile of graduation photos and the month academic years
start. Everything here is pure: the services count serials and keep the records.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from learncenter.domain.candidate import Level
from learncenter.domain.codes import Label
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.profile_reading import ProfileReader

define(
    "student.length_invalid",
    zh="学制“{value}”无效：应为1.5至8年，以半年为单位（如 2.5）。",
    en="Programme length \"{value}\" is invalid: it is 1.5 to 8 years in half years (e.g. 2.5).",
)
define(
    "student.number_rule_invalid",
    zh="学号规则“{rule}”无效：只能使用 {{year}}、{{yy}}、{{season}}、{{center}}、{{level}}、{{serial:0N}}，且必须含 {{serial}}。",
    en="Student number rule \"{rule}\" is invalid: it may use only {{year}}, {{yy}}, {{season}}, {{center}}, "
    "{{level}} and {{serial:0N}}, and must contain {{serial}}.",
)
define(
    "student.serials_exhausted",
    zh="学号规则“{rule}”在“{prefix}”下的流水号已用完：请管理员加宽学号规则中的流水号位数。",
    en="Student number rule \"{rule}\" has no serial left under \"{prefix}\": ask the administrator to widen "
    "the serial of the rule.",
)

_FIELDS = {"year", "yy", "season", "center", "level", "serial"}
_SCHOOL_CODE = re.compile(r"^[0-9]{5}$")
DIGITS = Label("数字", "digits")
FIVE_DIGITS = Label("5位数字的学校代码", "the school's 5-digit code")
MONTH = Label("1至12的整数", "an integer from 1 to 12")
LEVEL_DIGITS = Label("各层次（gqz、gqb、zsb）对应的数字", "digits for each level (gqz, gqb, zsb)")


def parse_programme_length(raw: object) -> Decimal:
    """A programme length in years: 1.5 to 8 in steps of half a year ("2.5", "2.5年", 3)."""
    text = str(raw).strip().removesuffix("年").strip() if raw is not None else ""
    try:
        years = Decimal(text)
    except InvalidOperation:
        years = Decimal(-1)
    if not (Decimal("1.5") <= years <= Decimal(8)) or (years * 2) % 1:
        raise DomainError(Problem("student.length_invalid", "programme_length", {"value": text}))
    return years.normalize() if years % 1 else years.quantize(Decimal(1))


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for dd in (day.day, 30, 29, 28):
        try:
            return date(year, month, dd)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def expected_graduation(enrolment: date, years: Decimal) -> date:
    """The last day of the month before the programme's length has passed (2026-03-01 + 2.5 years
    -> 2028-08-31)."""
    end = add_months(enrolment.replace(day=1), int(years * 12))
    return end - timedelta(days=1)


@dataclass(frozen=True)
class StudentNumberRule:
    """A student-number template, e.g. ``{year}{season}{center}{level}{serial:04}``; the serial is
    counted per prefix (everything the template yields before it)."""

    template: str
    level_digits: Mapping[str, str]

    def __post_init__(self) -> None:
        parts = list(string.Formatter().parse(self.template))
        names = [f for _t, f, _s, _c in parts if f is not None]
        if names.count("serial") != 1 or set(names) - _FIELDS or parts[-1][1] != "serial":
            raise DomainError(Problem("student.number_rule_invalid", "student_number", {"rule": self.template}))

    def _values(self, enrolment: date, center: str, level: Level) -> dict[str, str]:
        return {"year": f"{enrolment.year:04d}", "yy": f"{enrolment.year % 100:02d}",
                "season": "1" if enrolment.month < 7 else "2", "center": center,
                "level": self.level_digits.get(level.value, "")}

    def prefix(self, enrolment: date, center: str, level: Level) -> str:
        head = self.template[: self.template.index("{serial")]
        return head.format(**self._values(enrolment, center, level))

    def number(self, enrolment: date, center: str, level: Level, serial: int) -> str:
        made = self.template.format(serial=serial, **self._values(enrolment, center, level))
        width = self.serial_width()
        if width and len(str(serial)) > width:
            raise DomainError(Problem("student.serials_exhausted", "student_number",
                                      {"rule": self.template, "prefix": self.prefix(enrolment, center, level)}))
        return made

    def serial_width(self) -> int:
        spec = next(s for _t, f, s, _c in string.Formatter().parse(self.template) if f == "serial")
        return int(spec.lstrip("0") or 0) if spec else 0


@dataclass(frozen=True)
class StudentProfile:
    school_code: str
    school_name: Label
    center_code: str
    number_rule: StudentNumberRule
    graduation_photo_profile: str
    academic_year_starts: int  # month
    learning_form: str

    @classmethod
    def from_dict(cls, data: object) -> StudentProfile:
        r = ProfileReader(data)
        r.check_keys(["school_code", "school_name_zh", "school_name_en", "center_code", "student_number",
                      "level_digits", "graduation_photo_profile"], ["academic_year_starts", "learning_form",
                                                                     "description"])
        school = r.text("school_code")
        if not _SCHOOL_CODE.match(school):
            raise r.bad("school_code", FIVE_DIGITS)
        center = r.text("center_code")
        if not (center.isascii() and center.isdigit()):
            raise r.bad("center_code", DIGITS)
        digits = r.raw("level_digits")
        if not isinstance(digits, dict) or set(digits) != {lv.value for lv in Level} \
                or not all(isinstance(v, str) and v.isascii() and v.isdigit() for v in digits.values()):
            raise r.bad("level_digits", LEVEL_DIGITS)
        month = r.integer("academic_year_starts", minimum=1, expected=MONTH, default=9)
        if month > 12:
            raise r.bad("academic_year_starts", MONTH)
        return cls(school, Label(r.text("school_name_zh"), r.text("school_name_en")), center,
                   StudentNumberRule(r.text("student_number"), dict(digits)),
                   r.text("graduation_photo_profile"), month, r.text("learning_form", "online"))

    # --- academic years ----------------------------------------------------------------------

    def academic_year_of(self, day: date) -> int:
        """The year an academic year starts in (2026 for 2026-2027) that ``day`` falls in."""
        return day.year if day.month >= self.academic_year_starts else day.year - 1

    def academic_year_start(self, year: int) -> date:
        return date(year, self.academic_year_starts, 1)


def academic_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def parse_academic_year(text: str) -> int:
    """2026 from "2026", "2026-2027" or "2026—2027"."""
    match = re.fullmatch(r"\s*(\d{4})(?:\s*[-–—/至]\s*(\d{4}))?\s*", text or "")
    if not match or (match.group(2) and int(match.group(2)) != int(match.group(1)) + 1):
        raise DomainError(Problem("student.academic_year_invalid", "academic_year", {"value": (text or "").strip()}))
    return int(match.group(1))


define(
    "student.academic_year_invalid",
    zh="学年“{value}”无效：请写成“2026-2027”或“2026”。",
    en="Academic year \"{value}\" is invalid: write it as \"2026-2027\" or \"2026\".",
)


def year_registration_due(profile: StudentProfile, enrolment: date, graduation: date, year: int) -> bool:
    """Whether a student enrolled on ``enrolment`` and expected to graduate on ``graduation`` must be
    registered for the academic year starting in ``year``: every year after the one they enrolled
    in, until they graduate."""
    return profile.academic_year_of(enrolment) < year and profile.academic_year_start(year) <= graduation
