"""Real photographs for the photo pipeline tests, and profiles to judge them by.

The only bundled photo of a person is scikit-image's astronaut (Eileen Collins, NASA, public
domain): one frontal face about 97 px wide in a 512x512 image, in front of a mottled grey
studio backdrop. Two things follow. To pass the background check the backdrop is repainted
light blue (pixels that are pale and grey, outside the face); and since a 97 px face is too
small for the 480x640 exam profile without enlarging it 2.4x (which the size and sharpness
checks rightly refuse), "passes everything" is tested against ``native``, the exam profile
scaled by 0.4 to the astronaut's own resolution.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import pytest
from skimage import data

from learncenter.domain.photo_profile import PhotoProfile, PhotoProfiles

PROFILE_FILE = Path(__file__).parents[3] / "resources" / "profiles" / "photo-profiles.json"
LIGHT_BLUE = (100, 197, 255)

Pixels = npt.NDArray[np.uint8]


@pytest.fixture(scope="session")
def profiles() -> PhotoProfiles:
    return PhotoProfiles.from_dict(json.loads(PROFILE_FILE.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def exam(profiles: PhotoProfiles) -> PhotoProfile:
    return profiles.get("exam")


@pytest.fixture(scope="session")
def native() -> PhotoProfile:
    """The exam profile at 0.4 scale (192x256, face 72-120 px, eyes 80-120 px from the top)."""
    return PhotoProfile(
        name="native", width=192, height=256, dpi=300, min_kb=4, max_kb=16, background=LIGHT_BLUE,
        background_tolerance=40, hairline_top=(20, 44), eyes_top=(80, 120), face_width=(72, 120),
    )


@pytest.fixture(scope="session")
def astronaut() -> Pixels:
    pixels: Pixels = data.astronaut()
    pixels.setflags(write=False)
    return pixels


@pytest.fixture(scope="session")
def backdrop(astronaut: Pixels) -> npt.NDArray[np.bool_]:
    """Where the astronaut's studio backdrop shows: pale, unsaturated, above the shoulders,
    not inside the face (teeth and eyes are pale too)."""
    hsv = cv2.cvtColor(astronaut, cv2.COLOR_RGB2HSV)
    mask = (hsv[..., 1] < 40) & (hsv[..., 2] > 150)
    mask[300:] = False
    face = np.zeros(mask.shape, np.uint8)
    cv2.ellipse(face, (226, 112), (48, 60), 0, 0, 360, 1, -1)
    mask &= ~face.astype(bool)
    opened = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    return opened.astype(bool)


@pytest.fixture(scope="session")
def on_blue(astronaut: Pixels, backdrop: npt.NDArray[np.bool_]) -> Pixels:
    """The astronaut in front of the exam profile's light blue."""
    pixels = astronaut.copy()
    pixels[backdrop] = LIGHT_BLUE
    pixels.setflags(write=False)
    return pixels
