"""The review desk's pages do their argon2 and database work off the server's event loop: a
reviewer signing in does not hold up the centers' requests to the same process."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest

from learncenter.registry.app import create_app
from learncenter.registry.service import Registry


def test_a_reviewer_signing_in_does_not_hold_up_another_request(registry: Registry,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    registry.add_reviewer("wang", "review-password")
    checking, answered = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}
    check = registry.check_reviewer

    def check_while_another_request_comes(name: str, password: str) -> bool:
        checking.set()
        # the health request is answered while this sign-in is still being checked; were the
        # check on the event loop, that request could not be, and this wait would end without it
        outcome["answered meanwhile"] = answered.wait(10)
        return check(name, password)

    monkeypatch.setattr(registry, "check_reviewer", check_while_another_request_comes)

    async def both() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=create_app(registry))
        async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as client:
            login = asyncio.create_task(client.post("/review/login", data={"name": "wang",
                                                                           "password": "review-password"}))
            while not checking.is_set() and not login.done():
                await asyncio.sleep(0.01)
            health = await client.get("/v1/health")
            answered.set()
            return await login, health

    login, health = asyncio.run(both())
    assert health.status_code == 200
    assert outcome["answered meanwhile"] is True
    assert login.status_code == 303 and login.headers["location"] == "/review"
