"""Screenshots of the registry's web pages (the review queue, the public verification page) in
Debian's chromium, from a real registry process and a demo center synced with it.

Writes docs/screenshots/registry-review.png, registry-verify-zh.png and registry-verify-en.png.
Run from the project folder: .venv/bin/python scripts/registry_screenshots.py
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from registry.server import Server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
LEARNCENTER = [sys.executable, "-m", "learncenter"]
ADMISSIONS = ("center_id,招生批次,姓名,性别,出生日期,身份证号,报考层次,专业代码,专业名称,学制,入学日期\n"
              "11001,2026春,赵一,男,1991-01-01,360426199101010039,高起专,530302,大数据与会计,2.5,2026-03-01\n"
              "11001,2026春,钱二,女,1991-01-01,360426199101010047,专升本,120203,会计学,2.5,2026-03-01\n")


def center(folder: Path, *args: str) -> str:
    done = subprocess.run([*LEARNCENTER, "--user", "admin", "--password-stdin", "--data-dir", str(folder), *args],
                          input="admin-demo\n", capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    server = Server(folder / "registry-data", f"sqlite:///{folder / 'registry.sqlite3'}")
    subprocess.run(server.command("init"), check=True, capture_output=True)
    server.start()
    try:
        run = lambda *a: subprocess.run(server.command(*a), check=True, capture_output=True, text=True).stdout  # noqa: E731
        run("school", "10459", "示范大学网络教育学院", "Demonstration University")
        code = re.search(r"single use\): (\S+)", run("enroll-code", "11001", "--name", "北京学习中心"))
        assert code
        desk = folder / "center"
        subprocess.run([*LEARNCENTER, "--data-dir", str(desk), "demo", "--candidates", "2", "--confirmed", "0",
                        "--students", "0"], check=True, capture_output=True)
        center(desk, "sync", "enroll", server.url, code.group(1))
        sheet = folder / "admissions.csv"
        sheet.write_text(ADMISSIONS, encoding="utf-8")
        run("publish", "--admissions", str(sheet))
        center(desk, "sync", "run")
        zhao = re.search(r"(\d{12})", center(desk, "students", "register", "360426199101010039"))
        qian = re.search(r"(\d{12})", center(desk, "students", "register", "360426199101010047"))
        assert zhao and qian
        center(desk, "students", "graduate", zhao.group(1), "--date", "2028-07-01")
        center(desk, "sync", "run")
        event = re.search(r"^\s+([0-9a-f-]{36})\s", run("review", "list"), re.M)
        assert event
        approved = run("review", "approve", event.group(1), "--reviewer", "王审核")
        verification = re.search(r"code ([A-Z0-9]{16})", approved)
        assert verification
        center(desk, "students", "request-change", qian.group(1), "23", "--reason", "工作岗位调整",
               "--major-code", "120204", "--major-name", "财务管理")
        center(desk, "sync", "run")
        subprocess.run(server.command("reviewer", "add", "wang", "--password-stdin"), input="review-password\n",
                       check=True, capture_output=True, text=True)

        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", f"--user-data-dir={folder / 'chromium'}",
                     "--window-size=1280,720", "--lang=zh-CN"):
            options.add_argument(flag)
        browser = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        try:
            for lang in ("zh", "en"):
                browser.get(f"{server.url}/verify?lang={lang}&q={verification.group(1)}")
                browser.save_screenshot(str(OUT / f"registry-verify-{lang}.png"))
            browser.get(f"{server.url}/review")
            browser.find_element(By.ID, "name").send_keys("wang")
            browser.find_element(By.ID, "password").send_keys("review-password")
            browser.find_element(By.ID, "sign-in").click()
            browser.find_element(By.ID, "queue")
            browser.save_screenshot(str(OUT / "registry-review.png"))
        finally:
            browser.quit()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
