"""Help ▸ User manual: the manual (``docs/manual/<lang>.md``, shipped with the program) in the
interface's language, in a window beside the work — not a browser, so it opens offline.

The manual's screenshots are shown where they are at hand (the source tree); an installed
program shows the text without them rather than empty frames.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from learncenter.resources import manual_dir

_IMAGE = re.compile(r"^!\[[^\]]*\]\(([^)]+)\)\s*$", re.MULTILINE)


def manual_text(lang: str, folder: Path | None = None) -> tuple[str, Path]:
    """The manual's Markdown in ``lang`` (Chinese when there is none in it), without the images
    that are not at hand, and the file it came from."""
    folder = folder or manual_dir()
    path = folder / f"{lang}.md"
    if not path.is_file():
        path = folder / "zh.md"
    text = path.read_text(encoding="utf-8")
    return _IMAGE.sub(lambda m: m.group(0) if (folder / m.group(1)).is_file() else "", text), path


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget, lang: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("User manual"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(820, 640)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        try:
            text, path = manual_text(lang)
        except OSError:
            self.browser.setPlainText(self.tr("The manual is not installed with this copy of the program."))
        else:
            self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path)))
            self.browser.setMarkdown(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
