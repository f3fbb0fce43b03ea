"""`learncenter sync ...`: enroll, run, status, export, import-receipt, conflicts and rotate-key,
for people and scripts.

The HTTP transport (``learncenter.sync.transport``) is imported inside the two commands that go
online, so the offline ones (status, export, import-receipt) work without it; the rest of the
sync package, and the database under it, inside each command, so building the parser loads none.
"""

from __future__ import annotations

import argparse
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learncenter import __version__
from learncenter.domain.permissions import Permission
from learncenter.cli.help_texts import help_code
from learncenter.cli.opening import open_context
from learncenter.cli.output import Output
from learncenter.domain.codes import field_label
from learncenter.domain.messages import define
from learncenter.domain.sync_limits import GuardLevel
from learncenter.store.layout import DataDir

if TYPE_CHECKING:
    from learncenter.context import AppContext
    from learncenter.sync.center import ConnectForRotation
    from learncenter.sync.engine import SyncEngine, SyncReport
    from learncenter.sync.link import Connect, EnrollSender

define("cli.sync.enrolled", zh="已登记到登记机构：学习中心 {center_id}（{center_name}）。",
       en="Enrolled with the registry: learning center {center_id} ({center_name}).")
define("cli.sync.reenrolled", zh="已重新登记：学习中心 {center_id}（{center_name}），本机已换用新的设备密钥。",
       en="Enrolled again: learning center {center_id} ({center_name}); this computer now uses a new device key.")
define("cli.sync.compare_key",
       zh="请与登记机构管理员核对登记机构密钥编号：{key_id}。如不一致，请勿使用并立即联系管理员。",
       en="Compare the registry key id with the administrator's: {key_id}. If it differs, do not use this "
          "enrollment and contact the administrator at once.")
define("cli.sync.device_key", zh="本机设备密钥编号：{key_id}", en="Device key id of this computer: {key_id}")
define("cli.sync.number_block", zh="准考证号段：{first}–{last}", en="Notice number block: {first}-{last}")
define("cli.sync.run_done",
       zh="同步完成：新建批次 {built} 个，登记机构确认批次 {committed} 个；接收 {accepted} 条，退回 {returned} 条；"
          "下载更新 {changes} 条，冲突 {conflicts} 条；收到考生网上提交的材料 {materials} 份。",
       en="Sync done: {built} batches built, {committed} committed by the registry; {accepted} records accepted, "
          "{returned} returned; {changes} updates received, {conflicts} conflicts; {materials} submitted "
          "materials fetched.")
define("cli.sync.problem", zh="  问题：{text}", en="  problem: {text}")
define("cli.sync.update_available", zh="登记机构发布了新版本 {version}：管理员可用 learncenter update fetch 下载，下次启动时安装。",
       en="The registry published version {version}: an administrator downloads it with learncenter update fetch; "
          "it is installed at the next start.")
define("cli.sync.returned_hint", zh="有记录被退回：请在“退回记录”页查看原因并经主管批准更正。",
       en="Some records were returned: see the reasons on the Returned records page and correct them with a "
          "supervisor's approval.")
define("cli.sync.cancelled", zh="同步已取消；已完成的部分已保存，下次继续。",
       en="Sync cancelled; what was done is saved and the next run continues.")
define("cli.sync.not_enrolled", zh="尚未登记到登记机构（learncenter sync enroll 网址 登记码）。",
       en="Not enrolled with a registry yet (learncenter sync enroll URL CODE).")
define("cli.sync.center", zh="学习中心", en="Center")
define("cli.sync.registry", zh="登记机构", en="Registry")
define("cli.sync.registry_key", zh="登记机构密钥编号", en="Registry key id")
define("cli.sync.items", zh="上报条目", en="Outbox items")
define("cli.sync.items_value",
       zh="待打包 {pending}，已打包 {batched}，发送中 {sending}，已接收 {accepted}，已退回 {returned}，出错 {error}",
       en="pending {pending}, batched {batched}, sending {sending}, accepted {accepted}, returned {returned}, "
          "error {error}")
define("cli.sync.item_error", zh="  未能上报：{name}（{id_number}）：{text}",
       en="  not sent: {name} ({id_number}): {text}")
