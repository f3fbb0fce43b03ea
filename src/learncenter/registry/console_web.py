"""The staff console (issue 15): ``/console``, for the provincial staff, signed in with an account
of ``learncenter-registry console-user add`` (the session of :mod:`learncenter.registry.web_session`).

Pages: the centers (last seen, client version, batches waiting, entries returned), enrollment
codes in bulk (shown once, with a CSV to download), the active keys (one revoked after a
confirmation) and the daily figures. Chinese by default, ``?lang=en`` for English. Every read and
every action goes through a method of the service that checks the acting account's role itself;
a refusal or bad input is said on the page, naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from learncenter.domain.messages import DomainError, Problem
from learncenter.registry import console_pages as pages
from learncenter.registry.console_figures import CHINA, ConsoleFigures, day_range
from learncenter.registry.console_accounts import parse_centers
from learncenter.registry.console_store import OPERATOR, Staff
from learncenter.registry.console_words import Words
from learncenter.registry.web_session import SignedSession, read_form

COOKIE = "lc_console"
CODES_FORM_LIMIT = 64 << 10  # 500 lines of id and name
_NOT_ALLOWED = ("console.not_allowed_codes", "console.not_allowed_revoke")


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def add_routes(app: FastAPI, registry: ConsoleFigures) -> None:
    session = SignedSession(registry.keys.data, COOKIE, "console-session", path="/console")

    def words(request: Request) -> Words:
        return Words(request.query_params.get("lang", "zh"))

    def signed_in(request: Request) -> Staff | None:
        """The account of the session, when it is still active."""
        name = session.who(request)
        return registry.staff(name) if name else None

    def page(request: Request, who: Staff, title: str, content: Callable[[], str | tuple[str, str]], *,
             status: int = 200, fallback: Callable[[], str] | None = None) -> Response:
        """The page of ``content`` (its body, or its body and what was done); when the service
        refuses, the same frame saying why, above ``fallback`` (the form again)."""
        w = words(request)
        try:
            made = content()
            (body, done), message = (made if isinstance(made, tuple) else (made, "")), ""
        except DomainError as error:
            body, done, message = fallback() if fallback else "", "", error.text(w.lang)
            status = 403 if error.problems[0].code in _NOT_ALLOWED else 400
        return _no_store(HTMLResponse(pages.frame(w, request.url.path, who.name, who.role, title, body,
                                                  message=message, done=done), status_code=status))

    def to_sign_in(request: Request, message_key: str = "") -> Response:
        w = words(request)
        return _no_store(HTMLResponse(pages.sign_in(w, w(message_key) if message_key else ""),
                                      status_code=401 if message_key else 200))

    @app.get("/console", include_in_schema=False)
    def console(request: Request) -> Response:
        if signed_in(request) is None:
            return to_sign_in(request)
        return RedirectResponse(f"/console/centers?lang={words(request).lang}", status_code=303)

    @app.post("/console/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await read_form(request) or {}
        return await run_in_threadpool(check_password, request, form)  # argon2 takes a while: not on the loop

    def check_password(request: Request, form: dict[str, str]) -> Response:
        name, password = form.get("name", "").strip(), form.get("password", "")
        if not name or registry.console_sign_in(name, password) is None:
            return to_sign_in(request, "wrong")
        response = RedirectResponse(f"/console/centers?lang={words(request).lang}", status_code=303)
        session.sign_in(response, name)
        return response

    @app.get("/console/logout", include_in_schema=False)
    def logout(request: Request) -> Response:
        response = RedirectResponse(f"/console?lang={words(request).lang}", status_code=303)
        session.sign_out(response)
        return response

    @app.get("/console/centers", include_in_schema=False)
    def centers(request: Request, q: str = "") -> Response:
        who = signed_in(request)
        if who is None:
            return to_sign_in(request)
        w, query = words(request), q.strip()[:40]

        def content() -> str:
            rows = registry.center_rows(who)
            if query:
                rows = [row for row in rows if query.lower() in row.center_id.lower() or query in row.name]
            return pages.centers(w, rows, query)
        return page(request, who, w("nav_centers"), content)

    @app.get("/console/codes", include_in_schema=False)
    def codes(request: Request) -> Response:
        who = signed_in(request)
        if who is None:
            return to_sign_in(request)
        w = words(request)
        return page(request, who, w("nav_codes"),
                    lambda: pages.codes_form(w, session.token(request), who.role == OPERATOR))

    @app.post("/console/codes", include_in_schema=False)
    async def issue(request: Request) -> Response:
        form = await read_form(request, CODES_FORM_LIMIT)
        return await run_in_threadpool(issue_codes, request, form)

    def issue_codes(request: Request, form: dict[str, str] | None) -> Response:
        who = signed_in(request)
        if who is None:
            return to_sign_in(request, "form_expired")
        w = words(request)
        if form is None:
            return page(request, who, w("nav_codes"),
                        lambda: f'<p class="message" id="message">{pages.e(w("too_long"))}</p>', status=413)
        if not session.token_ok(request, form):
            return to_sign_in(request, "form_expired")
        text = form.get("centers", "")
        operator = who.role == OPERATOR

        def issued() -> tuple[str, str]:
            made = registry.issue_codes(who, parse_centers(text))
            return pages.codes_issued(w, made, datetime.now(UTC)), w("issued", count=len(made))
        return page(request, who, w("nav_codes"), issued,
                    fallback=lambda: pages.codes_form(w, session.token(request), operator, text))

    @app.get("/console/keys", include_in_schema=False)
    def keys(request: Request) -> Response:
        who = signed_in(request)
        if who is None:
            return to_sign_in(request)
        w = words(request)
        return page(request, who, w("nav_keys"), lambda: pages.keys(w, registry.active_keys(who), who.role == OPERATOR))

    @app.get("/console/keys/{key_id}/revoke", include_in_schema=False)
    def confirm(request: Request, key_id: str) -> Response:
        who = signed_in(request)
        if who is None:
            return to_sign_in(request)
        w, operator = words(request), who.role == OPERATOR

        def content() -> str:
            found = [key for key in registry.active_keys(who) if key.key_id == key_id]
            if not found:
                raise DomainError(Problem("console.key_not_active", "key", {"key_id": key_id[:16]}))
            return pages.confirm_revoke(w, session.token(request), found[0], operator)
        return page(request, who, w("confirm_title", key_id=key_id[:16]), content,
                    fallback=lambda: pages.keys(w, registry.active_keys(who), operator))

    @app.post("/console/keys/{key_id}/revoke", include_in_schema=False)
    async def revoke(request: Request, key_id: str) -> Response:
        form = await read_form(request) or {}
        return await run_in_threadpool(revoke_key, request, key_id, form)

    def revoke_key(request: Request, key_id: str, form: dict[str, str]) -> Response:
        who = signed_in(request)
        if who is None or not session.token_ok(request, form):
            return to_sign_in(request, "form_expired")
        w = words(request)
        operator = who.role == OPERATOR

        def revoked() -> tuple[str, str]:
            center = registry.revoke_key(who, key_id)
            return pages.keys(w, registry.active_keys(who), operator), w("revoked", center=center, key_id=key_id)
        return page(request, who, w("nav_keys"), revoked,
                    fallback=lambda: pages.keys(w, registry.active_keys(who), operator))

    @app.get("/console/days", include_in_schema=False)
    def days(request: Request) -> Response:
        who = signed_in(request)
        if who is None:
            return to_sign_in(request)
        w = words(request)
        first, last = request.query_params.get("from", ""), request.query_params.get("to", "")

        def content() -> str:
            start, end = day_range(first, last, datetime.now(CHINA).date())
            return pages.days(w, registry.daily_figures(who, start, end), start, end)
        return page(request, who, w("nav_days"), content, fallback=lambda: pages.days(w, [], first[:20], last[:20]))
