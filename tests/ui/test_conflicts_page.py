"""The Sync conflicts page: what the registry sent next to what is held here, and the clerk's
two decisions (keep ours, take the registry's), on a real database after a real down-sync."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select
from unit.sync.in_process_registry import CODE, URL, InProcessRegistry

from learncenter.context import AppContext
from learncenter.domain.codes import field_label
from learncenter.domain.sync_limits import SyncLimits
from learncenter.services.sync_conflicts import open_conflicts
from learncenter.store.models import AuditEntry, Record
from learncenter.sync.engine import SyncEngine
from learncenter.sync.enrollment import enroll
from learncenter.ui.conflicts_page import ConflictsPage
from learncenter.ui.tasks import Tasks
from actors import sign_in_as

ZHANG_SAN, LI_SI = "360426199101010071", "120103198806018241"  # entered here by the fixture


def _sent(id_number: str, name: str, **overrides: Any) -> dict[str, Any]:
    data = {"term": "2026春", "name": name, "gender": "1", "birth_date": "1991-01-01", "id_number": id_number,
            "level": "gqz", "major_code": "530302", "major_name": "大数据与会计", "phone": "13900000000",
            "prior_education": "high_school", "prior_graduation_date": None}
    data.update(overrides)
    return {"kind": "pre_registration", "key": f"2026春/{id_number}", "version": 1, "data": data}


def _name(ctx: AppContext, id_number: str) -> str:
    with ctx.db.session() as session:
        return str(session.scalars(select(Record.name).where(Record.id_number == id_number,
                                                             Record.is_current.is_(True))).one())


def test_conflicts_are_shown_and_decided(qtbot: QtBot, workstation: AppContext, tasks: Tasks) -> None:
    registry = InProcessRegistry()
    enroll(workstation.db, registry.enroll, url=URL, code=CODE, device_name="desk", client_version="test",
           actor=sign_in_as(workstation.users, "admin"))
    registry.down += [_sent(ZHANG_SAN, "张叁"),
                      _sent(LI_SI, "李肆", gender="2", birth_date="1988-06-01")]
    engine = SyncEngine(workstation.db, actor=sign_in_as(workstation.users, "clerk1"), limits=SyncLimits(), profile_versions={})
    assert engine.run(registry).conflicts == 2  # both were entered here: never overwritten

    page = ConflictsPage(workstation, tasks, actor=sign_in_as(workstation.users, "clerk1"))
    qtbot.addWidget(page)
    assert page.table.rowCount() == 2 and "2" in page.summary.text()
    assert [page.table.item(row, 0).text() for row in range(2)] == ["张叁", "李肆"]
    shown = {page.fields.item(row, 0).text(): (page.fields.item(row, 1).text(), page.fields.item(row, 2).text())
             for row in range(page.fields.rowCount())}
    label = {name: field_label(name, workstation.lang) for name in ("name", "phone", "id_number")}
    assert shown[label["name"]] == ("张叁", "张三") and shown[label["phone"]] == ("13900000000", "13800138000")
    assert label["id_number"] not in shown  # the same on both sides
    assert page.keep_button.isEnabled() and page.take_button.isEnabled()

    page.take_button.click()  # the first: the registry's version replaces the draft here
    assert _name(workstation, ZHANG_SAN) == "张叁"
    assert page.table.rowCount() == 1 and page.table.item(0, 0).text() == "李肆"
    page.keep_button.click()  # the second: kept as entered here
    assert _name(workstation, LI_SI) == "李四" and page.table.rowCount() == 0
    assert not page.keep_button.isEnabled() and not page.take_button.isEnabled()
    assert open_conflicts(workstation.db, actor=workstation.user) == []
    with workstation.db.session() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.actor == "clerk1")).all()
    assert "sync.conflict_taken" in actions and "sync.conflict_settled" in actions


def test_a_sealed_record_cannot_take_the_registrys_version(qtbot: QtBot, workstation: AppContext,
                                                           tasks: Tasks) -> None:
    from candidates import gather_evidence, jpeg

    with workstation.db.session() as session:
        record_id = session.scalars(select(Record.id).where(Record.id_number == ZHANG_SAN)).one()
    workstation.records.attach_photo(record_id, jpeg(), actor=sign_in_as(workstation.users, "clerk1"))
    gather_evidence(workstation.records, record_id, actor=sign_in_as(workstation.users, "clerk1"))
    workstation.records.confirm(record_id, actor=sign_in_as(workstation.users, "clerk1"), acknowledge_review=True)
    registry = InProcessRegistry()
    enroll(workstation.db, registry.enroll, url=URL, code=CODE, device_name="desk", client_version="test",
           actor=sign_in_as(workstation.users, "admin"))
    registry.down.append(_sent(ZHANG_SAN, "张叁"))
    SyncEngine(workstation.db, actor=sign_in_as(workstation.users, "clerk1"), limits=SyncLimits(), profile_versions={}).run(registry)

    page = ConflictsPage(workstation, tasks, actor=sign_in_as(workstation.users, "clerk1"))
    qtbot.addWidget(page)
    assert page.table.rowCount() == 1
    assert page.keep_button.isEnabled() and not page.take_button.isEnabled()
    assert "sealed" in page.note.text()
    page.take_current()  # even if asked directly, nothing changes
    assert _name(workstation, ZHANG_SAN) == "张三" and page.table.rowCount() == 1
