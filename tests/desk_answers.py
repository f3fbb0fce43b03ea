"""What the hardware at the desk gives the confirmation page in tests: camera frames and a printer.

Everything a person answers goes through the real dialogs; only the camera and the printer are
stood in for here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from learncenter.ui.confirmation_page import Prompts


@dataclass
class Answers:
    """The frames the camera will give, the receipts the printer got, and the titles asked."""

    images: list[bytes] = field(default_factory=list)
    receipts: list[bytes] = field(default_factory=list)  # the PDFs, as made in memory
    asked: list[str] = field(default_factory=list)

    def prompts(self) -> Prompts:
        def image(_parent: object, title: str, got: Callable[[bytes], None]) -> None:
            self.asked.append(title)
            if self.images:  # the camera gives the next frame at once
                got(self.images.pop(0))

        return Prompts(image=image, receipt=self.receipts.append)
