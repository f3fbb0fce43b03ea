"""Resident identity card numbers (GB 11643-1999) and the residence permits that share their format.

The ID number is how a candidate is identified everywhere (one application per term and ID, the
photo's file name, search), so every way it can be entered must end in one canonical 18-character
form with an upper-case X. ``stdnum.cn.ric`` provides the check character and the GB/T 2260
birthplace table; it is wrapped rather than called directly because it accepts future birth
dates, rejects legacy 15-digit numbers and Hong Kong/Macao/Taiwan permits (810000/820000/830000),
and rejects counties whose code was assigned after the birth year - yet codes reflect where the
card was issued, so an 1880-born holder of a 1983 county code is perfectly valid.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from stdnum import numdb
from stdnum.cn import ric

from learncenter.domain.candidate import Gender
from learncenter.domain.codes import Label, gender_label, label_params
from learncenter.domain.messages import DomainError, Problem, define

FIELD = "id_number"


class IdKind(enum.StrEnum):
    """What kind of document the number belongs to; permits use fixed address codes."""

    RESIDENT = "resident"
    HONG_KONG = "hong_kong"  # 港澳台居民居住证, address code 810000
    MACAO = "macao"  # 820000
    TAIWAN = "taiwan"  # 830000


_PERMIT_CODES: dict[str, tuple[IdKind, str]] = {
    "810000": (IdKind.HONG_KONG, "香港特别行政区"),
    "820000": (IdKind.MACAO, "澳门特别行政区"),
    "830000": (IdKind.TAIWAN, "台湾地区"),
}

define("id.empty", zh="请填写身份证号。", en="Enter the ID number.")
define(
    "id.length",
    zh="身份证号应为18位（或旧版15位），当前为{length}位：请对照身份证重新输入。",
    en="An ID number has 18 characters (or 15 on old cards); this one has {length}: re-enter it from the card.",
)
define(
    "id.characters",
    zh="身份证号只能由数字组成，18位号码的最后一位可以是 X：请检查“{value}”中的字符。",
    en="An ID number consists of digits, with an X allowed only as the last of 18 characters: check \"{value}\".",
)
define(
    "id.checksum",
    zh="身份证号校验不通过，号码中有输错的字符：请对照身份证逐位核对后重新输入。",
    en="The ID number fails its check: a character is mistyped. Compare it with the card digit by digit.",
)
define(
    "id.birth_date_invalid",
    zh="身份证号中的出生日期“{digits}”不是有效日期：请核对身份证号第7至14位。",
    en="The birth date \"{digits}\" in the ID number is not a real date: check characters 7 to 14.",
)
define(
    "id.birth_date_future",
    zh="身份证号中的出生日期 {birth_date} 晚于今天：请核对身份证号第7至14位。",
    en="The birth date {birth_date} in the ID number is in the future: check characters 7 to 14.",
)
define(
    "id.region_unknown",
    zh="身份证号前6位“{region}”不是已知的行政区划代码：请核对身份证号前6位。",
    en="The first six digits \"{region}\" of the ID number are not a known region code: check them against the card.",
)
define(
    "id.birth_date_mismatch",
    zh="出生日期 {recorded} 与身份证号中的出生日期 {from_id} 不一致：请核对身份证后改正其中之一。",
    en="The date of birth {recorded} differs from {from_id} in the ID number: check the card and correct one of them.",
)
define(
    "id.gender_mismatch",
    zh="性别“{recorded_zh}”与身份证号（第17位）表示的性别“{from_id_zh}”不一致：请核对身份证后改正其中之一。",
    en="The gender \"{recorded_en}\" differs from \"{from_id_en}\" given by the ID number (17th digit): "
    "check the card and correct one of them.",
)

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class IdNumber:
    """A valid ID number and what it says about its holder."""

    value: str  # 18 characters, upper-case X
    entered: str  # the input as typed, stripped
    legacy: bool  # entered in the 15-digit form of GB 11643-1989
    birth_date: date
    gender: Gender
    region_code: str
    kind: IdKind

    def __str__(self) -> str:
        return self.value


def _clean(text: str) -> str:
    """Fold full-width digits and letters, drop spaces anywhere, upper-case the x."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text)).upper()


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits ("0"-"9" or "X")."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise DomainError(Problem("id.characters", FIELD, {"value": first17}))
    return ric.calc_check_digit(first17 + "0")


def upgrade_legacy(text15: str) -> str:
    """The 18-character form of a 15-digit number: "19" is inserted before the year and the
    check character appended (110105491231002 -> 11010519491231002X)."""
    digits = _clean(text15)
    if len(digits) != 15:
        raise DomainError(Problem("id.length", FIELD, {"length": len(digits)}))
    if not (digits.isascii() and digits.isdigit()):
        raise DomainError(Problem("id.characters", FIELD, {"value": text15.strip()}))
    first17 = digits[:6] + "19" + digits[6:]
    return first17 + check_character(first17)


