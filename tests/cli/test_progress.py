"""Long commands say how far they are, in the user's language: a line rewritten in place on a
terminal, plain lines at each tenth (or every so many rows) in a log or a pipe (issue 16)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from cli_run import DEMO_ADMIN, run, run_as

from learncenter.cli.output import Output
from learncenter.cli.progress import Progress
from learncenter.domain.codes import field_label


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_in_a_log_a_line_per_tenth_of_a_known_total() -> None:
    log = io.StringIO()
    progress = Progress(Output("zh"), stream=log)
    for done in range(0, 101):
        progress("batches", done, 100)
    lines = log.getvalue().splitlines()
    assert lines[0] == "批次 0/100" and lines[-1] == "批次 100/100" and len(lines) == 11
    assert "\r" not in log.getvalue()


def test_in_a_log_an_open_count_every_so_many_rows_in_english() -> None:
    log = io.StringIO()
    progress = Progress(Output("en"), every=1000, stream=log)
    for rows in range(500, 5001, 500):
        progress("import", rows)
    assert log.getvalue().splitlines() == ["500 rows read", "1000 rows read", "2000 rows read", "3000 rows read",
                                           "4000 rows read", "5000 rows read"]


def test_on_a_terminal_one_line_with_a_bar() -> None:
    screen = Terminal()
    progress = Progress(Output("zh"), stream=screen)
    progress("upload", 0, 4_000_000)
    progress("upload", 2_000_000, 4_000_000)
    progress("upload", 4_000_000, 4_000_000)
    progress("import", 2000)
    progress.finish()
    text = screen.getvalue()
    assert "\r[" + "#" * 12 + "." * 12 + "] 上传 2.0/4.0 MB" in text
    assert text.endswith("\r已读取 2000 行\n") and text.count("\n") == 2


def test_import_says_how_far_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "demo")
    assert run(capsys, "--data-dir", folder, "demo", "--candidates", "3", "--confirmed", "0")[0] == 0
    sheet = tmp_path / "rows.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([field_label(name, "zh") for name in ("term", "name", "id_number", "level", "major_code",
                                                             "major_name")])
        writer.writerow(["2026秋", "周杰", "11010519491231002X", "zsb", "120201", "工商管理"])
    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", folder, "import", str(sheet))
    assert "已读取 1 行" in err, err


def test_export_says_how_far_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "demo")
    assert run(capsys, "--data-dir", folder, "demo", "--candidates", "3", "--confirmed", "0")[0] == 0
    code, _, err = run_as(capsys, DEMO_ADMIN, "--data-dir", folder, "--lang", "en", "export", str(tmp_path / "all.csv"))
    assert code == 0 and "3/3 records exported" in err, err
