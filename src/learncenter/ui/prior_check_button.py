"""The desk's "Check with the registry" button for a 专升本 candidate's prior certificate (issue 14).

It asks the registry over the network pool, never on the writer: when the registry registered the
certificate for this person at the declared level and date, its signed answer is kept as evidence
and the page reloads; otherwise the clerk reads why and records the CHSI code and scan as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from learncenter.domain.messages import DomainError
from learncenter.domain.roles import SignedIn
from learncenter.services.confirmation import ConfirmationDesk
from learncenter.sync.prior_check import PriorCheck, check_prior_online
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)


class PriorCheckButton(QPushButton):
    checked_online = Signal()  # the registry confirmed the certificate: the evidence changed

    def __init__(self, desk: ConfirmationDesk, tasks: Tasks, *, actor: SignedIn, lang: str,
                 say: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr("Check with the &registry"))
        self.setToolTip(self.tr("Ask the registry whether it registered this certificate for this person"))
        self._desk, self._tasks, self._actor, self._lang, self._say = desk, tasks, actor, lang, say
        self._record_id: str | None = None
        self.clicked.connect(self.check)
        self.setVisible(False)  # until a candidate with a prior certificate is open

    def show_for(self, record_id: str | None, *, certificate: str, verified: bool) -> None:
        self._record_id = record_id
        self.setVisible(bool(certificate))
        self.setEnabled(record_id is not None and not verified)

    def check(self) -> None:
        record_id = self._record_id
        if record_id is None:
            return
        desk, actor = self._desk, self._actor
        self.setEnabled(False)
        self._say(self.tr("Asking the registry…"))
        self._tasks.network(lambda: check_prior_online(desk.db, desk.records, record_id, actor=actor),
                            self._answered, self._failed)

    def _answered(self, result: object) -> None:
        assert isinstance(result, PriorCheck)
        if result.verified:
            self._say(self.tr("The registry registered this certificate for this person: its signed answer is kept as the CHSI evidence."))
            self.checked_online.emit()
            return
        self.setEnabled(True)
        if not result.found:
            self._say(self.tr("This registry did not register the certificate: record the CHSI code and scan the form as usual."))
        elif not result.same_person:
            self._say(self.tr("The registry registered this certificate for someone else: check the diploma and the ID card."))
        else:
            self._say(self.tr("The certificate is registered, but its level or graduation date differs from what was declared: check the diploma."))

    def _failed(self, exc: Exception) -> None:
        self.setEnabled(True)
        if isinstance(exc, DomainError):
            self._say(exc.text(self._lang) + " " + self.tr("Record the CHSI code and scan the form as usual."))
        else:
            log.error("prior certificate check failed", exc_info=exc)
            self._say(self.tr("The registry could not be asked; record the CHSI code and scan the form as usual."))
