"""How long sealed records may wait for the registry before the center is warned, then stopped.

A center that never syncs is a center whose confirmations the registry never sees; the
guardrail first warns, then refuses new confirmations until the waiting records are sent or
exported. Both limits are in the sync profile so a registry can tune them per term.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from learncenter.domain.codes import Label
from learncenter.domain.profile_reading import POSITIVE, ProfileReader

WARN_KEY = "sync_warn_days"
BLOCK_KEY = "sync_block_days"

POSITIVE_NOT_BELOW_WARN = Label(f"大于0且不小于 {WARN_KEY} 的整数",
                                f"an integer greater than 0 and not below {WARN_KEY}")


class GuardLevel(enum.StrEnum):
    OK = "ok"
    WARN = "warn"
    BLOCK = "block"


@dataclass(frozen=True)
class SyncLimits:
    warn_days: int = 3
    block_days: int = 7

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SyncLimits:
        root = ProfileReader(data)
        root.check_keys((), (WARN_KEY, BLOCK_KEY, "description"))
        warn = root.integer(WARN_KEY, minimum=1, expected=POSITIVE, default=cls.warn_days)
        block = root.integer(BLOCK_KEY, minimum=1, expected=POSITIVE, default=cls.block_days)
        if block < warn:
            raise root.bad(BLOCK_KEY, POSITIVE_NOT_BELOW_WARN)
        return cls(warn, block)

    def level(self, waited_days: float | None) -> GuardLevel:
        """The guard for the oldest unanswered sealed record, waiting ``waited_days`` (None: none)."""
        if waited_days is None or waited_days < self.warn_days:
            return GuardLevel.OK
        return GuardLevel.BLOCK if waited_days >= self.block_days else GuardLevel.WARN

