"""`learncenter` with no command: the desktop application, loaded as lightly as possible.

Nothing heavy is imported here: the login window must appear before the database libraries
are loaded (see learncenter.ui.app). Without a display, the database's summary is printed.
"""

from __future__ import annotations

import os
import sys

from learncenter import log_files
from learncenter.cli.output import Output
from learncenter.store.layout import DataDir


def display_available() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def start(lang: str | None, out: Output, data_dir: DataDir) -> int:
    installed = _install_pending_update(data_dir)
    if installed is not None:
        return installed
    if display_available():
        folder = log_files.log_folder(data_dir.root)
        with log_files.fatal_errors(folder):
            try:
                from learncenter.ui.app import run

                return run(data_dir, lang)
            except Exception as exc:  # noqa: BLE001 - said in a window: no console under the start menu
                log_files.log_unexpected(exc, "the workstation stopped before or between its windows")
                from learncenter.ui.stopped_notice import tell_stopped

                tell_stopped(folder / log_files.LOG_NAME, lang or out.lang)
                return 1
    from learncenter.cli.admin_commands import summary

    return summary(out, data_dir)


def _install_pending_update(data_dir: DataDir) -> int | None:
    """An update staged by an administrator, installed before anything else loads: the exit code
    when this process hands over (to the installer, or to the program started again, new)."""
    from learncenter.updating import HANDED_OVER, INSTALLED_WHEEL, install_pending

    done = install_pending(data_dir.root)
    if done == HANDED_OVER:
        return 0
    if done == INSTALLED_WHEEL:
        import subprocess

        return subprocess.call([sys.executable, "-m", "learncenter", *sys.argv[1:]])
    return None

