"""``learncenter-registry review list|approve|reject``, ``verify-certificate`` and ``school``.

The reviewer's decisions are logged and sent down to the center that asked with its next sync;
approving a graduation registers the certificate (the school's code must be set first).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from learncenter.domain.certificate_registration import CERTIFICATE_TYPE_LABELS, CertificateType, certificate_level
from learncenter.domain.codes import gender_label
from learncenter.domain.messages import define
from learncenter.domain.student_status import event_label

define("registry.help.review", zh="审核学习中心报来的学籍异动、毕业、证书遗失和更正申请",
       en="review the status changes, graduations, lost certificates and corrections the centers request")
define("registry.help.review_list", zh="列出待审核的申请", en="list the requests waiting for review")
define("registry.help.review_approve", zh="批准申请（毕业申请同时注册学历证书）",
       en="approve a request (a graduation also registers the certificate)")
define("registry.help.review_reject", zh="不批准申请（须说明原因）", en="reject a request (with the reason)")
define("registry.help.event", zh="申请编号（review list 列出）", en="the request's id (as review list shows it)")
define("registry.help.reviewer", zh="审核人（默认：当前操作系统用户）", en="the reviewer (default: the operating-system user)")
define("registry.help.reason", zh="原因或说明", en="the reason or a note")
define("registry.help.verify_certificate", zh="查询学历证书：证书编号或16位验证码",
       en="verify a certificate: its number or 16-character code")
define("registry.help.school", zh="设置学校代码（证书编号前5位）和名称", en="set the school's code (first 5 digits of certificate numbers) and name")
define("registry.help.reviewer_accounts", zh="审核人账号（用于登记机构的审核网页 /review）",
       en="reviewer accounts (for the registry's review page /review)")
define("registry.help.reviewer_add", zh="添加审核人或重设其密码", en="add a reviewer or reset their password")
define("registry.help.reviewer_list", zh="列出审核人", en="list the reviewers")
define("registry.help.password_stdin", zh="从标准输入读取密码", en="read the password from standard input")
define("registry.cli.reviewer_added", zh="审核人 {name} 可以在 /review 登录。", en="Reviewer {name} can sign in at /review.")
define("registry.cli.password_short", zh="密码至少 10 个字符。", en="The password needs at least 10 characters.")
define("registry.cli.review_none", zh="没有待审核的申请。", en="No request is waiting for review.")
define("registry.cli.review_count", zh="待审核的申请 {count} 项：", en="{count} request(s) waiting for review:")
define("registry.cli.approved", zh="已批准 {event}。", en="Approved {event}.")
define("registry.cli.registered", zh="已注册学历证书 {number}，验证码 {code}。", en="Certificate {number} registered, code {code}.")
define("registry.cli.rejected", zh="未批准 {event}：{reason}", en="Rejected {event}: {reason}")
define("registry.cli.school_set", zh="学校已设置：{code} {name}。", en="School set: {code} {name}.")
define("registry.cli.verify_registered", zh="该学历证书已注册：", en="This certificate is registered:")
define("registry.cli.verify_lost", zh="  （已登记遗失）", en="  (reported lost)")
define("registry.cli.verify_unknown", zh="没有找到该学历证书：请核对证书编号或验证码。",
       en="No such certificate: check the number or the code.")
define("registry.cli.verify_revoked", zh="该学历证书的注册已被撤销。", en="The registration of this certificate has been revoked.")
define("registry.cli.verify_malformed", zh="“{query}”既不是证书编号（17或18位数字），也不是16位验证码。",
       en="\"{query}\" is neither a certificate number (17 or 18 digits) nor a 16-character code.")

_KINDS = {"change": ("学籍异动", "status change"), "graduation": ("毕业", "graduation"),
          "lost": ("证书遗失", "lost certificate"), "correction": ("证书更正", "correction")}


def register(command: Callable[[str, str], argparse.ArgumentParser], out: Any,
             with_registry: Callable[[Callable[..., int]], Callable[..., int]],
             common: argparse.ArgumentParser) -> None:
    """``with_registry`` makes a handler of (args, out, registry) one that ``cli.main`` calls."""
    review = command("review", "registry.help.review")
    actions = review.add_subparsers(dest="review_command", required=True)
    actions.add_parser("list", parents=[common], help=out.say("registry.help.review_list")).set_defaults(
        handler=with_registry(_review_list))
    for name, handler in (("approve", _approve), ("reject", _reject)):
        p = actions.add_parser(name, parents=[common], help=out.say(f"registry.help.review_{name}"))
        p.add_argument("event", help=out.say("registry.help.event"))
        p.add_argument("--reviewer", help=out.say("registry.help.reviewer"))
        p.add_argument("--reason", default="", required=name == "reject", help=out.say("registry.help.reason"))
        p.set_defaults(handler=with_registry(handler))
    verify = command("verify-certificate", "registry.help.verify_certificate")
    verify.add_argument("query")
    verify.add_argument("--json", action="store_true", help=out.say("registry.help.json"))
    verify.set_defaults(handler=with_registry(_verify))
    reviewer = command("reviewer", "registry.help.reviewer_accounts")
    accounts = reviewer.add_subparsers(dest="reviewer_command", required=True)
    p = accounts.add_parser("add", parents=[common], help=out.say("registry.help.reviewer_add"))
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true", help=out.say("registry.help.password_stdin"))
    p.set_defaults(handler=with_registry(_reviewer_add))
    accounts.add_parser("list", parents=[common], help=out.say("registry.help.reviewer_list")).set_defaults(
        handler=with_registry(_reviewer_list))
    school = command("school", "registry.help.school")
    school.add_argument("code")
    school.add_argument("name_zh")
    school.add_argument("name_en")
    school.set_defaults(handler=with_registry(_school))


def _reviewer(args: argparse.Namespace) -> str:
    if args.reviewer:
        return str(args.reviewer).strip()[:64]
    try:
        return getpass.getuser()[:64]
    except (KeyError, OSError):
        return os.environ.get("USER", "reviewer")[:64]


def _review_list(args: argparse.Namespace, out: Any, registry: Any) -> int:
    waiting = registry.waiting()
    if not waiting:
        out.info("registry.cli.review_none")
        return 0
    out.info("registry.cli.review_count", count=len(waiting))
    for item in waiting:
        kind = _KINDS[item.kind][out.lang == "en"]
        what = event_label(item.code).text(out.lang) if item.code and item.kind == "change" else kind
        details = "；".join(f"{k}={v}" for k, v in item.details.items() if v not in ("", None, {}))
        print(f"  {item.event_uid}  {item.center_id}  {item.student_no or '—'} {item.name}  {what}  "
              f"{item.effective_date}  {item.reason}{'  ' + details if details else ''}", flush=True)
    return 0


def _approve(args: argparse.Namespace, out: Any, registry: Any) -> int:
    decision = registry.decide(args.event, approve=True, reviewer=_reviewer(args), reason=args.reason)
    out.info("registry.cli.approved", event=args.event)
    if "certificate" in decision:
        out.info("registry.cli.registered", number=decision["certificate"]["number"],
                 code=decision["certificate"]["verification_code"])
    return 0


def _reject(args: argparse.Namespace, out: Any, registry: Any) -> int:
    registry.decide(args.event, approve=False, reviewer=_reviewer(args), reason=args.reason)
    out.info("registry.cli.rejected", event=args.event, reason=args.reason)
    return 0


def _school(args: argparse.Namespace, out: Any, registry: Any) -> int:
    registry.set_school(args.code.strip(), args.name_zh.strip(), args.name_en.strip())
    out.info("registry.cli.school_set", code=args.code.strip(), name=args.name_zh.strip())
    return 0


def _verify(args: argparse.Namespace, out: Any, registry: Any) -> int:
    answer = registry.verify_certificate(args.query)
    if args.json:
        print(json.dumps(answer, ensure_ascii=False), flush=True)
        return 0 if answer["result"] == "registered" else 1
    result = answer["result"]
    if result != "registered":
        out.info(f"registry.cli.verify_{result}", query=args.query)
        return 1
    out.info("registry.cli.verify_registered")
    lang = out.lang
    kind = CERTIFICATE_TYPE_LABELS[CertificateType(answer["certificate_type"])].text(lang)
    rows = [("姓名", "Name", answer.get("name")),
            ("性别", "Gender", gender_label(str(answer.get("gender", "")), lang)),
            ("出生日期", "Born", answer.get("birth_date")),
            ("学校", "School", answer.get(f"school_name_{lang}") or answer.get("school_name_zh")),
            ("专业", "Major", answer.get("major_name")), ("辅修", "Minor", answer.get("minor")),
            ("层次", "Level", certificate_level(answer.get("level", ""), lang)), ("类别", "Type", kind),
            ("入学日期", "Enrolled", answer.get("enrolment_date")),
            ("毕业日期", "Graduated", answer.get("graduation_date")),
            ("证书编号", "Number", answer.get("number"))]
    for zh, en, value in rows:
        if value:
            print(f"  {zh if lang == 'zh' else en}: {value}", flush=True)
    if answer.get("lost"):
        out.info("registry.cli.verify_lost")
    return 0


def _reviewer_add(args: argparse.Namespace, out: Any, registry: Any) -> int:
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass()
    if len(password) < 10:
        out.error(out.say("registry.cli.password_short"))
        return 2
    registry.add_reviewer(args.name.strip()[:64], password)
    out.info("registry.cli.reviewer_added", name=args.name.strip()[:64])
    return 0


def _reviewer_list(args: argparse.Namespace, out: Any, registry: Any) -> int:
    for name in registry.reviewer_names():
        print(f"  {name}", flush=True)
    return 0
