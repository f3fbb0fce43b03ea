"""Does looking where the skin is first lose faces, find false ones, or box them worse?

Usage:  .venv/bin/python benchmarks/face_detection_quality.py

Runs ``find_faces`` twice on every scene, in one process: as it is (the face-shaped skin
regions of a thumbnail first, the whole image when they hold no face) and with the regions
turned off (the whole image always: the detector before the regions). Scenes:

* **astronaut**: scikit-image's astronaut before her light-blue backdrop, with light sensor
  noise, on 2000x1500, 1500x2000, 1280x720 and 640x480 canvases, at five distances and three
  positions (60 scenes; where her face lands is known, so each box is measured against it);
* **LFW**: scikit-image's ``lfw_subset`` (100 face and 100 non-face 25x25 crops, grey),
  enlarged to 260 and 420 px on 1600x1200 and to 110 px on 640x480 (600 scenes): the skin band
  sees nothing in a grey photo, so these show the whole-scan path and false faces.

Prints per set: faces found by each, scenes where they disagree, false faces, time per scene,
and for the astronaut the box error (the largest of left, top and width errors over her face
width): median, 90th percentile, maximum.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import cv2
import numpy as np
from _common import machine_summary, table
from bench_photo import LIGHT_BLUE, astronaut_on_blue
from PIL import Image
from skimage import data as skdata

from learncenter.media import face_detection
from learncenter.media.face_detection import find_faces
from learncenter.media.photo_result import FaceBox

FACE_LEFT, FACE_TOP, FACE_WIDTH = 177, 66, 97  # the astronaut's face in her 512x512 picture


@dataclass
class Scene:
    group: str
    image: Image.Image
    is_face: bool
    truth: tuple[float, float, float] | None = None  # left, top, width


@dataclass
class Tally:
    scenes: int = 0
    found: dict[str, int] = field(default_factory=lambda: {"regions": 0, "whole": 0})
    false: dict[str, int] = field(default_factory=lambda: {"regions": 0, "whole": 0})
    seconds: dict[str, float] = field(default_factory=lambda: {"regions": 0.0, "whole": 0.0})
    errors: dict[str, list[float]] = field(default_factory=lambda: {"regions": [], "whole": []})
    disagree: int = 0


def scenes() -> Iterator[Scene]:
    astronaut = astronaut_on_blue()
    rng = np.random.default_rng(5)
    for width, height in ((2000, 1500), (1500, 2000), (1280, 720), (640, 480)):
        for person in (0.5, 0.7, 0.9, 1.1, 1.4):
            side = int(min(width, height) * person)
            figure = cv2.resize(astronaut, (side, side), interpolation=cv2.INTER_AREA if side < 512 else cv2.INTER_CUBIC)
            for shift in (-0.2, 0.0, 0.2):
                canvas = np.empty((height, width, 3), np.uint8)
                canvas[:] = LIGHT_BLUE
                left, top = int(width / 2 - side / 2 + shift * width), int(height - side * 0.95)
                x0, y0, x1, y1 = max(0, left), max(0, top), min(width, left + side), min(height, top + side)
                canvas[y0:y1, x0:x1] = figure[y0 - top:y1 - top, x0 - left:x1 - left]
                noisy = np.clip(canvas + rng.normal(0, 4, canvas.shape), 0, 255).astype(np.uint8)
                k = side / 512
                yield Scene("astronaut", Image.fromarray(noisy), True,
                            (left + FACE_LEFT * k, top + FACE_TOP * k, FACE_WIDTH * k))
    crops = skdata.lfw_subset()
    for index, crop in enumerate(crops):
        grey = (crop * 255).astype(np.uint8)
        for width, height, size in ((1600, 1200, 260), (1600, 1200, 420), (640, 480, 110)):
            canvas = np.full((height, width), 180, np.uint8)
            left, top = width // 2 - size // 2, height // 3 - size // 3
            canvas[top:top + size, left:left + size] = cv2.resize(grey, (size, size), interpolation=cv2.INTER_CUBIC)
            yield Scene("LFW faces" if index < 100 else "LFW non-faces", Image.fromarray(canvas).convert("RGB"), index < 100)


def box_error(face: FaceBox, truth: tuple[float, float, float]) -> float:
    left, top, width = truth
    return max(abs(face.x - left), abs(face.y - top), abs(face.width - width)) / width


def main() -> int:
    cv2.setNumThreads(1)
    real_regions = face_detection.skin_regions
    tallies: dict[str, Tally] = {}
    for scene in scenes():
        tally = tallies.setdefault(scene.group, Tally())
        tally.scenes += 1
        results = {}
        for side in ("regions", "whole"):
            face_detection.skin_regions = real_regions if side == "regions" else (lambda *args: ())  # type: ignore[assignment]
            start = time.perf_counter()
            faces = find_faces(scene.image)
            tally.seconds[side] += time.perf_counter() - start
            results[side] = faces
            if faces:
                tally.found[side] += 1 if scene.is_face else 0
                tally.false[side] += 0 if scene.is_face else len(faces)
                if scene.truth is not None:
                    tally.errors[side].append(box_error(faces[0], scene.truth))
        face_detection.skin_regions = real_regions
        tally.disagree += len(results["regions"]) != len(results["whole"])
    print(machine_summary())
    print("OpenCV on one thread; 'regions' = as shipped, 'whole' = the regions turned off\n")
    rows = []
    for group, tally in tallies.items():
        errors = {
            side: (f"{statistics.median(e):.3f} / {sorted(e)[int(0.9 * len(e))]:.3f} / {max(e):.3f}" if e else "-")
            for side, e in tally.errors.items()
        }
        rows.append((
            group, str(tally.scenes), f"{tally.found['regions']} / {tally.found['whole']}",
            f"{tally.false['regions']} / {tally.false['whole']}", str(tally.disagree),
            f"{tally.seconds['regions'] * 1000 / tally.scenes:.1f} / {tally.seconds['whole'] * 1000 / tally.scenes:.1f}",
            errors["regions"], errors["whole"],
        ))
    print(table(
        ("scenes", "n", "faces found (regions / whole)", "false faces", "count differs",
         "ms per scene", "box error regions (med / p90 / max)", "box error whole"),
        rows,
    ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
