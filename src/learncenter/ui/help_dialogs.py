"""The Help menu's windows: the keyboard shortcuts, and what this workstation runs on (About).

The shortcuts of menu items are read from the window's own menus, so the list shows the keys
that really work on this computer; the pages' shortcuts (which have no menu item) are
described here, and a test checks that every shortcut a window defines is listed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QMainWindow, QMenu, QVBoxLayout, QWidget

from learncenter import __version__
from learncenter.services.workstation_facts import WorkstationFacts, workstation_facts
from learncenter.store.database import Database
from learncenter.ui.tables import fill_table, read_only_table
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shortcut:
    keys: tuple[str, ...]  # portable key sequences ("Ctrl+Return"); the first is shown
    does: str
    shown: str = ""  # how the keys are written, when not as Qt writes the first one


def plain_title(text: str) -> str:
    """A menu or button title as a sentence names it: no mnemonic, no trailing ellipsis."""
    text = re.sub(r"\(&[^&]\)", "", text)  # Chinese style: 设置(&S)
    text = re.sub(r"&(.)", r"\1", text)  # "&&" stays one "&"
    return text.rstrip("…").removesuffix("...").strip()


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts = self._menu_shortcuts(window) + self._page_shortcuts()
        self.table = read_only_table([self.tr("Keys"), self.tr("What they do")])
        fill_table(self.table, [(s.shown or _native(s.keys[0]), s.does) for s in self.shortcuts])
        self.table.setMinimumWidth(640)
        self.table.setMinimumHeight(320)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    @property
    def keys(self) -> set[str]:
        """Every key sequence listed, in Qt's portable notation."""
        return {key for shortcut in self.shortcuts for key in shortcut.keys}

    def _menu_shortcuts(self, window: QMainWindow) -> list[Shortcut]:
        found: list[Shortcut] = []
        for top in window.menuBar().actions():
            menu = top.menu()
            if not isinstance(menu, QMenu):
                continue
            for action in menu.actions():
                keys = tuple(k.toString() for k in action.shortcuts() if not k.isEmpty())
                if keys and action.isVisible():
                    found.append(Shortcut(keys, f"{plain_title(top.text())} ▸ {plain_title(action.text())}"))
        return found

    def _page_shortcuts(self) -> list[Shortcut]:
        return [
            Shortcut(("Ctrl+F",), self.tr("Back to the search field (Queue, Confirmation)")),
            Shortcut(("Return",), self.tr("Queue: open the selected candidate in Confirmation. Returned records: "
                                          "correct the selected record. Data entry: the next field."),
                     shown=self.tr("Enter")),
            Shortcut(("Ctrl+Enter", "Ctrl+Return"), self.tr("Confirmation: confirm and seal the record. "
                                                            "Data entry: save the record.")),
            Shortcut((QKeySequence(QKeySequence.StandardKey.Save).toString(),),
                     self.tr("Data entry: save the record.")),
            Shortcut(("Esc",), self.tr("Confirmation: back to the search. In a dialog: cancel "
                                       "(the lock screen cannot be cancelled).")),
            Shortcut(("Space",), self.tr("Camera window: take the picture.")),
            Shortcut((), self.tr("The button, field or menu whose letter is underlined."),
                     shown=self.tr("Alt + underlined letter")),
        ]


def _native(portable: str) -> str:
    return QKeySequence(portable).toString(QKeySequence.SequenceFormat.NativeText)


class AboutDialog(QDialog):
    """The version, and the state of the database: read off the GUI thread, shown when known."""

    def __init__(self, parent: QWidget, db: Database, tasks: Tasks) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About learncenter"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = QLabel(f"learncenter {__version__}")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        blurb = QLabel(self.tr("The workstation of a learning center: on-site confirmation, records, "
                               "exams and sync with the registry."))
        blurb.setWordWrap(True)
        self.version = QLabel(__version__)
        self.data_dir = QLabel(str(db.data_dir.root))
        self.schema, self.encryption, self.kind, self.records = QLabel(), QLabel(), QLabel(), QLabel()
        for label in (self.version, self.data_dir, self.schema, self.encryption, self.kind, self.records):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        self.schema.setText(self.tr("Reading…"))
        form = QFormLayout()
        form.addRow(self.tr("Version"), self.version)
        form.addRow(self.tr("Data folder"), self.data_dir)
        form.addRow(self.tr("Database schema"), self.schema)
        form.addRow(self.tr("Encryption"), self.encryption)
        form.addRow(self.tr("Database"), self.kind)
        form.addRow(self.tr("Records"), self.records)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        tasks.work(lambda: workstation_facts(db), self._show, self._failed)

    def _show(self, facts: object) -> None:
        assert isinstance(facts, WorkstationFacts)
        schema = facts.schema or "—"
        if facts.schema_current:
            self.schema.setText(self.tr("%1 (up to date)").replace("%1", schema))
        else:
            self.schema.setText(self.tr("%1 (this program's newest is %2)").replace("%1", schema)
                                .replace("%2", facts.schema_head))
        self.encryption.setText(self.tr("Encrypted (SQLCipher)") if facts.encrypted else self.tr("Not encrypted"))
        self.kind.setText(self.tr("Demo database: generated data only") if facts.demo
                          else self.tr("This center's own data"))
        self.records.setText(self.tr("%n record(s)", "", facts.records))

    def _failed(self, exc: Exception) -> None:
        log.error("about: could not read the database's state", exc_info=exc)
        self.schema.setText(self.tr("The database's state could not be read."))
