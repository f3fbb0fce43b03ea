"""A long command's progress on standard error, in the user's language.

On a terminal one line is rewritten in place, with a bar when the total is known; anywhere else
(a log file, a pipe, the Windows task scheduler) a plain line is written at each tenth of a known
total, or every ``every`` units of an open-ended count, so a log shows the command moving without
filling up. The line ends when the stage does.
"""

from __future__ import annotations

import sys
from typing import TextIO

from learncenter.cli.output import Output
from learncenter.domain.messages import define

BAR = 24

define("cli.progress.import", zh="已读取 {done} 行", en="{done} rows read")
define("cli.progress.batches", zh="批次 {done}/{total}", en="batches {done}/{total}")
define("cli.progress.upload", zh="上传 {done_mb:.1f}/{total_mb:.1f} MB", en="upload {done_mb:.1f}/{total_mb:.1f} MB")
define("cli.progress.changes", zh="下发更新 {done}/{total}", en="changes from the registry {done}/{total}")
define("cli.progress.export", zh="已导出 {done}/{total} 条", en="{done}/{total} records exported")
define("cli.progress.download", zh="下载 {done_mb:.1f}/{total_mb:.1f} MB", en="download {done_mb:.1f}/{total_mb:.1f} MB")
define("cli.progress.pages", zh="准考证 {done}/{total} 页", en="notices {done}/{total} pages")
define("cli.progress.rooms", zh="考场名单 {done}/{total} 个考场", en="room lists {done}/{total} rooms")
define("cli.progress.photos", zh="照片 {done}/{total} 张", en="photos {done}/{total}")
define("cli.progress.forms", zh="报名登记表 {done}/{total} 份", en="registration forms {done}/{total}")


class Progress:
    def __init__(self, out: Output, *, every: int = 10_000, stream: TextIO | None = None) -> None:
        self._out, self._every = out, every
        self._stream = stream if stream is not None else sys.stderr
        self._tty = self._stream.isatty()
        self._shown: dict[str, int] = {}  # per stage: the last tenth (or step) written
        self._open = ""  # the stage whose line a terminal still has open

    def __call__(self, stage: str, done: int, total: int | None = None) -> None:
        params: dict[str, object] = {"done": done, "total": total or 0,
                                     "done_mb": done / 1e6, "total_mb": (total or 0) / 1e6}
        text = self._out.say(f"cli.progress.{stage}", **params)
        if self._tty:
            if self._open and self._open != stage:
                print(file=self._stream)
            bar = ""
            if total:
                filled = BAR * min(done, total) // total
                bar = "[" + "#" * filled + "." * (BAR - filled) + "] "
            print("\r" + bar + text, end="", file=self._stream, flush=True)
            self._open = stage
            if total and done >= total:
                print(file=self._stream)
                self._open = ""
            return
        step = 10 * done // total if total else done // self._every
        if step > self._shown.get(stage, -1) or (total and done >= total and self._shown.get(stage) != 10):
            self._shown[stage] = step
            print(text, file=self._stream, flush=True)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.finish()  # a stage cut short by an error still ends its line

    def finish(self) -> None:
        """End a line a terminal still has open (an open-ended count, or a stage cut short)."""
        if self._tty and self._open:
            print(file=self._stream, flush=True)
            self._open = ""
