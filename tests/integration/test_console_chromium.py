"""The staff console in a real browser (Debian's chromium, driven by Selenium) against a real
registry process and a real center that synced with it: sign in, read the centers, issue codes in
bulk, revoke the center's key and see its next sync refused, switch to English (issue 15)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from registry.server import Server

from cli_run import DEMO_ADMIN, run_as
from exam_fixtures import id_number
from student_life import CENTER, enrolled_center

from learncenter import __version__


def shown(browser: webdriver.Chrome, element_id: str) -> str:
    return str(WebDriverWait(browser, 10).until(
        expected_conditions.presence_of_element_located((By.ID, element_id))).text)


def cells(browser: webdriver.Chrome, row_id: str) -> list[str]:
    return [cell.text for cell in browser.find_element(By.ID, row_id).find_elements(By.TAG_NAME, "td")]


def test_an_operator_reads_issues_and_revokes_in_a_browser(
        server: Server, browser: webdriver.Chrome, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    cli = enrolled_center(server, tmp_path, capsys)  # a demo center enrolled, its admissions come down
    cli("students", "register", id_number(21))
    told = re.search(r"(\d+) committed by the registry; (\d+) records accepted, (\d+) returned", cli("sync", "run"))
    assert told and told.group(2) != "0", "the center's sync should have sent its student"
    done = subprocess.run(server.command("console-user", "add", "zhang", "--role", "operator", "--password-stdin"),
                          input="console-password\n", capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr

    browser.get(f"{server.url}/console")
    browser.find_element(By.ID, "name").send_keys("zhang")
    browser.find_element(By.ID, "password").send_keys("wrong password")
    browser.find_element(By.ID, "sign-in").click()
    assert "账号或密码不对" in shown(browser, "message")
    browser.find_element(By.ID, "name").send_keys("zhang")
    browser.find_element(By.ID, "password").send_keys("console-password")
    browser.find_element(By.ID, "sign-in").click()
    shown(browser, "centers")
    center, name, _seen, version, key, waiting, entries, requests, batches, accepted, returned = cells(
        browser, f"center-{CENTER}")
    assert (center, name, version, key) == (CENTER, "北京学习中心", __version__, "有效")
    assert (waiting, entries) == ("0", "0")
    assert (batches, accepted, returned) == told.groups()  # what the center was told by its receipts
    assert "zhang（操作员）" in shown(browser, "account")  # the role in the page's language

    browser.find_element(By.ID, "nav-codes").click()
    field = WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.ID, "centers-field")))
    field.send_keys("11002, 天津学习中心\n11003，河北学习中心\n")
    browser.find_element(By.ID, "issue").click()
    assert "已生成 2 个登记码" in shown(browser, "done")
    rows = browser.find_element(By.ID, "issued").find_elements(By.CSS_SELECTOR, "tbody tr")
    assert [row.find_elements(By.TAG_NAME, "td")[1].text for row in rows] == ["天津学习中心", "河北学习中心"]
    href = str(browser.find_element(By.ID, "download").get_attribute("href"))
    codes = [row.find_elements(By.TAG_NAME, "td")[2].text for row in rows]
    assert href.startswith("data:text/csv") and all(code in unquote(href) for code in codes)

    browser.find_element(By.ID, "nav-keys").click()
    revoke = WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located(
        (By.CSS_SELECTOR, "a[id^=revoke-]")))
    revoke.click()
    assert CENTER in shown(browser, "confirm-text")
    browser.find_element(By.ID, "confirm").click()
    assert f"已吊销学习中心 {CENTER} 的密钥" in shown(browser, "done")
    assert browser.find_elements(By.CSS_SELECTOR, "a[id^=revoke-]") == []

    capsys.readouterr()
    code, out, err = run_as(capsys, DEMO_ADMIN, "--lang", "en", "--data-dir", str(tmp_path / "center"), "sync", "run")
    assert code != 0 and re.search(r"revoked", out + err, re.I), out + err

    browser.find_element(By.ID, "nav-centers").click()
    assert cells(browser, f"center-{CENTER}")[4] == "无"
    browser.find_element(By.ID, "language").click()
    assert "Last seen" in shown(browser, "centers") and cells(browser, f"center-{CENTER}")[4] == "none"
    browser.find_element(By.ID, "nav-days").click()
    assert "Batches received" in shown(browser, "days")
    total = cells(browser, "total")
    assert total[0] == "Total" and int(total[3]) == int(batches) and int(total[4]) == int(accepted)
    browser.find_element(By.ID, "sign-out").click()
    shown(browser, "sign-in")

