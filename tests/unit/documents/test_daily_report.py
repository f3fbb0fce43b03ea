"""The daily report for the center's head, read back from the PDF (issue 16)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from actors import sign_in_as
from learncenter.context import AppContext
from learncenter.services.daily_report import report_data, write_report
from learncenter.services.dashboard import Dashboard, Figures, ItemCount
from learncenter.documents.daily_report import render_daily_report
from learncenter.documents import FontSet
from window_figures import LOCAL_OFFSET, seal_window, seat_and_print

RunTool = Callable[..., str]  # the conftest fixture: run a poppler tool, return its output

TODAY = date(2026, 3, 1)
PRINTED = datetime(2026, 3, 1, 18, 0)


def _figures(ctx: AppContext) -> Figures:
    seal_window(ctx)
    seat_and_print(ctx)
    return Dashboard(ctx.db, today=lambda: TODAY, offset_minutes=lambda: LOCAL_OFFSET).figures(
        date(2026, 2, 26), TODAY, actor=sign_in_as(ctx.users, "admin"))


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_report_in_chinese_holds_the_days_and_the_periods_figures(
        ctx: AppContext, tmp_path: Path, fonts: FontSet, run_tool: RunTool) -> None:
    path = tmp_path / "daily.pdf"
    write_report(_figures(ctx), path, lang="zh", printed_at=PRINTED)
    text = _words(run_tool("pdftotext", "-layout", path, "-"))
    assert "现场确认日报" in text and "统计时段 2026-02-26 至 2026-03-01" in text
    assert re.search(r"当日确认 当日拒绝 时段内确认 时段内拒绝 考生总数 0 1 3 3 6", text), text
    assert "考生本人未到场 1" in text and "身份证与本人不一致 1" in text and "其他 1" in text
    assert "510201 计算机应用技术 2 0" in text and "重拍次数 3" in text
    assert "2026A-01 2026年春季入学考试 7 3 3" in text
    assert re.search(r"第\s*1\s*页\s*/\s*共\s*2\s*页", text) and "不含考生个人信息" in text
    assert "张三" not in text and "360426" not in text  # counts only, never a person
    for row in run_tool("pdffonts", path).splitlines()[2:]:
        assert row.split()[-5:-2] == ["yes", "yes", "yes"], row  # embedded, subset, with a unicode map


def test_the_report_in_english_and_a_long_one_numbers_its_pages(
        ctx: AppContext, tmp_path: Path, fonts: FontSet, run_tool: RunTool) -> None:
    found = _figures(ctx)
    path = tmp_path / "daily-en.pdf"
    write_report(found, path, lang="en", printed_at=PRINTED)
    text = _words(run_tool("pdftotext", "-layout", path, "-"))
    assert "Daily confirmation report" in text and "Refusals by reason" in text and "page 1 of 2" in text
    many = dataclasses.replace(found, majors=tuple(ItemCount(f"{n:06d}", f"专业{n}", n, 0) for n in range(12)),
                               days=found.days * 20)
    long_pdf = tmp_path / "long.pdf"
    long_pdf.write_bytes(render_daily_report(dataclasses.replace(
        report_data(many, "zh", printed_at=PRINTED), tables=report_data(many, "zh").tables * 3), fonts=fonts))
    pages = run_tool("pdfinfo", long_pdf)
    count = int(re.search(r"Pages:\s+(\d+)", pages).group(1))  # type: ignore[union-attr]
    assert count >= 2
    last = _words(run_tool("pdftotext", "-f", str(count), "-l", str(count), "-layout", long_pdf, "-"))
    assert re.search(rf"第\s*{count}\s*页\s*/\s*共\s*{count}\s*页", last), last
