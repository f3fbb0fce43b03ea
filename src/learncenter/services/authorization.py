"""Who is acting: the signed-in user every service call that changes or reveals records names.

A :class:`SignedIn` is only ever made here, by :func:`issue`, which the user service calls once a
password was checked. The services accept no user name as a string: they take the object and
:func:`require` it in the transaction of the change, which refuses

- anything that is not a SignedIn this process issued (a name, or one built by hand),
- a user who no longer exists or whom an administrator locked meanwhile,
- a user who still has to choose a new password,
- a role (read again from the database, not from the object) without the permission.

The object itself carries no secret: this guards against the careless caller and the script
that passes a name, not against code that runs inside the process (which could read the key
anyway). Across processes the command line signs in the same way.
"""

from __future__ import annotations

import weakref

from sqlalchemy import select
from sqlalchemy.orm import Session

from learncenter.domain.codes import label_params
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.permissions import ACTIONS, Permission, allows
from learncenter.domain.roles import Role, SignedIn
from learncenter.store.database import Database
from learncenter.store.models import User

NOT_SIGNED_IN = define(
    "auth.not_signed_in",
    zh="没有登录的用户，不能{action_zh}。请先登录。",
    en="Nobody is signed in, so this cannot {action_en}. Sign in first.",
)
NOT_PERMITTED = define(
    "auth.not_permitted",
    zh="{name} 的角色无权{action_zh}。请让有权限的用户登录后操作。",
    en="The role of {name} may not {action_en}. Ask a user who may to sign in.",
)
ACCOUNT_INACTIVE = define(
    "auth.account_inactive",
    zh="{name} 的账号已被锁定或已不存在，不能{action_zh}。请重新登录或请管理员协助。",
    en="The account of {name} is locked or no longer exists, so it cannot {action_en}. Sign in again or ask an "
    "administrator.",
)
MUST_CHANGE_PASSWORD = define(
    "auth.must_change_password",
    zh="{name} 须先更改密码才能操作。",
    en="{name} must change their password before doing anything else.",
)

_issued: weakref.WeakValueDictionary[int, SignedIn] = weakref.WeakValueDictionary()


def issue(name: str, role: Role, *, must_change_password: bool) -> SignedIn:
    """A signed-in user; only the user service calls this, after checking the password."""
    user = SignedIn(name, role, must_change_password)
    _issued[id(user)] = user
    return user


def is_issued(actor: object) -> bool:
    return isinstance(actor, SignedIn) and _issued.get(id(actor)) is actor


def require(session: Session, actor: object, permission: Permission) -> str:
    """The actor's name, once the actor may do this now; otherwise a DomainError that says why."""
    action = label_params("action", ACTIONS[permission])
    if not is_issued(actor):
        raise DomainError(Problem(NOT_SIGNED_IN, "actor", action))
    assert isinstance(actor, SignedIn)
    row = session.execute(select(User.role, User.active, User.must_change_password)
                          .where(User.name == actor.name)).first()
    if row is None or not row.active:
        raise DomainError(Problem(ACCOUNT_INACTIVE, "actor", {"name": actor.name, **action}))
    if row.must_change_password:
        raise DomainError(Problem(MUST_CHANGE_PASSWORD, "actor", {"name": actor.name}))
    if not allows(Role(row.role), permission):
        raise DomainError(Problem(NOT_PERMITTED, "actor", {"name": actor.name, **action}))
    return actor.name


def authorize(db: Database, actor: object, permission: Permission) -> str:
    """:func:`require` in a session of its own, for work that is not one transaction (a sync run,
    an import that commits chunk by chunk); each of their writes names the returned name."""
    with db.session() as session:
        return require(session, actor, permission)
