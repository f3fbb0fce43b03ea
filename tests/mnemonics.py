"""Keyboard mnemonics (the letter after "&" in a title, pressed with Alt) and where they clash.

Two mnemonics clash when both can be pressed at the same time in one window: then Alt+letter
only moves the focus between them (or opens neither menu). What can be pressed at once:

* in a window: its buttons, its labels that have a buddy, group boxes, tab titles and the menu
  bar's titles; of a stacked widget (the main window's pages, tabs) only one page at a time;
* in one menu: its items.

Dialogs and menus are windows of their own and are checked on their own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QMenuBar,
    QStackedWidget,
    QTabBar,
    QWidget,
)


def mnemonic(text: str) -> str | None:
    """The letter after the first single "&" ("&&" is a literal ampersand), lower-cased."""
    i = 0
    while (i := text.find("&", i)) >= 0 and i + 1 < len(text):
        if text[i + 1] == "&":
            i += 2
            continue
        return text[i + 1].lower() if not text[i + 1].isspace() else None
    return None


@dataclass(frozen=True)
class Titled:
    """A title with a mnemonic, and what shows it (a widget, or the menu bar for a menu's title)."""

    title: str
    owner: QWidget

    @property
    def key(self) -> str:
        key = mnemonic(self.title)
        assert key is not None
        return key


def _titled(widget: QWidget) -> list[Titled]:
    titles: list[str] = []
    if isinstance(widget, QAbstractButton):
        titles = [widget.text()]
    elif isinstance(widget, QLabel):
        titles = [widget.text()] if widget.buddy() is not None else []
    elif isinstance(widget, QGroupBox):
        titles = [widget.title()]
    elif isinstance(widget, QTabBar):
        titles = [widget.tabText(i) for i in range(widget.count())]
    elif isinstance(widget, QMenuBar):
        titles = [action.text() for action in widget.actions()]
    return [Titled(title, widget) for title in titles if mnemonic(title)]


def _scopes(widget: QWidget) -> list[list[Titled]]:
    """Each list: titles that can be pressed at the same time."""
    own = _titled(widget)
    children = [c for c in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                if not c.isWindow()]
    if isinstance(widget, QStackedWidget):
        pages = [widget.widget(i) for i in range(widget.count())]
        alternatives = [scope for page in pages for scope in _scopes(page)]
        others = [c for c in children if c not in pages]
        combos = [own + a for a in alternatives] or [own]
    else:
        others, combos = children, [own]
    for child in others:
        combos = [c + s for c in combos for s in _scopes(child)]
    return combos


def clashes(titled: list[Titled]) -> list[list[Titled]]:
    by_key: dict[str, list[Titled]] = defaultdict(list)
    for item in titled:
        by_key[item.key].append(item)
    return [same for same in by_key.values() if len(same) > 1]


def window_clashes(window: QWidget) -> list[list[Titled]]:
    """Clashing titles within the window (per page of its stacked widgets) and within each of its menus."""
    found: list[list[Titled]] = []
    for scope in _scopes(window):
        for clash in clashes(scope):
            if clash not in found:
                found.append(clash)
    if isinstance(window, QMainWindow):
        for top in window.menuBar().actions():
            menu = top.menu()
            if isinstance(menu, QMenu):
                found.extend(_menu_clashes(menu))
    return found


def _menu_clashes(menu: QMenu) -> list[list[Titled]]:
    actions: list[QAction] = [a for a in menu.actions() if not a.isSeparator()]
    found = clashes([Titled(a.text(), menu) for a in actions if mnemonic(a.text())])
    for action in actions:
        sub = action.menu()
        if isinstance(sub, QMenu):
            found.extend(_menu_clashes(sub))
    return found


def titles(clashing: list[list[Titled]]) -> list[list[str]]:
    """For an assertion message: the clashing titles as shown."""
    return [[item.title for item in clash] for clash in clashing]
