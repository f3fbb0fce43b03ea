"""The card and photo work the workstation's helper process runs
(:mod:`learncenter.services.helper_process`).

Each function imports its heavy module (OpenCV, numpy, RapidOCR) when it is called, which is in
the helper's process: this module is light, so the workstation that names these functions to the
helper loads none of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from learncenter.domain.photo_profile import PhotoProfile
    from learncenter.media.photo_result import PhotoResult


def read_card(data: bytes, fields_read: Callable[[list[str]], int], wanted: int) -> list[str]:
    """:func:`learncenter.media.card_ocr.read_card`."""
    from learncenter.media.card_ocr import read_card as read

    return read(data, fields_read, wanted)


def process_photo(data: bytes, profile: PhotoProfile) -> PhotoResult:
    """:func:`learncenter.media.photo_pipeline.process_photo`."""
    from learncenter.media.photo_pipeline import process_photo as process

    return process(data, profile)
