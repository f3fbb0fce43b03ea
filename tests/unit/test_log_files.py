"""The private log: scrubbed tracebacks, private files, rotation, and exceptions nobody caught."""

from __future__ import annotations

import logging
import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from learncenter import log_files
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.safe_traceback import WITHHELD, format_exception

NAME, ID_NUMBER = "欧阳娜娜", "110105199103010012"
SAID = define("test.log_files.said", zh="{name}（{id_number}）不符合条件", en="{name} ({id_number}) is not eligible")


def _raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001
        return caught


def _statement_error() -> IntegrityError:
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE people (id_number TEXT PRIMARY KEY, name TEXT)"))
        conn.execute(text("INSERT INTO people VALUES (:i, :n)"), {"i": ID_NUMBER, "n": NAME})
    with pytest.raises(IntegrityError) as caught, engine.begin() as conn:
        conn.execute(text("INSERT INTO people VALUES (:i, :n)"), {"i": ID_NUMBER, "n": NAME})
    return caught.value


def test_a_statement_error_keeps_the_driver_sentence_and_drops_statement_and_values() -> None:
    error = _statement_error()
    assert NAME in str(error)  # what a plain traceback would have written
    scrubbed = format_exception(error)
    assert NAME not in scrubbed and ID_NUMBER not in scrubbed and "INSERT" not in scrubbed.split("\n")[-1]
    assert scrubbed.splitlines()[-1] == ("sqlalchemy.exc.IntegrityError: (sqlite3.IntegrityError) "
                                         "UNIQUE constraint failed: people.id_number")
    assert 'File "sqlalchemy/engine/base.py"' in scrubbed and "_statement_error" in scrubbed


def test_domain_errors_keep_their_codes_not_their_values() -> None:
    scrubbed = format_exception(_raised(DomainError(Problem(SAID, "id_number", {"name": NAME, "id_number": ID_NUMBER}))))
    assert NAME not in scrubbed and ID_NUMBER not in scrubbed
    assert scrubbed.endswith("DomainError: test.log_files.said (field id_number)")


def test_other_messages_and_file_names_are_withheld_and_chains_kept() -> None:
    try:
        try:
            open(f"/nonexistent/{NAME}.xlsx")  # noqa: SIM115
        except OSError as exc:
            raise ValueError(f"cannot read {NAME}'s sheet") from exc
    except ValueError as exc:
        scrubbed = format_exception(exc)
    assert NAME not in scrubbed
    assert "FileNotFoundError: [Errno 2] No such file or directory" in scrubbed
    assert f"ValueError: {WITHHELD}" in scrubbed
    assert scrubbed.index("FileNotFoundError") < scrubbed.index("direct cause") < scrubbed.index("ValueError")


def test_home_folders_are_not_named() -> None:
    scrubbed = format_exception(_raised(RuntimeError("x")))
    assert str(Path.home()) not in scrubbed and str(Path(__file__).parent) not in scrubbed
    assert 'File "test_log_files.py"' in scrubbed


def test_log_files_are_private_and_rotated(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    line = "a line of a long day, padded so that the log has to rotate several times" + "." * 60
    with log_files.installed(folder):
        log = logging.getLogger("learncenter.test")
        for _ in range(5 * log_files.MAX_BYTES // len(line)):
            log.info(line)
            log.warning(line)
    names = sorted(p.name for p in folder.iterdir())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert names == ["learncenter.log"] + [f"learncenter.log.{n}" for n in range(1, log_files.BACKUP_COUNT + 1)]
    assert all(stat.S_IMODE((folder / name).stat().st_mode) == 0o600 for name in names)
    assert all((folder / name).stat().st_size <= log_files.MAX_BYTES for name in names)


def test_libraries_log_their_templates_not_their_values(tmp_path: Path) -> None:
    with log_files.installed(tmp_path / "logs"):
        logging.getLogger("sqlalchemy.engine").warning("row %s failed", (NAME, ID_NUMBER))
        logging.getLogger("learncenter.store").warning("a write waited %d s", 12)
    logged = (tmp_path / "logs" / "learncenter.log").read_text(encoding="utf-8")
    assert NAME not in logged and "row %s failed" in logged and "a write waited 12 s" in logged


def test_an_exception_nobody_caught_in_a_thread_is_logged_scrubbed(tmp_path: Path) -> None:
    def work() -> None:
        raise ValueError(f"{NAME} {ID_NUMBER}")

    told: list[BaseException] = []
    with log_files.installed(tmp_path / "logs"):
        stop = log_files.on_uncaught(told.append)
        try:
            thread = threading.Thread(target=work)
            thread.start()
            thread.join()
        finally:
            stop()
    logged = (tmp_path / "logs" / "learncenter.log").read_text(encoding="utf-8")
    assert "uncaught exception" in logged and "in work" in logged and NAME not in logged
    assert len(told) == 1 and isinstance(told[0], ValueError)


def test_the_log_goes_to_the_data_folder_only_when_it_exists(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    assert log_files.log_folder(tmp_path / "data") == tmp_path / "data" / "logs"
    assert log_files.log_folder(tmp_path / "typo") != tmp_path / "typo" / "logs"
    assert not (tmp_path / "typo").exists()


def test_a_plain_sqlite_error_outside_sqlalchemy() -> None:
    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute(f"SELECT * FROM '{NAME}'")
    assert format_exception(caught.value).endswith(f"sqlite3.OperationalError: {WITHHELD}")


FAULT = """
import faulthandler, sys
from pathlib import Path
from learncenter import log_files
secret = "欧阳娜娜 110105199103010012"
with log_files.fatal_errors(Path(sys.argv[1])):
    faulthandler._sigsegv()  # what a fault in Qt or a driver does to the process
"""


def test_a_fatal_error_leaves_its_stacks_and_no_values_beside_the_log(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "logs"
    done = subprocess.run([sys.executable, "-c", FAULT, str(folder)], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    fatal = (folder / log_files.FATAL_NAME).read_text(encoding="utf-8")
    assert "Segmentation fault" in fatal and 'File "<string>", line 7' in fatal
    assert "欧阳娜娜" not in fatal and "110105199103010012" not in fatal
    assert (folder / log_files.FATAL_NAME).stat().st_mode & 0o077 == 0
