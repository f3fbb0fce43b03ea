"""The keys a name is found by: full pinyin without tones, its initials, and the name's own text.

Every record carries one *main* key pair in its own columns (``name_pinyin``, ``name_initials``;
the queue sorts names by ``name_pinyin``): the surname read as a surname (单 -> shan, 曾 -> zeng,
尉迟 -> yuchi) and every other character by its most common reading. A name that is also found
another way has *alternative* keys in ``record_name_keys``: the surname by its common reading
(单田芳 by "dantianfang"/"dtf" as well as "shantianfang"/"stf"), and the name's text without
the dots and spaces between its parts (李·明 by 李明). Most names have none, so the side table
stays small and each lookup in it is one range on its (kind, key) index.

Other characters with several readings keep their most common one: pypinyin lists rare and
classical readings too (思 sai, 家 gu), and expanding them would give a third of all names 2 to
192 keys each (measured on the demo's names).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import product

from learncenter.domain.person_name import compact_name, is_cjk, name_parts, surname_reading
from learncenter.store.pinyin_table import table

PINYIN = "p"
INITIALS = "i"
NAME_TEXT = "n"


def _syllables(part: str, readings_of: dict[int, tuple[str, ...]]) -> Iterator[tuple[str, ...]]:
    """The readings of each syllable of one part of a name, in order.

    A character with readings is a syllable (``readings_of`` overrides the table at a position);
    a run of other characters keeps its Latin letters as one syllable (Tom, JOHN); anything else
    (a character the table does not know) is dropped, as pypinyin dropped it.
    """
    pinyin_table = table()
    latin: list[str] = []
    for at, char in enumerate(part):
        readings = readings_of.get(at) or pinyin_table.readings(char)[:1]
        if readings:
            if latin:
                yield ("".join(latin),)
                latin = []
            yield readings
        elif "a" <= char.lower() <= "z" and char.isascii():
            latin.append(char.lower())
    if latin:
        yield ("".join(latin),)


@lru_cache(maxsize=65536)
def _readings(name: str) -> tuple[tuple[str, ...], ...]:
    """Per syllable: the main reading first, then the others the name is also found by."""
    parts = name_parts(name)
    if not parts:
        return ()
    found = surname_reading(name)
    first_overrides: dict[int, tuple[str, ...]] = {}
    if found is not None:
        surname, surname_syllables = found
        pinyin_table = table()
        for at, (char, reading) in enumerate(zip(surname, surname_syllables)):
            common = pinyin_table.readings(char)[:1]
            first_overrides[at] = tuple(dict.fromkeys((reading, *common)))
    syllables = list(_syllables(parts[0], first_overrides))
    for part in parts[1:]:
        syllables += _syllables(part, {})
    return tuple(syllables)


def name_keys(name: str) -> tuple[str, str]:
    """The main full pinyin and initials: 张三 -> ("zhangsan", "zs"), 单田芳 -> ("shantianfang", "stf")."""
    readings = _readings(name)
    return "".join(r[0] for r in readings), "".join(r[0][0] for r in readings)


def alternative_keys(name: str) -> list[tuple[str, str]]:
    """(kind, key) pairs a name is found by besides its main keys and its text as written."""
    readings = _readings(name)
    pinyin, initials = name_keys(name)
    keys: dict[tuple[str, str], None] = {}
    if any(len(r) > 1 for r in readings):
        for choice in product(*readings):
            keys[(PINYIN, "".join(choice))] = None
            keys[(INITIALS, "".join(s[0] for s in choice))] = None
    keys.pop((PINYIN, pinyin), None)
    keys.pop((INITIALS, initials), None)
    compact = compact_name(name)
    if compact != name and any(is_cjk(c) for c in compact):  # the text is searched for Chinese only
        keys[(NAME_TEXT, compact)] = None
    return list(keys)


def key_rows(record_id: str, name: str) -> list[dict[str, str]]:
    """Rows of ``record_name_keys`` for one record version."""
    return [{"record_id": record_id, "kind": kind, "key": key} for kind, key in alternative_keys(name)]
