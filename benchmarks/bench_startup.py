"""Start to a usable login window, against a bare PySide6 window started the same way.

Each run is a fresh Python process that goes through the real entry point
(``learncenter.cli.main`` with a data folder, as the console script does) and reports the time
from interpreter start to the login window being shown and exposed, and to the backend (the
encrypted database and the services, loaded in a worker meanwhile) being ready for sign-in.
Median of N runs each, in the same run of this script. Target: window usable <= 1.3x bare.
A third side, for reference only, builds the login window's widgets (labels, two line edits,
a button box) with no program around them: what any PySide6 login window costs.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BARE = r"""
import time, sys
from PySide6.QtWidgets import QApplication, QDialog
from PySide6.QtTest import QTest
app = QApplication(sys.argv)
w = QDialog(); w.show(); QTest.qWaitForWindowExposed(w)
print(time.perf_counter() - START)
"""

BARE_FORM = r"""
import time, sys
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout)
from PySide6.QtTest import QTest
app = QApplication(sys.argv)
w = QDialog(); layout = QVBoxLayout(w); form = QFormLayout()
for text in ("Sign in", "database"):
    layout.addWidget(QLabel(text))
user, password = QLineEdit(), QLineEdit()
password.setEchoMode(QLineEdit.EchoMode.Password)
form.addRow("User", user); form.addRow("Password", password); layout.addLayout(form)
layout.addWidget(QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel))
w.show(); QTest.qWaitForWindowExposed(w)
print(time.perf_counter() - START)
"""

LEARNCENTER = r"""
import os, sys, time
from learncenter.cli import main  # first, as the console script does (before Qt is loaded)
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)  # learncenter's run() takes the existing application

def probe():
    from learncenter.ui.login_dialog import LoginDialog
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible())
    QTest.qWaitForWindowExposed(dialog)
    shown = time.perf_counter() - START

    def ready():  # polled from the dialog's own event loop, as the app runs; a qWait loop here
        if dialog._authenticate is not None:  # would hold the interpreter and starve the worker
            print(f"{shown} {time.perf_counter() - START}", flush=True)
            os._exit(0)

    global poll
    poll = QTimer()
    poll.timeout.connect(ready)
    poll.start(10)

QTimer.singleShot(0, probe)
main(["--data-dir", sys.argv[1]])
"""

PRELUDE = "import time\nSTART = time.perf_counter()\n"


def run(code: str, *args: str) -> list[float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    # -X importtime is not used: we want the wall time a user waits, measured inside the process
    # from the first line, plus nothing else; interpreter start is the same for both.
    out = subprocess.run([sys.executable, "-c", PRELUDE + code, *args], capture_output=True, text=True,
                         env=env, check=True).stdout
    return [float(x) for x in out.strip().splitlines()[-1].split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    # An installed program runs from bytecode (pip and the bundle compile it); this checkout may
    # run with PYTHONDONTWRITEBYTECODE, which would make every run compile our sources again.
    import learncenter
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(learncenter.__file__).parent)],
                   check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "demo"
        subprocess.run([sys.executable, "-m", "learncenter", "--data-dir", str(data), "demo",
                        "--candidates", "200", "--confirmed", "20"], check=True, capture_output=True)
        run(BARE)  # warm the file cache for all
        run(BARE_FORM)
        run(LEARNCENTER, str(data))
        bare: list[float] = []
        form: list[float] = []
        runs: list[list[float]] = []
        for _ in range(args.runs):  # interleaved, so all sides see the same background load
            bare.append(run(BARE)[0])
            form.append(run(BARE_FORM)[0])
            runs.append(run(LEARNCENTER, str(data)))
    ours, ready = [r[0] for r in runs], [r[1] for r in runs]
    b, o, r = statistics.median(bare), statistics.median(ours), statistics.median(ready)
    print(f"{'':36}{'median s':>10}{'min s':>8}")
    print(f"{'bare PySide6 dialog':36}{b:10.3f}{min(bare):8.3f}")
    print(f"{'bare login form (reference)':36}{statistics.median(form):10.3f}{min(form):8.3f}")
    print(f"{'learncenter login window usable':36}{o:10.3f}{min(ours):8.3f}")
    print(f"{'learncenter sign-in possible':36}{r:10.3f}{min(ready):8.3f}")
    print(f"ratio (window usable): medians {o / b:.2f}x, minimums {min(ours) / min(bare):.2f}x "
          f"(target <= 1.3x), {args.runs} interleaved runs each, platform "
          f"{os.environ.get('QT_QPA_PLATFORM', 'offscreen')}")
    print(f"reference: the same widgets as the login window with no program around them take "
          f"{statistics.median(form) / b:.2f}x the bare dialog (the first widget call that takes one of "
          f"the Qt namespace's enums makes all of them)")


if __name__ == "__main__":
    main()
