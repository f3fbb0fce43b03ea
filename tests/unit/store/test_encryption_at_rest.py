"""The database file, its WAL and the blob folder hold no readable personal data."""

from __future__ import annotations

from pathlib import Path

import pytest

from candidates import jpeg, new_record
from learncenter.context import AppContext
from learncenter.store.database import create_database, open_database
from learncenter.store.errors import StoreError
from learncenter.store.layout import DataDir
from actors import sign_in_as

NAMES = ["张三", "阿依古丽·买买提", "𠮷野家"]
IDS = ["360426199101010071", "11010519491231002X", "120103198806018241"]


def _all_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != "demo.key")


def test_no_plaintext_name_id_or_photo_on_disk(ctx: AppContext) -> None:
    photo = jpeg()
    entries = [new_record(name=n, id_number=i, photo=photo) for n, i in zip(NAMES, IDS)]
    ctx.records.enter_many(entries, actor=sign_in_as(ctx.users, "tester"), source="entry")
    ctx.close()  # checkpoint nothing away on purpose: the WAL is scanned too
    raw = _all_bytes(ctx.data_dir.root)
    assert raw, "the data folder is empty"
    for text in NAMES + IDS + ["zhangsan", "2026春"]:
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            try:
                needle = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            assert needle not in raw, f"{text!r} readable on disk as {encoding}"
    assert photo[:64] not in raw and b"JFIF" not in raw


def test_the_key_sits_only_in_the_keyring(ctx: AppContext, memory_keyring) -> None:
    key_hex = next(iter(memory_keyring.secrets.values()))
    raw = _all_bytes(ctx.data_dir.root)
    assert key_hex.encode() not in raw and bytes.fromhex(key_hex) not in raw


def test_wrong_key_is_a_clear_error(ctx: AppContext, memory_keyring) -> None:
    ctx.close()
    (entry,) = [entry for entry in memory_keyring.secrets if "device-key" not in entry[1]]
    memory_keyring.secrets[entry] = "11" * 32
    with pytest.raises(StoreError) as caught:
        open_database(ctx.data_dir)
    assert caught.value.problem.code == "store.wrong_key"
    assert "learncenter db recover" in caught.value.text("zh")


def test_demo_database_needs_no_keyring_and_says_demo(tmp_path: Path, memory_keyring) -> None:
    db, recovery = create_database(DataDir(tmp_path / "demo"), demo=True)
    assert recovery is None and db.demo and not memory_keyring.secrets
    db.close()
    assert open_database(DataDir(tmp_path / "demo")).demo
