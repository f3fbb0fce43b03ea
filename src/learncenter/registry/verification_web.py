"""The public side of certificate verification: ``GET /v1/certificates/verify?q=`` (JSON) and
``GET /verify`` (a plain page for a person with a browser), both limited per client.

Nothing here needs a center's signature: anyone holding a certificate may check it. The answer
is what the registry registered, never the holder's ID number; an unknown or revoked
certificate is said plainly.
"""

from __future__ import annotations

import html
import threading
import time
from collections import deque
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict

from learncenter.domain.certificate_registration import CERTIFICATE_TYPE_LABELS, CertificateType, certificate_level
from learncenter.domain.codes import gender_label
from learncenter.registry.verification import CertificateVerification

REQUESTS_PER_MINUTE = 30


class VerificationAnswer(BaseModel):
    """``result``: registered, revoked, unknown, malformed or too_many; with a registered certificate,
    its registered fields (name, gender, dates, school, major, level, type, number, lost)."""

    model_config = ConfigDict(extra="allow")
    result: str


class ClientLimiter:
    """At most ``limit`` requests per client in any ``window`` seconds."""

    def __init__(self, limit: int = REQUESTS_PER_MINUTE, window: float = 60.0) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10_000:  # forget idle clients rather than grow without end
                self._seen = {k: v for k, v in self._seen.items() if v and now - v[-1] < self.window}
            seen = self._seen.setdefault(client, deque())
            while seen and now - seen[0] >= self.window:
                seen.popleft()
            if len(seen) >= self.limit:
                return False
            seen.append(now)
            return True


_WORDS = {
    "zh": {"title": "学历证书查询", "intro": "输入学历证书编号或16位在线验证码，查询登记机构注册的学历信息。",
           "query": "证书编号或验证码", "submit": "查询", "registered": "该学历证书已注册。",
           "unknown": "没有找到该学历证书：请核对证书编号或验证码。", "revoked": "该学历证书的注册已被撤销。",
           "malformed": "输入的内容既不是证书编号（17或18位数字），也不是16位验证码。",
           "too_many": "查询过于频繁，请一分钟后再试。", "lost": "该证书已登记遗失，持有人可出具学历证明书。",
           "other": "English"},
    "en": {"title": "Certificate verification", "intro": "Enter a certificate number or its 16-character "
           "verification code to see what the registry registered.", "query": "Certificate number or code",
           "submit": "Verify", "registered": "This certificate is registered.",
           "unknown": "No such certificate: check the number or the code.",
           "revoked": "The registration of this certificate has been revoked.",
           "malformed": "That is neither a certificate number (17 or 18 digits) nor a 16-character code.",
           "too_many": "Too many requests: try again in a minute.",
           "lost": "This certificate is reported lost; its holder can show the proof of qualification.",
           "other": "中文"},
}
_FIELDS = (("name", "姓名", "Name"), ("gender", "性别", "Gender"), ("birth_date", "出生日期", "Date of birth"),
           ("school", "学校", "School"), ("major_name", "专业", "Major"), ("minor", "辅修", "Minor"),
           ("level", "层次", "Level"), ("certificate_type", "证书类别", "Certificate"),
           ("enrolment_date", "入学日期", "Enrolled"), ("graduation_date", "毕业日期", "Graduated"),
           ("number", "证书编号", "Certificate number"), ("issue_date", "发证日期", "Issued"))


def _cells(answer: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    shown = dict(answer)
    shown["gender"] = gender_label(str(answer.get("gender", "")), lang) or ""
    shown["level"] = certificate_level(answer.get("level", ""), lang)
    shown["school"] = answer.get(f"school_name_{lang}") or answer.get("school_name_zh") or ""
    kind = answer.get("certificate_type")
    shown["certificate_type"] = CERTIFICATE_TYPE_LABELS[CertificateType(kind)].text(lang) if kind else ""
    return [(zh if lang == "zh" else en, str(shown[name])) for name, zh, en in _FIELDS if shown.get(name)]


def page(lang: str, query: str, answer: dict[str, Any] | None) -> str:
    words = _WORDS[lang]
    parts = [f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
             f'<meta name="viewport" content="width=device-width"><title>{words["title"]}</title>',
             "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}"
             "th{text-align:left;padding-right:1em}.result{font-weight:bold;margin-top:1em}</style></head><body>",
             f'<p><a href="/verify?lang={"en" if lang == "zh" else "zh"}">{words["other"]}</a></p>',
             f'<h1>{words["title"]}</h1><p>{words["intro"]}</p>',
             f'<form method="get" action="/verify"><input type="hidden" name="lang" value="{lang}">',
             f'<label for="q">{words["query"]}</label> <input id="q" name="q" value="{html.escape(query)}" '
             f'size="24" autocomplete="off"> <button id="submit" type="submit">{words["submit"]}</button></form>']
    if answer is not None:
        result = str(answer["result"])
        parts.append(f'<p class="result" id="result" data-result="{result}">{words[result]}</p>')
        if result == "registered":
            parts.append('<table id="fields">' + "".join(
                f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in _cells(answer, lang))
                + "</table>")
            if answer.get("lost"):
                parts.append(f'<p id="lost">{words["lost"]}</p>')
    parts.append("</body></html>")
    return "".join(parts)


def add_routes(app: FastAPI, registry: CertificateVerification, *, errors: dict[int | str, dict[str, Any]],
               limiter: ClientLimiter | None = None) -> None:
    """``errors``: how the app documents its own error answers (a malformed query is one)."""
    limits = limiter or ClientLimiter()
    answers: dict[int | str, dict[str, Any]] = {
        404: {"model": VerificationAnswer, "description": "unknown or malformed"},
        429: {"model": VerificationAnswer, "description": "too many requests from this client"}, **errors}
    pages: dict[int | str, dict[str, Any]] = {
        429: {"content": {"text/html": {}}, "description": "too many requests from this client"}, **errors}

    def client(request: Request) -> str:
        return request.client.host if request.client else "?"

    @app.get("/v1/certificates/verify", response_model=VerificationAnswer, responses=answers)
    def verify_json(request: Request, q: str = Query("", max_length=64)) -> JSONResponse:
        if not limits.allow(client(request)):
            return JSONResponse({"result": "too_many"}, status_code=429, headers={"Retry-After": "60"})
        answer = registry.verify_certificate(q)
        return JSONResponse(answer, status_code=200 if answer["result"] in ("registered", "revoked") else 404)

    @app.get("/verify", response_class=HTMLResponse, responses=pages)
    def verify_page(request: Request, q: str = Query("", max_length=64), lang: str = Query("zh")) -> HTMLResponse:
        lang = lang if lang in _WORDS else "zh"
        if not q.strip():
            return HTMLResponse(page(lang, "", None))
        if not limits.allow(client(request)):
            return HTMLResponse(page(lang, q, {"result": "too_many"}), status_code=429)
        return HTMLResponse(page(lang, q, registry.verify_certificate(q)))
