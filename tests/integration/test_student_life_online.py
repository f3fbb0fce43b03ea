"""A student's whole status life against a real registry process on loopback (issue 14):
admission → registration → a year → a change → graduation → certificate → verified → lost →
correction, each request decided by the registry's reviewer and sent back down signed."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
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


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "registry-data", f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    subprocess.run(srv.command("init"), check=True, capture_output=True)
    srv.start()
    yield srv
    srv.stop()


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
        with urllib.request.urlopen(f"{server.url.rstrip('/')}/v1/certificates/verify?q={query}", timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_admission_to_a_verified_certificate_and_its_proof(server: Server, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    center = str(tmp_path / "center")

    def cli(*args: str) -> str:
        capsys.readouterr()
        code, out, err = run_as(capsys, DEMO_ADMIN, "--lang", "en", "--data-dir", center, *args)
        assert code == 0, out + err
        return out

    cli("demo", "--candidates", "2", "--confirmed", "0", "--seed", "5")
    registry(server, "school", "10459", "示范大学网络教育学院", "Demonstration University")
    code = re.search(r"single use\): (\S+)", registry(server, "enroll-code", CENTER, "--name", "北京学习中心"))
    assert code
    cli("sync", "enroll", server.url, code.group(1))
    sheet = tmp_path / "录取名单.csv"
    sheet.write_bytes(ADMISSIONS.format(c=CENTER, a=id_number(21), b=id_number(22)).encode("gbk"))
    assert "2 admission(s)" in registry(server, "publish", "--admissions", str(sheet))

    cli("sync", "run")  # the admissions come down
    assert "2 students" in cli("students", "list", "--status", "admitted")
    number = re.search(r"registered as (\d+)", cli("students", "register", id_number(21), "--date", "2026-03-02"))
    assert number
    student = number.group(1)
    cli("students", "year-register", "2026-2027", student)
    cli("students", "request-change", student, "11", "--reason", "工作调动")
    cli("sync", "run")  # report, year and the request go up

    approve_the_one_waiting(server, "Suspension of study")
    cli("sync", "run")  # the approval comes down
    assert "on leave" in cli("students", "show", student)
    cli("students", "request-change", student, "12", "--reason", "回国")
    cli("sync", "run")
    approve_the_one_waiting(server, "赵一")
    cli("sync", "run")
    shown = cli("students", "show", student)
    assert re.search(r"Status\s+enrolled", shown), shown

    cli("students", "graduate", student, "--date", "2028-07-01")
    cli("sync", "run")
    approved = approve_the_one_waiting(server, "赵一")
    registered = re.search(r"Certificate (\d{18}) registered, code ([A-Z0-9]{16})", approved)
    assert registered, approved
    certificate, code_text = registered.groups()
    assert certificate.startswith("10459" "7" "2028" "06")  # school, online education, year, 专科
    cli("sync", "run")
    listing = cli("certificates", "list")
    assert certificate in listing and code_text in listing

    status, answer = verify(server, code_text)
    assert status == 200 and answer["result"] == "registered" and answer["name"] == "赵一"
    assert answer["number"] == certificate and not answer["lost"]
    assert id_number(21) not in json.dumps(answer, ensure_ascii=False)
    assert verify(server, "ABCDEFGHJKLMNPQR")[1]["result"] == "unknown"  # made up
    assert verify(server, "104597202806999999")[0] == 404
    assert "Name: 赵一" in registry(server, "verify-certificate", certificate)

    cli("certificates", "request-proof", student, "--reason", "搬家遗失")
    cli("sync", "run")
    approve_the_one_waiting(server, "赵一")
    cli("sync", "run")
    assert "(reported lost)" in cli("certificates", "list")
    assert verify(server, certificate)[1]["lost"] is True

    cli("students", "correct", student, "name=赵壹", "--reason", "身份证姓名为赵壹")
    cli("sync", "run")
    approve_the_one_waiting(server, "赵一")
    cli("sync", "run")
    assert verify(server, certificate)[1]["name"] == "赵壹"
    assert "赵壹" in cli("certificates", "list")


def test_the_registry_refuses_a_second_status_and_an_illegal_change(server: Server, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    center = str(tmp_path / "center")

    def cli(*args: str) -> str:
        capsys.readouterr()
        code, out, err = run_as(capsys, DEMO_ADMIN, "--lang", "en", "--data-dir", center, *args)
        assert code == 0, out + err
        return out

    cli("demo", "--candidates", "2", "--confirmed", "0", "--seed", "5")
    code = re.search(r"single use\): (\S+)", registry(server, "enroll-code", CENTER))
    assert code
    cli("sync", "enroll", server.url, code.group(1))
    sheet = tmp_path / "录取名单.csv"
    sheet.write_text(ADMISSIONS.format(c=CENTER, a=id_number(21), b=id_number(22)), encoding="utf-8")
    cli("students", "admit", str(sheet))  # the center's own list this time: it goes up
    cli("sync", "run")
    number = re.search(r"registered as (\d+)", cli("students", "register", id_number(22)))
    assert number
    cli("sync", "run")
    assert "No request" in registry(server, "review", "list")  # decisions taken at the center are filed
