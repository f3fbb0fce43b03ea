"""Screenshots of every page, in Chinese and English, from the real application on a demo database.

Run under a display (CI-free): xvfb-run -a .venv/bin/python scripts/screenshots.py
Writes docs/screenshots/<page>-<lang>.png.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from faces import face_photo, id_card_side  # noqa: E402
from learncenter.context import AppContext  # noqa: E402
from learncenter.services.demo_setup import fill_demo  # noqa: E402
from learncenter.services.users import Role, SignedIn  # noqa: E402
from learncenter.store.database import create_database  # noqa: E402
from learncenter.store.layout import DataDir  # noqa: E402
from learncenter.ui.confirmation_page import Prompts  # noqa: E402
from learncenter.ui.i18n import install_translators  # noqa: E402
from learncenter.ui.login_dialog import LoginDialog  # noqa: E402
from learncenter.ui.main_window import MainWindow  # noqa: E402
from learncenter.ui.tasks import Tasks  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def shoot(widget: QWidget, name: str) -> None:
    widget.show()
    QTest.qWaitForWindowExposed(widget)
    QTest.qWait(150)
    widget.grab().save(str(OUT / f"{name}.png"))


def main() -> None:
    app = QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    for lang in ("zh", "en"):
        translators = install_translators(app, lang)
        data_dir = DataDir(folder / lang)
        db, _ = create_database(data_dir, demo=True)
        (data_dir.root / "profiles").mkdir()
        import json

        from faces import NATIVE_PROFILE

        (data_dir.root / "profiles" / "photo-profiles.json").write_text(
            json.dumps({"default": "native", "profiles": [NATIVE_PROFILE]}), encoding="utf-8")
        ctx = AppContext.build(db, lang=lang, actor="clerk")
        fill_demo(ctx.db, ctx.records, ctx.users, candidates=120, confirmed=20, seed=3, today=date.today())
        tasks = Tasks(synchronous=True)

        login = LoginDialog(tasks, lang=lang, database_text=str(data_dir.root), demo=True,
                            authenticate=ctx.users.authenticate)
        login.ui.userEdit.setText("clerk")
        shoot(login, f"login-{lang}")
        login.close()

        images = [id_card_side(), id_card_side((220, 220, 240)), face_photo()]
        ask = Prompts(image=lambda _p, _t: images.pop(0) if images else None, receipt=lambda _path: None)
        window = MainWindow(ctx, SignedIn("clerk", Role.CLERK, False), tasks, ask=ask)
        window.resize(1280, 820)
        window.nav.setCurrentRow(0)
        shoot(window, f"queue-{lang}")
        row = window.queue.model.row_at(0)
        window.queue.search_edit.setText("wang")
        shoot(window, f"queue-search-{lang}")
        window.nav.setCurrentRow(1)
        page = window.confirmation
        page.open_record(row.record_id)
        page.card_front.click()
        page.card_back.click()
        page.card_matches.click()
        page.take_photo()
        shoot(window, f"confirmation-{lang}")
        window.nav.setCurrentRow(2)
        shoot(window, f"returned-{lang}")
        window.close()
        ctx.close()
        for translator in translators:
            app.removeTranslator(translator)
    QTimer.singleShot(0, app.quit)


if __name__ == "__main__":
    main()
