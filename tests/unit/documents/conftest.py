"""Fixtures shared by the document tests: the installed CJK font and the poppler tools that read
our PDFs back. Both are real; a machine without them skips with the package to install."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from learncenter.documents import DocumentError, FontSet, cjk_fonts

RunTool = Callable[..., str]


@pytest.fixture(scope="session")
def fonts() -> FontSet:
    try:
        return cjk_fonts()
    except DocumentError as exc:
        pytest.skip(f"no embeddable CJK font on this machine ({exc}); Debian: apt-get install fonts-wqy-zenhei")


@pytest.fixture(scope="session")
def run_tool() -> RunTool:
    """Run a poppler tool and return its standard output; skip when poppler is not installed."""

    def run(tool: str, *args: str | Path) -> str:
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (Debian: apt-get install poppler-utils)")
        done = subprocess.run([tool, *map(str, args)], capture_output=True, text=True, timeout=30, check=True)
        return done.stdout

    return run
