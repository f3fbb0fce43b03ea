"""The main window: pages by role, and a status bar with the user, the center and what is unsent."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from learncenter.context import AppContext
from learncenter.ui import collector
from learncenter.ui.account_dialogs import role_label
from learncenter.ui.backup_menu import BackupMenu
from learncenter.domain.permissions import Permission, allows
from learncenter.services.users import SignedIn
from learncenter.store import settings
from learncenter.ui.conflicts_page import ConflictsPage
from learncenter.ui.corrections import open_correction
from learncenter.ui.confirmation_page import ConfirmationPage, Prompts
from learncenter.ui.dashboard_page import DashboardPage
from learncenter.ui.data_entry_page import DataEntryPage
from learncenter.ui.exams_page import ExamsPage
from learncenter.ui.help_dialogs import AboutDialog, ShortcutsDialog
from learncenter.ui.idle_lock import IdleLock
from learncenter.ui.import_page import ImportPage
from learncenter.ui.manual_dialog import ManualDialog
from learncenter.ui.queue_page import QueuePage
from learncenter.ui.receipts import reprint_receipt
from learncenter.ui.returned_page import ReturnedPage
from learncenter.ui.settings_dialog import SettingsDialog
from learncenter.ui.sync_panel import SyncPanel
from learncenter.ui.tasks import Tasks
from learncenter.ui.students_page import StudentsPage
from learncenter.ui.update_dialog import UpdateDialog
from learncenter.ui.users_page import UsersPage
from learncenter.ui.verify_page import VerifyPage
from learncenter.updating import installed_since_last_start


IDLE_LOCK_MS = 5 * 60 * 1000  # a clerk's desk left alone for five minutes locks
FIRST_COUNTS_MS = 150  # after the first page: the window is painted before the status is read


class MainWindow(QMainWindow):
    signed_out = Signal(bool)  # Sign out (False) or Switch user (True): sign in again, then a new window
    closing = Signal()  # the window is about to close (its geometry is remembered)
    restore_requested = Signal(object)  # an administrator chose a backup to restore (a Path): the shell restores

    def __init__(self, ctx: AppContext, user: SignedIn, tasks: Tasks, *, ask: Prompts | None = None,
                 idle_lock_ms: int = IDLE_LOCK_MS, reachable: Callable[[str], bool] | None = None) -> None:
        super().__init__()
        self._ctx, self._user, self._tasks = ctx, user, tasks
        with ctx.db.session() as session:
            self._center = settings.get(session, settings.CENTER_NAME) or self.tr("Learning center")
        title = f"learncenter — {self._center}"
        self.setWindowTitle(title + (" — " + self.tr("DEMO") if ctx.db.demo else ""))
        self._ask = ask
        self._pages: dict[str, QWidget] = {}  # the pages built so far, by name
        # Which pages a user sees comes from the same table the services check (domain.permissions).
        # A page is built when first shown or asked for (the properties below), not with the window:
        # the window appears after sign-in without a pause for nine pages, and a page the person
        # never opens costs no memory.
        self._order: list[tuple[str, str, Permission]] = [
            ("queue", self.tr("Queue"), Permission.SEARCH),
            ("confirmation", self.tr("Confirmation"), Permission.CONFIRM),
            ("data_entry", self.tr("Data entry"), Permission.ENTER),
            ("importing", self.tr("Import"), Permission.IMPORT),
            ("returned", self.tr("Returned records"), Permission.RETURNED),
            ("conflicts", self.tr("Sync conflicts"), Permission.RETURNED),
            ("students", self.tr("Students"), Permission.STUDENTS),
            ("dashboard", self.tr("Dashboard"), Permission.FIGURES),
            ("exams", self.tr("Exams"), Permission.EXAMS),
            ("verify", self.tr("Verify notices"), Permission.VERIFY_NOTICES),
            ("users_page", self.tr("Users"), Permission.USERS),
        ]
        self._shown = [name for name, _label, permission in self._order if allows(user.role, permission)]
        self.nav = QListWidget()
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        for name, label, _permission in self._order:
            if name in self._shown:
                self.nav.addItem(label)
                self.stack.addWidget(QWidget())  # where the page goes once built
        self.nav.currentRowChanged.connect(self._show_page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel()
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(QLabel(self._center))
        self.sync = SyncPanel(ctx, tasks, actor=user, parent=self, reachable=reachable, refresh_now=False)
        self.update_hint = QLabel()
        self.statusBar().addPermanentWidget(self.update_hint)
        self.statusBar().addPermanentWidget(self.sync.indicator)
        self.user_label.setText(self.tr("Signed in: %1 (%2)").replace("%1", user.name).replace("%2", role_label(user.role)))

        self.idle_lock = IdleLock(self, ctx.users, tasks, user=user.name, lang=ctx.lang, timeout_ms=idle_lock_ms)
        self.idle_lock.paused.connect(collector.paused)
        QShortcut(QKeySequence("Ctrl+F"), self, self._focus_find)
        menu = self.menuBar().addMenu(self.tr("&Workstation"))
        menu.addAction(self.tr("&Settings…"), self._settings)
        self.backups = BackupMenu(self, ctx, tasks, user)
        self.backups.add_to(menu)
        self.backups.restore_chosen.connect(self._restore)
        menu.addSeparator()
        menu.addAction(self.tr("Sign &out"), lambda: self._sign_out(switch_user=False))
        menu.addAction(self.tr("Switch &user…"), lambda: self._sign_out(switch_user=True))
        menu.addSeparator()
        menu.addAction(self.tr("&Quit"), QKeySequence("Ctrl+Q"), self.close)  # Windows has no standard Quit key
        sync_menu = self.menuBar().addMenu(self.tr("S&ync"))
        sync_menu.addAction(self.tr("Sync &now"), QKeySequence("F9"), self.sync.sync_now)
        sync_menu.addAction(self.tr("&Write batches to a file…"), self.sync.export_file)
        sync_menu.addAction(self.tr("&Import a receipt file…"), self.sync.import_receipt)
        if allows(user.role, Permission.ENROLL):
            sync_menu.addSeparator()
            sync_menu.addAction(self.tr("&Enroll with the registry…"), self.sync.enroll_dialog)
            sync_menu.addAction(self.tr("&Replace the device key…"), self.sync.rotate_dialog)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("User &manual"), lambda: ManualDialog(self, ctx.lang).show())
        help_menu.addAction(self.tr("&Keyboard shortcuts…"), QKeySequence("F1"), lambda: ShortcutsDialog(self).open())
        help_menu.addAction(self.tr("Software &update…"), self.open_updates)
        help_menu.addAction(self.tr("&About learncenter…"), lambda: AboutDialog(self, ctx.db, tasks).open())
        self.sync.synced.connect(self._synced)
        first = self._shown.index("confirmation") if "confirmation" in self._shown else 0
        with QSignalBlocker(self.nav):
            self.nav.setCurrentRow(first)
        self.stack.setCurrentIndex(first)
        # The first page is built in the event loop's next turn (unless asked for before): the
        # window and the page are then two short pauses of the GUI thread after sign-in, not one
        # long one. What waits to be sent is read in a worker after that: run beside the page's
        # construction, its Python shared the interpreter with it and doubled the pause.
        QTimer.singleShot(0, self, self._first_page)

    def _first_page(self) -> None:
        self._show_page(self.nav.currentRow())
        QTimer.singleShot(FIRST_COUNTS_MS, self, self._settled)

    def _settled(self) -> None:
        """The window and its first page are up: what start-up made stays (``ui.collector``), and
        what waits to be sent is read."""
        collector.start_up_done()
        self.refresh_counts()
        self.look_for_update(after_start=True)

    def open_updates(self) -> UpdateDialog:
        dialog = UpdateDialog(self, self._ctx, self._tasks, self._user)
        dialog.open()
        return dialog

    def look_for_update(self, *, after_start: bool = False) -> None:
        """A newer version the registry announced is said in the status bar, and after the start
        the version an update just installed (both read in a worker)."""
        root = self._ctx.data_dir.root

        def read() -> tuple[object, str | None]:
            from learncenter.sync.workstation_updates import WorkstationUpdates

            installed = installed_since_last_start(root) if after_start else None
            return WorkstationUpdates(self._ctx.db).available(), installed

        self._tasks.work(read, self._update_announced, lambda _exc: None)

    def _update_announced(self, found: tuple[object, str | None]) -> None:
        manifest, installed = found
        if installed is not None:
            self.say(self.tr("learncenter was updated to version %1.").replace("%1", installed))
        version = getattr(manifest, "version", None)
        self.update_hint.setText(self.tr("Version %1 is available: Help ▸ Software update…").replace("%1", version)
                                 if version else "")

    # -- the pages, built on first use --------------------------------------------------------

    def _build(self, name: str) -> QWidget:
        ctx, tasks, user = self._ctx, self._tasks, self._user
        if name == "queue":
            queue = QueuePage(ctx, tasks, actor=user)
            queue.open_record.connect(self._open_record)
            queue.reprint_record.connect(self._reprint)
            queue.correct_record.connect(self._correct)
            return queue
        if name == "confirmation":
            confirmation = ConfirmationPage(ctx.desk, tasks, actor=user, lang=ctx.lang, ask=self._ask)
            confirmation.reprint_record.connect(self._reprint)
            confirmation.correct_record.connect(self._correct)
            confirmation.changed.connect(self.refresh_counts)
            confirmation.changed.connect(lambda: self._refresh_built("exams"))
            return confirmation
        if name == "data_entry":
            data_entry = DataEntryPage(ctx, tasks, actor=user, today=ctx.today)
            data_entry.saved.connect(lambda _record_id: self.refresh_counts())
            return data_entry
        if name == "importing":
            importing = ImportPage(ctx, tasks)
            importing.imported.connect(lambda _result: self.refresh_counts())
            return importing
        if name == "returned":
            returned = ReturnedPage(ctx, tasks, actor=user)
            returned.changed.connect(self.refresh_counts)
            return returned
        if name == "conflicts":
            conflicts = ConflictsPage(ctx, tasks, actor=user)
            conflicts.changed.connect(self.refresh_counts)
            return conflicts
        if name == "students":
            return StudentsPage(ctx, tasks, actor=user)
        if name == "exams":
            return ExamsPage(ctx, tasks, actor=user)
        if name == "dashboard":
            return DashboardPage(ctx, tasks, actor=user)
        if name == "verify":
            return VerifyPage(ctx, tasks)
        assert name == "users_page", name
        return UsersPage(ctx.users, tasks, actor=user, lang=ctx.lang)

    def _page(self, name: str) -> QWidget:
        """The page ``name``, built now if it was not yet (in its place in the stack if this user
        sees it; a page the role does not show is built alone, never shown)."""
        page = self._pages.get(name)
        if page is not None:
            return page
        page = self._pages[name] = self._build(name)
        if name in self._shown:
            index = self._shown.index(name)
            placeholder, current = self.stack.widget(index), self.stack.currentIndex()
            assert placeholder is not None
            with QSignalBlocker(self.stack):
                self.stack.insertWidget(index, page)
                self.stack.removeWidget(placeholder)
                self.stack.setCurrentIndex(current)
            placeholder.deleteLater()
        return page

    def _refresh_built(self, *names: str) -> None:
        """A page not built yet reads fresh when it is; only built ones need telling."""
        for name in names:
            page = self._pages.get(name)
            if page is not None:
                page.refresh()  # type: ignore[attr-defined]

    @property
    def queue(self) -> QueuePage:
        return cast(QueuePage, self._page("queue"))

    @property
    def confirmation(self) -> ConfirmationPage:
        return cast(ConfirmationPage, self._page("confirmation"))

    @property
    def data_entry(self) -> DataEntryPage:
        return cast(DataEntryPage, self._page("data_entry"))

    @property
    def importing(self) -> ImportPage:
        return cast(ImportPage, self._page("importing"))

    @property
    def returned(self) -> ReturnedPage:
        return cast(ReturnedPage, self._page("returned"))

    @property
    def students(self) -> StudentsPage:
        return cast(StudentsPage, self._page("students"))

    @property
    def conflicts(self) -> ConflictsPage:
        return cast(ConflictsPage, self._page("conflicts"))

    @property
    def dashboard(self) -> DashboardPage:
        return cast(DashboardPage, self._page("dashboard"))

    @property
    def exams(self) -> ExamsPage:
        return cast(ExamsPage, self._page("exams"))

    @property
    def verify(self) -> VerifyPage:
        return cast(VerifyPage, self._page("verify"))

    @property
    def users_page(self) -> UsersPage:
        return cast(UsersPage, self._page("users_page"))

    # -- the window ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """A running import stops after its current chunk (re-running it completes it)."""
        self.closing.emit()
        importing = self._pages.get("importing")
        if isinstance(importing, ImportPage) and importing.is_running():
            importing.cancel()
        self.sync.cancel()  # an upload stops at its next piece; the next sync resumes it
        collector.window_closed()
        super().closeEvent(event)

    def _show_page(self, index: int) -> None:
        """The page chosen (built the first time); on the Confirmation page the cursor waits in the
        scan field."""
        if 0 <= index < len(self._shown):
            self._page(self._shown[index])
        self.stack.setCurrentIndex(index)
        confirmation = self._pages.get("confirmation")
        if (isinstance(confirmation, ConfirmationPage) and self.stack.currentWidget() is confirmation
                and confirmation.find_edit.isEnabled()):
            confirmation.find_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_record(self, record_id: str) -> None:
        """Clerks open a record on the Confirmation page; data-entry staff in Data entry."""
        if "confirmation" in self._shown:
            self.nav.setCurrentRow(self._shown.index("confirmation"))
            self.confirmation.open_record(record_id)
        elif "data_entry" in self._shown:
            self.nav.setCurrentRow(self._shown.index("data_entry"))
            self.data_entry.edit_record(record_id)

    def say(self, text: str) -> None:
        """A sentence in the status bar that stays long enough to be read."""
        self.statusBar().showMessage(text, 20_000)

    def _reprint(self, record_id: str) -> None:
        reprint_receipt(self, self._ctx.desk, self._tasks, record_id, self._ctx.lang, self.say, actor=self._user)

    def _correct(self, record_id: str) -> None:
        if not allows(self._user.role, Permission.CORRECT):
            self.say(self.tr("A correction is made at the confirmation desk with a supervisor."))
            return
        open_correction(self, self._ctx, self._tasks, record_id, actor=self._user,
                        corrected=self._corrected, say=self.say)

    def _corrected(self) -> None:
        self.say(self.tr("The correction is sealed as a new version and waits to be sent."))
        self.refresh_counts()
        self._refresh_built("returned")

    def _synced(self, _report: object) -> None:
        # the sync panel refreshes its own indicator after a sync
        self._refresh_built("queue", "returned", "conflicts")
        self.look_for_update()

    def _settings(self) -> None:
        dialog = SettingsDialog(parent=self)
        dialog.idle_lock_minutes_chosen.connect(lambda minutes: self.idle_lock.set_timeout(minutes * 60_000))
        dialog.open()

    def _sign_out(self, *, switch_user: bool) -> None:
        self.signed_out.emit(switch_user)  # the sign-in dialog shows first, so the application keeps running
        self.close()

    def _restore(self, folder: object) -> None:
        self.restore_requested.emit(folder)  # the shell shows what happens next before this window goes
        self.close()

    def _focus_find(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, ConfirmationPage):
            page.back_to_find()
        elif isinstance(page, QueuePage):
            page.focus_search()

    def refresh_counts(self) -> None:
        """The sync indicator (what waits to be sent) and the queue, after anything was sealed."""
        self.sync.refresh()
        self._refresh_built("queue")
