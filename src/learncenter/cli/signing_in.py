"""Signing in on the command line: the same users, passwords and lockout as the workstation.

Every command that changes or reveals records names a permission (``set_defaults(permission=...)``)
and signs in before it does anything else: ``--user NAME`` (or ``LEARNCENTER_USER``), and the
password typed at a prompt or, for scripts, the first line of standard input with
``--password-stdin``. ``check-id``, ``verify-notice``, ``demo``, ``db recover`` (the recovery key
is the authority) and the first administrator of a new database need no sign-in.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from learncenter.cli.output import Output
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.roles import SignedIn

USER_ENV = "LEARNCENTER_USER"

define("cli.sign_in.user_prompt", zh="用户名：", en="User name: ")
define("cli.sign_in.password_prompt", zh="{name} 的密码：", en="Password of {name}: ")
NEEDS_SIGN_IN = define(
    "cli.sign_in.needed",
    zh="此命令需要登录：用 --user 用户名 指定用户，在终端输入密码，或在脚本中用 --password-stdin 从标准输入的第一行读取密码。",
    en="This command needs a sign-in: give --user NAME and type the password at the prompt, or in a script "
    "pass --password-stdin and the password as the first line of standard input.",
)
define("cli.sign_in.user_help", zh="以此用户登录（也可用环境变量 LEARNCENTER_USER）",
       en="sign in as this user (or set LEARNCENTER_USER)")
define("cli.sign_in.stdin_help", zh="从标准输入的第一行读取登录密码", en="read the sign-in password from the first line of standard input")


def add_arguments(parser: argparse.ArgumentParser, out: Output) -> None:
    parser.add_argument("--user", help=out.say("cli.sign_in.user_help"))
    parser.add_argument("--password-stdin", dest="sign_in_stdin", action="store_true",
                        help=out.say("cli.sign_in.stdin_help"))


def sign_in(users: Any, out: Output, args: argparse.Namespace) -> SignedIn:
    """The signed-in user for this command (the user service counts wrong passwords and locks);
    a command that opens the database twice signs in once."""
    earlier = getattr(args, "signed_in", None)
    if isinstance(earlier, SignedIn):
        return earlier
    name = getattr(args, "user", None) or os.environ.get(USER_ENV, "")
    interactive = sys.stdin.isatty() and not getattr(args, "sign_in_stdin", False)
    if not name and interactive:
        name = input(out.say("cli.sign_in.user_prompt")).strip()
    if not name:
        raise DomainError(Problem(NEEDS_SIGN_IN, "user"))
    if getattr(args, "sign_in_stdin", False):
        password = sys.stdin.readline().rstrip("\r\n")
    elif interactive:
        password = getpass.getpass(out.say("cli.sign_in.password_prompt", name=name))
    else:
        raise DomainError(Problem(NEEDS_SIGN_IN, "password"))
    user: SignedIn = users.authenticate(name, password)
    args.signed_in = user
    return user
