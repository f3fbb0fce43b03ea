"""The measurements a standard photo is judged by, each with a reason the clerk can act on.

Every check returns a :class:`PhotoCheck` carrying the number it measured, so that the record
can store *how far* a photo missed when a supervisor accepts it anyway, and so thresholds can
be reviewed against real photos later. The thresholds are module constants, chosen as
documented on each; they are deliberately lenient where a false alarm would send a candidate
back to the camera for nothing, since a supervisor can accept a failed photo but a clerk
cannot argue with a passed one.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import numpy.typing as npt

from learncenter.domain.messages import Problem
from learncenter.domain.photo_profile import PhotoProfile
from learncenter.media import photo_problems as msg
from learncenter.media.framing import Framing, target_face_width
from learncenter.media.jpeg_encoding import size_bounds
from learncenter.media.photo_result import FaceBox, PhotoCheck

RGB = npt.NDArray[np.uint8]  # height x width x 3
Grey = npt.NDArray[np.uint8]

MAX_UPSCALE = 1.25
"""Largest enlargement from source to standard photo: the source face must be at least 80 %
of the target face width (192 px for the exam profile). More looks soft even when in focus."""

OTHER_FACE_MIN_RATIO = 0.4
"""A second detection counts as a person when at least this fraction of the main face's
width; smaller hits are far more often patterns in clothing or backdrop than people."""

MAX_CENTRE_OFFSET = 0.05
"""Largest horizontal offset of the face centre, as a fraction of the photo width (24 px of
480). Framing centres the face unless the source ends first."""

HEAD_ELLIPSE = (0.9, 1.15)
"""Semi-axes, in face widths and face heights, of the ellipse around the face box centre
that holds head and hair; the astronaut's full hair reaches 0.8 widths out and 1.0 heights
up. Background is sampled outside it, above SAMPLE_BOTTOM: the corners a backdrop shows in."""

SAMPLE_BOTTOM = 0.6
"""Face heights below the top of the face box (about the mouth): lower, shoulders begin."""

MIN_BACKGROUND_PIXELS = 200
"""Fewer visible background pixels than this cannot be judged (the face fills the photo);
both background checks then fail with "step back" rather than guess."""

MAX_BACKGROUND_SPREAD = 32.0
"""Luminance levels between the 10th and 90th percentile of the sampled background. A flat
backdrop with sensor noise measures about 2.5 noise sigmas (10 for sigma 4), the astronaut's
mottled studio backdrop 22-26; a shadow darkening the backdrop on one side of the head by
30 % measured 53. Percentiles, not the standard deviation, so that a few strands of hair in
the sample do not fail it."""

MIN_SHARPNESS = 0.014
"""Edge energy of the face relative to its contrast: the variance of the Laplacian over the
face box, shrunk to SHARPNESS_FACE_PX wide and smoothed by SHARPNESS_DENOISE, divided by the
variance of its grey levels. Each step is there because the plain variance of the Laplacian
misled: it falls with exposure (a photo a quarter as bright has 1/16 of it), rises with sensor
noise (noise made a blurred face "sharp"), and falls as the same face gets more pixels (the
astronaut's face scored 0.023 at 97 px and 0.047 at 48 px), so no single threshold could
serve a 480x640 and a 358x441 profile. Measured on the astronaut (face 97 px):
in focus 0.024 (0.025 with noise of sigma 8), blurred by 1 % of the face width 0.011 (0.012
with that noise), by 1.5 % 0.008. Blur is judged relative to the face; a face with too few
pixels is the face-size check's business."""

SHARPNESS_FACE_PX = 96
"""Faces wider than this are shrunk to it before measuring; smaller ones are measured as
they are (and fail the face-size check anyway)."""

SHARPNESS_DENOISE = 1.0
"""Sigma, pixels at SHARPNESS_FACE_PX, of the Gaussian applied before the Laplacian."""

BRIGHTNESS_RANGE = (60.0, 220.0)
"""Mean luminance (0-255) of the inner face (the astronaut: 178). Wide on purpose, so that no
skin tone is sent back for being itself; below 60 the face is in the dark, above 220 most of
it is clipped to white. Only the astronaut was measured here: review with real photos."""


def _result(name: str, value: float | None, problem: Problem | None) -> PhotoCheck:
    return PhotoCheck(name, problem is None, problem, value)


def face_found(count: int) -> PhotoCheck:
    """Value: number of faces found."""
    return _result("face_found", count, None if count else msg.problem(msg.NO_FACE))


def single_face(faces: tuple[FaceBox, ...]) -> PhotoCheck:
    """Value: number of faces large enough to be people (see OTHER_FACE_MIN_RATIO)."""
    main = faces[0].width
    people = sum(1 for face in faces if face.width >= OTHER_FACE_MIN_RATIO * main)
    return _result("single_face", people, None if people == 1 else msg.problem(msg.SEVERAL_FACES, count=people))


def face_size(framing: Framing, profile: PhotoProfile) -> PhotoCheck:
    """Value: face width in the standard photo, pixels.

    Too large when the crop had to shrink to fit the source and that pushed the face past the
    profile's range (the candidate is too close); too small when the source face is so small
    that it would have to be enlarged more than MAX_UPSCALE (too far, or too few pixels).
    """
    width = framing.face.width
    needed_px = math.ceil(target_face_width(profile) / MAX_UPSCALE)
    too_small = msg.problem(msg.FACE_TOO_SMALL, face_px=round(width / framing.scale), needed_px=needed_px)
    problem: Problem | None = None
    if profile.face_width is not None and width > profile.face_width[1]:
        problem = msg.problem(msg.FACE_TOO_LARGE)
    elif framing.ideal_scale > MAX_UPSCALE or (profile.face_width is not None and width < profile.face_width[0]):
        problem = too_small
    return _result("face_size", round(width, 1), problem)


def face_centred(face: FaceBox, profile: PhotoProfile) -> PhotoCheck:
    """Value: horizontal offset of the face centre from the middle, as a fraction of the
    width (negative: to the left)."""
    offset = (face.centre_x - profile.width / 2) / profile.width
    ok = abs(offset) <= MAX_CENTRE_OFFSET
    return _result("face_centred", round(offset, 3), None if ok else msg.problem(msg.FACE_OFF_CENTRE))


def eyes_height(face: FaceBox, profile: PhotoProfile) -> PhotoCheck | None:
    """Value: eye line, pixels from the top. None when the profile does not fix it."""
    if profile.eyes_top is None:
        return None
    low, high = profile.eyes_top
    problem = None
    if face.eyes_y < low:
        problem = msg.problem(msg.HEAD_TOO_HIGH)
    elif face.eyes_y > high:
        problem = msg.problem(msg.HEAD_TOO_LOW)
    return _result("eyes_height", round(face.eyes_y, 1), problem)


def background_sample(photo: RGB, face: FaceBox) -> RGB:
    """Pixels beside and above the head, where only the backdrop should be (N x 3)."""
    bottom = _index(face.y + SAMPLE_BOTTOM * face.height, photo.shape[0])
    ys, xs = np.ogrid[:bottom, : photo.shape[1]]
    across, up = HEAD_ELLIPSE
    dx = (xs - face.centre_x) / (across * face.width)
    dy = (ys - (face.y + face.height / 2)) / (up * face.height)
    outside = dx * dx + dy * dy > 1.0
    return photo[:bottom][outside]


def background(sample: RGB, profile: PhotoProfile) -> PhotoCheck:
    """Value: largest per-channel difference between the backdrop's median colour and the
    profile's colour (the same measure as the profile's tolerance)."""
    if len(sample) < MIN_BACKGROUND_PIXELS:
        return _result("background", None, msg.problem(msg.BACKGROUND_HIDDEN))
    problem = msg.problem(msg.BACKGROUND_COLOUR, **msg.colour_params(profile.background))
    median = np.median(sample, axis=0)
    distance = float(np.max(np.abs(median - np.asarray(profile.background, dtype=np.float64))))
    return _result("background", distance, None if distance <= profile.background_tolerance else problem)


def background_uniform(sample: RGB) -> PhotoCheck:
    """Value: spread of the backdrop's luminance, levels (see MAX_BACKGROUND_SPREAD)."""
    if len(sample) < MIN_BACKGROUND_PIXELS:
        return _result("background_uniform", None, msg.problem(msg.BACKGROUND_HIDDEN))
    problem = msg.problem(msg.BACKGROUND_UNEVEN)
    luminance = sample.astype(np.float64) @ np.array([0.299, 0.587, 0.114])
    low, high = np.percentile(luminance, [10, 90])
    spread = float(high - low)
    return _result("background_uniform", round(spread, 1), None if spread <= MAX_BACKGROUND_SPREAD else problem)


def sharpness(grey: Grey, face: FaceBox) -> PhotoCheck:
    """Value: edge energy of the face relative to its contrast (see MIN_SHARPNESS)."""
    region = _region(grey, face, 0.0, 1.0, 0.0, 1.0)
    if region.shape[1] > SHARPNESS_FACE_PX:
        shrink = SHARPNESS_FACE_PX / region.shape[1]
        size = (SHARPNESS_FACE_PX, max(1, round(region.shape[0] * shrink)))
        region = np.asarray(cv2.resize(region, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    contrast = float(region.var()) if region.size else 0.0
    value = 0.0
    if contrast > 0:
        smoothed = cv2.GaussianBlur(region, (0, 0), SHARPNESS_DENOISE)
        value = float(cv2.Laplacian(smoothed, cv2.CV_64F).var()) / contrast
    return _result("sharpness", round(value, 4), None if value >= MIN_SHARPNESS else msg.problem(msg.BLURRY))


def brightness(grey: Grey, face: FaceBox) -> PhotoCheck:
    """Value: mean luminance of the inner face (forehead to chin, inside the cheeks)."""
    region = _region(grey, face, 0.2, 0.8, 0.15, 0.9)
    value = float(region.mean()) if region.size else 0.0
    low, high = BRIGHTNESS_RANGE
    problem = None
    if value < low:
        problem = msg.problem(msg.TOO_DARK)
    elif value > high:
        problem = msg.problem(msg.TOO_BRIGHT)
    return _result("brightness", round(value, 1), problem)


def file_size(size: int, profile: PhotoProfile) -> PhotoCheck:
    """Value: bytes of the encoded JPEG (bounds from :func:`jpeg_encoding.size_bounds`)."""
    low, high = size_bounds(profile)
    problem = None
    if size < low:
        problem = msg.problem(msg.JPEG_TOO_SMALL, min_kb=profile.min_kb)
    elif size > high:
        problem = msg.problem(msg.JPEG_TOO_LARGE, max_kb=profile.max_kb)
    return _result("file_size", size, problem)


def _region(grey: Grey, face: FaceBox, x0: float, x1: float, y0: float, y1: float) -> Grey:
    height, width = grey.shape[:2]
    left, right = _index(face.x + x0 * face.width, width), _index(face.x + x1 * face.width, width)
    top, bottom = _index(face.y + y0 * face.height, height), _index(face.y + y1 * face.height, height)
    return grey[top:bottom, left:right]


def _index(value: float, limit: int) -> int:
    return max(0, min(limit, round(value)))
