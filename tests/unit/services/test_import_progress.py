"""Progress and cancel reach the user even when most rows of a file are refused."""

from __future__ import annotations

from pathlib import Path

from learncenter.context import AppContext
from learncenter.services.importing import CHUNK
from actors import sign_in_as


def _bad_rows(path: Path, count: int) -> Path:
    lines = ["姓名,身份证号,性别"] + [f"张{i},not-an-id,男" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_file_of_refused_rows_still_reports_progress(ctx: AppContext, tmp_path: Path) -> None:
    seen: list[int] = []
    result = ctx.importer.run(_bad_rows(tmp_path / "bad.csv", 2 * CHUNK + 5), actor=sign_in_as(ctx.users, "entry"),
                              progress=seen.append)
    assert seen == [CHUNK, 2 * CHUNK, 2 * CHUNK + 5]
    assert result.refused_rows == 2 * CHUNK + 5 and result.created == 0


def test_cancel_is_heard_within_a_chunk_of_refused_rows(ctx: AppContext, tmp_path: Path) -> None:
    result = ctx.importer.run(_bad_rows(tmp_path / "bad.csv", 3 * CHUNK), actor=sign_in_as(ctx.users, "entry"),
                              cancelled=lambda: True)
    assert result.cancelled and result.rows == CHUNK
