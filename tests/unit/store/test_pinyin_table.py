"""The pinyin table made at build time reads as pypinyin did, ships in the package and is small."""

from __future__ import annotations

import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
from pypinyin import Style, lazy_pinyin, pinyin

from learncenter.domain.person_name import SURNAME_READINGS, name_parts
from learncenter.services.demo.people import generate_rows
from learncenter.store import pinyin_table
from learncenter.store.name_keys import name_keys
from learncenter.store.pinyin_table import PinyinTable, encode, table

ROOT = Path(__file__).resolve().parents[3]


def _pypinyin_readings(char: str) -> list[str]:
    (heteronyms,) = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore") or [[]]
    return list(dict.fromkeys(r for r in heteronyms if r.isascii() and r.isalpha()))


def test_every_character_of_the_unified_block_reads_as_pypinyin_reads_it() -> None:
    chars = [chr(c) for c in range(0x4E00, 0xA000)] + ["〇", "㐀", "䶮", "𠮷", "𡈼", "a", "·"]
    differ = [c for c in chars if list(table().readings(c)) != _pypinyin_readings(c)]
    assert differ == []
    assert table().readings("单") == ("dan", "chan", "shan") and table().readings("吕") == ("lv",)
    assert len(table()) > 40_000  # extension A and beyond the BMP too, as far as pypinyin knows them


def test_encoding_round_trips_runs_gaps_and_missing_characters() -> None:
    readings = {0x4E00: ["yi"], 0x4E02: ["kao", "yu"], 0x4E20: ["a"], 0x20000: ["he", "ke"]}
    decoded = PinyinTable(encode(readings))
    assert [decoded.readings(chr(c)) for c in (0x4E00, 0x4E01, 0x4E02, 0x4E1F, 0x4E20, 0x20000, 0x20001, 0x41)] == [
        ("yi",), (), ("kao", "yu"), (), ("a",), ("he", "ke"), (), ()]
    assert len(decoded) == 4


def test_the_table_is_one_small_block_of_bytes() -> None:
    """No per-character Python objects: the loaded table is its file's bytes plus ~1,000 runs."""
    loaded = table()
    assert sys.getsizeof(loaded._data) < 600_000
    assert len(loaded._runs) < 2_000


def test_a_missing_table_says_how_to_make_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pinyin_table, "TABLE_PATH", tmp_path / "pinyin_table.bin")
    pinyin_table.table.cache_clear()
    try:
        with pytest.raises(pinyin_table.PinyinTableMissing, match="build_assets"):
            pinyin_table.table()
    finally:
        pinyin_table.table.cache_clear()


def test_the_wheel_carries_the_table() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["learncenter"]
    package = ROOT / "src" / "learncenter"
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    assert pinyin_table.TABLE_PATH in shipped


def _pypinyin_keys(name: str) -> tuple[str, str]:
    """What store/search.py computed with pypinyin before the table (one syllable per part's
    Latin run, as the name's parts are now split at dots and spaces)."""
    syllables = [s for part in name_parts(name) for s in lazy_pinyin(part, errors=lambda t: t if t.isascii() else "")]
    syllables = ["".join(ch for ch in s.lower() if "a" <= ch <= "z") for s in syllables]
    syllables = [s for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def test_keys_are_pypinyins_except_for_surnames_read_as_surnames() -> None:
    names = ["张三", "张三丰", "章珊", "阿依古丽·买买提", "王小明", "李·明", "吕𠮷敏", "JOHN SMITH", "欧阳娜娜"]
    names += [str(row["name"]) for row in generate_rows(3000, seed=7, today=date(2026, 3, 1))]
    phrase_readings = {"于思", "乐毅"}  # pypinyin read these as phrases (yusai, yueyi); a name reads each character
    differ = [n for n in names
              if name_keys(n) != _pypinyin_keys(n) and n[:1] not in SURNAME_READINGS and n[:2] not in SURNAME_READINGS
              and not any(p in n for p in phrase_readings)]
    assert differ == []
    assert len(names) > 3000
