"""Where the program writes what went wrong: a private, rotated log in the data folder.

Everything logged, by our code or a library, and every exception nobody caught (in the command
line, a Qt slot, a worker thread) goes to ``<data folder>/logs/learncenter.log`` through one
formatter that scrubs tracebacks (``safe_traceback``) and drops the arguments of log lines
written by libraries (their templates are code; what they fill in may be data). The folder is
0700 and the files 0600; the log is rotated at a small size, so it never grows into a second,
unencrypted copy of the day's work. The user is told the path and that it holds no record data.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from io import TextIOWrapper
from typing import Any

from learncenter.store.layout import FILE_MODE, private_folder

LOG_NAME = "learncenter.log"
FATAL_NAME = "fatal.log"
MAX_BYTES = 512 * 1024
BACKUP_COUNT = 3
CRASH_LOGGER = "learncenter.crash"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_folder(data_root: Path) -> Path:
    """The data folder's ``logs``; the user's log folder when the data folder does not exist
    (a mistyped --data-dir must not make one just to hold a log)."""
    if data_root.is_dir():
        return data_root / "logs"
    import platformdirs  # only here: a command's start does not pay for it

    return Path(platformdirs.user_log_dir("learncenter", appauthor=False))


class ScrubbingFormatter(logging.Formatter):
    """Scrubbed tracebacks, no stack dumps, and library log lines without their arguments."""

    def __init__(self) -> None:
        super().__init__(_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)  # other handlers still get the original
        if not (record.name == "learncenter" or record.name.startswith("learncenter.")):
            record.msg, record.args = str(record.msg), None
        record.exc_text, record.stack_info = None, None
        return super().format(record)

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        exc = ei[1] if isinstance(ei, tuple) else None
        from learncenter.safe_traceback import format_exception  # loaded with the first traceback

        return format_exception(exc) if isinstance(exc, BaseException) else ""


class PrivateLogHandler(logging.Handler):
    """The private log: a rotating file created 0600 in a 0700 folder when first written.

    The rotating machinery (``logging.handlers``, which loads sockets and pickling with it) is
    loaded with the first line written too: most starts write none, and the login window should
    not wait for it."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.baseFilename = os.path.abspath(folder / LOG_NAME)
        self.setFormatter(ScrubbingFormatter())
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            self._file = _rotating_file(self.folder, self.baseFilename)
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def _rotating_file(folder: Path, path: str) -> logging.Handler:
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingFile(RotatingFileHandler):
        def _open(self) -> TextIOWrapper:  # type: ignore[type-arg, unused-ignore]
            private_folder(folder)
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
            if hasattr(os, "fchmod"):  # POSIX (Windows has no modes; Python 3.11 there lacks it)
                os.fchmod(fd, FILE_MODE)
            return open(fd, "a", encoding="utf-8")

    return PrivateRotatingFile(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True)


@contextmanager
def installed(folder: Path) -> Iterator[PrivateLogHandler]:
    """Send all logging and every uncaught exception to the private log in ``folder`` while the
    block runs (the command, or the desktop application)."""
    handler = PrivateLogHandler(folder)
    root = logging.getLogger()
    root.addHandler(handler)
    hooks = sys.excepthook, threading.excepthook
    sys.excepthook = _uncaught
    threading.excepthook = _uncaught_in_thread
    try:
        yield handler
    finally:
        sys.excepthook, threading.excepthook = hooks
        root.removeHandler(handler)
        handler.close()


@contextmanager
def fatal_errors(folder: Path) -> Iterator[None]:
    """A crash Python cannot catch (a fault in Qt or a driver) leaves the stacks of every thread in
    ``fatal.log`` beside the log — file, line and function names only, never a value — instead of
    a silent exit. Left alone when fault reports already go somewhere (a test runner's)."""
    if faulthandler.is_enabled():
        yield
        return
    private_folder(folder)
    fd = os.open(folder / FATAL_NAME, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    with open(fd, "a", encoding="utf-8") as fatal:
        faulthandler.enable(fatal, all_threads=True)
        try:
            yield
        finally:
            faulthandler.disable()


def log_unexpected(exc: BaseException, where: str = "unexpected error") -> None:
    logging.getLogger(CRASH_LOGGER).error(where, exc_info=(type(exc), exc, exc.__traceback__))


def _uncaught(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    log_unexpected(exc, "uncaught exception")
    for listener in list(_listeners):
        listener(exc)


def _uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _uncaught(args.exc_type, args.exc_value, args.exc_traceback)


_listeners: list[Callable[[BaseException], None]] = []


def on_uncaught(listener: Callable[[BaseException], None]) -> Callable[[], None]:
    """Also call ``listener`` (after logging) for every uncaught exception, e.g. to tell the user
    in a window; returns the function that stops it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener)
