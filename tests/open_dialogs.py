"""Finding the dialog a page has just opened, to answer it through its own widgets."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

D = TypeVar("D", bound=QWidget)


def shown(parent: QWidget, kind: type[D]) -> D:
    """The one visible dialog of ``kind`` that ``parent`` opened (closed ones may await deletion)."""
    visible = [d for d in parent.findChildren(kind) if d.isVisible()]
    assert len(visible) == 1, f"expected one open {kind.__name__}, found {len(visible)}"
    return visible[0]


def read_message(qtbot: QtBot, parent: QWidget) -> str:
    """The text of the message box ``parent`` shows, closed with its OK button as a person would."""
    box = shown(parent, QMessageBox)
    text = box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return text


def answer_question(qtbot: QtBot, parent: QWidget, *, yes: bool) -> str:
    box = shown(parent, QMessageBox)
    text = box.text()
    button = QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
    return text


def trigger_menu(window: QMainWindow, menu_title: str, action_title: str) -> None:
    """Choose ``menu_title ▸ action_title`` from the window's menu bar (titles as shown, with &)."""
    for top in window.menuBar().actions():
        if top.text() == menu_title and top.menu() is not None:
            for action in top.menu().actions():
                if action.text() == action_title:
                    assert action.isEnabled() and action.isVisible()
                    action.trigger()
                    return
    raise AssertionError(f"no menu item {menu_title} ▸ {action_title}")
