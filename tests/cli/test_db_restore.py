"""`learncenter db restore`: a backup checked before anything is replaced, the current database
kept aside, a restore that can be undone (issue 16)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from cli_run import DEMO_ADMIN, run, run_as
from keyring_memory import MemoryKeyring

from learncenter.store.database import open_database
from learncenter.store.layout import DataDir

CLERK = ("clerk", "clerk-demo")


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "demo"
    code, _, _ = run(capsys, "--data-dir", str(folder), "demo", "--candidates", "12", "--confirmed", "2", "--seed", "3")
    assert code == 0
    return folder


def _backup(capsys: pytest.CaptureFixture[str], folder: Path, dest: Path) -> None:
    code, _, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", str(folder), "db", "backup", str(dest))
    assert code == 0


def _users(folder: Path) -> set[str]:
    db = open_database(DataDir(folder), upgrade=False)
    try:
        with db.read() as conn:
            return {name for (name,) in conn.exec_driver_sql("SELECT name FROM users")}
    finally:
        db.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add_user(capsys: pytest.CaptureFixture[str], folder: Path, name: str) -> None:
    code, _, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", str(folder), "users", "add", name, "--role", "clerk",
                        "--password-stdin", stdin="a long enough secret\n")
    assert code == 0


def test_restore_round_trip_keeps_the_replaced_database_aside(demo: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    _backup(capsys, demo, tmp_path / "monday")
    _add_user(capsys, demo, "later")  # work done after the backup
    assert "later" in _users(demo)

    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", str(demo), "db", "restore", str(tmp_path / "monday"))
    assert code == 0 and "12 条记录" in out and "哈希链完整" in out
    assert "later" not in _users(demo)  # the database is Monday's again
    (aside,) = (demo / "backups").glob("before-restore-*")
    assert str(aside) in out and "later" in _users(aside)  # what it replaced is kept, and opens

    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", str(demo), "audit", "verify")
    assert code == 0
    db = open_database(DataDir(demo), upgrade=False)
    with db.read() as conn:
        actions = [a for (a,) in conn.exec_driver_sql("SELECT actor || ' ' || action FROM audit_log ORDER BY seq")]
    db.close()
    assert actions[-1] == "admin database.restored"

    code, _, _ = run_as(capsys, DEMO_ADMIN, "--lang", "en", "--data-dir", str(demo), "db", "restore", str(aside))
    assert code == 0 and "later" in _users(demo)  # undone from the folder kept aside


def test_a_damaged_backup_replaces_nothing(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _backup(capsys, demo, tmp_path / "bak")
    before = _sha(demo / "learncenter.db")
    blob = next(p for p in (tmp_path / "bak" / "blobs").rglob("*") if p.is_file())
    data = bytearray(blob.read_bytes())
    data[-1] ^= 0xFF
    blob.write_bytes(bytes(data))
    code, _, err = run_as(capsys, DEMO_ADMIN, "--lang", "en", "--data-dir", str(demo), "db", "restore",
                          str(tmp_path / "bak"))
    assert code == 2 and "failed its check" in err and "damaged" in err and "nothing was replaced" in err
    assert _sha(demo / "learncenter.db") == before and not list((demo / "backups").glob("before-restore-*"))
    assert not list(demo.glob(".restore-*"))  # the staged copy is gone too

    database = tmp_path / "bak" / "learncenter.db"
    raw = bytearray(database.read_bytes())
    raw[len(raw) // 2: len(raw) // 2 + 64] = bytes(64)  # a page of the encrypted file overwritten
    database.write_bytes(bytes(raw))
    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", str(demo), "db", "restore", str(tmp_path / "bak"))
    assert code == 2 and "未通过检查" in err and _sha(demo / "learncenter.db") == before

    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", str(demo), "db", "restore", str(tmp_path))
    assert code == 2 and "不是 learncenter 的备份" in err and "learncenter.db" in err


def test_only_a_maintainer_restores(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _backup(capsys, demo, tmp_path / "bak")
    _add_user(capsys, demo, "later")
    code, _, err = run_as(capsys, CLERK, "--data-dir", str(demo), "db", "restore", str(tmp_path / "bak"))
    assert code == 2 and "later" in _users(demo)
    code, _, _ = run_as(capsys, ("admin", "wrong"), "--data-dir", str(demo), "db", "restore", str(tmp_path / "bak"))
    assert code == 2 and "later" in _users(demo)


def test_a_real_database_on_a_new_computer_needs_its_recovery_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "real"
    monkeypatch.setattr("sys.stdin", io.StringIO("root's own password\n"))
    code, out, _ = run(capsys, "--data-dir", str(folder), "users", "add", "root", "--role", "admin",
                       "--password-stdin")
    assert code == 0
    recovery = next(line.strip() for line in out.splitlines() if line.count("-") == 7)
    code, _, _ = run_as(capsys, ("root", "root's own password"), "--data-dir", str(folder), "db", "backup",
                        str(tmp_path / "bak"))
    assert code == 0

    memory_keyring.secrets.clear()  # another computer: an empty keyring, no database yet
    new = tmp_path / "new-pc"
    code, _, err = run(capsys, "--data-dir", str(new), "db", "restore", str(tmp_path / "bak"))
    assert code == 2 and "--recovery-key" in err and not DataDir(new).exists()
    code, _, err = run(capsys, "--data-dir", str(new), "db", "restore", str(tmp_path / "bak"), "--recovery-key",
                       "nonsense")
    assert code == 2 and not DataDir(new).exists()
    code, out, _ = run(capsys, "--data-dir", str(new), "db", "restore", str(tmp_path / "bak"), "--recovery-key",
                       recovery)
    assert code == 0 and "before-restore" not in out  # nothing was there to keep aside
    code, out, _ = run_as(capsys, ("root", "root's own password"), "--data-dir", str(new), "users", "list")
    assert code == 0 and "root" in out  # the key went into this computer's keyring
