"""``learncenter students …`` and ``certificates …``: the status life of students from the command
line, signed in like a script (issue 14)."""

from __future__ import annotations

import re

from pathlib import Path

import pytest

from cli_run import DEMO_ADMIN, run, run_as
from exam_fixtures import id_number

DEMO_CLERK = ("clerk", "clerk-demo")
DEMO_ENTRY = ("entry", "entry-demo")


@pytest.fixture
def demo_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    folder = str(tmp_path / "demo")
    assert run(capsys, "--data-dir", folder, "demo", "--candidates", "2", "--confirmed", "0", "--seed", "3",
               "--students", "0")[0] == 0
    return folder


def admission_list(tmp_path: Path) -> Path:
    sheet = tmp_path / "录取名单.csv"
    rows = ["姓名,身份证号,性别,出生日期,招生批次,报考层次,专业代码,专业名称,学制,入学日期",
            f"赵一,{id_number(11)},男,1991-01-01,2026春,高起专,530302,大数据与会计,2.5,2026-03-01",
            f"钱二,{id_number(12)},女,1991-01-01,2026春,专升本,120203,会计学,2.5年,2026-03-01",
            f"孙三,{id_number(13)},男,1991-01-01,2026春,高起专,530302,大数据与会计,9,2026-03-01"]
    sheet.write_bytes("\r\n".join(rows).encode("gbk"))
    return sheet


def test_a_students_life_from_the_command_line(demo_dir: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    def clerk(*argv: str) -> tuple[int, str, str]:
        return run_as(capsys, DEMO_CLERK, "--data-dir", demo_dir, *argv)

    code, out, _ = clerk("students", "admit", str(admission_list(tmp_path)))
    assert code == 1 and "录取 2 名" in out and "拒绝 1 行" in out, out
    assert "第 4 行" in out and "学制“9”无效" in out

    code, out, _ = clerk("students", "register", id_number(11), "--date", "2026-03-02")
    assert code == 0 and "学号 261010110001" in out, out
    code, out, _ = clerk("students", "list", "--status", "enrolled")
    assert code == 0 and "赵一" in out and "钱二" not in out and id_number(11) not in out

    code, out, _ = clerk("students", "request-change", "261010110001", "11", "--reason", "工作调动")
    assert code == 0 and "批准后生效" in out, out
    code, out, _ = clerk("students", "list", "--status", "enrolled")
    assert "赵一" in out and "在籍 *" in out  # still enrolled, a request waiting

    code, out, _ = clerk("students", "year-register", "2026-2027")
    assert code == 1 and "注册 1 名" in out and "暂不能注册 1 名" in out and "钱二" in out, out
    assert "已录取未报到" in out

    code, out, _ = clerk("students", "entry", "261010110001", "reward", "--title", "优秀学员", "--date", "2026-07-01")
    assert code == 0, out
    code, out, _ = clerk("students", "show", "261010110001")
    assert code == 0 and "奖励" in out and "优秀学员" in out and "报到注册" in out and "休学" in out and "待报总部" in out and "2026-2027" in out, out

    code, _out, err = clerk("certificates", "request-proof", "261010110001", "--reason", "丢失")
    assert code == 2 and "待审核的申请（休学" in err  # one request at a time
    code, out, _ = clerk("certificates", "list")
    assert code == 1 and "还没有注册的学历证书" in out

    code, out, err = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "--lang", "en", "students", "admission",
                            id_number(12), "give_up", "--reason", "moved away")
    assert code == 0 and "gave up admission" in out, out + err


def test_data_entry_staff_may_not(demo_dir: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_as(capsys, DEMO_ENTRY, "--data-dir", demo_dir, "students", "list")
    assert code == 2 and "学籍" in err, out + err


def test_the_demo_students_export_in_chsi_columns_with_photos(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    import openpyxl

    folder = str(tmp_path / "demo")
    assert run(capsys, "--data-dir", folder, "demo", "--candidates", "2", "--confirmed", "0", "--students", "12")[0] == 0
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", folder, "students", "list", "--status", "graduated")
    assert code == 0 and "毕业" in out
    sheet, photos = tmp_path / "学历注册.xlsx", tmp_path / "照片.zip"
    code, out, err = run_as(capsys, DEMO_ADMIN, "--data-dir", folder, "students", "export", str(sheet),
                            "--template", "certificates", "--photos", str(photos))
    assert code == 0 and "0 名学生没有照片" in out, out
    assert re.search(r"照片 (\d+)/\1 张", err), err  # the zip's progress, to its end
    rows = [list(r) for r in openpyxl.load_workbook(sheet).active.iter_rows(values_only=True)]
    assert rows[0][:3] == ["身份证号", "姓名", "性别"] and "证书编号" in rows[0] and len(rows) >= 2
    numbers = {row[rows[0].index("证书编号")] for row in rows[1:]}
    assert all(str(n).startswith("104597") and len(str(n)) == 18 for n in numbers)
    names = zipfile.ZipFile(photos).namelist()
    assert sorted(names) == sorted(f"{row[0]}.jpg" for row in rows[1:])
    code, out, err = run_as(capsys, DEMO_CLERK, "--data-dir", folder, "students", "export", str(sheet))
    assert code == 2 and "导出" in err  # exporting personal data is the administrator's
