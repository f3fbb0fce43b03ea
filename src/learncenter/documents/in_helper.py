"""The documents the workstation's helper process draws (:mod:`learncenter.services.helper_process`).

Each function imports reportlab and the fonts when it is called, which is in the helper's process:
this module is light, so the workstation that names these functions to the helper loads none of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from learncenter.documents.receipt_data import ReceiptData


def render_receipt(data: ReceiptData) -> bytes:
    """:func:`learncenter.documents.receipt.render_receipt`, printed now."""
    from learncenter.documents.receipt import render_receipt as render

    return render(data)
