"""A session's room papers and registration forms written to a folder, one file each.

Per room: ``<room>-sign-in.pdf`` (the sheet invigilators check faces against and candidates
sign) and ``<room>-door.pdf`` (the list posted at the door). Per candidate:
``<notice number>-registration.pdf``. Room names are what people type ("第01考场", "Lab 3/B"), so
characters a file system refuses become ``_``; when two venues have a room of the same name,
the venue goes in front so neither file replaces the other.

Like the notice files, everything is rendered into a hidden staging folder and moved into place
at the end: a cancelled or failed run leaves no file, and never half of a room's papers, so the
folder the administrator opens is either the old set or the complete new one.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from learncenter.documents.files import write_failed
from learncenter.documents.fonts import FontSet, cjk_fonts
from learncenter.documents.notice_data import NoticeData
from learncenter.documents.room_documents import (
    RoomSheetData, render_door_list, render_registration_form, render_sign_in_sheet,
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


@dataclass(frozen=True)
class RoomFiles:
    venue: str
    room: str
    candidates: int
    sign_in: Path
    door: Path


@dataclass(frozen=True)
class FilesRun:
    """What a run left in the folder; nothing when it was cancelled."""

    cancelled: bool
    rooms: tuple[RoomFiles, ...] = ()
    forms: tuple[Path, ...] = ()


def file_stem(text: str) -> str:
    """``text`` as a file name on Windows and Linux alike: no separators, no reserved characters,
    no leading dot (a hidden file) and no trailing dot or space (Windows drops them)."""
    stem = _UNSAFE.sub("_", text).strip().strip(".").strip()
    return stem or "_"


def room_stems(rooms: Sequence[RoomSheetData]) -> list[str]:
    """The file name stem of each room, with the venue in front where a room name repeats."""
    names = [file_stem(r.room) for r in rooms]
    stems = [f"{file_stem(r.venue_name)}-{name}" if names.count(name) > 1 else name for r, name in zip(rooms, names)]
    seen: dict[str, int] = {}
    unique = []
    for stem in stems:  # the same room twice in one venue: still one file each
        seen[stem] = seen.get(stem, 0) + 1
        unique.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return unique


def _staged(out_dir: Path, write: Callable[[Path], bool]) -> bool:
    """Run ``write`` into a staging folder inside ``out_dir``; move its files up unless it returns False."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".room-files.", dir=out_dir))
    except OSError as exc:
        raise write_failed(out_dir, exc) from exc
    try:
        if not write(staging):
            return False
        for path in sorted(staging.iterdir()):
            os.replace(path, out_dir / path.name)
        return True
    except OSError as exc:
        raise write_failed(out_dir, exc) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_room_lists(rooms: Sequence[RoomSheetData], out_dir: Path, *, fonts: FontSet | None = None,
                     progress: Progress | None = None, cancelled: Cancelled | None = None) -> FilesRun:
    """The sign-in sheet and the door list of every room; ``progress(rooms done, rooms)``,
    ``cancelled`` is asked before each room."""
    out_dir = Path(out_dir)
    stems = room_stems(rooms)
    if not rooms:
        return FilesRun(False)
    fonts = fonts or cjk_fonts()

    def write(staging: Path) -> bool:
        for done, (room, stem) in enumerate(zip(rooms, stems)):
            if cancelled is not None and cancelled():
                return False
            (staging / f"{stem}-sign-in.pdf").write_bytes(render_sign_in_sheet(room, fonts))
            (staging / f"{stem}-door.pdf").write_bytes(render_door_list(room, fonts))
            if progress is not None:
                progress(done + 1, len(rooms))
        return True

    if not _staged(out_dir, write):
        return FilesRun(True)
    return FilesRun(False, rooms=tuple(
        RoomFiles(room.venue_name, room.room, len(room.rows), out_dir / f"{stem}-sign-in.pdf",
                  out_dir / f"{stem}-door.pdf") for room, stem in zip(rooms, stems)))


def write_registration_forms(notices: Sequence[NoticeData], out_dir: Path, *, fonts: FontSet | None = None,
                             progress: Progress | None = None, cancelled: Cancelled | None = None) -> FilesRun:
    """One registration form per candidate, ``<notice number>-registration.pdf``, in seat order."""
    out_dir = Path(out_dir)
    names = [f"{file_stem(n.notice_number)}-registration.pdf" for n in notices]
    if not notices:
        return FilesRun(False)
    fonts = fonts or cjk_fonts()

    def write(staging: Path) -> bool:
        for done, (notice, name) in enumerate(zip(notices, names)):
            if cancelled is not None and cancelled():
                return False
            (staging / name).write_bytes(render_registration_form(notice, fonts))
            if progress is not None:
                progress(done + 1, len(notices))
        return True

    if not _staged(out_dir, write):
        return FilesRun(True)
    return FilesRun(False, forms=tuple(out_dir / name for name in names))
