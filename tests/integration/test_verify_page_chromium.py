"""The registry's public verification page in a real browser (Debian's chromium, driven by
Selenium): a registered certificate found by its code, a made-up one refused plainly (issue 14)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from registry.server import Server

from exam_fixtures import id_number
from student_life import enrolled_center, graduated


def ask(browser: webdriver.Chrome, url: str, query: str) -> str:
    browser.get(url)
    field = browser.find_element(By.ID, "q")
    field.clear()
    field.send_keys(query)
    browser.find_element(By.ID, "submit").click()
    result = WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.ID, "result")))
    return str(result.get_attribute("data-result"))


def test_a_person_verifies_a_certificate_in_a_browser(server: Server, browser: webdriver.Chrome, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _student, certificate, code = graduated(server, enrolled_center(server, tmp_path, capsys))
    page = f"{server.url.rstrip('/')}/verify"
    spaced = " ".join(code[i:i + 4].lower() for i in range(0, 16, 4))  # as read aloud off the form
    assert ask(browser, page, spaced) == "registered"
    table = browser.find_element(By.ID, "fields").text
    assert "赵一" in table and certificate in table and "大数据与会计" in table and "示范大学网络教育学院" in table
    assert id_number(21) not in browser.page_source
    assert ask(browser, page, "ABCD EFGH JKLM NPQR") == "unknown"
    assert "没有找到该学历证书" in browser.find_element(By.ID, "result").text
    assert ask(browser, page + "?lang=en", certificate) == "registered"
    assert "Demonstration University" in browser.find_element(By.ID, "fields").text


def test_a_reviewer_signs_in_and_approves_in_a_browser(server: Server, browser: webdriver.Chrome, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import re

    cli = enrolled_center(server, tmp_path, capsys)
    number = re.search(r"registered as (\d+)", cli("students", "register", id_number(21)))
    assert number
    cli("students", "request-change", number.group(1), "11", "--reason", "工作调动")
    cli("sync", "run")
    done = subprocess.run(server.command("reviewer", "add", "wang", "--password-stdin"), input="review-password\n",
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr

    page = f"{server.url.rstrip('/')}/review"
    browser.get(page)
    browser.find_element(By.ID, "name").send_keys("wang")
    browser.find_element(By.ID, "password").send_keys("wrong password")
    browser.find_element(By.ID, "sign-in").click()
    message = WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.ID, "message")))
    assert "password is wrong" in message.text
    browser.find_element(By.ID, "name").send_keys("wang")
    browser.find_element(By.ID, "password").send_keys("review-password")
    browser.find_element(By.ID, "sign-in").click()
    queue = WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.ID, "queue")))
    assert "赵一" in queue.text and "休学" in queue.text and id_number(21) not in browser.page_source
    row = queue.find_element(By.CSS_SELECTOR, "tr[id^=request-]")
    row.find_element(By.NAME, "reason").send_keys("材料齐全")
    row.find_element(By.CSS_SELECTOR, "button[value=approve]").click()
    WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.ID, "empty")))
    assert "Approved" in WebDriverWait(browser, 10).until(
        expected_conditions.presence_of_element_located((By.ID, "message"))).text

    cli("sync", "run")
    assert re.search(r"Status\s+on leave", cli("students", "show", number.group(1)))
    assert "wang" in cli("students", "show", number.group(1))  # the reviewer's name came down with the decision
