"""Users and roles of the workstation."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.permissions import Permission, allows
from learncenter.domain.roles import Role as Role
from learncenter.domain.roles import SignedIn as SignedIn
from learncenter.services.authorization import issue, require
from learncenter.services.password_hashing import Hasher, HelperHasher
from learncenter.store.audit import AuditTrail
from learncenter.store.database import Database
from learncenter.store.models import User

USER_EXISTS = define("users.exists", zh="用户 {name} 已存在。", en="User {name} already exists.")
USER_NAME_BAD = define(
    "users.name_bad",
    zh="用户名须为 1–64 个字符，不含空格。",
    en="A user name has 1 to 64 characters and no spaces.",
)
PASSWORD_SHORT = define(
    "users.password_short",
    zh="密码至少需要 {min} 个字符。",
    en="A password needs at least {min} characters.",
)
NOT_A_SUPERVISOR = define(
    "users.not_supervisor",
    zh="{name} 不是在用的主管账号，不能批准更正。",
    en="{name} is not an active supervisor and cannot approve a correction.",
)
# One sentence for an unknown name, a wrong password and a locked account, so that neither the
# sign-in nor a supervisor's approval tells a stranger which user names exist.
SIGN_IN_FAILED = define(
    "users.sign_in_failed",
    zh="用户名或密码不正确，或该账号因多次输错密码已暂时锁定（{minutes} 分钟后再试，或请管理员解锁）。",
    en="The user name or password is not right, or the account is locked for a while after too many "
    "wrong passwords (try again in {minutes} minutes, or ask an administrator to unlock it).",
)
FIRST_USER_ADMIN = define(
    "users.first_admin",
    zh="还没有任何用户：第一个用户必须是管理员，由他再添加其他用户。",
    en="There are no users yet: the first user must be an administrator, who then adds the others.",
)
USER_UNKNOWN = define("users.unknown", zh="没有用户 {name}。", en="There is no user {name}.")
LAST_ADMIN = define(
    "users.last_admin",
    zh="{name} 是最后一个在用的管理员账号，不能锁定：否则再没有人能管理用户。",
    en="{name} is the last active administrator and cannot be locked: nobody could manage users any more.",
)
LOCK_SELF = define(
    "users.lock_self",
    zh="不能锁定自己正在使用的账号；请另一位管理员操作。",
    en="You cannot lock the account you are signed in with; another administrator can.",
)
PASSWORD_SAME = define(
    "users.password_same",
    zh="新密码不能与原密码相同。",
    en="The new password must differ from the old one.",
)
MIN_PASSWORD = 8
# argon2id at the library's recommended cost (RFC 9106), in the helper process; the test suite lowers
# the cost and keeps it in its own process (tests/conftest.py).
make_hasher: Callable[[], Hasher] = HelperHasher
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class Account:
    """A user as an administrator sees it (never the password hash)."""

    name: str
    role: Role
    active: bool  # False: locked by an administrator until one unlocks it
    locked_out_until: datetime | None  # still locked after too many wrong passwords (naive UTC)
    must_change_password: bool


@dataclass(frozen=True)
class PasswordReset:
    name: str
    password: str  # the one given, or a generated one to hand over once
    generated: bool


@dataclass(frozen=True)
class UserAdded:
    name: str
    role: Role
    password: str  # the one given, or a generated one to hand over once
    generated: bool


class UserService:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or (lambda: datetime.now(UTC))
        self._hasher = make_hasher()

    def add_first_admin(self, name: str, *, password: str | None = None) -> UserAdded:
        """The first administrator of a new database, made explicitly; refused once any user exists."""
        return self._add(name, Role.ADMIN, actor=None, password=password, must_change=None)

    def add(self, name: str, role: Role, *, actor: SignedIn, password: str | None = None,
            must_change: bool | None = None) -> UserAdded:
        """An administrator adds a user (from the command line, which signs in, or the demo set-up);
        by default only a generated password must be changed at first sign-in."""
        return self._add(name, role, actor=actor, password=password, must_change=must_change)

    def add_account(self, name: str, role: Role, *, actor: SignedIn, password: str | None = None) -> UserAdded:
        """An administrator adds a user; the new user chooses their own password at first sign-in."""
        return self._add(name, role, actor=actor, password=password, must_change=True)

    def _add(self, name: str, role: Role, *, actor: SignedIn | None, password: str | None,
             must_change: bool | None) -> UserAdded:
        name = check_new_account(name, password)
        generated = password is None
        if password is None:
            password = _generated_password()
        now = self._now()
        with self._db.session() as session, session.begin():
            if actor is not None:
                by = require(session, actor, Permission.USERS)
            elif role is not Role.ADMIN or session.scalar(select(func.count()).select_from(User)):
                raise DomainError(Problem(FIRST_USER_ADMIN, "role"))
            else:
                by = name
            if session.scalar(select(User.id).where(User.name == name)) is not None:
                raise DomainError(Problem(USER_EXISTS, "name", {"name": name}))
            user = User(
                name=name, role=role.value, password_hash=self._hasher.hash(password),
                must_change_password=generated if must_change is None else must_change,
                active=True, failed_logins=0, created_at=now,
            )
            session.add(user)
            AuditTrail(session).append(
                actor=by, action="user.add", entity="user", entity_id=name,
                after={"name": name, "role": role.value}, at=now,
            )
        return UserAdded(name, role, password, generated)

    def authenticate(self, name: str, password: str) -> SignedIn:
        """Sign a user in; repeated failures lock the account for a while (audited).

        The same sentence answers an unknown name, a wrong password and a locked account, so the
        dialog does not tell a stranger which user names exist.
        """
        user = self._check(name, password, action="user.sign_in_failed")
        return issue(user.name, Role(user.role), must_change_password=user.must_change_password)

    def approve(self, name: str, password: str) -> str:
        """A supervisor's approval: their own name and password, checked here with the lockout and
        audit of a sign-in. Returns the name."""
        user = self._check(name, password, action="user.approval_failed")
        if not allows(Role(user.role), Permission.APPROVE):
            raise DomainError(Problem(NOT_A_SUPERVISOR, "supervisor", {"name": user.name}))
        return user.name

    def _check(self, name: str, password: str, *, action: str) -> User:
        """The user whose password this is; a wrong one counts towards the lockout (audited), and
        every failure says the same sentence."""
        now = self._now()
        failed = DomainError(Problem(SIGN_IN_FAILED, "password", {"minutes": LOCKOUT.seconds // 60}))
        with self._db.session() as session, session.begin():
            user = session.scalar(select(User).where(User.name == name.strip()))
            if user is None or not user.active:
                self._hasher.hash(password)  # the same time as a known name: no probing by timing
                raise failed
            if user.locked_until is not None and user.locked_until > now:
                raise failed
            if self._verify(user.password_hash, password):
                user.failed_logins, user.locked_until = 0, None
                session.expunge(user)
                return user
            user.failed_logins += 1
            audit = AuditTrail(session)
            audit.append(actor=user.name, action=action, entity="user", entity_id=user.name,
                         details={"failures": user.failed_logins}, at=now)
            if user.failed_logins >= MAX_FAILED_SIGN_INS:
                user.failed_logins, user.locked_until = 0, now + LOCKOUT
                audit.append(actor=user.name, action="user.locked", entity="user",
                             entity_id=user.name, details={"minutes": LOCKOUT.seconds // 60}, at=now)
        # outside the transaction, so that the failure count above is committed
        raise failed

    def change_password(self, name: str, old: str, new: str) -> SignedIn:
        """The user's own change (old password required); clears must-change-password and
        returns the user signed in with the new one."""
        if len(new) < MIN_PASSWORD:
            raise DomainError(Problem(PASSWORD_SHORT, "password", {"min": MIN_PASSWORD}))
        if new == old:
            raise DomainError(Problem(PASSWORD_SAME, "password"))
        now = self._now()
        with self._db.session() as session, session.begin():
            user = session.scalar(select(User).where(User.name == name))
            if user is None or not user.active or not self._verify(user.password_hash, old):
                raise DomainError(Problem(SIGN_IN_FAILED, "password", {"minutes": LOCKOUT.seconds // 60}))
            user.password_hash = self._hasher.hash(new)
            user.must_change_password = False
            AuditTrail(session).append(actor=name, action="user.password", entity="user", entity_id=name, at=now)
            return issue(user.name, Role(user.role), must_change_password=False)

    # What an administrator does at the Users page and the command line. Each method checks, in
    # the same transaction as the change, that ``actor`` may manage users: the page is shown to
    # administrators only, but the rule lives here.

    def accounts(self, *, actor: SignedIn) -> list[Account]:
        now = self._now()
        with self._db.session() as session:
            require(session, actor, Permission.USERS)
            return [
                Account(u.name, Role(u.role), u.active,
                        u.locked_until if u.locked_until is not None and u.locked_until > now else None,
                        u.must_change_password)
                for u in session.scalars(select(User).order_by(User.name))
            ]

    def lock(self, name: str, *, actor: SignedIn) -> None:
        """Lock an account until an administrator unlocks it (it cannot sign in meanwhile).

        The last active administrator is never locked, nor the account the actor is signed in
        with: either would leave the workstation without anyone to unlock it.
        """
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.USERS)
            user = _user(session, name)
            if user.role == Role.ADMIN and user.active and _active_admins(session) <= 1:
                raise DomainError(Problem(LAST_ADMIN, "name", {"name": user.name}))
            if user.name == by:
                raise DomainError(Problem(LOCK_SELF, "name"))
            if not user.active:
                return
            user.active = False
            AuditTrail(session).append(actor=by, action="user.lock", entity="user", entity_id=user.name,
                                       before={"active": True}, after={"active": False}, at=now)

    def unlock(self, name: str, *, actor: SignedIn) -> None:
        """Unlock an account, whether an administrator locked it or wrong passwords did."""
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.USERS)
            user = _user(session, name)
            locked_out = user.locked_until is not None and user.locked_until > now
            if user.active and not locked_out and not user.failed_logins:
                return
            before = {"active": user.active, "failed_logins": user.failed_logins,
                      "locked_until": f"{user.locked_until:%Y-%m-%d %H:%M}" if user.locked_until else None}
            user.active, user.failed_logins, user.locked_until = True, 0, None
            AuditTrail(session).append(actor=by, action="user.unlock", entity="user", entity_id=user.name,
                                       before=before, after={"active": True, "failed_logins": 0,
                                                             "locked_until": None}, at=now)

    def reset_password(self, name: str, *, actor: SignedIn, password: str | None = None) -> PasswordReset:
        """Give a user a new password (or a generated one) that they must change at next sign-in.

        A running lockout after wrong passwords ends with it; an account an administrator
        locked stays locked.
        """
        generated = password is None
        if password is None:
            password = _generated_password()
        if len(password) < MIN_PASSWORD:
            raise DomainError(Problem(PASSWORD_SHORT, "password", {"min": MIN_PASSWORD}))
        now = self._now()
        with self._db.session() as session, session.begin():
            by = require(session, actor, Permission.USERS)
            user = _user(session, name)
            user.password_hash = self._hasher.hash(password)
            user.must_change_password = True
            user.failed_logins, user.locked_until = 0, None
            AuditTrail(session).append(actor=by, action="user.password_reset", entity="user",
                                       entity_id=user.name, details={"generated": generated}, at=now)
        return PasswordReset(user.name, password, generated)

    def _now(self) -> datetime:
        return self._clock().replace(tzinfo=None)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def any_user(self) -> bool:
        with self._db.session() as session:
            return session.scalar(select(func.count()).select_from(User)) != 0

    def active_by_role(self) -> dict[str, int]:
        """How many active users each role has (no names: what a machine without a display shows)."""
        with self._db.session() as session:
            rows = session.execute(select(User.role, func.count()).where(User.active.is_(True)).group_by(User.role))
            return {role: count for role, count in rows}

    def list(self, *, actor: SignedIn) -> list[tuple[str, str, bool]]:
        """Name, role and active for the command line (``learncenter users list``)."""
        with self._db.session() as session:
            require(session, actor, Permission.USERS)
            return [(u.name, u.role, u.active) for u in session.scalars(select(User).order_by(User.name))]


def check_new_account(name: str, password: str | None) -> str:
    """The name as it will be kept, once name and password (None: one is generated) are acceptable."""
    name = name.strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise DomainError(Problem(USER_NAME_BAD, "name"))
    if password is not None and len(password) < MIN_PASSWORD:
        raise DomainError(Problem(PASSWORD_SHORT, "password", {"min": MIN_PASSWORD}))
    return name


def _generated_password() -> str:
    return secrets.token_urlsafe(9)


def _user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        raise DomainError(Problem(USER_UNKNOWN, "name", {"name": name}))
    return user


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)
                          .where(User.role == Role.ADMIN.value, User.active.is_(True))) or 0
