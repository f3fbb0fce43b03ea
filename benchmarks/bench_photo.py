"""What the photo pipeline costs per photo, against the least any program must do with it.

Usage:  .venv/bin/python benchmarks/bench_photo.py [--runs 10] [--threads 1] [--profile]

The photo: a 12-megapixel JPEG (4000x3000, quality 92, sensor-like noise of sigma 4, about
2 MB) of scikit-image's astronaut with her studio backdrop repainted light blue, enlarged so
her face is about 530 px wide, on a light-blue canvas; a second copy is stored sideways with
EXIF orientation 6, as phones do. The script prints which checks the photo fails (none is
expected); every step and every check runs whatever the outcome.

* **ours**: ``process_photo(data, exam profile)``: header checks, a 1/8-scale JPEG decode to
  find the face (Haar cascade on a <=480 px grey image, eye cascade), framing, a second
  decode at the smallest JPEG scale that still covers the crop, Lanczos resize to 480x640,
  the checks, and a binary search over JPEG quality for the 20-40 KB window (about 7 encodes).
* **baseline**: Pillow's full-size decode of the same bytes (turned upright for the sideways
  copy), ``ImageOps.fit`` to 480x640 with Lanczos, one JPEG encode at quality 90 and 300 dpi.

Runs alternate between the two sides after one untimed warm-up of each; the median of
``--runs`` is reported. OpenCV is limited to ``--threads`` threads (default 1, like Pillow),
so both sides use one core. **Target: ours <= 2 x baseline.**
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from _common import DEFAULT_SEED, machine_summary, table
from PIL import Image, ImageOps
from skimage import data as skdata

from learncenter.domain.photo_profile import PhotoProfile, PhotoProfiles
from learncenter.media import process_photo

ROOT = Path(__file__).resolve().parents[1]
LIGHT_BLUE = (100, 197, 255)
TARGET = 2.0


def astronaut_on_blue() -> np.ndarray:
    """The astronaut with her pale grey backdrop (outside the face) painted light blue."""
    pixels = skdata.astronaut()
    hsv = cv2.cvtColor(pixels, cv2.COLOR_RGB2HSV)
    mask = (hsv[..., 1] < 40) & (hsv[..., 2] > 150)
    mask[300:] = False
    face = np.zeros(mask.shape, np.uint8)
    cv2.ellipse(face, (226, 112), (48, 60), 0, 0, 360, 1, -1)
    mask &= ~face.astype(bool)
    mask = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)).astype(bool)
    out = pixels.copy()
    out[mask] = LIGHT_BLUE
    return out


def twelve_megapixels(seed: int) -> Image.Image:
    canvas = np.empty((3000, 4000, 3), np.uint8)
    canvas[:] = LIGHT_BLUE
    person = cv2.resize(astronaut_on_blue(), (2800, 2800), interpolation=cv2.INTER_LANCZOS4)
    canvas[200:, 600:3400] = person[:2800]
    noise = np.random.default_rng(seed).normal(0, 4.0, canvas.shape)
    return Image.fromarray(np.clip(canvas + noise, 0, 255).astype(np.uint8))


def jpeg(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, **options)
    return buffer.getvalue()


def baseline(data: bytes, profile: PhotoProfile) -> bytes:
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        upright = ImageOps.exif_transpose(img)
    framed = ImageOps.fit(upright, (profile.width, profile.height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    framed.save(buffer, "JPEG", quality=90, subsampling=2, dpi=(profile.dpi, profile.dpi))
    return buffer.getvalue()


def ours(data: bytes, profile: PhotoProfile) -> bytes:
    result = process_photo(data, profile)
    assert result.jpeg is not None, "no face framed: the benchmark photo is broken"
    return result.jpeg


def timed(fn: Callable[[bytes, PhotoProfile], bytes], data: bytes, profile: PhotoProfile) -> float:
    start = time.perf_counter()
    fn(data, profile)
    return time.perf_counter() - start


def measure(data: bytes, profile: PhotoProfile, runs: int) -> tuple[list[float], list[float]]:
    timed(ours, data, profile), timed(baseline, data, profile)  # warm-up: cascades, caches
    mine: list[float] = []
    theirs: list[float] = []
    for run in range(runs):
        order = (ours, baseline) if run % 2 == 0 else (baseline, ours)
        for fn in order:
            (mine if fn is ours else theirs).append(timed(fn, data, profile))
    return mine, theirs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per side (default 10)")
    parser.add_argument("--threads", type=int, default=1, help="OpenCV threads (default 1)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="noise seed")
    parser.add_argument("--profile", action="store_true", help="cProfile one run of ours")
    args = parser.parse_args()
    cv2.setNumThreads(args.threads)
    profiles = PhotoProfiles.from_dict(
        json.loads((ROOT / "resources" / "profiles" / "photo-profiles.json").read_text(encoding="utf-8"))
    )
    exam = profiles.get("exam")

    image = twelve_megapixels(args.seed)
    exif = Image.Exif()
    exif[0x0112] = 6
    photos = {
        "4000x3000 landscape": jpeg(image),
        "3000x4000 stored sideways (EXIF 6)": jpeg(image.transpose(Image.Transpose.ROTATE_90), exif=exif),
    }
    print(machine_summary())
    print(f"OpenCV {cv2.__version__}, {args.threads} thread(s); Pillow {Image.__version__}; "
          f"median of {args.runs} runs, alternating\n")
    rows = []
    for label, data in photos.items():
        result = process_photo(data, exam)
        failed = ", ".join(f"{c.name}={c.value}" for c in result.failed) or "none"
        print(f"{label}: {len(data) / 2**20:.1f} MB; ours gives {len(result.jpeg or b'')} bytes; failed checks: {failed}")
        mine, theirs = measure(data, exam, args.runs)
        ratio = statistics.median(mine) / statistics.median(theirs)
        rows.append((
            label, f"{statistics.median(mine) * 1000:.0f}", f"{min(mine) * 1000:.0f}",
            f"{statistics.median(theirs) * 1000:.0f}", f"{min(theirs) * 1000:.0f}",
            f"{ratio:.2f}", "PASS" if ratio <= TARGET else "MISS",
        ))
    print()
    print(table(
        ("photo", "ours ms (median)", "ours min", "baseline ms (median)", "baseline min", "ratio", f"<= {TARGET:g}x"),
        rows,
    ))
    if args.profile:
        profiler = cProfile.Profile()
        data = photos["4000x3000 landscape"]
        profiler.runcall(ours, data, exam)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
