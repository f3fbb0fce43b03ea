"""Python's garbage collector: told once that the start-up is over, and given the clerk's pauses
for its full passes.

After sign-in the interpreter holds some hundreds of thousands of objects that live as long as the
program: modules, classes, the services, Qt's wrappers of the window and its first page. Python's
full (generation-2) collection walks all of them every time it runs, and it runs in the middle of
whatever the clerk does — a 50–100 ms pause while the queue scrolls. ``gc.freeze`` moves them out of
the collector's sight for good (they are still freed by reference counting if ever released); the
collections that remain walk only what the day makes.

What the day makes still grows: the card reader's, the photo pipeline's and the documents'
libraries load on first use, and a full pass over them took 50 ms in a day at the desk
(benchmarks/bench_day_memory.py), whenever it fell due. After start-up Python makes full passes
ten times less often on its own (``FULL_EVERY``), and one is made when the clerk pauses
(``IdleLock.paused``) once as many young collections have passed as Python would have waited for.
"""

from __future__ import annotations

import gc

FULL_EVERY = 100  # young (generation-1) collections between full ones that Python makes itself
_thresholds: list[tuple[int, int, int]] = []  # Python's, while a window has them changed


def start_up_done() -> None:
    """Keep what start-up made out of later full collections; once per process (a second window
    after Switch user adds little). No collection first: that would be the very pause this
    avoids, on the GUI thread; the little cyclic garbage frozen with the rest is never freed.
    Until ``window_closed`` the full passes wait for the clerk's pauses (``paused``)."""
    if not gc.get_freeze_count():
        gc.freeze()
    if not _thresholds:
        _thresholds.append(gc.get_threshold())
    young, middle, _full = _thresholds[0]
    gc.set_threshold(young, middle, FULL_EVERY)


def window_closed() -> None:
    """No window counts the pauses any more: Python makes its full passes as it would."""
    if _thresholds:
        gc.set_threshold(*_thresholds.pop())


def paused() -> bool:
    """The clerk paused: make the full pass that is due, if one is (True when it was made): due when
    as many young collections have passed as Python's own threshold waits for."""
    python_full_every = (_thresholds[0] if _thresholds else gc.get_threshold())[2]
    if gc.get_count()[2] < python_full_every:
        return False
    gc.collect(2)
    return True
