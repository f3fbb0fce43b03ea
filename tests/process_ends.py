"""Whether the processes a test saw have ended (Linux: reads /proc), and a workstation that kills
itself, for the tests of the workstation's child processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

TESTS = str(Path(__file__).parent)


def gone(pid: int) -> bool:
    """Ended: no such process, or one that ended and waits to be reaped (a zombie)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def all_end(pids: list[int], seconds: float = 30) -> bool:
    """Whether every one of ``pids`` ends within ``seconds``."""
    deadline = time.monotonic() + seconds
    while not all(gone(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return all(gone(pid) for pid in pids)


def killed_workstation(tmp_path: Path, script: str) -> list[int]:
    """Run ``script`` in a fresh interpreter as a workstation that prints its children's pids and
    kills itself with SIGKILL; the pids it printed."""
    main = tmp_path / "desk.py"
    main.write_text(script, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([TESTS, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(main)], capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == -9, done.stderr[-2000:]
    pids = [int(word) for word in done.stdout.split()]
    assert pids
    return pids
