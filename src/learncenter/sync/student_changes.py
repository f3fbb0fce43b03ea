"""Student changes in the down-sync pages (issue 14): admissions the registry decided, and its
signed decisions on what the center requested.

An admission makes the student here (status 已录取) unless it is here already, and its event goes
back up so the registry knows the student by the id given here; one this center
cannot take (the person holds another status, or neither a confirmed application nor the personal
data is here) is kept as a conflict with the reason in words. A decision settles the request it
names; one naming a request this center does not have is a conflict too, never applied blind.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from learncenter.domain.candidate import Level
from learncenter.domain.messages import DomainError
from learncenter.domain.student_rules import StudentProfile
from learncenter.services.profiles import load_student_profile
from learncenter.services.student_decisions import apply_decision, decision_from
from learncenter.services.students import Admission, admit
from learncenter.store import reference_data
from learncenter.store.audit import AuditTrail
from learncenter.store.sync_models import SyncConflict

ADMISSION = "admission"
DECISION = "student_decision"
KINDS = frozenset({ADMISSION, DECISION})


def apply(session: Session, audit: AuditTrail, kind: str, key: str, version: int, data: Mapping[str, Any], *,
          profile: Callable[[], StudentProfile], registry: str, now: datetime) -> str:
    """"applied", "unchanged" or "conflicts", like the other kinds of the page. ``profile``: the
    student profile, read once a page (see :func:`profile_reader`)."""
    held = reference_data.get(session, kind, key)
    if held is not None and held.version >= version:
        return "unchanged"
    try:
        if kind == ADMISSION:
            # the admission goes back up: the registry learns the student's id here with it
            admit(session, audit, admission_from(data), profile(), actor=registry, now=now, sync=True)
        else:
            apply_decision(session, audit, decision_from(data), registry=registry)
    except DomainError as error:
        _conflict(session, kind, key, version, {**data, "problem": {lang: error.text(lang) for lang in ("zh", "en")}},
                  "student_refused", now)
        return "conflicts"
    except (KeyError, TypeError, ValueError):
        _conflict(session, kind, key, version, data, "invalid", now)
        return "conflicts"
    reference_data.put(session, kind, key, version, {"applied": True}, now)
    return "applied"


def profile_reader(data_dir: Path | None) -> Callable[[], StudentProfile]:
    """The student profile of ``data_dir``, read the first time a page needs it and kept for the page."""
    return functools.cache(lambda: load_student_profile(data_dir))


def admission_from(data: Mapping[str, Any]) -> Admission:
    birth = data.get("birth_date")
    return Admission(
        term=str(data["term"]), id_number=str(data["id_number"]), level=Level(str(data["level"])),
        major_code=str(data["major_code"]), major_name=str(data["major_name"]),
        programme_length=str(data["programme_length"]), enrolment_date=date.fromisoformat(str(data["enrolment_date"])),
        candidate_no=str(data.get("candidate_no") or ""), name=str(data.get("name") or ""),
        gender=str(data.get("gender") or ""), birth_date=date.fromisoformat(str(birth)) if birth else None)


def _conflict(session: Session, kind: str, key: str, version: int, data: Mapping[str, Any], reason: str,
              now: datetime) -> None:
    session.add(SyncConflict(kind=kind, key=key, version=version, data=dict(data), record_id=None,
                             reason=reason, received_at=now))
