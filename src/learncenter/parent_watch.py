"""Child processes end with the workstation that started them.

The workstation starts processes of its own: its helper (:mod:`learncenter.services.helper_process`),
an import's reader (:mod:`learncenter.services.row_pipeline`) and the notices' renderers
(:mod:`learncenter.documents.notices`). A child of ``multiprocessing`` that waits for work or for
room in a queue holds that queue's other end itself, so when the workstation is killed or crashes
the child waits for ever, holding its memory (the card reader's models, a sheet, the fonts).
:func:`end_with_parent`, called first in the child, ends it as soon as its parent ends.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading


def end_with_parent() -> None:
    """In a child process of ``multiprocessing``: a thread that ends this process when its parent
    ends, however that happens. Nothing in the parent's process (no parent: nothing to watch)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()
