"""The table of the staff console's accounts (issue 15): who may sign in at ``/console`` and with
which role. Passwords are argon2 hashes, as the reviewers' are."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from learncenter.registry.store import Base

VIEWER = "viewer"  # sees the centers, the figures and the keys
OPERATOR = "operator"  # also issues enrollment codes and revokes keys
ROLES = (VIEWER, OPERATOR)


class ConsoleUser(Base):
    """A member of the provincial staff who may sign in at the registry's console."""

    __tablename__ = "console_users"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(12))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
