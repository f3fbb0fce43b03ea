"""``learncenter unpaid``: the administrator's list of candidates who have not paid (issue 13)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from cli_run import DEMO_ADMIN, run, run_as

DEMO_CLERK = ("clerk", "clerk-demo")


@pytest.fixture
def demo_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    folder = str(tmp_path / "demo")
    assert run(capsys, "--data-dir", folder, "demo", "--candidates", "4", "--confirmed", "0", "--seed", "3")[0] == 0
    return folder


def test_the_list_after_importing_the_payment_sheet(demo_dir: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "缴费名单.xlsx"
    book = openpyxl.Workbook()
    rows = [["姓名", "身份证号", "报考层次", "专业代码", "专业名称", "招生批次", "缴费状态", "缴费日期"],
            ["张三", "360426199101010071", "高起专", "530302", "大数据与会计", "2026春", "已缴费", "2026-02-03"],
            ["李四", "120103198806018241", "高起专", "530302", "大数据与会计", "2026春", "未缴费", None],
            ["王芳", "110105199003070025", "高起专", "530302", "大数据与会计", "2026春", "refunded", "2026-02-20"]]
    for row in rows:
        book.active.append(row)
    book.save(sheet)
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "import", str(sheet))
    assert code == 0 and "新增 3" in out, out

    listing = tmp_path / "unpaid.xlsx"
    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "unpaid", "--out", str(listing))
    assert code == 1 and "未缴费或已退费的考生 2 名" in out, out
    assert "李四" in out and "120103********8241" in out and "王芳" in out and "已退费" in out
    assert "张三" not in out and "120103198806018241" not in out
    written = [list(r) for r in openpyxl.load_workbook(listing).active.iter_rows(values_only=True)]
    assert written[0][:2] == ["姓名", "身份证号"] and len(written) == 3
    assert ["李四", "120103********8241"] in [r[:2] for r in written[1:]]

    code, out, _ = run_as(capsys, DEMO_ADMIN, "--data-dir", demo_dir, "--lang", "en", "unpaid", "--unknown")
    assert code == 1 and "unpaid or refunded" in out and "payment not recorded" in out  # the demo's own


def test_a_clerk_may_not_list_who_has_not_paid(demo_dir: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_as(capsys, DEMO_CLERK, "--data-dir", demo_dir, "unpaid")
    assert code == 2 and "未缴费考生名单" in err, out + err
