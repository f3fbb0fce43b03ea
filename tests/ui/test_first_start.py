"""The first start on a computer without a database: the first administrator creates it, through
the dialog's own fields, and the recovery key is shown once."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from learncenter.domain.messages import DomainError
from learncenter.domain.roles import Role
from learncenter.services.first_start import create_center
from learncenter.services.users import UserService
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.ui.first_start_dialog import FirstAdminDialog, recovery_key_box
from learncenter.ui.tasks import Tasks


def _dialog(qtbot: QtBot, data_dir: DataDir, answers: list[object]) -> FirstAdminDialog:
    dialog = FirstAdminDialog(Tasks(synchronous=True), lang="en", folder=data_dir.root,
                              submit=lambda answer: create_center(data_dir, *answer))
    dialog.answered.connect(answers.append)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_first_administrator_creates_the_database(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "center")
    assert not data_dir.exists()  # what makes the workstation open this dialog
    answers: list[object] = []
    dialog = _dialog(qtbot, data_dir, answers)
    qtbot.keyClicks(dialog.name, "zhang")
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.repeat, "short")
    dialog.ok_button.click()
    assert "at least 8 characters" in dialog.message.text() and not data_dir.exists()
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "a long password")
    dialog.repeat.clear()
    qtbot.keyClicks(dialog.repeat, "another one")
    dialog.ok_button.click()
    assert "differ" in dialog.message.text() and not data_dir.exists()
    qtbot.keyClicks(dialog.repeat, "a long password")
    dialog.ok_button.click()
    [created] = answers
    assert created.admin == "zhang" and created.recovery_key  # type: ignore[attr-defined]
    assert data_dir.exists()
    db = open_database(data_dir)
    try:
        signed = UserService(db).authenticate("zhang", "a long password")
        assert signed.role is Role.ADMIN and not signed.must_change_password
    finally:
        db.close()
    box = recovery_key_box(created.recovery_key)  # type: ignore[attr-defined]
    qtbot.addWidget(box)
    assert created.recovery_key in box.text()  # type: ignore[attr-defined]


def test_a_bad_name_leaves_no_database_behind(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "center")
    with pytest.raises(DomainError) as refused:
        create_center(data_dir, "two words", "a long password")
    assert refused.value.problem.code == "users.name_bad" and not data_dir.exists()


def test_a_database_with_users_gets_no_second_first_administrator(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "center")
    create_center(data_dir, "zhang", "a long password")
    with pytest.raises(DomainError) as refused:
        create_center(data_dir, "mallory", "mallory's password")
    assert refused.value.problem.code == "users.first_admin"
