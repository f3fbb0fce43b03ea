"""Fixtures of the integration tests."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from registry.server import Server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A real registry process on 127.0.0.1 with a SQLite database of its own (a test module may
    define its own)."""
    srv = Server(tmp_path / "registry-data", f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    subprocess.run(srv.command("init"), check=True, capture_output=True)
    srv.start()
    yield srv
    srv.stop()
