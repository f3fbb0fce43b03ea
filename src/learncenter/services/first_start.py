"""The first start of a workstation: its database, created together with its first administrator.

Nobody can sign in to a database without users, so the two are made in one step, explicitly, by
whoever sets the workstation up (the workstation's first window, or ``learncenter users add NAME
--role admin`` on the command line). The database key goes into the OS keyring; the recovery key
is returned to be shown once.
"""

from __future__ import annotations

from dataclasses import dataclass

from learncenter.services.users import UserAdded, UserService, check_new_account
from learncenter.store.database import create_database, open_database
from learncenter.store.layout import DataDir


@dataclass(frozen=True)
class CenterCreated:
    added: UserAdded  # the first administrator (with the password made for them, when none was given)
    recovery_key: str | None  # None when the database was there already (it only lacked users)

    @property
    def admin(self) -> str:
        return self.added.name


def create_center(data_dir: DataDir, name: str, password: str | None) -> CenterCreated:
    """Create the database (if there is none) and its first administrator ``name``; with no
    password, one is made (and must be changed at the first sign-in).

    The name and password are checked before anything is written, so a refused answer leaves
    no database without users behind; an existing database that has users is refused."""
    name = check_new_account(name, password)
    recovery_key = None
    if data_dir.exists():
        db = open_database(data_dir)
    else:
        db, recovery_key = create_database(data_dir)
    try:
        added = UserService(db).add_first_admin(name, password=password)
    finally:
        db.close()
    return CenterCreated(added, recovery_key)
