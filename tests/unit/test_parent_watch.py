"""The workstation's child processes end when the workstation is killed (learncenter.parent_watch):
an import's reader and the notices' renderers, as the helper (tests/unit/services/test_helper_process.py).
Each would otherwise wait for ever, holding its memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")

TESTS = str(Path(__file__).parents[1])


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status  # ended, waiting to be reaped


def _all_end(pids: list[int], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not all(_gone(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return all(_gone(pid) for pid in pids)


def _killed_workstation(tmp_path: Path, script: str) -> list[int]:
    """Run ``script`` as a workstation that prints its children's pids and kills itself."""
    main = tmp_path / "desk.py"
    main.write_text(script, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([TESTS, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(main)], capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == -9, done.stderr[-2000:]
    pids = [int(word) for word in done.stdout.split()]
    assert pids
    return pids


CHILDREN = """
def children():
    from pathlib import Path
    return [int(pid) for task in Path("/proc/self/task").iterdir()
            for pid in (task / "children").read_text().split()]
"""


def test_an_import_reader_ends_when_the_workstation_is_killed(tmp_path: Path) -> None:
    pids = _killed_workstation(tmp_path, CHILDREN + """
import os, signal
from learncenter.services.row_pipeline import RowPipeline
from reader_probes import endless
if __name__ == "__main__":
    pipeline = RowPipeline(endless, (), in_process=False)
    for message in pipeline:
        print(pipeline.child.pid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
""")
    assert _all_end(pids)


def test_the_notice_renderers_end_when_the_workstation_is_killed(tmp_path: Path) -> None:
    pids = _killed_workstation(tmp_path, CHILDREN + f"""
import os, signal
from learncenter.documents.notices import write_notices
from notice_samples import notice
if __name__ == "__main__":
    def progress(done, total):
        print(*[pid for pid in children()], flush=True)  # the renderers (and multiprocessing's helpers)
        os.kill(os.getpid(), signal.SIGKILL)
    notices = [notice(i) for i in range(40)]
    write_notices(notices, __import__("pathlib").Path({str(tmp_path / "notices.pdf")!r}), signing_key=bytes(range(32)),
                  workers=2, progress=progress, start_method="spawn")
""")
    assert _all_end(pids)
