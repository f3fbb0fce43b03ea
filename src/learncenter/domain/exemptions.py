"""Exemption from exams (免试, 免考): which subjects a candidate does not sit, why, and on what evidence.

The first seed: candidates register "according to their corresponding academic qualifications
(including exemption from exams)". An exemption names a subject of the exam session — or every
subject (``*``: 免试入学, admission without the entrance exam) — the kind of exemption, and the
evidence the clerk checks at the desk (a certificate number, a document number). The candidate
claims it on the application; the registry or the sheet brings it; it is sealed with the record.

A record holds its exemptions as one line of text, canonical so that equal claims give equal
digests: ``subject:kind:evidence`` entries joined by ``;``, the kind by its code. Sheets and the
data-entry form take the same shape with the kind in words and full-width punctuation
(``大学英语：大学英语四级：2012345678``); :func:`describe` turns it back into words.

Seating leaves out a candidate exempt from every subject of a session; the admission notice
lists only the subjects the candidate sits and names the exempt ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from learncenter.domain.codes import CodeTable, Label
from learncenter.domain.messages import DomainError, Problem, define

EVERY_SUBJECT = "*"
FIELD = "exemptions"

EXEMPTION_KINDS = CodeTable(
    "exemption_kind",
    {
        "degree": Label("已具有国民教育系列本科及以上学历", "holds a national-education-series bachelor's degree or higher"),
        "cet": Label("大学英语四级及以上", "College English Test band 4 or higher"),
        "pets": Label("全国英语等级考试三级及以上", "Public English Test System level 3 or higher"),
        "ncre": Label("全国计算机等级考试一级B及以上", "National Computer Rank Examination level 1B or higher"),
        "policy": Label("省级招生政策", "provincial admission policy"),
    },
    {
        "本科": "degree", "本科及以上学历": "degree", "学历": "degree", "学位": "degree", "已有本科学历": "degree",
        "bachelor": "degree", "bachelor's degree": "degree", "bachelor degree": "degree",
        "英语四级": "cet", "四级": "cet", "大学英语四级": "cet", "cet4": "cet", "cet-4": "cet", "cet6": "cet",
        "公共英语三级": "pets", "pets3": "pets", "pets-3": "pets",
        "计算机等级考试": "ncre", "计算机一级": "ncre", "计算机等级": "ncre", "一级b": "ncre",
        "政策": "policy", "招生政策": "policy", "其他": "policy",
    },
)
_EVERY = frozenset({"*", "全部", "全部科目", "所有科目", "全科", "入学考试", "all", "all subjects", "every subject"})
_ENTRIES = re.compile(r"[;；\n]+")
_PARTS = re.compile(r"[:：]")
_SPACES = re.compile(r"\s+")
_BESIDE_CJK = re.compile(r"(?<=[\u3400-\u9fff]) | (?=[\u3400-\u9fff])")

FORMAT = define(
    "exemptions.format",
    zh="免考“{value}”写法不对：每项写“科目：免考类型：依据（证书编号或文件号）”，多项之间用分号隔开；"
       "全部科目免试写“全部”。例如：大学英语：大学英语四级：201812345678",
    en="Exemption \"{value}\" is not written as expected: give each as \"subject: kind: evidence (certificate or "
       "document number)\", separated by semicolons; \"all\" for every subject. For example: "
       "College English: CET-4: 201812345678",
)
UNKNOWN_KIND = define(
    "exemptions.unknown_kind",
    zh="免考类型“{value}”无法识别：请填写已具有本科及以上学历、大学英语四级、全国英语等级考试三级、"
       "全国计算机等级考试一级B或省级招生政策。",
    en="Exemption kind \"{value}\" is not recognised: enter a bachelor's degree or higher, CET-4, PETS-3, "
       "NCRE 1B or provincial admission policy.",
)
NO_EVIDENCE = define(
    "exemptions.no_evidence",
    zh="免考“{subject}”没有写依据：请填写证书编号或文件号，现场核验原件。",
    en="The exemption from \"{subject}\" gives no evidence: enter the certificate or document number; the "
       "original is checked at the desk.",
)
TWICE = define(
    "exemptions.twice",
    zh="科目“{subject}”的免考写了两次：每个科目只写一项。",
    en="The exemption from \"{subject}\" is given twice: give one per subject.",
)
EVERY_WITH_OTHERS = define(
    "exemptions.every_with_others",
    zh="已写“全部”科目免试，就不必再写单科免考：请只保留一项。",
    en="An exemption from every subject leaves nothing to name one by one: keep that one entry only.",
)
EVERY_SUBJECT_LABEL = Label("全部科目", "every subject")


class Exemption(NamedTuple):
    subject: str  # as the exam session names it; EVERY_SUBJECT for all of them
    kind: str  # code of EXEMPTION_KINDS
    evidence: str


def subject_key(subject: str) -> str:
    """A subject name as compared: NFKC, no spaces beside Chinese characters ("大学 英语" is
    "大学英语"), one space between words ("College  English" is "College English")."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", subject)).strip()
    return _BESIDE_CJK.sub("", text)


