"""What ``learncenter-registry publish`` reads: pre-registrations, majors, exam sessions and
the eligibility and photo profiles.

Each published item becomes a down-sync change (protocol §8) in the shape the center applies.
Pre-registrations come as a sheet (XLSX, or CSV in UTF-8 or GBK/GB18030, as Excel and WPS save
it), one candidate per row, headed by the field names or their Chinese labels, with an optional
``center_id`` column (empty: for every center). Every row is checked with the domain's
:func:`~learncenter.domain.validation.validate_candidate`; a sheet with any bad row publishes
nothing, so the centers never receive half of a list. A profile is read with the domain's own
reader (the one every center uses) before it is published, so a center never receives one it
cannot use.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from learncenter.domain.candidate import CANDIDATE_FIELDS, PAYMENT_FIELDS, WHEN_GIVEN_FIELDS, CandidateData
from learncenter.domain.codes import FIELD_LABELS
from learncenter.domain.eligibility import EligibilityProfile
from learncenter.domain.identity_documents import shown_number
from learncenter.domain.messages import DomainError, Problem
from learncenter.domain.photo_profile import PhotoProfiles
from learncenter.domain.validation import validate_candidate

CENTER_COLUMN = "center_id"
_HEADERS = {**{name: name for name in CANDIDATE_FIELDS},
            **{label.zh: name for name, label in FIELD_LABELS.items() if name in CANDIDATE_FIELDS},
            CENTER_COLUMN: CENTER_COLUMN, "学习中心代码": CENTER_COLUMN}

Item = tuple[str | None, str, str, dict[str, Any]]


class PublishError(Exception):
    """The input cannot be published; ``problems`` are (row number or None, problem)."""

    def __init__(self, problems: list[tuple[int | None, Problem | str]]) -> None:
        super().__init__(str(problems[0][1]))
        self.problems = problems


def read_rows(path: Path, extra_headers: Mapping[str, str] | None = None) -> list[dict[str, object]]:
    """The sheet's rows as {field: value}; unknown columns are ignored. ``extra_headers`` names
    columns beyond the candidate fields (heading -> field)."""
    headers = {**_HEADERS, **(extra_headers or {})}
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook  # only this command needs it

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            values = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    else:
        data = path.read_bytes()
        text = None
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            raise PublishError([(None, "encoding")])
        values = [list(row) for row in csv.reader(io.StringIO(text))]
    if not values:
        return []
    header = [headers.get(str(cell).strip()) if cell is not None else None
              for cell in values[0]]
    rows = []
    for raw in values[1:]:
        if all(cell is None or str(cell).strip() == "" for cell in raw):
            continue
        rows.append({name: (cell if not isinstance(cell, str) else cell.strip())
                     for name, cell in zip(header, raw) if name is not None
                     and cell is not None and cell != ""})
    return rows


def candidate_json(candidate: CandidateData) -> dict[str, Any]:
    """The candidate fields as JSON: dates ISO ``YYYY-MM-DD``, enums by value (protocol §8);
    payment, the admission type and exemptions only when the sheet gave them, as a center stores a
    record's content."""
    result: dict[str, Any] = {}
    for name in CANDIDATE_FIELDS:
        value = getattr(candidate, name)
        if (value is None and name in PAYMENT_FIELDS) or (not value and name in WHEN_GIVEN_FIELDS):
            continue
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, date):
            value = value.isoformat()
        result[name] = value
    return result


def pre_registration_items(rows: list[dict[str, object]], *,
                           today: date | None = None) -> list[Item]:
    today = today or datetime.now(UTC).date()
    items: list[Item] = []
    problems: list[tuple[int | None, Problem | str]] = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        center = row.pop(CENTER_COLUMN, None)
        result = validate_candidate(row, today=today)
        if result.candidate is None:
            problems.extend((number, problem) for problem in result.problems)
            continue
        data = candidate_json(result.candidate)
        items.append((str(center) if center not in (None, "") else None, "pre_registration",
                      f"{data['term']}/{data['id_number']}", data))
    if problems:
        raise PublishError(problems)
    return items


MATERIAL_KINDS = ("photo", "id_front", "id_back", "passport_photo_page", "diploma", "chsi_form", "cert_report")
MATERIAL_SUFFIXES = (".jpg", ".jpeg", ".png", ".pdf")
MATERIAL_LIMIT = 5 * 1024 * 1024


