"""Batch printing of admission notices over every core, cancellable, all or nothing.

The notices are cut into chunks; worker processes (``ProcessPoolExecutor``, which also works
with the spawn start method of Windows: everything a worker gets is plain picklable data and the
worker function lives at module level) each draw a chunk into a partial PDF in a private
temporary folder. The parts are then joined with pypdf into a temporary file beside the output,
renamed over it only at the end. One-file-per-candidate mode writes ``<notice number>.pdf``
files into a staging folder inside the target folder and moves them in only when all are done.

Progress is reported per page: workers put the page counts on a queue that the calling thread
drains. Cancel is an event the workers check before every page (a page takes milliseconds), so
a cancelled run stops within a second; the temporary folder is then removed and no output file
exists, nor any half-written one.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
import shutil
import struct
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from reportlab import rl_config  # type: ignore[import-untyped, unused-ignore]

from learncenter.documents.notice import NOTICE_NO_PHOTO, NOTICE_PHOTO_UNREADABLE, NoticePages, jpeg_size
from learncenter.documents.notice_data import NoticeData
from learncenter.documents.files import write_failed
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.parent_watch import end_with_parent

NOTICE_NUMBER_UNSAFE = define(
    "documents.notice_number_unsafe",
    zh="准考证号“{notice}”不能用作文件名（含有 / \\ : 等字符或重复）。请检查准考证号后重试。",
    en="The notice number \"{notice}\" cannot be a file name (it contains / \\ : or similar, or is repeated). "
    "Check the notice numbers, then try again.",
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
CHUNK_PAGES = 250  # big enough that each part's fonts and template are shared by many pages
_SAFE_NAME = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")


@dataclass(frozen=True)
class NoticeRun:
    written: int  # notices in the output (0 when cancelled: nothing is kept)
    cancelled: bool
    files: tuple[Path, ...]


def refuse_without_photo(notices: Sequence[NoticeData]) -> None:
    """A notice without a photo is never printed: raise naming every such notice number. A
    photo that is not a JPEG is refused here too (its header is read, not the image), so a batch
    never fails half-way through."""
    missing = [n.notice_number for n in notices if n.photo_jpeg is None]
    if missing:
        raise DomainError(Problem(NOTICE_NO_PHOTO, "photo", {"notices": "、".join(missing)}))
    broken = []
    for notice in notices:
        try:
            jpeg_size(notice.photo_jpeg or b"")
        except (ValueError, struct.error, IndexError):
            broken.append(Problem(NOTICE_PHOTO_UNREADABLE, "photo", {"notice": notice.notice_number}))
    if broken:
        raise DomainError(*broken)


IN_PROCESS_PAGES = 400  # up to this many notices, no worker processes


# --- worker side (module level, picklable arguments: works under spawn) --------------------------

_worker_events: Any = None
_worker_progress: Any = None


def _init_worker(cancel_event: Any, progress_queue: Any) -> None:
    """Per worker process: the cancel event and progress queue, and no ASCII85 armour on streams
    (a 7-bit transport encoding nobody needs in a file, done by reportlab in pure Python: a
    quarter of a notice's drawing time). Set here, in our own processes only."""
    global _worker_events, _worker_progress
    rl_config.useA85 = 0
    _worker_events, _worker_progress = cancel_event, progress_queue


def _start_worker(cancel_event: Any, progress_queue: Any) -> None:
    """A worker process's first act: end with the workstation (:mod:`learncenter.parent_watch`),
    then :func:`_init_worker`."""
    end_with_parent()
    _init_worker(cancel_event, progress_queue)


def _stop_requested() -> bool:
    return bool(_worker_events is not None and _worker_events.is_set())


def _report(pages: int) -> None:
    if _worker_progress is not None:
        _worker_progress.put(pages)


def _render_part(notices: Sequence[NoticeData], path: str, key_raw: bytes) -> int:
    """One partial PDF; stops (returning -1, the file removed) when cancel is set."""
    key = Ed25519PrivateKey.from_private_bytes(key_raw)
    with open(path, "wb") as target:
        pages = NoticePages(target, key)
        for notice in notices:
            if _stop_requested():
                break
            pages.add(notice)
            _report(1)
        else:
            pages.save()
            return len(notices)
    os.unlink(path)
    return -1


def _render_files(notices: Sequence[NoticeData], folder: str, key_raw: bytes) -> int:
    """One PDF per notice in ``folder``; stops when cancel is set (the caller drops the folder)."""
    key = Ed25519PrivateKey.from_private_bytes(key_raw)
    for done, notice in enumerate(notices):
        if _stop_requested():
            return -1
        with open(os.path.join(folder, f"{notice.notice_number}.pdf"), "wb") as target:
            pages = NoticePages(target, key, title=f"准考证 {notice.notice_number}")
            pages.add(notice)
            pages.save()
        _report(1)
    return len(notices)


# --- caller side ---------------------------------------------------------------------------------

def _chunks(notices: Sequence[NoticeData], workers: int) -> list[Sequence[NoticeData]]:
    size = max(1, min(CHUNK_PAGES, -(-len(notices) // (workers * 2))))
    return [notices[i:i + size] for i in range(0, len(notices), size)]


class _InProcessCancel:
    """What the render functions ask ``is_set()`` of, answered by the caller's ``cancelled``."""

    def __init__(self, cancelled: Cancelled | None) -> None:
        self._cancelled = cancelled

    def is_set(self) -> bool:
        return bool(self._cancelled is not None and self._cancelled())


class _InProcessTally:
    """What the render functions ``put()`` page counts on, passed straight to ``progress``."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress, self._total, self.done = progress, total, 0

    def put(self, pages: int) -> None:
        self.done += pages
        if self._progress is not None:
            self._progress(min(self.done, self._total), self._total)


def _run_here(jobs: list[tuple[Callable[..., int], tuple[Any, ...]]], total: int,
              progress: Progress | None, cancelled: Cancelled | None) -> bool:
    """A small run in this process: starting workers (a second each, loading the fonts again)
    costs more than the pages take (300 notices: 1.5 s here, 2.9 s over two workers)."""
    global _worker_events, _worker_progress
    saved = (_worker_events, _worker_progress, rl_config.useA85)
    _init_worker(_InProcessCancel(cancelled), _InProcessTally(progress, total))
    try:
        return all(fn(*args) >= 0 for fn, args in jobs)
    finally:
        _worker_events, _worker_progress, rl_config.useA85 = saved


def _run(jobs: list[tuple[Callable[..., int], tuple[Any, ...]]], total: int, workers: int | None,
         progress: Progress | None, cancelled: Cancelled | None, start_method: str | None) -> bool:
    """Run the jobs over a process pool; True when all finished, False when cancelled."""
    if total <= IN_PROCESS_PAGES and start_method is None:
        return _run_here(jobs, total, progress, cancelled)
    context = multiprocessing.get_context(start_method)  # None: the platform's default
    cancel_event = context.Event()
    progress_queue = context.Queue()
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    done_pages = 0

    def drain() -> None:
        nonlocal done_pages
        got = 0
        while True:
            try:
                got += progress_queue.get_nowait()
            except queue.Empty:
                break
        if got:
            done_pages += got
            if progress is not None:
                progress(min(done_pages, total), total)

    stopped = False
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                             initargs=(cancel_event, progress_queue)) as pool:
        pending: set[Future[int]] = {pool.submit(fn, *args) for fn, args in jobs}
        try:
            while pending:
                if cancelled is not None and cancelled():
                    stopped = True
                    cancel_event.set()
                    for future in pending:
                        future.cancel()
                    break
                finished, pending = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
                for future in finished:
                    future.result()  # a worker's exception is the caller's
                drain()
        except BaseException:
            cancel_event.set()
            for future in pending:
                future.cancel()
            raise
    drain()
    progress_queue.close()
    return not stopped


def _key_bytes(signing_key: bytes) -> bytes:
    Ed25519PrivateKey.from_private_bytes(signing_key)  # a wrong key fails here, not in a worker
    return signing_key


def write_notices(notices: Sequence[NoticeData], out: Path, *, signing_key: bytes, workers: int | None = None,
                  progress: Progress | None = None, cancelled: Cancelled | None = None,
                  start_method: str | None = None) -> NoticeRun:
    """All ``notices`` in one PDF at ``out`` (replaced only by a complete new file).

    Raises DomainError naming the notices without a photo before anything is drawn.
    ``start_method`` forces a multiprocessing start method ("spawn" in tests, as on Windows).
    """
    refuse_without_photo(notices)
    key = _key_bytes(signing_key)
    out = Path(out)
    if not notices:
        return NoticeRun(0, False, ())
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as exc:
        raise write_failed(out, exc) from exc
    try:
        chunks = _chunks(notices, workers or os.cpu_count() or 1)
        parts = [work / f"part{index:05d}.pdf" for index in range(len(chunks))]
        jobs: list[tuple[Callable[..., int], tuple[Any, ...]]] = [
            (_render_part, (list(chunk), str(part), key)) for chunk, part in zip(chunks, parts)]
        if not _run(jobs, len(notices), workers, progress, cancelled, start_method):
            return NoticeRun(0, True, ())
        joined = work / "joined.pdf"
        if not _join(parts, joined, cancelled):
            return NoticeRun(0, True, ())
        os.replace(joined, out)
        return NoticeRun(len(notices), False, (out,))
    except OSError as exc:
        raise write_failed(out, exc) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _join(parts: Sequence[Path], out: Path, cancelled: Cancelled | None) -> bool:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        if cancelled is not None and cancelled():
            return False
        writer.append(str(part))
    with open(out, "wb") as target:
        writer.write(target)
        target.flush()
        os.fsync(target.fileno())
    return True


def write_notice_files(notices: Sequence[NoticeData], out_dir: Path, *, signing_key: bytes,
                       workers: int | None = None, progress: Progress | None = None,
                       cancelled: Cancelled | None = None, start_method: str | None = None) -> NoticeRun:
    """One PDF per notice, ``<notice number>.pdf`` in ``out_dir``; all appear together at the end,
    replacing files of the same name, or none (cancel, error)."""
    refuse_without_photo(notices)
    key = _key_bytes(signing_key)
    out_dir = Path(out_dir)
    numbers = [n.notice_number for n in notices]
    bad = [n for n in numbers if not _SAFE_NAME.match(n)] or [n for n in set(numbers) if numbers.count(n) > 1]
    if bad:
        raise DomainError(*(Problem(NOTICE_NUMBER_UNSAFE, "notice_number", {"notice": n}) for n in bad))
    if not notices:
        return NoticeRun(0, False, ())
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".notices.", dir=out_dir))
    except OSError as exc:
        raise write_failed(out_dir, exc) from exc
    try:
        chunks = _chunks(notices, workers or os.cpu_count() or 1)
        jobs: list[tuple[Callable[..., int], tuple[Any, ...]]] = [
            (_render_files, (list(chunk), str(staging), key)) for chunk in chunks]
        if not _run(jobs, len(notices), workers, progress, cancelled, start_method):
            return NoticeRun(0, True, ())
        files = []
        for number in numbers:
            target = out_dir / f"{number}.pdf"
            os.replace(staging / f"{number}.pdf", target)
            files.append(target)
        return NoticeRun(len(files), False, tuple(files))
    except OSError as exc:
        raise write_failed(out_dir, exc) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
