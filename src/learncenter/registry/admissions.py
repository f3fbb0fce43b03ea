"""What ``learncenter-registry publish --admissions FILE`` reads: the admission results (录取名单).

One admitted candidate per row (XLSX, or CSV in UTF-8 or GBK/GB18030), headed by field names or
their Chinese labels, with the programme length (学制), the enrolment date (入学日期) and an
optional ``center_id`` (学习中心代码). A sheet with any bad row publishes nothing. Each row
becomes a down-sync change ``admission`` for its center, which makes the student there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from learncenter.domain.codes import parse_gender, parse_level
from learncenter.domain.idnumber import parse_id_number
from learncenter.domain.messages import DomainError, Problem
from learncenter.domain.student_rules import parse_programme_length
from learncenter.domain.validation import parse_date
from learncenter.registry.publish import CENTER_COLUMN, Item, PublishError, read_rows

EXTRA_HEADERS = {"招生批次": "term", "批次": "term", "入学批次": "term", "层次": "level", "专业": "major_name",
                 "学制": "programme_length", "programme_length": "programme_length",
                 "入学日期": "enrolment_date", "enrolment_date": "enrolment_date",
                 "考生号": "candidate_no", "candidate_no": "candidate_no"}
NEEDED = ("term", "id_number", "level", "major_code", "major_name", "programme_length", "enrolment_date")


def admission_items(path: Path, *, today: date | None = None) -> list[Item]:
    today = today or datetime.now(UTC).date()
    rows = read_rows(path, EXTRA_HEADERS)
    items: list[Item] = []
    problems: list[tuple[int | None, Problem | str]] = []
    for number, row in enumerate(rows, start=2):
        center = row.pop(CENTER_COLUMN, None)
        missing = [name for name in NEEDED if row.get(name) in (None, "")]
        if missing:
            problems.append((number, f"missing {', '.join(missing)}"))
            continue
        try:
            data = _admission(row, today)
        except DomainError as error:
            problems.extend((number, problem) for problem in error.problems)
            continue
        items.append((str(center) if center not in (None, "") else None, "admission",
                      f"{data['term']}/{data['id_number']}/{data['major_code']}", data))
    if problems:
        raise PublishError(problems)
    return items


def _day(value: object, field: str) -> str:
    return (value if isinstance(value, date) else parse_date(value, field)).isoformat()


def _admission(row: dict[str, object], today: date) -> dict[str, Any]:
    data: dict[str, Any] = {
        "term": str(row["term"]), "id_number": parse_id_number(str(row["id_number"]), today=today).value,
        "level": parse_level(row["level"]).value, "major_code": str(row["major_code"]),
        "major_name": str(row["major_name"]),
        "programme_length": str(parse_programme_length(row["programme_length"])),
        "enrolment_date": _day(row["enrolment_date"], "enrolment_date"),
        "candidate_no": str(row.get("candidate_no") or ""),
    }
    if row.get("name"):
        data["name"] = str(row["name"])
    if row.get("gender"):
        data["gender"] = parse_gender(row["gender"]).value
    if row.get("birth_date"):
        data["birth_date"] = _day(row["birth_date"], "birth_date")
    return data
