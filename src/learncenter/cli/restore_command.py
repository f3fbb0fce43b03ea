"""`learncenter db restore SOURCE`: a backup back in place, checked before anything is replaced.

Whoever restores signs in on the current database as someone allowed to maintain it; when there
is no current database, or it cannot be opened at all (the usual reason to restore), there is
nobody to sign in against and the backup's own key (its key file, this computer's keyring or
its recovery key) is what allows it. The restored database's audit log records the restore.
"""

from __future__ import annotations

import argparse
from typing import Any

from learncenter.cli.help_texts import help_code
from learncenter.cli.opening import open_context
from learncenter.cli.output import Output
from learncenter.domain.messages import define
from learncenter.domain.permissions import Permission
from learncenter.store.errors import KEY_NOT_IN_KEYRING, WRONG_KEY, StoreError
from learncenter.store.layout import DataDir

define("cli.db.restore_checked",
       zh="备份已通过检查：{records} 条记录，审计日志 {entries} 条哈希链完整，照片和扫描件 {blobs} 个完好。",
       en="The backup passed its check: {records} records, {entries} audit entries with an unbroken chain, "
          "{blobs} photos and scans intact.")
define("cli.db.restore_done", zh="已从 {source} 恢复数据库。", en="The database was restored from {source}.")
define("cli.db.restore_aside", zh="原数据库已保留在 {path}，如需撤销可从那里再恢复。",
       en="The database it replaced is kept in {path}; restore from there to undo.")
define("cli.db.restore_unopenable",
       zh="当前数据库无法打开（{reason}），将直接用备份替换，无需登录。",
       en="The current database cannot be opened ({reason}); the backup replaces it without a sign-in.")

_UNOPENABLE = {WRONG_KEY, KEY_NOT_IN_KEYRING}


def register(db: Any, out: Output) -> None:
    p = db.add_parser("restore", help=out.say(help_code("db_restore")))
    p.add_argument("source", help=out.say(help_code("db_restore_source")))
    p.add_argument("--recovery-key", help=out.say(help_code("db_restore_recovery_key")))
    p.set_defaults(handler=db_restore, permission=Permission.MAINTAIN)


def db_restore(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from pathlib import Path

    from learncenter.services.backups import restore_database

    actor = "system"
    if data_dir.exists():
        try:
            with open_context(data_dir, out, args, upgrade=False) as ctx:
                actor = ctx.actor.name if ctx.actor is not None else actor
        except StoreError as exc:
            if exc.problem.code not in _UNOPENABLE:
                raise
            out.warn("cli.db.restore_unopenable", reason=exc.text(out.lang))
    source = Path(args.source)
    restored = restore_database(data_dir, source, restored_by=actor, recovery_key=args.recovery_key)
    out.info("cli.db.restore_checked", records=restored.records, entries=restored.audit_entries,
             blobs=restored.blobs)
    out.info("cli.db.restore_done", source=str(source.expanduser().resolve()))
    if restored.set_aside is not None:
        out.info("cli.db.restore_aside", path=str(restored.set_aside))
    return 0
