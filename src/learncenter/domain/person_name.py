"""Names of people as they appear on the ID card (DOMAIN §8).

A name is matched against the ID card, printed on the admission notice and searched for, so the
same name typed on different keyboards must end up as the same text: full-width Latin letters
and spaces are folded, and the many dots people type between the parts of a minority or foreign
name ("•", "・", "．", ...) become the one middle dot "·" the ID card uses. Characters beyond the
Basic Multilingual Plane (𠮷) are ordinary name characters, and length is counted in characters,
not bytes or UTF-16 units.
"""

from __future__ import annotations

import re
import unicodedata

from learncenter.domain.messages import DomainError, Problem, define

FIELD = "name"
MAX_LENGTH = 50
MIDDLE_DOT = "·"
_DOT_VARIANTS = "\u00b7\u0387\u2022\u2024\u2027\u2219\u22c5\u2e31\u16eb\u30fb\uff65\uff0e."
_DOTS = re.compile(rf"\s*[{re.escape(_DOT_VARIANTS)}]\s*")
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(rf"[\s{re.escape(_DOT_VARIANTS)}]+")
_CJK_RANGES = (
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x323AF),  # extensions B-H and the compatibility supplement, outside the BMP
)

define("name.empty", zh="请填写姓名。", en="Enter the name.")
define(
    "name.too_long",
    zh="姓名不能超过{max}个字，当前为{length}个字：请按身份证核对。",
    en="A name has at most {max} characters; this one has {length}: check it against the ID card.",
)
define(
    "name.digits",
    zh="姓名中不能含有数字：请按身份证上的姓名填写。",
    en="A name cannot contain digits: enter the name as on the ID card.",
)
define(
    "name.characters",
    zh="姓名中含有不允许的字符“{chars}”：姓名只能由汉字、字母和间隔号“·”组成，请按身份证改正。",
    en="The name contains characters that are not allowed (\"{chars}\"): use Chinese characters, letters and "
    "the middle dot \"·\" as on the ID card.",
)
define(
    "name.dots",
    zh="姓名中的间隔号“·”只能出现在两部分名字之间，且不能连用：请改正。",
    en="The middle dot \"·\" may only stand between two parts of the name, one at a time: correct it.",
)


def is_cjk(char: str) -> bool:
    code = ord(char)
    return char == "〇" or any(low <= code <= high for low, high in _CJK_RANGES)


def _is_latin_letter(char: str) -> bool:
    return char.isalpha() and "LATIN" in unicodedata.name(char, "")


def _fold_width(text: str) -> str:
    """Full-width ASCII (Ａ, ．) to ASCII and the ideographic space to a space; CJK left alone.

    NFKC would do this too but would also rewrite compatibility ideographs, which can be the
    very character on someone's ID card.
    """
    return "".join(
        chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else " " if c == "\u3000" else c for c in text
    )


def normalise_name(text: str) -> str:
    """The canonical form of a name; DomainError lists everything wrong with it."""
    name = _SPACES.sub(" ", _fold_width(text or "")).strip()
    name = _DOTS.sub(MIDDLE_DOT, name)
    if not name:
        raise DomainError(Problem("name.empty", FIELD))
    problems: list[Problem] = []
    if len(name) > MAX_LENGTH:
        problems.append(Problem("name.too_long", FIELD, {"max": MAX_LENGTH, "length": len(name)}))
    if any(c.isdigit() for c in name):
        problems.append(Problem("name.digits", FIELD))
    bad = "".join(dict.fromkeys(
        c for c in name
        if not (is_cjk(c) or _is_latin_letter(c) or c in (MIDDLE_DOT, " ") or c.isdigit())
    ))
    if bad:
        problems.append(Problem("name.characters", FIELD, {"chars": bad}))
    if name.startswith(MIDDLE_DOT) or name.endswith(MIDDLE_DOT) or MIDDLE_DOT * 2 in name:
        problems.append(Problem("name.dots", FIELD))
    if problems:
        raise DomainError(*problems)
    return name


def compact_name(text: str) -> str:
    """The name without the dots and spaces between its parts: 李·明, 李 明 and 李明 are one text
    to search and to compare for duplicates (people type the dot or leave it out)."""
    return _SEPARATORS.sub("", _fold_width(text or ""))


def name_parts(text: str) -> list[str]:
    """The parts of a name between its dots and spaces: 阿依古丽·买买提 -> [阿依古丽, 买买提]."""
    return [part for part in _SEPARATORS.split(_fold_width(text or "")) if part]


# Surnames whose reading differs from the character's most common one (pypinyin's first reading).
# A name is searched by the surname reading, and for a single-character surname by the common
# reading too: clerks type what they hear (Shan Tianfang) or what the character usually says
# (dan). Compound surnames come first: 尉迟 is Yuchi, never Wei + a given name Chi (长孙 keeps
# zhang, which the single surname 长 = chang would otherwise take from it).
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu", "chi"), "万俟": ("mo", "qi"), "长孙": ("zhang", "sun"), "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"), "乐正": ("yue", "zheng"),
    "单": ("shan",), "曾": ("zeng",), "区": ("ou",), "仇": ("qiu",), "解": ("xie",), "朴": ("piao",),
    "查": ("zha",), "盖": ("ge",), "乐": ("yue",), "员": ("yun",), "召": ("shao",), "缪": ("miao",),
    "覃": ("qin",), "繁": ("po",), "秘": ("bi",), "蕃": ("pi",), "隗": ("wei",), "翟": ("zhai",),
    "祭": ("zhai",), "种": ("chong",), "能": ("nai",), "句": ("gou",), "折": ("she",), "角": ("jue",),
    "么": ("yao",), "薄": ("bo",), "重": ("chong",), "长": ("chang",),
}


def surname_reading(name: str) -> tuple[str, tuple[str, ...]] | None:
    """The surname at the start of ``name`` and its syllables, when it is one whose reading as a
    surname must be known; None for a one-character name, which has no given name to follow."""
    parts = name_parts(name)
    first = parts[0] if parts else ""
    for length in (2, 1):
        surname = first[:length]
        if len(surname) == length and len(first) > length and surname in SURNAME_READINGS:
            return surname, SURNAME_READINGS[surname]
    return None
