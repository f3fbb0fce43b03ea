"""Running the ``learncenter`` command in-process, the way the CLI tests do."""

from __future__ import annotations

import pytest

from learncenter.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of one command; never a traceback."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err
