"""Run the reading side of an import in a second process while the caller writes.

Reading, validating and keying rows (services.prepared_rows) is most of an import's work and
needs no database, so for a large file it runs in a spawned child and overlaps with the
inserts; the messages come through a bounded queue, which keeps the child at most a few chunks
ahead. A small file is read in-process: starting an interpreter costs more than it saves.

Stopping the pipeline (cancel, a writer's error, the end of a ``with``) ends the child. A child
that fails says so: a ``DomainError`` (a broken sheet) arrives as itself, anything else as a
clear message; the log gets the exception's kind and where it happened, never a row's data.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue as queue_module
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from typing import Any, NamedTuple

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.parent_watch import end_with_parent
from learncenter.services.prepared_rows import Message

READER_FAILED = define(
    "import.reader_failed",
    zh="读取数据时出错（{error}），已停止：此前完成的各批已保存，再次导入可补全。"
    "请确认文件能在 Excel 或 WPS 中正常打开；如仍出错，请把日志文件夹发给技术支持。",
    en="Reading the data failed ({error}) and stopped: the chunks finished before are saved, and importing "
    "again completes them. Check that the file opens in Excel or WPS; if it still fails, send the log folder "
    "to support.",
)
READER_STOPPED = define(
    "import.reader_stopped",
    zh="读取数据的进程意外退出（退出码 {exitcode}），已停止：此前完成的各批已保存，再次导入可补全。",
    en="The process reading the data ended unexpectedly (exit code {exitcode}) and stopped: the chunks "
    "finished before are saved, and importing again completes them.",
)
QUEUED_CHUNKS = 3  # how far the reader may run ahead of the writer
_POLL_SECONDS = 0.5
_log = logging.getLogger(__name__)

Producer = Callable[..., Iterator[Message]]


class _Failed(NamedTuple):
    problems: tuple[Problem, ...]
    error_type: type[DomainError]


class _Crashed(NamedTuple):
    kind: str  # the exception's class name: no message, which may quote a cell
    where: str  # file:line function, innermost last


_END = "end"


class RowPipeline:
    """Iterate the producer's messages; ``in_process`` runs it here instead of in a child."""

    def __init__(self, producer: Producer, args: tuple[Any, ...], *, in_process: bool) -> None:
        self._producer, self._args, self._in_process = producer, args, in_process
        self._process: BaseProcess | None = None
        self._queue: Queue[Any] | None = None

    def __enter__(self) -> RowPipeline:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __iter__(self) -> Iterator[Message]:
        if self._in_process:
            yield from self._producer(*self._args)
            return
        context = multiprocessing.get_context("spawn")
        self._queue = context.Queue(QUEUED_CHUNKS)
        process = context.Process(target=_produce, args=(self._queue, self._producer, self._args),
                                  name="learncenter-import-reader", daemon=True)
        process.start()
        # The child holds its own copy of the queue's write end now. Without the parent's, a child
        # killed in the middle of sending a chunk leaves half a message that a read would wait for
        # forever; with it closed, that read ends (EOFError) and the import says the reader stopped.
        getattr(self._queue, "_writer").close()
        self._process = process
        while True:
            message = self._next()
            if isinstance(message, str) and message == _END:
                break
            if isinstance(message, _Failed):
                raise message.error_type(*message.problems)
            if isinstance(message, _Crashed):
                _log.error("the import's reader process failed: %s at %s", message.kind, message.where)
                raise DomainError(Problem(READER_FAILED, params={"error": message.kind}))
            yield message
        self._process.join()

    def _next(self) -> Any:
        assert self._queue is not None and self._process is not None
        while True:
            try:
                return self._queue.get(timeout=_POLL_SECONDS)
            except (EOFError, OSError):  # the child ended in the middle of a message
                self._process.join(_POLL_SECONDS)
                _log.error("the import's reader process ended with exit code %s", self._process.exitcode)
                raise DomainError(Problem(READER_STOPPED, params={"exitcode": self._process.exitcode})) from None
            except queue_module.Empty:
                if not self._process.is_alive():
                    try:  # what it sent just before ending
                        return self._queue.get(timeout=_POLL_SECONDS)
                    except queue_module.Empty:
                        pass
                    _log.error("the import's reader process ended with exit code %s", self._process.exitcode)
                    raise DomainError(Problem(READER_STOPPED, params={"exitcode": self._process.exitcode})) from None

    @property
    def child(self) -> BaseProcess | None:
        """The reading process, while there is one."""
        return self._process

    def stop(self) -> None:
        """End the child (if any) now; nothing it still had queued is used."""
        process, self._process = self._process, None
        if process is not None:
            if process.is_alive():
                process.terminate()
                process.join(5)
                if process.is_alive():
                    process.kill()
            process.join()
            process.close()
        if self._queue is not None:
            self._queue.close()
            self._queue.cancel_join_thread()
            self._queue = None


def _produce(out: Queue[Any], producer: Producer, args: tuple[Any, ...]) -> None:
    """The child's main: every message, then the end mark or what went wrong. It ends with the
    workstation: killed mid-import, the workstation no longer reads and the child would wait for
    room in the queue for ever."""
    end_with_parent()
    try:
        for message in producer(*args):
            out.put(message)
        out.put(_END)
    except DomainError as exc:
        out.put(_Failed(exc.problems, type(exc)))
    except Exception as exc:  # noqa: BLE001 - turned into a message for the user; the kind goes to the log
        out.put(_Crashed(type(exc).__name__, _where(exc)))
    out.close()
    out.join_thread()


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)[-4:]
    return " < ".join(f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}" for frame in reversed(frames))
