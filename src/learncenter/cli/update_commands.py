"""`learncenter update status|fetch|from-folder DIR`: a new version the registry announced,
fetched over the link or taken from a USB stick, installed at the next start
(``learncenter.sync.workstation_updates``, ``learncenter.updating``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from learncenter import __version__
from learncenter.cli.opening import open_context
from learncenter.cli.output import Output
from learncenter.domain.messages import define
from learncenter.domain.permissions import Permission
from learncenter.store.layout import DataDir

define("cli.help.update", zh="软件更新：查看、下载或从U盘载入新版本，下次启动时安装",
       en="software updates: see, download or load from a USB stick a new version, installed at the next start")
define("cli.help.update_status", zh="当前版本、登记机构发布的新版本及待安装的更新",
       en="this version, the new one the registry announced and what waits to be installed")
define("cli.help.update_fetch", zh="从登记机构下载新版本，下次启动时安装", en="download the new version; installed at the next start")
define("cli.help.update_from_folder", zh="从文件夹（U盘）载入更新说明和安装包，下次启动时安装",
       en="take the manifest and the package from a folder (a USB stick); installed at the next start")
define("cli.update.running", zh="当前版本：{version}", en="This version: {version}")
define("cli.update.available", zh="新版本：{version}（{published}发布；安装包 {name}，{size} 字节）",
       en="New version: {version} (published {published}; package {name}, {size} bytes)")
define("cli.update.notes", zh="更新内容：{notes}", en="What is new: {notes}")
define("cli.update.minimum", zh="登记机构只接收 {minimum} 及以上版本上报的数据。",
       en="The registry takes data only from version {minimum} or later.")
define("cli.update.none", zh="没有新版本。", en="No newer version.")
define("cli.update.pending", zh="待安装：{name}（下次启动 learncenter 时安装）。",
       en="Waiting to be installed: {name} (at the next start of learncenter).")
define("cli.update.taken", zh="{version} 版已从 {folder} 载入并通过校验：{path}。下次启动 learncenter 时安装。",
       en="Version {version} is taken from {folder} and checked: {path}. It is installed at the next start of "
          "learncenter.")
define("cli.update.staged", zh="{version} 版已下载并通过校验：{path}。下次启动 learncenter 时安装。",
       en="Version {version} is downloaded and checked: {path}. It is installed at the next start of learncenter.")


def register(commands: Any, out: Output) -> None:
    update = commands.add_parser("update", help=out.say("cli.help.update")).add_subparsers(
        dest="update_command", required=True)
    update.add_parser("status", help=out.say("cli.help.update_status")).set_defaults(
        handler=update_status, permission=Permission.SYNC)
    update.add_parser("fetch", help=out.say("cli.help.update_fetch")).set_defaults(
        handler=update_fetch, permission=Permission.MAINTAIN)
    p = update.add_parser("from-folder", help=out.say("cli.help.update_from_folder"))
    p.add_argument("folder", type=Path)
    p.set_defaults(handler=update_from_folder, permission=Permission.MAINTAIN)


def update_status(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.updating import pending_package
    from learncenter.sync.workstation_updates import WorkstationUpdates

    out.info("cli.update.running", version=__version__)
    with open_context(data_dir, out, args) as ctx:
        manifest = WorkstationUpdates(ctx.db).available()
    if manifest is None:
        out.info("cli.update.none")
    else:
        out.info("cli.update.available", version=manifest.version, published=manifest.published_at[:10],
                 name=manifest.package_name, size=manifest.package_size)
        if manifest.notes(out.lang):
            out.info("cli.update.notes", notes=manifest.notes(out.lang))
        out.info("cli.update.minimum", minimum=manifest.minimum_version)
    pending = pending_package(data_dir.root)
    if pending is not None:
        out.info("cli.update.pending", name=pending.name)
    return 0


def update_fetch(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.cli.progress import Progress
    from learncenter.sync.center import open_link
    from learncenter.sync.workstation_updates import WorkstationUpdates

    progress = Progress(out)
    with open_context(data_dir, out, args) as ctx:
        link = open_link(ctx.db, actor=ctx.user)
        try:
            staged = WorkstationUpdates(ctx.db).fetch(
                link, actor=ctx.user, progress=lambda done, total: progress("download", done, total))
        finally:
            link.close()
            progress.finish()
    out.info("cli.update.staged", version=staged.manifest.version, path=str(staged.path))
    return 0


def update_from_folder(args: argparse.Namespace, out: Output, data_dir: DataDir) -> int:
    from learncenter.sync.workstation_updates import WorkstationUpdates

    with open_context(data_dir, out, args) as ctx:
        staged = WorkstationUpdates(ctx.db).from_folder(args.folder, actor=ctx.user)
    out.info("cli.update.taken", version=staged.manifest.version, folder=str(args.folder), path=str(staged.path))
    return 0
