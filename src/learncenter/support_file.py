"""A support file: what support needs to see why the program failed, and nothing of the records.

One zip with the private log and its rotated files (already scrubbed of record data by
``log_files``; a fatal error's stack is file, line and function names only), the versions of the
program, Python, Qt and the system, and the workstation's settings whose values are plain text
or numbers (window geometry and other binary values are left out). Nothing from the database,
the photos or the scans goes in. The zip is written under a temporary name beside its target and
renamed when complete, readable by its owner only.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from learncenter import __version__
from learncenter.log_files import FATAL_NAME
from learncenter.store.layout import FILE_MODE

README = """learncenter support file

logs/           the program's private log and its rotated files (no candidate data)
versions.json   versions of learncenter, Python, Qt and the operating system
settings.json   the workstation's settings (text and numbers only)

Nothing from the database, the photos or the scans is in this file.
"""


def versions(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    return {"learncenter": __version__, "python": sys.version.split()[0], "system": platform.platform(),
            "machine": platform.machine(), **(extra or {})}


def plain_settings(settings: Mapping[str, object]) -> dict[str, object]:
    return {key: value for key, value in sorted(settings.items())
            if isinstance(value, str | int | float | bool)}


def write(dest: Path, *, log_folder: Path, settings: Mapping[str, object],
          versions_found: Mapping[str, str]) -> Path:
    """Write the support file to ``dest``; return its path."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with open(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        made = {"made_at": datetime.now(UTC).isoformat(timespec="seconds")}
        archive.writestr("versions.json", json.dumps({**made, **versions_found}, ensure_ascii=False, indent=2))
        archive.writestr("settings.json", json.dumps(plain_settings(settings), ensure_ascii=False, indent=2))
        if log_folder.is_dir():
            for path in sorted(log_folder.iterdir()):
                if path.is_file() and (path.name.startswith("learncenter.log") or path.name == FATAL_NAME):
                    archive.write(path, f"logs/{path.name}")
    os.replace(tmp, dest)
    return dest
