"""The data folder is its owner's alone: folders 0700, files 0600, tightened on open."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from candidates import jpeg, new_record
from actors import sign_in_as
from learncenter.context import AppContext
from learncenter.store.database import create_database, open_database
from learncenter.store.layout import DataDir


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): _mode(p) for p in [root, *root.rglob("*")]}


def _assert_private(root: Path) -> None:
    wrong = {name: oct(mode) for name, mode in _modes(root).items()
             if mode != (0o700 if (root / name).is_dir() else 0o600)}
    assert wrong == {}


def test_a_new_database_is_private(ctx: AppContext) -> None:
    ctx.records.enter(new_record(photo=jpeg()), actor=sign_in_as(ctx.users, "tester"))  # a blob, in a folder of its own
    ctx.db.backup(ctx.data_dir.root / "backups" / "today")
    root = ctx.data_dir.root
    assert (root / "blobs").is_dir() and Path(f"{ctx.data_dir.database}-wal").exists()
    _assert_private(root)


def test_a_demo_database_keeps_its_keys_private(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "demo")
    db, _ = create_database(data_dir, demo=True)
    db.close()
    assert data_dir.demo_key.exists() and data_dir.demo_device_keys.exists()
    _assert_private(data_dir.root)


def test_opening_tightens_a_folder_an_older_version_left_open(data_dir: DataDir) -> None:
    db, _ = create_database(data_dir)
    db.close()
    for path in [data_dir.root, *data_dir.root.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    open_database(data_dir).close()
    assert _mode(data_dir.root) == 0o700
    assert _mode(data_dir.database) == 0o600 and _mode(data_dir.meta) == 0o600
