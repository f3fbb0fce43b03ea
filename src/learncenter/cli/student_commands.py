"""Commands about student status: ``students …`` and ``certificates …``.

A student is named by student number or ID number. Requests the registry decides (status changes,
graduation, corrections, lost certificates) are recorded here and travel with the next sync.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from learncenter.cli.help_texts import help_code
from learncenter.cli.opening import open_context
from learncenter.cli.output import Output
from learncenter.domain import codes
from learncenter.domain.certificate_registration import CERTIFICATE_TYPE_LABELS, CertificateType
from learncenter.domain.masking import mask_id_number
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.permissions import Permission
from learncenter.domain.student_rules import academic_year_label, parse_academic_year
from learncenter.domain.student_status import STATUS_LABELS, StudentStatus
from learncenter.store.layout import DataDir

define("cli.students.none", zh="没有符合条件的学生。", en="No student matches.")
define("cli.students.count", zh="共 {count} 名学生：", en="{count} students:")
define("cli.students.unknown", zh="没有学号或身份证号为“{key}”的学生。", en="No student has the number or ID number \"{key}\".")
define("cli.students.admitted", zh="{path}：读取 {rows} 行，录取 {admitted} 名，已有 {unchanged} 名，拒绝 {refused} 行。",
       en="{path}: {rows} rows read, {admitted} admitted, {unchanged} already here, {refused} refused.")
define("cli.students.refused", zh="  {reason}", en="  {reason}")
define("cli.students.registered", zh="{name} 已报到注册，学号 {student_no}。", en="{name} reported and is registered as {student_no}.")
define("cli.students.decided", zh="{name}：{status}。", en="{name}: {status}.")
define("cli.students.requested", zh="已记录申请（编号 {event}），下次同步时报总部审核；批准后生效。",
       en="Request {event} recorded; it goes to the registry with the next sync and takes effect once approved.")
define("cli.students.year", zh="{year} 学年注册：注册 {registered} 名，已注册 {already} 名，无须注册 {not_due} 名，暂不能注册 {held} 名。",
       en="Academic year {year}: {registered} registered, {already} already, {not_due} not due, {held} cannot be registered.")
define("cli.students.held", zh="  {student_no} {name}：{why}", en="  {student_no} {name}: {why}")
define("cli.students.field", zh="更正项“{value}”应写成 项目=新值，例如 name=张叁。",
       en="Correction \"{value}\" must be written field=new value, e.g. name=Zhang San.")
define("cli.students.entry", zh="已记录。", en="Recorded.")
define("cli.students.exported", zh="已导出 {rows} 行到 {path}。", en="{rows} rows exported to {path}.")
define("cli.students.photos", zh="照片 {photos} 张已写入 {path}；{without} 名学生没有照片。",
       en="{photos} photos written to {path}; {without} students have no photo.")
define("cli.certificates.none", zh="还没有注册的学历证书。", en="No certificate is registered yet.")
define("cli.certificates.lost", zh="（已挂失）", en=" (reported lost)")
define("cli.certificates.proof_written", zh="学历证明书已写入 {path}。", en="The proof is in {path}.")

_HELP = {
    "students": ("学籍：录取、报到注册、学年注册、学籍异动、毕业", "student status: admission, registration, years, changes, graduation"),
    "students_list": ("列出学生（可按年级、层次、专业、学籍状态筛选）", "list students (filter by grade, level, major, status)"),
    "students_show": ("显示一名学生的学籍和时间线", "show a student's record and timeline"),
    "students_admit": ("导入录取名单（CSV/XLSX：身份证号、批次、层次、专业、学制、入学日期）", "import an admission list (CSV/XLSX: ID number, term, level, major, length, enrolment date)"),
    "students_register": ("为已录取的学生办理报到注册，分配学号", "register admitted students who reported, giving student numbers"),
    "students_admission": ("放弃、保留、恢复或取消入学资格（give_up、14、15、16）", "give up, retain, restore or cancel an admission (give_up, 14, 15, 16)"),
    "students_request_change": ("申请学籍异动（DOMAIN §7 的异动代码，如 11 休学、12 复学、23 转专业），由总部审核", "request a status change (a DOMAIN §7 code such as 11 leave, 12 return, 23 change of major); the registry decides"),
    "students_year_register": ("学年注册（不指定学生时为所有应注册的学生）", "register students for an academic year (all who are due when none is named)"),
    "students_graduate": ("提交毕业（学历注册）数据和毕业照片，由总部注册学历证书", "submit graduation data and photo; the registry registers the certificate"),
    "students_correct": ("申请更正已注册学历证书的信息（项目=新值），由总部审核", "request a correction of a registered certificate (field=value); the registry's reviewer decides"),
    "students_entry": ("记录奖励或处分（日期、名称、说明）", "record a reward or a punishment (date, title, text)"),
    "students_export": ("按学信网上报模板导出（status：新生学籍注册；certificates：学历注册）到 .xlsx 或 .csv", "export in CHSI's upload template (status: enrolment registration; certificates: certificate registration) to .xlsx or .csv"),
    "students_export_photos": ("同时把照片按身份证号命名（480×640 JPEG）写入此 zip 文件", "also write the photos, named by ID number (480x640 JPEG), to this zip file"),
    "student_key": ("学号或身份证号", "student number or ID number"),
    "reason": ("原因", "the reason"),
    "on_date": ("日期（默认今天）", "the date (default: today)"),
    "evidence": ("证明材料扫描件（可多个）", "scans of the evidence (one or more)"),
    "certificates": ("学历证书：列表、遗失申请", "certificates: list, report a lost one"),
    "certificates_list": ("列出本中心学生已注册的学历证书", "list the certificates registered for this center's students"),
    "certificates_proof": ("打印学历证明书（总部登记遗失后）到 PDF 文件", "print the proof of qualification (once the registry marked the certificate lost) to a PDF"),
    "certificates_verify_proof": ("核验学历证明书 PDF 或图片上的二维码（登记机构的签名）", "verify the QR code of a proof (PDF or image) against the registry's signature"),
    "certificates_request_proof": ("申请学历证书遗失证明（学历证明书），由总部办理", "request the proof for a lost certificate; the registry marks it"),
}
for _key, (_zh, _en) in _HELP.items():
    define(f"cli.help.{_key}", zh=_zh, en=_en)


def _h(key: str) -> str:
    return f"cli.help.{key}"


def _date(text: str) -> date:
    return date.fromisoformat(text)


def register(commands: Any, out: Output) -> None:
    students = commands.add_parser("students", help=out.say(_h("students"))).add_subparsers(
        dest="students_command", required=True)
    p = students.add_parser("list", help=out.say(_h("students_list")))
    p.add_argument("--grade", type=int)
    p.add_argument("--level")
    p.add_argument("--major")
    p.add_argument("--status", choices=[s.value for s in StudentStatus])
    p.add_argument("--text", default="")
    p.set_defaults(handler=students_list, permission=Permission.STUDENTS)
    p = students.add_parser("show", help=out.say(_h("students_show")))
    p.add_argument("key", help=out.say(_h("student_key")))
    p.set_defaults(handler=students_show, permission=Permission.STUDENTS)
    p = students.add_parser("admit", help=out.say(_h("students_admit")))
    p.add_argument("file", type=Path)
    p.add_argument("--encoding", help=out.say(help_code("encoding")))
    p.set_defaults(handler=students_admit, permission=Permission.STUDENTS)
    p = students.add_parser("register", help=out.say(_h("students_register")))
    p.add_argument("keys", nargs="+", metavar="key", help=out.say(_h("student_key")))
    p.add_argument("--date", type=_date, help=out.say(_h("on_date")))
    p.set_defaults(handler=students_register, permission=Permission.STUDENTS)
    p = students.add_parser("admission", help=out.say(_h("students_admission")))
    p.add_argument("key", help=out.say(_h("student_key")))
    p.add_argument("code", choices=["give_up", "14", "15", "16"])
    p.add_argument("--reason", required=True, help=out.say(_h("reason")))
    p.add_argument("--date", type=_date, help=out.say(_h("on_date")))
    p.set_defaults(handler=students_admission, permission=Permission.STUDENTS)
    p = students.add_parser("request-change", help=out.say(_h("students_request_change")))
    p.add_argument("key", help=out.say(_h("student_key")))
    p.add_argument("code", choices=list(codes.STATUS_CHANGES.codes()))
    p.add_argument("--reason", required=True, help=out.say(_h("reason")))
    p.add_argument("--date", type=_date, help=out.say(_h("on_date")))
    for name in ("major-code", "major-name", "level", "length"):
        p.add_argument(f"--{name}")
    p.add_argument("--evidence", type=Path, nargs="*", default=[], help=out.say(_h("evidence")))
    p.set_defaults(handler=students_request_change, permission=Permission.STUDENTS)
    p = students.add_parser("year-register", help=out.say(_h("students_year_register")))
    p.add_argument("academic_year")
    p.add_argument("keys", nargs="*", metavar="key", help=out.say(_h("student_key")))
    p.add_argument("--grade", type=int)
    p.add_argument("--major")
    p.set_defaults(handler=students_year_register, permission=Permission.STUDENTS)
    p = students.add_parser("graduate", help=out.say(_h("students_graduate")))
    p.add_argument("key", help=out.say(_h("student_key")))
    p.add_argument("--date", type=_date, required=True)
    p.add_argument("--type", choices=[t.value for t in CertificateType], default=CertificateType.GRADUATION.value)
    p.add_argument("--minor", default="")
    p.add_argument("--photo", type=Path)
    p.set_defaults(handler=students_graduate, permission=Permission.STUDENTS)
    p = students.add_parser("correct", help=out.say(_h("students_correct")))
    p.add_argument("key", help=out.say(_h("student_key")))
    p.add_argument("changes", nargs="+", metavar="field=value")
    p.add_argument("--reason", required=True, help=out.say(_h("reason")))
    p.add_argument("--evidence", type=Path, nargs="*", default=[], help=out.say(_h("evidence")))
    p.set_defaults(handler=students_correct, permission=Permission.STUDENTS)

    p = students.add_parser("entry", help=out.say(_h("students_entry")))
    p.add_argument("key", help=out.say(_h("student_key")))
    p.add_argument("kind", choices=["reward", "punishment"])
    p.add_argument("--title", required=True)
    p.add_argument("--text", default="")
    p.add_argument("--date", type=_date, help=out.say(_h("on_date")))
    p.set_defaults(handler=students_entry, permission=Permission.STUDENTS)
    p = students.add_parser("export", help=out.say(_h("students_export")))
    p.add_argument("file", type=Path)
    p.add_argument("--template", choices=["status", "certificates"], default="status")
    p.add_argument("--photos", type=Path, help=out.say(_h("students_export_photos")))
    p.set_defaults(handler=students_export, permission=Permission.EXPORT)

    certificates = commands.add_parser("certificates", help=out.say(_h("certificates"))).add_subparsers(
        dest="certificates_command", required=True)
    certificates.add_parser("list", help=out.say(_h("certificates_list"))).set_defaults(
        handler=certificates_list, permission=Permission.STUDENTS)
    p = certificates.add_parser("request-proof", help=out.say(_h("certificates_request_proof")))
    p.add_argument("key", help=out.say(_h("student_key")))
    p.add_argument("--reason", required=True, help=out.say(_h("reason")))
    p.add_argument("--date", type=_date, help=out.say(_h("on_date")))
    p.set_defaults(handler=certificates_request_proof, permission=Permission.STUDENTS)
    p = certificates.add_parser("proof", help=out.say(_h("certificates_proof")))
    p.add_argument("key", help=out.say(_h("student_key")))
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=certificates_proof, permission=Permission.STUDENTS)
    p = certificates.add_parser("verify-proof", help=out.say(_h("certificates_verify_proof")))
    p.add_argument("file", type=Path)
    p.set_defaults(handler=certificates_verify_proof, permission=Permission.STUDENTS)


def _find(ctx: Any, key: str) -> str:
    from learncenter.services.student_reads import find_student

    found = find_student(ctx.db, key, actor=ctx.user)
    if found is None:
        raise DomainError(Problem("cli.students.unknown", "student", {"key": key}))
    return found


def students_list(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.services.student_reads import list_students

    with open_context(data_dir, out, args) as ctx:
        level = codes.parse_level(args.level).value if args.level else None
        rows = list_students(ctx.db, actor=ctx.user, grade=args.grade, level=level, major=args.major,
                             status=StudentStatus(args.status) if args.status else None, text=args.text)
    if not rows:
        out.info("cli.students.none")
        return 1
    out.info("cli.students.count", count=len(rows))
    for r in rows:
        out.line("  " + "  ".join([
            r.student_no or "—", r.name, mask_id_number(r.id_number), str(r.grade),
            codes.level_label(r.level, out.lang) or r.level, r.major_name, STATUS_LABELS[r.status].text(out.lang)
            + (" *" if r.waiting else "")]))
    return 0


def students_show(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.services.student_reads import student_detail

    with open_context(data_dir, out, args) as ctx:
        detail = student_detail(ctx.db, _find(ctx, args.key), actor=ctx.user)
    s, lang = detail.student, out.lang
    words = ("学号", "姓名", "身份证号", "层次", "专业", "学制", "入学日期", "预计毕业", "学籍状态", "学年注册") \
        if lang != "en" else ("Student no.", "Name", "ID number", "Level", "Major", "Length", "Enrolled",
                              "Expected graduation", "Status", "Years registered")
    out.table(list(zip(words, [
        s["student_no"] or "—", s["name"], mask_id_number(s["id_number"]), codes.level_label(s["level"], lang) or "",
        f"{s['major_code']} {s['major_name']}", s["programme_length"], s["enrolment_date"].isoformat(),
        s["expected_graduation"].isoformat(), STATUS_LABELS[detail.status].text(lang), "、".join(detail.years) or "—",
    ], strict=True)))
    if detail.certificate:
        c = detail.certificate
        out.line(f"  {c['type'].text(lang)} {c['number']}  {c['issue_date'].isoformat()}  {c['verification_code']}"
                 + (out.say("cli.certificates.lost") if c["lost"] else ""))
    out.line()
    for entry in detail.timeline:
        extra = "；".join(v.text(lang) if hasattr(v, "text") else str(v) for v in entry.details.values()
                         if v and not isinstance(v, (dict, list)))
        decided = f" — {entry.decided_by}: {entry.decision_reason}" if entry.decided_by else ""
        out.line(f"  {entry.on.isoformat()}  {entry.title.text(lang)}  [{entry.state.text(lang)}]"
                 f"{'  ' + entry.reason if entry.reason else ''}{'  ' + extra if extra else ''}{decided}")
    return 0


def students_admit(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.services.admission_sheet import read_admissions

    with open_context(data_dir, out, args) as ctx:
        sheet = read_admissions(args.file, today=ctx.today(), encoding=args.encoding, lang=out.lang)
        outcome = ctx.students.record_admissions([a for _row, a in sheet.admissions], actor=ctx.user)
    rows = {id(a): row for row, a in sheet.admissions}
    refusals = [p.text(out.lang) for _row, p in sheet.refused] + [
        out.say("admissions.row", row=rows[id(a)], reason=exc.text(out.lang)) for a, exc in outcome.refused]
    out.info("cli.students.admitted", path=str(args.file), rows=sheet.rows, admitted=len(outcome.admitted),
             unchanged=outcome.unchanged, refused=len(refusals))
    for reason in refusals:
        out.info("cli.students.refused", reason=reason)
    return 1 if refusals else 0


def students_register(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.services.student_reads import student_detail

    with open_context(data_dir, out, args) as ctx:
        for key in args.keys:
            student_id = _find(ctx, key)
            number = ctx.students.report(student_id, on=args.date or ctx.today(), actor=ctx.user)
            out.info("cli.students.registered", name=student_detail(ctx.db, student_id, actor=ctx.user).student["name"],
                     student_no=number)
    return 0


def students_admission(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    with open_context(data_dir, out, args) as ctx:
        student_id = _find(ctx, args.key)
        status = ctx.students.decide_admission(student_id, args.code, reason=args.reason,
                                               on=args.date or ctx.today(), actor=ctx.user)
    out.info("cli.students.decided", name=args.key, status=STATUS_LABELS[status].text(out.lang))
    return 0


def students_request_change(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    details = {"major_code": args.major_code or "", "major_name": args.major_name or "",
               "level": codes.parse_level(args.level).value if args.level else "", "programme_length": args.length or ""}
    evidence = [path.read_bytes() for path in args.evidence]
    with open_context(data_dir, out, args) as ctx:
        event = ctx.students.request_change(_find(ctx, args.key), args.code, reason=args.reason,
                                            effective=args.date or ctx.today(), details=details, evidence=evidence,
                                            actor=ctx.user)
    out.info("cli.students.requested", event=event)
    return 0


def students_year_register(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.services.student_reads import hold_words, list_students

    year = parse_academic_year(args.academic_year)
    with open_context(data_dir, out, args) as ctx:
        rows = list_students(ctx.db, actor=ctx.user, grade=args.grade, major=args.major, limit=1_000_000)
        if args.keys:
            wanted = {_find(ctx, key) for key in args.keys}
            rows = [r for r in rows if r.id in wanted]
        outcome = ctx.students.year_register([r.id for r in rows], year, actor=ctx.user)
    by_id = {r.id: r for r in rows}
    out.info("cli.students.year", year=academic_year_label(year), registered=len(outcome.registered),
             already=len(outcome.already), not_due=len(outcome.not_due), held=len(outcome.held))
    for student_id, why in outcome.held:
        row = by_id[student_id]
        out.info("cli.students.held", student_no=row.student_no or "—", name=row.name, why=hold_words(why, out.lang))
    return 1 if outcome.held else 0


def students_graduate(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    photo = args.photo.read_bytes() if args.photo else None
    with open_context(data_dir, out, args) as ctx:
        student_id = _find(ctx, args.key)
        if photo is not None:
            photo = ctx.students.graduation_photo(photo)
        event = ctx.students.request_graduation(student_id, graduation_date=args.date,
                                                certificate_type=CertificateType(args.type), minor=args.minor,
                                                photo=photo, actor=ctx.user)
    out.info("cli.students.requested", event=event)
    return 0


def students_correct(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    changes: dict[str, Any] = {}
    for item in args.changes:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise DomainError(Problem("cli.students.field", "changes", {"value": item}))
        changes[name.strip()] = value.strip()
    evidence = [path.read_bytes() for path in args.evidence]
    with open_context(data_dir, out, args) as ctx:
        event = ctx.students.request_correction(_find(ctx, args.key), changes, reason=args.reason, on=ctx.today(),
                                                evidence=evidence, actor=ctx.user)
    out.info("cli.students.requested", event=event)
    return 0


def certificates_list(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.services.student_reads import list_certificates

    with open_context(data_dir, out, args) as ctx:
        rows = list_certificates(ctx.db, actor=ctx.user)
    if not rows:
        out.info("cli.certificates.none")
        return 1
    for row in rows:
        out.line("  " + "  ".join([row.number, row.student_no, row.name,
                                   CERTIFICATE_TYPE_LABELS[row.certificate_type].text(out.lang),
                                   row.issue_date.isoformat(), row.verification_code])
                 + (out.say("cli.certificates.lost") if row.lost else ""))
    return 0


def certificates_request_proof(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    with open_context(data_dir, out, args) as ctx:
        event = ctx.students.request_lost_certificate(_find(ctx, args.key), reason=args.reason,
                                                      on=args.date or ctx.today(), actor=ctx.user)
    out.info("cli.students.requested", event=event)
    return 0


def certificates_proof(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.documents.files import write_atomically
    from learncenter.services.certificate_proofs import proof_pdf

    with open_context(data_dir, out, args) as ctx:
        pdf = proof_pdf(ctx.db, _find(ctx, args.key), actor=ctx.user)
    write_atomically(pdf, args.out)
    out.info("cli.certificates.proof_written", path=str(args.out))
    return 0


def certificates_verify_proof(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    """0 when every proof code in the file is genuine, 1 otherwise."""
    from learncenter.documents.certificate_proof import VALID, verify_proof_file
    from learncenter.sync import pins

    with open_context(data_dir, out, args) as ctx, ctx.db.session() as session:
        registry = pins.require(session).signing_public
    verdicts = verify_proof_file(args.file, registry)
    for verdict in verdicts:
        out.line(verdict.problem().text(out.lang))
    return 0 if all(v.verdict == VALID for v in verdicts) else 1


def students_export(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.cli.progress import Progress
    from learncenter.services.student_export import export_students

    with open_context(data_dir, out, args) as ctx, Progress(out) as progress:
        profile = ctx.students.profile
        done = export_students(ctx.db, args.file, template=args.template, actor=ctx.user, photos=args.photos,
                               school_code=profile.school_code, school_name=profile.school_name.zh,
                               progress=lambda written, total: progress("photos", written, total))
    out.info("cli.students.exported", rows=done.rows, path=str(args.file))
    if args.photos is not None:
        out.info("cli.students.photos", photos=done.photos, path=str(args.photos), without=done.without_photo)
    return 0


def students_entry(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    with open_context(data_dir, out, args) as ctx:
        ctx.students.add_entry(_find(ctx, args.key), args.kind, on=args.date or ctx.today(), title=args.title,
                               text=args.text, actor=ctx.user)
    out.info("cli.students.entry")
    return 0
