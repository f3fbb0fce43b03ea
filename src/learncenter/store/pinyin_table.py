"""The readings of each Chinese character, without tones: a table of ~300 KB made from pypinyin's
dictionary at build time (scripts/build_assets.py), read here without pypinyin.

pypinyin keeps its dictionaries as Python dicts of strings, 56 MB of RSS once imported, and the
services needed it at once (every entry and every search key). Names need only single
characters' readings (a phrase dictionary reads 于思 as "yusai", which is wrong for a name), so
the table holds, for every character pypinyin knows, its toneless readings, the most common
first, as pypinyin orders them.

Layout (little-endian): the magic line; the syllables as ASCII separated by spaces; runs of
consecutive code points as (first code, length, first slot); for every slot the index of its
first reading (one more entry than slots, so slot ``s`` reads ``ids[starts[s]:starts[s + 1]]``);
the readings as syllable numbers. The file is kept as one ``bytes`` object and read through
``memoryview`` casts: no per-character Python objects.
"""

from __future__ import annotations

import struct
import sys
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).with_name("pinyin_table.bin")
MAGIC = b"learncenter pinyin table 1\n"
_GAP = 8  # code points without readings inside a run cost an empty slot each; longer gaps split runs


class PinyinTableMissing(RuntimeError):
    """The table is made by scripts/build_assets.py (./dev setup) and shipped in the package."""


def encode(readings: Mapping[int, Sequence[str]]) -> bytes:
    """The table for ``{code point: toneless readings, most common first}``."""
    syllables = sorted({s for rs in readings.values() for s in rs})
    number = {s: n for n, s in enumerate(syllables)}
    codes = sorted(c for c, rs in readings.items() if rs)
    runs: list[tuple[int, int, int]] = []  # (first code, length, first slot)
    slots = 0
    for code in codes:
        if runs and code - (runs[-1][0] + runs[-1][1]) <= _GAP:
            first, _length, base = runs[-1]
            runs[-1] = (first, code - first + 1, base)
            slots = base + code - first + 1
        else:
            runs.append((code, 1, slots))
            slots += 1
    starts = [0] * (slots + 1)
    ids: list[int] = []
    for first, length, base in runs:
        for slot in range(base, base + length):
            starts[slot] = len(ids)
            ids += [number[s] for s in readings.get(first + slot - base, ())]
    starts[slots] = len(ids)
    text = " ".join(syllables).encode("ascii")
    parts = [MAGIC, struct.pack("<III", len(text), len(runs), slots), text]
    parts += [struct.pack("<III", *run) for run in runs]
    parts += [struct.pack(f"<{slots + 1}I", *starts), struct.pack(f"<{len(ids)}H", *ids)]
    return b"".join(parts)


class PinyinTable:
    def __init__(self, data: bytes) -> None:
        if not data.startswith(MAGIC) or sys.byteorder != "little":
            raise PinyinTableMissing("not a pinyin table of this version")
        at = len(MAGIC)
        text_length, run_count, slots = struct.unpack_from("<III", data, at)
        at += 12
        self._syllables = tuple(data[at:at + text_length].decode("ascii").split(" "))
        at += text_length
        runs = [struct.unpack_from("<III", data, at + 12 * n) for n in range(run_count)]
        at += 12 * run_count
        self._firsts = [r[0] for r in runs]
        self._runs = runs
        self._data = data  # the memoryviews below refer to it
        view = memoryview(data)
        self._starts = view[at:at + 4 * (slots + 1)].cast("I")
        at += 4 * (slots + 1)
        self._ids = view[at:].cast("H")

    def readings(self, char: str) -> tuple[str, ...]:
        """Toneless readings of one character, the most common first; () when it has none."""
        code = ord(char)
        n = bisect_right(self._firsts, code) - 1
        if n < 0:
            return ()
        first, length, base = self._runs[n]
        if code >= first + length:
            return ()
        slot = base + code - first
        return tuple(self._syllables[i] for i in self._ids[self._starts[slot]:self._starts[slot + 1]])

    def __len__(self) -> int:
        """Characters that have readings."""
        return sum(1 for slot in range(len(self._starts) - 1) if self._starts[slot] != self._starts[slot + 1])


@lru_cache(maxsize=1)
def table() -> PinyinTable:
    """The shipped table, read on first use."""
    try:
        data = TABLE_PATH.read_bytes()
    except FileNotFoundError:
        raise PinyinTableMissing(f"{TABLE_PATH} is missing: run scripts/build_assets.py") from None
    return PinyinTable(data)
