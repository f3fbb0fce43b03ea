"""The staff console through a real server (``learncenter-registry serve``): accounts made on the
command line, a center that really synced, codes issued in bulk, a key revoked and the center's
next request refused, the daily figures; cookies, form tokens and roles as a browser would meet
them (issue 15)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote

import httpx
import pytest
from registry.material import CenterSide, filed, record
from registry.server import Server
from registry.test_registry_http import enrolled, link

from learncenter import __version__
from learncenter.registry.service import Registry
from learncenter.protocol.errors import SyncError
from learncenter.sync.transport import enroll

TODAY = datetime.now(timezone(timedelta(hours=8))).date().isoformat()


def account(server: Server, name: str, role: str, password: str) -> None:
    done = subprocess.run(server.command("console-user", "add", name, "--role", role, "--password-stdin"),
                          input=password + "\n", capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@contextmanager
def signed_in(server: Server, name: str, password: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        answer = client.post("/console/login", data={"name": name, "password": password}, follow_redirects=True)
        assert answer.status_code == 200 and name in answer.text, answer.text
        yield client


def forged_token(registry: Registry, client: httpx.Client) -> str:
    """The form token the server would give this session: what a page a viewer never sees would hold."""
    return registry.keys.data.lookup("console-session\nform\n" + client.cookies["lc_console"])


def token(page: str) -> str:
    found = re.search(r'name="token" value="([0-9a-f]+)"', page)
    assert found, page
    return found.group(1)


def row(page: str, row_id: str) -> list[str]:
    found = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', page)
    assert found, page
    return re.findall(r"<td[^>]*>(.*?)</td>", found.group(1))


@pytest.fixture
def synced(server: Server, registry: Registry) -> CenterSide:
    """Accounts, and center 11001 that sent a batch: one record accepted, one returned."""
    account(server, "zhang", "operator", "operator-password")
    account(server, "li", "viewer", "viewer-password")
    center = enrolled(server, registry, "11001")
    with link(server, center) as registry_link:
        receipt = filed(registry_link, registry_link.upload(center.seal([record(1), record(2, major_code="12")],
                                                                       registry.keys.encryption.public)))
    assert [r["status"] for r in receipt["results"]] == ["accepted", "rejected"]
    return center


def test_signing_in_and_the_centers_in_both_languages(server: Server, synced: CenterSide) -> None:
    anonymous = httpx.get(f"{server.url}/console/centers")
    assert anonymous.status_code == 200 and 'id="sign-in"' in anonymous.text and "11001" not in anonymous.text
    wrong = httpx.post(f"{server.url}/console/login?lang=en", data={"name": "zhang", "password": "viewer-password"})
    assert wrong.status_code == 401 and "password is wrong" in wrong.text and "set-cookie" not in wrong.headers
    with signed_in(server, "li", "viewer-password") as client:
        page = client.get("/console/centers").text
        cells = row(page, "center-11001")
        assert cells[:2] == ["11001", ""] and cells[3] == __version__  # the version the client says it runs
        assert cells[2].startswith(TODAY) and cells[4] == "有效"
        assert cells[5:] == ["0", "0", "0", "1", "1", "1"]  # nothing waiting; one batch: accepted 1, returned 1
        assert "已退回" in page and 'lang="zh-CN"' in page and "账号 li（查看员）" in page
        english = client.get("/console/centers?lang=en").text
        assert "Returned" in english and "Last seen" in english and 'lang="en"' in english
        assert "Account li (viewer)" in english
        assert "11001" not in client.get("/console/centers?q=22").text.split("</form>")[1]
        client.get("/console/logout")
        assert 'id="sign-in"' in client.get("/console/centers").text


def test_an_operator_issues_codes_and_a_viewer_cannot(server: Server, synced: CenterSide, registry: Registry) -> None:
    with signed_in(server, "li", "viewer-password") as viewer:
        form = viewer.get("/console/codes?lang=en").text
        assert 'id="operators-only"' in form and "<textarea" not in form and 'name="token"' not in form
        refused = viewer.post("/console/codes?lang=en", data={"token": forged_token(registry, viewer),
                                                              "centers": "11009"})
        assert refused.status_code == 403 and "cannot issue enrollment codes" in refused.text
        assert "11009" not in viewer.get("/console/centers").text.split("</form>")[1]  # the service refused
    with signed_in(server, "zhang", "operator-password") as client:
        form = client.get("/console/codes").text
        assert client.post("/console/codes", data={"centers": "11007"}).status_code == 401  # no token: refused
        bad = client.post("/console/codes?lang=en", data={"token": token(form), "centers": "11007\n北京\n"})
        assert bad.status_code == 400 and "line 2" in bad.text and "北京" in bad.text  # the form again, as typed
        issued = client.post("/console/codes", data={"token": token(form),
                                                     "centers": "11007, 天津学习中心\n11008，河北学习中心"})
        assert issued.status_code == 200 and issued.headers["cache-control"] == "no-store"
        assert "已生成 2 个登记码" in issued.text
        codes = re.findall(r'<td class="code">([A-Z0-9-]+)</td>', issued.text)
        assert len(codes) == 2
        href = re.search(r'id="download" download="enrollment-codes-[0-9-]+\.csv" href="data:text/csv;charset=utf-8,'
                         r'([^"]+)"', issued.text)
        assert href
        lines = unquote(href.group(1)).lstrip("\ufeff").splitlines()
        assert lines[0] == "center_id,name,code,valid_until" and lines[1].startswith(f"11007,天津学习中心,{codes[0]},")
    answer = enroll(server.url, code=codes[1], center_public=CenterSide("11008").key.public_raw,
                    device_name="pc", client_version="0.1.0")
    assert answer["center_id"] == "11008" and answer["center_name"] == "河北学习中心"
    log = "".join(path.read_text() for path in server.data_dir.parent.glob("registry-serve-*.log"))
    assert '"actor": "zhang", "action": "codes_issued"' in log and '"11007", "11008"' in log
    assert not any(code in log for code in codes)


def test_a_key_revoked_refuses_the_next_sync(server: Server, synced: CenterSide, registry: Registry) -> None:
    with signed_in(server, "li", "viewer-password") as viewer:
        page = viewer.get("/console/keys").text
        [key_id] = re.findall(r'<tr id="key-([^"]+)">', page)
        assert key_id == synced.key.key_id and 'id="revoke-' not in page
        assert 'name="token"' not in viewer.get(f"/console/keys/{key_id}/revoke").text
        assert viewer.post(f"/console/keys/{key_id}/revoke", data={"token": "0" * 64}).status_code == 401
        refused = viewer.post(f"/console/keys/{key_id}/revoke?lang=en", data={"token": forged_token(registry, viewer)})
        assert refused.status_code == 403 and "cannot revoke keys" in refused.text
        assert f'<tr id="key-{key_id}">' in viewer.get("/console/keys").text  # still active
    with signed_in(server, "zhang", "operator-password") as client:
        confirm = client.get(f"/console/keys/{key_id}/revoke?lang=en")
        assert "Revoke key" in confirm.text and "11001" in confirm.text
        done = client.post(f"/console/keys/{key_id}/revoke?lang=en", data={"token": token(confirm.text)})
        assert done.status_code == 200 and f"Key {key_id} of center 11001 is revoked" in done.text
        again = client.post(f"/console/keys/{key_id}/revoke?lang=en", data={"token": token(confirm.text)})
        assert again.status_code == 400 and "not an active key" in again.text
        gone = client.get(f"/console/keys/{key_id}/revoke?lang=en")
        assert gone.status_code == 400 and "not an active key" in gone.text and 'id="confirm"' not in gone.text
        assert row(client.get("/console/centers").text, "center-11001")[4] == "无"
    with link(server, synced) as registry_link, pytest.raises(SyncError) as next_sync:
        registry_link.upload(synced.seal([record(3)], registry.keys.encryption.public))
    assert next_sync.value.code == "revoked_key"


def test_daily_figures_and_a_bad_date(server: Server, synced: CenterSide) -> None:
    with signed_in(server, "li", "viewer-password") as client:
        page = client.get("/console/days").text
        assert row(page, f"day-{TODAY}") == [TODAY, "1", "2", "1", "1", "1"]
        assert row(page, "total")[1:] == ["1", "2", "1", "1", "1"]
        bad = client.get("/console/days?lang=en&from=2026-02-30&to=")
        assert bad.status_code == 400 and "\"2026-02-30\" in the field \"from\"" in bad.text.replace("&quot;", '"')
        assert 'value="2026-02-30"' in bad.text and "Traceback" not in bad.text
        big = client.post("/console/codes", content=b"centers=" + b"1" * 70_000,
                          headers={"content-type": "application/x-www-form-urlencoded"})
        assert big.status_code == 413 and "Traceback" not in big.text
