"""What an unexpected failure leaves behind: a log that says where it failed and holds none of
the candidates' data, readable by its owner only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cli_run import password_on_stdin, run, run_as

from learncenter.domain.idnumber import check_character
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir

# Distinctive values, so that finding one in a log cannot be a coincidence.
PEOPLE = [
    ("欧阳娜娜", "1101051991030110{}", "13912345678", "江西省九江市德安县宝塔乡一号"),
    ("司马光明", "3604261988070220{}", "13698765432", "北京市东城区安定门东大街二号"),
    ("诸葛小亮", "4405241979121530{}", "15011112222", "广东省汕头市潮阳区三号"),
]


def _people() -> list[tuple[str, str, str, str]]:
    people = []
    for index, (name, first, phone, address) in enumerate(PEOPLE):
        first = first.format(index * 2 + 1)  # odd: a man
        people.append((name, first + check_character(first), phone, address))
    return people


def _sheet(path: Path) -> Path:
    lines = ["姓名,身份证号,性别,报考层次,专业代码,专业名称,招生批次,前置学历,手机,通讯地址"]
    lines += [f"{name},{idn},男,高起专,530302,大数据与会计,2026春,普通高中,{phone},{address}"
              for name, idn, phone, address in _people()]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


ROOT = ("admin", "the administrator's password")


def _first_admin(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    with password_on_stdin(ROOT):
        assert run(capsys, "--data-dir", str(folder), "users", "add", ROOT[0], "--role", "admin",
                   "--password-stdin")[0] == 0


def _refuse_new_records(folder: Path) -> None:
    """The database refuses every new record, as a full disk or a damaged file would: a real
    failure inside the store, met by the import's first insert."""
    db = open_database(DataDir(folder))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TRIGGER drill_refuse BEFORE INSERT ON records "
                             "BEGIN SELECT RAISE(ABORT, 'the drill refuses this row'); END")
    db.close()


def test_a_failing_import_leaves_no_name_or_id_number_in_the_logs(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "center"
    _first_admin(capsys, folder)
    _refuse_new_records(folder)
    code, out, err = run_as(capsys, ROOT, "--data-dir", str(folder), "--lang", "en", "import",
                            str(_sheet(tmp_path / "sheet.csv")))
    assert code == 3 and len(err.strip().splitlines()) == 1
    logged = "\n".join(p.read_text(encoding="utf-8") for p in (folder / "logs").rglob("*") if p.is_file())
    assert "IntegrityError" in logged and "enter_prepared" in logged  # where it failed, for support
    for name, idn, phone, address in _people():
        for value in (name, idn, idn[:-1], phone, address):
            assert value not in logged
        assert name not in out + err and idn not in out + err
    assert str(folder / "logs" / "learncenter.log") in err and "without any candidate's data" in err


def test_the_log_folder_is_private(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "center"
    _first_admin(capsys, folder)
    _refuse_new_records(folder)
    assert run_as(capsys, ROOT, "--data-dir", str(folder), "import", str(_sheet(tmp_path / "sheet.csv")))[0] == 3
    logs = folder / "logs"
    assert stat.S_IMODE(logs.stat().st_mode) == 0o700
    files = [p for p in logs.iterdir()]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
