"""Making the registry's exam sessions and profiles current at the center (protocol §8).

A down-sync page only stores what it brings (in one transaction with its cursor); an exam
session then becomes a local session through the exam service (whose rule keeps the seats
already given) and an eligibility or photo profile becomes the administrator's copy in
``DATA_DIR/profiles/``. Both are checked with the same readers the center uses for its own
definitions first: a definition that does not read is reported as a problem of the run and
changes nothing, so a bad publication can never break the center's sessions or profiles.

What is still to be made current is found from the stored reference data and a marker per
item (the version last taken or refused), not from the page just applied: a sync stopped
between storing a page and taking its items finishes the work on the next run, every step
can be repeated without effect, and a refused version is reported once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from learncenter.domain.eligibility import EligibilityProfile
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.photo_profile import PhotoProfiles
from learncenter.services.exam_definitions import parse_session
from learncenter.services.exams import ExamService
from learncenter.store import settings
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.exam_models import ExamSession
from learncenter.store.layout import write_atomically
from learncenter.store.sync_models import ReferenceData

SESSION_REJECTED = define(
    "sync.session_rejected",
    zh="登记机构发来的考试安排“{code}”（版本 {version}）有误，未采用：{text_zh}。请联系登记机构改正后重新发布。",
    en="The exam session '{code}' (version {version}) sent by the registry is not valid and was not "
       "taken: {text_en}. Ask the registry to correct and publish it again.",
)
PROFILE_REJECTED = define(
    "sync.profile_rejected",
    zh="登记机构发来的配置“{name}”（版本 {version}）无法读取，未采用，继续使用现有配置：{text_zh}。请联系登记机构。",
    en="The profile '{name}' (version {version}) sent by the registry cannot be read and was not taken; "
       "the current one stays in use: {text_en}. Contact the registry.",
)

# profile key in the down-sync change -> (file in DATA_DIR/profiles, reader that must accept it)
PROFILE_FILES: dict[str, tuple[str, Callable[[Mapping[str, Any]], object]]] = {
    "eligibility": ("eligibility.json", EligibilityProfile.from_dict),
    "photo": ("photo-profiles.json", PhotoProfiles.from_dict),
}
_INSTALLED = "sync.profile_version.{name}"  # settings: registry version of the copy written
_TAKEN = "sync.made_current.{kind}.{key}"  # settings: the version last made current or refused
MADE_CURRENT = ("exam_session", "profile")  # the kinds turned into local sessions and profile files


@dataclass(frozen=True)
class ReferenceChange:
    """A stored exam session or profile, at the version the center has still to make current."""

    kind: str
    key: str
    version: int
    data: dict[str, Any]


@dataclass(frozen=True)
class ProfileInUse:
    """Where a profile in use comes from: the registry's copy (with its version), an
    administrator's own file, or the one shipped with the program."""

    name: str  # eligibility | photo
    version: str  # the eligibility profile's version; the photo profiles' default profile
    source: str  # registry | local | shipped
    registry_version: int | None


def waiting(db: Database) -> list[ReferenceChange]:
    """Stored exam sessions and profiles newer than the version last made current (or refused)."""
    with db.session() as session:
        rows = session.scalars(select(ReferenceData).where(ReferenceData.kind.in_(MADE_CURRENT))
                               .order_by(ReferenceData.updated_at, ReferenceData.kind, ReferenceData.key)).all()
        return [ReferenceChange(row.kind, row.key, row.version, dict(row.data)) for row in rows
                if row.version > int(settings.get(session, _TAKEN.format(kind=row.kind, key=row.key)) or 0)]


def make_current(db: Database, changes: Iterable[ReferenceChange], *, actor: str, data_dir: Path | None,
                 now: datetime) -> list[Problem]:
    """Save each exam session and write each profile in ``changes`` (see :func:`waiting`); the
    problems of those that could not be taken (none is raised; each is reported once). Without
    ``data_dir`` profiles are only kept stored, and wait for a run that has one."""
    problems: list[Problem] = []
    for change in changes:
        if change.kind == "exam_session":
            problem = _session(db, change, actor=actor, now=now)
        elif change.kind == "profile" and data_dir is not None:
            problem = _profile(db, change, actor=actor, data_dir=data_dir, now=now)
        else:
            continue
        with db.session() as session, session.begin():
            settings.put(session, _TAKEN.format(kind=change.kind, key=change.key), str(change.version))
        if problem is not None:
            problems.append(problem)
    return problems


