"""Updates through the channel the center already has, with a real registry process on loopback:
the registry publishes a signed manifest and its package; the center learns of it at its next
sync, downloads the package (checked against the manifest's hash) or takes it from a USB folder;
a tampered manifest or package is refused; a workstation older than the minimum version is told,
in words, to update before its batches are taken (issue 16)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cli_run import DEMO_ADMIN, run_as
from learncenter import __version__
from learncenter.domain.updates import parse_version
from learncenter.updating import INSTALLED_WHEEL, install_pending, installed_since_last_start
from registry.server import Server

CENTER = "11001"
NEXT = ".".join(str(n) for n in parse_version(__version__)[:2]) + ".99"  # newer than this workstation


def _cli(capsys: pytest.CaptureFixture[str], folder: Path, *args: str, lang: str = "en") -> tuple[int, str]:
    capsys.readouterr()
    code, out, err = run_as(capsys, DEMO_ADMIN, "--lang", lang, "--data-dir", str(folder), *args)
    return code, out + err


def _registry(server: Server, *args: str) -> str:
    done = subprocess.run(server.command(*args), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def center(server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "center"
    assert _cli(capsys, folder, "demo", "--candidates", "4", "--confirmed", "1", "--seed", "5")[0] == 0
    code = re.search(r"single use\): (\S+)", _registry(server, "enroll-code", CENTER, "--name", "北京学习中心"))
    assert code
    assert _cli(capsys, folder, "sync", "enroll", server.url, code.group(1))[0] == 0
    return folder


@pytest.fixture
def package(tmp_path: Path) -> Path:
    path = tmp_path / f"learncenter-{NEXT}-setup.exe"
    path.write_bytes(b"MZ" + bytes(range(256)) * 4000)  # a megabyte standing for the Windows setup
    return path


def test_the_center_learns_of_the_update_at_its_sync_and_downloads_it_checked(
        server: Server, center: Path, package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _registry(server, "publish-update", str(package), NEXT, "--notes-zh", "新增统计页和日报", "--notes-en",
              "A dashboard and a daily report")
    code, said = _cli(capsys, center, "sync", "run")
    assert code == 0 and f"The registry published version {NEXT}" in said, said
    code, said = _cli(capsys, center, "update", "status", lang="zh")
    assert code == 0 and f"新版本：{NEXT}" in said and "新增统计页和日报" in said, said
    code, said = _cli(capsys, center, "update", "fetch")
    assert code == 0 and "downloaded and checked" in said, said
    staged = center / "updates" / package.name
    assert staged.read_bytes() == package.read_bytes()
    pending = json.loads((center / "updates" / "pending.json").read_text(encoding="utf-8"))
    assert pending["package"] == package.name and pending["manifest"]["version"] == NEXT
    code, said = _cli(capsys, center, "update", "status")
    assert "Waiting to be installed" in said


def test_a_manifest_changed_at_the_registry_is_refused_and_never_kept(
        server: Server, center: Path, package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _registry(server, "publish-update", str(package), NEXT, "--notes-en", "the real notes")
    manifest = server.data_dir / "updates" / "manifest.json"
    signed = json.loads(manifest.read_text(encoding="utf-8"))
    signed["notes"]["en"] = "install this instead"  # the signature stays the old one
    manifest.write_text(json.dumps(signed), encoding="utf-8")
    code, said = _cli(capsys, center, "sync", "run")
    assert code == 1 and "signature does not verify" in said and "published version" not in said, said
    assert "No newer version." in _cli(capsys, center, "update", "status")[1]
    code, said = _cli(capsys, center, "update", "fetch")
    assert code == 2 and "no version newer" in said and not (center / "updates" / package.name).exists()


def test_a_workstation_older_than_the_minimum_is_told_to_update_and_keeps_its_records(
        server: Server, center: Path, package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _registry(server, "publish-update", str(package), NEXT, "--minimum", NEXT)
    code, said = _cli(capsys, center, "sync", "run", lang="zh")
    assert code == 1, said
    assert f"learncenter {__version__} 版本过旧" in said and f"{NEXT} 及以上版本" in said, said
    assert f"登记机构发布了新版本 {NEXT}" in said  # learnt before the batches were refused
    code, said = _cli(capsys, center, "sync", "status")
    assert re.search(r"(error|sending|batched) [1-9]", said), said  # the sealed record waits, not lost
    assert _cli(capsys, center, "update", "fetch")[0] == 0  # the way out stays open


def test_an_update_on_a_usb_stick_is_checked_before_it_is_staged(
        server: Server, center: Path, package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stick = tmp_path / "usb"
    _registry(server, "publish-update", str(package), NEXT, "--out", str(stick))
    assert (stick / "manifest.json").is_file() and (stick / package.name).is_file()
    broken = bytearray((stick / package.name).read_bytes())
    broken[1000] ^= 0xFF
    (stick / package.name).write_bytes(bytes(broken))
    code, said = _cli(capsys, center, "update", "from-folder", str(stick))
    assert code == 2 and "hash does not match" in said and not (center / "updates" / "pending.json").exists(), said
    (stick / package.name).write_bytes(package.read_bytes())
    code, said = _cli(capsys, center, "update", "from-folder", str(stick))
    assert code == 0 and "is taken from" in said, said
    assert (center / "updates" / package.name).read_bytes() == package.read_bytes()


def _probe_wheel(folder: Path) -> Path:
    """A real, minimal wheel standing for the program's next version."""
    files = {"lc_probe/__init__.py": b"VALUE = 42\n",
             "lc_probe-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: lc-probe\nVersion: 1.0\n",
             "lc_probe-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\n"
                                             b"Tag: py3-none-any\n"}
    record = "".join(f"{name},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},"
                     f"{len(data)}\n" for name, data in files.items()) + "lc_probe-1.0.dist-info/RECORD,,\n"
    path = folder / "lc_probe-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)
        wheel.writestr("lc_probe-1.0.dist-info/RECORD", record)
    return path


def test_a_staged_wheel_is_installed_at_the_next_start_and_a_changed_one_is_not(
        server: Server, center: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wheel = _probe_wheel(tmp_path)
    _registry(server, "publish-update", str(wheel), NEXT)
    assert _cli(capsys, center, "sync", "run")[0] == 0
    assert _cli(capsys, center, "update", "fetch")[0] == 0
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")

    staged = center / "updates" / wheel.name
    original = staged.read_bytes()
    staged.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))  # changed after it was checked
    assert install_pending(center, python=python) is None
    assert (center / "updates" / "refused.json").is_file() and not (center / "updates" / "pending.json").exists()

    staged.write_bytes(original)
    assert _cli(capsys, center, "update", "fetch")[0] == 0  # staged again, checked again
    assert install_pending(center, python=python) == INSTALLED_WHEEL
    done = subprocess.run([python, "-c", "import lc_probe; print(lc_probe.VALUE)"], capture_output=True, text=True)
    assert done.stdout.strip() == "42", done.stderr
    assert (center / "updates" / "installed.json").is_file() and install_pending(center, python=python) is None
    assert installed_since_last_start(center) == NEXT and installed_since_last_start(center) is None  # said once
