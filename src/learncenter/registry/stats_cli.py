"""``learncenter-registry stats``: the registry's counts, in the administrator's language or as JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from learncenter.domain.messages import define, display_width

define("registry.help.stats", zh="显示统计数字", en="show counts")
STAT_LABELS = {
    "centers": ("学习中心", "learning centers"),
    "active_keys": ("有效的设备密钥", "active device keys"),
    "batches_committed": ("已入库批次", "batches committed"),
    "batches_open": ("未完成批次", "batches open"),
    "batches_waiting": ("已接收、等待归档的批次", "batches received, waiting to be filed"),
    "records": ("记录", "records"),
    "persons": ("考生（按身份证号）", "persons (by ID number)"),
    "blobs": ("照片与扫描件", "photos and scans"),
    "blob_bytes": ("照片与扫描件字节数", "bytes of photos and scans"),
    "changes": ("已发布的下行变更", "changes published for down-sync"),
}
for _name, (_zh, _en) in STAT_LABELS.items():
    define(f"registry.stats.{_name}", zh=_zh, en=_en)


def register(command: Callable[[str, str], argparse.ArgumentParser], out: Any, opener: Callable[..., Any]) -> None:
    parser = command("stats", "registry.help.stats")
    parser.add_argument("--json", action="store_true", help=out.say("registry.help.json"))

    def stats(args: argparse.Namespace, out: Any, data_dir: Path) -> int:
        counts = opener(args, out, data_dir).stats()
        if args.json:
            print(json.dumps(counts))
            return 0
        labels = {name: out.say(f"registry.stats.{name}") for name in counts}
        width = max(display_width(label) for label in labels.values())
        for name, value in counts.items():
            print(f"  {labels[name]}{' ' * (width - display_width(labels[name]))}  {value:,}")
        return 0

    parser.set_defaults(handler=stats)
