"""``learncenter-registry``: the registry administrator's commands.

``init`` creates the data directory, the registry's keys (files 0600) and the database;
``serve`` runs the HTTP service; ``enroll-code``, ``revoke``, ``import``, ``publish`` and
``stats`` act on the same database. Exit codes follow the center's ``learncenter`` command: 0
all went well, 1 finished but something must be looked at (returned records, refused rows), 2
the input or the situation did not let it run (with a one-line reason), 3 an internal error
(written to a log file, never a traceback on screen).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from learncenter import __version__
from learncenter import argparse_words
from learncenter.domain.messages import (
    DEFAULT_LANGUAGE, LANGUAGES, DomainError, Problem, define, render,
)
from learncenter.registry import messages as _messages  # noqa: F401 - defines the sentences
from learncenter.registry import console_cli, filer, stats_cli, student_cli, update_cli
from learncenter.registry.data_at_rest import NotSealed, Sealed, WrongDataKey, check_data_key, seal_database
from learncenter.registry.keys import RegistryKeys, create_keys, load_keys
from learncenter.registry.publish import (
    PublishError,
    attach_materials,
    major_items,
    pre_registration_items,
    profile_item,
    read_json_list,
    read_rows,
    session_items,
)
from learncenter.registry.service import Registry, valid_center_id
from learncenter.registry.store import create_schema, make_engine
from learncenter.registry.objects import ObjectStoreUnavailable, open_store
from learncenter.registry.updates import UpdateShelf
from learncenter.registry.vault import DataKey
from learncenter.protocol.errors import SyncError

DATA_DIR_ENV = "LEARNCENTER_REGISTRY_DIR"
CONFIG_FILE = "registry.json"
UPDATES_FOLDER = "updates"  # the shelf of workstation updates (registry.updates)

define("registry.help.description",
       zh="学习中心登记机构（中央登记服务）的管理命令。",
       en="Administration commands of the learncenter central registry.")
define("registry.help.data_dir",
       zh="登记机构数据目录（默认：环境变量 LEARNCENTER_REGISTRY_DIR 或 ./registry-data）",
       en="registry data directory (default: $LEARNCENTER_REGISTRY_DIR or ./registry-data)")
define("registry.help.db",
       zh="数据库地址，如 postgresql+psycopg://用户@主机/库（默认：数据目录中的 SQLite）",
       en="database URL, e.g. postgresql+psycopg://user@host/db (default: SQLite in the data "
          "directory)")
define("registry.help.objects",
       zh="照片和扫描件的对象存储：s3+http://主机:端口/存储桶/前缀（如 SeaweedFS）、s3://存储桶/前缀（AWS）"
          "或文件夹的绝对路径（默认：init 记录的存储，未记录时为数据目录中的 objects/）；init 时给出即记录下来",
       en="object store of the photos and scans: s3+http://host:port/bucket/prefix (such as SeaweedFS), "
          "s3://bucket/prefix (AWS) or a folder's absolute path (default: the store init recorded, else objects/ in "
          "the data directory); given to init, it is recorded")
define("registry.help.lang", zh="界面语言（zh 或 en）", en="language of messages (zh or en)")
define("registry.help.version", zh="显示版本号后退出", en="show the version and exit")
define("registry.help.init", zh="创建数据目录、登记机构密钥和数据库",
       en="create the data directory, the registry's keys and the database")
define("registry.help.serve", zh="启动 HTTP 服务", en="run the HTTP service")
define("registry.help.host", zh="监听地址（默认 127.0.0.1）",
       en="address to listen on (default 127.0.0.1)")
define("registry.help.port", zh="端口（默认 8400；0 表示任选空闲端口）",
       en="port (default 8400; 0 picks a free one)")
define("registry.help.enroll_code", zh="为学习中心生成一次性登记码",
       en="make a one-time enrollment code for a learning center")
define("registry.help.center", zh="学习中心代码", en="learning center code")
define("registry.help.name", zh="学习中心名称", en="name of the learning center")
define("registry.help.revoke", zh="吊销学习中心的密钥", en="revoke a learning center's key")
define("registry.help.import", zh="导入移动介质上的批次文件并写出回执",
       en="import a batch file from removable media and write the receipt")
define("registry.help.file", zh="文件路径", en="path of the file")
define("registry.help.receipt_out", zh="回执文件路径（默认：批次文件旁的 .receipt.json）",
       en="receipt file (default: beside the batch file, .receipt.json)")
define("registry.help.publish", zh="发布预报名名单（CSV/XLSX）及专业、考试场次、资格与照片配置（JSON）",
       en="publish pre-registrations (CSV/XLSX) and majors, exam sessions, eligibility and photo profiles (JSON)")
define("registry.help.majors", zh="专业列表 JSON 文件", en="JSON file of majors")
define("registry.help.workers", zh="工作进程数（默认 1）", en="worker processes (default 1)")
define("registry.help.access_log", zh="访问日志文件（每行一个 JSON，不含个人信息；默认写到标准错误）",
       en="access log file (one JSON object a line, no personal data; default: standard error)")
define("registry.help.admissions", zh="录取名单（XLSX 或 CSV：身份证号、批次、层次、专业、学制、入学日期，可选学习中心代码）",
       en="admission list (XLSX or CSV: ID number, term, level, major, programme length, enrolment date, optional "
          "center_id)")
define("registry.help.sessions", zh="考试场次 JSON 文件（每个场次可带 term：参加该场次考试的入学批次）",
       en="JSON file of exam sessions (each may carry term: the enrolment term whose candidates sit it)")
define("registry.help.eligibility", zh="报名资格配置 JSON 文件（发给所有学习中心）",
       en="eligibility profile JSON file (for every center)")
define("registry.help.photo_profiles", zh="照片规格配置 JSON 文件（发给所有学习中心）",
       en="photo profiles JSON file (for every center)")
define("registry.help.materials", zh="考生网上提交的照片和扫描件所在文件夹：<证件号码>/photo.jpg、id_front.jpg 等",
       en="folder of the photos and scans candidates submitted online: <document number>/photo.jpg, id_front.jpg ...")
define("registry.help.same_person", zh="登记同一人的另一证件号码（如回乡证换为居住证），同一批次只能报名一次",
       en="record another document number of the same person (a travel permit replaced by a residence permit): "
          "one application per term counts across both")
define("registry.help.term", zh="招生批次，如 2026秋", en="the enrolment term, such as 2026秋")
define("registry.help.first_key", zh="已知的证件号码", en="the document number already known")
define("registry.help.second_key", zh="同一人的另一证件号码", en="the same person's other document number")
define("registry.cli.same_person", zh="已登记：{second} 与 {first} 为同一人（{term}）。",
       en="Recorded: {second} is the same person as {first} ({term}).")
define("registry.cli.same_person_known", zh="已知 {second} 与 {first} 为同一人（{term}），无需再登记。",
       en="{second} was already known as the same person as {first} ({term}).")
define("registry.cli.bad_person_key",
       zh="“{value}”不是有效的证件号码：请输入居民身份证号、居住证号、回乡证号、台胞证号，或记录中的“类型:号码”。",
       en="\"{value}\" is not a valid document number: give a resident ID, residence permit, travel permit number, "
          "or a record's \"type:number\" key.")
define("registry.help.encrypt_data", zh="用数据密钥加密旧版本写入的个人信息（先备份数据库）",
       en="seal the personal data an older version stored in the clear with the data key (back up first)")
define("registry.help.json", zh="以 JSON 输出（供脚本使用）", en="print JSON (for scripts)")
define("registry.internal_error",
       zh="程序内部出错，已保存的数据不受影响。详情已写入 {log}，请把该文件发给技术支持。",
       en="An internal error occurred; nothing already saved is affected. Details are in {log}; "
          "please send that file to support.")


class Out:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def say(self, message: str, /, **params: Any) -> str:
        return render(message, params, self.lang)

    def info(self, message: str, /, **params: Any) -> None:
        print(self.say(message, **params), flush=True)

    def error(self, text: str) -> None:
        print(f"learncenter-registry: {text}", file=sys.stderr, flush=True)


class CannotRun(Exception):
    """The situation does not let the command run: exit 2 with this one-line reason."""


def _language(argv: Sequence[str]) -> str:
    for index, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None)
        if value in LANGUAGES:
            return value
    env = os.environ.get("LEARNCENTER_LANG", DEFAULT_LANGUAGE).lower()[:2]
    return env if env in LANGUAGES else DEFAULT_LANGUAGE


def build_parser(out: Out) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="learncenter-registry",
                                     description=out.say("registry.help.description"))
    parser.add_argument("--version", action="version", version=f"learncenter-registry {__version__}",
                        help=out.say("registry.help.version"))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, help=out.say("registry.help.data_dir"))
    common.add_argument("--db", help=out.say("registry.help.db"))
    common.add_argument("--objects", help=out.say("registry.help.objects"))
    common.add_argument("--lang", choices=LANGUAGES, help=out.say("registry.help.lang"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help_code: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], help=out.say(help_code),
                                   description=out.say(help_code))

    command("init", "registry.help.init").set_defaults(handler=_init)
    serve = command("serve", "registry.help.serve")
    serve.add_argument("--host", default="127.0.0.1", help=out.say("registry.help.host"))
    serve.add_argument("--port", type=int, default=8400, help=out.say("registry.help.port"))
    serve.add_argument("--workers", type=int, default=1, help=out.say("registry.help.workers"))
    serve.add_argument("--access-log", type=Path, help=out.say("registry.help.access_log"))
    serve.add_argument("--filers", type=int, default=1, help=out.say("registry.help.filers"))
    serve.set_defaults(handler=_serve)
    enroll = command("enroll-code", "registry.help.enroll_code")
    enroll.add_argument("center", help=out.say("registry.help.center"))
    enroll.add_argument("--name", help=out.say("registry.help.name"))
    enroll.set_defaults(handler=_enroll_code)
    revoke = command("revoke", "registry.help.revoke")
    revoke.add_argument("center", help=out.say("registry.help.center"))
    revoke.set_defaults(handler=_revoke)
    imported = command("import", "registry.help.import")
    imported.add_argument("file", type=Path, help=out.say("registry.help.file"))
    imported.add_argument("--receipt-out", type=Path, help=out.say("registry.help.receipt_out"))
    imported.set_defaults(handler=_import)
    publish = command("publish", "registry.help.publish")
    publish.add_argument("file", type=Path, nargs="?", help=out.say("registry.help.file"))
    publish.add_argument("--materials", type=Path, help=out.say("registry.help.materials"))
    publish.add_argument("--admissions", type=Path, help=out.say("registry.help.admissions"))
    publish.add_argument("--majors", type=Path, help=out.say("registry.help.majors"))
    publish.add_argument("--sessions", type=Path, help=out.say("registry.help.sessions"))
    publish.add_argument("--eligibility", type=Path, help=out.say("registry.help.eligibility"))
    publish.add_argument("--photo-profiles", type=Path, help=out.say("registry.help.photo_profiles"))
    publish.set_defaults(handler=_publish)
    same = command("same-person", "registry.help.same_person")
    same.add_argument("term", help=out.say("registry.help.term"))
    same.add_argument("first", help=out.say("registry.help.first_key"))
    same.add_argument("second", help=out.say("registry.help.second_key"))
    same.set_defaults(handler=_same_person)
    stats_cli.register(command, out, open_registry)
    command("encrypt-data", "registry.help.encrypt_data").set_defaults(handler=_encrypt_data)
    student_cli.register(command, out, with_registry, common)
    update_cli.register(command, out, open_registry)
    filer.register(command, out, open_registry)
    console_cli.register(command, out, with_registry, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out = Out(_language(argv))
    argparse_words.speak(out.lang)
    args = build_parser(out).parse_args(argv)
    data_dir = (args.data_dir or Path(os.environ.get(DATA_DIR_ENV) or "registry-data"))
    data_dir = data_dir.expanduser().resolve()
    try:
        return int(args.handler(args, out, data_dir) or 0)
    except CannotRun as exc:
        out.error(str(exc))
        return 2
    except SyncError as exc:
        out.error(out.say("registry.cli.refused", code=exc.code, message=exc.text(out.lang)))
        return 2
    except DomainError as exc:
        out.error(exc.text(out.lang))
        return 2
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        out.error(out.say("registry.cli.os_error", path=exc.filename or "",
                          reason=exc.strerror or str(exc)))
        return 2
    except ObjectStoreUnavailable as exc:
        out.error(out.say("registry.cli.objects_unavailable", where=exc.where, reason=exc.reason))
        return 2
    except SQLAlchemyError as exc:
        out.error(out.say("registry.cli.database_error", db=_safe_url(_db_url(args, data_dir)),
                          reason=type(exc).__name__))
        return 2
    except Exception:  # noqa: BLE001 - the last line of defence: log it, never a traceback
        folder = data_dir if data_dir.exists() else Path.cwd()
        log = folder / f"learncenter-registry-error-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        out.error(out.say("registry.internal_error", log=str(log)))
        return 3


def _db_url(args: argparse.Namespace, data_dir: Path) -> str:
    if args.db:
        return str(args.db)
    config = data_dir / CONFIG_FILE
    if config.exists():
        return str(json.loads(config.read_text(encoding="utf-8"))["db"])
    return f"sqlite:///{data_dir / 'registry.sqlite3'}"


def _objects_location(args: argparse.Namespace, data_dir: Path) -> str | None:
    """Where photos and scans are: ``--objects``, else what init recorded (None: the data folder's)."""
    if getattr(args, "objects", None):
        return str(args.objects)
    config = data_dir / CONFIG_FILE
    if config.exists():
        recorded = json.loads(config.read_text(encoding="utf-8")).get("objects")
        return str(recorded) if recorded else None
    return None


def _open_objects(out: Out, location: str | None, data_dir: Path) -> Any:
    try:
        return open_store(location, data_dir)
    except ValueError:
        raise CannotRun(out.say("registry.cli.bad_objects", location=location)) from None


def _safe_url(url: str) -> str:
    """The URL without a password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return url


def _keys(out: Out, data_dir: Path) -> RegistryKeys:
    try:
        return load_keys(data_dir)
    except FileNotFoundError:
        raise CannotRun(out.say("registry.cli.not_initialised", data_dir=data_dir)) from None
    except ValueError:  # a key file of the wrong length
        raise CannotRun(out.say("registry.cli.bad_key_file", data_dir=data_dir)) from None


def _check_data_key(out: Out, engine: Any, vault: DataKey) -> None:
    try:
        check_data_key(engine, vault)
    except NotSealed:
        raise CannotRun(out.say("registry.cli.plain_data")) from None
    except WrongDataKey as wrong:
        raise CannotRun(out.say("registry.cli.wrong_data_key", given=wrong.given,
                                expected=wrong.expected)) from None


def with_registry(handler: Callable[..., int]) -> Callable[..., int]:
    """A command's handler as ``main`` calls it (args, out, data folder), given the registry."""
    def run(args: argparse.Namespace, out: Any, data_dir: Path) -> int:
        return handler(args, out, open_registry(args, out, data_dir))
    return run


def open_registry(args: argparse.Namespace, out: Out, data_dir: Path) -> Registry:
    """The registry of ``data_dir``, its schema current (a database made by an older init gains
    new tables) and sealed with its data key (see ``registry.data_at_rest``)."""
    keys = _keys(out, data_dir)
    engine = make_engine(_db_url(args, data_dir))
    create_schema(engine)
    _check_data_key(out, engine, keys.data)
    registry = Registry(engine, keys)
    registry.updates = UpdateShelf(data_dir / UPDATES_FOLDER)
    registry.objects = _open_objects(out, _objects_location(args, data_dir), data_dir)  # not in the database
    return registry


def _init(args: argparse.Namespace, out: Out, data_dir: Path) -> int:
    objects = _objects_location(args, data_dir)  # run again, init keeps the store it recorded
    if objects:
        store = _open_objects(out, objects, data_dir)
        if not store.healthy():  # a wrong endpoint, bucket or key is told now, not at the first batch
            raise CannotRun(out.say("registry.cli.objects_unhealthy", location=objects))
    data_dir.mkdir(parents=True, exist_ok=True)
    keys = create_keys(data_dir)
    url = _db_url(args, data_dir)
    engine = make_engine(url)
    create_schema(engine)
    try:
        _check_data_key(out, engine, keys.data)
    finally:
        engine.dispose()
    config = data_dir / CONFIG_FILE
    config.write_text(json.dumps({"db": url, **({"objects": objects} if objects else {})}), encoding="utf-8")
    config.chmod(0o600)  # the URL may hold a password
    out.info("registry.cli.initialised", data_dir=data_dir, db=_safe_url(url),
             signing_key_id=keys.signing.key_id, encryption_key_id=keys.encryption.key_id)
    return 0


def _serve(args: argparse.Namespace, out: Out, data_dir: Path) -> int:
    from learncenter.registry.serving import serve

    return serve(args, out, data_dir)


def _center(out: Out, center_id: str) -> str:
    if not valid_center_id(center_id):
        raise CannotRun(out.say("registry.cli.bad_center_id", center_id=center_id))
    return center_id


def _enroll_code(args: argparse.Namespace, out: Out, data_dir: Path) -> int:
    registry = open_registry(args, out, data_dir)
    code = registry.enroll_code(_center(out, args.center), args.name)
    out.info("registry.cli.enroll_code", center_id=args.center, code=code,
             key_id=registry.keys.signing.key_id)
    return 0


def _revoke(args: argparse.Namespace, out: Out, data_dir: Path) -> int:
    registry = open_registry(args, out, data_dir)
    count = registry.revoke(_center(out, args.center))
    if count is None:
        raise CannotRun(out.say("registry.cli.unknown_center", center_id=args.center))
    out.info("registry.cli.revoked", center_id=args.center, count=count)
    return 0


def _import(args: argparse.Namespace, out: Out, data_dir: Path) -> int:
    from learncenter.protocol.batch_file import read_batch_file
    from learncenter.protocol.receipt import receipt_bytes

    registry = open_registry(args, out, data_dir)
    sealed = read_batch_file(args.file)
    receipt = registry.import_batch(sealed)
    target = args.receipt_out or args.file.with_name(args.file.name + ".receipt.json")
    temporary = target.with_name(f".{target.name}.part")
    temporary.write_bytes(receipt_bytes(receipt))
    os.replace(temporary, target)
    results = receipt["results"]
    rejected = sum(1 for result in results if result["status"] == "rejected")
    out.info("registry.cli.imported", batch_id=receipt["batch_id"], center_id=receipt["center_id"],
             sequence=receipt["sequence"], accepted=len(results) - rejected, rejected=rejected,
             receipt_out=target)
    return 1 if rejected else 0


def _publish(args: argparse.Namespace, out: Out, data_dir: Path) -> int:
    registry = open_registry(args, out, data_dir)
    counts = {"pre_registrations": 0, "admissions": 0, "majors": 0, "sessions": 0, "profiles": 0, "materials": 0}
    materials: list[tuple[str | None, str, bytes]] = []
    try:
        items = []
        if args.file is not None:
            try:
                rows = read_rows(args.file)
            except (ValueError, KeyError) as error:
                raise CannotRun(out.say("registry.cli.bad_sheet", path=args.file,
                                        reason=str(error))) from None
            pre_registrations = pre_registration_items(rows)
            if args.materials is not None:
                materials = attach_materials(pre_registrations, args.materials)
            items.append(("pre_registrations", pre_registrations))
        if args.admissions is not None:
            from learncenter.registry.admissions import admission_items

            items.append(("admissions", admission_items(args.admissions)))
        if args.majors is not None:
            items.append(("majors", major_items(read_json_list(args.majors))))
        if args.sessions is not None:
            items.append(("sessions", session_items(read_json_list(args.sessions))))
        profiles = [profile_item(name, path) for name, path in
                    (("eligibility", args.eligibility), ("photo", args.photo_profiles)) if path is not None]
        if profiles:
            items.append(("profiles", profiles))
    except PublishError as error:
        for row, problem in error.problems:
            text = problem.text(out.lang) if isinstance(problem, Problem) else problem
            out.error(out.say("registry.cli.row_problem", row=row, problem=text)
                      if row is not None else text)
        out.error(out.say("registry.cli.nothing_published"))
        return 1
    if materials:
        counts["materials"] = registry.store_materials(materials)  # before the changes that name them
    for name, batch in items:
        counts[name] = registry.publish(batch)
    out.info("registry.cli.published", **counts)
    return 0


def _person_key(out: Out, text: str) -> str:
    """A record key for what the administrator typed: an ID or permit number, another document's
    number whose shape tells its type, or a key as records hold it (``passport:USA:E1234567``)."""
    from datetime import date

    from learncenter.domain.identity_documents import KEY_SEPARATOR, from_key, normalise_document_query
    from learncenter.domain.messages import DomainError

    text = text.strip()
    if KEY_SEPARATOR not in text:
        found = normalise_document_query(text, today=date.today())
    else:
        try:
            found = from_key(text, today=date.today()).key
        except (DomainError, ValueError):
            found = None
    if found is None:
        raise CannotRun(out.say("registry.cli.bad_person_key", value=text))
    return found


def _same_person(args: argparse.Namespace, out: Out, data_dir: Path) -> int:
    first, second = _person_key(out, args.first), _person_key(out, args.second)
    registry = open_registry(args, out, data_dir)
    recorded = registry.same_person(args.term.strip(), first, second)
    out.info("registry.cli.same_person" if recorded else "registry.cli.same_person_known",
             first=first, second=second, term=args.term.strip())
    return 0


def _encrypt_data(args: argparse.Namespace, out: Out, data_dir: Path) -> int:
    keys = _keys(out, data_dir)
    engine = make_engine(_db_url(args, data_dir))
    try:
        create_schema(engine)
        try:
            sealed = seal_database(engine, keys.data)
        except WrongDataKey as wrong:
            raise CannotRun(out.say("registry.cli.wrong_data_key", given=wrong.given,
                                    expected=wrong.expected)) from None
    finally:
        engine.dispose()
    if sealed == Sealed():
        out.info("registry.cli.already_sealed", key_id=keys.data.key_id)
    else:
        out.info("registry.cli.sealed", key_id=keys.data.key_id, **vars(sealed))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
