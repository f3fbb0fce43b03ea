"""What the people who run a registry watch (issue 15): a health check that touches the database,
Prometheus metrics, a JSON access log without personal data, and serve --workers N."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
from prometheus_client import REGISTRY
from registry.conftest import enroll
from registry.material import record
from registry.server import Server
from registry.test_registry_service import send

from learncenter.registry.app import create_app
from learncenter.registry.keys import RegistryKeys
from learncenter.registry.service import Registry
from learncenter.registry.store import make_engine

ID_NUMBER = "360426199101010039"


def test_health_metrics_and_the_access_log(server: Server) -> None:
    health = httpx.get(f"{server.url}/v1/health", timeout=10).json()
    assert health["status"] == "ok" and health["database"] == "ok"
    for _ in range(3):
        httpx.get(f"{server.url}/v1/certificates/verify", params={"q": ID_NUMBER}, timeout=10)
    metrics = httpx.get(f"{server.url}/metrics", timeout=10).text
    assert re.search(r'learncenter_registry_requests_total\{method="GET",route="/v1/certificates/verify",'
                     r'status="404"\} 3\.0', metrics), metrics
    assert "learncenter_registry_request_seconds_bucket" in metrics
    log = "".join(path.read_text() for path in server.data_dir.parent.glob("registry-serve-*.log"))
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert {"route": "/v1/certificates/verify", "status": 404} in [{k: line[k] for k in ("route", "status")}
                                                                 for line in lines]
    assert ID_NUMBER not in log  # the query string never reaches the log


def test_health_says_unavailable_when_the_database_is_gone(keys: RegistryKeys) -> None:
    registry = Registry(make_engine("postgresql+psycopg://nobody@127.0.0.1:9/none", pool_pre_ping=True), keys)

    async def ask() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(registry))
        async with httpx.AsyncClient(transport=transport, base_url="http://registry") as client:
            return await client.get("/v1/health")

    answer = asyncio.run(ask())
    assert answer.status_code == 503 and answer.json()["code"] == "unavailable"


def test_filed_batches_and_entries_are_counted(registry: Registry) -> None:
    create_app(registry)  # the app tells the metrics of each batch filed
    before = REGISTRY.get_sample_value("learncenter_registry_filed_total", {"kind": "record", "status": "accepted"}) or 0
    batches = REGISTRY.get_sample_value("learncenter_registry_batches_filed_total") or 0
    center = enroll(registry, "11001")
    send(registry, center, center.seal([record(1), record(2)], registry.keys.encryption.public))
    assert REGISTRY.get_sample_value("learncenter_registry_batches_filed_total") == batches + 1
    assert REGISTRY.get_sample_value("learncenter_registry_filed_total",
                                     {"kind": "record", "status": "accepted"}) == before + 2


def test_serve_with_two_workers_sums_their_metrics(tmp_path: Path) -> None:
    data = tmp_path / "registry-data"
    base = [sys.executable, "-m", "learncenter.registry.cli"]
    subprocess.run([*base, "init", "--data-dir", str(data)], check=True, capture_output=True)
    log = tmp_path / "serve.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen([*base, "serve", "--data-dir", str(data), "--port", "0", "--workers", "2",
                                    "--lang", "en"], stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline, url = time.monotonic() + 60, None
        while url is None and time.monotonic() < deadline:
            found = re.search(r"http://127\.0\.0\.1:\d+", log.read_text(errors="replace"))
            url = found.group(0) if found else None
            time.sleep(0.05)
        assert url, log.read_text()
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        for _ in range(20):
            assert httpx.get(f"{url}/v1/health", timeout=10).status_code == 200
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        assert len(children) >= 2  # the workers (and multiprocessing's resource tracker)
        metrics = httpx.get(f"{url}/metrics", timeout=10).text
        total = re.search(r'learncenter_registry_requests_total\{method="GET",route="/v1/health",status="200"\} '
                          r'([0-9.]+)', metrics)
        assert total and float(total.group(1)) >= 21, metrics  # every worker's answers, summed
    finally:
        process.terminate()
        process.wait(timeout=30)
