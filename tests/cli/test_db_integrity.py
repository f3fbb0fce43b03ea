"""`learncenter db integrity` on a real database: guard triggers, sealed rows edited behind their
back, and blob files that interrupted writes left behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from cli_run import DEMO_ADMIN, run, run_as
from sqlalchemy import select

from learncenter.store.blobs import ORPHAN_AGE_S
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store.models import Record


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> DataDir:
    folder = tmp_path / "demo"
    assert run(capsys, "--data-dir", str(folder), "demo", "--candidates", "12", "--confirmed", "3", "--seed", "5")[0] == 0
    return DataDir(folder)


def _integrity(capsys: pytest.CaptureFixture[str], demo: DataDir, *extra: str) -> tuple[int, str]:
    code, out, _err = run_as(capsys, DEMO_ADMIN, "--data-dir", str(demo.root), "--lang", "en", "db", "integrity", *extra)
    return code, out


def test_a_dropped_guard_and_an_edited_sealed_row_are_reported(demo: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    assert _integrity(capsys, demo)[0] == 0
    db = open_database(demo, upgrade=False)
    with db.engine.begin() as conn:  # what someone holding the database key can do
        sealed = conn.execute(select(Record.id).where(Record.sealed_at.is_not(None))).scalars().first()
        conn.exec_driver_sql("DROP TRIGGER records_sealed_no_update")
        conn.exec_driver_sql("UPDATE records SET name = '李鬼' WHERE id = ?", (sealed,))
    db.close()
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", str(demo.root), "audit", "verify")
    assert code == 0  # the audit chain alone does not see it
    code, out = _integrity(capsys, demo)
    assert code == 1
    assert "the guard trigger records_sealed_no_update is missing" in out
    assert f"the sealed version {sealed} no longer holds what the audit log recorded" in out
    assert "李鬼" not in out


def test_a_weakened_guard_and_a_foreign_trigger_are_reported(demo: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(demo, upgrade=False)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        conn.exec_driver_sql("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                             "WHEN OLD.seq < 0 BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END")
        conn.exec_driver_sql("CREATE TRIGGER keep_a_copy AFTER UPDATE ON records BEGIN SELECT 1; END")
    db.close()
    code, out = _integrity(capsys, demo)
    assert code == 1
    assert "the guard trigger audit_log_no_delete differs from the one this program ships" in out
    assert "does not ship: keep_a_copy" in out


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_orphan_blobs_are_reported_and_repaired_but_not_a_write_in_progress(
        demo: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(demo, upgrade=False)
    left_over = db.blobs._path(db.blobs.put(b"a photo whose record never committed"))
    killed = left_over.with_name(f".{left_over.name}.tmp")  # the temporary file of a killed write
    killed.write_bytes(b"half a photo")
    being_written = db.blobs._path(db.blobs.put(b"a photo being stored right now"))
    stored = [db.blobs._path(sha) for sha in db.session().scalars(select(Record.photo_sha256)) if sha]
    db.close()
    assert stored and all(path.exists() for path in stored)
    assert _integrity(capsys, demo)[0] == 0  # everything unreferenced is young: maybe being written
    for path in (left_over, killed, *stored):
        _age(path, ORPHAN_AGE_S + 60)
    code, out = _integrity(capsys, demo)
    assert code == 1 and "2 photo or scan files" in out and "--repair" in out
    code, out = _integrity(capsys, demo, "--repair")
    assert code == 0 and "Removed 2 photo or scan files" in out and "integrity check passed" in out
    assert not left_over.exists() and not killed.exists()
    assert being_written.exists() and all(path.exists() for path in stored)
    assert _integrity(capsys, demo)[0] == 0


def test_content_stored_again_while_its_orphan_is_removed_stays(demo: DataDir) -> None:
    db = open_database(demo, upgrade=False)
    data = b"the same photo, captured again"
    path = db.blobs._path(db.blobs.put(data))
    _age(path, ORPHAN_AGE_S + 60)
    assert db.blobs.orphans([]) == [path]
    sha = db.blobs.put(data)  # the clerk stores the same bytes: the file is in use again
    assert db.blobs.remove_orphan(path) is False
    assert db.blobs.get(sha) == data and db.blobs.orphans([]) == []
    db.close()
