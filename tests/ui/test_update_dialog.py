"""Help ▸ Software update… with a real registry on 127.0.0.1: the administrator reads what is new
in the announced version and downloads it, or takes it from a USB folder through Qt's own folder
dialog; a clerk reads it only (issue 16)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actors import sign_in_as
from cli_run import ADMIN, run_as
from learncenter.context import AppContext
from learncenter.domain.updates import parse_version
from learncenter import __version__
from learncenter.services.users import Role
from learncenter.ui.main_window import MainWindow
from learncenter.ui.tasks import Tasks
from learncenter.ui.update_dialog import UpdateDialog
from open_dialogs import answer_file_dialog, shown, trigger_menu
from registry.server import Server, enroll_code, sqlite_registry

NEXT = ".".join(str(n) for n in parse_version(__version__)[:2]) + ".99"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with sqlite_registry(tmp_path) as running:
        yield running


@pytest.fixture
def published(server: Server, workstation: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The workstation enrolled, the registry's update published (also written to a USB folder),
    and one sync run made: the manifest is known."""
    sign_in_as(workstation.users, "admin")
    root = str(workstation.data_dir.root)
    assert run_as(capsys, ADMIN, "--data-dir", root, "sync", "enroll", server.url, enroll_code(server, "11001"))[0] == 0
    package = tmp_path / f"learncenter-{NEXT}-setup.exe"
    package.write_bytes(b"MZ" + bytes(range(256)) * 100)
    done = subprocess.run(server.command("publish-update", str(package), NEXT, "--notes-zh", "新增统计页",
                                         "--notes-en", "A new dashboard", "--out", str(tmp_path / "usb")),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert run_as(capsys, ADMIN, "--data-dir", root, "sync", "run")[0] == 0
    return package


def _window(qtbot: QtBot, ctx: AppContext, tasks: Tasks, name: str, role: Role) -> MainWindow:
    window = MainWindow(ctx, sign_in_as(ctx.users, name, role), tasks)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_administrator_reads_what_is_new_and_downloads_it(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks, published: Path) -> None:
    window = _window(qtbot, workstation, tasks, "admin", Role.ADMIN)
    window.look_for_update()
    assert NEXT in window.update_hint.text()
    trigger_menu(window, "&Help", "Software &update…")
    dialog = shown(window, UpdateDialog)
    qtbot.waitUntil(lambda: dialog.manifest is not None, timeout=10_000)
    assert NEXT in dialog.news.text() and "新增统计页" in dialog.news.text()  # the workstation's language: zh
    qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
    tasks.wait()
    qtbot.waitUntil(lambda: "waits" in dialog.state.text(), timeout=20_000)
    staged = workstation.data_dir.root / "updates" / published.name
    assert staged.read_bytes() == published.read_bytes()
    dialog.close()


def test_an_update_is_taken_from_a_usb_folder(qtbot: QtBot, workstation: AppContext, tasks: Tasks,
                                              published: Path, tmp_path: Path) -> None:
    window = _window(qtbot, workstation, tasks, "admin", Role.ADMIN)
    dialog = window.open_updates()
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    answer_file_dialog(qtbot, dialog, tmp_path / "usb")
    qtbot.waitUntil(lambda: "waits" in dialog.state.text(), timeout=20_000)
    assert (workstation.data_dir.root / "updates" / "pending.json").is_file()
    dialog.close()


def test_a_clerk_reads_the_news_but_an_administrator_installs(qtbot: QtBot, workstation: AppContext,
                                                              tasks: Tasks, published: Path) -> None:
    window = _window(qtbot, workstation, tasks, "clerk1", Role.CLERK)
    dialog = window.open_updates()
    qtbot.waitUntil(lambda: dialog.manifest is not None, timeout=10_000)
    assert NEXT in dialog.news.text()
    assert not dialog.fetch_button.isEnabled() and not dialog.folder_button.isEnabled()
    assert "administrator" in dialog.state.text()
    dialog.close()
