"""At the desk, what the candidate submitted online: the photo beside the live one, usable after the
photo checks, and the scans kept with one press, through the real page (issue 13). The material
comes through the real fetching code from an in-process registry (the network is the boundary)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actors import sign_in_as
from card_images import back, front, jpeg
from desk_answers import Answers
from faces import face_photo
from learncenter.context import AppContext
from learncenter.sync.downsync import note_materials
from learncenter.sync.materials import fetch_materials
from learncenter.ui.confirmation_page import ConfirmationPage
from learncenter.ui.tasks import Tasks
from unit.sync.in_process_registry import InProcessRegistry

ZHANG_SAN = ("2026春", "360426199101010071")  # in the workstation already: pre-registered


def _submitted(ctx: AppContext) -> dict[str, bytes]:
    materials = {"photo": face_photo(), "id_front": jpeg(front()), "id_back": jpeg(back())}
    named = {kind: hashlib.sha256(data).hexdigest() for kind, data in materials.items()}
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with ctx.db.session() as session, session.begin():
        note_materials(session, *ZHANG_SAN, named, now.replace(tzinfo=None))
    registry = InProcessRegistry(materials={named[kind]: data for kind, data in materials.items()})
    assert fetch_materials(ctx.db, registry, now=lambda: now) == (3, [])
    return materials


def test_the_submitted_photo_and_scans_are_offered_and_used(qtbot: QtBot, workstation: AppContext,
                                                            tasks: Tasks) -> None:
    _submitted(workstation)
    page = ConfirmationPage(workstation.desk, tasks, actor=sign_in_as(workstation.users, "clerk1"), lang="en",
                            ask=Answers().prompts())
    qtbot.addWidget(page)
    page.show()
    qtbot.keyClicks(page.find_edit, ZHANG_SAN[1])
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    assert page.submitted_note.isVisible() and "photo" in page.submitted_note.text()
    assert "ID card front" in page.submitted_note.text()
    assert page.submitted_photo.pixmap() is not None and not page.submitted_photo.pixmap().isNull()
    assert page.use_submitted_photo.isVisible() and page.keep_submitted_scans.isVisible()

    qtbot.mouseClick(page.keep_submitted_scans, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "✓" in page.card_front.text() and "✓" in page.card_back.text(), timeout=10_000)
    assert not page.keep_submitted_scans.isVisible()  # nothing left to keep
    qtbot.waitUntil(lambda: page.card_reading.text().startswith("✓"), timeout=30_000)  # and read like a scan

    qtbot.mouseClick(page.use_submitted_photo, Qt.MouseButton.LeftButton)  # through the photo checks
    qtbot.waitUntil(lambda: page.photo_checks.count() > 0, timeout=10_000)
    shown = page._candidate
    assert shown is not None
    assert workstation.desk.candidate(shown.record_id, actor=sign_in_as(workstation.users, "clerk1")).photo_attempts == 1
