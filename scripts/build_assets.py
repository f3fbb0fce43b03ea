"""Compile the Designer forms and the translations, make the pinyin table (run by ./dev before
the app or tests, and by the installers).

forms/*.ui                      -> src/learncenter/ui/forms/ui_*.py   (generated, not committed)
resources/translations/*.ts     -> resources/translations/*.qm        (generated, not committed)
pypinyin's dictionary           -> src/learncenter/store/pinyin_table.bin (generated, not committed)

Only what is older than its source is rebuilt, so this costs nothing on a second run.

pyside6-uic imports some forty Qt classes in every form whether it uses them or not, and
creating those class objects costs ~40 ms per form at start-up (the login window is shown
before anything else loads). The compiled module's imports are therefore cut down to the names
its code uses; nothing else in the generated code is touched.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "forms"
GENERATED = ROOT / "src" / "learncenter" / "ui" / "forms"
TRANSLATIONS = ROOT / "resources" / "translations"
BIN = Path(sys.executable).parent
PINYIN_TABLE = ROOT / "src" / "learncenter" / "store" / "pinyin_table.bin"
PINYIN_FORMAT = ROOT / "src" / "learncenter" / "store" / "pinyin_table.py"


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


def build_pinyin_table() -> None:
    """Every character pypinyin knows with its toneless readings, the most common first.

    Generated rather than committed: the table follows the pinned pypinyin (a new release
    rebuilds it, because its dictionary module is newer than the table), and a ~300 KB binary
    in every commit that bumps pypinyin would be history nobody can review. pypinyin is needed
    here only; the application reads the table with learncenter.store.pinyin_table.
    """
    import pypinyin
    from pypinyin import Style, pinyin
    from pypinyin.constants import PINYIN_DICT

    dictionary = Path(pypinyin.__file__).with_name("pinyin_dict.py")
    if not (_stale(PINYIN_TABLE, dictionary) or _stale(PINYIN_TABLE, PINYIN_FORMAT)):
        return
    sys.path.insert(0, str(ROOT / "src"))
    from learncenter.store.pinyin_table import encode

    readings: dict[int, list[str]] = {}
    for code in PINYIN_DICT:
        (heteronyms,) = pinyin(chr(code), style=Style.NORMAL, heteronym=True, errors="ignore") or [[]]
        toneless = list(dict.fromkeys(r for r in heteronyms if r.isascii() and r.isalpha()))
        if toneless:
            readings[code] = toneless
    partial = PINYIN_TABLE.with_suffix(".partial")
    partial.write_bytes(encode(readings))
    os.replace(partial, PINYIN_TABLE)


if __name__ == "__main__":
    build_forms()
    build_translations()
    build_pinyin_table()
