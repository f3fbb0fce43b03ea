"""Commands for administrators: summary, demo, audit verify, db ..., users ...

The services and the store are imported inside the commands, so that building the parser
(which every command, check-id included, does) loads no database library.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learncenter.domain.permissions import Permission
from learncenter.cli import restore_command
from learncenter.cli.audit_commands import audit_verify
from learncenter.cli.opening import open_context
from learncenter.cli.signing_in import sign_in
from learncenter.cli.help_texts import help_code
from learncenter.cli.output import Output
from learncenter.domain import codes
from learncenter.domain.lifecycle import RecordState, state_label
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.roles import Role
from learncenter.store.layout import DataDir

if TYPE_CHECKING:
    from learncenter.context import AppContext

define("cli.summary.title", zh="learncenter 数据库：{path}", en="learncenter database: {path}")
define("cli.summary.title_demo", zh="learncenter 演示库（DEMO，仅含生成的数据）：{path}",
       en="learncenter DEMO database (generated data only): {path}")
define("cli.summary.records", zh="报名记录：{count} 条", en="Applications: {count}")
define("cli.summary.by_state", zh="  按状态：", en="  By state:")
define("cli.summary.by_level", zh="  按层次：", en="  By level:")
define("cli.summary.outbox", zh="待上报（已封存未发送）：{count} 条", en="Sealed, waiting to be sent: {count}")
define("cli.summary.audit", zh="审计日志：{count} 条，哈希链完好", en="Audit log: {count} entries, hash chain intact")
define("cli.summary.audit_broken", zh="审计日志：第 {seq} 条起哈希链断裂！运行 learncenter audit verify 查看",
       en="Audit log: the hash chain breaks at entry {seq}! Run `learncenter audit verify`")
define("cli.summary.users", zh="用户：{users}", en="Users: {users}")
define(
    "cli.summary.no_display",
    zh="没有可用的图形显示（未设置 DISPLAY），因此只显示了摘要。请在桌面环境中运行 learncenter 打开工作站窗口。",
    en="No graphical display is available (DISPLAY is not set), so only this summary is shown. Run "
    "learncenter on a desktop to open the workstation window.",
)
define("cli.demo.progress", zh="  {stage}：{done}/{total}", en="  {stage}: {done}/{total}")
define("cli.demo.stage.enter", zh="已录入", en="entered")
define("cli.demo.stage.confirm", zh="已确认", en="confirmed")
define("cli.demo.done", zh="演示库（DEMO）已创建：{candidates} 名考生，其中 {confirmed} 名已确认（用时 {seconds:.1f} 秒）。",
       en="DEMO database created: {candidates} candidates, {confirmed} of them confirmed ({seconds:.1f} s).")
define("cli.demo.session", zh="示例考试安排 {code}：已为 {seated} 名已确认考生编排考场和座位（learncenter notices {code} --out 准考证.pdf）。",
       en="Sample exam session {code}: {seated} confirmed candidates have a room and seat "
          "(learncenter notices {code} --out notices.pdf).")
define("cli.demo.students", zh="演示学生 {students} 名：多个年级，含学籍异动、已注册的学历证书和一份遗失证明（learncenter students list）。",
       en="{students} demo students: several years, with status changes, registered certificates and a lost one "
          "(learncenter students list).")
define("cli.demo.users", zh="演示账号（用户名 / 密码）：", en="Demo accounts (user / password):")
define("cli.demo.next", zh="启动：learncenter --data-dir {path}", en="Start it: learncenter --data-dir {path}")
define("cli.db.backup_done", zh="备份已写入 {path}（仍为加密状态）。", en="Backup written to {path} (still encrypted).")
define("cli.db.integrity_ok", zh="数据库完整性检查通过；照片和扫描件 {blobs} 个均在。",
       en="Database integrity check passed; all {blobs} photos and scans are present.")
define("cli.db.integrity_problem", zh="  问题：{problem}", en="  problem: {problem}")
define("cli.db.blob_missing", zh="  缺少照片或扫描件：{sha256}", en="  missing photo or scan: {sha256}")
define("cli.db.repair_help", zh="删除中断写入遗留、没有任何记录引用的照片和扫描件文件",
       en="remove photo and scan files that interrupted writes left and no record refers to")
define("cli.db.guard.missing", zh="  保护触发器 {name} 不存在（已封存记录或审计日志可被改动）",
       en="  the guard trigger {name} is missing (sealed records or the audit log can be changed)")
define("cli.db.guard.changed", zh="  保护触发器 {name} 与本程序自带的定义不同",
       en="  the guard trigger {name} differs from the one this program ships")
define("cli.db.guard.unexpected", zh="  数据库中有本程序不认识的触发器 {name}",
       en="  the database holds a trigger this program does not ship: {name}")
define("cli.db.sealed_altered", zh="  已封存的记录版本 {record_id} 与封存时审计日志记下的内容不符（被改动过）",
       en="  the sealed version {record_id} no longer holds what the audit log recorded when it was sealed")
define("cli.db.orphans", zh="  有 {count} 个照片或扫描件文件（{kb} KB）没有任何记录引用，是中断的写入留下的；"
       "运行 learncenter db integrity --repair 删除它们",
       en="  {count} photo or scan files ({kb} KB) that no record refers to were left by interrupted writes; "
       "`learncenter db integrity --repair` removes them")
define("cli.db.orphans_removed", zh="已删除 {count} 个没有任何记录引用的照片或扫描件文件（{kb} KB）。",
       en="Removed {count} photo or scan files ({kb} KB) that no record referred to.")
define("cli.db.upgrade_done", zh="数据库结构已是最新版本（{head}）。", en="The database schema is at the newest version ({head}).")
define("cli.db.recover_prompt", zh="请输入恢复密钥：", en="Recovery key: ")
define("cli.db.recover_done", zh="数据库密钥已存回本机密钥环，可以正常使用了。",
       en="The database key is back in this computer's keyring; the database can be used again.")
define("cli.users.added", zh="已添加用户 {name}（{role}）。", en="User {name} ({role}) added.")
define("cli.users.password", zh="初始密码：{password}（只显示这一次；首次登录时须修改）",
       en="Initial password: {password} (shown this once; to be changed at first login)")
define("cli.users.first_admin_only", zh="{path} 中还没有数据库。第一个用户必须是管理员（--role admin），"
       "会同时创建数据库。", en="There is no database in {path} yet. The first user must be an "
       "administrator (--role admin); the database is created with it.")
define(
    "cli.recovery_key",
    zh="已创建新的加密数据库。恢复密钥（请抄写并锁好；更换电脑或密钥环丢失时，只有它能恢复数据）：\n\n    {key}\n",
    en="A new encrypted database was created. Recovery key (write it down and lock it away; if the "
    "computer or its keyring is lost, only this key gets the data back):\n\n    {key}\n",
)


def register(commands: Any, out: Output) -> None:
    p = commands.add_parser("demo", help=out.say(help_code("demo")))
    p.add_argument("--candidates", type=_count, default=300)
    p.add_argument("--confirmed", type=_count, default=60)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--students", type=_count, default=32, help=out.say(help_code("demo_students")))
    p.set_defaults(handler=demo)

    p = commands.add_parser("audit", help=out.say(help_code("audit"))).add_subparsers(dest="audit_command", required=True)
    p.add_parser("verify", help=out.say(help_code("audit_verify"))).set_defaults(handler=audit_verify, permission=Permission.MAINTAIN)

    db = commands.add_parser("db", help=out.say(help_code("db"))).add_subparsers(dest="db_command", required=True)
    p = db.add_parser("backup", help=out.say(help_code("db_backup")))
    p.add_argument("dest", type=Path)
    p.set_defaults(handler=db_backup, permission=Permission.MAINTAIN)
    p = db.add_parser("integrity", help=out.say(help_code("db_integrity")))
    p.add_argument("--repair", action="store_true", help=out.say("cli.db.repair_help"))
    p.set_defaults(handler=db_integrity, permission=Permission.MAINTAIN)
    db.add_parser("upgrade", help=out.say(help_code("db_upgrade"))).set_defaults(handler=db_upgrade, permission=Permission.MAINTAIN)
    p = db.add_parser("recover", help=out.say(help_code("db_recover")))
    p.add_argument("--recovery-key", help=out.say(help_code("recovery_key")))
    p.set_defaults(handler=db_recover)
    restore_command.register(db, out)

    users = commands.add_parser("users", help=out.say(help_code("users"))).add_subparsers(dest="users_command", required=True)
    p = users.add_parser("add", help=out.say(help_code("users_add")))
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--password-stdin", action="store_true", help=out.say(help_code("password_stdin")))
    p.set_defaults(handler=users_add)
    users.add_parser("list", help=out.say(help_code("users_list"))).set_defaults(handler=users_list, permission=Permission.USERS)


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def print_summary(ctx: AppContext, out: Output) -> None:
    from learncenter.store import audit
    from learncenter.store import records as repo

    out.info("cli.summary.title_demo" if ctx.db.demo else "cli.summary.title", path=str(ctx.data_dir.root))
    with ctx.db.session() as session:
        by_state = repo.count_by_state(session)
        by_level = repo.count_by_level(session)
        pending = repo.pending_outbox_count(session)
        verification = audit.verify(session)
    out.info("cli.summary.records", count=sum(by_state.values()))
    if by_state:
        out.info("cli.summary.by_state")
        out.table([(state_label(RecordState(s), out.lang), str(n)) for s, n in sorted(by_state.items())], indent=4)
        out.info("cli.summary.by_level")
        out.table([(codes.level_label(lv, out.lang) or lv, str(n)) for lv, n in sorted(by_level.items())], indent=4)
    out.info("cli.summary.outbox", count=pending)
    if verification.ok:
        out.info("cli.summary.audit", count=verification.checked)
    else:
        out.info("cli.summary.audit_broken", seq=verification.first_broken)
    out.info("cli.summary.users", users="、".join(f"{role}（{count}）" for role, count in ctx.users.active_by_role().items()))


def summary(out: Output, data_dir: DataDir) -> int:
    """What ``learncenter`` shows on a machine without a display."""
    with open_context(data_dir, out) as ctx:
        print_summary(ctx, out)
    out.info("cli.summary.no_display")
    return 0


def demo(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.context import AppContext
    from learncenter.services.demo_setup import DEMO_USERS, fill_demo
    from learncenter.store.database import create_database, replace_with_demo

    started = time.perf_counter()
    replace_with_demo(data_dir)
    db, _ = create_database(data_dir, demo=True)
    ctx = AppContext.build(db, lang=out.lang)
    try:
        shown: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            """On a terminal one line rewritten in place; in a log or a pipe a line per tenth."""
            line = out.say("cli.demo.progress", stage=out.say(f"cli.demo.stage.{stage}"), done=done, total=total)
            if sys.stderr.isatty():
                print(line, end="\r", file=sys.stderr)
                return
            tenth = 10 * done // max(total, 1)
            if tenth > shown.get(stage, -1):
                shown[stage] = tenth
                print(line, file=sys.stderr, flush=True)

        filled = fill_demo(ctx.db, ctx.records, ctx.users, candidates=args.candidates, confirmed=args.confirmed,
                           seed=args.seed, today=date.today(), progress=progress, exams=ctx.exams)
        if args.students:
            from learncenter.services.demo_students import create_demo_students

            admin = ctx.users.authenticate(DEMO_USERS[0][0], DEMO_USERS[0][2])
            students = create_demo_students(ctx.db, ctx.students.profile, seed=args.seed, today=date.today(), actor=admin,
                                            count=args.students)
        out.info("cli.demo.done", candidates=filled.candidates, confirmed=filled.confirmed,
                 seconds=time.perf_counter() - started)
        if filled.session_code:
            out.info("cli.demo.session", code=filled.session_code, seated=filled.seated)
        if args.students:
            out.info("cli.demo.students", students=students)
        out.info("cli.demo.users")
        out.table([(name, password) for name, _role, password in DEMO_USERS])
        out.info("cli.demo.next", path=str(data_dir.root))
    finally:
        ctx.close()
    return 0


def db_backup(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    with open_context(data_dir, out, args) as ctx:
        path = ctx.db.backup(args.dest)
    out.info("cli.db.backup_done", path=str(path))
    return 0


def db_integrity(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.store import integrity
    from learncenter.store import records as repo

    with open_context(data_dir, out, args, upgrade=False) as ctx:
        problems = ctx.db.integrity()
        missing = ctx.db.missing_blobs()
        found = integrity.check(ctx.db)
        with ctx.db.session() as session:
            blobs = repo.blob_count(session)
        orphans = list(found.orphans)
        if args.repair and orphans:
            kb = _kb(orphans)
            removed = sum(ctx.db.blobs.remove_orphan(path) for path in orphans)
            out.info("cli.db.orphans_removed", count=removed, kb=kb)
            orphans = []
    if not problems and not missing and not found.guards and not found.altered and not orphans:
        out.info("cli.db.integrity_ok", blobs=blobs)
        return 0
    for problem in problems:
        out.info("cli.db.integrity_problem", problem=problem)
    for sha in missing:
        out.info("cli.db.blob_missing", sha256=sha)
    for guard in found.guards:
        out.info(f"cli.db.guard.{guard.kind}", name=guard.name)
    for record_id in found.altered:
        out.info("cli.db.sealed_altered", record_id=record_id)
    if orphans:
        out.info("cli.db.orphans", count=len(orphans), kb=_kb(orphans))
    return 1


def _kb(paths: list[Path]) -> int:
    return (sum(p.stat().st_size for p in paths if p.exists()) + 1023) // 1024


def db_upgrade(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.store.migrate import head_revision

    with open_context(data_dir, out, args):
        pass
    out.info("cli.db.upgrade_done", head=head_revision())
    return 0


def db_recover(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.store.database import recover_database

    key = args.recovery_key
    if key is None:
        key = getpass.getpass(out.say("cli.db.recover_prompt")) if sys.stdin.isatty() else sys.stdin.readline()
    recover_database(data_dir, key.strip())
    out.info("cli.db.recover_done")
    return 0


def users_add(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    """The first user of a new database is its first administrator, added without a sign-in;
    every later one is added by an administrator who signs in (whose password, with
    ``--password-stdin`` at the top level, is the first line of standard input)."""
    from learncenter.services.first_start import create_center
    from learncenter.services.users import FIRST_USER_ADMIN

    role = Role(args.role)
    if not data_dir.exists() or not _has_users(data_dir):
        if role is not Role.ADMIN:
            if not data_dir.exists():
                out.error(out.say("cli.users.first_admin_only", path=str(data_dir.root)))
                return 2
            raise DomainError(Problem(FIRST_USER_ADMIN, "role"))
        created = create_center(data_dir, args.name, _new_password(args))  # checks before it writes
        if created.recovery_key:
            out.info("cli.recovery_key", key=created.recovery_key)
        added = created.added
    else:
        with open_context(data_dir, out) as ctx:
            admin = sign_in(ctx.users, out, args)
            added = ctx.users.add(args.name, role, actor=admin, password=_new_password(args))
    out.info("cli.users.added", name=added.name, role=added.role.value)
    if added.generated:
        out.info("cli.users.password", password=added.password)
    return 0


def _has_users(data_dir: DataDir) -> bool:
    from learncenter.services.users import UserService
    from learncenter.store.database import open_database

    db = open_database(data_dir)
    try:
        return UserService(db).any_user()
    finally:
        db.close()


def _new_password(args: argparse.Namespace) -> str | None:
    return sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None


def users_list(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    with open_context(data_dir, out, args) as ctx:
        out.table([(name, role + ("" if active else " (inactive)")) for name, role, active
                   in ctx.users.list(actor=ctx.user)])
    return 0
