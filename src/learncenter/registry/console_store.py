"""The table of the staff console's accounts (issue 15): who may sign in at ``/console`` and with
which role. Passwords are argon2 hashes, as the reviewers' are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from learncenter.registry.store import Base

VIEWER = "viewer"  # sees the centers, the figures and the keys
OPERATOR = "operator"  # also issues enrollment codes and revokes keys
ROLES = (VIEWER, OPERATOR)
# the one table of what each role may do; every method of the console's service checks it
ALLOWED: dict[str, frozenset[str]] = {"read": frozenset(ROLES), "codes": frozenset({OPERATOR}),
                                      "revoke": frozenset({OPERATOR})}


@dataclass(frozen=True)
class Staff:
    """A console account acting: its name and the role it had when its session was checked. The
    service reads the role again in the transaction of every call, so an account removed or
    demoted meanwhile (or a ``Staff`` made up by a caller) is refused."""

    name: str
    role: str


class ConsoleUser(Base):
    """A member of the provincial staff who may sign in at the registry's console."""

    __tablename__ = "console_users"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(12))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer, default=0)  # wrong passwords since the last sign-in
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
