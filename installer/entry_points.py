"""The programs of the bundle, as PyInstaller needs them: one small script per executable.

``learncenter`` (console: the command line, and the workstation when started without a
command), ``learncenterw`` (the same without a console window, for the Start-menu shortcut on
Windows) and ``learncenter-registry`` (the reference registry's admin commands and server).
PyInstaller runs this file as ``__main__`` with the program name in ``sys.argv[0]``.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path


def main() -> int:
    multiprocessing.freeze_support()  # notices are rendered in worker processes
    program = Path(sys.argv[0]).stem.lower()
    if program.startswith("learncenter-registry"):
        from learncenter.registry.cli import main as registry_main
        return registry_main()
    from learncenter.cli import main as center_main
    return center_main()


if __name__ == "__main__":
    sys.exit(main())
