"""What an admission notice (准考证) shows, as plain data (DOMAIN §6).

Services fill it from the store; the renderers in ``documents`` draw it; the QR payload is built
from it. Keeping it free of the database means a notice can be rendered in a worker process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time


@dataclass(frozen=True)
class SubjectSlot:
    """One row of the notice's timetable."""

    subject: str
    day: date
    start: time
    end: time


@dataclass(frozen=True)
class NoticeData:
    notice_number: str  # from the center's number block, unique across centers
    name: str
    gender: str  # the label to print (男 / 女)
    id_number: str
    photo_jpeg: bytes | None  # the standard photo as stored: embedded without re-encoding
    level: str  # label to print, e.g. 专科起点本科
    major: str
    exam_category: str
    center_name: str
    session_code: str
    session_name: str
    venue_name: str
    venue_address: str
    room: str
    seat: str  # the seat label of the plan: "7", or "2-3" (row-column) when rooms have a layout
    subjects: tuple[SubjectSlot, ...]
    rules: tuple[str, ...]  # candidate rules printed at the bottom, one paragraph each
    record_id: str = ""
    exempt: tuple[tuple[str, str], ...] = ()  # (subject, kind of exemption) the candidate does not sit
