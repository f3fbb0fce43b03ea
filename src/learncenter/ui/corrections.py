"""Starting a supervised correction of a sealed record from wherever the record is shown (the
queue's row menu, the confirmation page): the record's values are read off the GUI thread, then
the correction dialog opens with them; a supervisor approves it there."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from learncenter.domain.roles import SignedIn
from learncenter.context import AppContext
from learncenter.ui.correction_dialog import CorrectionDialog
from learncenter.ui.tasks import Tasks

log = logging.getLogger(__name__)


def open_correction(parent: QWidget, ctx: AppContext, tasks: Tasks, record_id: str, *, actor: SignedIn,
                    corrected: Callable[[], None], say: Callable[[str], None],
                    intro: str = "") -> None:
    """``intro`` says above the form why the record is corrected (e.g. the registry's reason)."""
    records = ctx.records

    def load() -> dict[str, object]:
        return records.sealed_content(record_id, actor=actor)

    def opened(values: object) -> None:
        assert isinstance(values, dict)
        if not values:
            say(parent.tr("Only the current version of a sealed record can be corrected."))
            return
        dialog = CorrectionDialog(ctx, tasks, record_id=record_id, values=values, actor=actor, intro=intro,
                                  parent=parent)
        dialog.corrected.connect(lambda _sealed: corrected())
        dialog.open()

    def failed(exc: Exception) -> None:
        log.error("a correction could not be started", exc_info=exc)
        say(parent.tr("The record could not be read; nothing was changed. Try again."))

    tasks.work(load, opened, failed)
