"""The exam page's long jobs: notices, notice files per candidate, room lists, on the general pool.

Kept apart from the page so the page holds widgets only; the job holds plain values (the context,
a session code, a path) and reports through a queued signal, so it never touches a widget.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from learncenter.domain.roles import SignedIn
from learncenter.context import AppContext
from learncenter.services import exam_notices
from learncenter.store import device_key


class PaperRun(QObject):
    """One job writing a session's papers: a callable for the general pool, with progress and a
    cancel flag. ``kind``: "pdf" (all notices in one file), "files" (one notice file per
    candidate in a folder) or "rooms" (sign-in sheets and door lists in a folder).

    Create it on the GUI thread and connect ``progress`` to a widget's method; the signal is
    then queued onto the GUI thread while the callable runs on a worker.
    """

    progress = Signal(int, int)  # notices (or rooms) written, in all

    def __init__(self, ctx: AppContext, session_code: str, out: Path, *, actor: SignedIn, kind: str = "pdf",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._code, self._out, self._actor, self.kind = ctx, session_code, out, actor, kind
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def __call__(self) -> tuple[Any, list[exam_notices.RefusedNotice]]:
        printable, refused = exam_notices.notices(self._ctx.db, self._ctx.exams, self._code)
        if not printable:
            return None, refused
        if self.kind == "rooms":
            from learncenter.documents import room_documents as sheets
            rooms = [sheets.RoomSheetData(r.session_name, r.venue_name, r.room, r.subjects, r.rows)
                     for r in exam_notices.rosters_of(printable, self._code)]
            from learncenter.documents import room_files as files
            return files.write_room_lists(rooms, self._out, progress=self.progress.emit,
                                          cancelled=self._cancel.is_set), refused
        key = device_key.current_key(self._ctx.db, actor=self._actor.name).private_bytes_raw()
        from learncenter.documents import notices as rendering
        write = rendering.write_notice_files if self.kind == "files" else rendering.write_notices
        run = write(printable, self._out, signing_key=key, progress=self.progress.emit, cancelled=self._cancel.is_set)
        return run, refused
