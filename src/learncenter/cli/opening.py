"""Opening the database for a command, and telling the user what opening it did."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

from learncenter.cli.output import Output
from learncenter.context import AppContext
from learncenter.domain.messages import define
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir

define(
    "cli.upgraded",
    zh="数据库结构已从 {found} 升级到最新；升级前的备份在 {backup}。",
    en="The database schema was upgraded from {found}; a backup taken before is at {backup}.",
)
define("cli.demo_banner", zh="【演示库 DEMO】{path}", en="[DEMO database] {path}")


def cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@contextmanager
def open_context(data_dir: DataDir, out: Output, *, upgrade: bool = True) -> Iterator[AppContext]:
    db = open_database(data_dir, upgrade=upgrade)
    if db.upgraded_from and db.upgraded_from != "empty":
        out.warn("cli.upgraded", found=db.upgraded_from, backup=str(db.backup_path))
    if db.demo:
        out.warn("cli.demo_banner", path=str(data_dir.root))
    app = AppContext.build(db, lang=out.lang, actor=cli_actor())
    try:
        yield app
    finally:
        app.close()
