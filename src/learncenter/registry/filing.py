"""Filing the records of a batch being committed: each accepted, or rejected with its reason
in both languages (an invalid candidate, a conflicting version, the same person confirmed at
another center first). One record never blocks the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from learncenter.domain.bounded_json import JsonRefused, load_json
from learncenter.domain.messages import Problem, render
from learncenter.domain.validation import validate_candidate
from learncenter.registry import messages as msg
from learncenter.registry.store import Person, PersonAlias, RegistryRecord
from learncenter.registry.student_filing import PREFIX as STUDENT_PREFIX
from learncenter.registry.student_filing import file_student_events
from learncenter.registry.vault import DataKey
from learncenter.protocol.envelope import record_part_name

_CONFIRMING_KINDS = ("confirmed", "corrected")


def person_digest(vault: DataKey, term: str, id_number: str) -> str:
    """Who a record is about, for the duplicate check: one application per term and person.
    Keyed: the ID numbers of a term are few enough to hash them all and match a plain hash."""
    return vault.lookup(f"{term}\n{id_number}")


def payload_place(record_id: str, version: int) -> str:
    """What a sealed payload is bound to: its record version."""
    return f"records.payload/{record_id}/{version}"


class Checked(NamedTuple):
    """A record of a batch as its bytes alone judge it, before the database is asked anything:
    its payload, the domain's problems with it, who it is about and its payload sealed for
    keeping (None when it cannot be filed)."""

    record: Mapping[str, Any]
    payload: Any
    problems: tuple[Problem, ...]
    person: str | None
    sealed: str | None


def check_records(vault: DataKey, manifest: Mapping[str, Any], payloads: Mapping[str, bytes],
                  today: date) -> list[Checked]:
    """Each of the batch's records (not the student events) checked, keyed and sealed: the part of
    filing that needs no database, so that it can run before the filing's transaction begins."""
    checked = []
    for record in manifest["records"]:
        record_id, version = record["record_id"], record["version"]
        if str(record_id).startswith(STUDENT_PREFIX):
            continue
        text = payloads[record_part_name(record_id, version)]
        try:
            payload = load_json(text)
        except JsonRefused:  # signed and hashed by the center, still not trusted: invalid
            payload = None
        problems = check_payload(payload, str(record.get("kind", "")), today)
        if problems:
            checked.append(Checked(record, payload, problems, None, None))
            continue
        person = person_digest(vault, str(payload["candidate"]["term"]), str(payload["candidate"]["id_number"]))
        checked.append(Checked(record, payload, problems, person,
                               vault.seal_text(text.decode(), payload_place(record_id, version))))
    return checked


def file_records(session: Session, vault: DataKey, center_id: str, batch_id: str,
                 manifest: Mapping[str, Any], payloads: Mapping[str, bytes],
                 now: datetime, checked: list[Checked] | None = None) -> list[dict[str, Any]]:
    """Each record accepted or rejected with its reason; one record never blocks others.

    ``checked``: the records as :func:`check_records` judged them (made here when not given).
    What the batch needs from the database (earlier versions, persons already confirmed)
    is read in two queries and the new rows are written in one multi-row insert per table, so a
    filing costs a few round trips rather than several per record, and no ORM object per record.
    """
    students = [record for record in manifest["records"] if str(record["record_id"]).startswith(STUDENT_PREFIX)]
    student_results = file_student_events(session, vault, center_id, batch_id, students, payloads, now) \
        if students else []
    if checked is None:
        checked = check_records(vault, manifest, payloads, now.date())
    ids = [entry.record["record_id"] for entry in checked]
    existing = {(row.record_id, row.version): row for row in session.scalars(
        select(RegistryRecord).where(RegistryRecord.record_id.in_(ids)))} if ids else {}
    aliases = _aliases(session, [entry.person for entry in checked if entry.person is not None])
    checked = [entry._replace(person=aliases.get(entry.person, entry.person)) if entry.person else entry
               for entry in checked]
    wanted = [entry.person for entry in checked if entry.person is not None]
    claims = {claim.person: _Claim(claim.center_id, claim.confirmed_at) for claim in session.scalars(
        select(Person).where(Person.person.in_(wanted)))} if wanted else {}
    new_claims: list[dict[str, Any]] = []
    new_records: list[dict[str, Any]] = []

    results: list[dict[str, Any]] = []
    for record, payload, problems, person, sealed in checked:
        record_id, version = record["record_id"], record["version"]
        head = {"record_id": record_id, "version": version}
        earlier = existing.get((record_id, version))
        if earlier is not None:
            if earlier.content_hash == record["content_hash"] and \
                    earlier.center_id == center_id:
                results.append({**head, "status": "accepted"})
            else:
                results.append(_rejected(head, msg.CONFLICT, record_id=record_id,
                                         version=version))
            continue
        if problems or payload is None or person is None or sealed is None:
            results.append(_rejected(head, msg.INVALID_RECORD, problems=problems))
            continue
        kind = str(record.get("kind", ""))
        if kind in _CONFIRMING_KINDS:
            claim = claims.get(person)
            if claim is not None and claim.center_id != center_id:
                candidate = payload["candidate"]
                results.append(_rejected(
                    head, msg.DUPLICATE_PERSON, id_tail=str(candidate["id_number"])[-4:],
                    term=candidate["term"], other_center=claim.center_id,
                    confirmed_at=aware(claim.confirmed_at).date().isoformat()))
                continue
            if claim is None:
                claims[person] = _Claim(center_id, now)
                new_claims.append({"person": person, "center_id": center_id, "record_id": record_id,
                                   "confirmed_at": now})
        new_records.append({
            "record_id": record_id, "version": version, "center_id": center_id,
            "batch_id": batch_id, "kind": kind, "content_hash": record["content_hash"],
            "payload": sealed,
            "person": person, "status": "accepted", "accepted_at": now})
        results.append({**head, "status": "accepted"})
    # set-based: one multi-row insert per table, no ORM object per record
    if new_claims:
        session.execute(insert(Person), new_claims)
    if new_records:
        session.execute(insert(RegistryRecord), new_records)
    return results + student_results


