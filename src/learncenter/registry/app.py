"""The registry over HTTP (FastAPI): the endpoints of ``docs/protocol.md`` §3, §5, §6, §8, §10.

A thin layer: each endpoint reads the raw body (a request signature covers its exact bytes),
lets :class:`~learncenter.registry.service.Registry` decide, and turns a
:class:`~learncenter.protocol.errors.SyncError` into the §7 error answer with its zh/en sentences.
The request and answer shapes are declared so the served OpenAPI schema is accurate (it is
fuzzed with schemathesis); signed answers are returned as they were signed, never re-serialised
through a model that could drop or reorder a field.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Header, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from learncenter.domain.messages import render
from learncenter.registry import console_web, operations, review_web, verification_web
from learncenter.registry.objects import ObjectStoreUnavailable
from learncenter.registry.receipt_wait import WAIT_DOC, RECEIPT_LOOK, Filings, wait_preference
from learncenter.registry.update_web import update_routes
from learncenter.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, protocol_spoken
from learncenter.protocol.update_manifest import VERSION_HEADER
from learncenter.registry.service import Caller, Registry
from learncenter.protocol.errors import (
    MALFORMED,
    TOO_LARGE,
    UNAVAILABLE,
    UNKNOWN_BATCH,
    UNSUPPORTED_PROTOCOL,
    SyncError,
)
from learncenter.protocol.peer_json import peer_json
from learncenter.protocol.wire import ANNOUNCE_MEDIA_TYPE, RECEIVED, RESPOND_ASYNC, parse_announce_bytes

STATUS = {
    "malformed": 400, "bad_signature": 401, "unknown_key": 401, "revoked_key": 401,
    "clock_skew": 401, "bad_code": 403, "wrong_center": 403, "unknown_batch": 404, "unknown_material": 404,
    "batch_conflict": 409, "sequence_gap": 409, "replayed": 409, "blobs_missing": 409,
    "too_large": 413, "offset_mismatch": 416, "decrypt_failed": 422, "hash_mismatch": 422,
    "slow_down": 429, "unavailable": 503, "audit_rollback": 409, "client_too_old": 426,
    "unsupported_protocol": 400,
}
MAX_JSON_BODY = 64 << 20  # an announce body of a signed-in center (2,000 records)
SMALL_BODY = 64 << 10  # read before the Authorization header is screened; enroll's whole limit
_log = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    """Every error answer (protocol §7)."""

    code: str
    message_zh: str
    message_en: str
    details: dict[str, Any]


class Missing(BaseModel):
    sha256: str
    index: int
    offset: int
    total: int


class Pack(BaseModel):
    """The batch's pack (protocol §5): manifest indices of its blobs, offset held, length."""

    blobs: list[int]
    offset: int
    total: int


class BatchState(BaseModel):
    batch_id: str
    state: str
    missing: list[Missing]
    pack: Pack


class Offset(BaseModel):
    offset: int


class Signed(BaseModel):
    """A signed object: its fields plus ``key_id`` and ``signature`` (see the protocol)."""

    model_config = ConfigDict(extra="allow")
    key_id: str
    signature: str


class NumberBlock(BaseModel):
    first: int
    last: int


class EnrollAnswer(Signed):
    format: str
    center_id: str
    center_name: str
    registry_signing_key: str
    registry_encryption_key: str
    number_block: NumberBlock
    signed_at: str


class ReceiptResult(BaseModel):
    model_config = ConfigDict(extra="allow")
    record_id: str
    version: int
    status: str


class ReceiptBody(Signed):
    format: str
    batch_id: str
    center_id: str
    sequence: int
    committed_at: str
    manifest_hash: str
    results: list[ReceiptResult]


class ReceivedBody(BaseModel):
    """A batch received and waiting to be filed (protocol §5: commit with ``Prefer: respond-async``)."""

    batch_id: str
    state: str


_RECEIVED: dict[int | str, dict[str, Any]] = {202: {"model": ReceivedBody, "description": "received; its receipt follows once it is filed"}}
_PREFER_DOC = "`respond-async`: answer 202 once the batch is received, file it afterwards (protocol §5)"
class ChangeItem(BaseModel):
    seq: int
    kind: str
    key: str
    version: int
    data: dict[str, Any]