define("cli.sync.open_batches", zh="未获回执的批次", en="Batches without receipt")
define("cli.sync.conflicts", zh="未处理的同步冲突", en="Open sync conflicts")
define("cli.sync.profile_eligibility", zh="报名资格配置", en="Eligibility profile")
define("cli.sync.profile_photo", zh="照片规格配置", en="Photo profiles")
define("cli.sync.profile_registry", zh="{version}（登记机构下发，第 {registry_version} 版）",
       en="{version} (from the registry, version {registry_version})")
define("cli.sync.profile_local", zh="{version}（本机管理员配置）", en="{version} (this center's administrator's)")
define("cli.sync.profile_shipped", zh="{version}（程序自带）", en="{version} (shipped with the program)")
define("cli.sync.waited", zh="最早一条等待天数", en="Oldest waiting (days)")
define("cli.sync.last_sync", zh="上次同步", en="Last sync")
define("cli.sync.never", zh="从未", en="never")
define("cli.sync.none", zh="无", en="none")
define("cli.sync.exported", zh="已写出批次文件：{path}", en="Batch file written: {path}")
define("cli.sync.export_count",
       zh="共 {count} 个批次文件。请把它们交给登记机构导入，再用 learncenter sync import-receipt 导入回执。",
       en="{count} batch files in all. Take them to the registry for import, then read the receipt with "
          "learncenter sync import-receipt.")
define("cli.sync.nothing_to_export", zh="没有需要上报的记录，未写出文件。", en="Nothing waits to be sent; no file written.")
define("cli.sync.receipt_done",
       zh="回执已核验并导入：批次 {sequence}，接收 {accepted} 条，退回 {returned} 条，此前已处理 {unchanged} 条。",
       en="Receipt verified and applied: batch {sequence}, {accepted} accepted, {returned} returned, "
          "{unchanged} already applied before.")

define("cli.sync.no_conflicts", zh="没有未处理的同步冲突。", en="There are no open sync conflicts.")
define("cli.sync.conflict_head",
       zh="冲突 {conflict_id}：{who}（{key}），登记机构第 {version} 版，收到于 {received}；原因：{reason}",
       en="Conflict {conflict_id}: {who} ({key}), registry version {version}, received {received}; "
          "reason: {reason}")
define("cli.sync.conflict_reason.local_changes", zh="本机已修改该预报名", en="the pre-registration was changed here")
define("cli.sync.conflict_reason.local_record", zh="本机已录入同一考生", en="the same candidate was entered here")
define("cli.sync.conflict_reason.invalid", zh="登记机构发来的数据有误", en="what the registry sent is not valid")
define("cli.sync.conflict_field", zh="    {field}：登记机构“{theirs}”，本机“{ours}”",
       en="    {field}: registry '{theirs}', here '{ours}'")
define("cli.sync.conflict_hint",
       zh="请在工作站“退回记录”页的“同步冲突”中选择保留本机版本或采用登记机构的版本。",
       en="Choose to keep this center's version or take the registry's in the workstation, on the Returned "
          "records page under Sync conflicts.")
define("cli.sync.rotated",
       zh="设备密钥已更换：新密钥 {new_key_id} 已启用（登记机构确认于 {rotated_at}）；旧密钥 {old_key_id} 已停用，"
          "其公钥保留用于核验已签发的通知书。",
       en="Device key replaced: the new key {new_key_id} is in use (confirmed by the registry at {rotated_at}); "
          "the old key {old_key_id} is retired and its public key kept to verify notices already signed.")


