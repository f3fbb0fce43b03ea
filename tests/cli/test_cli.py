"""The command-line contract: names, exit codes, one-line reasons, never a traceback."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from cli_run import ADMIN, DEMO_ADMIN, run, run_as
from sqlalchemy import text


@pytest.fixture
def demo_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    folder = str(tmp_path / "demo")
    code, out, _ = run(capsys, "--data-dir", folder, "demo", "--candidates", "40", "--confirmed", "8", "--seed", "7")
    assert code == 0 and "40 名考生，其中 8 名已确认" in out and "clerk-demo" in out
    return folder


def test_check_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check-id", "110105491231002")
    assert code == 0 and "11010519491231002X" in out and "1949-12-31" in out and "女" in out
    code, out, _ = run(capsys, "--lang", "en", "check-id", "360426199101010072")
    assert code == 1 and "not valid" in out and "mistyped" in out


def test_demo_then_summary_search_audit_integrity(demo_dir: str, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)  # a server without a screen: the summary, not the window
    code, out, err = run(capsys, "--data-dir", demo_dir)
    assert code == 0 and "报名记录：40 条" in out and "已确认    8" in out and "DEMO" in err
    assert "DISPLAY" in out
    code, _, err = run(capsys, "--data-dir", demo_dir, "search", "王")
    assert code == 2 and "--password-stdin" in err.strip().splitlines()[-1]  # who is asking?
    assert len([line for line in err.splitlines() if line.startswith("learncenter:")]) == 1
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "search", "王")
    assert code == 0 and "王" in out
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "audit", "verify")
    assert code == 0 and "审计日志完好" in out
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "db", "integrity")
    assert code == 0


def test_demo_never_overwrites_a_real_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "real")
    code, out, _ = run(capsys, "--data-dir", folder, "users", "add", "admin", "--role", "admin")
    assert code == 0 and "恢复密钥" in out and "初始密码" in out
    code, _, err = run(capsys, "--data-dir", folder, "demo", "--candidates", "3")
    assert code == 2 and "正式数据库" in err and len(err.strip().splitlines()) == 1


ROOT = ("root", "root's own password")


def _first_admin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, folder: str) -> str:
    """The first administrator of a new database, with a password given on standard input; its output."""
    monkeypatch.setattr("sys.stdin", io.StringIO(ROOT[1] + "\n"))
    code, out, _ = run(capsys, "--data-dir", folder, "users", "add", ROOT[0], "--role", "admin", "--password-stdin")
    assert code == 0 and "初始密码" not in out
    return out


def test_users(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = str(tmp_path / "real")
    code, _, err = run(capsys, "--data-dir", folder, "users", "add", "alice", "--role", "clerk")
    assert code == 2 and "管理员" in err
    code, _, err = run(capsys, "--data-dir", folder, "users", "add", "two words", "--role", "admin")
    assert code == 2 and not Path(folder).exists()  # a refused name leaves no database without users behind
    _first_admin(capsys, monkeypatch, folder)
    # from now on only a signed-in administrator adds users: the first user was the only free one
    monkeypatch.setattr("sys.stdin", io.StringIO("mallory's password\n"))
    code, _, err = run(capsys, "--data-dir", folder, "users", "add", "mallory", "--role", "admin", "--password-stdin")
    assert code == 2 and "--password-stdin" in err
    code, out, _ = run_as(capsys, ROOT, "--data-dir", folder, "users", "add", "alice", "--role", "clerk",
                          "--password-stdin", stdin="long enough secret\n")
    assert code == 0 and "初始密码" not in out
    code, _, err = run_as(capsys, ROOT, "--data-dir", folder, "users", "add", "alice", "--role", "clerk")
    assert code == 2 and "已存在" in err
    code, _, err = run_as(capsys, ("alice", "long enough secret"), "--data-dir", folder, "users", "add", "bob",
                          "--role", "admin")
    assert code == 2 and "无权管理用户" in err  # a clerk may not add users
    code, _, err = run_as(capsys, ("root", "a wrong guess"), "--data-dir", folder, "users", "list")
    assert code == 2 and "用户名或密码不正确" in err
    code, out, _ = run_as(capsys, ROOT, "--data-dir", folder, "users", "list")
    assert "alice" in out and "clerk" in out and "mallory" not in out


def test_no_database_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", str(tmp_path / "none"), "search", "张三")
    assert code == 2 and "learncenter demo" in err and len(err.strip().splitlines()) == 1


def _gbk_csv(path: Path) -> None:
    lines = [
        "姓名,身份证号,性别,报考层次,专业代码,专业名称,招生批次,前置学历",
        "张三,11010519491231002X,女,高起专,530302,大数据与会计,2026春,普通高中",
        "李四,360426199101010072,男,高起专,530302,大数据与会计,2026春,普通高中",
        "𠮷田,120103198806018241,女,高起专,530302,大数据与会计,2026春,普通高中",
        "王五,440524188001010014,男,专升本,12345,会计学,2026春,专科",
    ]
    path.write_bytes("\r\n".join(lines).encode("gb18030"))


def test_import_gbk_with_bad_rows_reports_them(demo_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, report = tmp_path / "申请.csv", tmp_path / "refused.csv"
    _gbk_csv(source)
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "import", str(source), "--report", str(report))
    assert code == 1 and "新增 2" in out and "拒绝 2 行" in out and "GB18030" in out
    with report.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["行号", "列", "值", "原因", "代码"]
    # 𠮷 cannot be written in GBK: the row with it was read as GB18030 and must not be refused
    by_row = {(r[0], r[1]) for r in rows[1:]}
    assert ("3", "身份证号") in by_row and ("5", "专业代码") in by_row and not any(r[0] == "4" for r in rows[1:])
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "search", "𠮷田")
    assert code == 0 and "120103********8241" in out  # a list shows ID numbers masked


def test_import_is_idempotent(demo_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.csv"
    _gbk_csv(source)
    run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "import", str(source))
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "import", str(source))
    assert code == 1 and "新增 0，更新 0，未变 2" in out
    assert run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "audit", "verify")[0] == 0


def test_import_xlsx_with_dates_and_a_numeric_id(demo_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sheet.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Name", "ID number", "Birth date", "Level", "Major code", "Major", "Term", "Prior education"])
    ws.append(["赵六", "360426199101010071", datetime(1991, 1, 1), "高起本", "120203", "会计学", "2026春", "普通高中"])
    ws.append(["钱七", 120103198806018241, date(1988, 6, 1), "高起本", "120203", "会计学", "2026春", "普通高中"])
    ws.append(["孙八", "360426199101010071", datetime(1990, 1, 1), "高起本", "120203", "会计学", "2026秋", "普通高中"])
    wb.save(path)
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "--lang", "en", "import", str(path))
    assert code == 1 and "1 added" in out and "2 refused" in out
    assert "row 3" in out and "row 4" in out


def test_bad_files_get_one_sentence(demo_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png = tmp_path / "photo.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    for path in (png, empty, tmp_path / "missing.csv"):
        code, out, err = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "import", str(path))
        lines = [line for line in err.splitlines() if line.startswith("learncenter:")]
        assert code == 2 and len(lines) == 1 and path.name in lines[0]


def test_export_neutralises_formulas(demo_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "evil.csv"
    source.write_text(
        "姓名,身份证号,报考层次,专业代码,专业名称,批次,前置学历,通讯地址\n"
        '张三,11010519491231002X,高起专,530302,会计,2026春,普通高中,"=HYPERLINK(""http://x"",""y"")"\n',
        encoding="utf-8",
    )
    assert run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "import", str(source))[0] == 0
    for name in ("out.csv", "out.xlsx"):
        assert run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "export", str(tmp_path / name))[0] == 0
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and not any(c.startswith("=") for c in cells)
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_audit_verify_names_the_broken_entry(demo_dir: str, capsys: pytest.CaptureFixture[str]) -> None:
    from learncenter.store.database import open_database
    from learncenter.store.layout import DataDir

    db = open_database(DataDir(Path(demo_dir)))
    with db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET details = '{\"edited\": 1}' WHERE seq = 5"))
    db.close()
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "audit", "verify")
    assert code == 1 and "第 5 条" in out


def test_db_backup_and_recover(tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = str(tmp_path / "real")
    out = _first_admin(capsys, monkeypatch, folder)
    recovery = next(line.strip() for line in out.splitlines() if line.count("-") == 7)
    code, out, _ = run_as(capsys, ROOT, "--data-dir", folder, "db", "backup", str(tmp_path / "bak"))
    assert code == 0 and (tmp_path / "bak" / "learncenter.db").exists()
    memory_keyring.secrets.clear()
    code, _, err = run_as(capsys, ROOT, "--data-dir", folder, "users", "list")
    assert code == 2 and "db recover" in err
    assert run(capsys, "--data-dir", folder, "db", "recover", "--recovery-key", "nonsense")[0] == 2
    assert run(capsys, "--data-dir", folder, "db", "recover", "--recovery-key", recovery)[0] == 0
    code, out, _ = run_as(capsys, ROOT, "--data-dir", folder, "users", "list")
    assert code == 0 and "root" in out


def test_an_internal_error_is_logged_not_shown(demo_dir: str, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr("learncenter.store.search.search", broken)
    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "search", "张三")
    assert code == 3 and "logs" in err
    log = Path(err.split("已写入 ")[1].split("（")[0])
    logged = log.read_text(encoding="utf-8")
    assert "RuntimeError" in logged and "in broken" in logged  # what and where, not the message


def test_check_id_with_a_region_nobody_has(capsys: pytest.CaptureFixture[str]) -> None:
    from learncenter.domain.idnumber import check_character

    first17 = "990000" + "19900101" + "001"
    code, out, _ = run(capsys, "check-id", first17 + check_character(first17))
    assert code == 1 and "990000" in out


def test_demo_reports_progress_into_a_log_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Not a terminal (a log, a pipe): a line per tenth of each stage, ending at the total."""
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "demo"), "--lang", "en", "demo", "--candidates", "30",
                       "--confirmed", "10")
    assert code == 0
    lines = [line.strip() for line in err.splitlines() if ": " in line and "/" in line]
    assert "entered: 30/30" in lines and "confirmed: 10/10" in lines
    assert len([line for line in lines if line.startswith("confirmed")]) <= 11


def test_every_command_is_built_by_the_module_the_table_names() -> None:
    """Parsing a command builds only its module's commands: the table must name every one."""
    import argparse

    from learncenter.cli import (
        COMMAND_MODULES, admin_commands, exam_commands, record_commands, student_commands, sync_commands,
        update_commands,
    )
    from learncenter.cli.output import Output

    registered: dict[str, str] = {}
    for module in (record_commands, admin_commands, exam_commands, sync_commands, student_commands,
                   update_commands):
        commands = argparse.ArgumentParser().add_subparsers()
        module.register(commands, Output("en"))
        registered.update({name: module.__name__.rsplit(".", 1)[1] for name in commands.choices})
    assert registered == COMMAND_MODULES
