"""What the registry's signed-in web pages share (the reviewers' ``/review``, the staff's
``/console``): a session cookie, a form token bound to it, and a small form reader.

Signing in sets an HttpOnly, SameSite=Strict cookie holding the name, an expiry and a keyed hash
of both (the data key's lookup key, under a purpose of its own for each page), so nothing is kept
server-side; every form carries a token bound to that cookie, so another site cannot post for the
person signed in.
"""

from __future__ import annotations

import hmac
import time
from urllib.parse import parse_qs

from fastapi import Request, Response

from learncenter.registry.vault import DataKey

SESSION_SECONDS = 8 * 3600
FORM_LIMIT = 4096


class SignedSession:
    """The session cookie ``cookie`` of one page, its keyed hashes made under ``purpose``."""

    def __init__(self, vault: DataKey, cookie: str, purpose: str, *, path: str = "/",
                 seconds: int = SESSION_SECONDS) -> None:
        self.vault, self.cookie, self.purpose, self.path, self.seconds = vault, cookie, purpose, path, seconds

    def _mac(self, text: str) -> str:
        return self.vault.lookup(f"{self.purpose}\n{text}")

    def value(self, name: str) -> str:
        expiry = str(int(time.time()) + self.seconds)
        return f"{name}|{expiry}|{self._mac(name + '|' + expiry)}"

    def who(self, request: Request) -> str | None:
        """The name signed in, or None (no cookie, expired, or not made by this registry)."""
        parts = request.cookies.get(self.cookie, "").split("|")
        if len(parts) != 3 or not parts[1].isdigit() or int(parts[1]) < time.time():
            return None
        if not hmac.compare_digest(parts[2], self._mac(parts[0] + "|" + parts[1])):
            return None
        return parts[0]

    def token(self, request: Request) -> str:
        """The token every form of this session carries."""
        return self._mac("form\n" + request.cookies.get(self.cookie, ""))

    def token_ok(self, request: Request, form: dict[str, str]) -> bool:
        return hmac.compare_digest(form.get("token", ""), self.token(request))

    def sign_in(self, response: Response, name: str) -> None:
        response.set_cookie(self.cookie, self.value(name), max_age=self.seconds, path=self.path,
                            httponly=True, samesite="strict")

    def sign_out(self, response: Response) -> None:
        response.delete_cookie(self.cookie, path=self.path)


async def read_form(request: Request, limit: int = FORM_LIMIT) -> dict[str, str] | None:
    """A posted form's fields (the first value of each); None when the body is over ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = await request.body()
    if len(body) > limit:
        return None
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
