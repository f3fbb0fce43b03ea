"""`learncenter sync import-receipt` on a hostile file (issue 11): a clean refusal with exit 2
and one line saying what is wrong, never the crash handler's exit 3."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import DEMO_ADMIN, run, run_as


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    folder = str(tmp_path / "demo")
    code, _, _ = run(capsys, "--data-dir", folder, "demo", "--candidates", "3", "--confirmed", "1",
                     "--seed", "3")
    assert code == 0
    return folder


@pytest.mark.parametrize("content", [
    b"[" * 100_000,
    b'{"batch_id": "b1", "sequence": 1' + b"0" * 30 + b"}",
    b'{"batch_id": "b1"}' + b" " * (17 << 20),
], ids=["deep", "huge number", "17 MiB"])
def test_a_hostile_receipt_file_is_refused_with_exit_2(demo: str, tmp_path: Path, content: bytes,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    hostile = tmp_path / "receipt.json"
    hostile.write_bytes(content)
    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", demo, "--lang", "en", "sync", "import-receipt",
                          str(hostile))
    assert code == 2, err
    reasons = [line for line in err.splitlines() if line.startswith("learncenter:")]
    assert len(reasons) == 1 and "not in the expected format" in reasons[0]
    assert not (Path(demo) / "logs").exists() or not any((Path(demo) / "logs").iterdir())
