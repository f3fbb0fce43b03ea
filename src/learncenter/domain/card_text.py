"""What the text read off a resident ID card says, and where it disagrees with the record (issue 13).

The clerk scans both sides of the card; the workstation reads them offline
(:mod:`learncenter.media.card_ocr`) and this module makes sense of the lines: the front carries
the name, gender, birth date and the citizen ID number, the back the issuing office and the
period of validity. Reading is never trusted over the card: a field that could not be read is
"not read" and left to the clerk's eyes, and a field read differently from the record is shown
field by field, for the clerk to look at the card again. An expired card is flagged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from learncenter.domain.candidate import Gender
from learncenter.domain.codes import FIELD_LABELS, gender_label, label_params
from learncenter.domain.idnumber import parse_id_number
from learncenter.domain.messages import DomainError, Problem, define

MISMATCH = define(
    "card.mismatch",
    zh="身份证上读出的{field_zh}是“{card}”，记录中是“{record}”：请对照证件核对。",
    en="The card reads {field_en} \"{card}\", the record says \"{record}\": compare them with the card.",
)
NOT_READ = define(
    "card.not_read",
    zh="没能从身份证上读出{field_zh}：请人工核对。",
    en="The {field_en} could not be read from the card: compare it by eye.",
)
EXPIRED = define(
    "card.expired",
    zh="身份证有效期至 {until}，已过期：请考生出示有效的身份证件（可用公安机关出具的临时身份证）。",
    en="The card was valid until {until} and has expired: the candidate must show a valid identity card "
       "(a temporary card from the police will do).",
)
NOT_YET_VALID = define(
    "card.not_yet_valid",
    zh="身份证有效期自 {since} 起，尚未生效：请核对证件。",
    en="The card is valid only from {since}: check the card.",
)

_COMPARED = ("name", "id_number", "birth_date", "gender")
_ID = re.compile(r"[1-8]\d{16}[\dX]")
_BIRTH = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_PERIOD = re.compile(r"(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})[-—–~至]+(?:(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})|(长期))")
_NAME_LABEL = "姓名"
_NOT_NAME = re.compile(r"(性别|民族|出生|住址|公民身份号码)")
_DOTS = re.compile(r"[·•・‧.．]")
# what a name is made of: Chinese characters (rare ones beyond the BMP too), Latin letters, the
# middle dot; a frame line or a box read as a symbol beside it is not part of it
_NAME_NOISE = re.compile("[^\u3400-\u9fff\U00020000-\U0003ffffA-Z·•・‧.．]")


@dataclass(frozen=True)
class CardReading:
    """What could be read; empty or None where nothing could."""

    name: str = ""
    id_number: str = ""
    birth_date: date | None = None
    gender: Gender | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    long_term: bool = False  # 长期: valid for life

    def merged(self, other: CardReading) -> CardReading:
        """This reading with what ``other`` (the card's other side) read and this one did not."""
        return CardReading(
            self.name or other.name, self.id_number or other.id_number, self.birth_date or other.birth_date,
            self.gender or other.gender, self.valid_from or other.valid_from,
            self.valid_until or other.valid_until, self.long_term or other.long_term)


def _plain(line: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", line)).upper()


def read_lines(lines: Sequence[str], *, today: date) -> CardReading:
    """Either side of the card from its lines of text, in reading order."""
    plain = [_plain(line) for line in lines]
    joined = "".join(plain)
    valid_from, valid_until, long_term = _period(joined)
    return CardReading(name=_name(plain), id_number=_id_number(joined, today), birth_date=_birth_date(joined),
                       gender=_gender(joined), valid_from=valid_from, valid_until=valid_until, long_term=long_term)


def _name(plain: list[str]) -> str:
    for index, line in enumerate(plain):
        if line.startswith(_NAME_LABEL):
            rest = line[len(_NAME_LABEL):]
            if not rest and index + 1 < len(plain):
                rest = plain[index + 1]
            return "" if _NOT_NAME.search(rest) else _NAME_NOISE.sub("", rest)
    return ""


def _id_number(joined: str, today: date) -> str:
    for match in _ID.finditer(joined):
        try:
            return parse_id_number(match.group(0), today=today).value  # a misread digit fails the check
        except DomainError:
            continue
    return ""


def _birth_date(joined: str) -> date | None:
    match = _BIRTH.search(joined)
    return _date(*match.groups()) if match else None


def _gender(joined: str) -> Gender | None:
    match = re.search(r"性别([男女])", joined)
    if match is None:
        return None
    return Gender.MALE if match.group(1) == "男" else Gender.FEMALE


def _period(joined: str) -> tuple[date | None, date | None, bool]:
    """(valid from, valid until, valid for life) of the back's 有效期限."""
    match = _PERIOD.search(joined)
    if match is None:
        return None, None, False
    since = _date(*match.group(1, 2, 3))
    if match.group(7):
        return since, None, True
    return since, _date(*match.group(4, 5, 6)), False


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def compare(reading: CardReading, *, name: str, id_number: str, birth_date: date, gender: Gender,
            today: date, front_scanned: bool = True) -> tuple[Problem, ...]:
    """Field by field, where the card as read differs from the record or could not be read (the
    portrait side's fields only once that side was scanned), and whether the card is out of its
    period of validity (only when the back was read)."""
    problems: list[Problem] = []
    recorded: dict[str, tuple[object, object]] = {
        "name": (reading.name, name),
        "id_number": (reading.id_number, id_number),
        "birth_date": (reading.birth_date, birth_date),
        "gender": (reading.gender, gender),
    }
    for field in _COMPARED if front_scanned else ():
        card, record = recorded[field]
        labels = label_params("field", FIELD_LABELS[field])
        if not card:
            problems.append(Problem(NOT_READ, field, labels))
        elif _same(field, card, record) is False:
            problems.append(Problem(MISMATCH, field, {**labels, "card": _shown(card), "record": _shown(record)}))
    if reading.valid_until is not None and reading.valid_until < today:
        problems.append(Problem(EXPIRED, "card", {"until": reading.valid_until.isoformat()}))
    elif reading.valid_from is not None and reading.valid_from > today:
        problems.append(Problem(NOT_YET_VALID, "card", {"since": reading.valid_from.isoformat()}))
    return tuple(problems)


def _same(field: str, card: object, record: object) -> bool:
    if field == "name":
        return _DOTS.sub("", str(card)) == _DOTS.sub("", _plain(str(record)))
    return card == record


def _shown(value: object) -> str:
    if isinstance(value, Gender):
        return gender_label(value) or value.value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def front_fields_read(lines: Sequence[str], today: date) -> int:
    """How many of the portrait side's fields the lines give: name, number, birth date, gender."""
    reading = read_lines(lines, today=today)
    return sum(map(bool, (reading.name, reading.id_number, reading.birth_date, reading.gender)))


def back_fields_read(lines: Sequence[str], today: date) -> int:
    """1 when the lines give the back's period of validity (its end, or "long-term"), else 0."""
    reading = read_lines(lines, today=today)
    return int(reading.valid_until is not None or reading.long_term)


def is_blocking(problem: Problem) -> bool:
    """Whether a finding means the card cannot be accepted as it is (expired or not yet valid);
    the others ask the clerk to look again."""
    return problem.code in (EXPIRED, NOT_YET_VALID)
