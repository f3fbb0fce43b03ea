"""The exam page's long jobs: notices, notice files per candidate, room lists, on the general pool.

Kept apart from the page so the page holds widgets only; the job's function holds plain values
(the context, a session code, a path) and reports through its ``ui.jobs.Job``, so it never
touches a widget.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from learncenter.context import AppContext
from learncenter.domain.roles import SignedIn
from learncenter.services import exam_notices
from learncenter.store import device_key
from learncenter.ui.jobs import Job, JobControl


PapersResult = tuple[Any, list[exam_notices.RefusedNotice]]


def paper_job(ctx: AppContext, session_code: str, out: Path, *, actor: SignedIn, kind: str = "pdf",
              parent: QObject | None = None) -> Job[PapersResult]:
    """One job writing a session's papers, for the general pool: progress in notices (or rooms)
    written of all, cancelled between them. ``kind``: "pdf" (all notices in one file), "files"
    (one notice file per candidate in a folder) or "rooms" (sign-in sheets and door lists in a
    folder)."""

    def work(control: JobControl) -> PapersResult:
        printable, refused = exam_notices.notices(ctx.db, ctx.exams, session_code)
        if not printable:
            return None, refused

        def progress(done: int, total: int) -> None:
            control.report(done, total)

        if kind == "rooms":
            from learncenter.documents import room_documents as sheets
            rooms = [sheets.RoomSheetData(r.session_name, r.venue_name, r.room, r.subjects, r.rows)
                     for r in exam_notices.rosters_of(printable, session_code)]
            from learncenter.documents import room_files as files
            return files.write_room_lists(rooms, out, progress=progress, cancelled=control.cancelled), refused
        key = device_key.current_key(ctx.db, actor=actor.name).private_bytes_raw()
        from learncenter.documents import notices as rendering
        write = rendering.write_notice_files if kind == "files" else rendering.write_notices
        return write(printable, out, signing_key=key, progress=progress, cancelled=control.cancelled), refused

    return Job(work, parent)
