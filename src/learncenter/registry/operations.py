"""What the people who run a registry watch (issue 15): Prometheus metrics, a structured access log
without personal data, and a health check that touches the database.

Metrics (``GET /metrics``, the Prometheus text format): requests by method, route and status and
their duration, batches received and filed, the records and student events they filed by outcome,
the time filing a batch takes, the filing queue (batches waiting, the oldest one's wait), and
refusals by protocol error code. With ``serve --workers N`` every
worker writes into ``PROMETHEUS_MULTIPROC_DIR`` and a scrape sees their sum.

The access log is one JSON object a line (logger ``learncenter.registry.access``): time, method,
the route *template* (``/v1/batches/{batch_id}/commit``: never a query string, which may carry a
certificate number), status, milliseconds, bytes and the center that signed the request. Nothing
a person could be found by.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from learncenter.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

ACCESS = logging.getLogger("learncenter.registry.access")
_CENTER = re.compile(r'center_id="?([A-Za-z0-9]{1,20})')

REQUESTS = Counter("learncenter_registry_requests_total", "HTTP requests answered",
                   ["method", "route", "status"])
DURATION = Histogram("learncenter_registry_request_seconds", "Time to answer a request", ["route"],
                     buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
BATCHES_RECEIVED = Counter("learncenter_registry_batches_received_total", "Batches announced for the first time")
BATCHES_FILED = Counter("learncenter_registry_batches_filed_total", "Batches committed and filed")
FILED = Counter("learncenter_registry_filed_total", "Entries filed by the commits", ["kind", "status"])
FILING = Histogram("learncenter_registry_filing_seconds", "Time a filer takes to file a batch",
                   buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
ERRORS = Counter("learncenter_registry_errors_total", "Requests refused, by protocol error code", ["code"])


def count_receipt(receipt: dict[str, Any], seconds: float) -> None:
    """A commit's receipt: the batch filed and its entries by kind and outcome."""
    BATCHES_FILED.inc()
    FILING.observe(seconds)
    for result in receipt.get("results", []):
        kind = "student" if str(result.get("record_id", "")).startswith("student-event:") else "record"
        FILED.labels(kind, str(result.get("status", ""))).inc()


def database_ok(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not healthy", said as 503
        return False


def _route(request: Request) -> str:
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "(unmatched)"


def lag_text(waiting: int, oldest_seconds: float) -> bytes:
    """The filing queue as gauges, read from the database at each scrape (so every worker and
    filer machine agrees): batches waiting, and how long the oldest has waited."""
    return (f"# HELP learncenter_registry_batches_waiting Batches received and not yet filed\n"
            f"# TYPE learncenter_registry_batches_waiting gauge\n"
            f"learncenter_registry_batches_waiting {waiting}\n"
            f"# HELP learncenter_registry_filing_lag_seconds Seconds the oldest batch waiting to be filed has waited\n"
            f"# TYPE learncenter_registry_filing_lag_seconds gauge\n"
            f"learncenter_registry_filing_lag_seconds {oldest_seconds:.3f}\n").encode()


def add_routes(app: FastAPI, filing_lag: Callable[[], tuple[int, float]] | None = None) -> None:
    @app.middleware("http")
    async def observe(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)  # every answer says which protocol it speaks
            return response
        finally:
            seconds = time.perf_counter() - started
            route = _route(request)
            REQUESTS.labels(request.method, route, str(status)).inc()
            DURATION.labels(route).observe(seconds)
            center = _CENTER.search(request.headers.get("authorization", ""))
            if ACCESS.isEnabledFor(logging.INFO):
                ACCESS.info(json.dumps({
                    "at": datetime.now(UTC).isoformat(timespec="milliseconds"), "method": request.method,
                    "route": route, "status": status, "ms": round(seconds * 1000, 1),
                    "bytes_in": int(request.headers.get("content-length") or 0),
                    "center": center.group(1) if center else None}))

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        registry: CollectorRegistry | None = None
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        body = generate_latest(registry) if registry is not None else generate_latest()
        if filing_lag is not None:
            body += lag_text(*filing_lag())
        return Response(body, media_type=CONTENT_TYPE_LATEST)
