"""Finding candidates the way a clerk asks: ID number (15 or 18 form), name, pinyin, initials,
registration number.

Each kind of query is one range or equality lookup on its own index, so a two-character name
or two pinyin initials cost the same as a full ID number; a trigram index would miss both. All
lookups that fit the query run as one statement and the best rank of each record wins.

A name's main keys are columns of ``records``; the other keys some names have (the common
reading of a surname such as 单, the text of 李·明 without its dot; store/name_keys.py) are rows
of ``record_name_keys``, looked up the same way on its (kind, key) index and joined to the
record by its primary key. A match on another key ranks as a match on the main one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from learncenter.domain.idnumber import normalise_id_query
from learncenter.domain.identity_documents import KEY_SEPARATOR, normalise_document_query
from learncenter.domain.person_name import compact_name
from learncenter.store.name_keys import INITIALS, NAME_TEXT, PINYIN

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
_NOT_LETTERS = re.compile(r"[\s\u00b7\u2027\u2022\u30fb.'-]+")  # Zhang San, Zhang·San, Zhang-San
_DIGITS = re.compile(r"^[0-9]{4,17}[0-9xX]?$")
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0003ffff]")
_COLUMNS = "id, name, id_number, term, state, level, registration_no, birth_date, gender"


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


def _key_branch(kind: str, where: str, rank: int) -> str:
    """A lookup in record_name_keys: the (kind, key) index, then the record by its primary key."""
    return (
        f"SELECT * FROM (SELECT {_COLUMNS}, {rank} AS rank FROM record_name_keys AS k "
        f"JOIN records ON records.id = k.record_id "
        f"WHERE k.kind = '{kind}' AND {where} AND is_current = 1 LIMIT :limit)"
    )


def document_key(query: str) -> str | None:
    """The key of another identity document when ``query`` is a whole number of one (回乡证
    H12345678, 台胞证, a permanent resident card, a Chinese passport), else None. A foreign
    passport's number alone is no key: it is found by the holder's name."""
    if not re.fullmatch(r"[A-Za-z0-9()（） -]{8,20}", query) or query.isdigit() and len(query) > 10:
        return None
    key = normalise_document_query(query, today=date.today())
    return key if key is not None and KEY_SEPARATOR in key else None


def plan(query: str) -> tuple[list[str], dict[str, object]]:
    """The lookups that fit ``query`` and their parameters (shared with the benchmark)."""
    q = query.strip()
    branches: list[str] = []
    params: dict[str, object] = {}
    if not q:
        return branches, params
    id18 = normalise_id_query(q) or document_key(q)
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
        compact = compact_name(q)  # 李明 finds 李·明 (a key row), 李·明 and 李 明 find 李明
        params["text"], params["text_hi"] = compact, compact + _TOP
        if compact != q:
            branches.append(_branch("name = :text", RANK_NAME))
            branches.append(_branch("name > :text AND name < :text_hi", RANK_NAME_PREFIX))
        branches.append(_key_branch(NAME_TEXT, "k.key = :text", RANK_NAME))
        branches.append(_key_branch(NAME_TEXT, "k.key > :text AND k.key < :text_hi", RANK_NAME_PREFIX))
    letters = _NOT_LETTERS.sub("", q.lower())
    if _LETTERS.match(letters):
        params["py"], params["py_hi"] = letters, letters + _TOP
        branches.append(_branch("name_pinyin = :py", RANK_PINYIN))
        branches.append(_branch("name_initials = :py", RANK_INITIALS))
        branches.append(_branch("name_pinyin > :py AND name_pinyin < :py_hi", RANK_PINYIN_PREFIX))
        branches.append(_branch("name_initials > :py AND name_initials < :py_hi", RANK_INITIALS_PREFIX))
        branches.append(_key_branch(PINYIN, "k.key = :py", RANK_PINYIN))
        branches.append(_key_branch(INITIALS, "k.key = :py", RANK_INITIALS))
        branches.append(_key_branch(PINYIN, "k.key > :py AND k.key < :py_hi", RANK_PINYIN_PREFIX))
        branches.append(_key_branch(INITIALS, "k.key > :py AND k.key < :py_hi", RANK_INITIALS_PREFIX))
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