def parse_exemptions(raw: object) -> str:
    """The canonical text for what a sheet, the form or the registry wrote ("" for none)."""
    text = "" if raw is None else unicodedata.normalize("NFKC", str(raw)).strip()
    entries: list[Exemption] = []
    seen: set[str] = set()
    for part in (p.strip() for p in _ENTRIES.split(text)):
        if not part:
            continue
        pieces = [p.strip() for p in _PARTS.split(part, maxsplit=2)]
        if len(pieces) < 2 or not pieces[0]:
            raise DomainError(Problem(FORMAT, FIELD, {"value": part}))
        subject = EVERY_SUBJECT if pieces[0].lower() in _EVERY else subject_key(pieces[0])
        kind = EXEMPTION_KINDS.lookup(pieces[1])
        if kind is None:
            raise DomainError(Problem(UNKNOWN_KIND, FIELD, {"value": pieces[1]}))
        evidence = _SPACES.sub(" ", pieces[2]).strip() if len(pieces) == 3 else ""
        shown = subject_label(subject)
        if not evidence:
            raise DomainError(Problem(NO_EVIDENCE, FIELD, {"subject": shown}))
        if subject in seen:
            raise DomainError(Problem(TWICE, FIELD, {"subject": shown}))
        seen.add(subject)
        entries.append(Exemption(subject, kind, evidence))
    if EVERY_SUBJECT in seen and len(entries) > 1:
        raise DomainError(Problem(EVERY_WITH_OTHERS, FIELD, {}))
    return ";".join(f"{e.subject}:{e.kind}:{e.evidence}" for e in entries)


def exemptions_of(canonical: str | None) -> tuple[Exemption, ...]:
    """The entries of a record's canonical text (as :func:`parse_exemptions` wrote it)."""
    result = []
    for entry in (canonical or "").split(";"):
        if entry:
            subject, kind, evidence = entry.split(":", 2)
            result.append(Exemption(subject, kind, evidence))
    return tuple(result)


def subject_label(subject: str, lang: str = "zh") -> str:
    return EVERY_SUBJECT_LABEL.text(lang) if subject == EVERY_SUBJECT else subject


def kind_label(kind: str, lang: str = "zh") -> str:
    return EXEMPTION_KINDS.label(kind, lang) or kind


def is_exempt(canonical: str | None, subject: str) -> bool:
    """Whether the candidate does not sit ``subject``."""
    key = subject_key(subject)
    return any(e.subject in (EVERY_SUBJECT, key) for e in exemptions_of(canonical))


def exemption_kind(canonical: str | None, subject: str) -> str:
    """The kind of the exemption that covers ``subject`` ("" when the candidate sits it)."""
    key = subject_key(subject)
    return next((e.kind for e in exemptions_of(canonical) if e.subject in (EVERY_SUBJECT, key)), "")


def sits(canonical: str | None, subjects: Iterable[str]) -> bool:
    """Whether the candidate sits at least one of a session's subjects (a session without
    subjects yet: unless exempt from every subject)."""
    entries = exemptions_of(canonical)
    if any(e.subject == EVERY_SUBJECT for e in entries):
        return False
    exempt = {e.subject for e in entries}
    names = [subject_key(s) for s in subjects]
    return not names or any(name not in exempt for name in names)


def describe(canonical: str | None, lang: str = "zh") -> str:
    """The exemptions in words, one entry after another ("" for none):
    大学英语（大学英语四级及以上，201812345678）；… Text that is not canonical is returned as it is."""
    if not _is_canonical(canonical or ""):
        return canonical or ""
    comma, semicolon = ("，", "；") if lang != "en" else (", ", "; ")
    opening, closing = ("（", "）") if lang != "en" else (" (", ")")
    return semicolon.join(f"{subject_label(e.subject, lang)}{opening}{kind_label(e.kind, lang)}{comma}"
                          f"{e.evidence}{closing}" for e in exemptions_of(canonical))


def editable(canonical: str | None, lang: str = "zh") -> str:
    """The text the data-entry form shows for a record's exemptions, as a typist would write it
    (and :func:`parse_exemptions` reads back to the same canonical text). Text that is not
    canonical (a draft as it was typed) is returned as it is."""
    if not _is_canonical(canonical or ""):
        return canonical or ""
    colon, semicolon = ("：", "；") if lang != "en" else (": ", "; ")
    return semicolon.join(f"{subject_label(e.subject, lang)}{colon}{kind_label(e.kind, lang)}{colon}{e.evidence}"
                          for e in exemptions_of(canonical))


def _is_canonical(text: str) -> bool:
    try:
        return parse_exemptions(text) == text
    except DomainError:
        return False
