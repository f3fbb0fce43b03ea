"""Typing into the candidate form as a person does: keystrokes, an input method for Chinese."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from learncenter.ui.candidate_form import CandidateForm


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Latin and digits as keystrokes; Chinese as an input method commits it (keyClicks cannot)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def fill(qtbot: QtBot, form: CandidateForm, values: Mapping[str, str]) -> None:
    """Each field as a clerk fills it: cleared, typed or chosen, then left with Enter."""
    for field, value in values.items():
        if field in form.combos:
            combo = form.combos[field]
            combo.setCurrentIndex(combo.findData(value))
            continue
        edit = form.edits[field]
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
        type_text(qtbot, edit, value)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
