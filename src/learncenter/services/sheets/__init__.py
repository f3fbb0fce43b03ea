"""Spreadsheet files in and out: the file layer under ``learncenter import`` and ``export``.

Reading turns whatever a clerk was sent (XLSX, or CSV in GBK, UTF-8 or UTF-16) into rows
keyed by candidate field with Excel's row numbers; writing produces files that open correctly
in Excel on Chinese Windows and cannot smuggle formulas. Neither knows about the database or
the rules: validation and storage are the caller's job.
"""

from __future__ import annotations

from learncenter.services.sheets.headers import field_for_header, header_key, map_headers
from learncenter.services.sheets.reader import (
    SheetError,
    SheetReader,
    SheetRow,
    open_sheet,
)
from learncenter.services.sheets.writer import (
    WRITABLE_EXTENSIONS,
    neutralise_cell,
    write_sheet,
)

# Imported for their message definitions, so every sheet.* code is known up front (open_sheet
# imports them itself; they cannot be imported at the top of reader.py, which they import).
from learncenter.services.sheets import csv_source, xlsx_source  # noqa: F401

__all__ = [
    "WRITABLE_EXTENSIONS",
    "SheetError",
    "SheetReader",
    "SheetRow",
    "field_for_header",
    "header_key",
    "map_headers",
    "neutralise_cell",
    "open_sheet",
    "write_sheet",
]
