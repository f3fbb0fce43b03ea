"""``learncenter check-id``: explain the number of any supported identity document.

The answer comes from the domain rules alone (no database, no heavy library). A resident ID or
residence permit number is explained exactly as before the other documents were supported; the
type of any other number is recognised from its shape, or named with ``--type`` (a foreign
passport always needs ``--type passport`` and ``--nationality``).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from learncenter.cli.help_texts import help_code
from learncenter.cli.output import Output
from learncenter.domain import codes
from learncenter.domain.document_numbers import PROVINCES, clean
from learncenter.domain.document_types import (
    DOCUMENT_TYPES,
    Document,
    DocumentType,
    document_type_label,
    record_must_carry,
    required_scans,
)
from learncenter.domain.identity_documents import guess_document, parse_document
from learncenter.domain.idnumber import IdKind, parse_id_number, region_name
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.store.layout import DataDir

define("cli.id.valid", zh="{number}：有效", en="{number}: valid")
define("cli.id.invalid", zh="{number}：无效。{reason}", en="{number}: not valid. {reason}")
define("cli.id.birth_date", zh="出生日期", en="Birth date")
define("cli.id.gender", zh="性别", en="Gender")
define("cli.id.region", zh="地区", en="Region")
define("cli.id.kind", zh="证件类型", en="Document")
define("cli.id.legacy", zh="15 位旧号", en="15-digit number")
define("cli.id.legacy_value", zh="{entered}，升位后为 {value}（同一人）", en="{entered}, upgraded to {value} (same person)")
define("cli.id.region_unknown", zh="（代码 {code}，名称未知）", en="(code {code}, name unknown)")
define("cli.id.kind.resident", zh="居民身份证", en="Resident identity card")
define("cli.id.kind.hong_kong", zh="港澳台居民居住证（香港）", en="Residence permit (Hong Kong)")
define("cli.id.kind.macao", zh="港澳台居民居住证（澳门）", en="Residence permit (Macao)")
define("cli.id.kind.taiwan", zh="港澳台居民居住证（台湾）", en="Residence permit (Taiwan)")
define("cli.doc.nationality", zh="国籍", en="Nationality")
define("cli.doc.accepted_in", zh="受理地", en="Accepted in")
define("cli.doc.birth_yymmdd", zh="出生日期（两位年份）", en="Birth date (two-digit year)")
define("cli.doc.region.HK", zh="香港", en="Hong Kong")
define("cli.doc.region.MO", zh="澳门", en="Macao")
define("cli.doc.region.TW", zh="台湾", en="Taiwan")
define("cli.doc.older_form", zh="旧版号码", en="Older form")
define("cli.doc.older_form_value", zh="{entered}，现行号码为 {value}（同一持证人）",
       en="{entered}, now written {value} (the same holder)")
define("cli.doc.check", zh="校验位", en="Check character")
define("cli.doc.unchecked", zh="编码规则未公开，未核验：请对照证件核对号码", en="its rule is not published, so it was not "
       "verified: compare the number with the card")
define("cli.doc.must_carry", zh="记录中须另填", en="The record must give")
define("cli.doc.scans", zh="须留存扫描件", en="Scans to keep")
define("cli.doc.scan.id_front", zh="证件正面", en="the card's front")
define("cli.doc.scan.id_back", zh="证件背面", en="the card's back")
define("cli.doc.scan.passport_photo_page", zh="护照资料页", en="the passport's photo page")
define("cli.doc.field.birth_date", zh="出生日期", en="birth date")
define("cli.doc.field.gender", zh="性别", en="gender")
define("cli.doc.field.nationality", zh="国籍", en="nationality")
define("cli.doc.type_unknown", zh="证件类型“{value}”无法识别，可用：{types}",
       en="Document type \"{value}\" is not known; use one of: {types}")

_ID_TYPES = (DocumentType.RESIDENT_ID, DocumentType.RESIDENCE_PERMIT)


def register(commands: Any, out: Output) -> None:
    p = commands.add_parser("check-id", help=out.say(help_code("check_id")))
    p.add_argument("number")
    p.add_argument("--type", dest="document_type", metavar="TYPE", help=out.say(help_code("check_id_type")))
    p.add_argument("--nationality", help=out.say(help_code("check_id_nationality")))
    p.set_defaults(handler=check_id)


def check_id(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    given = getattr(args, "document_type", None)
    if given:
        looked_up = DOCUMENT_TYPES.lookup(given)
        if looked_up is None:
            raise DomainError(Problem("cli.doc.type_unknown", "type",
                                      {"value": given, "types": ", ".join(DocumentType)}))
        kind: DocumentType | None = DocumentType(looked_up)
    else:
        kind = guess_document(args.number)
        if kind is None and clean(args.number).isdigit():
            kind = DocumentType.RESIDENT_ID  # a mistyped ID number: its own rules say best what is wrong
    number = args.number.strip()
    if kind is None:
        out.info("cli.id.invalid", number=number, reason=out.say("doc.unrecognised", value=number))
        return 1
    try:
        doc = parse_document(kind, args.number, today=date.today(), nationality=getattr(args, "nationality", None))
    except DomainError as exc:
        out.info("cli.id.invalid", number=number, reason=exc.text(out.lang))
        return 1
    if doc.kind in _ID_TYPES:
        return _explain_id_number(args.number, out)
    _explain_document(doc, out)
    return 0


def _explain_id_number(text: str, out: Output) -> int:
    idn = parse_id_number(text, today=date.today())
    out.info("cli.id.valid", number=idn.value)
    region = region_name(idn.region_code)
    rows = [
        (out.say("cli.id.birth_date"), idn.birth_date.isoformat()),
        (out.say("cli.id.gender"), codes.gender_label(idn.gender, out.lang) or idn.gender.value),
        (out.say("cli.id.region"), f"{region}（{idn.region_code}）" if region
         else out.say("cli.id.region_unknown", code=idn.region_code)),
        (out.say("cli.id.kind"), out.say(f"cli.id.kind.{IdKind(idn.kind).name.lower()}")),
    ]
    if idn.legacy:
        rows.append((out.say("cli.id.legacy"), out.say("cli.id.legacy_value", entered=idn.entered, value=idn.value)))
    out.table(rows)
    return 0


def _named(name: str | None, code: str, out: Output) -> str:
    if not name:
        return out.say("cli.id.region_unknown", code=code)
    return f"{name}（{code}）" if out.lang == "zh" else f"{name} ({code})"


def _explain_document(doc: Document, out: Output) -> None:
    out.info("cli.id.valid", number=doc.value)
    rows = [(out.say("cli.id.kind"), document_type_label(doc.kind, out.lang) or doc.kind.value)]
    if doc.region in ("HK", "MO", "TW"):
        rows.append((out.say("cli.id.region"), out.say(f"cli.doc.region.{doc.region}")))
    elif doc.region:
        province = PROVINCES.get(doc.region)
        rows.append((out.say("cli.doc.accepted_in"),
                     _named(province.text(out.lang) if province else None, doc.region, out)))
    if doc.nationality:
        from learncenter.domain.nationalities import nationality_label  # the country table: only when one is named

        name = nationality_label(doc.nationality, out.lang)
        rows.append((out.say("cli.doc.nationality"), _named(name, doc.nationality, out)))
    if doc.birth_date is not None:
        rows.append((out.say("cli.id.birth_date"), doc.birth_date.isoformat()))
    if doc.birth_yymmdd:
        y = doc.birth_yymmdd
        rows.append((out.say("cli.doc.birth_yymmdd"), f"{y[:2]}-{y[2:4]}-{y[4:]}"))
    if doc.gender is not None:
        rows.append((out.say("cli.id.gender"), codes.gender_label(doc.gender, out.lang) or doc.gender.value))
    if doc.older_form:
        rows.append((out.say("cli.doc.older_form"),
                     out.say("cli.doc.older_form_value", entered=doc.entered, value=doc.value)))
    if doc.unchecked:
        rows.append((out.say("cli.doc.check"), out.say("cli.doc.unchecked")))
    missing = record_must_carry(doc.kind)
    joiner = "、" if out.lang == "zh" else ", "
    if missing:
        rows.append((out.say("cli.doc.must_carry"), joiner.join(out.say(f"cli.doc.field.{f.value}") for f in missing)))
    scans = (out.say(f"cli.doc.scan.{scan.value}") for scan in required_scans(doc.kind))
    rows.append((out.say("cli.doc.scans"), joiner.join(scans)))
    out.table(rows)
