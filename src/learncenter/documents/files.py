"""Saving a finished document: atomically, so a reader or a printer spooler never sees half a
file, and an existing file is replaced only by a complete new one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from learncenter.documents.fonts import DocumentError
from learncenter.domain.messages import Problem, define

WRITE_FAILED = define(
    "documents.write_failed",
    zh="无法保存文件 {path}：{reason}。请确认文件夹可写、该文件没有在其他程序中打开，然后重试。",
    en="The file {path} cannot be saved: {reason}. Make sure the folder is writable and the file is not "
    "open in another program, then try again.",
)


def write_failed(path: Path, exc: OSError) -> DocumentError:
    return DocumentError(Problem(WRITE_FAILED, None, {"path": str(path), "reason": exc.strerror or exc}))


def write_atomically(data: bytes, path: Path) -> None:
    path = Path(path)
    tmp_name: str | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp",
                                         delete=False) as tmp:
            tmp_name = tmp.name
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise write_failed(path, exc) from exc
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
