"""Finding the candidate's face with the Haar cascades that ship inside OpenCV.

Haar cascades are old, but they are bundled with ``opencv-python`` (no model to download or
license), run on a CPU in tens of milliseconds at the sizes used here, and a standard photo is
the easy case they were made for: one frontal, upright, well-lit face. Detection runs on a
grey image no larger than :data:`DETECT_LONG_SIDE`, because its cost grows with the area
and the framing needs the face position only to a few pixels of the final 480x640 photo.

Most of a scan's cost is the smallest faces searched for everywhere (at a tenth of the long
side, 60 % of it is the first four window sizes). A face is skin, so the scan looks first where
skin is (:mod:`learncenter.media.skin_regions`), at the sizes that skin allows, and scans the
whole image as before only when that finds nothing: a missed skin region costs time, never a face.
"""

from __future__ import annotations

import threading

import cv2
import cv2.data
import numpy as np
import numpy.typing as npt
from PIL import Image

from learncenter.media.photo_result import FaceBox
from learncenter.media.skin_regions import SearchRegion, skin_regions

DETECT_LONG_SIDE = 480
"""Pixels. The grey image the face cascade scans is at most this long (finds faces from
:data:`MIN_FACE_PX` / 480 = 5 % of the long side)."""

MIN_FACE_PX = 24
"""Pixels in the detection image; the cascade's own window is 20x20."""

FIRST_LOOK_MIN_FACE_PX = 48
"""Pixels. The first look skips faces under a tenth of the detection image's long side: a face
that small cannot fill a standard photo, and the scales below it are most of a scan's cost
(a 480-pixel look takes about a sixth of the time). When the first look finds nothing, the
second look at twice the size goes down to :data:`MIN_FACE_PX`, so a small face is still
reported as "step closer", not "no face"."""

SCALE_STEP = 1.1
"""Growth of the search window between passes. 1.15 would cost a quarter less time but missed
faces that 1.1 finds (drawn demo portraits at 360x480, 3 of 12)."""

MIN_NEIGHBOURS = 5
"""Overlapping hits needed to accept a face; 5 rejects the textures (coins, fabric) that
lower values take for faces."""

EYE_LINE_RATIO = 0.38
"""Eye line below the top of a frontal-face (alt2) box, as a fraction of its height: measured
0.36-0.39 on real faces when the eye cascade could see both eyes."""

MIN_FACE_FOR_EYES = 48
"""Pixels in the detection image; below this the eye cascade finds noise, not eyes."""

_FACE_CASCADE = "haarcascade_frontalface_alt2.xml"
_EYE_CASCADE = "haarcascade_eye.xml"
_cascades: dict[tuple[int, str], cv2.CascadeClassifier] = {}  # by thread: a classifier is not shared
_cascades_lock = threading.Lock()

Grey = npt.NDArray[np.uint8]


def find_faces(image: Image.Image, long_side: int = DETECT_LONG_SIDE,
               min_face: int = MIN_FACE_PX) -> tuple[FaceBox, ...]:
    """Faces in ``image`` (its pixel coordinates), largest first.

    ``long_side`` bounds the detection image; the caller raises it for a second look when the
    first finds nothing, so that a face too small to use can still be reported as such.
    """
    reduced = _reduced(image, long_side)
    grey = detection_grey(image, long_side, reduced)
    if min(grey.shape) < min_face:
        return ()
    hits = _in_regions(grey, skin_regions(reduced, grey.shape[1] / reduced.width, min_face))
    if not hits:
        hits = _scan(grey, min_face, None)
    boxes = [_with_eyes(grey, x, y, w, h) for x, y, w, h in hits]
    boxes.sort(key=lambda box: box.width * box.height, reverse=True)
    actual = grey.shape[1] / image.width
    return tuple(box.mapped(1 / actual) for box in boxes)


