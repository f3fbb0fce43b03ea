"""A student's whole status life against a real registry process on loopback (issue 14):
admission → registration → a year → a change → graduation → certificate → verified → lost →
correction, each request decided by the registry's reviewer and sent back down signed."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from registry.server import Server

import numpy
import zxingcpp
from PIL import Image

from cli_run import DEMO_ADMIN, run_as
from exam_fixtures import id_number
from learncenter.documents.certificate_proof import read_proof_file
from student_life import approve_the_one_waiting, enrolled_center, graduated, registry, verify


def test_admission_to_a_verified_certificate_and_its_proof(server: Server, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    cli = enrolled_center(server, tmp_path, capsys)  # the admissions came down
    assert "2 students" in cli("students", "list", "--status", "admitted")
    number = re.search(r"registered as (\d+)", cli("students", "register", id_number(21), "--date", "2026-03-02"))
    assert number
    student = number.group(1)
    cli("students", "year-register", "2026-2027", student)
    cli("students", "request-change", student, "11", "--reason", "工作调动")
    cli("sync", "run")  # report, year and the request go up

    approve_the_one_waiting(server, "Suspension of study")
    cli("sync", "run")  # the approval comes down
    assert re.search(r"Status\s+on leave", cli("students", "show", student))
    cli("students", "request-change", student, "12", "--reason", "回国")
    cli("sync", "run")
    approve_the_one_waiting(server, "赵一")
    cli("sync", "run")
    shown = cli("students", "show", student)
    assert re.search(r"Status\s+enrolled", shown) and "approved by the registry" in shown, shown

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
    assert re.search(r"Status\s+graduated", cli("students", "show", student))

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
    proof = tmp_path / "学历证明书.pdf"
    cli("certificates", "proof", student, "--out", str(proof))
    text = subprocess.run(["pdftotext", str(proof), "-"], capture_output=True, text=True, check=True).stdout
    assert "学历证明书" in text and certificate in text and "赵一" in text and id_number(21) not in text
    assert "genuine" in cli("certificates", "verify-proof", str(proof))
    forged = tmp_path / "forged.png"
    genuine = read_proof_file(proof)[0]
    altered = zxingcpp.create_barcode(genuine.replace("赵一", "赵二"), zxingcpp.BarcodeFormat.QRCode)
    Image.fromarray(numpy.asarray(altered.to_image(scale=8))).save(forged)  # the name changed, the signature kept
    capsys.readouterr()
    code, out, _err = run_as(capsys, DEMO_ADMIN, "--lang", "en", "--data-dir", str(tmp_path / "center"),
                             "certificates", "verify-proof", str(forged))
    assert code == 1 and "not valid" in out

    cli("students", "correct", student, "name=赵壹", "--reason", "身份证姓名为赵壹")
    cli("sync", "run")
    approve_the_one_waiting(server, "赵一")
    cli("sync", "run")
    assert verify(server, certificate)[1]["name"] == "赵壹"
    assert "赵壹" in cli("certificates", "list")


def test_a_rejection_comes_down_with_its_reason(server: Server, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    cli = enrolled_center(server, tmp_path, capsys, admissions_from_registry=False)  # the center's own list
    number = re.search(r"registered as (\d+)", cli("students", "register", id_number(22)))
    assert number
    cli("students", "request-change", number.group(1), "31", "--reason", "本人申请")
    cli("sync", "run")
    listing = registry(server, "review", "list")
    event = re.search(r"^\s+([0-9a-f-]{36})\s", listing, re.M)
    assert event and "钱二" in listing
    registry(server, "review", "reject", event.group(1), "--reason", "缺少本人签字的退学申请")
    cli("sync", "run")
    shown = cli("students", "show", number.group(1))
    assert re.search(r"Status\s+enrolled", shown) and "缺少本人签字的退学申请" in shown, shown


def test_a_second_status_for_one_person_is_refused_at_the_registry(server: Server, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    cli = enrolled_center(server, tmp_path, capsys)
    _student, certificate, _code = graduated(server, cli)
    assert certificate.startswith("104597")
    # a second admission of the same person while they hold a status is refused at the center
    sheet = tmp_path / "again.csv"
    sheet.write_text("招生批次,姓名,性别,出生日期,身份证号,报考层次,专业代码,专业名称,学制,入学日期\n"
                     f"2026秋,钱二,女,1991-01-01,{id_number(22)},专升本,120204,财务管理,2.5,2026-09-01\n",
                     encoding="utf-8")
    capsys.readouterr()
    from cli_run import DEMO_ADMIN, run_as

    code, out, _err = run_as(capsys, DEMO_ADMIN, "--lang", "en", "--data-dir", str(tmp_path / "center"),
                             "students", "admit", str(sheet))
    assert code == 1 and "already holds a student status" in out, out