class ChangesPage(Signed):
    format: str
    center_id: str
    cursor: str | None
    changes: list[ChangeItem]
    next_cursor: str
    more: bool


class RotationAnswer(Signed):
    format: str
    center_id: str
    old_key_id: str
    new_key_id: str
    rotated_at: str


class AuditHeadAnswer(Signed):
    """The center's latest signed audit head held here, or null (protocol §4.4)."""

    format: str
    center_id: str
    nonce: str
    head: dict[str, Any] | None


class Health(BaseModel):
    status: str
    database: str
    registry_signing_key_id: str
    registry_encryption_key_id: str


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorBody, "description": "protocol §7 error"} for code in codes}


_AUTH_ERRORS = (400, 401, 403, 409, 426, 503)
_AUTH_DOC = "`LC-Ed25519 center_id=..., key_id=..., ts=..., sig=...` (protocol §5)"


def _json_body(schema: dict[str, Any], content_type: str = "application/json") -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {content_type: {"schema": schema}}}}


_ANNOUNCE_SCHEMA = {"type": "object", "required": ["header", "manifest", "records"],
                    "properties": {"header": {"type": "object"}, "manifest": {"type": "string"},
                                   "records": {"type": "array", "items": {"type": "string"}}}}
_ENROLL_SCHEMA = {"type": "object", "required": ["code", "center_public_key"],
                  "properties": {"code": {"type": "string"},
                                 "center_public_key": {"type": "string"},
                                 "device_name": {"type": "string"},
                                 "client_version": {"type": "string"}}}
_CHECK_SCHEMA = {"type": "object", "required": ["number", "id_number"],
                 "properties": {"number": {"type": "string"}, "id_number": {"type": "string"},
                                "prior_education": {"type": "string"}, "graduation_date": {"type": "string"}}}
_ROTATE_SCHEMA = {"type": "object", "required": ["new_key", "old_key_id", "key_id", "signature"],
                  "properties": {"new_key": {"type": "string"}, "old_key_id": {"type": "string"},
                                 "key_id": {"type": "string"}, "signature": {"type": "string"}}}


def error_response(error: SyncError) -> JSONResponse:
    problem = error.problem
    details = {name: value for name, value in problem.params.items()}
    headers = {}
    if error.code == "offset_mismatch" and "offset" in details:
        headers["Upload-Offset"] = str(details["offset"])
    if error.code in ("slow_down", "unavailable"):
        headers["Retry-After"] = "5"
    return JSONResponse(
        status_code=STATUS.get(error.code, 400), headers=headers,
        content={"code": error.code, "message_zh": render(problem.code, problem.params, "zh"),
                 "message_en": render(problem.code, problem.params, "en"), "details": details})


def _path(request: Request) -> str:
    """The path a request signature covers: as sent, with its query string."""
    raw = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string") or b""
    return raw.decode("latin-1") + ("?" + query.decode("latin-1") if query else "")


async def _body(request: Request, limit: int,
                screen: Callable[[], Awaitable[None]] | None = None) -> bytes:
    """The request body, read as it streams and refused (``too_large``) at ``limit + 1``
    bytes, so no body costs more memory than its limit whatever ``Content-Length`` claims
    (a chunked body claims nothing).

    ``screen`` checks the caller's Authorization header (see ``Registry.screen``) before a body
    of more than :data:`SMALL_BODY` bytes (or of no declared size) is read, so whoever cannot
    sign is never read a large body. A refusal before the end of the body closes the
    connection: the rest is not read at all.
    """
    declared = request.headers.get("content-length")
    size = int(declared) if declared is not None and declared.isdigit() else None
    request.state.body_unread = True
    if size is not None and size > limit:
        raise SyncError(TOO_LARGE)
    if screen is not None and (size is None or size > SMALL_BODY):
        await screen()  # a chunked body claims no size: screened too
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise SyncError(TOO_LARGE)
    request.state.body_unread = False
    return bytes(body)


def _parse_json(body: bytes) -> object:
    return peer_json(body)


