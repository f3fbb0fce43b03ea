"""The main window: pages by role, and a status bar with the user, the center and what is unsent."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from learncenter.context import AppContext
from learncenter.ui.account_dialogs import role_label
from learncenter.domain.permissions import Permission, allows
from learncenter.services.users import SignedIn
from learncenter.store import settings
from learncenter.ui.conflicts_page import ConflictsPage
from learncenter.ui.corrections import open_correction
from learncenter.ui.confirmation_page import ConfirmationPage, Prompts
from learncenter.ui.data_entry_page import DataEntryPage
from learncenter.ui.exams_page import ExamsPage
from learncenter.ui.help_dialogs import AboutDialog, ShortcutsDialog
from learncenter.ui.idle_lock import IdleLock
from learncenter.ui.import_page import ImportPage
from learncenter.ui.queue_page import QueuePage
from learncenter.ui.receipts import reprint_receipt
from learncenter.ui.returned_page import ReturnedPage
from learncenter.ui.settings_dialog import SettingsDialog
from learncenter.ui.sync_panel import SyncPanel
from learncenter.ui.tasks import Tasks
from learncenter.ui.users_page import UsersPage
from learncenter.ui.verify_page import VerifyPage


IDLE_LOCK_MS = 5 * 60 * 1000  # a clerk's desk left alone for five minutes locks


class MainWindow(QMainWindow):
    signed_out = Signal(bool)  # Sign out (False) or Switch user (True): sign in again, then a new window
    closing = Signal()  # the window is about to close (its geometry is remembered)

    def __init__(self, ctx: AppContext, user: SignedIn, tasks: Tasks, *, ask: Prompts | None = None,
                 idle_lock_ms: int = IDLE_LOCK_MS, reachable: Callable[[str], bool] | None = None) -> None:
        super().__init__()
        self._ctx, self._user, self._tasks = ctx, user, tasks
        with ctx.db.session() as session:
            self._center = settings.get(session, settings.CENTER_NAME) or self.tr("Learning center")
        title = f"learncenter — {self._center}"
        self.setWindowTitle(title + (" — " + self.tr("DEMO") if ctx.db.demo else ""))
        self.queue = QueuePage(ctx, tasks, actor=user)
        self.confirmation = ConfirmationPage(ctx.desk, tasks, actor=user, lang=ctx.lang, ask=ask)
        self.data_entry = DataEntryPage(ctx, tasks, actor=user, today=ctx.today)
        self.importing = ImportPage(ctx, tasks)
        self.returned = ReturnedPage(ctx, tasks, actor=user)
        self.conflicts = ConflictsPage(ctx, tasks, actor=user)
        self.exams = ExamsPage(ctx, tasks, actor=user)
        self.verify = VerifyPage(ctx, tasks)
        self.users_page = UsersPage(ctx.users, tasks, actor=user, lang=ctx.lang)
        # Which pages a user sees comes from the same table the services check (domain.permissions).
        pages: list[tuple[str, QWidget, Permission]] = [
            (self.tr("Queue"), self.queue, Permission.SEARCH),
            (self.tr("Confirmation"), self.confirmation, Permission.CONFIRM),
            (self.tr("Data entry"), self.data_entry, Permission.ENTER),
            (self.tr("Import"), self.importing, Permission.IMPORT),
            (self.tr("Returned records"), self.returned, Permission.RETURNED),
            (self.tr("Sync conflicts"), self.conflicts, Permission.RETURNED),
            (self.tr("Exams"), self.exams, Permission.EXAMS),
            (self.tr("Verify notices"), self.verify, Permission.VERIFY_NOTICES),
            (self.tr("Users"), self.users_page, Permission.USERS),
        ]
        self.nav = QListWidget()
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        for label, page, permission in pages:
            if allows(user.role, permission):
                self.nav.addItem(label)
                self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self._show_page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel()
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(QLabel(self._center))
        self.sync = SyncPanel(ctx, tasks, actor=user, parent=self, reachable=reachable)
        self.statusBar().addPermanentWidget(self.sync.indicator)
        self.user_label.setText(self.tr("Signed in: %1 (%2)").replace("%1", user.name).replace("%2", role_label(user.role)))

        self.idle_lock = IdleLock(self, ctx.users, tasks, user=user.name, lang=ctx.lang, timeout_ms=idle_lock_ms)
        self.queue.open_record.connect(self._open_record)
        self.queue.reprint_record.connect(self._reprint)
        self.queue.correct_record.connect(self._correct)
        self.confirmation.reprint_record.connect(self._reprint)
        self.confirmation.correct_record.connect(self._correct)
        self.confirmation.changed.connect(self.refresh_counts)
        self.returned.changed.connect(self.refresh_counts)
        self.conflicts.changed.connect(self.refresh_counts)
        self.data_entry.saved.connect(lambda _record_id: self.refresh_counts())
        self.importing.imported.connect(lambda _result: self.refresh_counts())
        self.confirmation.changed.connect(self.exams.refresh)
        QShortcut(QKeySequence("Ctrl+F"), self, self._focus_find)
        menu = self.menuBar().addMenu(self.tr("&Workstation"))
        menu.addAction(self.tr("&Settings…"), self._settings)
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
        help_menu.addAction(self.tr("&Keyboard shortcuts…"), QKeySequence("F1"), lambda: ShortcutsDialog(self).open())
        help_menu.addAction(self.tr("&About learncenter…"), lambda: AboutDialog(self, ctx.db, tasks).open())
        self.sync.synced.connect(self._synced)
        self.nav.setCurrentRow(1 if self.stack.indexOf(self.confirmation) >= 0 else 0)
        self.refresh_counts()

    def closeEvent(self, event: QCloseEvent) -> None:
        """A running import stops after its current chunk (re-running it completes it)."""
        self.closing.emit()
        if self.importing.is_running():
            self.importing.cancel()
        self.sync.cancel()  # an upload stops at its next piece; the next sync resumes it
        super().closeEvent(event)

    def _show_page(self, index: int) -> None:
        """The page chosen; on the Confirmation page the cursor waits in the scan field."""
        self.stack.setCurrentIndex(index)
        if self.stack.currentWidget() is self.confirmation and self.confirmation.find_edit.isEnabled():
            self.confirmation.find_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_record(self, record_id: str) -> None:
        """Clerks open a record on the Confirmation page; data-entry staff in Data entry."""
        for page, opening in ((self.confirmation, self.confirmation.open_record),
                              (self.data_entry, self.data_entry.edit_record)):
            if self.stack.indexOf(page) >= 0:
                self.nav.setCurrentRow(self.stack.indexOf(page))
                opening(record_id)
                return

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
        self.returned.refresh()

    def _synced(self, _report: object) -> None:
        self.queue.refresh()  # the sync panel refreshes its own indicator after a sync
        self.returned.refresh()
        self.conflicts.refresh()

    def _settings(self) -> None:
        dialog = SettingsDialog(parent=self)
        dialog.idle_lock_minutes_chosen.connect(lambda minutes: self.idle_lock.set_timeout(minutes * 60_000))
        dialog.open()

    def _sign_out(self, *, switch_user: bool) -> None:
        self.signed_out.emit(switch_user)  # the sign-in dialog shows first, so the application keeps running
        self.close()

    def _focus_find(self) -> None:
        page = self.stack.currentWidget()
        if page is self.confirmation:
            self.confirmation.back_to_find()
        elif page is self.queue:
            self.queue.focus_search()

    def refresh_counts(self) -> None:
        """The sync indicator (what waits to be sent) and the queue, after anything was sealed."""
        self.sync.refresh()
        self.queue.refresh()
