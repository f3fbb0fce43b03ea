"""Users and roles of the workstation."""

from __future__ import annotations

import enum
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from learncenter.domain.messages import DomainError, Problem, define
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
MIN_PASSWORD = 8


class Role(enum.StrEnum):
    CLERK = "clerk"
    DATA_ENTRY = "data-entry"
    ADMIN = "admin"
    SUPERVISOR = "supervisor"


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

    def check_password(self, name: str, password: str) -> bool:
        with self._db.session() as session:
            user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
            if user is None:
                return False
            try:
                return self._hasher.verify(user.password_hash, password)
            except (VerificationError, InvalidHashError):
                return False

    def list(self) -> list[tuple[str, str, bool]]:
        with self._db.session() as session:
            return [(u.name, u.role, u.active) for u in session.scalars(select(User).order_by(User.name))]

    def require_supervisor(self, name: str) -> None:
        with self._db.session() as session:
            user = session.scalar(select(User).where(User.name == name))
        if user is None or not user.active or user.role != Role.SUPERVISOR:
            raise DomainError(Problem(NOT_A_SUPERVISOR, "supervisor", {"name": name}))
