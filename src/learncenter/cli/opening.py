"""Opening the database for a command, and telling the user what opening it did."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from learncenter.cli.output import Output
from learncenter.cli.signing_in import sign_in
from learncenter.domain.messages import define
from learncenter.store.layout import DataDir

if TYPE_CHECKING:
    from learncenter.context import AppContext

define(
    "cli.upgraded",
    zh="数据库结构已从 {found} 升级到最新；升级前的备份在 {backup}。",
    en="The database schema was upgraded from {found}; a backup taken before is at {backup}.",
)
define("cli.demo_banner", zh="【演示库 DEMO】{path}", en="[DEMO database] {path}")


@contextmanager
def open_context(data_dir: DataDir, out: Output, args: argparse.Namespace | None = None, *,
                 upgrade: bool = True) -> Iterator[AppContext]:
    """The context for a command; one that names a permission signs in first (``cli.signing_in``)
    and is refused unless the user has that permission.

    The database libraries and the services are imported here, by the commands that use them,
    so that building the parser (every command does) does not load them."""
    from learncenter.context import AppContext
    from learncenter.store.database import open_database

    db = open_database(data_dir, upgrade=upgrade)
    if db.upgraded_from and db.upgraded_from != "empty":
        out.warn("cli.upgraded", found=db.upgraded_from, backup=str(db.backup_path))
    if db.demo:
        out.warn("cli.demo_banner", path=str(data_dir.root))
    app = AppContext.build(db, lang=out.lang)
    try:
        permission = getattr(args, "permission", None)
        if permission is not None and args is not None:
            app.actor = sign_in(app.users, out, args)
            app.records.may(app.actor, permission)
        yield app
    finally:
        app.close()
