"""The staff console's accounts and what an operator may do (issue 15), below the web layer:
every method that changes or reveals something takes the acting account and checks its role
against the database, so a page, a script or a future API cannot skip the check.

``viewer`` sees the centers, the keys and the figures; ``operator`` also issues enrollment codes
and revokes keys. What an operator did is logged (logger ``learncenter.registry.console``, one
JSON object a line: who, what, which centers or key; never a person's data or a code).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.registry.centers import CODE_LIFETIME, CenterAdmin, valid_center_id
from learncenter.registry.filing import aware
from learncenter.registry.console_store import ALLOWED, ROLES, ConsoleUser, Staff
from learncenter.registry.store import Center, CenterKey

AUDIT = logging.getLogger("learncenter.registry.console")
MAX_CODES = 500  # codes issued by one request
LOCK_AFTER = 5  # wrong passwords in a row
LOCK_FOR = timedelta(minutes=15)

define("console.not_signed_in", zh="请先登录。", en="Sign in first.")
define("console.not_allowed_codes", zh="账号 {actor} 的角色是“{role}”，不能生成登记码：需要 operator 角色。",
       en="Account {actor} has the role \"{role}\" and cannot issue enrollment codes: that needs the role operator.")
define("console.not_allowed_revoke", zh="账号 {actor} 的角色是“{role}”，不能吊销密钥：需要 operator 角色。",
       en="Account {actor} has the role \"{role}\" and cannot revoke keys: that needs the role operator.")
define("console.role_bad", zh="角色“{role}”不存在：请用 viewer（只看）或 operator（可生成登记码、吊销密钥）。",
       en="There is no role \"{role}\": use viewer (sees) or operator (also issues codes and revokes keys).")
define("console.name_bad", zh="账号名须为1至64个字符，不能含“|”或空白。",
       en="An account name has 1 to 64 characters, without \"|\" or spaces.")
define("console.centers_empty", zh="学习中心一栏是空的：每行写一个学习中心代码，可加逗号和名称。",
       en="The centers field is empty: one center id a line, optionally a comma and its name.")
define("console.centers_too_many", zh="一次最多生成 {limit} 个登记码，这里有 {count} 行。",
       en="At most {limit} codes at once; there are {count} lines.")
define("console.center_id_bad", zh="学习中心一栏第 {line} 行：“{value}”不是学习中心代码（1至20位字母或数字）。",
       en="Centers, line {line}: \"{value}\" is not a center id (1 to 20 letters or digits).")
define("console.center_twice", zh="学习中心一栏第 {line} 行：学习中心 {value} 已在前面列出。",
       en="Centers, line {line}: center {value} is listed above already.")
define("console.key_not_active", zh="密钥 {key_id} 不是有效的密钥（已吊销或不存在）：请刷新列表。",
       en="Key {key_id} is not an active key (revoked or unknown): reload the list.")


@dataclass(frozen=True)
class IssuedCode:
    center_id: str
    name: str
    code: str
    expires_at: datetime


def parse_centers(text: str) -> list[tuple[str, str]]:
    """(center id, name) of each non-empty line ``ID`` or ``ID,name`` (a full-width comma or a tab too)."""
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        raise DomainError(Problem("console.centers_empty", "centers"))
    if len(lines) > MAX_CODES:
        raise DomainError(Problem("console.centers_too_many", "centers", {"limit": MAX_CODES, "count": len(lines)}))
    centers: list[tuple[str, str]] = []
    problems = []
    for number, line in lines:
        center_id, _sep, name = line.replace("，", ",").replace("\t", ",").partition(",")
        center_id, name = center_id.strip(), " ".join(name.split())[:200]
        if not valid_center_id(center_id):
            problems.append(Problem("console.center_id_bad", "centers", {"line": number, "value": center_id[:40]}))
        elif any(center_id == seen for seen, _name in centers):
            problems.append(Problem("console.center_twice", "centers", {"line": number, "value": center_id}))
        centers.append((center_id, name))
    if problems:
        raise DomainError(*problems[:10])
    return centers


def audit(actor: str, action: str, **details: object) -> None:
    AUDIT.info(json.dumps({"at": datetime.now(UTC).isoformat(timespec="seconds"), "actor": actor,
                           "action": action, **details}, ensure_ascii=False))


class ConsoleAccounts(CenterAdmin):
    """Console accounts, the role check, and the operator's actions."""

    def add_console_user(self, name: str, password: str, role: str) -> None:
        """Add an account, or reset its password and role (and unlock it)."""
        if role not in ROLES:
            raise DomainError(Problem("console.role_bad", "role", {"role": role[:20]}))
        if not (0 < len(name) <= 64 and name.isprintable() and "|" not in name and not any(c.isspace() for c in name)):
            raise DomainError(Problem("console.name_bad", "name"))
        hashed = PasswordHasher().hash(password)
        with self._session() as session, session.begin():
            row = session.get(ConsoleUser, name)
            if row is None:
                session.add(ConsoleUser(name=name, password_hash=hashed, role=role, active=True,
                                        created_at=self._now()))
            else:
                row.password_hash, row.role, row.active = hashed, role, True
                row.failures, row.locked_until = 0, None  # the administrator's word unlocks it

    def console_users(self) -> list[tuple[str, str]]:
        with self._session() as session:
            return [(row.name, row.role) for row in session.scalars(
                select(ConsoleUser).where(ConsoleUser.active.is_(True)).order_by(ConsoleUser.name))]

    def console_sign_in(self, name: str, password: str) -> Staff | None:
        """The account, when the password is its own and it is not locked. The same answer and
        time whether the name is unknown, the password wrong or the account locked; the fifth
        wrong password in a row locks the account for 15 minutes."""
        now = self._now()
        with self._session() as session:
            row = session.get(ConsoleUser, name)
            hashed, role = (row.password_hash, row.role) if row is not None and row.active else (None, "")
            locked = row is not None and row.locked_until is not None and aware(row.locked_until) > now
        try:  # outside any transaction: SQLite's one write lock is not held while argon2 works
            good = hashed is not None and PasswordHasher().verify(hashed, password)
        except (VerificationError, InvalidHashError):
            good = False
        if hashed is None:
            PasswordHasher().hash(password)  # the time a known name takes
        elif not locked:
            with self._session() as session, session.begin():
                row = session.get(ConsoleUser, name, with_for_update=True)
                if row is not None and good:
                    row.failures, row.locked_until = 0, None
                elif row is not None:
                    row.failures += 1
                    if row.failures >= LOCK_AFTER:
                        row.failures, row.locked_until = 0, now + LOCK_FOR
                        audit(name, "locked")
        good = good and not locked
        audit(name if good else "", "signed_in" if good else "sign_in_refused")
        return Staff(name, role) if good else None

    def staff(self, name: str) -> Staff | None:
        """The active account ``name`` (a session's, once its cookie verified), None when there is none."""
        with self._session() as session:
            role = _role(session, name)
        return Staff(name, role) if role is not None else None

    def _require(self, session: Session, staff: Staff, action: str = "read") -> str:
        """The account's role as the database holds it now; refused when the account is gone, or
        its role may not do ``action`` (``ALLOWED``)."""
        role = _role(session, staff.name)
        if role is None:
            raise DomainError(Problem("console.not_signed_in", "account"))
        if role not in ALLOWED[action]:
            raise DomainError(Problem(f"console.not_allowed_{action}", "role", {"actor": staff.name, "role": role}))
        return role

    def issue_codes(self, staff: Staff, centers: Sequence[tuple[str, str]]) -> list[IssuedCode]:
        """One new enrollment code for each (center id, name), in one transaction; new centers are made."""
        now = self._now()
        with self._session() as session, session.begin():
            self._require(session, staff, "codes")
            issued = [IssuedCode(center_id, name, self._add_code(session, center_id, name or None, now),
                                 now + CODE_LIFETIME) for center_id, name in centers]
            names = {center_id: name for center_id, name in session.execute(select(Center.center_id, Center.name)
                     .where(Center.center_id.in_([item.center_id for item in issued])))}
        audit(staff.name, "codes_issued", count=len(issued), centers=[item.center_id for item in issued])
        return [IssuedCode(item.center_id, names.get(item.center_id, item.name), item.code, item.expires_at)
                for item in issued]

    def revoke_key(self, staff: Staff, key_id: str) -> str:
        """Revoke one active key; the center it belonged to. The next request signed with it is refused."""
        with self._session() as session, session.begin():
            self._require(session, staff, "revoke")
            key = session.get(CenterKey, key_id[:16], with_for_update=True)
            if key is None or key.status != "active":
                raise DomainError(Problem("console.key_not_active", "key", {"key_id": key_id[:16]}))
            key.status, key.revoked_at = "revoked", self._now()
            center_id = key.center_id
        audit(staff.name, "key_revoked", center=center_id, key_id=key_id)
        return center_id


def _role(session: Session, name: str) -> str | None:
    row = session.get(ConsoleUser, name) if name else None
    return row.role if row is not None and row.active else None
