"""Commands about admission notices: verify-notice."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from learncenter.cli.help_texts import help_code
from learncenter.cli.output import Output
from learncenter.domain.messages import define
from learncenter.store.layout import DataDir

STATUS = {
    "valid": define("cli.notice.valid", zh="有效", en="valid"),
    "forged": define("cli.notice.forged", zh="伪造", en="forged"),
    "altered": define("cli.notice.altered", zh="被改动", en="altered"),
    "unknown_key": define("cli.notice.unknown_key", zh="未知密钥", en="unknown key"),
    "unreadable": define("cli.notice.unreadable", zh="无法识别", en="unreadable"),
}
define("cli.notice.verdict", zh="二维码 {index}：{status}", en="QR code {index}: {status}")
define(
    "cli.notice.fields",
    zh="  准考证号 {notice}，姓名 {name}，场次 {session}，考场 {room}，座位号 {seat}",
    en="  notice {notice}, name {name}, session {session}, room {room}, seat {seat}",
)
define("cli.notice.signer", zh="  签发：{center}（密钥 {key_id}）", en="  signed by {center} (key {key_id})")


def register(commands: Any, out: Output) -> None:
    p = commands.add_parser("verify-notice", help=out.say(help_code("verify_notice")))
    p.add_argument("file", type=Path, help=out.say(help_code("notice_file")))
    p.add_argument("--keys", type=Path, required=True, help=out.say(help_code("notice_keys")))
    p.set_defaults(handler=verify_notice)


def verify_notice(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    """Exit 0 when every code found is valid, 1 when any is forged, altered or none is found."""
    from learncenter.documents.notice_qr import read_keys_file
    from learncenter.documents.notice_verify import verify_notice_file

    keys = read_keys_file(Path(args.keys).read_bytes())
    verdicts = verify_notice_file(args.file, keys)
    for index, verdict in enumerate(verdicts, start=1):
        out.info("cli.notice.verdict", index=index, status=out.say(STATUS[verdict.status]))
        if verdict.fields:
            out.info("cli.notice.fields", **verdict.fields)
        if verdict.status in ("valid", "altered") and verdict.center_name:
            out.info("cli.notice.signer", center=verdict.center_name, key_id=verdict.key_id)
        if verdict.problem is not None:
            out.line("  " + verdict.problem.text(out.lang))
    return 0 if all(v.status == "valid" for v in verdicts) else 1
