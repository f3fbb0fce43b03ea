"""``learncenter-registry publish-update PACKAGE VERSION``: a new workstation version for every
center (registry.updates), with what is new in both languages and, optionally, the least
version the registry still takes batches from and a folder for a USB stick."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from learncenter.domain.messages import define

define("registry.help.publish_update", zh="发布学习中心工作站的新版本（安装包及签名的更新说明）",
       en="publish a new version of the workstation (its package and a signed update manifest)")
define("registry.help.package", zh="安装包文件（Windows 安装程序或 wheel）", en="the package (Windows setup or wheel)")
define("registry.help.release", zh="版本号，如 0.2.0", en="its version, e.g. 0.2.0")
define("registry.help.minimum", zh="登记机构仍接收其数据的最低版本（更旧的工作站须先更新才能同步）",
       en="the least version whose batches the registry still takes (older workstations must update to sync)")
define("registry.help.notes_zh", zh="更新内容（中文）", en="what is new, in Chinese")
define("registry.help.notes_en", zh="更新内容（英文）", en="what is new, in English")
define("registry.help.update_out", zh="同时把更新说明和安装包写到此文件夹（用U盘带到学习中心）",
       en="also write the manifest and the package into this folder (for a USB stick)")
define("registry.cli.update_published",
       zh="已发布 {version} 版更新：{name}（{size} 字节，SHA-256 {sha256}），最低版本 {minimum}。各中心下次同步时收到。",
       en="Version {version} is published: {name} ({size} bytes, SHA-256 {sha256}), minimum version {minimum}. "
          "Centers receive it at their next sync.")
define("registry.cli.update_written", zh="更新说明和安装包已写入 {folder}。", en="The manifest and the package are in {folder}.")
define("registry.cli.no_package", zh="找不到安装包文件 {path}。", en="There is no package file {path}.")


def register(command: Callable[[str, str], argparse.ArgumentParser], out: Any, opener: Callable[..., Any]) -> None:
    parser = command("publish-update", "registry.help.publish_update")
    parser.add_argument("package", type=Path, help=out.say("registry.help.package"))
    parser.add_argument("release", metavar="VERSION", help=out.say("registry.help.release"))
    parser.add_argument("--minimum", help=out.say("registry.help.minimum"))
    parser.add_argument("--notes-zh", default="", help=out.say("registry.help.notes_zh"))
    parser.add_argument("--notes-en", default="", help=out.say("registry.help.notes_en"))
    parser.add_argument("--out", type=Path, help=out.say("registry.help.update_out"))

    def publish(args: argparse.Namespace, out: Any, data_dir: Path) -> int:
        from learncenter.registry.cli import CannotRun

        if not args.package.is_file():
            raise CannotRun(out.say("registry.cli.no_package", path=args.package))
        registry = opener(args, out, data_dir)
        manifest, _signed = registry.updates.publish(
            registry.keys.signing.private, args.package, version=args.release, minimum=args.minimum,
            notes_zh=args.notes_zh, notes_en=args.notes_en)
        out.info("registry.cli.update_published", version=manifest.version, name=manifest.package_name,
                 size=manifest.package_size, sha256=manifest.package_sha256, minimum=manifest.minimum_version)
        if args.out is not None:
            out.info("registry.cli.update_written", folder=registry.updates.export(args.out))
        return 0

    parser.set_defaults(handler=publish)
