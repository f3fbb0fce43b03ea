"""Commands about candidates: check-id (in identity_check), import, export, search, unpaid.

``check-id`` answers from the domain rules alone; the database, the spreadsheet libraries and
the pinyin table are loaded by the commands that use them, not by this module.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from learncenter.domain.masking import mask_id_number
from learncenter.domain.permissions import Permission
from learncenter.cli import identity_check
from learncenter.cli.help_texts import help_code
from learncenter.cli.output import Output
from learncenter.cli.opening import open_context
from learncenter.domain import codes
from learncenter.domain.lifecycle import RecordState, state_label
from learncenter.domain.messages import define
from learncenter.store.layout import DataDir

define(
    "cli.import.summary",
    zh="{path}（{format}{encoding}）：读取 {rows} 行，新增 {created}，更新 {updated}，未变 {unchanged}，拒绝 {refused} 行。",
    en="{path} ({format}{encoding}): {rows} rows read, {created} added, {updated} updated, "
    "{unchanged} unchanged, {refused} refused.",
)
define("cli.import.unmapped", zh="未使用的列：{headers}", en="Columns not used: {headers}")
define("cli.import.report", zh="被拒绝的行已写入 {path}。", en="The refused rows are in {path}.")
define("cli.import.refusal", zh="  第 {row} 行 {column}“{value}”：{reason}", en="  row {row} {column} \"{value}\": {reason}")
define(
    "cli.import.more",
    zh="  ……另有 {more} 条。用 --report 文件名 保存完整清单。",
    en="  … {more} more. Use --report FILE for the complete list.",
)
define("cli.export.done", zh="已导出 {count} 条记录到 {path}。", en="Exported {count} records to {path}.")
define("cli.search.none", zh="没有找到与“{query}”匹配的记录。", en="No record matches \"{query}\".")
define("cli.search.count", zh="找到 {count} 条（按匹配程度排序）：", en="{count} found (best match first):")
define("cli.unpaid.none", zh="没有未缴费或已退费的考生。", en="No candidate is unpaid or refunded.")
define("cli.unpaid.count", zh="未缴费或已退费的考生 {count} 名：", en="{count} candidates unpaid or refunded:")
define("cli.unpaid.written", zh="名单已写入 {path}（身份证号已遮盖）。", en="The list is in {path} (ID numbers masked).")

SHOWN_REFUSALS = 20


def register(commands: Any, out: Output) -> None:
    identity_check.register(commands, out)

    p = commands.add_parser("import", help=out.say(help_code("import")))
    p.add_argument("file", type=Path)
    p.add_argument("--report", type=Path, help=out.say(help_code("report")))
    p.add_argument("--encoding", help=out.say(help_code("encoding")))
    p.set_defaults(handler=import_file, permission=Permission.IMPORT)

    p = commands.add_parser("export", help=out.say(help_code("export")))
    p.add_argument("file", type=Path)
    p.set_defaults(handler=export_file, permission=Permission.EXPORT)

    p = commands.add_parser("search", help=out.say(help_code("search")))
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(handler=search_records, permission=Permission.SEARCH)

    p = commands.add_parser("unpaid", help=out.say(help_code("unpaid")))
    p.add_argument("--unknown", action="store_true", help=out.say(help_code("unpaid_unknown")))
    p.add_argument("--out", type=Path, help=out.say(help_code("unpaid_out")))
    p.set_defaults(handler=unpaid_list, permission=Permission.PAYMENTS)


def import_file(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.services.importing import write_report

    from learncenter.cli.progress import Progress

    with open_context(data_dir, out, args) as ctx, Progress(out) as progress:
        result = ctx.importer.run(args.file, actor=ctx.user, encoding=args.encoding, lang=out.lang,
                                  progress=lambda rows: progress("import", rows))
    encoding = f", {result.encoding}" if result.encoding else ""
    out.info("cli.import.summary", path=str(args.file), format=result.format.upper(), encoding=encoding,
             rows=result.rows, created=result.created, updated=result.updated,
             unchanged=result.unchanged, refused=result.refused_rows)
    if result.unmapped_headers:
        out.info("cli.import.unmapped", headers="、".join(result.unmapped_headers))
    if args.report is not None and result.refusals:
        write_report(result, args.report, lang=out.lang)
        out.info("cli.import.report", path=str(args.report))
    elif result.refusals:
        for r in result.refusals[:SHOWN_REFUSALS]:
            out.info("cli.import.refusal", row=r.row, column=r.column, value=r.value, reason=r.problem.text(out.lang))
        if len(result.refusals) > SHOWN_REFUSALS:
            out.info("cli.import.more", more=len(result.refusals) - SHOWN_REFUSALS)
    return 1 if result.refused_rows else 0


def export_file(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.cli.progress import Progress
    from learncenter.services.exporting import export_records

    with open_context(data_dir, out, args) as ctx, Progress(out) as progress:
        count = export_records(ctx.db, args.file, actor=ctx.user, lang=out.lang,
                               progress=lambda done, total: progress("export", done, total))
    out.info("cli.export.done", count=count, path=str(args.file))
    return 0


def search_records(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.store.search import search

    with open_context(data_dir, out, args) as ctx, ctx.db.read() as conn:
        hits = search(conn, args.query, limit=max(1, args.limit))
    if not hits:
        out.info("cli.search.none", query=args.query)
        return 1
    out.info("cli.search.count", count=len(hits))
    for hit in hits:
        out.line("  " + "  ".join([
            hit.name, mask_id_number(hit.id_number), codes.gender_label(hit.gender, out.lang) or "",
            hit.birth_date.isoformat(), hit.term, codes.level_label(hit.level, out.lang) or hit.level,
            state_label(RecordState(hit.state), out.lang), hit.registration_no,
        ]))
    return 0


def unpaid_list(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    """The candidates recorded as unpaid or refunded; 0 when there are none, 1 otherwise (a script
    can wait for the list to be empty)."""
    from learncenter.services.unpaid import cells, unpaid_candidates, write_list

    with open_context(data_dir, out, args) as ctx:
        items = unpaid_candidates(ctx.db, actor=ctx.user, include_unknown=args.unknown)
        if args.out is not None:
            write_list(items, args.out, db=ctx.db, actor=ctx.user, lang=out.lang)
    if not items:
        out.info("cli.unpaid.none")
        return 0
    out.info("cli.unpaid.count", count=len(items))
    for item in items:
        out.line("  " + "  ".join(cell for cell in cells(item, out.lang) if cell))
    if args.out is not None:
        out.info("cli.unpaid.written", path=str(args.out))
    return 1
