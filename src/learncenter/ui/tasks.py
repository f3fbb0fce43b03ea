"""Running work off the GUI thread and getting the result back on it.

Three lanes. The desk's database writes go to a pool of one thread (the writer), so they run
one after the other in the order the clerk made them. Work that waits on the registry (a sync
run) goes to a lane of its own, also one thread: it must not hold the writer while it waits
on the network, or a seal would wait for an upload. Its database writes are short transactions
that, like every write transaction of the process, take the database's write gate
(``store.write_gate``) for their own duration only, so they never meet the writer's in SQLite.
Photo processing, PDF rendering and reads go to a general pool.

The function never touches widgets: it gets plain values and returns plain values, and the
callback runs on the GUI thread. Tests construct ``Tasks`` with ``synchronous=True`` so each
function runs at once, in order, on the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn, self._relay = fn, relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - delivered to the GUI thread, which decides
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


class Tasks:
    def __init__(self, *, synchronous: bool = False) -> None:
        self.synchronous = synchronous
        self._writer = QThreadPool()
        self._writer.setMaxThreadCount(1)
        self._network = QThreadPool()
        self._network.setMaxThreadCount(1)
        self._pool = QThreadPool()
        self._relays: set[_Relay] = set()

    def write(self, fn: Callable[[], Any], done: Callable[[Any], None],
              failed: Callable[[Exception], None]) -> None:
        """A database write of the desk, run by the writer in the order submitted."""
        self._submit(self._writer, fn, done, failed)

    def network(self, fn: Callable[[], Any], done: Callable[[Any], None],
                failed: Callable[[Exception], None]) -> None:
        """Work that waits on the registry and writes in short transactions (a sync run), run
        one at a time beside the writer, never on it."""
        self._submit(self._network, fn, done, failed)

    def work(self, fn: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[Exception], None]) -> None:
        """Image, document or read-only work, run in the general pool."""
        self._submit(self._pool, fn, done, failed)

    def _submit(self, pool: QThreadPool, fn: Callable[[], Any], done: Callable[[Any], None],
                failed: Callable[[Exception], None]) -> None:
        if self.synchronous:
            try:
                result = fn()
            except Exception as exc:  # noqa: BLE001
                failed(exc)
            else:
                done(result)
            return
        relay = _Relay()
        self._relays.add(relay)

        def finish(result: object) -> None:
            self._relays.discard(relay)
            done(result)

        def fail(exc: object) -> None:
            self._relays.discard(relay)
            failed(exc if isinstance(exc, Exception) else RuntimeError(str(exc)))

        relay.finished.connect(finish)
        relay.failed.connect(fail)
        pool.start(_Job(fn, relay))

    def wait(self) -> None:
        """Block until all submitted work is done (closing the window, tests)."""
        self._writer.waitForDone()
        self._network.waitForDone()
        self._pool.waitForDone()
