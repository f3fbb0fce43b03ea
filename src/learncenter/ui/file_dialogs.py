"""Choosing a file or a folder: Qt's own file dialog (not the platform's), window-modal, never blocking.

Why not ``QFileDialog.getOpenFileName`` and friends: they open the platform's dialog, which speaks
the system's language instead of the workstation's, and they block in a nested event loop, so a
page cannot be driven by a person's keys in a test and a sync finishing meanwhile re-enters the
page. Here the dialog is Qt's own, opened with ``open()``; the page continues in ``chosen`` when
a file is selected, and nothing happens when the person cancels. The dialog is deleted once
closed (with ``deleteLater`` on ``finished``; ``WA_DeleteOnClose`` deleted it while its own
signals were still being delivered).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

Chosen = Callable[[Path], None]
_alive: set[QFileDialog] = set()  # open dialogs, kept from Python's collector until they close


def _suffix(name_filter: str) -> str:
    """The extension a filter such as "PDF files (*.pdf)" stands for ("" for "All files (*)")."""
    match = re.search(r"\*\.([A-Za-z0-9]+)", name_filter)
    return match.group(1) if match else ""


def _dialog(parent: QWidget | None, title: str, name_filters: Sequence[str]) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setDirectory(QDir.homePath())  # not the program's folder; a caller may name a better one
    # Qt's own Chinese leaves these two in English
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, QCoreApplication.translate("FileDialogs", "Look in:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType,
                        QCoreApplication.translate("FileDialogs", "Files of type:"))
    if name_filters:
        dialog.setNameFilters(list(name_filters))
    return dialog


def _show(dialog: QFileDialog, chosen: Callable[[str], None]) -> QFileDialog:
    _alive.add(dialog)

    def closed(_result: int) -> None:
        _alive.discard(dialog)
        dialog.deleteLater()

    dialog.fileSelected.connect(chosen)
    dialog.finished.connect(closed)
    dialog.open()
    return dialog


def open_file(parent: QWidget, title: str, name_filters: Sequence[str], chosen: Chosen, *,
              folder: Path | None = None) -> QFileDialog:
    """Ask for an existing file; ``chosen`` gets its path."""
    dialog = _dialog(parent, title, name_filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if folder is not None:
        dialog.setDirectory(str(folder))
    return _show(dialog, lambda name: chosen(Path(name)))


def save_file(parent: QWidget | None, title: str, name_filters: Sequence[str], chosen: Chosen, *,
              suggested: Path | str) -> QFileDialog:
    """Ask where to write a file, suggesting ``suggested`` (a name, or a path whose folder is
    shown). A name typed without a known extension gets the one of the filter shown; Qt asks
    before replacing a file that exists."""
    dialog = _dialog(parent, title, name_filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    known = {"." + s.lower() for s in map(_suffix, name_filters) if s}
    if name_filters:
        dialog.setDefaultSuffix(_suffix(name_filters[0]))
        dialog.filterSelected.connect(lambda name_filter: dialog.setDefaultSuffix(_suffix(name_filter)))
    suggestion = Path(suggested)
    if suggestion.parent != Path("."):
        dialog.setDirectory(str(suggestion.parent))
    dialog.selectFile(suggestion.name)

    def selected(name: str) -> None:
        path = Path(name)
        wanted = _suffix(dialog.selectedNameFilter())
        if known and path.suffix.lower() not in known and wanted:
            path = path.with_name(f"{path.name}.{wanted}")
        chosen(path)

    return _show(dialog, selected)


def choose_folder(parent: QWidget, title: str, chosen: Chosen) -> QFileDialog:
    """Ask for a folder (existing, or made in the dialog); ``chosen`` gets its path."""
    dialog = _dialog(parent, title, ())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _show(dialog, lambda name: chosen(Path(name)))