def _canonical(cleaned: str, entered: str) -> tuple[str, bool]:
    """18-character form and whether the input was legacy, or DomainError for the shape."""
    if len(cleaned) == 15:
        return upgrade_legacy(cleaned), True
    if len(cleaned) != 18:
        raise DomainError(Problem("id.length", FIELD, {"length": len(cleaned)}))
    body, last = cleaned[:17], cleaned[17]
    if not (body.isascii() and body.isdigit()) or last not in "0123456789X":
        raise DomainError(Problem("id.characters", FIELD, {"value": entered}))
    if check_character(body) != last:
        raise DomainError(Problem("id.checksum", FIELD))
    return cleaned, False


def _birth_date(value: str) -> date | None:
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def _gender(value: str) -> Gender:
    return Gender.MALE if int(value[16]) % 2 else Gender.FEMALE


def parse_id_number(text: str, *, today: date) -> IdNumber:
    """Parse an ID number as typed or imported; DomainError says what is wrong with it.

    Problems with the birth date and the region are reported together, so that a clerk who
    mistyped both sees both at once.
    """
    entered = (text or "").strip()
    cleaned = _clean(entered)
    if not cleaned:
        raise DomainError(Problem("id.empty", FIELD))
    value, legacy = _canonical(cleaned, entered)

    problems: list[Problem] = []
    birth = _birth_date(value)
    if birth is None:
        problems.append(Problem("id.birth_date_invalid", FIELD, {"digits": value[6:14]}))
    elif birth > today:
        problems.append(Problem("id.birth_date_future", FIELD, {"birth_date": birth.isoformat()}))
    region = value[:6]
    kind = _PERMIT_CODES[region][0] if region in _PERMIT_CODES else IdKind.RESIDENT
    if kind is IdKind.RESIDENT and _county_names(region) is None:
        problems.append(Problem("id.region_unknown", FIELD, {"region": region}))
    if problems:
        raise DomainError(*problems)
    assert birth is not None
    return IdNumber(value, entered, legacy, birth, _gender(value), region, kind)


def normalise_id_query(text: str) -> str | None:
    """The 18-character form when a search text is a whole ID number, else None.

    Search uses this to decide between an exact ID lookup and a name search, so only input that
    can only be an ID qualifies: 18 characters with a valid check character, or 15 digits
    carrying a real date.
    """
    cleaned = _clean(text or "")
    try:
        value, _ = _canonical(cleaned, cleaned)
    except DomainError:
        return None
    return value if _birth_date(value) is not None else None


def check_against_record(idn: IdNumber, *, birth_date: date | None, gender: Gender | None) -> list[Problem]:
    """Where the record's birth date and gender disagree with the ID number (DOMAIN §2)."""
    problems: list[Problem] = []
    if birth_date is not None and birth_date != idn.birth_date:
        problems.append(Problem(
            "id.birth_date_mismatch", "birth_date",
            {"recorded": birth_date.isoformat(), "from_id": idn.birth_date.isoformat()},
        ))
    if gender is not None and gender != idn.gender:
        problems.append(Problem(
            "id.gender_mismatch", "gender",
            {**label_params("recorded", _gender_label(gender)), **label_params("from_id", _gender_label(idn.gender))},
        ))
    return problems


def _gender_label(gender: Gender) -> Label:
    return Label(gender_label(gender, "zh") or gender.value, gender_label(gender, "en") or gender.value)


@functools.lru_cache(maxsize=4096)
def _county_names(code: str) -> tuple[str, tuple[str, ...]] | None:
    """Province name and the county names ever used for ``code``, oldest first; None if unknown.

    stdnum's table marks names with the years they were in use ("[1983-2019]桥东区,[2020-]襄都区");
    a code is known if it was ever assigned.
    """
    if len(code) != 6 or not code.isdigit():
        return None
    province = ""
    counties: tuple[str, ...] = ()
    for _part, props in numdb.get("cn/loc").info(code):
        province = props.get("province", province)
        if "county" in props:
            counties = tuple(re.sub(r"^\[[0-9-]*\]", "", name) for name in props["county"].split(","))
    if not province or not counties:
        return None
    return province, counties


def load_region_table() -> None:
    """Read stdnum's address-code table now (about 50 ms) rather than in the first check
    that needs it: a server calls this before it takes requests."""
    _county_names("110101")


def region_name(code: str) -> str | None:
    """A readable name for a 6-digit address code ("北京市 朝阳区"), the current one when the
    county was renamed; permits are named for Hong Kong, Macao or Taiwan. None if unknown."""
    if code in _PERMIT_CODES:
        return _PERMIT_CODES[code][1]
    names = _county_names(code)
    if names is None:
        return None
    province, counties = names
    county = counties[-1]
    return province if county == province else f"{province} {county}"
