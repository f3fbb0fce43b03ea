"""From the bytes of a camera or file to a framed, checked, encoded standard photo.

The clerk takes a photo, sees at once what is wrong with it and what to do, and either takes
another or has a supervisor accept it. So :func:`process_photo` never stops at the first
failed check: it frames and encodes whatever has a face and returns every measurement, and
only input that is not a photo at all raises :class:`PhotoError`. Counting retries and storing
the result with the record belong to the caller.

Speed comes from decoding once: libjpeg spends most of a decode on the entropy-coded data,
which it must read whatever the scale, so a 12-megapixel JPEG takes about as long at 1/8 as
at 1/2 (29 and 42 ms here, 85 at full size). The photo is therefore decoded once at
:data:`FIRST_DECODE_SCALE`, which covers the crop of any face large enough for the standard
photo but the smallest; the face is found on a shrunk grey copy of that same decode, and
only a face too small for it costs a second, full-size decode.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from learncenter.domain.photo_profile import PhotoProfile
from learncenter.media import photo_checks as checks
from learncenter.media.decoding import DecodedPhoto, PhotoSource
from learncenter.media.face_detection import (
    DETECT_LONG_SIDE,
    FIRST_LOOK_MIN_FACE_PX,
    MIN_FACE_PX,
    find_faces,
)
from learncenter.media.framing import Framing, cut, needed_scale, plan_framing
from learncenter.media.jpeg_encoding import encode_jpeg
from learncenter.media.photo_result import FaceBox, PhotoCheck, PhotoResult

SECOND_LOOK_LONG_SIDE = 2 * DETECT_LONG_SIDE
"""When no face is found, look once more at twice the detection size: a face too small for
the first pass is worth reporting as "step closer" rather than "no face"."""

FIRST_DECODE_SCALE = 0.5
"""The JPEG scale of the one decode (never below :data:`SECOND_LOOK_LONG_SIDE`). At 1/2 the
crop has full output resolution whenever the face is at least twice the profile's face width
(480 px of a 12-megapixel photo for the exam profile: a face a candidate's distance from a
phone or webcam fills); 1/4 would serve only faces from 960 px and costs nearly as much."""


def process_photo(data: bytes, profile: PhotoProfile) -> PhotoResult:
    """Decode, find the face, frame, check and encode one photo against ``profile``.

    Raises :class:`~learncenter.media.photo_problems.PhotoError` when ``data`` is not a
    readable photo of sane size; every other shortcoming is a failed check in the result.
    """
    source = PhotoSource(data)
    decoded = source.decode(profile.background, at_least=_first_decode(source.source_size))
    faces = find_faces_in(decoded, DETECT_LONG_SIDE, FIRST_LOOK_MIN_FACE_PX)
    if not faces and max(source.source_size) > DETECT_LONG_SIDE:
        faces = find_faces_in(decoded, SECOND_LOOK_LONG_SIDE)
    size = decoded.source_size
    if not faces:
        return PhotoResult(None, (checks.face_found(0),), False, None, size)

    framing = plan_framing(faces[0], size, profile)
    if decoded.scale < needed_scale(framing) * 0.999:  # too coarse for the crop: decode larger
        decoded = source.decode(profile.background, at_least=_scaled(size, needed_scale(framing)))
    framed = cut(decoded.image, decoded.scale, framing, profile)
    jpeg = encode_jpeg(framed, profile)
    found = _checks(np.asarray(framed), faces, framing, profile, len(jpeg))
    return PhotoResult(jpeg, found, all(check.passed for check in found), faces[0], size, framing.box)


def find_faces_in(decoded: DecodedPhoto, long_side: int, min_face: int = MIN_FACE_PX) -> tuple[FaceBox, ...]:
    """Faces of a decoded photo, in source pixels."""
    return tuple(face.mapped(1 / decoded.scale) for face in find_faces(decoded.image, long_side, min_face))


def _checks(
    framed_pixels: checks.RGB, faces: tuple[FaceBox, ...], framing: Framing, profile: PhotoProfile, size: int
) -> tuple[PhotoCheck, ...]:
    grey = np.asarray(cv2.cvtColor(framed_pixels, cv2.COLOR_RGB2GRAY), dtype=np.uint8)
    face = framing.face
    sample = checks.background_sample(framed_pixels, face)
    found = [
        checks.face_found(len(faces)),
        checks.single_face(faces),
        checks.face_size(framing, profile),
        checks.face_centred(face, profile),
        checks.eyes_height(face, profile),
        checks.background(sample, profile),
        checks.background_uniform(sample),
        checks.sharpness(grey, face),
        checks.brightness(grey, face),
        checks.file_size(size, profile),
    ]
    return tuple(check for check in found if check is not None)


def _first_decode(size: tuple[int, int]) -> tuple[int, int]:
    """The least size of the one decode: :data:`FIRST_DECODE_SCALE`, and enough for the second
    look."""
    second_look = _fit(size, SECOND_LOOK_LONG_SIDE)
    half = _scaled(size, FIRST_DECODE_SCALE)
    return max(second_look[0], half[0]), max(second_look[1], half[1])


def _fit(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    """``size`` scaled down so its long side is ``long_side`` (never up)."""
    return _scaled(size, min(1.0, long_side / max(size)))


def _scaled(size: tuple[int, int], scale: float) -> tuple[int, int]:
    return max(1, math.ceil(size[0] * scale)), max(1, math.ceil(size[1] * scale))
