"""The ID card reader's own process (issue 12).

Reading a card needs RapidOCR, ONNX Runtime, OpenCV and two models: about 200 MB while a card is
read, most of it kept for as long as the process lives. In the workstation's process that was
the largest part of its memory for the rest of the day after the first card. The reading runs
instead in a process of its own (``spawn``: the same on Windows and Linux), started with the
first card and ended once no card was read for :data:`IDLE_SECONDS`, which gives all of it back.
The scan goes to it through a pipe, never a file; its text comes back the same way. If that
process dies (a crash in a native library), the card is read once more by a new one; if that
fails too, nothing is read and the clerk compares the card by eye, as with a PDF scan.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

IDLE_SECONDS = 300.0
"""The reader's process ends when no card was read for this long: a clerk at the desk reads a card
every few minutes and keeps it warm (its first read loads the models, about a second); a desk left
for a break gives its memory back."""

_log = logging.getLogger(__name__)
T = TypeVar("T")


def _read(data: bytes, fields_read: Callable[[list[str]], int], wanted: int) -> list[str]:
    """In the reader's process: card_ocr (OpenCV, RapidOCR) is imported here, never by the caller."""
    from learncenter.media.card_ocr import read_card

    return read_card(data, fields_read, wanted)


class CardReader:
    """One reader process at a time, started on demand and ended when idle."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS) -> None:
        self._idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._busy = 0
        self._timer: threading.Timer | None = None

    def read(self, data: bytes, fields_read: Callable[[list[str]], int], wanted: int) -> list[str]:
        """The lines of a card scan (``card_ocr.read_card``), read in the reader's process.
        ``fields_read`` must pickle (a module's function, or a ``partial`` of one). ValueError if
        the scan is not an image."""
        for attempt in (1, 2):
            try:
                return self._call(_read, data, fields_read, wanted)
            except BrokenProcessPool:
                _log.error("the card reader's process ended unexpectedly (attempt %d of 2)", attempt)
        return []

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        future, broken = self._submit(fn, *args), False
        try:
            return future.result()
        except BrokenProcessPool:
            broken = True
            raise
        finally:
            self._done(broken=broken)

    def _submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            self._busy += 1
            try:
                return self._pool.submit(fn, *args)
            except BrokenProcessPool:
                self._busy -= 1
                self._discard()
                raise

    def _done(self, *, broken: bool = False) -> None:
        with self._lock:
            self._busy -= 1
            if broken:
                self._discard()
            elif self._busy == 0 and self._pool is not None:
                self._timer = threading.Timer(self._idle_seconds, self._end_if_idle)
                self._timer.daemon = True
                self._timer.start()

    def _end_if_idle(self) -> None:
        with self._lock:
            if self._busy or self._pool is None:
                return
            pool, self._pool, self._timer = self._pool, None, None
        pool.shutdown(wait=True)

    def _discard(self) -> None:
        """Forget a broken pool (lock held); its process is gone already."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """End the reader's process now (the workstation closing)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            pool, self._pool, self._timer = self._pool, None, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


reader = CardReader()
"""The workstation's reader: one process for every desk of this process."""


def read_card(data: bytes, fields_read: Callable[[list[str]], int], wanted: int) -> list[str]:
    """:meth:`CardReader.read` on the workstation's reader."""
    return reader.read(data, fields_read, wanted)
