"""The desk reads the ID card the clerk scans and shows, field by field, where it differs from the
record, through the real page (the scanner's frames are the hardware boundary) (issue 13)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from actors import sign_in_as
from candidates import jpeg as photo, new_record
from card_images import back, front, jpeg
from desk_answers import Answers
from learncenter.context import AppContext
from learncenter.ui.confirmation_page import ConfirmationPage
from learncenter.ui.tasks import Tasks


def _page(qtbot: QtBot, ctx: AppContext, tasks: Tasks, answers: Answers, lang: str) -> ConfirmationPage:
    record_id = ctx.records.enter(new_record(photo=photo(), name="张三", id_number="360426199101010071"),
                                  actor=sign_in_as(ctx.users, "admin"), source="import").record_id
    page = ConfirmationPage(ctx.desk, tasks, actor=sign_in_as(ctx.users, "clerk1"), lang=lang, ask=answers.prompts())
    qtbot.addWidget(page)
    page.show()
    page.open_record(record_id)
    return page


def test_a_card_of_someone_else_is_shown_field_by_field(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    answers = Answers(images=[jpeg(front(name="张山", birth=date(1991, 1, 2)))])
    page = _page(qtbot, workstation, tasks, answers, "en")
    qtbot.mouseClick(page.card_front, Qt.MouseButton.LeftButton)  # the scanner hands the front over
    qtbot.waitUntil(lambda: "Reading" not in page.card_reading.text() and page.card_reading.text() != "",
                    timeout=30_000)
    text = page.card_reading.text()
    assert "The card as read:" in text
    assert "name \"张山\", the record says \"张三\"" in text and "1991-01-02" in text
    assert "✓" in page.card_front.text()  # the scan is kept whatever it says


def test_a_good_card_and_an_expired_one(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    answers = Answers(images=[jpeg(front()), jpeg(back(since=date(2005, 6, 1), until=date(2025, 6, 1)))])
    page = _page(qtbot, workstation, tasks, answers, "zh")
    qtbot.mouseClick(page.card_front, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.card_reading.text().startswith("✓"), timeout=30_000)
    qtbot.mouseClick(page.card_back, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "2025-06-01" in page.card_reading.text(), timeout=30_000)
    assert "has expired" in page.card_reading.text() or "已过期" in page.card_reading.text()
