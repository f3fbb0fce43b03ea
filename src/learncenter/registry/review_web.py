"""The reviewers' web page: the queue of requests, each approved or rejected by a signed-in reviewer.

Reviewers are accounts of the registry (``learncenter-registry reviewer add NAME``, argon2
password hashes), signed in with the session of :mod:`learncenter.registry.web_session`: an
HttpOnly, SameSite=Strict cookie and a token in every form bound to it.
The decisions go through the same ``decide`` as the command line: logged and sent down.
"""

from __future__ import annotations

import html
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from learncenter.domain.messages import DomainError
from learncenter.domain.student_status import event_label
from learncenter.registry.reviewers import ReviewerAccounts
from learncenter.registry.web_session import SignedSession, read_form

COOKIE = "lc_review"
_KINDS = {"change": "学籍异动", "graduation": "毕业（学历注册）", "lost": "证书遗失", "correction": "证书更正"}
_DETAILS = {"major_code": "新专业代码", "major_name": "新专业名称", "level": "新层次", "programme_length": "新学制（年）",
            "certificate_type": "证书类别", "minor": "辅修", "changes": "更正为"}


def _page(title: str, body: str) -> str:
    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width"><title>{title}</title>'
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #999;padding:.3em .6em;text-align:left;vertical-align:top;white-space:nowrap}"
            "td.text{white-space:normal;min-width:16em}"
            ".message{color:#a00}</style></head><body>" + body + "</body></html>")


def _login(message: str = "") -> str:
    return _page("审核登录 Reviewer sign-in", (
        "<h1>学籍审核 · Reviewer sign-in</h1>"
        + (f'<p class="message" id="message">{html.escape(message)}</p>' if message else "")
        + '<form method="post" action="/review/login"><p><label for="name">审核人 Name</label> '
          '<input id="name" name="name" autocomplete="username"></p><p><label for="password">密码 Password</label> '
          '<input id="password" name="password" type="password" autocomplete="current-password"></p>'
          '<p><button id="sign-in" type="submit">登录 Sign in</button></p></form>'))


def _queue(registry: ReviewerAccounts, reviewer: str, token: str, message: str) -> str:
    rows = []
    for item in registry.waiting():
        what = event_label(item.code).zh if item.kind == "change" and item.code else _KINDS.get(item.kind, item.kind)
        details = "；".join(f"{html.escape(_DETAILS.get(str(k), str(k)))}：{html.escape(str(v))}"
                           for k, v in item.details.items() if v not in ("", None, {}))
        event = html.escape(item.event_uid)
        rows.append(
            f'<tr id="request-{event}"><td>{html.escape(item.center_id)}</td><td>{html.escape(item.student_no or "—")}'
            f"</td><td>{html.escape(item.name)}</td><td>{html.escape(what)}</td><td>{html.escape(item.effective_date)}"
            f'</td><td class="text">{html.escape(item.reason)}<br>{details}</td><td>'
            f'<form method="post" action="/review/{event}/decide"><input type="hidden" name="token" value="{token}">'
            f'<input name="reason" placeholder="原因 reason" size="12"> '
            f'<button name="decision" value="approve" type="submit">批准 Approve</button> '
            f'<button name="decision" value="reject" type="submit">不批准 Reject</button></form></td></tr>')
    table = ("<table id=\"queue\"><tr><th>学习中心</th><th>学号</th><th>姓名</th><th>申请事项</th><th>日期</th>"
             "<th>原因及内容</th><th>审核</th></tr>" + "".join(rows) + "</table>") if rows else \
        '<p id="empty">没有待审核的申请。No request is waiting for review.</p>'
    return _page("学籍审核 Review", (
        f"<h1>学籍审核 · Review queue</h1><p>审核人 Reviewer: <b id=\"reviewer\">{html.escape(reviewer)}</b> · "
        f'<a href="/review/logout">退出 Sign out</a></p>'
        + (f'<p class="message" id="message">{html.escape(message)}</p>' if message else "") + table))


def add_routes(app: FastAPI, registry: ReviewerAccounts) -> None:
    session = SignedSession(registry.keys.data, COOKIE, "review-session")
    html_only: dict[int | str, dict[str, Any]] = {303: {"description": "to the queue or the sign-in page"}}

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def queue(request: Request, message: str = "") -> Response:
        reviewer = session.who(request)
        if reviewer is None:
            return HTMLResponse(_login())
        return HTMLResponse(_queue(registry, reviewer, session.token(request), message))

    @app.post("/review/login", response_class=HTMLResponse, responses=html_only, include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await read_form(request) or {}
        return await run_in_threadpool(check_password, form)  # argon2 takes a while: not on the loop

    def check_password(form: dict[str, str]) -> Response:
        name, password = form.get("name", "").strip(), form.get("password", "")
        if not name or not registry.check_reviewer(name, password):
            return HTMLResponse(_login("审核人或密码不对。The name or password is wrong."), status_code=401)
        response = RedirectResponse("/review", status_code=303)
        session.sign_in(response, name)
        return response

    @app.get("/review/logout", include_in_schema=False)
    def logout() -> Response:
        response = RedirectResponse("/review", status_code=303)
        session.sign_out(response)
        return response

    @app.post("/review/{event_uid}/decide", response_class=HTMLResponse, include_in_schema=False)
    async def decide(request: Request, event_uid: str) -> Response:
        form = await read_form(request) or {}
        return await run_in_threadpool(decide_now, request, event_uid, form)  # the database: not on the loop

    def decide_now(request: Request, event_uid: str, form: dict[str, str]) -> Response:
        reviewer = session.who(request)
        if reviewer is None or not session.token_ok(request, form):
            return HTMLResponse(_login("请先登录。Sign in first."), status_code=401)
        approve = form.get("decision") == "approve"
        try:
            registry.decide(event_uid, approve=approve, reviewer=reviewer, reason=form.get("reason", ""))
        except DomainError as error:
            return HTMLResponse(_queue(registry, reviewer, session.token(request), error.text("zh")), status_code=400)
        done = "已批准。Approved." if approve else "未批准，原因已记录。Rejected, with the reason."
        return HTMLResponse(_queue(registry, reviewer, session.token(request), done))
