"""A misbehaving network between the client and the registry, on 127.0.0.1.

An asyncio HTTP/1.1 proxy that reads each request whole and then, as its plan says, passes it
on, delays it, answers 500 itself, cuts the connection half-way through the request (the
registry never sees it complete), cuts it after the registry answered (the registry acted, the
client never hears), or sends it to the registry twice and answers with the first reply. Every
request goes to the registry on its own connection with ``Connection: close`` and the client's
connection is closed after the answer, so the proxy needs no HTTP framing beyond the request
head and ``Content-Length``.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter
from collections.abc import Callable

ACTIONS = ("pass", "delay", "error500", "drop_request", "drop_response", "duplicate")
Plan = Callable[[int, str, str], str]  # (request number, method, path) -> action


def storm(seed: int, calm: float = 0.5) -> Plan:
    """A seeded random plan: ``calm`` of the requests pass, the rest share the faults."""
    rng = random.Random(seed)
    faults = ACTIONS[1:]

    def plan(_number: int, _method: str, _path: str) -> str:
        return "pass" if rng.random() < calm else rng.choice(faults)

    return plan


def passing(_number: int, _method: str, _path: str) -> str:
    return "pass"


class FaultProxy:
    def __init__(self, upstream_port: int, plan: Plan = passing, delay: float = 0.1) -> None:
        self.upstream_port = upstream_port
        self.plan = plan
        self.delay = delay
        self.port = 0
        self.actions: Counter[str] = Counter()
        self._requests = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> int:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        self.port = future.result(10)
        return self.port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _listen(self) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return int(self._server.sockets[0].getsockname()[1])

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await _read_request(reader)
            if request is None:
                return
            head, body = request
            method, path = head.split(b" ", 2)[:2]
            self._requests += 1
            action = self.plan(self._requests, method.decode(), path.decode())
            self.actions[action] += 1
            raw = _closing(head) + body
            if action == "delay":
                await asyncio.sleep(self.delay)
            if action == "error500":
                writer.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n"
                             b"Connection: close\r\n\r\n")
                await writer.drain()
                return
            if action == "drop_request":
                await self._forward(raw[:len(head) + len(body) // 2], complete=False)
                return
            answer = await self._forward(raw)
            if action == "duplicate":
                await self._forward(raw)
            if action == "drop_response":
                return
            writer.write(answer)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _forward(self, raw: bytes, complete: bool = True) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        try:
            writer.write(raw)
            await writer.drain()
            if not complete:
                return b""
            return await reader.read(-1)
        finally:
            writer.close()


async def _read_request(reader: asyncio.StreamReader) -> tuple[bytes, bytes] | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return head, body


def _closing(head: bytes) -> bytes:
    """The request head with ``Connection: close`` (one request per upstream connection)."""
    lines = [line for line in head[:-4].split(b"\r\n")
             if not line.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n"
