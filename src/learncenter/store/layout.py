"""Where a database's files live inside its data folder, and the small plain metadata file.

The metadata holds nothing secret: the database's identity (which names its key in the
keyring), whether it is a demo, and the database key wrapped under the recovery key.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "learncenter"
DATA_DIR_ENV = "LEARNCENTER_DATA_DIR"


def default_data_dir() -> Path:
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "learncenter.db"

    @property
    def meta(self) -> Path:
        return self.root / "learncenter.json"

    @property
    def demo_key(self) -> Path:
        return self.root / "demo.key"

    @property
    def blobs(self) -> Path:
        return self.root / "blobs"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    def exists(self) -> bool:
        return self.database.exists() and self.meta.exists()

    def read_meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = json.loads(self.meta.read_text(encoding="utf-8"))
        return meta

    def write_meta(self, meta: dict[str, Any]) -> None:
        write_atomically(self.meta, json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"))


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` so that a crash leaves either the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
