"""Signed-in users for tests: real accounts, signed in through the user service.

The services accept only a user the user service signed in, so a test that acts as a clerk
first has a clerk account and signs it in, as the workstation and the command line do.
"""

from __future__ import annotations

import weakref

from learncenter.domain.roles import Role, SignedIn
from learncenter.services.users import UserService

ADMIN = "admin"
# A name's role unless the test says otherwise, by how the name begins; "tester", "sync" and the
# like may do all but a supervisor's approval.
ROLES = (("admin", Role.ADMIN), ("tester", Role.ADMIN), ("sync", Role.ADMIN), ("import", Role.ADMIN),
         ("demo", Role.ADMIN), ("clerk", Role.CLERK), ("supervisor", Role.SUPERVISOR), ("boss", Role.SUPERVISOR),
         ("entry", Role.DATA_ENTRY))


DEMO_NAMES = ("admin", "clerk", "supervisor", "entry")


def role_of(name: str) -> Role:
    return next((role for prefix, role in ROLES if name.startswith(prefix)), Role.CLERK)
_signed_in: weakref.WeakKeyDictionary[UserService, dict[str, SignedIn]] = weakref.WeakKeyDictionary()


# The passwords the older fixtures gave their accounts; any other name's is "<name> password".
PASSWORDS = {"clerk1": "clerk password", "boss": "boss password"}


def password_of(name: str) -> str:
    return PASSWORDS.get(name, f"{name} password")


def sign_in_as(users: UserService, name: str, role: Role | None = None, *, password: str | None = None) -> SignedIn:
    """``name`` signed in; the account is made first if the database lacks it (the first one being
    the administrator ``admin``, who adds the others). Its role is ``role``, or the one its name
    says (admin, clerk, supervisor, entry), or clerk; its password ``password`` or "<name> password"."""
    known = _signed_in.setdefault(users, {})
    if name in known and role in (None, known[name].role) and password is None:
        return known[name]
    demo = users._db.demo  # a demo database has the demo's accounts: admin / admin-demo, ...
    password = password or (f"{name}-demo" if demo and name in DEMO_NAMES else password_of(name))
    admin_password = "admin-demo" if demo else password_of(ADMIN)
    if not users.any_user():
        users.add_first_admin(ADMIN, password=password if name == ADMIN else admin_password)
    admin = users.authenticate(ADMIN, admin_password) if name != ADMIN else None
    if admin is not None and name not in {n for n, _role, _active in users.list(actor=admin)}:
        users.add(name, role or role_of(name), actor=admin, password=password, must_change=False)
    known[name] = users.authenticate(name, password)
    return known[name]
