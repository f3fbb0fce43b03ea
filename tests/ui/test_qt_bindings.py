"""The Qt bindings the workstation ships with can run a working day.

PySide6 6.12.0 released a reference to ``True`` on every ``emit()`` of a signal declared in
Python; the workstation emits one per background task, so after a few hundred the interpreter
aborted with "bool_dealloc". This keeps a binding with that defect from being pinned again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication


class _Relay(QObject):
    done = Signal(object)
    flag = Signal(bool)


def test_emitting_python_signals_leaves_reference_counts_alone(qapp: QApplication) -> None:
    relay = _Relay()
    seen: list[object] = []
    relay.done.connect(seen.append)
    relay.flag.connect(seen.append)
    before = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    for _ in range(200):
        relay.done.emit(None)
        relay.flag.emit(False)
    seen.clear()
    assert (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)) == before
