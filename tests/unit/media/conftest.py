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

import numpy as np
import numpy.typing as npt
import pytest
from skimage import data

from faces import NATIVE_PROFILE, astronaut_backdrop, astronaut_on_blue
from learncenter.domain.photo_profile import PhotoProfile, PhotoProfiles

PROFILE_FILE = Path(__file__).parents[3] / "resources" / "profiles" / "photo-profiles.json"

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
    return PhotoProfile.from_dict(NATIVE_PROFILE)


@pytest.fixture(scope="session")
def astronaut() -> Pixels:
    pixels: Pixels = data.astronaut()
    pixels.setflags(write=False)
    return pixels


@pytest.fixture(scope="session")
def backdrop() -> npt.NDArray[np.bool_]:
    return astronaut_backdrop()


@pytest.fixture(scope="session")
def on_blue() -> Pixels:
    """The astronaut in front of the exam profile's light blue."""
    return astronaut_on_blue()
