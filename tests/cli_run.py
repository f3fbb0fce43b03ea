"""Running the ``learncenter`` command in-process, the way the CLI tests do."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from learncenter.cli import main

DEMO_ADMIN = ("admin", "admin-demo")  # who `learncenter demo` makes
ADMIN = ("admin", "admin password")  # who tests/actors.py makes first


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of one command; never a traceback."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def run_as(capsys: pytest.CaptureFixture[str], user: tuple[str, str], *argv: str,
           stdin: str = "") -> tuple[int, str, str]:
    """One command signed in as a script does: ``--user NAME --password-stdin``, the password as
    the first line of standard input (and ``stdin`` after it)."""
    name, password = user
    saved = sys.stdin
    sys.stdin = io.StringIO(f"{password}\n{stdin}")
    try:
        return run(capsys, "--user", name, "--password-stdin", *argv)
    finally:
        sys.stdin = saved


def signed_in_args(user: tuple[str, str], permission: object, **fields: object) -> argparse.Namespace:
    """The arguments a command's handler gets when it is called directly (to hand it a test seam),
    signed in with ``--user NAME --password-stdin``; use it inside :func:`password_on_stdin`."""
    return argparse.Namespace(user=user[0], sign_in_stdin=True, permission=permission, **fields)


@contextmanager
def password_on_stdin(user: tuple[str, str]) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = io.StringIO(f"{user[1]}\n")
    try:
        yield
    finally:
        sys.stdin = saved