def register(commands: Any, out: Output) -> None:
    sync = commands.add_parser("sync", help=out.say(help_code("sync"))).add_subparsers(
        dest="sync_command", required=True)
    p = sync.add_parser("enroll", help=out.say(help_code("sync_enroll")))
    p.add_argument("url")
    p.add_argument("code")
    p.add_argument("--device-name", help=out.say(help_code("sync_device_name")))
    p.set_defaults(handler=sync_enroll, permission=Permission.ENROLL)
    p = sync.add_parser("run", help=out.say(help_code("sync_run")))
    p.add_argument("--registry", metavar="URL", help=out.say(help_code("sync_registry")))
    p.set_defaults(handler=sync_run, permission=Permission.SYNC)
    sync.add_parser("status", help=out.say(help_code("sync_status"))).set_defaults(handler=sync_status, permission=Permission.SYNC)
    p = sync.add_parser("export", help=out.say(help_code("sync_export")))
    p.add_argument("file", type=Path)
    p.set_defaults(handler=sync_export, permission=Permission.SYNC)
    p = sync.add_parser("import-receipt", help=out.say(help_code("sync_import_receipt")))
    p.add_argument("file", type=Path)
    p.set_defaults(handler=sync_import_receipt, permission=Permission.SYNC)
    sync.add_parser("conflicts", help=out.say(help_code("sync_conflicts"))).set_defaults(handler=sync_conflicts, permission=Permission.RETURNED)
    p = sync.add_parser("rotate-key", help=out.say(help_code("sync_rotate_key")))
    p.add_argument("--registry", metavar="URL", help=out.say(help_code("sync_registry")))
    p.set_defaults(handler=sync_rotate_key, permission=Permission.ENROLL)


def sync_engine(ctx: AppContext) -> SyncEngine:
    """The engine for this center, with its profiles' versions for the manifests."""
    from learncenter.sync.center import center_engine

    return center_engine(ctx.db, actor=ctx.user, data_dir=ctx.data_dir.root,
                         eligibility_version=ctx.profile.version)


def sync_enroll(args: argparse.Namespace, out: Output, data_dir: DataDir, *,
                send: EnrollSender | None = None) -> int:
    """``send`` is the seam for tests; by default the HTTP transport's ``enroll``."""
    from learncenter.sync.enrollment import enroll
    from learncenter.sync.transport import enroll as http_enroll  # httpx loads only when going online

    sender: EnrollSender = send or http_enroll
    with open_context(data_dir, out, args) as ctx:
        result = enroll(ctx.db, sender, url=args.url, code=args.code,
                        device_name=args.device_name or socket.gethostname(), client_version=__version__,
                        actor=ctx.user)
    out.info("cli.sync.reenrolled" if result.again else "cli.sync.enrolled", center_id=result.center_id,
             center_name=result.center_name)
    out.info("cli.sync.compare_key", key_id=result.registry_key_id)
    out.info("cli.sync.device_key", key_id=result.device_key_id)
    out.info("cli.sync.number_block", first=result.number_block[0], last=result.number_block[1])
    return 0


def sync_run(args: argparse.Namespace, out: Output, data_dir: DataDir, *,
             connect: Connect | None = None) -> int:
    """``connect`` is the seam for tests; by default the HTTP transport's ``RegistryLink``."""
    from learncenter.sync.center import open_link

    from learncenter.cli.progress import Progress

    progress = Progress(out)
    with open_context(data_dir, out, args) as ctx:
        link = open_link(ctx.db, actor=ctx.user, url=args.registry, connect=connect)
        try:
            report = sync_engine(ctx).run(link, progress=progress)
        finally:
            link.close()
            progress.finish()
    return print_report(report, out)


def print_report(report: SyncReport, out: Output) -> int:
    out.info("cli.sync.run_done", built=report.built, committed=report.committed, accepted=report.accepted,
             returned=report.returned, changes=report.changes, conflicts=report.conflicts,
             materials=report.materials)
    for problem in report.problems:
        out.info("cli.sync.problem", text=problem.text(out.lang))
    if report.update is not None:
        out.info("cli.sync.update_available", version=report.update)
    if report.returned:
        out.info("cli.sync.returned_hint")
    if report.cancelled:
        out.info("cli.sync.cancelled")
    return 0 if report.ok and not report.returned and not report.conflicts else 1


