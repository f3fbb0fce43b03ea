"""The wheel carries everything the program needs (issue 16).

The wheel is built from a copy of this tree, as a release would be, and installed into a fresh
virtual environment whose only other packages are this environment's dependencies (a path line
in a ``.pth`` file: the editable install of the source tree is not visible there). From there
``learncenter --version``, ``learncenter demo`` (profiles, migrations, the pinyin table) and the
GUI offscreen (compiled forms, translations) must work, all from inside the installed package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import learncenter

ROOT = Path(__file__).resolve().parents[2]

GUI = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
import learncenter
from learncenter.resources import resource_dir
from learncenter.ui import app as ui_app, main_window  # noqa: F401 - every page's module, the forms among them
from learncenter.ui.i18n import install_translators
from learncenter.ui.login_dialog import LoginDialog
from learncenter.ui.tasks import Tasks
from learncenter.store.layout import DataDir

here = Path(learncenter.__file__).resolve().parent
assert here.is_relative_to(Path(sys.prefix).resolve()), here
assert resource_dir() == here / "_resources", resource_dir()
from learncenter.resources import manual_dir
assert (manual_dir() / "zh.md").is_file() and manual_dir().is_relative_to(here), manual_dir()
from PySide6.QtGui import QIcon
application = QApplication([])
icon = QIcon(str(resource_dir() / "icons" / "learncenter.png"))
assert not icon.isNull() and icon.availableSizes()[0].width() == 256, "the windows' icon is missing"
translators = install_translators(application, "zh")
assert QCoreApplication.translate("LoginDialog", "Sign in") != "Sign in"
data_dir = DataDir(Path(sys.argv[1]))
login = LoginDialog(Tasks(), lang="zh", database_text=str(data_dir.root), demo=ui_app._is_demo(data_dir))
login.show()
assert QTest.qWaitForWindowExposed(login)
print("window shown from", here)
"""


def _copy_tree(target: Path) -> Path:
    source = target / "source"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("src", "resources", "scripts", "forms", "docs/manual"):
        shutil.copytree(ROOT / name, source / name, ignore=skip)
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE", "THIRD-PARTY-NOTICES.md"):
        shutil.copy2(ROOT / name, source / name)
    return source


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh virtual environment with the built wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    source = _copy_tree(work)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(work / "dist"), str(source)], check=True, cwd=work, timeout=600)
    (wheel,) = (work / "dist").glob("learncenter-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps",
                    "--no-index", "-q", str(wheel)], check=True, timeout=300)
    return venv / "bin"


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "LEARNCENTER_RESOURCES", "LEARNCENTER_DATA_DIR")}
    return {**env, "QT_QPA_PLATFORM": "offscreen", "LEARNCENTER_LANG": "zh"}


def test_the_installed_programs_say_their_version(installed: Path, tmp_path: Path) -> None:
    for program in ("learncenter", "learncenter-registry"):
        done = subprocess.run([str(installed / program), "--version"], capture_output=True, text=True,
                              cwd=tmp_path, env=_env(), timeout=60)
        assert (done.returncode, done.stdout.strip()) == (0, f"{program} {learncenter.__version__}"), done.stderr


def test_demo_runs_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    done = subprocess.run([str(installed / "learncenter"), "--data-dir", str(tmp_path / "demo"), "demo",
                           "--candidates", "30", "--confirmed", "3"],
                          capture_output=True, text=True, cwd=tmp_path, env=_env(), timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "demo").is_dir()
    verified = subprocess.run([str(installed / "learncenter"), "--data-dir", str(tmp_path / "demo"), "--user",
                               "admin", "--password-stdin", "audit", "verify"], input="admin-demo\n",
                              capture_output=True, text=True, cwd=tmp_path, env=_env(), timeout=300)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_the_gui_starts_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    done = subprocess.run([str(installed / "python"), "-c", GUI, str(tmp_path / "data")], capture_output=True,
                          text=True, cwd=tmp_path, env=_env(), timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "window shown from" in done.stdout


def test_the_wheel_carries_the_licence_and_the_third_party_notices(installed: Path) -> None:
    site = Path(sysconfig.get_path("purelib", vars={"base": str(installed.parent), "platbase": str(installed.parent)}))
    (info,) = site.glob("learncenter-*.dist-info")
    licences = {path.name for path in info.rglob("*") if path.is_file()}
    assert {"LICENSE", "THIRD-PARTY-NOTICES.md"} <= licences, licences
    assert "PySide6" in next(info.rglob("THIRD-PARTY-NOTICES.md")).read_text(encoding="utf-8")
