"""The desk's diploma check online (issue 14): a 专升本 candidate whose prior certificate this
registry registered is confirmed by the registry's signed answer, kept as the CHSI evidence; a
certificate of someone else is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from registry.server import Server

from candidates import jpeg, new_record
from exam_fixtures import id_number
from learncenter.context import AppContext
from learncenter.domain.evidence import Evidence
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.sync.prior_check import check_prior_online
from learncenter.ui.confirmation_page import ConfirmationPage
from learncenter.ui.tasks import Tasks
from student_life import enrolled_center, graduated


def candidate(ctx: AppContext, serial: int, certificate: str) -> str:
    admin = ctx.users.authenticate("admin", "admin-demo")
    entry = new_record(id_number=id_number(serial), name="赵一", level="专升本", major_code="120203",
                       major_name="会计学", term="2027春", prior_education="专科", prior_school="示范大学网络教育学院",
                       prior_certificate_no=certificate, prior_graduation_date="2025-07-01", photo=jpeg(),
                       registration_no=f"27{serial:08d}")
    return ctx.records.enter(entry, actor=admin).record_id


def test_the_registry_confirms_its_own_certificate_at_the_desk(server: Server, tmp_path: Path, qtbot: QtBot,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    _student, certificate, _code = graduated(server, enrolled_center(server, tmp_path, capsys), on="2025-07-01")
    ctx = AppContext.build(open_database(DataDir(tmp_path / "center")))
    try:
        clerk = ctx.users.authenticate("clerk", "clerk-demo")
        mine, other = candidate(ctx, 21, certificate), candidate(ctx, 23, certificate)

        # someone else's certificate: answered, nothing kept
        result = check_prior_online(ctx.db, ctx.records, other, actor=clerk)
        assert result.found and not result.same_person and not result.verified
        assert "registry_check" not in ctx.desk.candidate(other, actor=clerk).documents

        page = ConfirmationPage(ctx.desk, Tasks(synchronous=True), actor=clerk, lang="en")
        qtbot.addWidget(page)
        page.show()
        page.open_record(mine)
        assert page.prior_check.isVisible() and page.prior_check.isEnabled()
        before = ctx.desk.candidate(mine, actor=clerk)
        assert Evidence.CHSI_NUMBER in before.missing and Evidence.CHSI_SCAN in before.missing
        qtbot.mouseClick(page.prior_check, Qt.MouseButton.LeftButton)
        assert "Confirmed by the registry" in page.diploma.text()
        after = ctx.desk.candidate(mine, actor=clerk)
        assert "registry_check" in after.documents
        assert Evidence.CHSI_NUMBER not in after.missing and Evidence.CHSI_SCAN not in after.missing
        assert not page.prior_check.isEnabled()  # checked once, kept
        qtbot.wait(20)
    finally:
        ctx.close()
