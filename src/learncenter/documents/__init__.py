"""Printed documents (confirmation receipt, later admission notices and lists) as PDF.

Documents are drawn with reportlab on a canvas, never through Qt, so that they can be made on a
worker thread, in a batch, or from the command line. The package may use the domain only.
"""

from __future__ import annotations

from learncenter.documents.fonts import DocumentError, FontSet, cjk_fonts, find_cjk_font
from learncenter.documents.receipt import ReceiptData, receipt_missing_glyphs, render_receipt, write_receipt

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
