"""Where a database's files live inside its data folder, and the small plain metadata file.

The metadata holds nothing secret: the database's identity (which names its key in the
keyring), whether it is a demo, and the database key wrapped under the recovery key.

Everything in the folder is encrypted, but none of it is anybody else's business: the folder and
the folders in it are 0700, its files 0600 (:meth:`DataDir.make_private`, run when a database is
created or opened, tightens a folder made by an older version too). Other users of the computer
cannot even list which blobs exist.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


APP_NAME = "learncenter"
DATA_DIR_ENV = "LEARNCENTER_DATA_DIR"
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def default_data_dir() -> Path:
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when no data folder was named

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
    def demo_device_keys(self) -> Path:
        return self.root / "demo-device-keys.json"

    @property
    def blobs(self) -> Path:
        return self.root / "blobs"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def make_private(self) -> None:
        """The folder and its folders 0700; the database (with its WAL and shared-memory files),
        the metadata and the demo's key files 0600. What lies deeper (blobs, backups, logs) is out
        of other users' reach once its folder is, and is written 0600 from the start."""
        private_folder(self.root)
        for folder in (self.root, self.blobs, self.backups, self.logs):
            if folder.is_dir():
                os.chmod(folder, FOLDER_MODE)
        for path in (self.database, Path(f"{self.database}-wal"), Path(f"{self.database}-shm"), self.meta,
                     self.demo_key, self.demo_device_keys):
            if path.exists():
                os.chmod(path, FILE_MODE)

    def exists(self) -> bool:
        return self.database.exists() and self.meta.exists()

    def read_meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = json.loads(self.meta.read_text(encoding="utf-8"))
        return meta

    def write_meta(self, meta: dict[str, Any]) -> None:
        write_atomically(self.meta, json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"))


def private_folder(path: Path) -> Path:
    """``path`` as a folder; the folders made for it (the missing ones above it too) are 0700."""
    if not path.is_dir():
        if not path.parent.exists():
            private_folder(path.parent)
        path.mkdir(mode=FOLDER_MODE, exist_ok=True)
        os.chmod(path, FOLDER_MODE)
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` so that a crash leaves either the old file or the new one, never half; the
    file is readable by its owner only, and so are the folders made for it."""
    private_folder(path.parent)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with open(fd, "wb") as fh:
        os.fchmod(fh.fileno(), FILE_MODE)  # a leftover temporary file keeps its old mode otherwise
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
