"""Online paths through the real HTTP transport.

They check that the transport fits the seams the engine and the CLI were built against
(``sync.link.Link``, ``Connect``, ``EnrollSender``) and that an unreachable registry (a closed
port on 127.0.0.1) gives the clerk a one-line reason and loses nothing.
"""

from __future__ import annotations

import argparse
import inspect
import socket
from pathlib import Path
from typing import Any

import pytest
from unit.sync.in_process_registry import CENTER_ID, InProcessRegistry

from cli_run import DEMO_ADMIN, password_on_stdin, signed_in_args
from learncenter.domain.permissions import Permission
from learncenter.cli import main
from learncenter.cli.output import Output
from learncenter.cli.sync_commands import sync_enroll, sync_run
from learncenter.store.database import open_database
from learncenter.store.layout import DataDir
from learncenter.store.models import OutboxItem
from learncenter.sync import pins, transport


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_the_transport_fits_the_engine_and_cli_seams() -> None:
    for name in ("upload", "receipt", "changes", "close"):
        assert callable(getattr(transport.RegistryLink, name))
    link_params = inspect.signature(transport.RegistryLink).parameters
    assert {"center_id", "key"} <= set(link_params)
    enroll_params = inspect.signature(transport.enroll).parameters
    assert {"code", "center_public", "device_name", "client_version"} <= set(enroll_params)
    assert callable(transport.is_reachable) and transport.is_reachable(_closed_port_url(), timeout=1.0) is False


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    folder = str(tmp_path / "demo")
    assert main(["--data-dir", folder, "demo", "--candidates", "6", "--confirmed", "2", "--seed", "5"]) == 0
    capsys.readouterr()
    return folder


def test_enroll_with_an_unreachable_registry_pins_nothing(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    with password_on_stdin(DEMO_ADMIN):
        code = main(["--user", DEMO_ADMIN[0], "--password-stdin", "--data-dir", demo, "sync", "enroll",
                     _closed_port_url(), "ABCDE-FGHIJ"])
    _, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("learncenter:")]) == 1
    db = open_database(DataDir(Path(demo)))
    with db.session() as session:
        assert pins.read(session) is None
    db.close()


def test_sync_run_against_an_unreachable_registry_keeps_everything(
        demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    registry = InProcessRegistry()
    args = signed_in_args(DEMO_ADMIN, Permission.ENROLL, url="http://127.0.0.1:9/", code="ABCDE-FGHIJ",
                          device_name="desk")
    with password_on_stdin(DEMO_ADMIN):
        assert sync_enroll(args, Output("zh"), DataDir(Path(demo)), send=registry.enroll) == 0

    def connect(url: str, *, center_id: str, key: Any) -> Any:
        return transport.RegistryLink(url, center_id=center_id, key=key, timeout=2.0,
                                      sleep=lambda seconds: None)

    with password_on_stdin(DEMO_ADMIN):
        code = sync_run(signed_in_args(DEMO_ADMIN, Permission.SYNC, registry=_closed_port_url()), Output("zh"),
                        DataDir(Path(demo)), connect=connect)
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err and "问题" in out
    db = open_database(DataDir(Path(demo)))
    with db.session() as session:
        states = {item.state for item in session.query(OutboxItem)}
        assert pins.require(session).center_id == CENTER_ID
    db.close()
    assert states <= {"sending", "error"} and states