def attach_materials(items: list[Item], folder: Path) -> list[tuple[str | None, str, bytes]]:
    """The photos and scans candidates submitted online, found as ``folder/<number>/<kind>.<ext>``
    (the number as printed on the document, the kind one of :data:`MATERIAL_KINDS`): each
    pre-registration that has some names them by SHA-256 under ``materials``; returned as
    (center, SHA-256, bytes) for the registry to keep for that center."""
    found: list[tuple[str | None, str, bytes]] = []
    for center, kind, _key, data in items:
        if kind != "pre_registration":
            continue
        place = folder / shown_number(str(data["id_number"]))
        if not place.is_dir():
            continue
        materials: dict[str, str] = {}
        for path in sorted(place.iterdir()):
            if path.stem not in MATERIAL_KINDS or path.suffix.lower() not in MATERIAL_SUFFIXES:
                continue
            content = path.read_bytes()
            if len(content) > MATERIAL_LIMIT:
                raise PublishError([(None, f"{path}: larger than {MATERIAL_LIMIT // (1024 * 1024)} MB")])
            sha256 = hashlib.sha256(content).hexdigest()
            materials[path.stem] = sha256
            found.append((center, sha256, content))
        if materials:
            data["materials"] = materials
    return found


def read_json_list(path: Path) -> list[dict[str, Any]]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise PublishError([(None, str(error))]) from error
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise PublishError([(None, "a JSON list of objects is expected")])
    return value


def major_items(entries: list[dict[str, Any]]) -> list[Item]:
    items: list[Item] = []
    for index, entry in enumerate(entries):
        data = {name: entry.get(name) for name in ("code", "name", "level")}
        if not all(isinstance(value, str) and value for value in data.values()):
            raise PublishError([(index + 1, "a major needs text code, name and level")])
        items.append((None, "major", str(data["code"]), data))
    return items


def session_items(entries: list[dict[str, Any]]) -> list[Item]:
    items: list[Item] = []
    for index, entry in enumerate(entries):
        if not _session_ok(entry):
            raise PublishError([(index + 1, "an exam session needs code, name, exam_category, "
                                            "subjects and venues with an address and rooms")])
        data = {
            "code": entry["code"], "name": entry["name"], "exam_category": entry["exam_category"],
            "subjects": [{name: subject[name] for name in ("subject", "day", "start", "end")}
                         for subject in entry["subjects"]],
            "venues": [{"code": venue["code"], "name": venue["name"],
                        "address": venue["address"],
                        "rooms": [{"code": room["code"], "name": room["name"],
                                   "capacity": room["capacity"],
                                   "layout_columns": room["layout_columns"],
                                   "seats_kept_free": list(room.get("seats_kept_free", []))}
                                  for room in venue["rooms"]]}
                       for venue in entry["venues"]],
        }
        if isinstance(entry.get("term"), str) and entry["term"]:
            data["term"] = entry["term"]  # the enrolment term whose candidates sit it (§8)
        items.append((None, "exam_session", str(entry["code"]), data))
    return items


PROFILE_READERS = {"eligibility": EligibilityProfile.from_dict, "photo": PhotoProfiles.from_dict}


def profile_item(name: str, path: Path) -> Item:
    """The profile file ``path`` as the down-sync change ``profile``/``name`` (for every center)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise PublishError([(None, str(error))]) from error
    if not isinstance(value, dict):
        raise PublishError([(None, "a profile is one JSON object")])
    try:
        PROFILE_READERS[name](value)
    except DomainError as error:
        raise PublishError([(None, problem) for problem in error.problems]) from error
    return (None, "profile", name, value)


def _session_ok(entry: Mapping[str, Any]) -> bool:
    texts = ("code", "name", "exam_category")
    if not all(isinstance(entry.get(name), str) and entry[name] for name in texts):
        return False
    subjects, venues = entry.get("subjects"), entry.get("venues")
    if not isinstance(subjects, list) or not isinstance(venues, list):
        return False
    for subject in subjects:
        if not (isinstance(subject, dict) and all(
                isinstance(subject.get(name), str) for name in ("subject", "day", "start", "end"))):
            return False
    for venue in venues:
        if not (isinstance(venue, dict) and isinstance(venue.get("code"), str)
                and isinstance(venue.get("name"), str) and isinstance(venue.get("rooms"), list)
                and isinstance(venue.get("address"), str) and venue["address"].strip()):
            return False
        for room in venue["rooms"]:
            if not (isinstance(room, dict) and isinstance(room.get("code"), str)
                    and isinstance(room.get("name"), str)
                    and isinstance(room.get("capacity"), int)
                    and isinstance(room.get("layout_columns"), int)
                    and isinstance(room.get("seats_kept_free", []), list)):
                return False
    return True
