"""Nothing accumulates in the temporary folder: the commands of a day and a confirmation with its
receipt leave it as empty as they found it (a receipt is made in memory; documents are staged
beside where they are saved and the staging removed)."""

from __future__ import annotations

import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from actors import sign_in_as
from cli_run import DEMO_ADMIN, run, run_as
from slow_registry import ready_to_seal
from sqlalchemy import select

from learncenter.context import AppContext
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store.models import Record


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty temporary folder for everything this process makes from now on."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # tempfile reads TMPDIR again
    assert tempfile.gettempdir() == str(folder)
    return folder


def test_a_day_of_commands_leaves_the_temporary_folder_empty(temp_dir: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    center, out_dir = str(tmp_path / "center"), tmp_path / "out"
    out_dir.mkdir()
    code, said, _ = run(capsys, "--data-dir", center, "--lang", "en", "demo", "--candidates", "30", "--confirmed", "6")
    assert code == 0
    session = re.search(r"learncenter notices (\S+)", said)
    assert session is not None
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("姓名,身份证号,性别,报考层次,专业代码,专业名称,招生批次,前置学历\n"
                     "张三,11010519491231002X,女,高起专,530302,大数据与会计,2026春,普通高中\n", encoding="utf-8")
    commands = [
        [], ["search", "王"], ["import", str(sheet)], ["export", str(out_dir / "all.xlsx")],
        ["audit", "verify"], ["db", "integrity"], ["db", "backup", str(out_dir / "backup")],
        ["notices", session.group(1), "--out", str(out_dir / "notices.pdf")],
        ["room-lists", session.group(1), "--out-dir", str(out_dir / "rooms")],
        ["sync", "status"], ["users", "list"],
    ]
    for command in commands:
        code, _said, err = run_as(capsys, DEMO_ADMIN, "--data-dir", center, *command) if command else \
            run(capsys, "--data-dir", center)
        assert code in (0, 1), (command, err)
    assert sorted(p.name for p in temp_dir.iterdir()) == []

    # the desk: a confirmation and its receipt, as the workstation makes them
    ctx = AppContext.build(open_database(DataDir(Path(center))), clock=lambda: datetime.now(UTC))
    try:
        clerk = sign_in_as(ctx.users, "clerk")
        (record_id,) = ready_to_seal(ctx, 1, actor=clerk)
        ctx.desk.seal(record_id, actor=clerk, acknowledge_review=True)
        receipt = ctx.desk.receipt(record_id, actor=clerk, lang="zh")
        assert receipt.data.startswith(b"%PDF") and receipt.file_name.endswith(".pdf")
        with ctx.db.session() as s:
            assert s.scalar(select(Record.sealed_at).where(Record.id == record_id)) is not None
    finally:
        ctx.close()
    assert sorted(p.name for p in temp_dir.iterdir()) == []
