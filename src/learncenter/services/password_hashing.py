"""Password hashes made and checked in the workstation's helper process (issue 12).

argon2id at the library's recommended cost (RFC 9106's second choice: 64 MiB, 3 passes, 4
lanes) takes 64 MiB of working memory for each hash it makes or checks: at every sign-in, every
unlock after the idle lock and every supervisor's approval. Done in the workstation's process,
that was its highest memory of the day (about 285 MB with a supervisor's approval after a card
and a photo). :class:`HelperHasher` does the same work in the helper process
(:mod:`learncenter.services.helper_process`), which gives the memory back when the hash is done;
the password goes there through a pipe and only the hash or the verdict comes back.
"""

from __future__ import annotations

from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from learncenter.services import helper_process


class Hasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


def hash_password(password: str) -> str:
    """In the helper's process: a new argon2id hash at the library's recommended cost."""
    return PasswordHasher().hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """In the helper's process: whether ``password`` is the one ``password_hash`` was made from
    (at the cost written in the hash)."""
    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class HelperHasher:
    """The workstation's hasher: argon2id in the helper process."""

    def hash(self, password: str) -> str:
        return helper_process.helper.run(hash_password, password, field="password")

    def verify(self, password_hash: str, password: str) -> bool:
        return helper_process.helper.run(password_matches, password_hash, password, field="password")
