"""A registry that receives batches but files them later (issue 15): the sync run says so, keeps
every record, and the next run collects the receipts (a real registry that only receives, and a
real ``filer`` process)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cli_run import DEMO_ADMIN, run, run_as
from learncenter.context import AppContext
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store.models import OutboxItem
from learncenter.sync.center import center_engine, open_link
from registry.server import Server, enroll_code


def test_receipts_filed_after_the_run_are_collected_by_the_next(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    server = Server(tmp_path / "registry-data", f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    subprocess.run(server.command("init"), check=True, capture_output=True)
    server.start(options=("--filers", "0"))  # receives, files nothing
    folder = str(tmp_path / "center")
    try:
        assert run(capsys, "--data-dir", folder, "demo", "--candidates", "12", "--confirmed", "6", "--seed", "4")[0] == 0
        assert run_as(capsys, DEMO_ADMIN, "--data-dir", folder, "sync", "enroll", server.url,
                      enroll_code(server, "11001"))[0] == 0
        ctx = AppContext.build(open_database(DataDir(Path(folder))))
        clerk = ctx.actor = ctx.users.authenticate("clerk", "clerk-demo")
        engine = center_engine(ctx.db, actor=clerk, data_dir=ctx.data_dir.root, eligibility_version=ctx.profile.version)
        engine.receipt_patience = 0.5
        link = open_link(ctx.db, actor=clerk)
        try:
            first = engine.run(link)
            assert first.committed == 0 and [p.code for p in first.problems] == ["sync.filing_pending"]
            assert "1 batches" in first.problems[0].text("en")
            with ctx.db.session() as session:
                assert dict(session.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)).all()) \
                    == {"sending": 6}  # nothing lost, nothing marked accepted before its receipt
            drained = subprocess.run(server.command("filer", "--drain"), capture_output=True, text=True, timeout=120)
            assert drained.returncode == 0 and "Filed 1 batches" in drained.stdout, drained.stdout + drained.stderr
            again = engine.run(link)
        finally:
            link.close()
        assert again.ok and (again.built, again.committed, again.accepted) == (0, 1, 6)
        with ctx.db.session() as session:
            assert set(session.scalars(select(OutboxItem.state))) == {"accepted"}
        ctx.close()
    finally:
        server.stop()
