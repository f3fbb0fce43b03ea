"""A center and a real registry process taking students from admission to a registered
certificate, through the two command lines (issue 14)."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from registry.server import Server

from cli_run import DEMO_ADMIN, run_as
from exam_fixtures import id_number

CENTER = "11001"
ADMISSIONS = (
    "center_id,招生批次,姓名,性别,出生日期,身份证号,报考层次,专业代码,专业名称,学制,入学日期\n"
    "{c},2026春,赵一,男,1991-01-01,{a},高起专,530302,大数据与会计,2.5,2026-03-01\n"
    "{c},2026春,钱二,女,1991-01-01,{b},专升本,120203,会计学,2.5,2026-03-01\n"
)


def registry(server: Server, *args: str) -> str:
    done = subprocess.run(server.command(*args), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def approve_the_one_waiting(server: Server, words: str) -> str:
    listing = registry(server, "review", "list")
    assert "1 request(s) waiting" in listing and words in listing, listing
    event = re.search(r"^\s+([0-9a-f-]{36})\s", listing, re.M)
    assert event, listing
    return registry(server, "review", "approve", event.group(1), "--reviewer", "王审核")


def verify(server: Server, query: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(f"{server.url.rstrip('/')}/v1/certificates/verify?q={query}",
                                    timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def center_cli(capsys: pytest.CaptureFixture[str], center: str) -> Callable[..., str]:
    def cli(*args: str) -> str:
        capsys.readouterr()
        code, out, err = run_as(capsys, DEMO_ADMIN, "--lang", "en", "--data-dir", center, *args)
        assert code == 0, out + err
        return out
    return cli


def enrolled_center(server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                    *, admissions_from_registry: bool = True) -> Callable[..., str]:
    """A demo center enrolled with ``server`` holding the two admitted students of ADMISSIONS."""
    cli = center_cli(capsys, str(tmp_path / "center"))
    cli("demo", "--candidates", "2", "--confirmed", "0", "--seed", "5", "--students", "0")
    registry(server, "school", "10459", "示范大学网络教育学院", "Demonstration University")
    code = re.search(r"single use\): (\S+)", registry(server, "enroll-code", CENTER, "--name", "北京学习中心"))
    assert code
    cli("sync", "enroll", server.url, code.group(1))
    sheet = tmp_path / "录取名单.csv"
    sheet.write_bytes(ADMISSIONS.format(c=CENTER, a=id_number(21), b=id_number(22)).encode("gbk"))
    if admissions_from_registry:
        assert "2 admission(s)" in registry(server, "publish", "--admissions", str(sheet))
    else:
        cli("students", "admit", str(sheet))
    cli("sync", "run")
    return cli


def graduated(server: Server, cli: Callable[..., str], on: str = "2028-07-01") -> tuple[str, str, str]:
    """赵一 registered, graduated on ``on`` and the certificate registered: (student number,
    certificate number, verification code)."""
    number = re.search(r"registered as (\d+)", cli("students", "register", id_number(21), "--date", "2026-03-02"))
    assert number
    cli("students", "graduate", number.group(1), "--date", on)
    cli("sync", "run")
    approved = approve_the_one_waiting(server, "赵一")
    registered = re.search(r"Certificate (\d{18}) registered, code ([A-Z0-9]{16})", approved)
    assert registered, approved
    cli("sync", "run")
    return number.group(1), registered.group(1), registered.group(2)
