"""``learncenter-registry serve`` as a subprocess on 127.0.0.1, for the registry's own tests and
the end-to-end tests of the centers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


class Server:
    """``learncenter-registry serve`` as a subprocess on 127.0.0.1."""

    def __init__(self, data_dir: Path, db_url: str, env: dict[str, str] | None = None) -> None:
        """``env``: variables the registry's commands get besides this process's (the S3 key)."""
        self.data_dir, self.db_url = data_dir, db_url
        self.extra_env = env or {}
        self.process: subprocess.Popen[str] | None = None
        self.port = 0

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "learncenter.registry.cli", *args,
                "--data-dir", str(self.data_dir), "--db", self.db_url, "--lang", "en"]

    def start(self, port: int = 0, workers: int = 1, options: tuple[str, ...] = ()) -> None:
        """Start the server and wait until it answers; its output goes to a log file (a pipe
        nobody reads would fill up and stall the server)."""
        log = self.data_dir.parent / f"registry-serve-{time.monotonic_ns()}.log"
        with open(log, "wb") as sink:
            self.process = subprocess.Popen(
                self.command("serve", "--port", str(port or self.port), "--workers", str(workers), *options),
                stdout=sink, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + 30
        match = None
        while match is None and time.monotonic() < deadline and self.process.poll() is None:
            match = re.search(r"http://127\.0\.0\.1:(\d+)", log.read_text(errors="replace"))
            time.sleep(0.02)
        if match is None:
            self.kill()
            raise RuntimeError(f"registry did not start: {log.read_text(errors='replace')}")
        self.port = int(match.group(1))
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.02)
        raise RuntimeError("registry does not answer")

    @property
    def env(self) -> dict[str, str]:
        """The environment of the registry's commands: this process's as it is now, and ``extra_env``."""
        return {**os.environ, **self.extra_env}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def sqlite_registry(folder: Path) -> Iterator[Server]:
    """An initialised registry on SQLite in ``folder``, serving until the block ends."""
    server = Server(folder / "registry-data", f"sqlite:///{folder / 'registry.sqlite3'}")
    subprocess.run(server.command("init"), check=True, capture_output=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def enroll_code(server: Server, center_id: str, name: str | None = None) -> str:
    """A one-time code from ``learncenter-registry enroll-code``, as its administrator reads it."""
    extra = ["--name", name] if name else []
    out = subprocess.run(server.command("enroll-code", center_id, *extra), check=True,
                         capture_output=True, text=True).stdout
    match = re.search(r"single use\): (\S+)", out)
    assert match, out
    return match.group(1)
