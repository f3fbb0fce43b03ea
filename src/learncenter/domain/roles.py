"""Who may do what at the workstation, and who is signed in."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    CLERK = "clerk"
    DATA_ENTRY = "data-entry"
    ADMIN = "admin"
    SUPERVISOR = "supervisor"


@dataclass(frozen=True)
class SignedIn:
    name: str
    role: Role
    must_change_password: bool
