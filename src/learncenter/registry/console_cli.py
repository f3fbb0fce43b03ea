"""``learncenter-registry console-user add|list``: the accounts of the staff console (``/console``).

``add NAME --role viewer|operator`` asks for the password without echo (``--password-stdin``
reads one line, for scripts); adding a name again resets its password and role.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from learncenter.domain.messages import define
from learncenter.registry.console_store import ROLES, VIEWER

define("registry.help.console_user", zh="控制台账号（省级工作人员的网页 /console）",
       en="console accounts (the provincial staff's web console /console)")
define("registry.help.console_user_add", zh="添加控制台账号，或重设其密码和角色",
       en="add a console account, or reset its password and role")
define("registry.help.console_user_list", zh="列出控制台账号及其角色", en="list the console accounts and their roles")
define("registry.help.console_role", zh="角色：viewer 只看；operator 还可生成登记码、吊销密钥（默认 viewer）",
       en="role: viewer sees; operator also issues enrollment codes and revokes keys (default viewer)")
define("registry.cli.console_user_added", zh="控制台账号 {name}（{role}）可以在 /console 登录。",
       en="Console account {name} ({role}) can sign in at /console.")


def register(command: Callable[[str, str], argparse.ArgumentParser], out: Any,
             with_registry: Callable[[Callable[..., int]], Callable[..., int]],
             common: argparse.ArgumentParser) -> None:
    """``with_registry`` makes a handler of (args, out, registry) one that ``cli.main`` calls."""
    accounts = command("console-user", "registry.help.console_user").add_subparsers(
        dest="console_command", required=True)
    add = accounts.add_parser("add", parents=[common], help=out.say("registry.help.console_user_add"))
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default=VIEWER, help=out.say("registry.help.console_role"))
    add.add_argument("--password-stdin", action="store_true", help=out.say("registry.help.password_stdin"))
    add.set_defaults(handler=with_registry(_add))
    accounts.add_parser("list", parents=[common], help=out.say("registry.help.console_user_list")).set_defaults(
        handler=with_registry(_list))


def _add(args: argparse.Namespace, out: Any, registry: Any) -> int:
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass()
    if len(password) < 10:
        out.error(out.say("registry.cli.password_short"))
        return 2
    name = args.name.strip()
    registry.add_console_user(name, password, args.role)  # a bad name: a DomainError, said in one line
    out.info("registry.cli.console_user_added", name=name, role=args.role)
    return 0


def _list(args: argparse.Namespace, out: Any, registry: Any) -> int:
    for name, role in registry.console_users():
        print(f"  {name}  {role}", flush=True)
    return 0
