"""The standard photo (DOMAIN §3): decoding, face finding, framing, checks and JPEG encoding.

Pure image work on bytes in, bytes and measurements out: no Qt, no database, so the
confirmation page, the importer and the command line share it, and tests run it on real
images. Only :mod:`learncenter.domain` is imported from the application.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from learncenter.media.photo_problems import PhotoError  # light, and registers the photo.* messages

if TYPE_CHECKING:
    from learncenter.media.jpeg_encoding import encode_jpeg, size_bounds
    from learncenter.media.photo_pipeline import process_photo
    from learncenter.media.photo_result import FaceBox, PhotoCheck, PhotoResult

# OpenCV and numpy load with the first photo, not with the package (PEP 562).
_LAZY = {"FaceBox": "photo_result", "encode_jpeg": "jpeg_encoding", "size_bounds": "jpeg_encoding",
         "PhotoCheck": "photo_result", "PhotoResult": "photo_result", "process_photo": "photo_pipeline"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"learncenter.media.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'learncenter.media' has no attribute {name!r}")


__all__ = ["FaceBox", "PhotoCheck", "PhotoError", "PhotoResult", "encode_jpeg", "process_photo", "size_bounds"]
