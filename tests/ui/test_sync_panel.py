"""Sync in the workstation against a real registry process on 127.0.0.1: enrollment, the
status indicator, Sync now, a returned record corrected on the Returned records page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from candidates import gather_evidence, jpeg, new_record
from pytestqt.qtbot import QtBot
from registry.server import Server, enroll_code, sqlite_registry
from sqlalchemy import select

from learncenter.cli import main as cli
from learncenter.context import AppContext
from learncenter.domain.roles import SignedIn
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store import device_key
from learncenter.store.models import AuditEntry, OutboxItem, Record
from learncenter.ui.main_window import MainWindow
from entry_typing import fill, type_text
from learncenter.ui.correction_dialog import CorrectionDialog
from learncenter.ui.prompts import EnrollDialog
from open_dialogs import answer_file_dialog, answer_question, read_message, shown, trigger_menu
from PySide6.QtCore import Qt
from learncenter.ui.tasks import Tasks
from actors import sign_in_as
from cli_run import DEMO_ADMIN, run_as

ZHANG_SAN = "360426199101010071"  # in the workstation already, pre-registered
WANG_WU = "110105199003071239"  # male, born 1990-03-07


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with sqlite_registry(tmp_path) as running:
        yield running



def _confirm(ctx: AppContext, id_number: str, clerk: SignedIn | None = None) -> str:
    clerk = clerk or sign_in_as(ctx.users, "clerk1")
    with ctx.db.session() as session:
        record = session.scalar(select(Record).where(Record.id_number == id_number, Record.is_current.is_(True)))
        assert record is not None
        record_id = record.id
    ctx.records.attach_photo(record_id, jpeg(), actor=clerk)
    gather_evidence(ctx.records, record_id, actor=clerk)
    ctx.records.confirm(record_id, actor=clerk)
    return record_id


def _go(window: MainWindow, page: object) -> None:
    window.nav.setCurrentRow(window.stack.indexOf(page))  # type: ignore[arg-type]


def _key_id(ctx: AppContext) -> str | None:
    with ctx.db.session() as session:
        return device_key.current_key_id(session)


def _states(ctx: AppContext) -> list[str]:
    with ctx.db.session() as session:
        return sorted(session.scalars(select(OutboxItem.state)).all())


def test_enroll_sync_and_correct_a_returned_record_from_the_workstation(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks, server: Server, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    window = MainWindow(workstation, sign_in_as(workstation.users, "admin"), tasks, reachable=lambda url: True)
    qtbot.addWidget(window)
    window.show()
    panel = window.sync
    qtbot.waitUntil(lambda: "not enrolled" in panel.indicator.text())  # read once the first page is up
    trigger_menu(window, "S&ync", "Sync &now")
    assert "not enrolled" in read_message(qtbot, window)

    trigger_menu(window, "S&ync", "&Enroll with the registry…")
    dialog = shown(window, EnrollDialog)
    qtbot.keyClicks(dialog.url, "registry.example")  # no scheme: said, and the dialog stays
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "https://" in dialog.message.text()
    dialog.url.clear()
    qtbot.keyClicks(dialog.url, server.url)
    qtbot.keyClicks(dialog.code, enroll_code(server, "11001"))
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert panel.status is not None and panel.status.enrolled
    said = read_message(qtbot, window)
    assert "11001" in said and "registry key id" in said
    assert "offline" in panel.indicator.text() or "online" in panel.indicator.text()

    # Another center confirmed 张三 earlier and synced; this center's confirmation comes back.
    other = tmp_path / "other-center"
    assert cli(["--data-dir", str(other), "demo", "--candidates", "3", "--confirmed", "0", "--seed", "5"]) == 0
    other_ctx = AppContext.build(open_database(DataDir(other)))
    other_ctx.actor = other_ctx.users.authenticate("clerk", "clerk-demo")  # the demo's accounts
    other_ctx.records.enter_many([new_record()], actor=other_ctx.users.authenticate("entry", "entry-demo"),
                                 source="entry")
    _confirm(other_ctx, ZHANG_SAN, other_ctx.actor)
    other_ctx.close()
    assert run_as(capsys, DEMO_ADMIN, "--data-dir", str(other), "sync", "enroll", server.url,
                  enroll_code(server, "11002"))[0] == 0
    assert run_as(capsys, DEMO_ADMIN, "--data-dir", str(other), "sync", "run")[0] == 0

    record_id = _confirm(workstation, ZHANG_SAN)
    trigger_menu(window, "S&ync", "Sync &now")
    assert "returned: 1" in read_message(qtbot, window) and _states(workstation) == ["returned"]
    page = window.returned
    [returned] = page.rows
    assert returned.record_id == record_id and returned.code == "duplicate_person"
    assert "11002" in page.table.item(0, 4).text()

    # The clerk had typed the wrong ID number: corrected with the supervisor, sent again, accepted.
    _go(window, page)
    page.table.selectRow(0)
    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    dialog = shown(page, CorrectionDialog)
    assert "11002" in dialog.intro.text()
    fill(qtbot, dialog.form, {"id_number": WANG_WU, "birth_date": "1990-03-07", "gender": "1"})
    type_text(qtbot, dialog.reason, "身份证号录入错误")
    qtbot.keyClicks(dialog.supervisor, "boss")
    qtbot.keyClicks(dialog.password, "boss password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # the supervisor's Enter signs
    assert page.rows == []
    trigger_menu(window, "S&ync", "Sync &now")
    assert "accepted: 1" in read_message(qtbot, window)
    assert _states(workstation) == ["accepted", "returned"]  # the returned version stays on record
    assert "waiting 0" in panel.indicator.text()


def test_an_administrator_replaces_the_device_key_from_the_sync_menu(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks, server: Server) -> None:
    window = MainWindow(workstation, sign_in_as(workstation.users, "admin"), tasks, reachable=lambda url: True)
    qtbot.addWidget(window)
    window.show()
    actions = [action.text() for action in window.menuBar().actions()[1].menu().actions()]
    assert "&Replace the device key…" in actions
    panel = window.sync
    panel.enroll(server.url, enroll_code(server, "11001"))
    read_message(qtbot, window)
    before = _key_id(workstation)
    _confirm(workstation, ZHANG_SAN)
    trigger_menu(window, "S&ync", "Sync &now")
    assert "accepted: 1" in read_message(qtbot, window)

    trigger_menu(window, "S&ync", "&Replace the device key…")
    assert "Replace the key now?" in answer_question(qtbot, window, yes=False)  # thinks better of it
    assert _key_id(workstation) == before
    trigger_menu(window, "S&ync", "&Replace the device key…")
    answer_question(qtbot, window, yes=True)
    after = _key_id(workstation)
    said = read_message(qtbot, window)
    assert after != before and after in said and before in said
    with workstation.db.session() as session:
        assert session.scalar(select(AuditEntry.action).where(AuditEntry.entity == "device_key")
                              .order_by(AuditEntry.seq.desc()).limit(1)) == "device_key.created"

    # the registry takes batches signed with the new key
    workstation.records.enter_many([new_record(id_number=WANG_WU, name="王五")],
                                   actor=sign_in_as(workstation.users, "entry"), source="entry")
    _confirm(workstation, WANG_WU)
    trigger_menu(window, "S&ync", "Sync &now")
    assert "accepted: 1" in read_message(qtbot, window) and _states(workstation) == ["accepted", "accepted"]


def test_batches_travel_by_file_through_the_file_dialogs(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks, server: Server, tmp_path: Path) -> None:
    """No network at the center: the batches go to a stick, the registry imports them, and its
    receipt comes back on the stick; both files are chosen in the dialogs the menu opens."""
    import subprocess

    admin = sign_in_as(workstation.users, "admin")
    workstation.actor = admin
    window = MainWindow(workstation, admin, tasks, reachable=lambda url: False)
    qtbot.addWidget(window)
    window.show()
    trigger_menu(window, "S&ync", "&Enroll with the registry…")
    dialog = shown(window, EnrollDialog)
    qtbot.keyClicks(dialog.url, server.url)
    qtbot.keyClicks(dialog.code, enroll_code(server, "11001"))
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    read_message(qtbot, window)
    record_id = _confirm(workstation, ZHANG_SAN)

    stick = tmp_path / "stick"
    stick.mkdir()
    trigger_menu(window, "S&ync", "&Write batches to a file…")
    answer_file_dialog(qtbot, window, stick / "batch")  # the filter's extension is added
    written = read_message(qtbot, window)
    [batch] = stick.glob("batch*.lcb")
    assert str(batch) in written and "bring back its receipt file" in written

    receipt = stick / "receipt.json"
    done = subprocess.run(server.command("import", str(batch), "--receipt-out", str(receipt)),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    forged = stick / "forged.json"
    forged.write_text("{}", encoding="utf-8")
    trigger_menu(window, "S&ync", "&Import a receipt file…")
    answer_file_dialog(qtbot, window, forged)
    refused = read_message(qtbot, window)
    assert "Traceback" not in refused and "accepted" not in refused
    trigger_menu(window, "S&ync", "&Import a receipt file…")
    answer_file_dialog(qtbot, window, receipt, press_enter=True)
    assert read_message(qtbot, window) == "Receipt verified: 1 record(s) accepted, 0 returned."
    with workstation.db.session() as session:
        assert session.get(Record, record_id).state == "accepted"  # type: ignore[union-attr]
