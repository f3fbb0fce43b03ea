"""The standard photo (DOMAIN §3): decoding, face finding, framing, checks and JPEG encoding.

Pure image work on bytes in, bytes and measurements out: no Qt, no database, so the
confirmation page, the importer and the command line share it, and tests run it on real
images. Only :mod:`learncenter.domain` is imported from the application.
"""

from __future__ import annotations

from learncenter.media.face_detection import FaceBox
from learncenter.media.jpeg_encoding import encode_jpeg, size_bounds
from learncenter.media.photo_checks import PhotoCheck
from learncenter.media.photo_pipeline import PhotoResult, process_photo
from learncenter.media.photo_problems import PhotoError

__all__ = ["FaceBox", "PhotoCheck", "PhotoError", "PhotoResult", "encode_jpeg", "process_photo", "size_bounds"]
