"""Typed applications and opened records: a record held under (term, ID number) is never overwritten
by someone else's application, and an opened record is updated in place, audited."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, select

from candidates import gather_evidence, jpeg, new_record
from learncenter.context import AppContext
from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import DomainError
from learncenter.services.duplicates import held_for, possible_duplicates
from learncenter.services.record_entry import NewRecord, open_for_editing
from learncenter.store import records as repo
from learncenter.store.models import AuditEntry, Record
from actors import sign_in_as

ZHANG_SAN = "360426199101010071"  # born 1991-01-01
NAMESAKE = "360426199101010055"  # another 张三 born the same day
LI_SI = "120103198806018241"


def _typed(**overrides: Any) -> NewRecord:
    """An application as the data-entry page sends it: a new record, or nothing."""
    return replace(new_record(RecordState.DRAFT, **overrides), new_only=True)


def _content(ctx: AppContext, record_id: str) -> dict[str, Any]:
    with ctx.db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None
        return {**repo.content(record), "state": record.state, "is_current": record.is_current}


def _count(ctx: AppContext) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Record)) or 0)


def _audit(ctx: AppContext, record_id: str) -> list[tuple[str, str]]:
    with ctx.db.session() as session:
        rows = session.execute(select(AuditEntry.action, AuditEntry.actor)
                               .where(AuditEntry.entity_id == record_id).order_by(AuditEntry.seq))
        return [(action, actor) for action, actor in rows]


def test_a_second_person_with_the_same_id_number_in_the_round_is_refused_naming_the_record(ctx: AppContext) -> None:
    held = ctx.records.enter(new_record(registration_no="26110001000001"), actor=sign_in_as(ctx.users, "admin")).record_id
    before, count = _content(ctx, held), _count(ctx)

    outcome = ctx.records.enter(_typed(name="张叁", phone="13900000000"), actor=sign_in_as(ctx.users, "entry1"))

    assert (outcome.status, outcome.record_id) == ("refused", held)
    assert outcome.problem is not None and outcome.problem.field == "id_number"
    zh, en = outcome.problem.text("zh"), outcome.problem.text("en")
    assert "张三" in zh and "26110001000001" in zh and "已预报名" in zh and "打开该记录修改" in zh
    assert "张三" in en and "26110001000001" in en and "open that record and change it" in en
    assert _content(ctx, held) == before and _count(ctx) == count  # nothing written
    assert _audit(ctx, held) == [("record.create", "admin")]


def test_the_refusal_says_when_the_held_record_is_sealed_and_without_a_registration_number(ctx: AppContext) -> None:
    held = ctx.records.enter(new_record(photo=jpeg()), actor=sign_in_as(ctx.users, "admin")).record_id
    gather_evidence(ctx.records, held, actor=sign_in_as(ctx.users, "clerk1"))
    ctx.records.confirm(held, actor=sign_in_as(ctx.users, "clerk1"))

    outcome = ctx.records.enter(_typed(phone="13900000000"), actor=sign_in_as(ctx.users, "entry1"))

    assert outcome.status == "refused" and outcome.problem is not None
    assert "报名号：无" in outcome.problem.text("zh") and "主管批准更正" in outcome.problem.text("zh")
    assert "registration no. none" in outcome.problem.text("en")
    assert _content(ctx, held)["phone"] == "13800138000"


def test_saving_anyway_a_similar_person_makes_a_new_record_and_leaves_the_other_untouched(ctx: AppContext) -> None:
    other = ctx.records.enter(new_record(), actor=sign_in_as(ctx.users, "admin")).record_id
    before = _content(ctx, other)
    found = possible_duplicates(ctx.db, id_number=NAMESAKE, name="张三", birth_date=before["birth_date"])
    assert [(d.record_id, d.reason) for d in found] == [(other, "same_name_birth")]
    assert held_for(found, "2026春") is None  # a warning to look at, not a refusal

    outcome = ctx.records.enter(_typed(id_number=NAMESAKE, phone="13900000000"), actor=sign_in_as(ctx.users, "entry1"))

    assert outcome.status == "created" and outcome.record_id != other
    assert _content(ctx, other) == before
    new = _content(ctx, outcome.record_id)
    assert (new["id_number"], new["name"], new["phone"], new["state"]) == (NAMESAKE, "张三", "13900000000", "draft")


def test_the_same_id_number_in_another_round_is_a_record_of_its_own(ctx: AppContext) -> None:
    other = ctx.records.enter(new_record(term="2025秋"), actor=sign_in_as(ctx.users, "admin")).record_id
    before = _content(ctx, other)
    outcome = ctx.records.enter(_typed(), actor=sign_in_as(ctx.users, "entry1"))
    assert outcome.status == "created" and _content(ctx, other) == before


def test_an_import_still_updates_its_own_unsealed_record(ctx: AppContext) -> None:
    """A sheet brought again is the same applications again: it updates, it is not refused."""
    first = ctx.records.enter(new_record(), actor=sign_in_as(ctx.users, "importer"), source="import")
    again = ctx.records.enter(new_record(phone="13900000000"), actor=sign_in_as(ctx.users, "importer"), source="import")
    assert (again.status, again.record_id) == ("updated", first.record_id)


def test_held_for_names_the_record_holding_the_key_with_its_registration_number(ctx: AppContext) -> None:
    held = ctx.records.enter(new_record(registration_no="26110001000001"), actor=sign_in_as(ctx.users, "admin")).record_id
    found = possible_duplicates(ctx.db, id_number=ZHANG_SAN, name="张叁", birth_date=None)
    duplicate = held_for(found, "2026春")
    assert duplicate is not None and (duplicate.record_id, duplicate.registration_no) == (held, "26110001000001")
    assert "26110001000001" in duplicate.held_problem().text("en")
    assert held_for(found, "2026秋") is None


# -- opening a record and saving it again ------------------------------------------------------------


def test_an_unsealed_record_opens_with_what_was_entered(ctx: AppContext) -> None:
    record_id = ctx.records.enter(new_record(id_number="360426910101007"), actor=sign_in_as(ctx.users, "admin")).record_id  # 15 digits
    opened = open_for_editing(ctx.db, record_id)
    assert (opened.record_id, opened.state) == (record_id, RecordState.PRE_REGISTERED)
    assert opened.values["id_number"] == "360426910101007" and opened.values["name"] == "张三"


def test_a_sealed_record_does_not_open_and_says_why(ctx: AppContext) -> None:
    record_id = ctx.records.enter(new_record(photo=jpeg()), actor=sign_in_as(ctx.users, "admin")).record_id
    gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "clerk1"))
    ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))
    with pytest.raises(DomainError) as caught:
        open_for_editing(ctx.db, record_id)
    assert caught.value.problem.code == "records.sealed" and "主管批准" in caught.value.text("zh")
    with pytest.raises(DomainError) as missing:
        open_for_editing(ctx.db, "no-such-record")
    assert missing.value.problem.code == "records.edit_gone"


def test_saving_an_opened_record_updates_it_in_place_audited(ctx: AppContext) -> None:
    record_id = ctx.records.enter(new_record(RecordState.DRAFT), actor=sign_in_as(ctx.users, "entry1")).record_id
    edit = replace(new_record(RecordState.DRAFT, term="2026秋", phone="13900000000"), record_id=record_id)

    outcome = ctx.records.enter(edit, actor=sign_in_as(ctx.users, "entry2"), source="entry")

    assert (outcome.status, outcome.record_id) == ("updated", record_id) and _count(ctx) == 1
    after = _content(ctx, record_id)
    assert (after["term"], after["phone"], after["state"], after["is_current"]) == ("2026秋", "13900000000",
                                                                                   "draft", True)
    assert _audit(ctx, record_id) == [("record.create", "entry1"), ("record.update", "entry2")]
    assert ctx.records.enter(edit, actor=sign_in_as(ctx.users, "entry2")).status == "unchanged"


def test_an_opened_record_cannot_take_the_id_number_another_record_holds(ctx: AppContext) -> None:
    li_si = ctx.records.enter(new_record(name="李四", id_number=LI_SI, registration_no="26110001000002"),
                              actor=sign_in_as(ctx.users, "admin")).record_id
    record_id = ctx.records.enter(new_record(), actor=sign_in_as(ctx.users, "admin")).record_id
    before_li, before = _content(ctx, li_si), _content(ctx, record_id)

    outcome = ctx.records.enter(replace(new_record(id_number=LI_SI), record_id=record_id), actor=sign_in_as(ctx.users, "entry1"))

    assert (outcome.status, outcome.record_id) == ("refused", li_si)
    assert outcome.problem is not None and "李四" in outcome.problem.text() and "26110001000002" in outcome.problem.text()
    assert _content(ctx, li_si) == before_li and _content(ctx, record_id) == before


def test_an_opened_record_sealed_meanwhile_is_left_alone(ctx: AppContext) -> None:
    record_id = ctx.records.enter(new_record(photo=jpeg()), actor=sign_in_as(ctx.users, "admin")).record_id
    gather_evidence(ctx.records, record_id, actor=sign_in_as(ctx.users, "clerk1"))
    ctx.records.confirm(record_id, actor=sign_in_as(ctx.users, "clerk1"))

    outcome = ctx.records.enter(replace(new_record(phone="13900000000"), record_id=record_id), actor=sign_in_as(ctx.users, "entry1"))

    assert outcome.status == "sealed" and outcome.problem is not None
    assert _content(ctx, record_id)["phone"] == "13800138000"


def test_a_photo_brought_for_a_record_already_held_is_kept(ctx: AppContext) -> None:
    """An import (or the registry) bringing a photo for a record the center already holds: the
    photo's blob goes in before the record points at it (it failed on a foreign key before)."""
    tester = sign_in_as(ctx.users, "tester")
    first = ctx.records.enter(new_record(id_number=ZHANG_SAN), actor=tester).record_id
    again = ctx.records.enter(new_record(photo=jpeg(), phone="13900139000", id_number=ZHANG_SAN), actor=tester)
    assert (again.record_id, again.status) == (first, "updated")
    assert ctx.desk.candidate(first, actor=sign_in_as(ctx.users, "clerk1")).photo == jpeg()
