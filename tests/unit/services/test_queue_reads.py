"""The queue's reads check who is reading, below the GUI: a page is names and ID numbers."""

from __future__ import annotations

import pytest

from candidates import new_record
from learncenter.context import AppContext
from learncenter.domain.lifecycle import RecordState
from learncenter.domain.messages import DomainError
from learncenter.domain.roles import Role, SignedIn
from learncenter.services.queue_reads import QueueReads
from actors import sign_in_as

WAITING = [RecordState.PRE_REGISTERED.value]


def _reads(ctx: AppContext) -> QueueReads:
    ctx.records.enter_many([new_record(RecordState.PRE_REGISTERED)], actor=sign_in_as(ctx.users, "admin"),
                           source="entry")
    return QueueReads(ctx.db)


def test_a_clerk_reads_the_list_a_page_at_a_time(ctx: AppContext) -> None:
    reads, clerk = _reads(ctx), sign_in_as(ctx.users, "clerk1")
    assert reads.count(WAITING, actor=clerk) == 1
    (row,) = reads.page(WAITING, actor=clerk)
    assert reads.find(row.name, [], actor=clerk) == [row]


def test_nobody_a_made_up_user_or_a_locked_account_reads_nothing(ctx: AppContext) -> None:
    reads, clerk = _reads(ctx), sign_in_as(ctx.users, "clerk1")
    forged = SignedIn("clerk1", Role.CLERK, False)  # not issued by a sign-in
    admin = sign_in_as(ctx.users, "admin")
    ctx.users.lock("clerk1", actor=admin)
    for actor in (None, forged, clerk):
        with pytest.raises(DomainError):
            reads.count(WAITING, actor=actor)  # type: ignore[arg-type]
        with pytest.raises(DomainError):
            reads.page(WAITING, actor=actor)  # type: ignore[arg-type]
        with pytest.raises(DomainError):
            reads.find("张", [], actor=actor)  # type: ignore[arg-type]


def test_a_correction_starts_from_a_sealed_record_only_for_who_may_correct(ctx: AppContext) -> None:
    from candidates import gather_evidence, jpeg

    reads, clerk = _reads(ctx), sign_in_as(ctx.users, "clerk1")
    (row,) = reads.page(WAITING, actor=clerk)
    assert ctx.records.sealed_content(row.record_id, actor=clerk) == {}  # not sealed yet
    ctx.records.attach_photo(row.record_id, jpeg(), actor=clerk)
    gather_evidence(ctx.records, row.record_id, actor=clerk)
    ctx.records.confirm(row.record_id, actor=clerk, acknowledge_review=True)
    assert ctx.records.sealed_content(row.record_id, actor=clerk)["name"] == row.name
    with pytest.raises(DomainError):
        ctx.records.sealed_content(row.record_id, actor=sign_in_as(ctx.users, "entry1"))  # data entry may not