def detection_grey(image: Image.Image, long_side: int, reduced: Image.Image | None = None) -> Grey:
    """``image`` in grey, shrunk (never enlarged) so that its long side is ``long_side``.

    A whole-factor box average of the colour image first (Pillow's ``reduce``), the grey
    conversion of what is left, then an area resize of that small image: nearly the area
    average that one resize of the whole would give, in 4 ms instead of 10 for a 2000x1500
    decode (a non-integer area resize of millions of pixels is slow in OpenCV).
    """
    size = _detection_size(image, long_side)
    grey = np.asarray((reduced or _reduced(image, long_side)).convert("L"), dtype=np.uint8)
    if (grey.shape[1], grey.shape[0]) != size:
        grey = np.asarray(cv2.resize(grey, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    return grey


def _detection_size(image: Image.Image, long_side: int) -> tuple[int, int]:
    shrink = min(1.0, long_side / max(image.size))
    return max(1, round(image.width * shrink)), max(1, round(image.height * shrink))


def _reduced(image: Image.Image, long_side: int) -> Image.Image:
    """The colour image box-averaged by the largest whole factor that keeps it at least the
    detection size (``reduced`` of :func:`detection_grey`; the skin regions are read from it too)."""
    shrink = min(1.0, long_side / max(image.size))
    factor = int(1 / shrink) if shrink < 1.0 else 1
    return image.reduce(factor) if factor > 1 else image


def _in_regions(grey: Grey, regions: tuple[SearchRegion, ...]) -> list[tuple[int, int, int, int]]:
    """Faces found inside the regions (grey pixels), each once."""
    found: list[tuple[int, int, int, int]] = []
    for region in regions:
        for x, y, w, h in _scan(grey, region.min_face, region):
            if all(abs(x + w / 2 - fx - fw / 2) > fw / 2 or abs(y + h / 2 - fy - fh / 2) > fh / 2
                   for fx, fy, fw, fh in found):
                found.append((x, y, w, h))
    return found


def _scan(grey: Grey, min_face: int, region: SearchRegion | None) -> list[tuple[int, int, int, int]]:
    """The face cascade over the whole image, or over one region at the sizes it allows."""
    if region is None:
        part, dx, dy, max_face = grey, 0, 0, 0
    else:
        part = np.ascontiguousarray(grey[region.top: region.bottom, region.left: region.right])
        dx, dy, max_face = region.left, region.top, region.max_face
    if min(part.shape) < min_face:
        return []
    hits = _cascade(_FACE_CASCADE).detectMultiScale(
        part, scaleFactor=SCALE_STEP, minNeighbors=MIN_NEIGHBOURS, minSize=(min_face, min_face),
        maxSize=(max_face, max_face),
    )
    return [(int(x) + dx, int(y) + dy, int(w), int(h)) for x, y, w, h in hits]


def _with_eyes(grey: Grey, x: int, y: int, w: int, h: int) -> FaceBox:
    """The box with its eye line: measured when both eyes are found where eyes can be."""
    estimate = FaceBox(x, y, w, h, y + EYE_LINE_RATIO * h)
    if w < MIN_FACE_FOR_EYES:
        return estimate
    roi = grey[y: y + int(0.6 * h), x: x + w]
    eyes = _cascade(_EYE_CASCADE).detectMultiScale(
        roi, scaleFactor=1.1, minNeighbors=3, minSize=(w // 8, w // 8), maxSize=(w // 3, w // 3)
    )
    centres = sorted((ex + ew / 2, ey + eh / 2) for ex, ey, ew, eh in eyes)
    for i, left in enumerate(centres):
        for right in centres[i + 1:]:
            apart, level = right[0] - left[0], abs(right[1] - left[1])
            eye_line = (left[1] + right[1]) / 2
            if 0.25 * w <= apart <= 0.65 * w and level <= 0.1 * w and 0.25 * h <= eye_line <= 0.5 * h:
                return FaceBox(x, y, w, h, y + float(eye_line), eyes_seen=True)
    return estimate


def _cascade(name: str) -> cv2.CascadeClassifier:
    """The thread's own classifier, loaded once per OS thread. Keyed by the thread's identity,
    not a ``threading.local``: a QThreadPool job gets a fresh Python thread state each time, so a
    local was empty in every job and both cascade files were read again for every photo (10 ms)."""
    key = (threading.get_ident(), name)
    with _cascades_lock:
        classifier = _cascades.get(key)
    if classifier is None:
        classifier = cv2.CascadeClassifier(cv2.data.haarcascades + name)
        if classifier.empty():
            raise RuntimeError(f"OpenCV's bundled cascade {name} could not be loaded")
        with _cascades_lock:
            _cascades[key] = classifier
    return classifier
