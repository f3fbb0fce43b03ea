"""Finding the dialog a page has just opened, to answer it through its own widgets."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit, QListView, QMainWindow, QMessageBox, QWidget
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


def file_dialog(parent: QWidget) -> QFileDialog:
    """The file dialog ``parent`` opened: Qt's own, window-modal, not blocking in ``exec``."""
    dialog = shown(parent, QFileDialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    return dialog


def _listed(dialog: QFileDialog, name: str) -> bool:
    view = dialog.findChild(QListView, "listView")
    assert isinstance(view, QListView)
    model, root = view.model(), view.rootIndex()
    return any(model.index(row, 0, root).data() == name for row in range(model.rowCount(root)))


def answer_file_dialog(qtbot: QtBot, parent: QWidget, path: Path, *, press_enter: bool = False) -> QFileDialog:
    """Answer the file dialog ``parent`` opened with ``path``, as a person does: to open a file or
    a folder, go to its folder, wait until the dialog lists it, type its name and click Open (or
    press Enter); to save, type the whole path into the file name and click Save."""
    dialog = file_dialog(parent)
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert isinstance(edit, QLineEdit)
    if dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave:
        edit.setText(str(path))
    else:
        dialog.setDirectory(str(path.parent))
        qtbot.waitUntil(lambda: _listed(dialog, path.name), timeout=10_000)
        edit.setFocus()
        edit.setText(path.name)
    if press_enter:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    else:
        buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
        assert isinstance(buttons, QDialogButtonBox)
        accept = [b for b in buttons.buttons() if buttons.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole]
        assert len(accept) == 1 and accept[0].isEnabled()
        qtbot.mouseClick(accept[0], Qt.MouseButton.LeftButton)
    return dialog


def cancel_file_dialog(qtbot: QtBot, parent: QWidget) -> QFileDialog:
    dialog = file_dialog(parent)
    buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
    assert isinstance(buttons, QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    return dialog