def _check_protocol(request: Request) -> None:
    """A center speaking another protocol (or the draft's, which sent no header) is refused before
    anything it sent is read as this protocol's (only the body's size and JSON are checked first)."""
    said = request.headers.get(PROTOCOL_HEADER)
    if not protocol_spoken(said):
        raise SyncError(UNSUPPORTED_PROTOCOL, ours=PROTOCOL_VERSION, theirs=said or "1")


def create_app(registry: Registry) -> FastAPI:
    """The HTTP service; ``app.state.filings`` is told of each batch this process files."""
    app = FastAPI(title="learncenter registry", version="1",
                  description="The central registry of learncenter (docs/protocol.md).")
    filings = app.state.filings = Filings()

    operations.add_routes(app, registry.filing_lag)
    registry.on_filed = operations.count_receipt

    @app.exception_handler(SyncError)
    async def _sync_error(request: Request, error: SyncError) -> JSONResponse:
        operations.ERRORS.labels(error.code).inc()
        response = error_response(error)
        if getattr(request.state, "body_unread", False):
            response.headers["Connection"] = "close"  # the rest of the body is never read
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        return error_response(SyncError(MALFORMED))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404:
            return error_response(SyncError(UNKNOWN_BATCH))
        if error.status_code == 405:
            return JSONResponse(status_code=405, content={
                "code": "malformed", "message_zh": render("sync.malformed", {}, "zh"),
                "message_en": render("sync.malformed", {}, "en"), "details": {}})
        return error_response(SyncError(MALFORMED))

    @app.exception_handler(OperationalError)
    async def _database(_request: Request, _error: OperationalError) -> JSONResponse:
        return error_response(SyncError(UNAVAILABLE))

    @app.exception_handler(ObjectStoreUnavailable)
    async def _objects(_request: Request, error: ObjectStoreUnavailable) -> JSONResponse:
        _log.warning("object store unavailable: %s", error)  # where and the service's code: no personal data
        operations.ERRORS.labels(UNAVAILABLE).inc()
        return error_response(SyncError(UNAVAILABLE))

    async def caller(request: Request, authorization: str | None, body: bytes) -> Caller:
        found = await run_in_threadpool(registry.authenticate, authorization,
                                        method=request.method, path=_path(request), body=body,
                                        client_version=request.headers.get(VERSION_HEADER))
        if not request.url.path.startswith("/v1/updates/"):  # the way to a newer version stays open to all
            _check_protocol(request)
            if registry.updates is not None:
                registry.updates.check_client(request.headers.get(VERSION_HEADER))
        return found

    async def signed_body(request: Request, authorization: str | None,
                          limit: int = MAX_JSON_BODY) -> tuple[Caller, bytes]:
        """A signed request's body (screened before it is large) and its verified caller."""
        async def screen() -> None:
            await run_in_threadpool(registry.screen, authorization)

        raw = await _body(request, limit, screen)
        return await caller(request, authorization, raw), raw

    verification_web.add_routes(app, registry, errors=_errors(400))
    update_routes(app, registry, caller, errors=_errors(*_AUTH_ERRORS), auth_doc=_AUTH_DOC)
    review_web.add_routes(app, registry)
    console_web.add_routes(app, registry)

    @app.get("/v1/health", response_model=Health, responses=_errors(503))
    def health() -> Response:
        """Ready when the database answers and the object store takes a write."""
        if not operations.database_ok(registry.engine) or (
                registry.objects is not None and not registry.objects.healthy()):
            return error_response(SyncError(UNAVAILABLE))
        return JSONResponse(Health(status="ok", database="ok", registry_signing_key_id=registry.keys.signing.key_id,
                                   registry_encryption_key_id=registry.keys.encryption.key_id).model_dump())

    @app.post("/v1/enroll", response_model=EnrollAnswer, responses=_errors(400, 403, 413, 503),
              openapi_extra=_json_body(_ENROLL_SCHEMA))
    async def enroll(request: Request) -> JSONResponse:
        body = _parse_json(await _body(request, SMALL_BODY))  # bounded and JSON whatever the protocol
        _check_protocol(request)
        return JSONResponse(await run_in_threadpool(registry.enroll, body))

    @app.post("/v1/batches", status_code=201, response_model=BatchState,
              responses={200: {"model": BatchState, "description": "already announced"},
                         **_errors(*_AUTH_ERRORS, 404, 413, 422)},
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": _ANNOUNCE_SCHEMA},
                  ANNOUNCE_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}}})
    async def announce(request: Request,
                       authorization: str | None = Header(None, description=_AUTH_DOC)
                       ) -> JSONResponse:
        who, raw = await signed_body(request, authorization)
        binary = request.headers.get("content-type", "").split(";")[0].strip().lower() \
            == ANNOUNCE_MEDIA_TYPE
        body = parse_announce_bytes(raw) if binary else _parse_json(raw)
        state, new = await run_in_threadpool(registry.announce, who, body)
        if new:
            operations.BATCHES_RECEIVED.inc()
        return JSONResponse(state, status_code=201 if new else 200)

    @app.put("/v1/batches/{batch_id}/pack", response_model=Offset,
             responses=_errors(*_AUTH_ERRORS, 404, 413, 416),
             openapi_extra=_json_body({"type": "string", "format": "binary"},
                                      "application/octet-stream"))
    async def put_pack(request: Request, batch_id: str,
                       authorization: str | None = Header(None, description=_AUTH_DOC),
                       content_range: str | None = Header(None)) -> Offset:
        who, raw = await signed_body(request, authorization, registry.limits.max_piece)
        offset = await run_in_threadpool(registry.put_pack, who, batch_id, content_range, raw)
        return Offset(offset=offset)

    @app.head("/v1/batches/{batch_id}/pack",
              responses={200: {"description": "the registry's pack offset in `Upload-Offset`",
                               "headers": {"Upload-Offset": {"schema": {"type": "integer"}},
                                           "Upload-Length": {"schema": {"type": "integer"}}}},
                         **_errors(*_AUTH_ERRORS, 404)})
    async def pack_offset(request: Request, batch_id: str,
                          authorization: str | None = Header(None, description=_AUTH_DOC)
                          ) -> Response:
        who = await caller(request, authorization, b"")
        offset, total = await run_in_threadpool(registry.pack_offset, who, batch_id)
        return Response(headers={"Upload-Offset": str(offset), "Upload-Length": str(total)})

    @app.put("/v1/batches/{batch_id}/blobs/{sha256}", response_model=Offset,
             responses=_errors(*_AUTH_ERRORS, 404, 413, 416),
             openapi_extra=_json_body({"type": "string", "format": "binary"},
                                      "application/octet-stream"))
    async def put_blob(request: Request, batch_id: str, sha256: str,
                       authorization: str | None = Header(None, description=_AUTH_DOC),
                       content_range: str | None = Header(None)) -> Offset:
        who, raw = await signed_body(request, authorization, registry.limits.max_piece)
        offset = await run_in_threadpool(registry.put_blob, who, batch_id, sha256,
                                         content_range, raw)
        return Offset(offset=offset)

    @app.head("/v1/batches/{batch_id}/blobs/{sha256}",
              responses={200: {"description": "the registry's offset in `Upload-Offset`",
                               "headers": {"Upload-Offset": {"schema": {"type": "integer"}},
                                           "Upload-Length": {"schema": {"type": "integer"}}}},
                         **_errors(*_AUTH_ERRORS, 404)})
    async def blob_offset(request: Request, batch_id: str, sha256: str,
                          authorization: str | None = Header(None, description=_AUTH_DOC)
                          ) -> Response:
        who = await caller(request, authorization, b"")
        offset, total = await run_in_threadpool(registry.blob_offset, who, batch_id, sha256)
        return Response(headers={"Upload-Offset": str(offset), "Upload-Length": str(total)})

    @app.post("/v1/batches/{batch_id}/commit", response_model=ReceiptBody,
              responses={**_RECEIVED, **_errors(*_AUTH_ERRORS, 404, 422)})
    async def commit(request: Request, batch_id: str,
                     authorization: str | None = Header(None, description=_AUTH_DOC),
                     prefer: str | None = Header(None, description=_PREFER_DOC)) -> JSONResponse:
        who, _raw = await signed_body(request, authorization, SMALL_BODY)
        if RESPOND_ASYNC not in (prefer or "").lower():
            return JSONResponse(await run_in_threadpool(registry.commit, who, batch_id))
        answer = await run_in_threadpool(registry.receive, who, batch_id)
        if answer.get("state") != RECEIVED:
            return JSONResponse(answer)  # filed already: its receipt
        if registry.on_received is not None:
            registry.on_received()
        return JSONResponse(answer, status_code=202, headers={"Preference-Applied": RESPOND_ASYNC})

    @app.get("/v1/batches/{batch_id}/receipt", response_model=ReceiptBody,
             responses={**_RECEIVED, **_errors(*_AUTH_ERRORS, 404, 422)})
    async def receipt(request: Request, batch_id: str,
                      authorization: str | None = Header(None, description=_AUTH_DOC),
                      prefer: str | None = Header(None, description=WAIT_DOC)) -> JSONResponse:
        who = await caller(request, authorization, b"")
        answer = await run_in_threadpool(registry.receipt, who, batch_id)
        deadline = time.monotonic() + wait_preference(prefer)
        while answer.get("state") == RECEIVED and time.monotonic() < deadline:
            # woken when this process files it; a filer elsewhere is seen at the next look
            await filings.wait(batch_id, min(RECEIPT_LOOK, deadline - time.monotonic()))
            answer = await run_in_threadpool(registry.receipt, who, batch_id)
        return JSONResponse(answer, status_code=202 if answer.get("state") == RECEIVED else 200)

    @app.get("/v1/changes", response_model=ChangesPage, responses=_errors(*_AUTH_ERRORS))
    async def changes(request: Request, cursor: str | None = Query(None),
                      limit: int = Query(500, ge=1, le=1000),
                      authorization: str | None = Header(None, description=_AUTH_DOC)
                      ) -> JSONResponse:
        who = await caller(request, authorization, b"")
        return JSONResponse(await run_in_threadpool(registry.changes, who, cursor, limit))

    @app.get("/v1/materials/{sha256}", responses=_errors(*_AUTH_ERRORS, 404),
             response_class=Response)
    async def material(request: Request, sha256: str = Path(..., pattern="^[0-9a-f]{64}$"),
                       authorization: str | None = Header(None, description=_AUTH_DOC)) -> Response:
        """A photo or scan a candidate of this center submitted online (protocol §8)."""
        who = await caller(request, authorization, b"")
        data = await run_in_threadpool(registry.material, who, sha256)
        return Response(content=data, media_type="application/octet-stream")

    @app.get("/v1/audit-head", response_model=AuditHeadAnswer, responses=_errors(*_AUTH_ERRORS))
    async def audit_head(request: Request,
                         nonce: str = Query(..., min_length=16, max_length=64,
                                            pattern=r"^[A-Za-z0-9_-]+$"),
                         authorization: str | None = Header(None, description=_AUTH_DOC)
                         ) -> JSONResponse:
        who = await caller(request, authorization, b"")
        return JSONResponse(await run_in_threadpool(registry.audit_head, who, nonce))

    @app.post("/v1/keys/rotate", response_model=RotationAnswer,
              responses=_errors(*_AUTH_ERRORS, 413), openapi_extra=_json_body(_ROTATE_SCHEMA))
    async def rotate(request: Request,
                     authorization: str | None = Header(None, description=_AUTH_DOC)
                     ) -> JSONResponse:
        who, raw = await signed_body(request, authorization, SMALL_BODY)
        return JSONResponse(await run_in_threadpool(registry.rotate_key, who, _parse_json(raw)))

    @app.post("/v1/certificates/check", response_model=Signed, responses=_errors(*_AUTH_ERRORS, 413),
              openapi_extra=_json_body(_CHECK_SCHEMA))
    async def check_certificate(request: Request,
                                authorization: str | None = Header(None, description=_AUTH_DOC)) -> JSONResponse:
        """A center checks a 专升本 candidate's prior certificate against this registry's registrations."""
        who, raw = await signed_body(request, authorization, SMALL_BODY)
        return JSONResponse(await run_in_threadpool(registry.check_certificate, who, _parse_json(raw)))

    return app
