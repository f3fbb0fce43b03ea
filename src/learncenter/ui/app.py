"""Starting the desktop application.

Only Qt and the login dialog are loaded before the window appears; the database, its libraries
and the services are loaded in a worker while the clerk types, so the login window is usable
about as fast as an empty Qt window.

After that first sign-in, ``Shell`` keeps the workstation going: Sign out shows the sign-in
dialog again (shown in the running event loop, not a nested one) and opens the next window.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog

from learncenter import log_files
from learncenter.domain.messages import DomainError
from learncenter.resources import resource_dir
from learncenter.store.layout import DataDir
from learncenter.ui.i18n import install_translators, saved_language
from learncenter.ui.login_dialog import LoginDialog
from learncenter.ui.tasks import Tasks

if TYPE_CHECKING:
    from learncenter.context import AppContext


def _load(data_dir: DataDir, lang: str) -> AppContext:
    """The database and the services, then the main window's modules: importing them is not
    widget work, and done here, while the clerk types, it is not a pause after Sign in."""
    from learncenter.context import AppContext

    ctx = AppContext.open(data_dir.root, lang=lang)
    try:
        import learncenter.ui.crash_notice  # noqa: F401 - the error window's module, made in ready()
        import learncenter.ui.shell  # noqa: F401 - the pages' modules (no widget is made here)
    except BaseException:
        ctx.close()
        raise
    return ctx


def _is_demo(data_dir: DataDir) -> bool:
    try:
        return bool(data_dir.read_meta().get("demo"))
    except (OSError, ValueError):
        return False


def _first_start(data_dir: DataDir, tasks: Tasks, language: str) -> str:
    """Create the database with its first administrator (asked in a dialog) and show the recovery
    key once; the administrator's name, or "" when the person cancelled."""
    from learncenter.services.first_start import CenterCreated, create_center
    from learncenter.ui.first_start_dialog import FirstAdminDialog, recovery_key_box

    created: list[CenterCreated] = []
    dialog = FirstAdminDialog(tasks, lang=language, folder=data_dir.root,
                              submit=lambda answer: create_center(data_dir, *answer))
    dialog.answered.connect(lambda result: created.append(cast("CenterCreated", result)))
    dialog.exec()
    if not created:
        return ""
    if created[0].recovery_key:
        recovery_key_box(created[0].recovery_key).exec()
    return created[0].admin


def run(data_dir: DataDir, lang: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("learncenter")
    app.setOrganizationName("learncenter")
    app.setWindowIcon(QIcon(str(resource_dir() / "icons" / "learncenter.png")))  # every window's, and the task bar's
    language = lang or saved_language(QSettings())
    translators = install_translators(app, language)  # noqa: F841 - must outlive the windows
    watching: list[tuple[object, Callable[[], None]]] = []

    def watch() -> None:
        """The window that says an unexpected error happened, set up when the database is loaded:
        its module (imported by the loading worker) is not needed to show the login window, and
        until then an error is logged and, if it stops the start, said by the start's own notice."""
        from learncenter.ui.crash_notice import CrashNotice

        notice = CrashNotice(str(log_files.log_folder(data_dir.root) / log_files.LOG_NAME))
        watching.append((notice, log_files.on_uncaught(notice.uncaught)))  # logged (scrubbed) by log_files

    try:
        return _run(app, data_dir, language, watch)
    finally:
        for _notice, stop in watching:
            stop()


def _run(app: QApplication, data_dir: DataDir, language: str, watch: Callable[[], None]) -> int:
    tasks = Tasks()
    user_name = ""
    if not data_dir.exists():  # the first start on this computer: the database and its first administrator
        user_name = _first_start(data_dir, tasks, language)
        if not user_name:
            tasks.wait()
            return 0
    login = LoginDialog(tasks, lang=language, database_text=str(data_dir.root), demo=_is_demo(data_dir),
                        user_name=user_name)
    login.show()
    loaded: list[AppContext] = []

    def ready(ctx: object) -> None:
        watch()
        loaded.append(cast("AppContext", ctx))
        login.set_backend(loaded[0].users.authenticate, loaded[0].users.change_password)
        # What is loaded by now lives as long as the program: keep it out of the collector's full
        # passes, which otherwise stop every thread (the GUI's too) for 100+ ms on a long queue.
        gc.freeze()

    def failed(exc: Exception) -> None:
        if isinstance(exc, DomainError):
            login.backend_failed(exc.text(language))
            return
        log_files.log_unexpected(exc, "the database could not be opened")
        login.backend_failed(QCoreApplication.translate(
            "Startup", "The database could not be opened because of an unexpected error. Where it failed is "
            "written to the log in the data folder's logs folder (without any candidate's data)."))

    # Loading starts once the window is painted: the worker's imports would otherwise compete
    # with the first paint for the interpreter.
    QTimer.singleShot(0, lambda: tasks.work(lambda: _load(data_dir, language), ready, failed))
    accepted = login.exec() == QDialog.DialogCode.Accepted and login.signed_in is not None
    tasks.wait()
    if not accepted or not loaded:
        for ctx in loaded:
            ctx.close()
        return 0
    from learncenter.ui.shell import Shell

    ctx = loaded[0]
    assert login.signed_in is not None
    shell = Shell(ctx, tasks, database_text=str(data_dir.root))
    shell.finished.connect(app.quit)
    shell.open_window(login.signed_in)
    login.deleteLater()
    code = app.exec()
    tasks.wait()
    shell.ctx.close()  # the database open now: a restore replaced the one opened at start
    return int(code)
