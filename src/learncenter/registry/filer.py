"""Filers: what takes received batches off the queue and files them (registry.batch_filing).

``serve`` runs one filer thread per process (``--filers N`` for more, ``0`` for none), woken as
soon as a batch is received; ``learncenter-registry filer`` runs filers without serving, on any
machine that reaches the database (``--drain``: until no batch waits, then exit). Several filers,
in one process or many, share the queue through ``SKIP LOCKED``; a batch that fails for a reason
other than a refusal (a bug, a store that does not answer) is passed over for a while so the
batches behind it still get filed, and tried again later.
"""

from __future__ import annotations

import argparse
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from learncenter.domain.messages import define
from learncenter.registry.batch_filing import FilingFailed

log = logging.getLogger(__name__)

PASS_OVER_SECONDS = 60.0  # how long a batch that failed is passed over
IDLE_SECONDS = 0.5  # a filer with nothing to do looks again after this (batches received elsewhere)

define("registry.help.filer", zh="归档已接收的批次（不提供网络服务；可在多台机器上同时运行）",
       en="file received batches (serves nothing; may run on several machines at once)")
define("registry.help.filers", zh="每个进程中的归档线程数（默认 1；0 表示由单独的 filer 进程归档）",
       en="filing threads per process (default 1; 0: separate filer processes file)")
define("registry.help.drain", zh="归档完所有等待的批次后退出", en="exit once no batch waits")
define("registry.cli.filing", zh="正在归档已接收的批次（{threads} 个线程）；按 Ctrl+C 停止。",
       en="Filing received batches ({threads} threads); Ctrl+C stops.")
define("registry.cli.drained", zh="已归档 {count} 个批次，没有等待归档的批次。",
       en="Filed {count} batches; no batch waits.")


class Filer:
    """Filing threads over one registry."""

    def __init__(self, registry: Any, *, threads: int = 1, idle: float = IDLE_SECONDS,
                 on_filed: Callable[[str], None] | None = None) -> None:
        self._registry = registry
        self._count = threads
        self._idle = idle
        self._on_filed = on_filed
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._passing: dict[str, float] = {}  # batch id -> until when it is passed over
        self.filed = 0

    def start(self) -> None:
        for number in range(self._count):
            thread = threading.Thread(target=self._run, name=f"filer-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def wake(self) -> None:
        """A batch was received: look now rather than at the next idle tick."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)

    def drain(self) -> int:
        """File in this thread until no batch waits that may be filed; how many were filed."""
        filed = 0
        while self._step() == "filed":
            filed += 1
        return filed

    def _run(self) -> None:
        backoff = 0.0
        while not self._stop.is_set():
            outcome = self._step()
            if outcome == "filed":
                backoff = 0.0
                continue
            if outcome == "unavailable":
                backoff = min(30.0, max(1.0, backoff * 2))
                self._stop.wait(backoff)
                continue
            self._wake.wait(self._idle)
            self._wake.clear()

    def _step(self) -> str:
        """File one batch: "filed", "idle" (none waits), "failed" or "unavailable" (the database)."""
        now = time.monotonic()
        with self._lock:
            self._passing = {batch: until for batch, until in self._passing.items() if until > now}
            passing = set(self._passing)
        try:
            batch_id = self._registry.file_next(passing)
        except FilingFailed as failed:
            log.error("filing batch %s failed (%s); passed over for %d s",
                      failed.batch_id, failed.reason, PASS_OVER_SECONDS)
            with self._lock:
                self._passing[failed.batch_id] = now + PASS_OVER_SECONDS
            return "failed"
        except OperationalError as error:
            log.error("filing: the database does not answer (%s)", type(error.orig).__name__)
            return "unavailable"
        if batch_id is None:
            return "idle"
        with self._lock:
            self.filed += 1
        if self._on_filed is not None:
            self._on_filed(batch_id)
        return "filed"


def register(command: Callable[[str, str], argparse.ArgumentParser], out: Any, opener: Callable[..., Any]) -> None:
    parser = command("filer", "registry.help.filer")
    parser.add_argument("--threads", type=int, default=1, help=out.say("registry.help.filers"))
    parser.add_argument("--drain", action="store_true", help=out.say("registry.help.drain"))

    def run(args: argparse.Namespace, out: Any, data_dir: Path) -> int:
        import logging as logs

        from learncenter.domain.idnumber import load_region_table

        logs.basicConfig(level=logs.INFO, format="%(asctime)s %(name)s %(message)s")
        registry = opener(args, out, data_dir)
        load_region_table()  # filing checks every ID number's address code
        filer = Filer(registry, threads=max(1, args.threads))
        if args.drain:
            out.info("registry.cli.drained", count=filer.drain())
            return 0
        out.info("registry.cli.filing", threads=max(1, args.threads))
        filer.start()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            filer.stop()
        return 0

    parser.set_defaults(handler=run)
