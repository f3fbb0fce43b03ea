"""`learncenter check-id 11010519491231002X` against `python -c pass`, each a fresh process.

A clerk (or a script) asks about one ID number; what they wait for is the interpreter starting,
the command line being built and the answer printed. Each run here is a new interpreter started
the way the console script starts it (``from learncenter.cli import main; sys.exit(main())``),
and the baseline is a bare ``python -c pass`` started the same way, interleaved in the same run so
both see the same machine. Wall time is taken by this process around the child's whole life;
peak RSS is the child's own high-water mark (``VmHWM``, read by the child as it exits: a parent's
``ru_maxrss`` would include this process's pages, which Linux carries across fork and exec).
The console script itself (``.venv/bin/learncenter``) is timed too, for the figure a user sees.

Target (issue 12): check-id <= 0.3 s. Nothing here asserts a time; the script fails only if
check-id does not answer.

    .venv/bin/python benchmarks/bench_check_id.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NUMBER = "11010519491231002X"

# Registered first, so it runs last at exit: the high-water mark of this interpreter's own memory.
REPORT_PEAK = r"""
import atexit, sys
def _peak():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                print("PEAK_KB", line.split()[1], file=sys.stderr)
                return
    except OSError:
        pass
    try:
        import resource
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("PEAK_KB", kb // 1024 if sys.platform == "darwin" else kb, file=sys.stderr)
    except ImportError:
        pass
atexit.register(_peak)
"""

BASELINE = "pass\n"
CHECK_ID = "from learncenter.cli import main\nsys.exit(main())\n"


def one_run(command: list[str], env: dict[str, str], *, expect: str | None) -> tuple[float, float | None]:
    """Wall seconds of one fresh process, and its peak RSS in MB when it reported one."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0 or (expect is not None and expect not in done.stdout):
        raise SystemExit(f"{' '.join(command[-2:])} did not answer (exit {done.returncode}):\n"
                         f"{done.stdout}{done.stderr}")
    peak = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("PEAK_KB ")]
    return seconds, (int(peak[-1]) / 1024 if peak else None)


def console_script() -> Path | None:
    folder = Path(sys.executable).parent
    for name in ("learncenter", "learncenter.exe"):
        if (folder / name).is_file():
            return folder / name
    return None


def summary(label: str, times: list[float], peaks: list[float | None]) -> str:
    known = [p for p in peaks if p is not None]
    peak = f"{statistics.median(known):10.1f}{max(known):10.1f}" if known else f"{'-':>10}{'-':>10}"
    return f"{label:44}{statistics.median(times):10.3f}{min(times):9.3f}{peak}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # check-id opens no database, but every command keeps its log folder in the data folder
        env = {**os.environ, "LEARNCENTER_DATA_DIR": str(Path(folder) / "data"), "LEARNCENTER_LANG": "zh"}
        python = [sys.executable, "-c"]
        bare = python + ["import sys\n" + REPORT_PEAK + BASELINE]
        ours = python + ["import sys\n" + REPORT_PEAK + CHECK_ID, "check-id", NUMBER]
        script = console_script()
        real = [str(script), "check-id", NUMBER] if script is not None else None
        expect = "1949-12-31"
        for command in (bare, ours, real):  # warm the file cache for every side
            if command is not None:
                one_run(command, env, expect=None if command is bare else expect)
        results: dict[str, tuple[list[float], list[float | None]]] = {"bare": ([], []), "ours": ([], []),
                                                                       "real": ([], [])}
        for _ in range(args.runs):  # interleaved, so every side sees the same background load
            for key, command in (("bare", bare), ("ours", ours), ("real", real)):
                if command is None:
                    continue
                seconds, peak = one_run(command, env, expect=None if key == "bare" else expect)
                results[key][0].append(seconds)
                results[key][1].append(peak)
    print(f"{'':44}{'median s':>10}{'min s':>9}{'RSS MB':>10}{'max MB':>10}")
    print(summary("python -c pass (baseline)", *results["bare"]))
    print(summary(f"learncenter check-id {NUMBER}", *results["ours"]))
    if results["real"][0]:
        print(summary("  the same through the console script", *results["real"]))
    b, o = results["bare"][0], results["ours"][0]
    print(f"ratio to the baseline: medians {statistics.median(o) / statistics.median(b):.1f}x, "
          f"minimums {min(o) / min(b):.1f}x; target check-id <= 0.3 s; {args.runs} interleaved runs each")


if __name__ == "__main__":
    main()
