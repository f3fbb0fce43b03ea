"""The workstation's programs, as PyInstaller needs them: one small script for its executables.

``learncenter`` (console: the command line, and the workstation when started without a
command) and ``learncenterw`` (the same without a console window, for the Start-menu shortcut
on Windows). The registry is a bundle of its own (``registry_entry_point.py``).
"""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()  # notices are rendered in worker processes
    from learncenter.cli import main as center_main

    return center_main()


if __name__ == "__main__":
    sys.exit(main())
