"""The application context: built once at start and handed down explicitly.

No module-level engines or sessions anywhere: the CLI, the GUI and the tests each build an
AppContext for the data folder they work on, with the clock and today's date as seams.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from learncenter.domain.codes import label_params
from learncenter.domain.eligibility import EligibilityProfile
from learncenter.domain.messages import DomainError, Problem
from learncenter.domain.permissions import ACTIONS, Permission
from learncenter.domain.roles import SignedIn
from learncenter.services.authorization import NOT_SIGNED_IN
from learncenter.services.confirmation import ConfirmationDesk
from learncenter.services.drafts import DraftService
from learncenter.services.exams import ExamService
from learncenter.services.notice_numbers import enrolled_block
from learncenter.services.importing import Importer
from learncenter.services.profiles import (
    load_eligibility_profile, load_photo_profiles, load_student_profile, load_sync_limits,
)
from learncenter.services.records import RecordService
from learncenter.services.students import StudentService
from learncenter.services.users import UserService
from learncenter.store.database import Database, open_database
from learncenter.store.layout import DataDir, default_data_dir


@dataclass
class AppContext:
    data_dir: DataDir
    db: Database
    profile: EligibilityProfile
    users: UserService
    records: RecordService
    importer: Importer
    drafts: DraftService
    desk: ConfirmationDesk
    exams: ExamService
    students: StudentService
    lang: str = "zh"
    actor: SignedIn | None = None  # who is signed in: at the workstation, or for a command
    today: Callable[[], date] = date.today

    @classmethod
    def build(
        cls,
        db: Database,
        *,
        lang: str = "zh",
        actor: SignedIn | None = None,
        clock: Callable[[], datetime] | None = None,
        today: Callable[[], date] | None = None,
    ) -> AppContext:
        clock = clock or (lambda: datetime.now(UTC))
        today = today or date.today
        profile = load_eligibility_profile(db.data_dir.root)
        users = UserService(db, clock=clock)
        records = RecordService(db, profile=profile, users=users, clock=clock, today=today,
                                sync_limits=load_sync_limits(db.data_dir.root))
        photos = load_photo_profiles(db.data_dir.root)
        desk = ConfirmationDesk(db, records, photos.default_profile, today=today)
        students = StudentService(db, load_student_profile(db.data_dir.root), photo_profiles=photos, clock=clock)
        return cls(db.data_dir, db, profile, users, records, Importer(records, today=today),
                   DraftService(db, clock=clock), desk, ExamService(db, clock=clock, registry_block=enrolled_block),
                   students, lang, actor, today)

    @classmethod
    def open(cls, root: Path | None = None, *, lang: str = "zh", upgrade: bool = True) -> AppContext:
        return cls.build(open_database(DataDir(root or default_data_dir()), upgrade=upgrade), lang=lang)

    @property
    def user(self) -> SignedIn:
        """The signed-in user; the services refuse to act for nobody, so this says so first."""
        if self.actor is None:
            raise DomainError(Problem(NOT_SIGNED_IN, "actor", label_params("action", ACTIONS[Permission.SEARCH])))
        return self.actor

    def close(self) -> None:
        from learncenter.services.helper_process import helper

        helper.close()  # the helper's process (cards, photos, receipts, password hashes) ends with the workstation
        self.db.close()
