"""Down-sync: verified pages, the cursor with the changes, never overwriting local changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select
from unit.sync.in_process_registry import InProcessRegistry

from learncenter.context import AppContext
from learncenter.store import reference_data
from learncenter.store.models import AuditEntry, Record
from learncenter.domain.messages import DomainError
from learncenter.services.exams import ExamService
from learncenter.services.sync_conflicts import open_conflicts, settle, take_registry
from learncenter.sync import pins
from learncenter.sync.downsync import apply_page
from learncenter.sync.engine import SyncEngine
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import SigningKeyPair
from learncenter.protocol.signing import sign_object
from candidates import gather_evidence, jpeg
from actors import sign_in_as

ID = "360426199101010071"


SESSION = {"code": "2026秋-1", "name": "2026年秋季入学考试", "exam_category": "入学测试", "term": "2026秋",
           "subjects": [{"subject": "语文", "day": "2026-10-18", "start": "09:00", "end": "11:00"}],
           "venues": [{"code": "V1", "name": "第一考点", "address": "学院路 1 号",
                       "rooms": [{"code": "R1", "name": "101", "capacity": 2, "layout_columns": 2,
                                  "seats_kept_free": 0}]}]}


def pre_registration(version: int, **overrides: Any) -> dict[str, Any]:
    data = {"term": "2026秋", "name": "张三", "gender": "1", "birth_date": "1991-01-01", "id_number": ID,
            "level": "gqz", "major_code": "530302", "major_name": "大数据与会计", "phone": "13800138000",
            "prior_education": "high_school", "prior_graduation_date": None}
    data.update(overrides)
    return {"kind": "pre_registration", "key": f"2026秋/{ID}", "version": version, "data": data}


def _record(ctx: AppContext) -> Record:
    with ctx.db.session() as session:
        return session.scalars(select(Record).where(Record.is_current.is_(True))).one()


def _cursor(ctx: AppContext) -> str | None:
    with ctx.db.session() as session:
        return pins.cursor(session)


def test_pages_are_applied_with_their_cursor(center: AppContext, engine: SyncEngine,
                                             registry: InProcessRegistry) -> None:
    registry.down += [
        pre_registration(1),
        {"kind": "major", "key": "530302", "version": 3, "data": {"name": "大数据与会计", "levels": ["gqz"]}},
        {"kind": "exam_session", "key": "2026秋-1", "version": 1, "data": SESSION},
        {"kind": "number_block", "key": "notices", "version": 2, "data": {"first": 270000001, "last": 270000500}},
    ]
    report = engine.run(registry)
    assert report.ok and report.changes == 4 and _cursor(center) == "4"
    record = _record(center)
    assert (record.state, record.source, record.name, record.name_pinyin) == ("pre_registered", "registry",
                                                                           "张三", "zhangsan")
    with center.db.session() as session:
        assert reference_data.get(session, "major", "530302").version == 3  # type: ignore[union-attr]
        assert reference_data.number_block(session) == (270000001, 270000500)
    [held] = ExamService(center.db).sessions()  # made a local session, with the term it came with
    assert (held.code, held.term, held.source, held.rooms) == ("2026秋-1", "2026秋", "registry", 1)
    registry.down.append(pre_registration(2, phone="13900000000"))  # untouched here: updated in place
    assert engine.run(registry).changes == 1 and _record(center).phone == "13900000000"
    assert _cursor(center) == "5" and engine.run(registry).changes == 0


def test_a_change_to_a_record_with_local_changes_becomes_a_conflict(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    registry.down.append(pre_registration(1))
    engine.run(registry)
    record_id = _record(center).id
    center.records.attach_photo(record_id, jpeg(), actor=sign_in_as(center.users, "tester"))
    center.records.check_in(record_id, actor=sign_in_as(center.users, "tester"))  # the candidate is here: a local change
    registry.down.append(pre_registration(2, name="张叁"))
    report = engine.run(registry)
    assert (report.changes, report.conflicts) == (0, 1)
    assert _record(center).name == "张三" and _cursor(center) == "2"
    [conflict] = open_conflicts(center.db, actor=sign_in_as(center.users, "clerk"))
    assert (conflict.record_id, conflict.reason, conflict.version, conflict.registry_data["name"]) == (
        record_id, "local_changes", 2, "张叁")
    assert engine.status().conflicts == 1
    settle(center.db, conflict.conflict_id, actor=sign_in_as(center.users, "tester"), note="本人确认姓名为张三")
    assert open_conflicts(center.db, actor=sign_in_as(center.users, "clerk")) == [] and engine.status().conflicts == 0
    with pytest.raises(DomainError):
        settle(center.db, conflict.conflict_id, actor=sign_in_as(center.users, "tester"))


def test_a_forged_or_misdirected_page_applies_nothing(center: AppContext, registry: InProcessRegistry) -> None:
    registry.down.append(pre_registration(1))
    page = registry.changes(None)
    body = {k: v for k, v in page.items() if k not in ("key_id", "signature")}
    for bad in (sign_object(SigningKeyPair.generate().private, body),
                sign_object(registry.sign.private, {**body, "center_id": "99999"}),
                sign_object(registry.sign.private, {**body, "cursor": "7"})):
        with pytest.raises(SyncError):
            apply_page(center.db, bad, asked=None, actor="tester", now=datetime(2026, 3, 1))
    with center.db.session() as session:
        assert session.scalars(select(Record)).first() is None and pins.cursor(session) is None


def test_several_pages_are_followed_to_the_end(center: AppContext, engine: SyncEngine,
                                               registry: InProcessRegistry) -> None:
    registry.page_size = 2
    registry.down += [{"kind": "major", "key": f"53030{i}", "version": 1, "data": {"name": f"专业{i}"}}
                      for i in range(5)]
    report = engine.run(registry)
    assert report.ok and report.changes == 5 and _cursor(center) == "5"
    with center.db.session() as session:
        assert [row.key for row in reference_data.all_of(session, "major")] == [f"53030{i}" for i in range(5)]


def test_the_registrys_version_is_taken_only_while_the_record_is_not_sealed(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    registry.down.append(pre_registration(1))
    engine.run(registry)
    record_id = _record(center).id
    center.records.attach_photo(record_id, jpeg(), actor=sign_in_as(center.users, "tester"))
    center.records.check_in(record_id, actor=sign_in_as(center.users, "tester"))
    registry.down.append(pre_registration(2, name="张叁"))
    engine.run(registry)
    [conflict] = open_conflicts(center.db, actor=sign_in_as(center.users, "clerk"))
    assert conflict.can_take and conflict.local_state == "awaiting_confirmation"
    assert (conflict.who, conflict.local_data["name"]) == ("张叁", "张三")  # type: ignore[index]
    assert take_registry(center.db, conflict.conflict_id, actor=sign_in_as(center.users, "tester")) == record_id
    record = _record(center)
    assert (record.name, record.state) == ("张叁", "awaiting_confirmation") and open_conflicts(center.db, actor=sign_in_as(center.users, "clerk")) == []
    with center.db.session() as session:
        assert reference_data.get(session, "pre_registration", f"2026秋/{ID}").version == 2  # type: ignore[union-attr]
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "sync.conflict_taken")).all()
    assert (entry.actor, entry.entity_id) == ("tester", record_id)

    gather_evidence(center.records, record_id, actor=sign_in_as(center.users, "tester"))
    center.records.confirm(record_id, actor=sign_in_as(center.users, "tester"), acknowledge_review=True)  # sealed from here on
    registry.down.append(pre_registration(3, name="章三"))
    engine.run(registry)
    [sealed] = open_conflicts(center.db, actor=sign_in_as(center.users, "clerk"))
    assert not sealed.can_take
    with pytest.raises(DomainError) as refused:
        take_registry(center.db, sealed.conflict_id, actor=sign_in_as(center.users, "tester"))
    assert refused.value.problem.code == "sync.conflict_cannot_take" and "sealed" in refused.value.text("en")
    assert _record(center).name == "张叁" and len(open_conflicts(center.db, actor=sign_in_as(center.users, "clerk"))) == 1


def test_a_bad_session_is_a_problem_of_the_run_and_changes_nothing(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    registry.down.append({"kind": "exam_session", "key": "2026秋-1", "version": 1, "data": SESSION})
    assert engine.run(registry).ok
    broken = {**SESSION, "name": "改后", "venues": [{"code": "V1", "name": "第一考点", "address": "学院路 1 号", "rooms": [
        {"code": "R1", "capacity": 0}]}]}
    registry.down.append({"kind": "exam_session", "key": "2026秋-1", "version": 2, "data": broken})
    report = engine.run(registry)
    [problem] = report.problems
    assert problem.code == "sync.session_rejected" and "capacity" in problem.text("en")
    assert report.changes == 1 and not report.ok
    [held] = ExamService(center.db).sessions()
    assert held.name == "2026年秋季入学考试"
    no_term = {key: value for key, value in SESSION.items() if key != "term"}
    registry.down.append({"kind": "exam_session", "key": "2026秋-1", "version": 3,
                          "data": {**no_term, "name": "第三版"}})  # keeps the term held here
    assert engine.run(registry).ok
    [held] = ExamService(center.db).sessions()
    assert (held.name, held.term) == ("第三版", "2026秋")
    registry.down.append({"kind": "exam_session", "key": "2027春-1", "version": 1,
                          "data": {**no_term, "code": "2027春-1"}})  # new and without a term
    [problem] = engine.run(registry).problems
    assert problem.code == "sync.session_rejected" and "term" in problem.text("en")


def test_a_sync_stopped_after_storing_a_page_makes_its_session_current_on_the_next_run(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    registry.down.append({"kind": "exam_session", "key": "2026秋-1", "version": 1, "data": SESSION})
    # the first half of a run: the page and its cursor are stored, then the program stops
    apply_page(center.db, registry.changes(None), asked=None, actor="clerk", now=datetime(2026, 3, 1, 9, 0))
    assert _cursor(center) == "1" and ExamService(center.db).sessions() == []
    report = engine.run(registry)  # nothing new at the registry
    assert report.ok and report.changes == 0
    [held] = ExamService(center.db).sessions()
    assert (held.code, held.source) == ("2026秋-1", "registry")
    assert engine.run(registry).ok and len(ExamService(center.db).sessions()) == 1


def test_a_refused_session_is_reported_once(center: AppContext, engine: SyncEngine,
                                            registry: InProcessRegistry) -> None:
    broken = {**SESSION, "venues": [{"code": "V1", "name": "第一考点", "address": "学院路 1 号",
                                     "rooms": [{"code": "R1", "capacity": 0}]}]}
    registry.down.append({"kind": "exam_session", "key": "2026秋-1", "version": 1, "data": broken})
    assert [problem.code for problem in engine.run(registry).problems] == ["sync.session_rejected"]
    assert engine.run(registry).problems == [] and ExamService(center.db).sessions() == []


def test_payment_reaches_unsealed_records_and_never_a_sealed_one(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    tester = sign_in_as(center.users, "tester")
    registry.down.append(pre_registration(1, payment_state="unpaid"))
    engine.run(registry)
    record_id = _record(center).id
    assert _record(center).payment_state == "unpaid"
    center.records.attach_photo(record_id, jpeg(), actor=tester)
    gather_evidence(center.records, record_id, actor=tester)  # evidence kept here: local changes
    center.records.check_in(record_id, actor=tester)
    registry.down.append(pre_registration(2, payment_state="paid", payment_date="2026-02-20"))
    report = engine.run(registry)
    assert report.ok and report.changes == 1, report.problems
    assert (_record(center).payment_state, str(_record(center).payment_date)) == ("paid", "2026-02-20")
    assert open_conflicts(center.db, actor=sign_in_as(center.users, "clerk")) == []

    center.records.confirm(record_id, actor=tester, acknowledge_review=True)
    registry.down.append(pre_registration(3, payment_state="refunded", payment_date="2026-02-25"))
    engine.run(registry)
    [conflict] = open_conflicts(center.db, actor=sign_in_as(center.users, "clerk"))
    assert not conflict.can_take and _record(center).payment_state == "paid"  # sealed as it was
    with center.db.session() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == record_id)).all()
    assert actions.count("record.payment_update") == 1


def test_a_registry_without_payment_leaves_the_payment_held(
        center: AppContext, engine: SyncEngine, registry: InProcessRegistry) -> None:
    registry.down.append(pre_registration(1, payment_state="paid", payment_date="2026-02-20"))
    engine.run(registry)
    registry.down.append(pre_registration(2, phone="13900000000"))  # a registry that sends no payment
    engine.run(registry)
    record = _record(center)
    assert (record.phone, record.payment_state) == ("13900000000", "paid")
