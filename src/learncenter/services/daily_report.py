"""The daily report's words and tables, from the dashboard's figures, in the reader's language.

The report is for the center's head: the day (the period's last) and the period so far, as
counts (documents/daily_report.py draws them). Building it needs no database: the figures the
page shows are the figures printed, so the paper and the screen agree.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from learncenter.domain.codes import level_label
from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import define, render
from learncenter.domain.refusal_reasons import label as reason_label
from learncenter.documents.daily_report import DailyReportData, ReportTable, write_daily_report
from learncenter.services.dashboard import TOP_MAJORS, Figures, photo_items, state_label

for _code, _zh, _en in (
    ("title", "现场确认日报", "Daily confirmation report"),
    ("period", "{day}　统计时段 {start} 至 {end}", "{day}    period {start} to {end}"),
    ("day_confirmed", "当日确认", "Confirmed that day"),
    ("day_refused", "当日拒绝", "Refused that day"),
    ("confirmed", "时段内确认", "Confirmed in the period"),
    ("refused", "时段内拒绝", "Refused in the period"),
    ("candidates", "考生总数", "Candidates"),
    ("chart", "每日确认与拒绝人数", "Confirmed and refused per day"),
    ("legend_confirmed", "确认", "Confirmed"),
    ("legend_refused", "拒绝", "Refused"),
    ("levels", "按层次", "Per level"),
    ("majors", "按专业（前 {n} 个）", "Per major (the {n} largest)"),
    ("photos", "照片", "Photos"),
    ("states", "记录状态（全部考生）", "Where every record stands (all candidates)"),
    ("sessions", "考试座位与准考证", "Exam seats and notices"),
    ("col_level", "层次", "Level"),
    ("col_major", "专业", "Major"),
    ("col_reason", "原因", "Reason"),
    ("col_item", "项目", "Item"),
    ("col_state", "状态", "State"),
    ("col_session", "考试", "Exam session"),
    ("col_confirmed", "确认", "Confirmed"),
    ("col_refused", "拒绝", "Refused"),
    ("col_count", "人数", "Count"),
    ("col_seats", "座位", "Seats"),
    ("col_seated", "已编排", "Seated"),
    ("col_notices", "已打印准考证", "Notices printed"),
    ("photo_sealed", "已封存记录", "Records sealed"),
    ("none", "（无）", "(none)"),
    ("footer", "learncenter 打印于 {at}　仅含统计数字，不含考生个人信息", "Printed by learncenter on {at}. Counts only, no personal data."),
    ("page", "第 {page} 页 / 共 {pages} 页", "page {page} of {pages}"),
):
    define(f"daily_report.{_code}", zh=_zh, en=_en)


def _t(code: str, lang: str, **params: object) -> str:
    return render(f"daily_report.{code}", params, lang=lang)


def report_data(found: Figures, lang: str, *, printed_at: datetime | None = None) -> DailyReportData:
    last = found.days[-1]
    none = (_t("none", lang),)

    def rows(items: list[tuple[str, ...]], width: int) -> tuple[tuple[str, ...], ...]:
        return tuple(items) or ((none[0],) + ("",) * (width - 1),)

    tables = (
        ReportTable(_t("levels", lang), (_t("col_level", lang), _t("col_confirmed", lang), _t("col_refused", lang)),
                    rows([(level_label(i.code, lang) or i.code, str(i.confirmed), str(i.refused)) for i in found.levels], 3),
                    (3, 1, 1)),
        ReportTable(_t("majors", lang, n=TOP_MAJORS),
                    (_t("col_major", lang), _t("col_confirmed", lang), _t("col_refused", lang)),
                    rows([(f"{i.code} {i.name}", str(i.confirmed), str(i.refused)) for i in found.majors[:TOP_MAJORS]], 3),
                    (3, 1, 1)),
        ReportTable(render("dashboard.refusal", lang=lang), (_t("col_reason", lang), _t("col_count", lang)),
                    rows([(reason_label(r, lang), str(n)) for r, n in found.refusals], 2), (4, 1)),
        ReportTable(_t("photos", lang), (_t("col_item", lang), _t("col_count", lang)),
                    tuple((label, str(value)) for label, value in
                          [(_t("photo_sealed", lang), found.photos.sealed), *photo_items(found, lang)]), (4, 1)),
        ReportTable(_t("states", lang), (_t("col_state", lang), _t("col_count", lang)),
                    tuple((state_label(s.value, lang), str(found.states.get(s.value, 0))) for s in RecordState), (4, 1)),
        ReportTable(_t("sessions", lang), (_t("col_session", lang), _t("col_seats", lang), _t("col_seated", lang),
                                           _t("col_notices", lang)),
                    rows([(f"{s.code} {s.name}", str(s.seats), str(s.seated), str(s.notices_printed))
                          for s in found.sessions], 4), (3, 1, 1, 1)),
    )
    day_format = "%m-%d" if found.start.year == found.end.year else "%Y-%m-%d"
    return DailyReportData(
        title=_t("title", lang),
        center=found.center,
        period=_t("period", lang, day=last.day.isoformat(), start=found.start.isoformat(), end=found.end.isoformat()),
        key_figures=((_t("day_confirmed", lang), str(last.confirmed)), (_t("day_refused", lang), str(last.refused)),
                     (_t("confirmed", lang), str(found.confirmed)), (_t("refused", lang), str(found.refused)),
                     (_t("candidates", lang), str(found.candidates))),
        days=tuple((d.day.strftime(day_format), d.confirmed, d.refused) for d in found.days),
        chart_title=_t("chart", lang),
        legend=(_t("legend_confirmed", lang), _t("legend_refused", lang)),
        tables=tables,
        footer=_t("footer", lang, at=f"{printed_at or datetime.now():%Y-%m-%d %H:%M}"),
        page_label=render("daily_report.page", lang=lang),
        lang=lang,
    )


def write_report(found: Figures, path: Path, *, lang: str, printed_at: datetime | None = None) -> None:
    """The daily report of ``found`` as a PDF at ``path`` (written atomically)."""
    write_daily_report(report_data(found, lang, printed_at=printed_at), path)
