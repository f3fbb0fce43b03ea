"""Number rules of the identity documents other than the resident ID card (issue 13).

Sources, and what is not known:

- 港澳居民来往内地通行证 (回乡证): the Exit and Entry Administration of the Ministry of Public
  Security published the rule on 2010-03-10 (reported by China News Service): 11 characters, "H"
  for Hong Kong or "M" for Macao, an 8-digit lifetime number, then 2 digits counting the renewals
  (00 on the first card). The 2013 card prints only the letter and the lifetime number (9
  characters). Both forms name the same holder: the record keeps the 9-character form.
- 台湾居民来往大陆通行证 (台胞证): from May 1992 the number was an 8-digit lifetime number, 2 digits
  counting the issues and the issuing office's code in brackets, e.g. ``1234567801(B)``; from June
  2006 some provinces dropped the bracket; from 2008-09-25 the number is the 8-digit lifetime
  number alone ("一人一号、终身不变", China News Service 2008-09-12), as on the 2015 card. The
  record keeps the 8 digits.
- 外国人永久居留身份证: the National Immigration Administration's adaptation rules for the 2023
  card (in force 2023-12-01): 18 characters, "9" (no province code starts with 9), the 2-digit
  province where the application was accepted, the 3-digit numeric nationality code, the birth
  date YYYYMMDD, a 3-digit sequence and an ISO 7064 MOD 11-2 check character "the same as the
  citizen identity number"; as on the resident ID the last sequence digit is odd for men (public
  implementations agree, e.g. 932682198501010017: Jiangsu, Saudi Arabia, 1985-01-01, male). The
  earlier cards (2004, 2017) carry 15 characters: three letters of the nationality and 12 digits,
  namely the 2-digit province of acceptance, the birth date YYMMDD and four digits of sequence
  and check. The check rule of the 15-character number is not published, so it is not verified:
  such a number is accepted and marked unchecked.
- Foreign passports: ICAO 9303 gives the document number 9 characters in the machine-readable
  zone with an overflow for longer numbers; issuers use 5 to 17 letters and digits. The number is
  unique only within its issuing state, so it is read with the nationality. Its check digit lives
  in the MRZ, not in the number.
- 中华人民共和国护照 (for citizens settled abroad, who hold no resident ID): 9 characters, a letter
  and then a letter or digit and 7 digits (E12345678, EA1234567; G12345678 before 2012).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from learncenter.domain.candidate import Gender
from learncenter.domain.codes import Label, label_params
from learncenter.domain.document_types import DOCUMENT_TYPES, Document, DocumentType
from learncenter.domain.idnumber import check_character
from learncenter.domain.messages import DomainError, Problem, define

FIELD = "id_number"
NATIONALITY_FIELD = "nationality"

_PROVINCE_ROWS = (
    ("11", "北京市", "Beijing"), ("12", "天津市", "Tianjin"), ("13", "河北省", "Hebei"), ("14", "山西省", "Shanxi"),
    ("15", "内蒙古自治区", "Inner Mongolia"), ("21", "辽宁省", "Liaoning"), ("22", "吉林省", "Jilin"),
    ("23", "黑龙江省", "Heilongjiang"), ("31", "上海市", "Shanghai"), ("32", "江苏省", "Jiangsu"),
    ("33", "浙江省", "Zhejiang"), ("34", "安徽省", "Anhui"), ("35", "福建省", "Fujian"), ("36", "江西省", "Jiangxi"),
    ("37", "山东省", "Shandong"), ("41", "河南省", "Henan"), ("42", "湖北省", "Hubei"), ("43", "湖南省", "Hunan"),
    ("44", "广东省", "Guangdong"), ("45", "广西壮族自治区", "Guangxi"), ("46", "海南省", "Hainan"),
    ("50", "重庆市", "Chongqing"), ("51", "四川省", "Sichuan"), ("52", "贵州省", "Guizhou"), ("53", "云南省", "Yunnan"),
    ("54", "西藏自治区", "Tibet"), ("61", "陕西省", "Shaanxi"), ("62", "甘肃省", "Gansu"), ("63", "青海省", "Qinghai"),
    ("64", "宁夏回族自治区", "Ningxia"), ("65", "新疆维吾尔自治区", "Xinjiang"),
)
PROVINCES: dict[str, Label] = {code: Label(zh, en) for code, zh, en in _PROVINCE_ROWS}

define("doc.empty", zh="请填写证件号码。", en="Enter the document number.")
define(
    "doc.hk_macao.format",
    zh="港澳居民来往内地通行证号码应为字母 H（香港）或 M（澳门）加8位数字（旧证加10位数字），“{value}”不符：请对照证件重新输入。",
    en="A Hong Kong/Macao travel permit number is H (Hong Kong) or M (Macao) and 8 digits (10 on older cards); "
    "\"{value}\" is not: re-enter it from the permit.",
)
define(
    "doc.taiwan.format",
    zh="台湾居民来往大陆通行证号码应为8位数字（2008年以前签发的为10位数字，可带括号内的签发机关代码），“{value}”不符：请对照证件重新输入。",
    en="A Taiwan travel permit number has 8 digits (10 on permits issued before 2008, possibly with the issuing "
    "office's code in brackets); \"{value}\" does not: re-enter it from the permit.",
)
define(
    "doc.fpr.format",
    zh="外国人永久居留身份证号码应为18位，以9开头，最后一位可以是 X（旧证为3个字母加12位数字），“{value}”不符：请对照证件重新输入。",
    en="A foreign permanent resident ID number has 18 characters starting with 9, the last may be X (old cards: "
    "3 letters and 12 digits); \"{value}\" does not: re-enter it from the card.",
)
define(
    "doc.fpr.checksum",
    zh="外国人永久居留身份证号码校验不通过，号码中有输错的字符：请对照证件逐位核对后重新输入。",
    en="The permanent resident ID number fails its check: a character is mistyped. Compare it with the card "
    "digit by digit.",
)
define(
    "doc.fpr.province_unknown",
    zh="外国人永久居留身份证号码第2至3位“{code}”不是省级行政区代码：请核对号码。",
    en="Characters 2-3 \"{code}\" of the permanent resident ID number are not a province code: check the number.",
)
define(
    "doc.birth_date_invalid",
    zh="证件号码中的出生日期“{digits}”不是有效日期：请核对证件号码第{first}至{last}位。",
    en="The birth date \"{digits}\" in the document number is not a real date: check characters {first} to {last}.",
)
define(
    "doc.birth_date_future",
    zh="证件号码中的出生日期 {birth_date} 晚于今天：请核对证件号码第{first}至{last}位。",
    en="The birth date {birth_date} in the document number is in the future: check characters {first} to {last}.",
)
define(
    "doc.passport.format",
    zh="护照号码应为5至17个字母或数字，“{value}”不符：请对照护照资料页重新输入。",
    en="A passport number has 5 to 17 letters and digits; \"{value}\" does not: re-enter it from the photo page.",
)
define(
    "doc.passport.nationality_missing",
    zh="外国护照号码只在签发国内唯一：请同时填写国籍（国家名称或三字母代码，如 USA）。",
    en="A foreign passport number is unique only within its issuing state: give the nationality too "
    "(a country name or its three-letter code, such as USA).",
)
define(
    "doc.passport.nationality_unknown",
    zh="国籍“{value}”不是已知的国家或地区：请填写国家名称或三字母代码（如 USA）。",
    en="Nationality \"{value}\" is not a known country or region: give its name or its three-letter code (such as USA).",
)
define(
    "doc.passport.chinese",
    zh="中国公民的护照请选择证件类型“中华人民共和国护照”。",
    en="For a Chinese citizen's passport choose the type \"Passport of the People's Republic of China\".",
)
define(
    "doc.chinese_passport.format",
    zh="中华人民共和国护照号码应为9位：1个字母、1个字母或数字、7位数字（如 E12345678、EA1234567），“{value}”不符：请对照护照资料页重新输入。",
    en="A Chinese passport number has 9 characters: a letter, a letter or digit and 7 digits (E12345678, EA1234567); "
    "\"{value}\" does not: re-enter it from the photo page.",
)

_SPACES_AND_DASHES = re.compile(r"[\s\-‐‑‒–—―]+")
_HK_MACAO = re.compile(r"^([HM])(\d{8})(\d{2})?$")
_TAIWAN = re.compile(r"^(\d{8})(?:(\d{2})(?:\(([A-Z0-9]{1,2})\)|([A-Z]))?)?$")
_FPR = re.compile(r"^9\d{16}[\dX]$")
_FPR_OLD = re.compile(r"^([A-Z]{3})(\d{2})(\d{6})(\d{4})$")
_PASSPORT = re.compile(r"^[A-Z0-9]{5,17}$")
_CHINESE_PASSPORT = re.compile(r"^[A-Z][A-Z0-9]\d{7}$")


def clean(text: str) -> str:
    """Fold full-width characters (brackets included), drop spaces and hyphens, upper-case."""
    return _SPACES_AND_DASHES.sub("", unicodedata.normalize("NFKC", text)).upper()


def _format_error(code: str, entered: str) -> DomainError:
    return DomainError(Problem(code, FIELD, {"value": entered}))


def _key(kind: DocumentType, value: str) -> str:
    return f"{kind.value}:{value}"


def parse_hk_macao_permit(entered: str) -> Document:
    match = _HK_MACAO.match(clean(entered))
    if match is None:
        raise _format_error("doc.hk_macao.format", entered)
    letter, lifetime, renewals = match.groups()
    value = letter + lifetime
    kind = DocumentType.HK_MACAO_PERMIT
    return Document(kind, value, entered, _key(kind, value), nationality="CHN",
                    region="HK" if letter == "H" else "MO", older_form=renewals is not None)


def parse_taiwan_permit(entered: str) -> Document:
    match = _TAIWAN.match(clean(entered))
    if match is None:
        raise _format_error("doc.taiwan.format", entered)
    lifetime, issues = match.group(1), match.group(2)
    kind = DocumentType.TAIWAN_PERMIT
    return Document(kind, lifetime, entered, _key(kind, lifetime), nationality="CHN", region="TW",
                    older_form=issues is not None)


def _birth_problem(digits: str, birth: date | None, today: date, first: int, last: int) -> Problem | None:
    if birth is None:
        return Problem("doc.birth_date_invalid", FIELD, {"digits": digits, "first": first, "last": last})
    if birth > today:
        return Problem("doc.birth_date_future", FIELD,
                       {"birth_date": birth.isoformat(), "first": first, "last": last})
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_foreign_pr_card(entered: str, *, today: date) -> Document:
    """The 18-digit number of the 2023 card; problems with province and birth date come together."""
    value = clean(entered)
    if not _FPR.match(value):
        raise _format_error("doc.fpr.format", entered)
    if check_character(value[:17]) != value[17]:
        raise DomainError(Problem("doc.fpr.checksum", FIELD))
    problems: list[Problem] = []
    province = value[1:3]
    if province not in PROVINCES:
        problems.append(Problem("doc.fpr.province_unknown", FIELD, {"code": province}))
    birth = _date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    problem = _birth_problem(value[6:14], birth, today, 7, 14)
    if problem is not None:
        problems.append(problem)
    if problems:
        raise DomainError(*problems)
    from learncenter.domain.nationalities import by_numeric  # the country table: only for the cards that name one

    kind = DocumentType.FOREIGN_PR_CARD
    numeric = value[3:6]
    return Document(kind, value, entered, _key(kind, value), birth_date=birth,
                    gender=Gender.MALE if int(value[16]) % 2 else Gender.FEMALE,
                    nationality=by_numeric(numeric) or numeric, region=province)


def _two_digit_year_birth(yymmdd: str, today: date) -> date | None:
    """The latest date with these digits that is not after today (19yy or 20yy), or None."""
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    for century in (2000, 1900):
        birth = _date(century + yy, mm, dd)
        if birth is not None and birth <= today:
            return birth
    return None


def parse_foreign_pr_card_old(entered: str, *, today: date) -> Document:
    """The 15-character number of the 2004 and 2017 cards; its check character is not verified."""
    value = clean(entered)
    match = _FPR_OLD.match(value)
    if match is None:
        raise _format_error("doc.fpr.format", entered)
    letters, province, yymmdd, _rest = match.groups()
    if _two_digit_year_birth(yymmdd, today) is None:
        raise DomainError(Problem("doc.birth_date_invalid", FIELD, {"digits": yymmdd, "first": 6, "last": 11}))
    kind = DocumentType.FOREIGN_PR_CARD_OLD
    return Document(kind, value, entered, _key(kind, value), birth_yymmdd=yymmdd, nationality=letters,
                    region=province, unchecked=True)


def nationality_code(raw: str) -> str:
    """The alpha-3 code of a nationality typed as a code (USA, US, 840) or a name (美国, United States)."""
    from learncenter.domain.nationalities import NATIONALITIES

    code = NATIONALITIES.lookup(raw)
    if code is None:
        raise DomainError(Problem("doc.passport.nationality_unknown", NATIONALITY_FIELD, {"value": raw.strip()}))
    return code


def parse_passport(entered: str, *, nationality: str | None) -> Document:
    value = clean(entered)
    if not _PASSPORT.match(value):
        raise _format_error("doc.passport.format", entered)
    if not (nationality or "").strip():
        raise DomainError(Problem("doc.passport.nationality_missing", NATIONALITY_FIELD))
    assert nationality is not None
    alpha3 = nationality_code(nationality)
    if alpha3 == "CHN":
        raise DomainError(Problem("doc.passport.chinese", NATIONALITY_FIELD))
    kind = DocumentType.PASSPORT
    return Document(kind, value, entered, f"{kind.value}:{alpha3}:{value}", nationality=alpha3)


def parse_chinese_passport(entered: str) -> Document:
    value = clean(entered)
    if not _CHINESE_PASSPORT.match(value):
        raise _format_error("doc.chinese_passport.format", entered)
    kind = DocumentType.CHINESE_PASSPORT
    return Document(kind, value, entered, _key(kind, value), nationality="CHN")


def type_params(name: str, kind: DocumentType) -> dict[str, str]:
    """A document type's label in both languages, for a message's ``{name}_zh``/``{name}_en``."""
    label = DOCUMENT_TYPES.labels[kind]
    return label_params(name, label)


def shaped_like(kind: DocumentType, cleaned: str) -> bool:
    """Whether a cleaned text has the outward shape of ``kind``'s number (guessing the type)."""
    pattern = {
        DocumentType.HK_MACAO_PERMIT: _HK_MACAO,
        DocumentType.TAIWAN_PERMIT: _TAIWAN,
        DocumentType.FOREIGN_PR_CARD: _FPR,
        DocumentType.FOREIGN_PR_CARD_OLD: _FPR_OLD,
        DocumentType.CHINESE_PASSPORT: _CHINESE_PASSPORT,
    }.get(kind)
    return bool(pattern and pattern.match(cleaned))
