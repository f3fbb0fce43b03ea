"""`learncenter sync ...` without a network: enroll and run through the command handlers with the
in-process registry at the transport's seam, and the removable-media path end to end."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_run import ADMIN, DEMO_ADMIN, password_on_stdin, run, run_as, signed_in_args
from unit.sync.in_process_registry import CENTER_ID, CODE, URL, InProcessRegistry

from learncenter.domain.permissions import Permission
from learncenter.cli.output import Output
from learncenter.cli.sync_commands import sync_enroll, sync_run
from learncenter.store.layout import DataDir
from learncenter.protocol.batch_file import read_batch_file
from learncenter.protocol.envelope import open_batch
from learncenter.protocol.keys import SigningKeyPair
from learncenter.protocol.receipt import build_receipt, receipt_bytes


def one_error(err: str) -> bool:
    """One line of reason (besides the demo banner), no traceback."""
    return len([line for line in err.splitlines() if line.startswith("learncenter:")]) == 1


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    folder = str(tmp_path / "demo")
    code, _, _ = run(capsys, "--data-dir", folder, "demo", "--candidates", "12", "--confirmed", "3", "--seed", "3")
    assert code == 0
    return folder


def _enroll(folder: str, registry: InProcessRegistry, capsys: pytest.CaptureFixture[str]) -> str:
    args = signed_in_args(DEMO_ADMIN, Permission.ENROLL, url=URL, code=CODE, device_name="desk-1")
    with password_on_stdin(DEMO_ADMIN):
        assert sync_enroll(args, Output("zh"), DataDir(Path(folder)), send=registry.enroll) == 0
    out, _ = capsys.readouterr()
    return out


def test_status_before_and_after_enrollment(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo, "sync", "status")
    assert code == 1 and "尚未登记" in out and "待打包 3" in out
    registry = InProcessRegistry()
    out = _enroll(demo, registry, capsys)
    assert CENTER_ID in out and registry.sign.key_id in out and "260000001" in out
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo, "--lang", "en", "sync", "status")
    assert code == 0 and "Registry key id" in out and registry.sign.key_id in out and "pending 3" in out


def test_sync_run_sends_and_reports(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    registry = InProcessRegistry()
    _enroll(demo, registry, capsys)
    args = signed_in_args(DEMO_ADMIN, Permission.SYNC, registry=None)
    with password_on_stdin(DEMO_ADMIN):
        assert sync_run(args, Output("en"), DataDir(Path(demo)), connect=registry.connect) == 0
    out, _ = capsys.readouterr()
    assert "3 records accepted" in out and registry.connected == (URL, CENTER_ID)
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo, "--lang", "en", "sync", "status")
    assert code == 0 and "accepted 3" in out and "never" not in out


def test_export_then_import_the_receipt(demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry = InProcessRegistry()
    _enroll(demo, registry, capsys)
    target = tmp_path / "stick" / "batch.lcb"
    target.parent.mkdir()
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo, "sync", "export", str(target))
    assert code == 0 and str(target) in out and "1 个批次文件" in out

    opened = open_batch(read_batch_file(target), registry_private=registry.enc.private,
                        center_public=registry.center_public,  # type: ignore[arg-type]
                        expected_center_id=CENTER_ID)
    receipt = registry.commit(opened)
    forged = tmp_path / "forged.json"
    forged.write_bytes(receipt_bytes(build_receipt(
        registry_key=SigningKeyPair.generate().private, batch_id=receipt["batch_id"], center_id=CENTER_ID,
        sequence=1, manifest_hash=receipt["manifest_hash"], results=receipt["results"],
        committed_at=datetime.now(UTC))))
    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", demo, "sync", "import-receipt", str(forged))
    assert code == 2 and "签名验证失败" in err and one_error(err)

    good = tmp_path / "receipt.json"
    good.write_bytes(receipt_bytes(receipt))
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo, "sync", "import-receipt", str(good))
    assert code == 0 and "接收 3 条" in out
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo, "sync", "import-receipt", str(good))
    assert code == 0 and "此前已处理 3 条" in out
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo, "sync", "export", str(tmp_path / "again.lcb"))
    assert code == 0 and "没有需要上报的记录" in out and not (tmp_path / "again.lcb").exists()


def test_export_before_enrollment_says_what_to_do(demo: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", demo, "--lang", "en", "sync", "export", str(tmp_path / "b.lcb"))
    assert code == 2 and "learncenter sync enroll" in err and one_error(err)
