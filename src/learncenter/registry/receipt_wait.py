"""A receipt request that waits for its batch's filing (protocol §5, ``Prefer: wait=N``): woken
from the filer's thread when this process files the batch, looking again every second for filers
elsewhere, so a center collecting receipts asks once per wait instead of polling."""

from __future__ import annotations

import asyncio

WAIT_DOC = "`wait=N`: while the batch waits to be filed, wait up to N seconds (at most 20) for its receipt"
RECEIPT_LOOK = 1.0  # how often a waiting receipt request looks whether another process filed its batch
MAX_WAIT = 20.0


class Filings:
    """Receipt requests waiting for their batch to be filed, woken from the filer's thread."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting: dict[str, list[asyncio.Future[None]]] = {}

    async def wait(self, batch_id: str, timeout: float) -> None:
        """Until ``batch_id`` is filed here, or ``timeout`` seconds."""
        self._loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = self._loop.create_future()
        self._waiting.setdefault(batch_id, []).append(future)
        try:
            await asyncio.wait_for(future, max(0.0, timeout))
        except TimeoutError:
            pass
        finally:
            waiting = self._waiting.get(batch_id, [])
            if future in waiting:
                waiting.remove(future)
            if not waiting:
                self._waiting.pop(batch_id, None)

    def filed(self, batch_id: str) -> None:
        """From any thread: ``batch_id`` was filed."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake, batch_id)

    def _wake(self, batch_id: str) -> None:
        for future in self._waiting.pop(batch_id, []):
            if not future.done():
                future.set_result(None)


def wait_preference(prefer: str | None) -> float:
    """The seconds of a ``Prefer: wait=N`` (RFC 7240), at most :data:`MAX_WAIT`; 0 without one."""
    for part in (prefer or "").split(","):
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "wait" and value.strip().isdigit():
            return min(MAX_WAIT, float(value.strip()))
    return 0.0
