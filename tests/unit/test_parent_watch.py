"""The workstation's child processes end when the workstation is killed (learncenter.parent_watch):
its helper, an import's reader and the notices' renderers. Each would otherwise wait for ever,
holding its memory (the helper: the card reader's models)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from process_ends import all_end, killed_workstation

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")

CHILDREN = """
def children():
    from pathlib import Path
    return [int(pid) for task in Path("/proc/self/task").iterdir()
            for pid in (task / "children").read_text().split()]
"""


def test_the_helper_ends_when_the_workstation_is_killed(tmp_path: Path) -> None:
    pids = killed_workstation(tmp_path, """
import os, signal
from learncenter.services.helper_process import helper
if __name__ == "__main__":
    print(helper.run(os.getpid), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")
    assert all_end(pids)


def test_an_import_reader_ends_when_the_workstation_is_killed(tmp_path: Path) -> None:
    pids = killed_workstation(tmp_path, CHILDREN + """
import os, signal
from learncenter.services.row_pipeline import RowPipeline
from reader_probes import endless
if __name__ == "__main__":
    pipeline = RowPipeline(endless, (), in_process=False)
    for message in pipeline:
        print(pipeline.child.pid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
""")
    assert all_end(pids)


def test_the_notice_renderers_end_when_the_workstation_is_killed(tmp_path: Path) -> None:
    pids = killed_workstation(tmp_path, CHILDREN + f"""
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
    assert all_end(pids)
