"""`learncenter audit verify`: the hash chain, the signed head kept here and the registry's copy.

Exit 0 when everything that could be checked holds (offline, it says that only the local
checks ran), 1 when the chain breaks or the log is shorter than, or differs from, a head this
center signed: the log was cut or rewritten by someone who had the database key.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from learncenter.cli.opening import open_context
from learncenter.cli.output import Output
from learncenter.domain.messages import define
from learncenter.store.layout import DataDir

if TYPE_CHECKING:  # the sync package (and the database under it) loads when the command runs
    from learncenter.sync.audit_anchor import AuditReport, HeadCheck
    from learncenter.sync.center import ConnectForHead

define("cli.audit.ok", zh="审计日志完好：已核验 {count} 条。", en="Audit log intact: {count} entries verified.")
define(
    "cli.audit.broken",
    zh="审计日志在第 {seq} 条处断裂（{reason}）；此前 {count} 条核验无误。该条及其后的记录可能被改动过。",
    en="The audit log breaks at entry {seq} ({reason}); the {count} entries before it verify. That entry "
    "or a later one may have been altered.",
)
define("cli.audit.reason.hash", zh="内容与哈希不符", en="its content does not match its hash")
define("cli.audit.reason.link", zh="与上一条的链接不符", en="its link to the previous entry does not match")
define("cli.audit.reason.gap", zh="缺少条目", en="an entry is missing")
define("cli.audit.whose.local", zh="本机保存的签名日志头", en="The signed head kept here")
define("cli.audit.whose.registry", zh="登记机构保存的签名日志头", en="The registry's copy of the signed head")
define("cli.audit.head_ok", zh="{whose}（{at} 签署，{count} 条）与日志相符。",
       en="{whose} (signed {at}, {count} entries) matches the log.")
define("cli.audit.truncated",
       zh="{whose}（{at} 签署）证明日志曾有 {count} 条，但现在只有 {entries} 条：日志末尾的条目被删除了。",
       en="{whose} (signed {at}) vouches for {count} entries, but the log holds only {entries}: entries "
          "were cut off its end.")
define("cli.audit.rechained",
       zh="{whose}（{at} 签署）所证明的第 {count} 条与日志中的不同：日志在该条或之前被改写并重新计算了哈希链。",
       en="{whose} (signed {at}) vouches for another entry {count} than the log holds: the log was "
          "rewritten, and its hash chain recomputed, at or before that entry.")
define("cli.audit.head_forged",
       zh="本机保存的签名日志头无法用本中心的设备密钥核验：它被改动或替换过。",
       en="The signed head kept here does not verify with this center's device keys: it was altered or "
          "replaced.")
define("cli.audit.no_head", zh="本机尚未签署过日志头。", en="No head has been signed here yet.")
define("cli.audit.registry_none",
       zh="登记机构尚未收到本中心的日志头（随下一个批次发送）；本次只在本机核验。",
       en="The registry holds no head of this center yet (the next batch takes one); checked locally only.")
define("cli.audit.not_enrolled", zh="本次只在本机核验：本中心尚未登记到登记机构。",
       en="Checked locally only: this center is not enrolled with a registry.")
define("cli.audit.unreachable", zh="本次只在本机核验：未能向登记机构核对（{reason}）。",
       en="Checked locally only: the registry could not be asked ({reason}).")
define("cli.audit.anchored", zh="已签署新的日志头：{count} 条。", en="New signed head: {count} entries.")
define("cli.audit.not_signed", zh="未能签署新的日志头：{reason}", en="No new head could be signed: {reason}")


def audit_verify(args: argparse.Namespace, out: Output, data_dir: DataDir, *,
                 connect: ConnectForHead | None = None) -> int:
    """``connect`` is the seam for tests; by default the HTTP transport's ``RegistryLink``."""
    from learncenter.sync.audit_anchor import check_audit
    from learncenter.sync.center import ask_registry_audit_head

    with open_context(data_dir, out, args) as ctx:
        def ask() -> Mapping[str, Any] | None:
            return ask_registry_audit_head(ctx.db, connect=connect)

        report = check_audit(ctx.db, now=datetime.now(UTC), ask_registry=ask)
    print_report(report, out)
    return 0 if report.ok else 1


def print_report(report: AuditReport, out: Output) -> None:
    chain = report.chain
    if chain.ok:
        out.info("cli.audit.ok", count=chain.checked)
    else:
        out.info("cli.audit.broken", seq=chain.first_broken, count=chain.checked,
                 reason=out.say(f"cli.audit.reason.{chain.reason}"))
    if report.local_forged:
        out.info("cli.audit.head_forged")
    elif report.local is None:
        out.info("cli.audit.no_head")
    else:
        _head(report.local, "local", out)
    if report.remote is not None:
        _head(report.remote, "registry", out)
    elif report.registry == "none":
        out.info("cli.audit.registry_none")
    elif report.registry == "not_enrolled":
        out.info("cli.audit.not_enrolled")
    else:
        reason = report.problem.text(out.lang) if report.problem is not None else ""
        out.info("cli.audit.unreachable", reason=reason)
    if report.anchored is not None:
        out.info("cli.audit.anchored", count=report.anchored.count)
    elif report.sign_problem is not None:
        out.info("cli.audit.not_signed", reason=report.sign_problem.text(out.lang))


def _head(check: HeadCheck, whose: str, out: Output) -> None:
    from learncenter.sync.audit_anchor import RECHAINED

    params = {"whose": out.say(f"cli.audit.whose.{whose}"), "at": check.head.signed_at,
              "count": check.head.count, "entries": check.entries}
    if check.problem is None:
        out.info("cli.audit.head_ok", **params)
    elif check.problem == RECHAINED:
        out.info("cli.audit.rechained", **params)
    else:
        out.info("cli.audit.truncated", **params)
