"""The client's retry rules, against a scripted registry (an httpx transport answering as told).

The real registry is exercised in ``tests/registry``; here the answers are chosen to pin down
what is retried, how long the link waits, and what reaches the caller.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import httpx
import pytest

from learncenter.protocol import PROTOCOL_HEADER
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import SigningKeyPair
from learncenter.sync.transport import RegistryLink, RetryPolicy
from learncenter.protocol.wire import parse_auth_header

Answer = Callable[[httpx.Request], httpx.Response]


def error(status: int, code: str, **details: object) -> httpx.Response:
    return httpx.Response(status, json={"code": code, "message_zh": "", "message_en": "",
                                        "details": details})


def scripted(answers: list[Answer | Exception], protocol: str | None = "2"
             ) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """Answers in order; each names ``protocol`` as the registry's answers do (None: it names none)."""
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        response = answer(request)
        if protocol is not None and response.status_code < 502:  # a front's 502-504 is not the registry's
            response.headers.setdefault(PROTOCOL_HEADER, protocol)
        return response

    return httpx.MockTransport(handle), seen


def link(transport: httpx.MockTransport, waits: list[float],
         policy: RetryPolicy = RetryPolicy()) -> RegistryLink:
    return RegistryLink("http://registry.test", center_id="11001",
                        key=SigningKeyPair.generate().private, retry=policy,
                        sleep=waits.append, rng=random.Random(7), transport=transport)


PAGE = {"changes": [], "more": False}


def test_server_errors_and_cuts_are_retried_with_full_jitter() -> None:
    transport, seen = scripted([
        lambda r: httpx.Response(503, headers={"Retry-After": "3"}),
        httpx.ConnectError("refused"),
        lambda r: error(500, "unavailable"),
        lambda r: httpx.Response(200, json=PAGE),
    ])
    waits: list[float] = []
    assert link(transport, waits).changes(None) == PAGE
    assert len(seen) == 4 and len(waits) == 3
    assert waits[0] >= 3  # the registry's Retry-After is respected
    assert 0 <= waits[1] <= 2 and 0 <= waits[2] <= 4  # uniform in [0, base * 2^(n-1)]
    stamps = [parse_auth_header(r.headers["Authorization"]).ts for r in seen]
    assert len(set(stamps)) == 4  # never the same signature twice


def test_refusals_are_not_retried() -> None:
    transport, seen = scripted([lambda r: error(401, "revoked_key")])
    with pytest.raises(SyncError) as refused:
        link(transport, []).changes(None)
    assert refused.value.code == "revoked_key" and len(seen) == 1


def test_giving_up_on_a_dead_link_is_unreachable() -> None:
    transport, seen = scripted([httpx.ConnectError("refused")] * 3)
    waits: list[float] = []
    with pytest.raises(SyncError) as gone:
        link(transport, waits, RetryPolicy(max_attempts=3)).changes(None)
    assert gone.value.code == "unreachable" and "ConnectError" in gone.value.text("en")
    assert len(seen) == 3 and len(waits) == 2


def test_backoff_is_capped() -> None:
    policy = RetryPolicy(base=1.0, cap=300.0)
    rng = random.Random(1)
    assert max(policy.delay(30, rng) for _ in range(200)) <= 300.0
    assert max(policy.delay(1, rng) for _ in range(200)) <= 1.0


def test_every_request_names_the_protocol_and_an_answer_in_another_is_refused_at_once() -> None:
    transport, seen = scripted([lambda r: httpx.Response(200, json=PAGE)], protocol="3")
    waits: list[float] = []
    with pytest.raises(SyncError) as refused:
        link(transport, waits).changes(None)
    assert refused.value.code == "unsupported_protocol" and waits == [] and len(seen) == 1
    assert refused.value.problem.params == {"ours": 2, "theirs": "3"}
    assert seen[0].headers[PROTOCOL_HEADER] == "2"
    assert "更新" in refused.value.text("zh") and "update the older" in refused.value.text("en")


def test_a_success_that_names_no_protocol_is_not_taken_for_a_registry_of_this_one() -> None:
    transport, _ = scripted([lambda r: httpx.Response(200, json=PAGE)], protocol=None)
    with pytest.raises(SyncError) as refused:
        link(transport, []).changes(None)
    assert refused.value.code == "unsupported_protocol" and refused.value.problem.params["theirs"] == "1"


def test_a_front_that_answers_for_a_restarting_registry_is_retried_as_before() -> None:
    transport, seen = scripted([lambda r: httpx.Response(502), lambda r: httpx.Response(200, json=PAGE)])
    waits: list[float] = []
    assert link(transport, waits).changes(None) == PAGE and len(seen) == 2 and len(waits) == 1


def test_the_update_manifest_is_fetched_whatever_protocol_the_registry_speaks() -> None:
    """§0 and §15: an update is how two protocols meet again; its manifest is verified with the
    pinned registry key, not trusted for the protocol that carried it."""
    manifest = {"version": "0.2.0", "signature": "..."}
    transport, _ = scripted([lambda r: httpx.Response(200, json={"manifest": manifest})], protocol="3")
    assert link(transport, []).update_manifest() == manifest
