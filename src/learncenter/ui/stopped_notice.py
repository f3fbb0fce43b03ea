"""The last word of a workstation that stopped before (or between) its windows.

An error while the program starts — a file of the installation missing, a library that will not
load — used to end it silently under the Windows start menu, which has no console. Here it is
said in a window that needs nothing but Qt itself and the message catalogue (not the program's
forms, translations or other modules, which may be what failed): what happened in plain words,
that nothing saved was touched, and where the log is. The exception is logged, scrubbed, by the
caller, never shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from learncenter.domain.messages import define, render

STOPPED = define(
    "ui.stopped",
    zh="learncenter 在启动时遇到意外错误，未能打开窗口。已保存的数据都完好无损。出错的位置已写入 {log}"
       "（不含任何考生信息）。请重新启动程序；如果仍然出错，请把该文件发给技术支持。",
    en="learncenter met an unexpected error while starting and could not open its window. Everything "
       "already saved is safe. Where it failed is written to {log} (without any candidate's data). Start "
       "the program again; if it fails again, send that file to support.")
TITLE = define("ui.stopped.title", zh="learncenter 无法启动", en="learncenter could not start")


def tell_stopped(log_path: Path, lang: str) -> QMessageBox:
    """Show the message and wait until it is closed (there is no event loop running any more)."""
    if QApplication.instance() is None:
        QApplication([])
    box = QMessageBox(QMessageBox.Icon.Critical, render(TITLE, lang=lang), render(STOPPED, {"log": str(log_path)}, lang),
                      QMessageBox.StandardButton.Ok)
    box.exec()
    return box
