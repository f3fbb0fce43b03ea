"""A workstation on a real encrypted database, with synchronous tasks so tests run in order."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from actors import sign_in_as  # noqa: E402
from candidates import new_record  # noqa: E402
from conftest import TODAY  # noqa: E402
from faces import NATIVE_PROFILE  # noqa: E402
from learncenter.context import AppContext  # noqa: E402
from learncenter.services.users import Role  # noqa: E402
from learncenter.store.database import create_database  # noqa: E402
from learncenter.store.layout import DataDir  # noqa: E402
from learncenter.ui.i18n import install_translators  # noqa: E402
from learncenter.ui.tasks import Tasks  # noqa: E402


@pytest.fixture
def workstation(tmp_path: Path) -> Iterator[AppContext]:
    data_dir = DataDir(tmp_path / "data")
    db, _recovery = create_database(data_dir)
    profiles = data_dir.root / "profiles"
    profiles.mkdir()
    (profiles / "photo-profiles.json").write_text(
        json.dumps({"default": "native", "profiles": [NATIVE_PROFILE]}), encoding="utf-8")
    ctx = AppContext.build(db, clock=lambda: datetime(2026, 3, 1, 9, 30, tzinfo=UTC), today=lambda: TODAY)
    sign_in_as(ctx.users, "boss", Role.SUPERVISOR, password="boss password")
    ctx.actor = sign_in_as(ctx.users, "clerk1", Role.CLERK, password="clerk password")
    ctx.records.enter_many(
        [new_record(), new_record(name="李四", id_number="120103198806018241", registration_no="26110001000002")],
        actor=sign_in_as(ctx.users, "admin"), source="entry")
    yield ctx
    ctx.close()


@pytest.fixture
def tasks() -> Tasks:
    return Tasks(synchronous=True)


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The interface in Chinese, as it starts by default, for this test."""
    translators = install_translators(qapp, "zh")
    assert translators, "learncenter_zh_CN.qm was not found: run scripts/build_assets.py"
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
