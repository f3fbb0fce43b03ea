"""Python's garbage collector, told once that the start-up is over.

After sign-in the interpreter holds some hundreds of thousands of objects that live as long as the
program: modules, classes, the services, Qt's wrappers of the window and its first page. Python's
full (generation-2) collection walks all of them every time it runs, and it runs in the middle of
whatever the clerk does — a 50–100 ms pause while the queue scrolls. ``gc.freeze`` moves them out of
the collector's sight for good (they are still freed by reference counting if ever released); the
collections that remain walk only what the day makes.
"""

from __future__ import annotations

import gc


def start_up_done() -> None:
    """Keep what start-up made out of later full collections; once per process (a second window
    after Switch user adds little). No collection first: that would be the very pause this
    avoids, on the GUI thread; the little cyclic garbage frozen with the rest is never freed."""
    if not gc.get_freeze_count():
        gc.freeze()
