"""Finding candidates the way a clerk asks: ID number (15 or 18 form), name, pinyin, initials,
registration number.

Each kind of query is one range or equality lookup on its own index, so a two-character name
or two pinyin initials cost the same as a full ID number; a trigram index would miss both. All
lookups that fit the query run as one statement and the best rank of each record wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pypinyin import lazy_pinyin
from pypinyin.constants import PHRASES_DICT, RE_HANS
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from learncenter.domain.idnumber import normalise_id_query

RANK_ID = 0
RANK_REGISTRATION = 1
RANK_NAME = 2
RANK_PINYIN = 3
RANK_INITIALS = 4
RANK_NAME_PREFIX = 5
RANK_ID_PREFIX = 6
RANK_PINYIN_PREFIX = 7
RANK_INITIALS_PREFIX = 8

_TOP = "\U0010ffff"  # sorts after every string with the same prefix
_LETTERS = re.compile(r"^[a-z]+$")
_DIGITS = re.compile(r"^[0-9]{4,17}[0-9xX]?$")
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0003ffff]")
_COLUMNS = "id, name, id_number, term, state, level, registration_no, birth_date, gender"


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[str, str]:
    """Full pinyin without tones or spaces, and the initials: 张三 -> ("zhangsan", "zs").

    Most names are Chinese characters none of whose runs is in pypinyin's phrase dictionary;
    pypinyin then reads each character on its own, so the same reading comes from a cache per
    character at a twentieth of the cost (an import keys every name it brings).
    """
    if RE_HANS.match(name) and not _has_phrase(name):
        syllables = [_syllable(ch) for ch in name]
    else:
        syllables = [_plain_syllable(s) for s in lazy_pinyin(name, errors=_keep_latin)]
    syllables = [s for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def _plain_syllable(reading: str) -> str:
    return "".join(ch for ch in reading.lower() if "a" <= ch <= "z")


@lru_cache(maxsize=32768)
def _syllable(char: str) -> str:
    return "".join(_plain_syllable(s) for s in lazy_pinyin(char, errors=_keep_latin))


def _has_phrase(name: str) -> bool:
    """Whether a run of two or more characters of ``name`` is one of pypinyin's phrases."""
    return any(name[i:j] in PHRASES_DICT for i in range(len(name) - 1) for j in range(i + 2, len(name) + 1))


def _keep_latin(chars: str) -> str:
    """What pypinyin cannot read: Latin letters stay (as one syllable), the rest is dropped."""
    return "".join(c for c in chars if c.isascii())


@dataclass(frozen=True)
class SearchHit:
    record_id: str
    rank: int
    name: str
    id_number: str
    term: str
    state: str
    level: str
    registration_no: str
    birth_date: date
    gender: str


def _branch(where: str, rank: int) -> str:
    return (
        f"SELECT * FROM (SELECT {_COLUMNS}, {rank} AS rank FROM records "
        f"WHERE {where} AND is_current = 1 LIMIT :limit)"
    )


def plan(query: str) -> tuple[list[str], dict[str, object]]:
    """The lookups that fit ``query`` and their parameters (shared with the benchmark)."""
    q = query.strip()
    branches: list[str] = []
    params: dict[str, object] = {}
    if not q:
        return branches, params
    id18 = normalise_id_query(q)
    if id18:
        params["id"] = id18
        branches.append(_branch("id_number = :id", RANK_ID))
    if not id18 and (_DIGITS.match(q) or re.fullmatch(r"[A-Za-z0-9-]{4,32}", q)):
        params["q"] = q
        branches.append(_branch("registration_no = :q", RANK_REGISTRATION))
    if _DIGITS.match(q) and not id18 and len(q) >= 6:
        params["id_lo"], params["id_hi"] = q.upper(), q.upper() + _TOP
        branches.append(_branch("id_number >= :id_lo AND id_number < :id_hi", RANK_ID_PREFIX))
    if _CJK.search(q):
        params["name"], params["name_hi"] = q, q + _TOP
        branches.append(_branch("name = :name", RANK_NAME))
        branches.append(_branch("name > :name AND name < :name_hi", RANK_NAME_PREFIX))
    letters = q.lower().replace(" ", "")
    if _LETTERS.match(letters):
        params["py"], params["py_hi"] = letters, letters + _TOP
        branches.append(_branch("name_pinyin = :py", RANK_PINYIN))
        branches.append(_branch("name_initials = :py", RANK_INITIALS))
        branches.append(_branch("name_pinyin > :py AND name_pinyin < :py_hi", RANK_PINYIN_PREFIX))
        branches.append(_branch("name_initials > :py AND name_initials < :py_hi", RANK_INITIALS_PREFIX))
    return branches, params


def search(db: Session | Connection, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Rank-ordered hits; ``db`` is a session, or better a ``Database.read()`` connection."""
    branches, params = plan(query)
    if not branches:
        return []
    params["limit"] = limit
    sql = (
        f"SELECT {_COLUMNS}, MIN(rank) AS best FROM ({' UNION ALL '.join(branches)}) "
        "GROUP BY id ORDER BY best, name, id LIMIT :limit"
    )
    # Straight to the driver (SQLite takes :name parameters): this runs on every keystroke, and
    # compiling a text() statement each time costs more than the indexed lookups themselves.
    conn = db.connection() if isinstance(db, Session) else db
    rows = conn.exec_driver_sql(sql, params)
    return [
        SearchHit(rid, best, name, id_number, term, state, level, registration_no, date.fromisoformat(birth), gender)
        for rid, name, id_number, term, state, level, registration_no, birth, gender, best in rows
    ]
