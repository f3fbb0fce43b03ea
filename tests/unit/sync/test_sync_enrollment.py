"""Enrollment: the answer verified, keys pinned, re-enrollment rotating the device key."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from unit.sync.in_process_registry import CENTER_ID, CODE, URL, InProcessRegistry

from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.store import device_key, reference_data, settings
from learncenter.store.models import AuditEntry
from learncenter.sync import pins
from learncenter.sync.enrollment import enroll, verify_answer
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import SigningKeyPair, b64url, public_raw
from learncenter.protocol.signing import sign_object
from actors import sign_in_as


def _enroll(ctx: AppContext, send: Any) -> Any:
    return enroll(ctx.db, send, url=URL, code=CODE, device_name="desk-1", client_version="test", actor=sign_in_as(ctx.users, "tester"))


def test_enrollment_pins_the_registry_and_learns_the_center(ctx: AppContext, registry: InProcessRegistry) -> None:
    result = _enroll(ctx, registry.enroll)
    assert (result.center_id, result.registry_key_id, result.again) == (CENTER_ID, registry.sign.key_id, False)
    assert result.number_block == (260000001, 260099999)
    with ctx.db.session() as session:
        pinned = pins.require(session)
        assert (pinned.signing_key, pinned.encryption_key) == (registry.sign.public_raw, registry.enc.public_raw)
        assert settings.get(session, settings.CENTER_NAME) == "九江学习中心"
        assert reference_data.number_block(session) == (260000001, 260099999)
        assert device_key.current_key_id(session) == result.device_key_id
        assert session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq.desc())).first() == "sync.enrolled"
    assert registry.center_public is not None and public_raw(registry.center_public) == public_raw(
        device_key.current_key(ctx.db).public_key())


def test_a_badly_signed_answer_is_refused_and_nothing_pinned(ctx: AppContext, registry: InProcessRegistry) -> None:
    def tampered(url: str, **kwargs: Any) -> dict[str, Any]:
        answer = registry.enroll(url, **kwargs)
        return {**answer, "center_id": "11002"}

    with pytest.raises(SyncError) as caught:
        _enroll(ctx, tampered)
    assert caught.value.code == "bad_signature"
    with ctx.db.session() as session:
        assert pins.read(session) is None


def test_an_answer_carrying_another_key_than_it_was_signed_with_is_refused(registry: InProcessRegistry) -> None:
    intruder = SigningKeyPair.generate()
    answer = registry.enroll(URL, code=CODE, center_public=intruder.public_raw, device_name="x", client_version="t")
    body = {k: v for k, v in answer.items() if k not in ("key_id", "signature")}
    with pytest.raises(SyncError):
        verify_answer({**sign_object(intruder.private, body)})  # names the registry's key, signed by another
    resigned = sign_object(intruder.private, {**body, "registry_signing_key": b64url(intruder.public_raw)})
    assert verify_answer(resigned)["center_id"] == CENTER_ID  # self-consistent: the key id comparison decides
    with pytest.raises(DomainError) as caught:
        verify_answer(resigned, pinned_signing_key=registry.sign.public_raw)
    assert caught.value.problem.code == "sync.registry_key_changed"


def test_re_enrollment_rotates_the_device_key_and_is_audited(ctx: AppContext, registry: InProcessRegistry) -> None:
    first = _enroll(ctx, registry.enroll)
    again = _enroll(ctx, registry.enroll)
    assert again.again and again.device_key_id != first.device_key_id
    assert registry.revoked and registry.center_public is not None
    with ctx.db.session() as session:
        keys = device_key.public_keys(session)
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
    assert [k.key_id for k in keys] == [first.device_key_id, again.device_key_id] and keys[0].retired_at
    assert actions.count("device_key.created") == 2 and actions[-1] == "sync.reenrolled"


def test_a_wrong_code_changes_nothing(ctx: AppContext, registry: InProcessRegistry) -> None:
    with pytest.raises(SyncError) as caught:
        enroll(ctx.db, registry.enroll, url=URL, code="WRONG", device_name="d", client_version="t", actor=sign_in_as(ctx.users, "admin"))
    assert caught.value.code == "bad_code"
    with ctx.db.session() as session:
        assert pins.read(session) is None


def test_re_enrollment_reseals_batches_that_never_left_with_the_new_key(
        center: AppContext, engine: Any, registry: InProcessRegistry) -> None:
    from unit.sync.in_process_registry import TERMS, confirmed_record

    from learncenter.store.sync_models import SyncBatch

    confirmed_record(center, TERMS[0])
    assert engine.build() == 1
    with center.db.session() as session:
        old_batch = session.scalars(select(SyncBatch.batch_id)).one()
    _enroll(center, registry.enroll)  # the keyring was lost: enroll again, new device key
    report = engine.run(registry)  # the registry knows only the new key now
    assert report.ok and (report.built, report.accepted) == (1, 1)
    with center.db.session() as session:
        assert [b.sequence for b in session.scalars(select(SyncBatch))] == [1]
        assert session.get(SyncBatch, old_batch) is None