def _session(db: Database, change: ReferenceChange, *, actor: str, now: datetime) -> Problem | None:
    """The term comes with the session (``publish --sessions`` passes ``term`` through); a
    session sent without one keeps the term of the session already held under its code."""
    with db.session() as session:
        held = session.scalars(select(ExamSession).where(ExamSession.code == change.key)).first()
        held_term = held.term if held is not None else None
        if held is not None and held.source == "registry" and (held.registry_version or 0) >= change.version:
            return None
    term = change.data.get("term") if isinstance(change.data.get("term"), str) else None
    try:
        spec = parse_session(_kept_free_as_count(change.data), term=term or held_term or "")
    except DomainError as error:
        return _rejected(SESSION_REJECTED, error, code=change.key, version=change.version)
    if spec.code != change.key:
        return Problem(SESSION_REJECTED, None, {"code": change.key, "version": change.version,
                                                "text_zh": f"编号为“{spec.code}”", "text_en": f"its code is '{spec.code}'"})
    ExamService(db, clock=lambda: now).save_registry_session(spec, registry_version=change.version, by=actor)
    return None


def _kept_free_as_count(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """``publish --sessions`` lists the seats kept free of a room; the center keeps their number
    free (its rooms hold a count, and seating leaves that many seats empty)."""
    venues = data.get("venues")
    if not isinstance(venues, list):
        return data
    return {**data, "venues": [
        {**venue, "rooms": [
            {**room, "seats_kept_free": len(room["seats_kept_free"])}
            if isinstance(room, dict) and isinstance(room.get("seats_kept_free"), list) else room
            for room in venue["rooms"]]}
        if isinstance(venue, dict) and isinstance(venue.get("rooms"), list) else venue
        for venue in venues]}


def _profile(db: Database, change: ReferenceChange, *, actor: str, data_dir: Path,
             now: datetime) -> Problem | None:
    known = PROFILE_FILES.get(change.key)
    if known is None:
        return Problem(PROFILE_REJECTED, None, {"name": change.key, "version": change.version,
                                                "text_zh": "本程序不认识这种配置",
                                                "text_en": "this program does not know that profile"})
    file_name, reader = known
    try:
        reader(change.data)
    except DomainError as error:
        return _rejected(PROFILE_REJECTED, error, name=change.key, version=change.version)
    write_atomically(data_dir / "profiles" / file_name,
                     json.dumps(change.data, ensure_ascii=False, indent=2).encode("utf-8"))
    stamp = now.replace(tzinfo=None)
    with db.session() as session, session.begin():
        settings.put(session, _INSTALLED.format(name=change.key), str(change.version))
        AuditTrail(session).append(actor=actor, action="sync.profile_installed", entity="profile",
                                   entity_id=change.key, details={"version": change.version, "file": file_name},
                                   at=stamp)
    return None


def profiles_in_use(db: Database, data_dir: Path | None, versions: Mapping[str, str]) -> list[ProfileInUse]:
    """For ``sync status``: each profile's origin; a file changed by hand after the registry
    wrote it still counts as the registry's until the next one arrives."""
    result = []
    with db.session() as session:
        for name, (file_name, _reader) in PROFILE_FILES.items():
            local = data_dir is not None and (data_dir / "profiles" / file_name).exists()
            version = settings.get(session, _INSTALLED.format(name=name))
            if local and version:
                result.append(ProfileInUse(name, versions.get(name, ""), "registry", int(version)))
            else:
                result.append(ProfileInUse(name, versions.get(name, ""), "local" if local else "shipped", None))
    return result


def _rejected(message: str, error: DomainError, **params: object) -> Problem:
    """One problem naming the item, with every problem of its definition in both languages."""
    return Problem(message, None, {**params, "text_zh": "；".join(p.text("zh") for p in error.problems),
                                "text_en": "; ".join(p.text("en") for p in error.problems)})
