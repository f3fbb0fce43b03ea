"""Showing personal numbers in lists without showing them whole.

A list on a clerk's screen is seen by whoever stands at the desk, and screenshots of it travel.
An ID number in a list shows its first six characters (the region of registration) and its last
four (what a candidate reads out to be found), the way banks and the national platforms print
them: 360426199101010071 -> 360426********0071. The whole number is shown only where the task
needs it (the confirmation page, where the clerk compares it with the card).
"""

from __future__ import annotations

MASK = "*"
KEEP_HEAD = 6
KEEP_TAIL = 4
SHORTEST_ID = 15  # the old 15-digit form; the current form has 18


def mask_id_number(number: str) -> str:
    """``number`` with all but its first six and last four characters replaced by ``*``.

    The length stays the same: 360426910101007 (15 digits) -> 360426*****1007. Anything shorter
    than an ID number (a mistyped or foreign number) keeps only its last quarter, so that a list
    never shows a short number almost whole. Surrounding spaces are dropped, and so is the type in
    front of another identity document's key (``hk_macao_permit:H12345678`` -> ``******678``).
    """
    number = number.strip().rpartition(":")[2]  # another document's key: its number alone
    length = len(number)
    if length >= SHORTEST_ID:
        return number[:KEEP_HEAD] + MASK * (length - KEEP_HEAD - KEEP_TAIL) + number[-KEEP_TAIL:]
    tail = length // 4
    return MASK * (length - tail) + number[length - tail:]
