"""Notice numbers: given from a block of numbers reserved for this center, never twice.

An enrolled center receives its block from the registry, which hands out disjoint blocks, so two
centers never print the same number. A center without a registry uses a local block whose prefix
is derived from its database ID: distinct in practice, and visibly not a registry number. Where
the registry's block is kept is the sync client's business; :data:`RegistryBlockSource` is the
one seam it plugs into (``ExamService(..., registry_block=...)``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.store import reference_data
from learncenter.store.exam_models import NoticeNumberBlock

LOCAL_FIRST = 900000001
LOCAL_LAST = 900099999

EXHAUSTED = define(
    "exams.numbers_exhausted",
    zh="准考证号已用完（还需要 {needed} 个）：请同步以获取新的号段，或联系省级管理员",
    en="No notice numbers are left ({needed} more needed): synchronise to receive a new block, "
    "or contact the provincial administrator",
)


@dataclass(frozen=True)
class NumberBlock:
    source: str  # "registry" | "local"
    prefix: str
    first: int
    last: int


RegistryBlockSource = Callable[[Session], NumberBlock | None]


def no_registry_block(session: Session) -> NumberBlock | None:
    """The source until the sync client stores the registry's block: there is none."""
    return None


def enrolled_block(session: Session) -> NumberBlock | None:
    """The block the registry gave this center (at enrollment or in a down-sync page), if any;
    registry blocks never overlap between centers, so their numbers need no prefix."""
    block = reference_data.number_block(session)
    return NumberBlock("registry", "", block[0], block[1]) if block is not None else None


def local_block(database_id: str) -> NumberBlock:
    """A block of 99,999 numbers with a four-digit prefix that differs between databases."""
    prefix = f"{int(hashlib.sha256(database_id.encode('utf-8')).hexdigest(), 16) % 10000:04d}"
    return NumberBlock("local", prefix, LOCAL_FIRST, LOCAL_LAST)


def format_number(prefix: str, value: int) -> str:
    return f"{prefix}{value}"


def take_numbers(session: Session, count: int, *, database_id: str, registry_block: RegistryBlockSource,
                 now: datetime) -> list[str]:
    """``count`` fresh numbers, inside the caller's transaction: a rollback gives them back.

    Registry blocks are used before the local one; within a block numbers rise by one.
    """
    if count <= 0:
        return []
    offered = registry_block(session)
    if offered is not None:
        _ensure(session, offered, now)
    numbers: list[str] = []
    for source in ("registry", "local"):
        blocks = session.scalars(select(NoticeNumberBlock).where(NoticeNumberBlock.source == source)
                                 .order_by(NoticeNumberBlock.id)).all()
        if source == "local" and not blocks:
            blocks = [_ensure(session, local_block(database_id), now)]
        for block in blocks:
            while block.next_value <= block.last and len(numbers) < count:
                numbers.append(format_number(block.prefix, block.next_value))
                block.next_value += 1
            if len(numbers) == count:
                return numbers
    raise DomainError(Problem(EXHAUSTED, "notice_number", {"needed": count - len(numbers)}))


def _ensure(session: Session, block: NumberBlock, now: datetime) -> NoticeNumberBlock:
    row = session.scalars(select(NoticeNumberBlock).where(
        NoticeNumberBlock.source == block.source, NoticeNumberBlock.prefix == block.prefix,
        NoticeNumberBlock.first == block.first, NoticeNumberBlock.last == block.last)).first()
    if row is None:
        row = NoticeNumberBlock(source=block.source, prefix=block.prefix, first=block.first, last=block.last,
                                next_value=block.first, created_at=now)
        session.add(row)
        session.flush()
    return row
