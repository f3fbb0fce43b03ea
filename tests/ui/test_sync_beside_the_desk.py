"""An automatic sync and the clerk's seal in the workstation at the same time, with real
worker threads, on a real encrypted database and a real registry process behind a slow
network: the sync waits on the network in its own lane, so the seal neither queues behind the
upload nor meets "database is locked"."""

from __future__ import annotations

import time
from pathlib import Path

from open_dialogs import read_message, shown
from pytestqt.qtbot import QtBot
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from slow_registry import enroll_through, ready_to_seal, slow_registry
from sqlalchemy import select

from learncenter.context import AppContext
from learncenter.store.models import OutboxItem
from learncenter.sync.engine import SyncReport
from learncenter.ui.jobs import JobProgressDialog
from learncenter.ui.sync_panel import SyncPanel
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

DELAY = 1.0  # seconds each request to the registry waits on the network


def test_a_seal_made_during_an_automatic_sync_does_not_wait_for_the_upload(
        qtbot: QtBot, workstation: AppContext, tmp_path: Path) -> None:
    tasks = Tasks()  # real threads: the sync in the network lane, the seal on the writer
    with slow_registry(tmp_path / "registry", DELAY) as (server, proxy, network):
        enroll_through(workstation, server, proxy)
        early, during = ready_to_seal(workstation, 2, actor=sign_in_as(workstation.users, "clerk1"))
        workstation.records.confirm(early, actor=sign_in_as(workstation.users, "clerk1"))
        parent = QWidget()
        qtbot.addWidget(parent)
        panel = SyncPanel(workstation, tasks, actor=sign_in_as(workstation.users, "clerk1"), parent=parent, reachable=lambda url: True)
        reports: list[SyncReport] = []
        panel.synced.connect(reports.append)
        qtbot.waitUntil(lambda: panel.status is not None)

        panel.check()  # the registry answers and a sealed record waits: a quiet sync starts
        qtbot.waitUntil(lambda: any(path.startswith("/v1/batches") for _, path in network.arrivals),
                        timeout=20_000)
        sealed: list[object] = []
        failed: list[Exception] = []
        started = time.monotonic()
        tasks.write(lambda: workstation.records.confirm(during, actor=sign_in_as(workstation.users, "clerk1")), sealed.append, failed.append)
        qtbot.waitUntil(lambda: bool(sealed or failed), timeout=20_000)
        ended = time.monotonic()
        assert failed == [] and panel.running
        assert network.in_flight(started, ended)  # sealed while the upload waited on the network

        qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
        assert [(r.committed, r.accepted, r.problems) for r in reports] == [(1, 1, [])]
        panel.run(quiet=True)  # the record sealed during the first run goes with the next
        qtbot.waitUntil(lambda: len(reports) == 2, timeout=60_000)
        assert (reports[1].committed, reports[1].accepted, reports[1].problems) == (1, 1, [])
        panel.timer.stop()
        tasks.wait()
    with workstation.db.session() as session:
        assert sorted(session.scalars(select(OutboxItem.state)).all()) == ["accepted", "accepted"]


def test_sync_now_shows_its_progress_window_and_its_cancel_button_stops_the_run(
        qtbot: QtBot, workstation: AppContext, tmp_path: Path) -> None:
    tasks = Tasks()  # real threads: the run waits on the slow network while the window is pressed
    with slow_registry(tmp_path / "registry", DELAY) as (server, proxy, network):
        enroll_through(workstation, server, proxy)
        for record_id in ready_to_seal(workstation, 2, actor=workstation.user):
            workstation.records.confirm(record_id, actor=workstation.user)
        parent = QWidget()
        qtbot.addWidget(parent)
        parent.show()
        panel = SyncPanel(workstation, tasks, actor=workstation.user, parent=parent, reachable=lambda url: False)
        panel.timer.stop()
        reports: list[SyncReport] = []
        panel.synced.connect(reports.append)
        qtbot.waitUntil(lambda: panel.status is not None)

        panel.sync_now()
        window = shown(parent, JobProgressDialog)
        assert window.windowModality() == Qt.WindowModality.WindowModal
        assert window.label.text() == "Sending sealed records to the registry…"
        qtbot.waitUntil(lambda: any(path.startswith("/v1/batches") for _, path in network.arrivals),
                        timeout=20_000)
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
        assert not window.cancel_button.isEnabled() and "Stopping" in window.label.text()
        qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
        assert len(reports) == 1 and reports[0].cancelled
        said = read_message(qtbot, parent)
        assert "Cancelled; what was sent is kept and the next sync continues." in said
        assert not [w for w in parent.findChildren(JobProgressDialog) if w.isVisible()]

        panel.run(quiet=True)  # the next run completes what the cancelled one left
        qtbot.waitUntil(lambda: len(reports) == 2, timeout=60_000)
        assert not reports[1].cancelled and reports[0].accepted + reports[1].accepted == 2
        tasks.wait()
    with workstation.db.session() as session:
        assert sorted(session.scalars(select(OutboxItem.state)).all()) == ["accepted", "accepted"]
