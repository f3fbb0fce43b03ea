"""Compile the Designer forms and the translations (run by ./dev before the app or tests).

forms/*.ui                      -> src/learncenter/ui/forms/ui_*.py   (generated, not committed)
resources/translations/*.ts     -> resources/translations/*.qm        (generated, not committed)

Only what is older than its source is rebuilt, so this costs nothing on a second run.

pyside6-uic imports some forty Qt classes in every form whether it uses them or not, and
creating those class objects costs ~40 ms per form at start-up (the login window is shown
before anything else loads). The compiled module's imports are therefore cut down to the names
its code uses; nothing else in the generated code is touched.
"""

from __future__ import annotations

import ast
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
            prune_qt_imports(target)


def prune_qt_imports(path: Path) -> None:
    """Keep only the names a generated form uses from its ``from PySide6.X import (...)`` lines."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    lines = source.splitlines()
    imports = [n for n in tree.body if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("PySide6")]
    for node in reversed(imports):
        names = sorted(a.name for a in node.names if a.name in used)
        replacement = [f"from {node.module} import {', '.join(names)}"] if names else []
        assert node.end_lineno is not None
        lines[node.lineno - 1 : node.end_lineno] = replacement
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_translations() -> None:
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if _stale(qm, ts):
            subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


if __name__ == "__main__":
    build_forms()
    build_translations()
