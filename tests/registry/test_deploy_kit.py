"""deploy/: the systemd unit, its environment file, the compose file and the image say commands
the registry really has, and the unit's command serves when run as systemd would run it."""

from __future__ import annotations

import configparser
import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import httpx
import yaml

from learncenter.registry.cli import DATA_DIR_ENV, Out, build_parser

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _environment() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (DEPLOY / "registry.env").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def _unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string((DEPLOY / "learncenter-registry.service").read_text(encoding="utf-8"))
    return unit


def _exec_start(environment: dict[str, str]) -> list[str]:
    """ExecStart as systemd runs it: ${VAR} from the EnvironmentFile, then split into words."""
    line = _unit()["Service"]["ExecStart"]
    return shlex.split(re.sub(r"\$\{(\w+)\}", lambda m: environment[m.group(1)], line))


def _parsed(words: list[str]) -> object:
    assert Path(words[0]).name == "learncenter-registry", words
    return build_parser(Out("en")).parse_args(words[1:])


def test_the_unit_runs_serve_with_the_environment_files_settings() -> None:
    environment = _environment()
    assert environment[DATA_DIR_ENV] == "/var/lib/learncenter-registry"
    args = _parsed(_exec_start(environment))
    assert (args.command, args.host, args.port, args.workers) == ("serve", "127.0.0.1", 8400, 4)  # type: ignore[attr-defined]
    service = _unit()["Service"]
    assert service["EnvironmentFile"] == "/etc/learncenter-registry/registry.env"
    writable = service["ReadWritePaths"].split()
    assert environment[DATA_DIR_ENV] in writable and str(args.access_log.parent) in writable  # type: ignore[attr-defined]
    assert "--db" not in _exec_start(environment)  # the URL (and its password) stays in registry.json


def test_the_compose_file_and_the_image_run_the_same_command() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert set(compose["services"]) == {"postgres", "seaweedfs", "registry", "front"}
    registry = compose["services"]["registry"]
    assert set(registry["depends_on"]) == {"postgres", "seaweedfs"}
    assert "ports" not in compose["services"]["seaweedfs"]  # no keys: reached only inside the network
    command = [re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", word) for word in registry["command"]]
    args = _parsed(command)
    assert (args.command, args.host, args.workers) == ("serve", "0.0.0.0", 4)  # type: ignore[attr-defined]
    data = registry["environment"][DATA_DIR_ENV]
    assert any(volume.endswith(":" + data) for volume in registry["volumes"])
    assert registry["environment"]["FORWARDED_ALLOW_IPS"] == "*"  # the clients' own addresses, through the front
    assert "ports" not in registry  # reached only through the TLS front
    assert compose["services"]["front"]["command"][-1] == "registry:8400"
    image = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", image, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert cmd == command


def test_the_units_command_serves_health_and_writes_its_access_log(tmp_path: Path) -> None:
    """The unit's ExecStart, with the folders moved under tmp_path and a free port."""
    data, logs = tmp_path / "lib", tmp_path / "log"
    logs.mkdir()
    environment = {**_environment(), DATA_DIR_ENV: str(data), "LEARNCENTER_REGISTRY_PORT": "0",
                   "LEARNCENTER_REGISTRY_WORKERS": "2", "LEARNCENTER_LANG": "en"}
    words = [w.replace("/var/log/learncenter-registry", str(logs)) for w in _exec_start(environment)]
    program = [sys.executable, "-m", "learncenter.registry.cli"]
    env = {**os.environ, **environment}
    subprocess.run([*program, "init"], check=True, capture_output=True, env=env, timeout=120)
    output = tmp_path / "serve.out"
    with open(output, "wb") as sink:
        process = subprocess.Popen([*program, *words[1:]], stdout=sink, stderr=subprocess.STDOUT, env=env)
    try:
        deadline, url = time.monotonic() + 60, None
        while url is None and time.monotonic() < deadline:
            found = re.search(r"http://127\.0\.0\.1:\d+", output.read_text(errors="replace"))
            url = found.group(0) if found else None
            time.sleep(0.05)
        assert url, output.read_text()
        status = 0
        while status != 200 and time.monotonic() < deadline:
            try:
                status = httpx.get(f"{url}/v1/health", timeout=2).status_code
            except httpx.HTTPError:
                time.sleep(0.1)
        assert status == 200
        access = logs / "access.log"
        while time.monotonic() < deadline and "/v1/health" not in (access.read_text() if access.exists() else ""):
            time.sleep(0.1)
        entry = json.loads(access.read_text().splitlines()[-1])
        assert entry["route"] == "/v1/health" and entry["status"] == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
