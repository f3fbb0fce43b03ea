"""Two programs, two installs: learncenter[workstation] carries no web server, learncenter[registry]
no Qt, OpenCV or documents — by the packages' own metadata, and by running each program with the
other's stack made impossible to import."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_SPEC = importlib.util.spec_from_file_location("third_party_notices", ROOT / "scripts" / "third_party_notices.py")
assert _SPEC is not None and _SPEC.loader is not None
NOTICES = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(NOTICES)
GUI_AND_MEDIA = {"pyside6-essentials", "pyside6-addons", "shiboken6", "opencv-python-headless", "numpy",
                 "reportlab", "rapidocr", "onnxruntime", "pillow", "pypdfium2", "pypdf", "zxing-cpp",
                 "sqlcipher3", "keyring", "httpx"}
WEB_SERVER = {"fastapi", "starlette", "uvicorn", "pydantic", "pydantic-core", "psycopg", "psycopg-binary",
              "prometheus-client", "boto3", "botocore", "s3transfer"}
BLOCKER = """
import importlib.abc, sys
class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is not installed with this program")
        return None
sys.meta_path.insert(0, Blocked())
"""


def installed_by(*extras: str) -> set[str]:
    """What ``pip install learncenter[extras]`` installs on this platform: the closure of the
    requirements by the installed packages' own metadata (the notices script's closure)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + [text for extra in extras for text in project["optional-dependencies"][extra]]
    return set(NOTICES.closure(wanted))


def test_each_program_installs_without_the_other_ones_stack() -> None:
    registry, workstation = installed_by("registry", "postgres"), installed_by("workstation")
    assert {"fastapi", "uvicorn", "sqlalchemy", "alembic", "psycopg-binary", "boto3"} <= registry
    assert registry & GUI_AND_MEDIA == set(), registry & GUI_AND_MEDIA
    assert {"pyside6-essentials", "opencv-python-headless", "sqlcipher3", "httpx"} <= workstation
    assert workstation & WEB_SERVER == set(), workstation & WEB_SERVER


GUI_AND_MEDIA_MODULES = {"PySide6", "shiboken6", "cv2", "numpy", "reportlab", "rapidocr", "onnxruntime", "PIL",
                         "pypdfium2", "pypdf", "zxingcpp", "sqlcipher3", "keyring", "httpx"}
WEB_SERVER_MODULES = {"fastapi", "starlette", "uvicorn", "pydantic", "pydantic_core", "psycopg", "psycopg_binary",
                      "prometheus_client", "boto3", "botocore", "s3transfer"}
S3_CLIENT_MODULES = {"boto3", "botocore", "s3transfer"}  # loaded only by a registry given an S3 store


def run_without(modules: set[str], code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter where importing any of ``modules`` fails, as if not installed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LEARNCENTER_LANG": "en"}
    return subprocess.run([sys.executable, "-c", f"BLOCKED = {sorted(modules)!r}\n" + BLOCKER + code],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)


def test_the_registry_runs_with_no_qt_opencv_or_documents(tmp_path: Path) -> None:
    done = run_without(GUI_AND_MEDIA_MODULES | S3_CLIENT_MODULES, f"""
from learncenter.registry.cli import main
data = {str(tmp_path / "registry")!r}
assert main(["init", "--data-dir", data, "--lang", "en"]) == 0
assert main(["stats", "--data-dir", data, "--lang", "en"]) == 0
assert main(["enroll-code", "11001", "--data-dir", data, "--lang", "en"]) == 0
from learncenter.registry.serving import *  # noqa: the server's modules, FastAPI and uvicorn among them
from learncenter.registry.app import create_app
print("registry ran")
""", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "registry ran" in done.stdout


def test_the_workstation_runs_with_no_web_server(tmp_path: Path) -> None:
    done = run_without(WEB_SERVER_MODULES, f"""
from learncenter.cli import main
data = {str(tmp_path / "center")!r}
assert main(["--data-dir", data, "demo", "--candidates", "5", "--confirmed", "2"]) == 0
assert main(["check-id", "11010519491231002X"]) == 0
import learncenter.ui.shell  # every page's module
print("workstation ran")
""", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "workstation ran" in done.stdout
