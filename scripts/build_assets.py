"""Compile the Designer forms and the translations (run by ./dev before the app or tests).

forms/*.ui                      -> src/learncenter/ui/forms/ui_*.py   (generated, not committed)
resources/translations/*.ts     -> resources/translations/*.qm        (generated, not committed)

Only what is older than its source is rebuilt, so this costs nothing on a second run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "forms"
GENERATED = ROOT / "src" / "learncenter" / "ui" / "forms"
TRANSLATIONS = ROOT / "resources" / "translations"
BIN = Path(sys.executable).parent


def _stale(target: Path, source: Path) -> bool:
    return not target.exists() or target.stat().st_mtime < source.stat().st_mtime


def build_forms() -> None:
    GENERATED.mkdir(parents=True, exist_ok=True)
    (GENERATED / "__init__.py").write_text('"""Generated from forms/*.ui by scripts/build_assets.py."""\n')
    for ui in sorted(FORMS.glob("*.ui")):
        target = GENERATED / f"ui_{ui.stem}.py"
        if _stale(target, ui):
            subprocess.run([str(BIN / "pyside6-uic"), "--from-imports", str(ui), "-o", str(target)], check=True)


def build_translations() -> None:
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if _stale(qm, ts):
            subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


if __name__ == "__main__":
    build_forms()
    build_translations()
