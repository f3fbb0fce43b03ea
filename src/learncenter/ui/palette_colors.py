"""Colours for messages that stay readable in light and dark palettes.

Fixed dark red and green vanish on a dark window background; these pick the lighter variant when
the widget's window colour is dark.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


def _dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def error(widget: QWidget) -> str:
    return "#ff8a80" if _dark(widget) else "#b00020"


def success(widget: QWidget) -> str:
    return "#69f0ae" if _dark(widget) else "#1b5e20"


def warning(widget: QWidget) -> str:
    """For what must be looked at but does not stop the work (a field's note that is not an error)."""
    return "#ffd180" if _dark(widget) else "#8a5a00"


def muted(widget: QWidget) -> str:
    return widget.palette().color(QPalette.ColorRole.PlaceholderText).name()


def write_as_error(label: QWidget) -> None:
    """The widget's text in the error colour, through its palette: a style sheet would do the same
    but loads Qt's style sheet engine, a millisecond the sign-in window need not wait for."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(error(label)))
    label.setPalette(palette)
