"""Screenshots of the registry's staff console (``/console``) in Debian's chromium, from a real
registry process that a few centers synced with (records accepted and returned, a batch still
waiting, a center issued a code and never seen).

Writes docs/screenshots/registry-console-{centers,codes,keys,days}-{zh,en}.png.
Run from the project folder: .venv/bin/python scripts/console_screenshots.py
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from registry.material import CenterSide, record  # noqa: E402
from registry.server import Server  # noqa: E402

from learncenter import __version__  # noqa: E402
from learncenter.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION  # noqa: E402
from learncenter.protocol.update_manifest import VERSION_HEADER  # noqa: E402
from learncenter.protocol.wire import announce_body, auth_header  # noqa: E402
from learncenter.registry.keys import load_keys  # noqa: E402
from learncenter.sync.transport import RegistryLink, enroll  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CENTERS = (("11001", "北京学习中心", 3, 1), ("11002", "天津学习中心", 5, 0), ("13001", "石家庄学习中心", 2, 2),
           ("14001", "太原学习中心", 4, 1))


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    server = Server(folder / "registry-data", f"sqlite:///{folder / 'registry.sqlite3'}")
    subprocess.run(server.command("init"), check=True, capture_output=True)
    server.start()
    try:
        run = lambda *a, stdin=None: subprocess.run(server.command(*a), check=True, capture_output=True,  # noqa: E731
                                                   text=True, input=stdin).stdout
        run("console-user", "add", "zhang", "--role", "operator", "--password-stdin", stdin="console-password\n")
        public = load_keys(server.data_dir).encryption.public
        n = 0
        for center_id, name, good, bad in CENTERS:
            code = re.search(r"single use\): (\S+)", run("enroll-code", center_id, "--name", name))
            assert code
            center = CenterSide(center_id)
            enroll(server.url, code=code.group(1), center_public=center.key.public_raw, device_name=f"{name}-前台",
                   client_version=__version__)
            with RegistryLink(server.url, center_id=center_id, key=center.key.private) as link:
                items = [record(n := n + 1) for _ in range(good)] + [record(n := n + 1, major_code="12")
                                                                     for _ in range(bad)]
                link.upload(center.seal(items, public))
            if center_id == "13001":  # announced, its photos not sent: a batch waiting
                body = json.dumps(announce_body(center.seal([record(n := n + 1), record(n := n + 1)], public))).encode()
                httpx.post(f"{server.url}/v1/batches", content=body, headers={
                    "Authorization": auth_header(center_id=center_id, key=center.key.private, method="POST",
                                                 path="/v1/batches", body=body),
                    "Content-Type": "application/json", VERSION_HEADER: __version__,
                    PROTOCOL_HEADER: str(PROTOCOL_VERSION)}).raise_for_status()
        run("enroll-code", "15001", "--name", "呼和浩特学习中心")  # issued, never used

        week = (datetime.now(timezone(timedelta(hours=8))).date() - timedelta(days=6)).isoformat()
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", f"--user-data-dir={folder / 'chromium'}",
                     "--window-size=1280,720", "--lang=zh-CN"):
            options.add_argument(flag)
        browser = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        try:
            browser.get(f"{server.url}/console")
            browser.find_element(By.ID, "name").send_keys("zhang")
            browser.find_element(By.ID, "password").send_keys("console-password")
            browser.find_element(By.ID, "sign-in").click()
            browser.find_element(By.ID, "centers")
            for lang in ("zh", "en"):
                browser.get(f"{server.url}/console/centers?lang={lang}")
                browser.save_screenshot(str(OUT / f"registry-console-centers-{lang}.png"))
                browser.get(f"{server.url}/console/codes?lang={lang}")
                browser.find_element(By.ID, "centers-field").send_keys("16001, 沈阳学习中心\n16002, 大连学习中心\n")
                browser.find_element(By.ID, "issue").click()
                browser.find_element(By.ID, "issued")
                browser.save_screenshot(str(OUT / f"registry-console-codes-{lang}.png"))
                browser.get(f"{server.url}/console/keys?lang={lang}")
                browser.find_element(By.CSS_SELECTOR, "a[id^=revoke-]").click()
                browser.find_element(By.ID, "confirm")
                browser.save_screenshot(str(OUT / f"registry-console-keys-{lang}.png"))
                browser.get(f"{server.url}/console/days?lang={lang}&from={week}")
                browser.save_screenshot(str(OUT / f"registry-console-days-{lang}.png"))
        finally:
            browser.quit()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
