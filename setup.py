"""The wheel carries what the program reads at run time, not only the Python code.

``resources/`` (profiles, compiled translations) sits beside ``src/`` in the source tree; the
wheel puts it inside the package as ``learncenter/_resources/``, where
``learncenter.resources.resource_dir`` looks when the source tree is not there; the user
manual (``docs/manual/``) goes with them as ``_resources/manual/``. The compiled
Designer forms, the translations and the pinyin table are made by ``scripts/build_assets.py``
(``./dev setup`` runs it); a wheel built before them would install and then fail at start, so
building runs the script when they are missing and refuses with a plain sentence when it can't.
An editable install (``pip install -e``, what ``./dev`` does) reads the source tree directly and
needs none of this.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
GENERATED = (ROOT / "src/learncenter/ui/forms/__init__.py", ROOT / "resources/translations/learncenter_zh_CN.qm",
             ROOT / "src/learncenter/store/pinyin_table.bin")


class BuildWithResources(build_py):
    def run(self) -> None:
        if not getattr(self, "editable_mode", False):
            _ensure_generated()
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "learncenter" / "_resources"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(ROOT / "resources", target, ignore=shutil.ignore_patterns("*.ts"))
        shutil.copytree(ROOT / "docs" / "manual", target / "manual")


def _ensure_generated() -> None:
    if all(path.exists() for path in GENERATED):
        return
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_assets.py")], check=False)
    missing = [str(path.relative_to(ROOT)) for path in GENERATED if not path.exists()]
    if missing:
        raise SystemExit("The wheel needs the compiled forms, translations and pinyin table (" + ", ".join(missing)
                         + "): run ./dev setup first, then build with --no-build-isolation from .venv.")


setup(cmdclass={"build_py": BuildWithResources})
