"""``learncenter-registry`` as PyInstaller needs it: the reference registry's admin commands and
server, in a bundle of their own (no Qt, OpenCV or documents)."""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()  # serve --workers starts worker processes
    from learncenter.registry.cli import main as registry_main

    return registry_main()


if __name__ == "__main__":
    sys.exit(main())
