"""What an administrator does with accounts: every rule is the service's, whatever the GUI shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.domain.roles import SignedIn
from learncenter.services.users import Account, Role, UserService
from learncenter.services.workstation_facts import workstation_facts
from learncenter.store import audit
from learncenter.store.models import AuditEntry

ADMIN_PASSWORD = "admin password"


@pytest.fixture
def users(ctx: AppContext) -> UserService:
    ctx.users.add_first_admin("admin", password=ADMIN_PASSWORD)
    admin = ctx.users.authenticate("admin", ADMIN_PASSWORD)
    ctx.users.add("clerk1", Role.CLERK, actor=admin, password="clerk password", must_change=False)
    ctx.users.add("boss", Role.SUPERVISOR, actor=admin, password="boss password", must_change=False)
    return ctx.users


@pytest.fixture
def admin(users: UserService) -> SignedIn:
    return users.authenticate("admin", ADMIN_PASSWORD)


def _second_admin(users: UserService, admin: SignedIn) -> SignedIn:
    users.add_account("admin2", Role.ADMIN, actor=admin, password="second admin")
    return users.change_password("admin2", "second admin", "second admin's own")


def _code(call: Callable[[], object]) -> str:
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value.problem.code


def _account(users: UserService, name: str) -> Account:
    admin = users.authenticate("admin", ADMIN_PASSWORD)
    return next(a for a in users.accounts(actor=admin) if a.name == name)


def _actions(ctx: AppContext) -> list[tuple[str, str, str]]:
    with ctx.db.session() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
        return [(e.actor, e.action, e.entity_id) for e in entries]


def test_accounts_list_role_state_and_must_change(ctx: AppContext, users: UserService, admin: SignedIn) -> None:
    users.add_account("entry1", Role.DATA_ENTRY, actor=admin)
    accounts = users.accounts(actor=admin)
    assert [(a.name, a.role, a.active, a.locked_out_until, a.must_change_password) for a in accounts] == [
        ("admin", Role.ADMIN, True, None, False),
        ("boss", Role.SUPERVISOR, True, None, False),
        ("clerk1", Role.CLERK, True, None, False),
        ("entry1", Role.DATA_ENTRY, True, None, True),
    ]


@pytest.mark.parametrize(("who", "refusal"), [
    ("clerk1", "auth.not_permitted"), ("boss", "auth.not_permitted"),
    ("forged admin", "auth.not_signed_in"), ("a name", "auth.not_signed_in"),
])
def test_only_an_active_administrator_manages_users(users: UserService, admin: SignedIn, who: str,
                                                    refusal: str) -> None:
    actor: Any = {
        "clerk1": lambda: users.authenticate("clerk1", "clerk password"),
        "boss": lambda: users.authenticate("boss", "boss password"),
        "forged admin": lambda: SignedIn("admin", Role.ADMIN, False),  # never signed in
        "a name": lambda: "admin",
    }[who]()
    assert _code(lambda: users.accounts(actor=actor)) == refusal
    assert _code(lambda: users.add_account("x1", Role.CLERK, actor=actor)) == refusal
    assert _code(lambda: users.lock("clerk1", actor=actor)) == refusal
    assert _code(lambda: users.unlock("clerk1", actor=actor)) == refusal
    assert _code(lambda: users.reset_password("clerk1", actor=actor)) == refusal
    assert [a.name for a in users.accounts(actor=admin)] == ["admin", "boss", "clerk1"]
    assert users.authenticate("clerk1", "clerk password").name == "clerk1"  # nothing was changed


def test_a_locked_administrator_cannot_manage_users(users: UserService, admin: SignedIn) -> None:
    admin2 = _second_admin(users, admin)  # signed in before the lock: the lock stops them at once
    users.lock("admin2", actor=admin)
    assert _code(lambda: users.unlock("clerk1", actor=admin2)) == "auth.account_inactive"
    assert _code(lambda: users.unlock("admin2", actor=admin2)) == "auth.account_inactive"


def test_add_account_with_a_generated_or_given_password(ctx: AppContext, users: UserService, admin: SignedIn) -> None:
    generated = users.add_account("clerk2", Role.CLERK, actor=admin)
    assert generated.generated and len(generated.password) >= 8
    given = users.add_account("clerk3", Role.CLERK, actor=admin, password="given password")
    assert not given.generated and given.password == "given password"
    for name, password in (("clerk2", generated.password), ("clerk3", "given password")):
        signed = users.authenticate(name, password)
        assert signed.role is Role.CLERK and signed.must_change_password  # an admin knew it: change it
    assert ("admin", "user.add", "clerk2") in _actions(ctx) and ("admin", "user.add", "clerk3") in _actions(ctx)
    assert _code(lambda: users.add_account("clerk2", Role.CLERK, actor=admin)) == "users.exists"
    assert _code(lambda: users.add_account("two words", Role.CLERK, actor=admin)) == "users.name_bad"
    assert _code(lambda: users.add_account("clerk4", Role.CLERK, actor=admin, password="short")) \
        == "users.password_short"


def test_lock_and_unlock_are_audited(ctx: AppContext, users: UserService, admin: SignedIn) -> None:
    users.lock("clerk1", actor=admin)
    assert not _account(users, "clerk1").active
    assert _code(lambda: users.authenticate("clerk1", "clerk password")) == "users.sign_in_failed"
    users.unlock("clerk1", actor=admin)
    assert _account(users, "clerk1").active
    assert users.authenticate("clerk1", "clerk password").name == "clerk1"
    assert _actions(ctx)[-2:] == [("admin", "user.lock", "clerk1"), ("admin", "user.unlock", "clerk1")]
    with ctx.db.session() as session:
        assert audit.verify(session).ok


def test_unlocking_ends_a_lockout_after_wrong_passwords(ctx: AppContext, users: UserService, admin: SignedIn) -> None:
    for _ in range(5):
        with pytest.raises(DomainError):
            users.authenticate("clerk1", "wrong")
    assert _code(lambda: users.authenticate("clerk1", "clerk password")) == "users.sign_in_failed"
    locked = _account(users, "clerk1")
    assert locked.active and locked.locked_out_until == datetime(2026, 3, 1, 9, 45)
    users.unlock("clerk1", actor=admin)
    assert _account(users, "clerk1").locked_out_until is None
    assert users.authenticate("clerk1", "clerk password").name == "clerk1"
    assert ("admin", "user.unlock", "clerk1") in _actions(ctx)


def test_a_lockout_that_ran_out_is_not_listed(ctx: AppContext) -> None:
    now = [datetime(2026, 3, 1, 9, 30, tzinfo=UTC)]
    users = UserService(ctx.db, clock=lambda: now[0])
    users.add_first_admin("admin", password=ADMIN_PASSWORD)
    admin = users.authenticate("admin", ADMIN_PASSWORD)
    users.add("clerk1", Role.CLERK, actor=admin, password="clerk password", must_change=False)
    for _ in range(5):
        with pytest.raises(DomainError):
            users.authenticate("clerk1", "wrong")
    assert _account(users, "clerk1").locked_out_until is not None
    now[0] += timedelta(minutes=16)
    assert _account(users, "clerk1").locked_out_until is None


def test_the_last_active_administrator_is_never_locked(users: UserService, admin: SignedIn) -> None:
    assert _code(lambda: users.lock("admin", actor=admin)) == "users.last_admin"
    admin2 = _second_admin(users, admin)
    assert _code(lambda: users.lock("admin", actor=admin)) == "users.lock_self"
    users.lock("admin", actor=admin2)
    assert _code(lambda: users.lock("admin2", actor=admin2)) == "users.last_admin"
    users.unlock("admin", actor=admin2)
    assert [a.name for a in users.accounts(actor=admin) if a.role is Role.ADMIN and a.active] == ["admin", "admin2"]


def test_unknown_user(users: UserService, admin: SignedIn) -> None:
    assert _code(lambda: users.lock("ghost", actor=admin)) == "users.unknown"
    assert _code(lambda: users.unlock("ghost", actor=admin)) == "users.unknown"
    assert _code(lambda: users.reset_password("ghost", actor=admin)) == "users.unknown"


def test_reset_password_sets_must_change_and_ends_a_lockout(ctx: AppContext, users: UserService, admin: SignedIn) -> None:
    for _ in range(5):
        with pytest.raises(DomainError):
            users.authenticate("clerk1", "wrong")
    reset = users.reset_password("clerk1", actor=admin)
    assert reset.generated and reset.name == "clerk1"
    assert _account(users, "clerk1").must_change_password
    assert _code(lambda: users.authenticate("clerk1", "clerk password")) == "users.sign_in_failed"
    assert users.authenticate("clerk1", reset.password).must_change_password
    given = users.reset_password("clerk1", actor=admin, password="from the admin")
    assert not given.generated and users.authenticate("clerk1", "from the admin").must_change_password
    assert _code(lambda: users.reset_password("clerk1", actor=admin, password="short")) == "users.password_short"
    assert [a for a in _actions(ctx) if a[1] == "user.password_reset"] == [("admin", "user.password_reset", "clerk1")] * 2
    with ctx.db.session() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None and entry.details == {"generated": False}  # never the password itself


def test_a_locked_account_stays_locked_after_a_reset(users: UserService, admin: SignedIn) -> None:
    users.lock("clerk1", actor=admin)
    reset = users.reset_password("clerk1", actor=admin)
    assert not _account(users, "clerk1").active
    assert _code(lambda: users.authenticate("clerk1", reset.password)) == "users.sign_in_failed"


def test_changing_the_password_clears_must_change(users: UserService, admin: SignedIn) -> None:
    reset = users.reset_password("clerk1", actor=admin)
    assert _code(lambda: users.change_password("clerk1", reset.password, reset.password)) == "users.password_same"
    assert _code(lambda: users.change_password("clerk1", "not the old one", "a new password")) == "users.sign_in_failed"
    users.change_password("clerk1", reset.password, "a new password")
    assert not _account(users, "clerk1").must_change_password
    assert not users.authenticate("clerk1", "a new password").must_change_password


def test_workstation_facts(ctx: AppContext, users: UserService, admin: SignedIn) -> None:
    facts = workstation_facts(ctx.db)
    assert facts.encrypted and not facts.demo and facts.records == 0
    assert facts.schema_current and facts.data_dir == ctx.data_dir.root
