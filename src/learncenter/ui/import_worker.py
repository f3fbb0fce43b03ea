"""The work behind the import page, kept off the GUI thread.

Reading a sheet's header and counting its rows are read-only and run in the general pool; the
import itself writes, so it runs on the single writer. None of these functions touch a widget:
the import is a ``ui.jobs.Job``, whose progress Qt queues onto the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject

from learncenter.domain.roles import SignedIn
from learncenter.services.importing import Importer, ImportResult
from learncenter.ui.jobs import Job, JobControl


@dataclass(frozen=True)
class PreviewColumn:
    heading: str
    field: str | None  # the candidate field this column fills, or None if it is not used
    repeats: str | None = None  # the field an earlier column already fills, when this one is ignored


@dataclass(frozen=True)
class SheetPreview:
    """What the user checks before importing: the file's columns and how they will be read."""

    path: Path
    format: str
    encoding: str | None  # as detected or as given; None for a workbook
    sheet_name: str | None
    header_row: int
    columns: tuple[PreviewColumn, ...]


def preview_sheet(path: Path, encoding: str | None) -> SheetPreview:
    """Open ``path`` far enough to map its header row; raises SheetError with the reason."""
    from learncenter.services.sheets import field_for_header, open_sheet  # openpyxl: with the first file

    with open_sheet(path, encoding=encoding) as sheet:
        columns = []
        for index, heading in enumerate(sheet.headers):
            if not heading.strip():
                continue
            field_name = sheet.mapping.get(index)
            repeats = None if field_name else field_for_header(heading)
            columns.append(PreviewColumn(heading.strip(), field_name, repeats))
        return SheetPreview(path, sheet.format, sheet.encoding, sheet.sheet_name, sheet.header_row,
                            tuple(columns))


def count_rows(path: Path, encoding: str | None) -> int:
    """The data rows in the file, so the progress bar can show how far the import is."""
    from learncenter.services.sheets import open_sheet

    with open_sheet(path, encoding=encoding) as sheet:
        return sum(1 for _ in sheet.rows())


def import_job(importer: Importer, path: Path, *, actor: SignedIn, encoding: str | None, lang: str,
               parent: QObject | None = None) -> Job[ImportResult]:
    """One import, for the writer: progress in rows read, cancelled between chunks, so what is in
    the database is always whole chunks, and running the import again completes it."""

    def work(control: JobControl) -> ImportResult:
        return importer.run(path, actor=actor, encoding=encoding, lang=lang,
                            progress=lambda rows: control.report(rows), cancelled=control.cancelled)

    return Job(work, parent)
