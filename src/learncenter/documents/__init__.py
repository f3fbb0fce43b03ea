"""Printed documents (confirmation receipt, later admission notices and lists) as PDF.

Documents are drawn with reportlab on a canvas, never through Qt, so that they can be made on a
worker thread, in a batch, or from the command line. The package may use the domain only.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from learncenter.documents.fonts import DocumentError, FontSet, cjk_fonts, find_cjk_font
    from learncenter.documents.receipt import receipt_missing_glyphs, render_receipt, write_receipt
    from learncenter.documents.receipt_data import ReceiptData

# reportlab loads with the first document, not with the package (PEP 562): the services import
# learncenter.documents.notice_data, which needs none of it.
_LAZY = {"DocumentError": "fonts", "FontSet": "fonts", "cjk_fonts": "fonts", "find_cjk_font": "fonts",
         "ReceiptData": "receipt_data", "receipt_missing_glyphs": "receipt", "render_receipt": "receipt",
         "write_receipt": "receipt"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"learncenter.documents.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'learncenter.documents' has no attribute {name!r}")


__all__ = [
    "DocumentError",
    "FontSet",
    "ReceiptData",
    "cjk_fonts",
    "find_cjk_font",
    "receipt_missing_glyphs",
    "render_receipt",
    "write_receipt",
]
