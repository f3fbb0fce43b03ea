"""Rendered pages of the printed documents for docs/: an admission notice and a sign-in sheet.

Run: .venv/bin/python scripts/document_screenshots.py   (needs poppler-utils' pdftoppm)
Writes docs/screenshots/notice.png, notice-exempt.png (a candidate exempt from one subject) and
sign-in-sheet.png at 100 dpi.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from faces import astronaut_on_blue, jpeg_of  # noqa: E402
from notice_samples import notice  # noqa: E402
from learncenter.documents.notice import render_notices  # noqa: E402
from learncenter.documents.room_documents import RoomSheetData, write_sign_in_sheet  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def png(pdf: Path, name: str) -> None:
    subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(OUT / name)],
                   check=True)


def main() -> None:
    portrait = jpeg_of(astronaut_on_blue()[0:320, 106:346].copy())
    rows = tuple(replace(notice(i), photo_jpeg=portrait) for i in range(8))
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "notice.pdf"
        pdf.write_bytes(render_notices([rows[0]], Ed25519PrivateKey.generate()))
        png(pdf, "notice")
        english, computing = rows[1].subjects
        exempt = replace(rows[1], subjects=(computing,), exempt=((english.subject, "大学英语四级及以上"),))
        pdf.write_bytes(render_notices([exempt], Ed25519PrivateKey.generate()))
        png(pdf, "notice-exempt")
        sheet = Path(tmp) / "sheet.pdf"
        write_sign_in_sheet(RoomSheetData(rows[0].session_name, rows[0].venue_name, rows[0].room, rows[0].subjects,
                                          rows), sheet)
        png(sheet, "sign-in-sheet")


if __name__ == "__main__":
    main()
