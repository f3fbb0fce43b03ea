"""``learncenter-registry serve``: one process, or N workers on one listening socket, with the
JSON access log (``registry.operations``)."""

from __future__ import annotations

import argparse
import os
import socket
from pathlib import Path
from typing import Any

from learncenter.domain.idnumber import load_region_table
from learncenter.domain.messages import DEFAULT_LANGUAGE
from learncenter.registry.cli import DATA_DIR_ENV, Out, _db_url, _objects_location, open_registry

DB_ENV = "LEARNCENTER_REGISTRY_DB"  # for the workers of serve --workers N
ACCESS_LOG_ENV = "LEARNCENTER_REGISTRY_ACCESS_LOG"
FILERS_ENV = "LEARNCENTER_REGISTRY_FILERS"
OBJECTS_ENV = "LEARNCENTER_REGISTRY_OBJECTS"  # for the workers: the object store serve was given


def serve(args: argparse.Namespace, out: Out, data_dir: Path) -> int:
    import uvicorn

    from learncenter.registry.app import create_app

    import faulthandler
    import signal

    faulthandler.register(signal.SIGUSR1)  # an operator can see where a stuck server waits
    registry = open_registry(args, out, data_dir)
    load_region_table()  # before the first commit, which checks every ID number's address code
    listener = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Answers go out as a head and a body: without NODELAY, Nagle's algorithm holds the body
    # until the client's delayed ACK (40 ms per request); accepted sockets inherit the option.
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind((args.host, args.port))
    port = listener.getsockname()[1]
    _access_log(args.access_log)
    out.info("registry.cli.serving", host=args.host, port=port)
    if args.workers > 1:
        return _serve_workers(args, data_dir, listener)
    app = create_app(registry)
    filer = _start_filer(registry, args.filers, app.state.filings.filed)
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[listener])
    if filer is not None:
        filer.stop()
    return 0


def _start_filer(registry: Any, threads: int, filed: Any) -> Any:
    """The process's filing threads (registry.filer), woken by each batch received and telling
    ``filed`` (the app's waiting receipt requests) of each batch filed; None for 0."""
    if threads <= 0:
        return None
    from learncenter.registry.filer import Filer

    filer = Filer(registry, threads=threads, on_filed=filed)
    registry.on_received = filer.wake
    filer.start()
    return filer


def _access_log(target: Path | None) -> None:
    """The JSON access log (``registry.operations``) and the console's log of who did what
    (``registry.console_accounts``) to ``target``, or to standard error."""
    import logging

    handler: logging.Handler = logging.FileHandler(target, encoding="utf-8") if target else logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("learncenter.registry.access", "learncenter.registry.console"):
        log = logging.getLogger(name)
        log.handlers[:] = [handler]
        log.setLevel(logging.INFO)
        log.propagate = False


def _serve_workers(args: argparse.Namespace, data_dir: Path, listener: socket.socket) -> int:
    """N worker processes on the one listening socket; each opens the registry itself (from the
    environment) and their metrics are summed through PROMETHEUS_MULTIPROC_DIR."""
    import shutil

    import uvicorn
    from uvicorn.supervisors.multiprocess import Multiprocess

    metrics = data_dir / "metrics"
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir(parents=True)
    os.environ.update({"PROMETHEUS_MULTIPROC_DIR": str(metrics), DATA_DIR_ENV: str(data_dir),
                       DB_ENV: _db_url(args, data_dir), ACCESS_LOG_ENV: str(args.access_log or ""),
                       FILERS_ENV: str(args.filers),
                       OBJECTS_ENV: _objects_location(args, data_dir) or ""})
    config = uvicorn.Config("learncenter.registry.serving:app_from_environment", factory=True, workers=args.workers,
                            log_level="warning", access_log=False, timeout_graceful_shutdown=5)
    Multiprocess(config, sockets=[listener]).run()
    return 0


def app_from_environment() -> Any:
    """The app of one worker of ``serve --workers N`` (uvicorn imports this by name)."""
    from learncenter.registry.app import create_app

    data_dir = Path(os.environ[DATA_DIR_ENV])
    args = argparse.Namespace(db=os.environ[DB_ENV], objects=os.environ.get(OBJECTS_ENV) or None)
    out = Out(DEFAULT_LANGUAGE)
    registry = open_registry(args, out, data_dir)
    load_region_table()
    _access_log(Path(os.environ[ACCESS_LOG_ENV]) if os.environ.get(ACCESS_LOG_ENV) else None)
    app = create_app(registry)
    _start_filer(registry, int(os.environ.get(FILERS_ENV, "1")), app.state.filings.filed)
    return app
