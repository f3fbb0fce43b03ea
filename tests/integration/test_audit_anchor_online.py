"""`learncenter audit verify` against a real registry on loopback: the registry's copy of the
center's signed audit head catches a log cut short even when the attacker also put back an
older (genuine) head in the center's database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from registry.server import Server, enroll_code, sqlite_registry
from sqlalchemy import text

from cli_run import DEMO_ADMIN, run_as
from learncenter.store import audit, settings
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.sync.audit_anchor import HEAD_SETTING, stored_head


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """A command run by the center's administrator (the demo's), signed in as a script does."""
    capsys.readouterr()
    code, out, _err = run_as(capsys, DEMO_ADMIN, "--lang", "en", *args)
    return code, out


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with sqlite_registry(tmp_path) as running:
        yield running


def test_verify_online_catches_a_truncation_the_local_head_also_lost(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "center"
    assert _cli(capsys, "--data-dir", str(folder), "demo", "--candidates", "12", "--confirmed", "4",
                "--seed", "3")[0] == 0
    code, out = _cli(capsys, "--data-dir", str(folder), "audit", "verify")
    assert code == 0 and "not enrolled" in out and "New signed head" in out
    db = open_database(DataDir(folder))
    with db.session() as session:
        old_head_text = settings.get(session, HEAD_SETTING)
        old_head = stored_head(session)
    db.close()
    assert old_head is not None

    assert _cli(capsys, "--data-dir", str(folder), "sync", "enroll", server.url,
                enroll_code(server, "11001", "北京学习中心"))[0] == 0
    code, out = _cli(capsys, "--data-dir", str(folder), "sync", "run")
    assert code == 0, out
    db = open_database(DataDir(folder))
    with db.session() as session:
        sent = stored_head(session)  # the head the batch carried
    db.close()
    assert sent is not None and sent.count > old_head.count
    code, out = _cli(capsys, "--data-dir", str(folder), "audit", "verify")
    assert code == 0 and f"The registry's copy of the signed head (signed {sent.signed_at}, " \
        f"{sent.count} entries) matches the log" in out, out

    # The attacker cuts the log back to the old head and puts the old head back.
    db = open_database(DataDir(folder))
    with db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text("DELETE FROM audit_log WHERE seq > :keep"), {"keep": old_head.count})
    with db.session() as session, session.begin():
        settings.put(session, HEAD_SETTING, old_head_text)
    with db.session() as session:
        assert audit.verify(session).ok
    db.close()

    code, out = _cli(capsys, "--data-dir", str(folder), "audit", "verify")
    assert code == 1, out
    assert "The signed head kept here" in out and "matches the log" in out  # the local check passes
    assert (f"The registry's copy of the signed head (signed {sent.signed_at}) vouches for "
            f"{sent.count} entries, but the log holds only {old_head.count}") in out
    assert "Traceback" not in out

    server.stop()  # offline, only the local checks can run, and it says so
    code, out = _cli(capsys, "--data-dir", str(folder), "audit", "verify")
    assert code == 0 and "Checked locally only: the registry could not be asked" in out, out
