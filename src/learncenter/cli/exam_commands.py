"""Commands for exam sessions: sessions, seats assign, notices, room-lists, registration-forms,
verify-notice, notice-keys export.

The documents package (PDF notices, QR signatures, reading a QR back) is imported inside the
commands that need it, so listing sessions or seating candidates never loads reportlab or the QR
reader; the services and the store likewise, so that building the parser loads none of them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learncenter.domain.permissions import Permission
from learncenter.cli.help_texts import help_code
from learncenter.cli.opening import open_context
from learncenter.cli.output import Output
from learncenter.domain.masking import mask_id_number
from learncenter.domain.messages import define
from learncenter.domain.seating import SeatRules
from learncenter.store.layout import DataDir

if TYPE_CHECKING:
    from learncenter.services.exam_notices import RefusedNotice

define("cli.sessions.none", zh="还没有考试安排：用 learncenter sessions add --from 文件.json 定义，或同步获取。",
       en="No exam sessions yet: define one with `learncenter sessions add --from FILE.json`, or synchronise.")
define("cli.sessions.row", zh="{code}  {name}（{category}，{term}，{source}）：{subjects} 个科目，{rooms} 个考场，"
       "{seats} 个座位，已编排 {seated} 人",
       en="{code}  {name} ({category}, {term}, {source}): {subjects} subjects, {rooms} rooms, {seats} seats, "
          "{seated} seated")
define("cli.sessions.saved", zh="考试安排 {code} 已{how}。", en="Exam session {code} {how}.")
define("cli.sessions.created", zh="创建", en="created")
define("cli.sessions.updated", zh="更新", en="updated")
define("cli.sessions.bad_json", zh="{path} 不是有效的 JSON 文件（第 {line} 行）：{reason}",
       en="{path} is not valid JSON (line {line}): {reason}")
define("cli.seats.preview", zh="预览（未保存）：", en="Preview (nothing saved):")
define("cli.seats.saved", zh="已保存：{new} 人新编排，{kept} 人保持原座位。",
       en="Saved: {new} newly seated, {kept} kept their seats.")
define("cli.seats.planned", zh="将新编排 {new} 人，{kept} 人保持原座位。", en="{new} would be seated, {kept} keep their seats.")
define("cli.seats.room", zh="{room}（{name}）", en="{room} ({name})")
define("cli.seats.room_figures", zh="已坐 {seated} / 可用 {usable}，空余 {free}", en="{seated} of {usable} seated, {free} free")
define("cli.notices.refused", zh="以下 {count} 名考生没有标准照片，未打印准考证：请先采集照片",
       en="{count} candidates have no standard photo and got no notice: capture their photos first")
define("cli.notices.written", zh="已写出 {count} 份准考证：{path}", en="{count} notices written: {path}")
define("cli.notices.none", zh="考试安排 {code} 还没有编排座位：先运行 learncenter seats assign {code}",
       en="Nobody is seated in session {code} yet: run `learncenter seats assign {code}` first")
define("cli.rooms.written", zh="已写出 {rooms} 个考场的签到表和门贴（共 {candidates} 人）到 {path}：",
       en="Sign-in sheets and door lists of {rooms} rooms ({candidates} candidates) written to {path}:")
define("cli.rooms.row", zh="{room}（{venue}）：{count} 人", en="{room} ({venue}): {count} candidates")
define("cli.forms.written", zh="已写出 {count} 份考生报名登记表到 {path}", en="{count} registration forms written to {path}")
define("cli.verify.none", zh="{path} 中没有找到可读的二维码：请重新拍摄或扫描，确保二维码清晰完整",
       en="No readable QR code was found in {path}: photograph or scan it again, sharp and whole")
define("cli.verify.missing", zh="找不到文件 {path}：请给出准考证的 PDF、照片或扫描件",
       en="There is no file {path}: give the PDF, a photo or a scan of the notice")
define("cli.verify.status.valid", zh="有效", en="valid")
define("cli.verify.status.forged", zh="伪造（签名不符）", en="forged (the signature does not match)")
define("cli.verify.status.altered", zh="已被改动", en="altered")
define("cli.verify.status.unknown_key", zh="签名密钥未知", en="signed with an unknown key")
define("cli.verify.status.unreadable", zh="无法读取", en="unreadable")
define("cli.verify.verdict", zh="第 {n} 个二维码：{status}（密钥 {key_id}，{center}）",
       en="QR code {n}: {status} (key {key_id}, {center})")
define("cli.keys.exported", zh="已导出 {count} 个公钥到 {path}：交给考点用于核验准考证。",
       en="{count} public keys exported to {path}: give this file to the exam site to check notices.")


def register(commands: Any, out: Output) -> None:
    p = commands.add_parser("sessions", help=out.say(help_code("sessions")))
    p.set_defaults(handler=sessions_list, permission=Permission.EXAMS)
    sub = p.add_subparsers(dest="sessions_command")
    add = sub.add_parser("add", help=out.say(help_code("sessions_add")))
    add.add_argument("--from", dest="source", type=Path, required=True, help=out.say(help_code("sessions_from")))
    add.add_argument("--term", help=out.say(help_code("sessions_term")))
    add.set_defaults(handler=sessions_add, permission=Permission.EXAMS)

    seats = commands.add_parser("seats", help=out.say(help_code("seats"))).add_subparsers(
        dest="seats_command", required=True)
    p = seats.add_parser("assign", help=out.say(help_code("seats_assign")))
    p.add_argument("session")
    p.add_argument("--preview", action="store_true", help=out.say(help_code("seats_preview")))
    p.add_argument("--balanced", action="store_true", help=out.say(help_code("seats_balanced")))
    p.add_argument("--no-grouping", action="store_true", help=out.say(help_code("seats_no_grouping")))
    p.add_argument("--keep-free", type=int, metavar="N", help=out.say(help_code("seats_keep_free")))
    p.set_defaults(handler=seats_assign, permission=Permission.EXAMS)

    p = commands.add_parser("notices", help=out.say(help_code("notices")))
    p.add_argument("session")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, help=out.say(help_code("notices_out")))
    target.add_argument("--out-dir", type=Path, help=out.say(help_code("notices_out_dir")))
    p.set_defaults(handler=notices, permission=Permission.EXAMS)

    p = commands.add_parser("room-lists", help=out.say(help_code("room_lists")))
    p.add_argument("session")
    p.add_argument("--out-dir", type=Path, required=True, help=out.say(help_code("room_lists_out_dir")))
    p.set_defaults(handler=room_lists, permission=Permission.EXAMS)

    p = commands.add_parser("registration-forms", help=out.say(help_code("registration_forms")))
    p.add_argument("session")
    p.add_argument("--out-dir", type=Path, required=True, help=out.say(help_code("room_lists_out_dir")))
    p.set_defaults(handler=registration_forms, permission=Permission.EXAMS)

    p = commands.add_parser("verify-notice", help=out.say(help_code("verify_notice")))
    p.add_argument("file", type=Path)
    p.add_argument("--keys", type=Path, help=out.say(help_code("verify_keys")))
    p.set_defaults(handler=verify_notice)

    keys = commands.add_parser("notice-keys", help=out.say(help_code("notice_keys"))).add_subparsers(
        dest="keys_command", required=True)
    p = keys.add_parser("export", help=out.say(help_code("notice_keys_export")))
    p.add_argument("file", type=Path)
    p.set_defaults(handler=notice_keys_export, permission=Permission.EXAMS)


def sessions_list(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    with open_context(data_dir, out, args) as ctx:
        summaries = ctx.exams.sessions()
    if not summaries:
        out.info("cli.sessions.none")
    for s in summaries:
        out.info("cli.sessions.row", code=s.code, name=s.name, category=s.exam_category, term=s.term,
                 source=s.source, subjects=s.subjects, rooms=s.rooms, seats=s.seats, seated=s.seated)
    return 0


def sessions_add(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    raw = args.source.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", 1)
        out.error(out.say("cli.sessions.bad_json", path=str(args.source), line=line, reason=str(exc)))
        return 2
    from learncenter.services.exam_definitions import parse_session

    spec = parse_session(data, term=args.term)
    with open_context(data_dir, out, args) as ctx:
        saved = ctx.exams.save_session(spec, actor=ctx.user)
    out.info("cli.sessions.saved", code=saved.code,
             how=out.say("cli.sessions.created" if saved.created else "cli.sessions.updated"))
    return 0


def seats_assign(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    rules = SeatRules(group_by_level_and_major=not args.no_grouping, fill_rooms_in_order=not args.balanced)
    with open_context(data_dir, out, args) as ctx:
        if args.preview:
            plan = ctx.exams.assign(args.session, rules, preview=True, keep_free=args.keep_free, actor=ctx.user)
            rows = ctx.exams.plan_rows(args.session, plan)
        else:
            rows = ctx.exams.plan_rows(args.session, ctx.exams.assign(args.session, rules, preview=True,
                                                                      keep_free=args.keep_free, actor=ctx.user))
            plan = ctx.exams.assign(args.session, rules, preview=False, actor=ctx.user, keep_free=args.keep_free)
        rooms = {r.code: r for r in ctx.exams.rooms(args.session)}
    new = sum(1 for r in rows if r.status == "new")
    if args.preview:
        out.info("cli.seats.preview")
        out.info("cli.seats.planned", new=new, kept=len(rows) - new)
    else:
        out.info("cli.seats.saved", new=new, kept=len(rows) - new)
    free = plan.free_seats()
    seated = {room.room_id: room.usable_seats - free[room.room_id] for room in plan.rooms}
    out.table([(out.say("cli.seats.room", room=room.room_id, name=rooms[room.room_id].name),
                out.say("cli.seats.room_figures", seated=seated[room.room_id], usable=room.usable_seats,
                        free=free[room.room_id])) for room in plan.rooms])
    for problem in plan.problems:
        out.line(problem.text(out.lang))
    return 1 if plan.problems else 0


def notices(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.documents import notices as rendering
    from learncenter.services import exam_notices
    from learncenter.store import device_key

    with open_context(data_dir, out, args) as ctx:
        printable, refused = exam_notices.notices(ctx.db, ctx.exams, args.session)
        signing_key = device_key.current_key(ctx.db, actor=ctx.user.name).private_bytes_raw()
    if not printable and not refused:
        out.error(out.say("cli.notices.none", code=args.session))
        return 2
    if printable:
        from learncenter.cli.progress import Progress

        with Progress(out) as progress:

            def pages(done: int, total: int) -> None:
                progress("pages", done, total)

            if args.out is not None:
                run = rendering.write_notices(printable, args.out, signing_key=signing_key, progress=pages)
                target = args.out
            else:
                run = rendering.write_notice_files(printable, args.out_dir, signing_key=signing_key, progress=pages)
                target = args.out_dir
        with open_context(data_dir, out, args) as ctx:  # printed notices guard their rooms from removal
            ctx.exams.record_printed_notices(args.session, actor=ctx.user,
                                             kind="pdf" if args.out is not None else "files")
        out.info("cli.notices.written", count=run.written, path=str(target))
    if refused:
        out.info("cli.notices.refused", count=len(refused))
        out.table([(r.notice_number, f"{r.name}  {mask_id_number(r.id_number)}") for r in refused])
        return 1
    return 0


def _refused(out: Output, refused: list[RefusedNotice]) -> int:
    """List the seated candidates left out for want of a photo; 1 when there are any."""
    if not refused:
        return 0
    out.info("cli.notices.refused", count=len(refused))
    out.table([(r.notice_number, f"{r.name}  {mask_id_number(r.id_number)}") for r in refused])
    return 1


def room_lists(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.documents import room_documents as sheets
    from learncenter.services import exam_notices

    with open_context(data_dir, out, args) as ctx:
        printable, refused = exam_notices.notices(ctx.db, ctx.exams, args.session)
    rosters = exam_notices.rosters_of(printable, args.session)
    if not rosters and not refused:
        out.error(out.say("cli.notices.none", code=args.session))
        return 2
    rooms = [sheets.RoomSheetData(r.session_name, r.venue_name, r.room, r.subjects, r.rows) for r in rosters]
    from learncenter.cli.progress import Progress
    from learncenter.documents import room_files

    with Progress(out) as progress:
        run = room_files.write_room_lists(rooms, args.out_dir, progress=lambda done, total: progress("rooms", done, total))
    out.info("cli.rooms.written", rooms=len(run.rooms), candidates=sum(r.candidates for r in run.rooms),
             path=str(args.out_dir))
    out.table([(out.say("cli.rooms.row", room=r.room, venue=r.venue, count=r.candidates),
                f"{r.sign_in.name}  {r.door.name}") for r in run.rooms], indent=4)
    return _refused(out, refused)


def registration_forms(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.services import exam_notices

    with open_context(data_dir, out, args) as ctx:
        printable, refused = exam_notices.notices(ctx.db, ctx.exams, args.session)
    if not printable and not refused:
        out.error(out.say("cli.notices.none", code=args.session))
        return 2
    from learncenter.cli.progress import Progress
    from learncenter.documents import room_files

    with Progress(out) as progress:
        run = room_files.write_registration_forms(
            printable, args.out_dir, progress=lambda done, total: progress("forms", done, total))
    out.info("cli.forms.written", count=len(run.forms), path=str(args.out_dir))
    return _refused(out, refused)


def _trusted_keys(args: argparse.Namespace, out: Output, data_dir: DataDir) -> list[Any]:
    """The keys given with --keys, or by default this center's own (every key it has used)."""
    from learncenter.documents import notice_qr as qr
    if args.keys is not None:
        return list(qr.read_keys_file(args.keys.read_bytes()))
    from learncenter.services import exam_notices

    with open_context(data_dir, out, args) as ctx:
        return exam_notices.exam_site_keys(ctx.db)


def verify_notice(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    if not args.file.is_file():
        out.error(out.say("cli.verify.missing", path=str(args.file)))
        return 2
    from learncenter.documents import notice_verify
    verdicts = notice_verify.verify_notice_file(args.file, _trusted_keys(args, out, data_dir))
    if not verdicts:
        out.info("cli.verify.none", path=str(args.file))
        return 1
    for n, verdict in enumerate(verdicts, start=1):
        out.info("cli.verify.verdict", n=n, status=out.say(f"cli.verify.status.{verdict.status}"),
                 key_id=verdict.key_id or "-", center=verdict.center_name or "-")
        out.table([(key, str(value)) for key, value in verdict.fields.items()], indent=4)
        if verdict.problem is not None:
            out.line("    " + verdict.problem.text(out.lang))
    return 0 if all(v.status == "valid" for v in verdicts) else 1


def notice_keys_export(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.documents import notice_qr as qr
    from learncenter.services import exam_notices

    with open_context(data_dir, out, args) as ctx:
        keys = exam_notices.exam_site_keys(ctx.db)
    args.file.write_bytes(qr.keys_file_bytes(keys))
    out.info("cli.keys.exported", count=len(keys), path=str(args.file))
    return 0

