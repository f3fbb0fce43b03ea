"""The workstation's helper process: the heavy work of a desk, away from the window (issue 12).

Reading an ID card needs RapidOCR, ONNX Runtime, OpenCV and two models (about 200 MB while a card
is read); the photo pipeline needs OpenCV and numpy (about 50 MB); a receipt needs reportlab and
the parsed CJK font (about 60 MB); a password hash takes 64 MiB while it is made or checked
(:mod:`learncenter.services.password_hashing`). Done in the workstation's process, each stayed
there for the rest of the day after its first use (the hash's for a moment, at the day's busiest).
They run instead in one process of their own (``spawn``: the same on Windows and Linux), started
with the first of them (the sign-in) and ended once nothing was asked of it for
:data:`IDLE_SECONDS`, which gives all of it back. The work goes there through a pipe, never a file,
and its result comes back the same way.

If that process dies (a crash in a native library), the work is tried once more in a new one; if
that dies too, :class:`HelperLost` says so to the clerk (the record is untouched: nothing is
stored before the result is back), and the log says which work it was, without its data. If the
workstation dies instead, the helper ends with it (:mod:`learncenter.parent_watch`).
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.util
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.parent_watch import end_with_parent

IDLE_SECONDS = 300.0
"""The helper's process ends when nothing was asked of it for this long: a clerk at the desk reads
a card and takes a photo every few minutes and keeps it warm (its first card loads the models,
about a second); a desk left for a break gives its memory back."""

ATTEMPTS = 2

HELPER_LOST = define(
    "helper.lost",
    zh="后台处理进程意外结束，这一步没有完成（已保存的内容不受影响）：请再做一次；如果再次发生，请重新启动 learncenter。",
    en="The helper process ended unexpectedly and this step was not done (nothing saved is affected): "
    "do it again; if it happens again, restart learncenter.",
)

_log = logging.getLogger(__name__)
T = TypeVar("T")


class HelperLost(DomainError):
    """The helper's process died twice on the same work."""


class HelperProcess:
    """One helper process at a time, started on demand and ended when idle."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS) -> None:
        self._idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._busy = 0
        self._timer: threading.Timer | None = None
        _helpers.add(self)

    def run(self, fn: Callable[..., T], *args: Any, field: str | None = None) -> T:
        """``fn(*args)`` in the helper's process; its exceptions are raised here. ``fn`` and the
        arguments must pickle: a module's function (which imports what it needs when called, so
        the caller never does), plain values. :class:`HelperLost` (about ``field``) if the process
        died on it twice."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self._call(fn, *args)
            except BrokenProcessPool:
                _log.error("the helper process ended unexpectedly during %s (attempt %d of %d)",
                           getattr(fn, "__name__", "?"), attempt, ATTEMPTS)
        raise HelperLost(Problem(HELPER_LOST, field))

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
                # its first act: end with the workstation, or a pool's worker waits for work for ever
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=end_with_parent)
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
        """End the helper's process now (the workstation closing)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            pool, self._pool, self._timer = self._pool, None, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


_helpers: weakref.WeakSet[HelperProcess] = weakref.WeakSet()


def _close_all() -> None:
    for each in list(_helpers):
        each.close()


# Every helper ends before multiprocessing's own exit closes the queues a pool talks through (its
# finalizers of priority 10 and below): a process that is itself a multiprocessing child runs that
# exit before Python's, and waited for ever for its helper's process otherwise.
multiprocessing.util.Finalize(None, _close_all, exitpriority=100)

helper = HelperProcess()
"""The workstation's helper: one process for every desk of this process."""
