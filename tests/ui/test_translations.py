"""Chinese ships complete and is what the interface shows by default; English is the source."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from learncenter.context import AppContext
from learncenter.resources import resource_dir
from learncenter.ui.queue_page import QueuePage
from learncenter.ui.tasks import Tasks
from actors import sign_in_as


def test_every_string_has_a_chinese_translation() -> None:
    tree = ET.parse(resource_dir() / "translations" / "learncenter_zh_CN.ts")
    messages = list(tree.iter("message"))
    assert len(messages) > 50
    for message in messages:
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, message.findtext("source")
        assert (translation.text or "".join(t.text or "" for t in translation)).strip(), message.findtext("source")


def test_the_queue_speaks_chinese(chinese: None, qtbot: QtBot, workstation: AppContext) -> None:
    page = QueuePage(workstation, Tasks(synchronous=True), actor=sign_in_as(workstation.users, "clerk1"))
    qtbot.addWidget(page)
    assert page.filter.itemText(0) == "待确认"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "姓名"
    assert page.count_label.text() == "2 条记录"
