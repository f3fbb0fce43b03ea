"""Password hashes are made and checked in the helper process, at the workstation's real cost, and
their 64 MiB of working memory never lands in the workstation's own process (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from learncenter.context import AppContext
from learncenter.domain.messages import DomainError
from learncenter.services import users as users_service
from learncenter.services.password_hashing import HelperHasher
from learncenter.services.users import Role, UserService


def test_a_hash_made_and_checked_in_the_helper_leaves_the_workstations_memory_alone(tmp_path: Path) -> None:
    """In a fresh interpreter, as the workstation is: its highest memory grows by a few MB, not the
    hash's 64 MiB, and the hash has the library's recommended cost (RFC 9106: 64 MiB, 3 passes)."""
    script = """
import os
from learncenter.services.password_hashing import HelperHasher
from learncenter.services.helper_process import helper

def peak():
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) // 1024

if __name__ == "__main__":
    hasher = HelperHasher()
    helper.run(os.getpid)  # the helper's process started: what follows is the hashing alone
    before = peak()
    hashed = hasher.hash("correct horse 1")
    print(hashed.split("$")[3])
    print(hasher.verify(hashed, "correct horse 1"), hasher.verify(hashed, "wrong horse 1"), hasher.verify("junk", "x"))
    print(peak() - before)
"""
    main = tmp_path / "desk.py"
    main.write_text(script, encoding="utf-8")
    done = subprocess.run([sys.executable, str(main)], capture_output=True, text=True, timeout=120, check=True,
                          env={**os.environ})
    params, verdicts, grown = done.stdout.splitlines()
    assert params == "m=65536,t=3,p=4"
    assert verdicts == "True False False"
    assert int(grown) < 16  # MB; the same hash in this process takes 64 more


def test_the_helpers_hashes_and_the_librarys_are_the_same_kind() -> None:
    hasher = HelperHasher()
    assert PasswordHasher().verify(hasher.hash("pass word 1"), "pass word 1")
    assert hasher.verify(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("pass word 2"),
                         "pass word 2")


def test_users_sign_in_through_the_helper(monkeypatch: pytest.MonkeyPatch, ctx: AppContext) -> None:
    """The service as the workstation builds it (the suite's quick in-process hasher put aside):
    a user added, signed in, refused with a wrong password, the password changed."""
    monkeypatch.setattr(users_service, "make_hasher", HelperHasher)
    users = UserService(ctx.db)
    users.add_first_admin("admin", password="first-admin-1")
    admin = users.authenticate("admin", "first-admin-1")
    assert admin.role is Role.ADMIN
    with pytest.raises(DomainError):
        users.authenticate("admin", "not-the-password")
    users.change_password("admin", "first-admin-1", "second-admin-2")
    assert users.authenticate("admin", "second-admin-2").name == "admin"
