"""Answers a person would give to the confirmation page's dialogs, for tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from learncenter.ui.confirmation_page import Prompts


@dataclass
class Answers:
    """What the person at the desk would answer in each dialog, and what the page asked."""

    images: list[bytes] = field(default_factory=list)
    supervisor: tuple[str, str] | None = None
    refusal: str | None = None
    receipts: list[Path] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def prompts(self) -> Prompts:
        def image(_parent: object, title: str) -> bytes | None:
            self.asked.append(title)
            return self.images.pop(0) if self.images else None

        return Prompts(image=image, supervisor=lambda _p: self.supervisor,
                       refusal=lambda _p: self.refusal, receipt=self.receipts.append)
