"""One center database, several processes: while the clerk's workstation writes, ``learncenter
import`` and ``learncenter sync run`` in processes of their own wait their turn and finish, or say
plainly that another program is writing; never "database is locked" and exit 3.

The desk here is this process, on a demo database (its key in a file the other processes read
too), sealing through ``RecordService.confirm``. It first holds one write transaction for longer
than SQLite's busy timeout, as a long write does (a large import chunk, a slow disk), then seals
the rest one after the other while both commands run.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from actors import sign_in_as
from cli_run import DEMO_ADMIN, run_as
from registry.server import enroll_code, sqlite_registry
from slow_registry import CENTER_ID, ready_to_seal, registry_records
from sqlalchemy import func, select

from learncenter import __version__
from learncenter.context import AppContext
from learncenter.services.users import UserService
from learncenter.domain.idnumber import check_character
from learncenter.store import engine as store_engine
from learncenter.store import settings
from learncenter.store.database import create_database
from learncenter.store.layout import DataDir
from learncenter.store.models import Record
from learncenter.sync.enrollment import enroll
from learncenter.sync.transport import enroll as http_enroll

SEALS = 12
SHEET_ROWS = 300
LONG_WRITE_S = 12  # longer than BUSY_TIMEOUT_MS: what a bare busy timeout does not wait out
GIVEN = "明华军芳丽强伟敏静磊"


def _command(data_dir: DataDir, *args: str) -> list[str]:
    """A command signed in as the demo's administrator, whose password comes on standard input."""
    return [sys.executable, "-c", "import sys; from learncenter.cli import main; sys.exit(main())",
            "--user", "admin", "--password-stdin", "--data-dir", str(data_dir.root), "--lang", "en", *args]


def _start(command: list[str], log: Any) -> subprocess.Popen[bytes]:
    started = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
    assert started.stdin is not None
    started.stdin.write(b"admin-demo\n")
    started.stdin.close()
    return started


def _sheet(path: Path) -> Path:
    lines = ["姓名,身份证号,性别,报考层次,专业代码,专业名称,招生批次,前置学历"]
    for n in range(SHEET_ROWS):
        first = f"110105{1960 + n // 100}0101{2 * (n % 100) + 101:03d}"
        lines.append(f"王{GIVEN[n % 10]}{GIVEN[n // 10 % 10]},{first + check_character(first)},男,高起专,530302,"
                     "大数据与会计,2026春,普通高中")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _has_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has the file open (Linux: /proc/PID/fd)."""
    try:
        return any(Path(fd).resolve() == path.resolve() for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see when a process opened the file")
def test_import_and_sync_run_wait_for_the_desk_and_everything_is_kept(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "center")
    db, _ = create_database(data_dir, demo=True)
    ctx = AppContext.build(db)
    desk_clerk = sign_in_as(ctx.users, "clerk")  # the demo's accounts: admin / admin-demo, clerk / clerk-demo
    with sqlite_registry(tmp_path / "registry") as server:
        enroll(ctx.db, http_enroll, url=server.url, code=enroll_code(server, CENTER_ID),
               device_name="desk-1", client_version=__version__, actor=sign_in_as(ctx.users, "admin"))
        record_ids = ready_to_seal(ctx, SEALS, actor=desk_clerk)
        holding, release, failures = threading.Event(), threading.Event(), []

        def desk() -> None:
            try:
                with db.session() as session, session.begin():  # one long write of the desk
                    settings.put(session, "drill", "long write")
                    holding.set()
                    release.wait(120)
                for record_id in record_ids:
                    ctx.records.confirm(record_id, actor=desk_clerk)
            except Exception as exc:  # noqa: BLE001 - what the test looks for
                failures.append(repr(exc))
            finally:
                holding.set()

        clerk = threading.Thread(target=desk)
        clerk.start()
        assert holding.wait(30)
        logs = [(tmp_path / f"{name}.out").open("w") for name in ("import", "sync")]
        commands = [_start(_command(data_dir, "import", str(_sheet(tmp_path / "sheet.csv"))), logs[0]),
                    _start(_command(data_dir, "sync", "run"), logs[1])]
        deadline = time.monotonic() + 60
        while not _has_open(commands[0].pid, data_dir.database) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(LONG_WRITE_S)  # the import has the database open and is about to write
        release.set()
        codes = [command.wait(180) for command in commands]
        clerk.join(180)
        for log in logs:
            log.close()
        said = [(tmp_path / f"{name}.out").read_text(encoding="utf-8") for name in ("import", "sync")]
        assert codes == [0, 0], said
        assert failures == [] and not clerk.is_alive()
        assert "300 added" in said[0]
        with db.session() as session:
            sealed = session.scalar(select(func.count()).select_from(Record).where(
                Record.id.in_(record_ids), Record.sealed_at.is_not(None)))
            imported = session.scalar(select(func.count()).select_from(Record).where(Record.source == "import"))
            assert settings.get(session, "drill") == "long write"
        assert (sealed, imported) == (SEALS, SHEET_ROWS)
        assert set(registry_records(server)) <= set(record_ids)  # what the run found sealed went up once
        assert set(registry_records(server).values()) <= {1}
    ctx.close()


def test_a_write_that_cannot_get_its_turn_says_another_program_is_writing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = DataDir(tmp_path / "center")
    db, _ = create_database(data_dir, demo=True)
    sign_in_as(UserService(db), "admin")  # the demo's administrator, admin / admin-demo
    db.close()
    holder = subprocess.Popen(  # another program holding the write lock until told to stop
        [sys.executable, "-c",
         "import sys; from learncenter.store.database import open_database; from learncenter.store.layout import DataDir;"
         "from learncenter.store import settings\n"
         f"db = open_database(DataDir(__import__('pathlib').Path({str(data_dir.root)!r})))\n"
         "with db.session() as s, s.begin():\n"
         "    settings.put(s, 'drill', 'held'); print('holding', flush=True); sys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        monkeypatch.setattr(store_engine, "WRITE_WAIT_S", 1.0, raising=False)  # not a minute, in a test
        started = time.monotonic()
        code, _out, err = run_as(capsys, DEMO_ADMIN, "--data-dir", str(data_dir.root), "--lang", "en", "import",
                                 str(_sheet(tmp_path / "sheet.csv")))
        waited = time.monotonic() - started
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(30)
    assert code == 2 and len([line for line in err.splitlines() if line.startswith("learncenter:")]) == 1, err
    assert "Another program" in err and "is writing to the database" in err and "within 1 s" in err
    assert waited < store_engine.BUSY_TIMEOUT_MS / 1000  # it gave up after its own bound
