"""The registry's reviewer accounts, for its review web page (``learncenter-registry reviewer add``)."""

from __future__ import annotations

from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from learncenter.registry.student_review import StudentDesk
from learncenter.registry.student_store import Reviewer


class ReviewerAccounts(StudentDesk):
    """Reviewer accounts; a password is checked in the same time whether or not the name exists."""

    def add_reviewer(self, name: str, password: str) -> None:
        with self._session() as session, session.begin():
            row = session.get(Reviewer, name)
            hashed = PasswordHasher().hash(password)
            if row is None:
                session.add(Reviewer(name=name, password_hash=hashed, active=True, created_at=datetime.now(UTC)))
            else:
                row.password_hash, row.active = hashed, True

    def reviewer_names(self) -> list[str]:
        with self._session() as session:
            return list(session.scalars(select(Reviewer.name).where(Reviewer.active.is_(True)).order_by(Reviewer.name)))

    def check_reviewer(self, name: str, password: str) -> bool:
        with self._session() as session:
            row = session.get(Reviewer, name)
            hashed = row.password_hash if row is not None and row.active else None
        if hashed is None:
            PasswordHasher().hash(password)  # the same time whether or not the name exists
            return False
        try:
            return PasswordHasher().verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False
