"""`learncenter verify-notice`: a notice PDF and a keys file in, verdicts and an exit code out."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from notice_samples import notice

from learncenter.cli import main
from learncenter.documents.notice import render_notices
from learncenter.documents.notice_qr import keys_file_bytes, trusted_key

KEY = Ed25519PrivateKey.generate()


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(render_notices([notice(3)], KEY))
    keys = tmp_path / "keys.json"
    keys.write_bytes(keys_file_bytes([trusted_key(KEY, "11001", "乌鲁木齐学习中心")]))
    return pdf, keys


def test_valid_notice(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    pdf, keys = files
    assert main(["verify-notice", str(pdf), "--keys", str(keys)]) == 0
    out = capsys.readouterr().out
    assert "第 1 个二维码：有效" in out and "乌鲁木齐学习中心" in out
    assert [line.split() for line in out.splitlines() if line.strip().startswith("seat")] == [["seat", "4"]]


def test_other_center_key_is_forged(files: tuple[Path, Path], tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    pdf, _ = files
    keys = tmp_path / "other.json"
    keys.write_bytes(keys_file_bytes([trusted_key(Ed25519PrivateKey.generate(), "11002", "喀什学习中心")]))
    assert main(["--lang", "en", "verify-notice", str(pdf), "--keys", str(keys)]) == 1
    out = capsys.readouterr().out
    assert "QR code 1: forged" in out and "not in this exam site's keys file" in out


def test_bad_keys_file_is_a_clear_error(files: tuple[Path, Path], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    pdf, _ = files
    keys = tmp_path / "broken.json"
    keys.write_text("{}")
    assert main(["verify-notice", str(pdf), "--keys", str(keys)]) == 2
    assert "密钥文件" in capsys.readouterr().err
