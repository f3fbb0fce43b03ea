"""Reading and writing record versions; never commits (the services own transactions)."""

from __future__ import annotations

from collections.abc import Iterable
import dataclasses
import uuid
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from learncenter.domain.candidate import (
    CANDIDATE_FIELDS,
    PAYMENT_FIELDS,
    WHEN_GIVEN_FIELDS,
    CandidateData,
    Gender,
    Level,
    PaymentState,
    PriorEducation,
)
from learncenter.domain.eligibility import Verdict
from learncenter.domain.lifecycle import RecordState
from learncenter.store.models import Blob, OutboxItem, Record, RecordNameKey
from learncenter.store.name_keys import alternative_keys, name_keys


def plain(values: dict[str, Any]) -> dict[str, Any]:
    """Candidate values as a record's content: payment left out while unknown, so that a version
    without payment information has the same content (and digest) as before payment existed
    (the seal digests ``db integrity`` checks, the registry's copies, down-sync's comparison); the
    admission type and exemptions likewise while empty."""
    return {k: v for k, v in values.items()
            if (v is not None or k not in PAYMENT_FIELDS) and (v or k not in WHEN_GIVEN_FIELDS)}


def content(record: Record) -> dict[str, Any]:
    """The candidate data of a version, as plain JSON-able values (for digests and the outbox)."""
    return plain({f: getattr(record, f) for f in CANDIDATE_FIELDS})


def content_of(data: CandidateData) -> dict[str, Any]:
    """The same plain values as :func:`content`, straight from candidate data."""
    values = {f: getattr(data, f) for f in CANDIDATE_FIELDS}
    return plain({k: (v.value if isinstance(v, Enum) else v) for k, v in values.items()})


def candidate_of(record: Record) -> CandidateData:
    values: dict[str, Any] = content(record)
    values["gender"] = Gender(record.gender)
    values["level"] = Level(record.level)
    values["prior_education"] = PriorEducation(record.prior_education) if record.prior_education else None
    values["payment_state"] = PaymentState(record.payment_state) if record.payment_state else None
    return CandidateData(**values)


def keeping_payment(data: CandidateData, state: str | None, day: date | None) -> CandidateData:
    """``data`` with the payment held so far when it brings none: a sheet without payment columns,
    the data-entry form or a correction never erase what the registry or the bank said."""
    if data.payment_state is not None or state is None:
        return data
    return dataclasses.replace(data, payment_state=PaymentState(state), payment_date=day)


def apply_candidate(record: Record, data: CandidateData, *, id_number_entered: str) -> None:
    old_name = record.name  # None on a version being made
    data = keeping_payment(data, record.payment_state, record.payment_date)
    values = content_of(data)
    for name, value in values.items():
        setattr(record, name, value)
    for name in WHEN_GIVEN_FIELDS:  # a correction that takes an exemption away clears it
        if name not in values:
            setattr(record, name, None)
    record.id_number_entered = id_number_entered
    if old_name != data.name:
        record.name_pinyin, record.name_initials = name_keys(data.name)
        record.other_name_keys = [RecordNameKey(kind=kind, key=key) for kind, key in alternative_keys(data.name)]


def new_from_registry(session: Session, data: CandidateData, now: datetime) -> Record:
    """A new pre-registered record (version 1) holding what the registry sent, added to ``session``."""
    record = Record(id=str(uuid.uuid4()), version=1, replaces_id=None, is_current=True,
                    state=RecordState.PRE_REGISTERED.value, source="registry", verdict=None,
                    refusal_reason="", correction_reason="", photo_attempts=0,
                    created_at=now, updated_at=now)
    apply_candidate(record, data, id_number_entered=data.id_number)
    session.add(record)
    return record


def get(session: Session, record_id: str) -> Record | None:
    return session.get(Record, record_id)


def current_by_keys(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Record]:
    """Current versions for many (term, id_number) pairs in one query."""
    wanted = list(keys)
    if not wanted:
        return {}
    stmt = select(Record).where(
        Record.is_current.is_(True), tuple_(Record.term, Record.id_number).in_(wanted)
    )
    return {(r.term, r.id_number): r for r in session.scalars(stmt)}



def count_by_state(session: Session) -> dict[str, int]:
    stmt = select(Record.state, func.count()).where(Record.is_current.is_(True)).group_by(Record.state)
    return {state: n for state, n in session.execute(stmt)}


def count_by_level(session: Session) -> dict[str, int]:
    stmt = select(Record.level, func.count()).where(Record.is_current.is_(True)).group_by(Record.level)
    return {level: n for level, n in session.execute(stmt)}


def iter_current(session: Session, *, chunk: int = 2000) -> Iterable[Record]:
    stmt = (
        select(Record)
        .where(Record.is_current.is_(True))
        .order_by(Record.term, Record.id_number)
        .execution_options(yield_per=chunk)
    )
    yield from session.scalars(stmt)


def enqueue(session: Session, *, kind: str, record: Record, payload: dict[str, Any], now: Any) -> None:
    """Write what the registry must receive, in the caller's transaction (the outbox)."""
    session.add(
        OutboxItem(
            created_at=now, kind=kind, record_id=record.id, record_version=record.version,
            payload=payload, state="pending",
        )
    )


def pending_outbox_count(session: Session) -> int:
    """Sealed versions that have not left yet: not batched, in a batch not sent, or in error."""
    stmt = select(func.count()).select_from(OutboxItem).where(OutboxItem.state.in_(("pending", "batched", "error")))
    return int(session.scalar(stmt) or 0)


def blob_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Blob)) or 0)


def json_ready(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    """The eligibility verdict as the record keeps it (JSON)."""
    return {
        "outcome": verdict.outcome.value,
        "profile_version": verdict.profile_version,
        "rules": [
            {
                "rule": r.rule,
                "result": r.result.value,
                "code": r.problem.code,
                "params": json_ready(dict(r.problem.params)),
            }
            for r in verdict.rules
        ],
    }
