"""The receipts of a run's batches, asked for and applied on a thread of their own.

A batch the registry has received is filed there later (protocol §5, ``Prefer: respond-async``);
its receipt is then applied here, one write per record. Done between two uploads, that write would
hold up the next upload; done after the last one, it adds its whole time to the run. So the run
hands each received batch to a collector, whose thread asks for the receipts in sequence order
(each ask waits at the registry, ``Prefer: wait``) and applies them while the next batches upload.
The upload spends its time waiting on the network, which leaves the process free for the receipts;
the database's write gate keeps their short transactions apart (``store.write_gate``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from learncenter.protocol.errors import SyncError
from learncenter.protocol.wire import RECEIVED
from learncenter.sync.link import RECEIPT_WAIT, Link

Apply = Callable[[str, dict[str, Any]], None]  # (batch id, unverified receipt): verify and apply it
Fail = Callable[[str, OSError | SyncError], None]  # (batch id, why its receipt could not be had)
IDLE_LOOK = 0.2  # seconds between looks at ``cancelled`` while no batch waits for its receipt
MIN_ASK_INTERVAL = 0.5  # seconds between two asks for one receipt, when the registry answers at once


class ReceiptCollector:
    """Collects the receipts of the batches :meth:`add` names, oldest first, until :meth:`finish`.

    ``patience``: seconds without progress (a receipt applied, or the last upload done) after
    which the batches still being filed are left for the next run."""

    def __init__(self, link: Link, apply: Apply, fail: Fail, *, patience: float,
                 cancelled: Callable[[], bool]) -> None:
        self._link, self._apply, self._fail = link, apply, fail
        self._patience, self._cancelled = patience, cancelled
        self._waiting: list[str] = []
        self._uploads_done = False
        self._abandoned = False
        self._since = time.monotonic()
        self._error: BaseException | None = None  # what stopped the thread, raised by finish()
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="sync-receipts", daemon=True)
        self._thread.start()

    def add(self, batch_id: str) -> None:
        """``batch_id`` was received by the registry: collect its receipt."""
        with self._changed:
            self._waiting.append(batch_id)
            self._changed.notify()

    def finish(self) -> list[str]:
        """No batch comes any more: wait until every receipt is applied, the run is cancelled or
        the patience runs out; the batches still being filed (their receipts come next run). What
        went wrong in the thread (a database that fails) is raised here."""
        with self._changed:
            self._uploads_done = True
            self._since = time.monotonic()
            self._changed.notify()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return list(self._waiting)

    def abandon(self) -> None:
        """The run stops on an error of its own: stop at once (the receipts come next run)."""
        with self._changed:
            self._abandoned = self._uploads_done = True
            self._changed.notify()
        self._thread.join()

    def _next(self) -> str | None:
        """The oldest batch waiting for its receipt; None when the collector should stop."""
        with self._changed:
            while not self._waiting and not self._uploads_done and not self._cancelled():
                self._changed.wait(IDLE_LOOK)
            if not self._waiting or self._abandoned or self._cancelled():
                return None
            if self._uploads_done and time.monotonic() - self._since >= self._patience:
                return None
            return self._waiting[0]

    def _run(self) -> None:
        try:
            self._collect()
        except BaseException as error:  # noqa: BLE001 - raised again in the run's own thread by finish()
            self._error = error

    def _collect(self) -> None:
        while (batch_id := self._next()) is not None:
            with self._changed:
                left = self._patience - (time.monotonic() - self._since) if self._uploads_done else RECEIPT_WAIT
            asked = time.monotonic()
            try:
                answer = self._link.receipt(batch_id, wait=max(1.0, min(RECEIPT_WAIT, left)))
            except (OSError, SyncError) as error:
                self._done(batch_id)
                self._fail(batch_id, error)
                continue
            if answer.get("state") == RECEIVED:  # still being filed: ask again
                self._pause(asked + MIN_ASK_INTERVAL - time.monotonic())  # a registry that did not wait
                continue
            self._apply(batch_id, answer)
            self._done(batch_id)

    def _pause(self, seconds: float) -> None:
        """Wait ``seconds`` (if any), or less when the run is abandoned."""
        with self._changed:
            if seconds > 0 and not self._abandoned:
                self._changed.wait(seconds)

    def _done(self, batch_id: str) -> None:
        with self._changed:
            self._waiting.remove(batch_id)
            self._since = time.monotonic()


__all__ = ["ReceiptCollector"]
