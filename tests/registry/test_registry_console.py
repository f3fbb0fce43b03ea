"""The staff console's service (issue 15), no HTTP: roles refused below the web layer, codes issued
in bulk that enroll, one key revoked, and the centers' and days' figures against batches really
filed (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from registry.conftest import enroll
from registry.material import CenterSide, record
from registry.test_registry_service import caller, send

from learncenter.domain.messages import DomainError
from learncenter.registry.console_accounts import parse_centers
from learncenter.registry.console_figures import day_range
from learncenter.registry.console_store import Staff
from learncenter.registry.keys import RegistryKeys
from learncenter.registry.service import Registry
from learncenter.registry.store import create_schema, make_engine
from learncenter.protocol.errors import SyncError
from learncenter.protocol.keys import b64url
from learncenter.protocol.wire import announce_body, auth_header


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 3, 15, 30, tzinfo=UTC)  # 23:30 in Beijing: the 3rd there

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def desk(db_url: str, keys: RegistryKeys, clock: Clock) -> Iterator[Registry]:
    engine = make_engine(db_url)
    create_schema(engine)
    registry = Registry(engine, keys, now=clock)
    registry.add_console_user("li", "viewer-password", "viewer")
    registry.add_console_user("zhang", "operator-password", "operator")
    yield registry
    engine.dispose()


def staff(desk: Registry, name: str) -> Staff:
    found = desk.staff(name)
    assert found is not None
    return found


def problem_codes(error: pytest.ExceptionInfo[DomainError]) -> list[str]:
    return [problem.code for problem in error.value.problems]


def test_a_viewer_is_refused_below_the_web_layer(desk: Registry) -> None:
    center = enroll(desk, "11001")
    [key] = desk.active_keys(staff(desk, "li"))
    with pytest.raises(DomainError) as error:
        desk.issue_codes(staff(desk, "li"), [("11002", "新中心")])
    assert problem_codes(error) == ["console.not_allowed_codes"] and "operator" in error.value.text("en")
    with pytest.raises(DomainError) as error:
        desk.revoke_key(staff(desk, "li"), key.key_id)
    assert problem_codes(error) == ["console.not_allowed_revoke"]
    assert desk.staff("wang") is None
    for made_up in (Staff("", "operator"), Staff("wang", "operator"), Staff("li", "operator")):
        with pytest.raises(DomainError):  # no such account, or not the role it claims: the database says
            desk.issue_codes(made_up, [("11002", "")])
    with pytest.raises(DomainError):
        desk.center_rows(Staff("wang", "viewer"))
    assert [row.center_id for row in desk.center_rows(staff(desk, "li"))] == ["11001"]  # nothing was made
    assert desk.active_keys(staff(desk, "zhang")) == [key]
    send(desk, center, center.seal([record(1)], desk.keys.encryption.public))  # the key still signs


def test_accounts_sign_in_and_a_role_is_checked_each_time(desk: Registry) -> None:
    zhang = desk.console_sign_in("zhang", "operator-password")
    assert zhang == Staff("zhang", "operator")
    assert desk.console_sign_in("zhang", "viewer-password") is None and desk.console_sign_in("nobody", "x" * 12) is None
    assert desk.console_users() == [("li", "viewer"), ("zhang", "operator")]
    desk.add_console_user("zhang", "operator-password", "viewer")  # demoted: refused from now on
    with pytest.raises(DomainError):
        desk.issue_codes(zhang, [("11002", "")])
    with pytest.raises(DomainError) as error:
        desk.add_console_user("wang", "some-password", "admin")
    assert error.value.problems[0].field == "role" and "viewer" in error.value.text("en")
    with pytest.raises(DomainError) as error:
        desk.add_console_user("wang|x", "some-password", "viewer")
    assert error.value.problems[0].field == "name"


def test_five_wrong_passwords_lock_an_account_for_a_quarter_of_an_hour(desk: Registry, clock: Clock) -> None:
    for _ in range(4):
        assert desk.console_sign_in("zhang", "a wrong password") is None
    assert desk.console_sign_in("zhang", "operator-password") is not None  # four in a row: no lock, counted anew
    for _ in range(5):
        assert desk.console_sign_in("zhang", "a wrong password") is None
    assert desk.console_sign_in("zhang", "operator-password") is None  # locked, the same answer
    assert desk.console_sign_in("li", "viewer-password") is not None  # only that account
    for _ in range(5):
        desk.console_sign_in("li", "a wrong password")
    desk.add_console_user("li", "a new viewer password", "viewer")  # a new password unlocks it
    assert desk.console_sign_in("li", "a new viewer password") is not None
    clock.now += timedelta(minutes=15, seconds=1)
    assert desk.console_sign_in("zhang", "operator-password") == Staff("zhang", "operator")


def test_an_operator_issues_codes_in_bulk_that_enroll(desk: Registry, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="learncenter.registry.console"):
        issued = desk.issue_codes(staff(desk, "zhang"), parse_centers("11001, 北京学习中心\n\n11002，上海学习中心\n11003\n"))
    assert [(item.center_id, item.name) for item in issued] == [
        ("11001", "北京学习中心"), ("11002", "上海学习中心"), ("11003", "")]
    assert len({item.code for item in issued}) == 3
    for item in issued:
        answer = desk.enroll({"code": item.code, "center_public_key": b64url(CenterSide(item.center_id).key.public_raw),
                              "device_name": "d", "client_version": "2.1.0"})
        assert answer["center_id"] == item.center_id
    logged = [json.loads(entry.message) for entry in caplog.records if entry.name == "learncenter.registry.console"]
    assert logged[-1]["actor"] == "zhang" and logged[-1]["action"] == "codes_issued"
    assert logged[-1]["centers"] == ["11001", "11002", "11003"]
    assert not any(item.code in caplog.text for item in issued)  # a code is never logged


def test_bad_center_lines_are_named() -> None:
    with pytest.raises(DomainError) as error:
        parse_centers("11001\n北京,名称\n11001,again\n")
    assert problem_codes(error) == ["console.center_id_bad", "console.center_twice"]
    assert "line 2" in error.value.text("en") and "第 3 行" in error.value.text("zh")
    assert all(problem.field == "centers" for problem in error.value.problems)
    with pytest.raises(DomainError) as error:
        parse_centers("  \n")
    assert problem_codes(error) == ["console.centers_empty"]


def test_a_revoked_key_refuses_the_next_batch(desk: Registry, caplog: pytest.LogCaptureFixture) -> None:
    center, other = enroll(desk, "11001"), enroll(desk, "11002")
    [mine] = [key for key in desk.active_keys(staff(desk, "zhang")) if key.center_id == "11001"]
    with caplog.at_level(logging.INFO, logger="learncenter.registry.console"):
        assert desk.revoke_key(staff(desk, "zhang"), mine.key_id) == "11001"
    assert '"action": "key_revoked"' in caplog.text and mine.key_id in caplog.text
    with pytest.raises(SyncError) as refused:
        desk.import_batch(center.seal([record(1)], desk.keys.encryption.public))
    assert refused.value.code == "revoked_key"
    send(desk, other, other.seal([record(2)], desk.keys.encryption.public))  # the other center is untouched
    with pytest.raises(DomainError) as again:
        desk.revoke_key(staff(desk, "zhang"), mine.key_id)
    assert problem_codes(again) == ["console.key_not_active"]
    rows = {row.center_id: row for row in desk.center_rows(staff(desk, "li"))}
    assert not rows["11001"].active_key and rows["11002"].active_key


def test_figures_of_centers_and_days_from_batches_really_filed(desk: Registry, clock: Clock) -> None:
    center, quiet = enroll(desk, "11001"), enroll(desk, "11002")
    send(desk, center, center.seal([record(3, major_code="12"), record(4), record(5)], desk.keys.encryption.public))
    clock.now += timedelta(hours=1)  # 00:30 of the 4th in Beijing
    send(desk, center, center.seal([record(6, birth_date="2099-01-01")], desk.keys.encryption.public))
    waiting = center.seal([record(7), record(8)], desk.keys.encryption.public)
    desk.announce(caller(center), announce_body(waiting))  # received, never committed
    header = auth_header(center_id="11002", key=quiet.key.private, method="GET", path="/v1/changes", body=b"",
                         now=clock.now)
    desk.authenticate(header, method="GET", path="/v1/changes", body=b"", client_version="2.3.0")

    rows = {row.center_id: row for row in desk.center_rows(staff(desk, "li"))}
    busy = rows["11001"]
    assert (busy.name, busy.accepted, busy.returned, busy.batches_committed) == ("学习中心 11001", 2, 2, 2)
    assert (busy.batches_waiting, busy.entries_waiting, busy.client_version) == (1, 2, "0.1.0")
    assert busy.last_seen == clock.now
    assert rows["11002"].last_seen == clock.now and rows["11002"].client_version == "2.3.0"
    assert (rows["11002"].accepted, rows["11002"].returned, rows["11002"].batches_waiting) == (0, 0, 0)

    days = desk.daily_figures(staff(desk, "li"), date(2026, 12, 2), date(2026, 12, 4))
    shown: list[tuple[Any, ...]] = [(d.day.day, d.batches_received, d.entries_received, d.batches_committed,
                                     d.accepted, d.returned) for d in days]
    assert shown == [(2, 0, 0, 0, 0, 0), (3, 1, 3, 1, 2, 1), (4, 2, 3, 1, 0, 1)]


def test_a_day_range_names_the_field_to_fix() -> None:
    today = date(2026, 12, 4)
    assert day_range("", "", today) == (date(2026, 11, 21), today)
    for first, last, field in (("2026-13-01", "", "from"), ("", "4.12.2026", "to"), ("2026-12-05", "2026-12-01", "from"),
                               ("2024-01-01", "2026-12-01", "from")):
        with pytest.raises(DomainError) as error:
            day_range(first, last, today)
        assert error.value.problems[0].field == field