class _Claim(NamedTuple):
    """Who holds a person: the center and when it was confirmed there."""

    center_id: str
    confirmed_at: datetime


def _aliases(session: Session, persons: list[str]) -> dict[str, str]:
    """The digest each of ``persons`` is filed under when the registry knows it as another key
    of the same person (PersonAlias)."""
    if not persons:
        return {}
    rows = session.scalars(select(PersonAlias).where(PersonAlias.alias.in_(persons)))
    return {row.alias: row.person for row in rows}


def same_person(session: Session, vault: DataKey, term: str, first: str, second: str, now: datetime) -> bool:
    """File the person key ``second`` under the person ``first`` belongs to (for ``term``); False
    when it is filed there already. Both are record keys (``store.records`` ``id_number``)."""
    canonical = person_digest(vault, term, first)
    canonical = _aliases(session, [canonical]).get(canonical, canonical)
    alias = person_digest(vault, term, second)
    if alias == canonical:
        return False
    row = session.get(PersonAlias, alias)
    if row is not None and row.person == canonical:
        return False
    if row is None:
        session.add(PersonAlias(alias=alias, person=canonical, noted_at=now))
    else:
        row.person, row.noted_at = canonical, now
    for linked in session.scalars(select(PersonAlias).where(PersonAlias.person == alias)):
        linked.person = canonical  # whatever was filed under the second key follows it
    return True


def _rejected(head: Mapping[str, Any], code: str, **params: Any) -> dict[str, Any]:
    """A rejection with its reason in both languages; problem lists are rendered per language."""
    reasons = {}
    for lang, separator in (("zh", "；"), ("en", "; ")):
        rendered = {name: separator.join(f"{p.text(lang)} [{p.code}]" for p in value)
                    if isinstance(value, tuple) else value for name, value in params.items()}
        reasons[f"reason_{lang}"] = render(f"registry.{code}", rendered, lang)
    return {**head, "status": "rejected", "code": code, **reasons}


def check_payload(payload: object, kind: str, today: date) -> tuple[Problem, ...]:
    """The domain's problems with a record's candidate data; empty when it may be filed.

    A refusal carries the data as the clerk found it, so only confirming kinds must validate;
    every kind must still name its candidate (term and ID number) to be filed.
    """
    candidate = payload.get("candidate") if isinstance(payload, dict) else None
    if not isinstance(candidate, dict) or not isinstance(candidate.get("term"), str) \
            or not isinstance(candidate.get("id_number"), str):
        return (Problem("registry.invalid_payload"),)
    if kind not in _CONFIRMING_KINDS:
        return ()
    return validate_candidate(candidate, today=today).problems


def aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
