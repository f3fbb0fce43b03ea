"""Cancelling a sync in the middle of an upload, then the next run finishing it (real registry)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cli_run import DEMO_ADMIN, run, run_as
from learncenter.context import AppContext
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store.models import OutboxItem
from learncenter.sync.center import center_engine, open_link
from learncenter.sync.transport import RegistryLink
from registry.server import Server, enroll_code, sqlite_registry


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with sqlite_registry(tmp_path) as running:
        yield running


def test_a_cancelled_upload_keeps_its_batch_and_the_next_run_completes_it(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "center")
    assert run(capsys, "--data-dir", folder, "demo", "--candidates", "12", "--confirmed", "6", "--seed", "4")[0] == 0
    assert run_as(capsys, DEMO_ADMIN, "--data-dir", folder, "sync", "enroll", server.url,
                  enroll_code(server, "11001"))[0] == 0
    ctx = AppContext.build(open_database(DataDir(Path(folder))))
    clerk = ctx.actor = ctx.users.authenticate("clerk", "clerk-demo")  # the demo's clerk
    engine = center_engine(ctx.db, actor=clerk, data_dir=ctx.data_dir.root, eligibility_version=ctx.profile.version)
    stop = False

    def moved(stage: str, done: int, total: int) -> None:
        nonlocal stop
        stop = stop or (stage == "upload" and done > 0)

    # small pieces of the pack, so that the upload is still under way when the clerk cancels
    link = open_link(ctx.db, actor=clerk, connect=partial(RegistryLink, pack_piece_size=4096))
    try:
        report = engine.run(link, progress=moved, cancelled=lambda: stop)
        assert report.cancelled and report.committed == 0
        with ctx.db.session() as session:
            assert dict(session.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)).all()) \
                == {"sending": 6}
        again = engine.run(link)
    finally:
        link.close()
    assert again.ok and (again.built, again.committed, again.accepted) == (0, 1, 6)
    with ctx.db.session() as session:
        assert set(session.scalars(select(OutboxItem.state))) == {"accepted"}
    ctx.close()