def sync_status(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.sync.batch_states import problem_text

    with open_context(data_dir, out, args) as ctx:
        status = sync_engine(ctx).status()
    if not status.enrolled:
        out.info("cli.sync.not_enrolled")
    counts = {state: status.items.get(state, 0)
              for state in ("pending", "batched", "sending", "accepted", "returned", "error")}
    none = out.say("cli.sync.none")
    rows = [
        (out.say("cli.sync.center"), f"{status.center_id} {status.center_name}".strip() or none),
        (out.say("cli.sync.registry"), status.registry_url or none),
        (out.say("cli.sync.registry_key"), status.registry_key_id or none),
        (out.say("cli.sync.items"), out.say("cli.sync.items_value", **counts)),
        (out.say("cli.sync.open_batches"), str(status.open_batches)),
        (out.say("cli.sync.conflicts"), str(status.conflicts)),
        (out.say("cli.sync.waited"), f"{status.waited_days:.1f}" if status.waited_days is not None else none),
        (out.say("cli.sync.last_sync"),
         status.last_sync.strftime("%Y-%m-%d %H:%M UTC") if status.last_sync else out.say("cli.sync.never")),
    ]
    for profile in status.profiles:
        rows.append((out.say(f"cli.sync.profile_{profile.name}"),
                     out.say(f"cli.sync.profile_{profile.source}", version=profile.version,
                             registry_version=profile.registry_version)))
    out.table(rows)
    for name, id_number, problem in status.errors:
        out.info("cli.sync.item_error", name=name, id_number=id_number, text=problem_text(problem, out.lang))
    if status.guard_problem is not None:
        out.line(status.guard_problem.text(out.lang))
    trouble = counts["error"] or status.conflicts or status.guard is not GuardLevel.OK or not status.enrolled
    return 1 if trouble else 0


def sync_export(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.sync.media_file import export_batches

    with open_context(data_dir, out, args) as ctx:
        paths = export_batches(ctx.db, sync_engine(ctx), args.file, actor=ctx.user)
    if not paths:
        out.info("cli.sync.nothing_to_export")
        return 0
    for path in paths:
        out.info("cli.sync.exported", path=str(path))
    out.info("cli.sync.export_count", count=len(paths))
    return 0


def sync_import_receipt(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.sync.media_file import import_receipt_file

    with open_context(data_dir, out, args) as ctx:
        outcome = import_receipt_file(ctx.db, args.file, actor=ctx.user)
    out.info("cli.sync.receipt_done", sequence=outcome.sequence, accepted=outcome.accepted,
             returned=outcome.returned, unchanged=outcome.unchanged)
    if outcome.returned:
        out.info("cli.sync.returned_hint")
    return 1 if outcome.returned or outcome.errors else 0


def sync_conflicts(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    """Each open conflict with the fields where the registry's version differs from ours;
    exit 1 while any is open (like ``sync status``)."""
    from learncenter.services.sync_conflicts import open_conflicts

    with open_context(data_dir, out, args) as ctx:
        conflicts = open_conflicts(ctx.db, actor=ctx.user)
    if not conflicts:
        out.info("cli.sync.no_conflicts")
        return 0
    for conflict in conflicts:
        out.info("cli.sync.conflict_head", conflict_id=conflict.conflict_id, who=conflict.who, key=conflict.key,
                 version=conflict.version, received=conflict.received_at.strftime("%Y-%m-%d %H:%M UTC"),
                 reason=out.say(f"cli.sync.conflict_reason.{conflict.reason}"))
        ours = conflict.local_data or {}
        for name in sorted(set(conflict.registry_data) | set(ours)):
            theirs, held = conflict.registry_data.get(name), ours.get(name)
            if conflict.local_data is not None and theirs != held:
                out.info("cli.sync.conflict_field", field=field_label(name, out.lang), theirs="" if theirs is None else theirs,
                         ours="" if held is None else held)
    out.info("cli.sync.conflict_hint")
    return 1


def sync_rotate_key(args: argparse.Namespace, out: Output, data_dir: DataDir, *,
                    connect: ConnectForRotation | None = None) -> int:
    """``connect`` is the seam for tests; by default the HTTP transport's ``RegistryLink``."""
    from learncenter.sync.center import rotate_with_registry

    with open_context(data_dir, out, args) as ctx:
        rotation = rotate_with_registry(ctx.db, actor=ctx.user, url=args.registry, connect=connect)
    out.info("cli.sync.rotated", new_key_id=rotation.new_key_id, old_key_id=rotation.old_key_id,
             rotated_at=rotation.rotated_at)
    return 0
