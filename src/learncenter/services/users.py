"""Users and roles of the workstation."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.roles import Role as Role
from learncenter.domain.roles import SignedIn as SignedIn
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
SIGN_IN_FAILED = define(
    "users.sign_in_failed",
    zh="用户名或密码不正确。",
    en="The user name or password is not right.",
)
ACCOUNT_LOCKED = define(
    "users.locked",
    zh="密码连续输错次数过多，该账号已锁定到 {until}。请稍后再试，或请管理员协助。",
    en="Too many wrong passwords: this account is locked until {until}. Try again later or ask an administrator.",
)
MIN_PASSWORD = 8
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)


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
        self._hasher = PasswordHasher()

    def add(self, name: str, role: Role, *, actor: str, password: str | None = None,
            must_change: bool | None = None) -> UserAdded:
        name = name.strip()
        if not name or len(name) > 64 or any(ch.isspace() for ch in name):
            raise DomainError(Problem(USER_NAME_BAD, "name"))
        generated = password is None
        if password is None:
            password = secrets.token_urlsafe(9)
        if len(password) < MIN_PASSWORD:
            raise DomainError(Problem(PASSWORD_SHORT, "password", {"min": MIN_PASSWORD}))
        now = self._clock().replace(tzinfo=None)
        with self._db.session() as session, session.begin():
            if session.scalar(select(User.id).where(User.name == name)) is not None:
                raise DomainError(Problem(USER_EXISTS, "name", {"name": name}))
            user = User(
                name=name, role=role.value, password_hash=self._hasher.hash(password),
                must_change_password=generated if must_change is None else must_change,
                active=True, failed_logins=0, created_at=now,
            )
            session.add(user)
            AuditTrail(session).append(
                actor=actor, action="user.add", entity="user", entity_id=name,
                after={"name": name, "role": role.value}, at=now,
            )
        return UserAdded(name, role, password, generated)

    def authenticate(self, name: str, password: str) -> SignedIn:
        """Sign a user in; repeated failures lock the account for a while (audited).

        The same sentence answers an unknown name and a wrong password, so the dialog does not
        tell a stranger which user names exist.
        """
        now = self._clock().replace(tzinfo=None)
        with self._db.session() as session, session.begin():
            user = session.scalar(select(User).where(User.name == name.strip()))
            if user is None or not user.active:
                raise DomainError(Problem(SIGN_IN_FAILED, "password"))
            if user.locked_until is not None and user.locked_until > now:
                raise DomainError(Problem(ACCOUNT_LOCKED, "name", {"until": f"{user.locked_until:%H:%M}"}))
            if self._verify(user.password_hash, password):
                user.failed_logins, user.locked_until = 0, None
                return SignedIn(user.name, Role(user.role), user.must_change_password)
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_SIGN_INS:
                user.failed_logins, user.locked_until = 0, now + LOCKOUT
                AuditTrail(session).append(actor=user.name, action="user.locked", entity="user",
                                           entity_id=user.name, details={"minutes": LOCKOUT.seconds // 60}, at=now)
        # outside the transaction, so that the failure count above is committed
        raise DomainError(Problem(SIGN_IN_FAILED, "password"))

    def check_password(self, name: str, password: str) -> bool:
        with self._db.session() as session:
            user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
            return user is not None and self._verify(user.password_hash, password)

    def approve(self, name: str, password: str) -> str:
        """A supervisor's approval: their own name and password, checked here. Returns the name."""
        with self._db.session() as session:
            user = session.scalar(select(User).where(User.name == name.strip()))
        if user is None or not user.active or user.role != Role.SUPERVISOR:
            raise DomainError(Problem(NOT_A_SUPERVISOR, "supervisor", {"name": name}))
        if not self._verify(user.password_hash, password):
            raise DomainError(Problem(SIGN_IN_FAILED, "password"))
        return user.name

    def change_password(self, name: str, old: str, new: str) -> None:
        if len(new) < MIN_PASSWORD:
            raise DomainError(Problem(PASSWORD_SHORT, "password", {"min": MIN_PASSWORD}))
        now = self._clock().replace(tzinfo=None)
        with self._db.session() as session, session.begin():
            user = session.scalar(select(User).where(User.name == name))
            if user is None or not self._verify(user.password_hash, old):
                raise DomainError(Problem(SIGN_IN_FAILED, "password"))
            user.password_hash = self._hasher.hash(new)
            user.must_change_password = False
            AuditTrail(session).append(actor=name, action="user.password", entity="user", entity_id=name, at=now)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def list(self) -> list[tuple[str, str, bool]]:
        with self._db.session() as session:
            return [(u.name, u.role, u.active) for u in session.scalars(select(User).order_by(User.name))]
