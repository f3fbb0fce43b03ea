"""Real and synthetic photos for tests that go through the photo pipeline.

The one bundled photograph of a person is scikit-image's astronaut (public domain): one frontal
face about 97 px wide in front of a grey studio backdrop, which is repainted light blue here so
that the background check can pass. Its face is too small for the 480x640 exam profile, so
tests that need a photo passing every check use NATIVE_PROFILE, the exam profile scaled to the
astronaut's own resolution.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

import cv2
import numpy as np
from PIL import Image
from skimage import data

LIGHT_BLUE = (100, 197, 255)
NATIVE_PROFILE: dict[str, Any] = {
    "name": "native", "width": 192, "height": 256, "dpi": 300, "min_kb": 4, "max_kb": 16,
    "background": list(LIGHT_BLUE), "background_tolerance": 40, "hairline_top": [20, 44],
    "eyes_top": [80, 120], "face_width": [72, 120],
}


@lru_cache(maxsize=1)
def astronaut_backdrop() -> np.ndarray:
    """Where the astronaut's studio backdrop shows: pale, unsaturated, above the shoulders,
    not inside the face (teeth and eyes are pale too)."""
    hsv = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2HSV)
    mask = (hsv[..., 1] < 40) & (hsv[..., 2] > 150)
    mask[300:] = False
    face = np.zeros(mask.shape, np.uint8)
    cv2.ellipse(face, (226, 112), (48, 60), 0, 0, 360, 1, -1)
    mask &= ~face.astype(bool)
    opened = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    result: np.ndarray = opened.astype(bool)
    result.setflags(write=False)
    return result


@lru_cache(maxsize=1)
def astronaut_on_blue() -> np.ndarray:
    pixels = data.astronaut().copy()
    pixels[astronaut_backdrop()] = LIGHT_BLUE
    pixels.setflags(write=False)
    return pixels


def jpeg_of(pixels: np.ndarray, quality: int = 92) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def face_photo() -> bytes:
    """Passes every check of NATIVE_PROFILE."""
    return jpeg_of(astronaut_on_blue())


def face_on_white() -> bytes:
    """A face is found, but the background is white: the background check fails."""
    pixels = data.astronaut().copy()
    pixels[astronaut_backdrop()] = (255, 255, 255)
    return jpeg_of(pixels)


def no_face() -> bytes:
    """A plain light-blue card: nobody in front of the camera."""
    return jpeg_of(np.full((512, 512, 3), LIGHT_BLUE, np.uint8))


def id_card_side(color: tuple[int, int, int] = (230, 230, 220)) -> bytes:
    return jpeg_of(np.full((540, 856, 3), color, np.uint8))
