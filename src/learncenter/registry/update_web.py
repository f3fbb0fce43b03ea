"""The registry's two update routes (protocol §15): the signed manifest and its package.

Both are for enrolled centers (a signed request, as every sync request); the package streams
from the shelf in pieces, never read whole, and only the current manifest's package is served.
A workstation older than the minimum may still fetch them: the update is its way out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Header, Path, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel

from learncenter.registry.service import Caller, Registry
from learncenter.protocol.errors import UNKNOWN_BATCH, SyncError

CallerOf = Callable[[Request, str | None, bytes], Awaitable[Caller]]


class ManifestAnswer(BaseModel):
    """The signed update manifest (§15), or null when the registry publishes none."""

    manifest: dict[str, Any] | None


def update_routes(app: FastAPI, registry: Registry, caller: CallerOf, *, errors: dict[int | str, dict[str, Any]],
                  auth_doc: str) -> None:
    @app.get("/v1/updates/manifest", response_model=ManifestAnswer, responses=errors)
    async def manifest(request: Request,
                       authorization: str | None = Header(None, description=auth_doc)) -> JSONResponse:
        """The registry's signed update manifest, or ``{"manifest": null}`` when it publishes none."""
        await caller(request, authorization, b"")
        signed = registry.updates.signed() if registry.updates is not None else None
        return JSONResponse({"manifest": signed})

    @app.get("/v1/updates/package/{sha256}", responses={**errors, 404: errors[401]}, response_class=FileResponse)
    async def package(request: Request, sha256: str = Path(..., pattern="^[0-9a-f]{64}$"),
                      authorization: str | None = Header(None, description=auth_doc)) -> FileResponse:
        """The current manifest's package, by its SHA-256 (application/octet-stream)."""
        await caller(request, authorization, b"")
        path = registry.updates.package(sha256) if registry.updates is not None else None
        if path is None:
            raise SyncError(UNKNOWN_BATCH)
        return FileResponse(path, media_type="application/octet-stream")
