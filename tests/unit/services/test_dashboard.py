"""The dashboard's figures: counts of a confirmation window by local day, level, major, refusal
reason and photo captures; where every record stands; seats and notices (issue 16)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from actors import sign_in_as
from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.domain.refusal_reasons import RefusalReason
from learncenter.services.dashboard import Dashboard, figure_rows, write_figures_sheet
from learncenter.services.users import Role
from learncenter.store import figures
from window_figures import LOCAL_OFFSET, seal_window, seat_and_print

TODAY = date(2026, 3, 1)


def _dashboard(ctx: AppContext) -> Dashboard:
    return Dashboard(ctx.db, today=lambda: TODAY, offset_minutes=lambda: LOCAL_OFFSET)


def test_the_window_is_counted_by_local_day_level_major_reason_and_photo(ctx: AppContext) -> None:
    seal_window(ctx)
    found = _dashboard(ctx).figures(date(2026, 2, 26), TODAY, actor=sign_in_as(ctx.users, "admin"))
    # 2026-02-27 20:30 UTC is 04:30 on the 28th in Beijing: that refusal counts on the 28th
    assert [(d.day.isoformat(), d.confirmed, d.refused) for d in found.days] == [
        ("2026-02-26", 2, 0), ("2026-02-27", 0, 0), ("2026-02-28", 1, 2), ("2026-03-01", 0, 1)]
    assert (found.confirmed, found.refused) == (3, 3)
    assert [(i.name, i.confirmed, i.refused) for i in found.levels] == [("高起专", 2, 3), ("高起本", 1, 0), ("专升本", 0, 0)]
    assert [(i.code, i.name, i.confirmed, i.refused) for i in found.majors] == [
        ("510201", "计算机应用技术", 2, 0), ("530302", "大数据与会计", 1, 3)]
    assert found.refusals == ((RefusalReason.ID_MISMATCH, 1), (RefusalReason.NOT_IN_PERSON, 1), (RefusalReason.OTHER, 1))
    assert (found.photos.sealed, found.photos.retaken, found.photos.retakes, found.photos.accepted) == (6, 2, 3, 0)
    assert found.states == {"confirmed": 3, "refused": 3} and found.candidates == 6


def test_a_period_counts_only_its_own_days(ctx: AppContext) -> None:
    seal_window(ctx)
    found = _dashboard(ctx).figures(date(2026, 2, 28), date(2026, 2, 28), actor=sign_in_as(ctx.users, "boss"))
    assert [(d.confirmed, d.refused) for d in found.days] == [(1, 2)]
    assert found.refusals == ((RefusalReason.ID_MISMATCH, 1), (RefusalReason.NOT_IN_PERSON, 1))
    assert found.photos.sealed == 3 and found.states == {"confirmed": 3, "refused": 3}  # states: the whole database


def test_the_default_period_starts_on_the_first_day_anything_was_sealed(ctx: AppContext) -> None:
    admin = sign_in_as(ctx.users, "admin")
    assert _dashboard(ctx).default_period(actor=admin) == (date(2026, 1, 31), TODAY)  # nothing sealed: 30 days
    seal_window(ctx)
    assert _dashboard(ctx).default_period(actor=admin) == (date(2026, 2, 26), TODAY)


def test_seats_and_printed_notices_per_session(ctx: AppContext) -> None:
    seal_window(ctx)
    seat_and_print(ctx)
    (session,) = _dashboard(ctx).figures(TODAY, TODAY, actor=sign_in_as(ctx.users, "admin")).sessions
    assert (session.code, session.seats, session.seated, session.notices_printed) == ("2026A-01", 7, 3, 3)


@pytest.mark.parametrize("name, role", [("clerk1", Role.CLERK), ("entry", Role.DATA_ENTRY)])
def test_figures_are_for_supervisors_and_administrators(ctx: AppContext, name: str, role: Role) -> None:
    with pytest.raises(DomainError) as caught:
        _dashboard(ctx).figures(TODAY, TODAY, actor=sign_in_as(ctx.users, name, role))
    assert caught.value.problem.code == "auth.not_permitted"
    assert "统计" in caught.value.text("zh")


def test_a_period_backwards_or_longer_than_a_year_is_refused_in_words(ctx: AppContext) -> None:
    admin = sign_in_as(ctx.users, "admin")
    with pytest.raises(DomainError) as backwards:
        _dashboard(ctx).figures(TODAY, date(2026, 2, 1), actor=admin)
    assert "2026-03-01" in backwards.value.text("zh") and "starts" in backwards.value.text("en")
    with pytest.raises(DomainError) as long:
        _dashboard(ctx).figures(date(2025, 1, 1), TODAY, actor=admin)
    assert "366" in long.value.text("en")


def test_the_figures_sheet_has_a_row_per_figure_and_item(ctx: AppContext, tmp_path: Path) -> None:
    seal_window(ctx)
    found = _dashboard(ctx).figures(date(2026, 2, 26), TODAY, actor=sign_in_as(ctx.users, "admin"))
    path = tmp_path / "figures.csv"
    assert write_figures_sheet(found, path, "zh") == len(figure_rows(found, "zh"))
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["统计项", "项目", "数量"]
    assert ["每日确认人数", "2026-02-26", "2"] in rows and ["每日拒绝人数", "2026-02-28", "2"] in rows
    assert ["拒绝原因", "考生本人未到场", "1"] in rows and ["照片", "重拍次数", "3"] in rows
    assert ["按专业确认人数", "510201 计算机应用技术", "2"] in rows
    assert ("Confirmed per day", "2026-02-26", 2) in figure_rows(found, "en")
    assert not any("张三" in cell or "3604261991" in cell for row in rows for cell in row)  # counts only


def _plan(session: Session, read: Callable[..., Iterator[object]]) -> str:
    """SQLite's plan for the statement ``read`` runs, as it ran (its SQL and parameters)."""
    ran: list[tuple[str, Any]] = []

    def capture(_conn: object, _cursor: object, sql: str, params: Any, _context: object, _many: bool) -> None:
        ran.append((sql, params))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", capture)
    try:
        list(read(session, date(2026, 2, 26), TODAY, LOCAL_OFFSET))
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    (sql, params), = ran
    return " ".join(str(row[3]) for row in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params))


def test_the_period_is_read_from_indexes_without_touching_the_table(ctx: AppContext) -> None:
    """The figures of 200,000 candidates refresh in a fifth of a second because SQLite answers them
    from ix_records_sealed and the partial ix_records_refused alone (benchmarks/bench_dashboard.py)."""
    seal_window(ctx)
    with ctx.db.session() as session:
        session.execute(text("ANALYZE"))
        sealed, refused = _plan(session, figures.sealed_groups), _plan(session, figures.refused_groups)
    assert "COVERING INDEX ix_records_sealed" in sealed, sealed
    assert "COVERING INDEX ix_records_refused" in refused, refused
