"""Help ▸ User manual: the manual in the interface's language, opened from the menu (issue 16)."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot

from actors import sign_in_as
from learncenter.context import AppContext
from learncenter.resources import manual_dir
from learncenter.services.users import Role
from learncenter.ui.main_window import MainWindow
from learncenter.ui.manual_dialog import ManualDialog, manual_text
from learncenter.ui.tasks import Tasks
from open_dialogs import shown, trigger_menu


def _headings(text: str) -> list[str]:
    return re.findall(r"^## (\d+)\.", text, re.MULTILINE)


def test_the_manual_opens_from_the_help_menu_in_the_windows_language(
        qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    window = MainWindow(workstation, sign_in_as(workstation.users, "clerk1", Role.CLERK), tasks)
    qtbot.addWidget(window)
    window.show()
    trigger_menu(window, window.tr("&Help"), window.tr("User &manual"))
    dialog = shown(window, ManualDialog)
    text = dialog.browser.toPlainText()
    assert "现场确认" in text and "恢复密钥" in text and "db restore" in text
    dialog.close()
    workstation.lang = "en"
    english = ManualDialog(window, "en")
    qtbot.addWidget(english)
    assert "recovery key" in english.browser.toPlainText()


def test_both_languages_have_the_same_chapters() -> None:
    zh, _ = manual_text("zh")
    en, _ = manual_text("en")
    assert _headings(zh) == _headings(en) == [str(n) for n in range(1, 11)]
    for text in (zh, en):  # every screenshot the manual names is in docs/screenshots
        for image in re.findall(r"\]\((\.\./screenshots/[^)]+)\)", text):
            assert (manual_dir() / image).is_file(), image


def test_screenshots_not_at_hand_are_left_out(tmp_path: Path) -> None:
    (tmp_path / "shot.png").write_bytes(b"png")
    (tmp_path / "zh.md").write_text("# 手册\n\n![有](shot.png)\n\n![无](gone.png)\n\n正文\n", encoding="utf-8")
    text, path = manual_text("en", tmp_path)  # no English one: the Chinese
    assert path.name == "zh.md" and "shot.png" in text and "gone.png" not in text and "正文" in text
