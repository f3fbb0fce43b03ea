"""Drawn portraits for demo candidates: the right size, background and file size, no real person.

A demo database needs a photo per candidate so that confirmation, admission notices and
photo checks can be shown, but shipping or downloading pictures of real people is out of the
question. These are drawn locally: a plain background, a stylised head and shoulders placed
where the exam-photo profile (DOMAIN §3) wants the face, light sensor-like noise so the JPEG
has a realistic size, encoded as a baseline JPEG at 300 dpi. The same seed gives the same
bytes, and a few milliseconds per photo keeps a 200,000-candidate demo practical (the caller
may also reuse a :func:`portrait_pool`).

They are stored as the photos candidates submitted with their registration; they are not
meant to pass the face detector of the photo pipeline (a drawn face is not a face to a Haar
cascade, and about half are framed too large or too pale for it). Demonstrating the pipeline
takes a real photograph.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

from PIL import Image, ImageChops, ImageDraw

__all__ = ["DEFAULT_SIZE_RANGE", "FaceLayout", "face_layout", "portrait_pool", "render_portrait"]

DEFAULT_SIZE_RANGE = (20 * 1024, 40_000)
"""Bytes: "20–40 KB" read strictly both ways (20 KiB at least, 40,000 bytes at most)."""

BACKGROUND = (100, 197, 255)
_REFERENCE_W, _REFERENCE_H = 480, 640  # the profile the geometry below is written for
_NOISE_SIGMA = 4.0
_START_QUALITY = 80
_QUALITY_STEP = 4
_MAX_ENCODES = 8

_SKIN = ((255, 224, 196), (246, 208, 178), (241, 194, 167), (234, 192, 160), (224, 176, 140),
         (216, 166, 130), (204, 152, 116))
_HAIR = ((24, 20, 20), (34, 28, 26), (48, 36, 30), (66, 46, 34), (92, 62, 42), (112, 70, 42),
         (128, 124, 120))
_CLOTHES = ((32, 42, 78), (28, 28, 32), (66, 68, 74), (238, 238, 236), (74, 112, 168),
            (118, 34, 46), (40, 80, 62), (200, 182, 150), (140, 142, 148), (186, 44, 54),
            (92, 60, 110), (226, 200, 90))
_SHIRT = ((246, 246, 244), (220, 230, 246), (250, 240, 230))
_LIPS = ((186, 100, 100), (196, 112, 110), (170, 96, 92), (206, 120, 128))
_IRIS = ((40, 28, 22), (58, 40, 28), (30, 26, 26))

_MALE_STYLES = ("crop", "side_part", "buzz", "crop", "side_part")
_FEMALE_STYLES = ("long", "bob", "ponytail", "long", "bun")


@dataclass(frozen=True)
class FaceLayout:
    """Where the figure sits, in output pixels; exposed so tests can hold it to the profile."""

    centre_x: int
    head_top: int  # top of the hair
    face_top: int  # hairline
    face_width: int
    face_height: int
    eye_y: int
    shoulder_top: int


def face_layout(seed: int, *, width: int = _REFERENCE_W, height: int = _REFERENCE_H) -> FaceLayout:
    """The geometry :func:`render_portrait` uses for ``seed`` (same random stream)."""
    return _layout(random.Random(seed), width, height)


def _layout(rng: random.Random, width: int, height: int) -> FaceLayout:
    """Head top 62–96 px, eyes 232–272 px, face 190–280 px wide at 480x640; scaled otherwise."""
    sx, sy = width / _REFERENCE_W, height / _REFERENCE_H
    head_top = rng.randint(62, 96)
    face_top = head_top + rng.randint(20, 38)
    eye_y = rng.randint(232, 272)
    face_h = (eye_y - face_top) / 0.45  # eyes a little above the middle of the face oval
    face_w = min(280.0, max(190.0, face_h * rng.uniform(0.70, 0.80)))
    chin = face_top + face_h
    return FaceLayout(
        centre_x=round((240 + rng.randint(-5, 5)) * sx),
        head_top=round(head_top * sy),
        face_top=round(face_top * sy),
        face_width=round(face_w * sx),
        face_height=round(face_h * sy),
        eye_y=round(eye_y * sy),
        shoulder_top=round((chin + rng.randint(34, 60)) * sy),
    )


def render_portrait(
    seed: int,
    *,
    width: int = _REFERENCE_W,
    height: int = _REFERENCE_H,
    background: tuple[int, int, int] = BACKGROUND,
    gender: str | None = None,
    size_range: tuple[int, int] | None = DEFAULT_SIZE_RANGE,
    dpi: int = 300,
) -> bytes:
    """A baseline JPEG portrait, identical for the same arguments.

    ``gender`` is the GB/T 2261.1 code ("1" male, "2" female; ``Gender`` members work too)
    and only steers hair styles; ``None`` lets the seed decide. The JPEG quality is adjusted
    until the file size falls in ``size_range`` (bytes), or the closest reachable size when
    the range cannot be met; ``None`` keeps the starting quality.
    """
    if gender not in (None, "1", "2"):
        raise ValueError('gender must be "1", "2" or None')
    if width < 64 or height < 64:
        raise ValueError("portrait must be at least 64x64 pixels")
    rng = random.Random(seed)
    layout = _layout(rng, width, height)
    female = rng.random() < 0.5 if gender is None else gender == "2"
    image = Image.new("RGB", (width, height), background)
    _draw_figure(ImageDraw.Draw(image), rng, layout, female, width, height)
    image = _add_noise(image, rng)
    return _encode(image, size_range, dpi)


def portrait_pool(size: int, *, seed: int, gender: str | None = None) -> list[bytes]:
    """``size`` different portraits to hand out in rotation when one per candidate is too slow.

    With ``gender`` None the pool alternates: even indices male, odd female, so a caller can
    pick ``pool[2 * k + (gender == "2")]``.
    """
    if size < 0:
        raise ValueError("size must not be negative")
    return [
        render_portrait(
            seed * 1_000_003 + i,
            gender=gender if gender is not None else ("1" if i % 2 == 0 else "2"),
        )
        for i in range(size)
    ]


# -- drawing ------------------------------------------------------------------------------


def _shade(colour: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    return (min(255, int(colour[0] * factor)), min(255, int(colour[1] * factor)),
            min(255, int(colour[2] * factor)))


def _draw_figure(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    f: FaceLayout,
    female: bool,
    width: int,
    height: int,
) -> None:
    """Shoulders, hair, neck, face and features, back to front."""
    sx, sy = width / _REFERENCE_W, height / _REFERENCE_H
    skin = rng.choice(_SKIN)
    hair = rng.choice(_HAIR[:-1] if rng.random() < 0.93 else _HAIR)
    clothes = rng.choice(_CLOTHES)
    style = rng.choice(_FEMALE_STYLES if female else _MALE_STYLES)
    cx, fw, fh = f.centre_x, f.face_width, f.face_height
    left, right = cx - fw / 2, cx + fw / 2
    chin = f.face_top + fh
    margin = rng.uniform(8, 16) * sx

    if style == "long":  # hair falling behind the shoulders
        draw.rounded_rectangle(
            (left - margin * 2.2, f.head_top + fh * 0.3, right + margin * 2.2, chin + 150 * sy),
            radius=int(60 * sx), fill=hair)

    shoulder_w = rng.uniform(420, 500) * sx
    draw.rounded_rectangle(
        (cx - shoulder_w / 2, f.shoulder_top, cx + shoulder_w / 2, height + 200 * sy),
        radius=int(rng.uniform(100, 140) * sx), fill=clothes)
    neck_w = fw * rng.uniform(0.42, 0.5)
    neck_skin = _shade(skin, 0.9)
    draw.rectangle((cx - neck_w / 2, chin - 60 * sy, cx + neck_w / 2, f.shoulder_top + 30 * sy),
                   fill=neck_skin)
    # Neckline: a shirt collar under a jacket, or a plain round or V neck.
    if rng.random() < 0.45:
        shirt = rng.choice(_SHIRT)
        draw.polygon([(cx - neck_w * 0.95, f.shoulder_top + 4 * sy),
                      (cx, f.shoulder_top + 110 * sy),
                      (cx + neck_w * 0.95, f.shoulder_top + 4 * sy)], fill=shirt)
        draw.polygon([(cx - 6 * sx, f.shoulder_top + 110 * sy), (cx, f.shoulder_top + 40 * sy),
                      (cx + 6 * sx, f.shoulder_top + 110 * sy)], fill=neck_skin)
    else:
        draw.chord((cx - neck_w / 2, f.shoulder_top - 20 * sy, cx + neck_w / 2,
                    f.shoulder_top + rng.uniform(30, 70) * sy), 0, 180, fill=neck_skin)

    hair_box = (left - margin, f.head_top, right + margin, f.face_top + fh * 0.62)
    draw.ellipse(hair_box, fill=hair)
    if style == "bob":
        draw.rounded_rectangle((left - margin, f.face_top, right + margin, chin - fh * 0.12),
                               radius=int(30 * sx), fill=hair)
    if style in ("crop", "side_part", "buzz", "ponytail", "bun"):
        ear_w, ear_h = 24 * sx, 50 * sy
        for ex in (left + 4 * sx, right - 4 * sx):
            ear_top = f.eye_y - 8 * sy
            draw.ellipse((ex - ear_w / 2, ear_top, ex + ear_w / 2, ear_top + ear_h),
                         fill=_shade(skin, 0.93))
    if style == "bun":
        r = 34 * sx
        draw.ellipse((cx - r, f.head_top - r * 0.9, cx + r, f.head_top + r * 1.1), fill=hair)

    draw.ellipse((left, f.face_top, right, chin), fill=skin)

    # Fringe over the forehead: the top of an ellipse as wide as the hair where it ends, so
    # it never sticks out like a brim; shifted sideways for a side part.
    fringe_y = f.face_top + rng.uniform(4, 14 if style in ("crop", "buzz") else 36) * sy
    half_h = (hair_box[3] - hair_box[1]) / 2
    rel = (fringe_y - (hair_box[1] + half_h)) / half_h
    half_w = (hair_box[2] - hair_box[0]) / 2 * math.sqrt(max(0.0, 1 - rel * rel))
    shift = rng.uniform(-12, 12) * sx if style in ("side_part", "long", "bob") else 0.0
    half_w -= abs(shift)
    draw.chord((cx + shift - half_w, f.head_top, cx + shift + half_w,
                f.head_top + 2 * (fringe_y - f.head_top)), 180, 360, fill=hair)

    _draw_features(draw, rng, f, skin, hair, sx, sy)


def _draw_features(
    draw: ImageDraw.ImageDraw, rng: random.Random, f: FaceLayout,
    skin: tuple[int, int, int], hair: tuple[int, int, int], sx: float, sy: float,
) -> None:
    cx, fw = f.centre_x, f.face_width
    chin = f.face_top + f.face_height
    eye_dx = fw * rng.uniform(0.19, 0.23)
    eye_w, eye_h = rng.uniform(26, 34) * sx, rng.uniform(10, 14) * sy
    iris = rng.choice(_IRIS)
    brow_y = f.eye_y - rng.uniform(20, 28) * sy
    brow_colour = _shade(hair, 1.1)
    for side in (-1, 1):
        ex = cx + side * eye_dx
        draw.ellipse((ex - eye_w / 2, f.eye_y - eye_h / 2, ex + eye_w / 2, f.eye_y + eye_h / 2),
                     fill=(246, 244, 240))
        r = eye_h * 0.55
        draw.ellipse((ex - r, f.eye_y - r, ex + r, f.eye_y + r), fill=iris)
        draw.line((ex - eye_w * 0.6, brow_y + 3 * sy, ex + eye_w * 0.6, brow_y),
                  fill=brow_colour, width=max(2, round(6 * sy)))
    nose_y = f.eye_y + (chin - f.eye_y) * 0.42
    shadow = _shade(skin, 0.8)
    draw.line((cx - 2 * sx, f.eye_y + 14 * sy, cx - 5 * sx, nose_y), fill=_shade(skin, 0.9),
              width=max(1, round(3 * sx)))
    draw.chord((cx - 16 * sx, nose_y - 8 * sy, cx + 16 * sx, nose_y + 8 * sy), 0, 180, fill=shadow)
    mouth_y = f.eye_y + (chin - f.eye_y) * 0.62
    mouth_w = fw * rng.uniform(0.2, 0.26)
    draw.ellipse((cx - mouth_w / 2, mouth_y - 5 * sy, cx + mouth_w / 2, mouth_y + 7 * sy),
                 fill=rng.choice(_LIPS))


# -- noise and encoding ---------------------------------------------------------------------


@lru_cache(maxsize=4)
def _noise_bank(width: int, height: int) -> Image.Image:
    """Gaussian grain, half as large again as the photo, built once per size and process.

    Drawing fresh noise for every photo costs more than everything else together; cropping
    it from a bank at a seed-chosen offset costs almost nothing. The bank comes from a fixed
    seed (``Image.effect_noise`` is not seedable), so output stays reproducible everywhere.
    """
    bank_w, bank_h = width + width // 2, height + height // 2
    rng = random.Random(f"learncenter-portrait-noise-{width}x{height}")
    normal = NormalDist(0.0, _NOISE_SIGMA)
    lut = [max(0, min(255, round(128 + normal.inv_cdf((b + 0.5) / 256)))) for b in range(256)]
    uniform = Image.frombytes("RGB", (bank_w, bank_h), rng.randbytes(bank_w * bank_h * 3))
    return uniform.point(lut * 3)


def _add_noise(image: Image.Image, rng: random.Random) -> Image.Image:
    """Sensor-like grain, so the JPEG has the size and texture of a real photo."""
    width, height = image.size
    dx, dy = rng.randint(0, width // 2), rng.randint(0, height // 2)
    noise = _noise_bank(width, height).crop((dx, dy, dx + width, dy + height))
    return ImageChops.add(image, noise, scale=1.0, offset=-128)


def _encode(image: Image.Image, size_range: tuple[int, int] | None, dpi: int) -> bytes:
    """Baseline JPEG; steps the quality, narrowing the bracket, until the size is in range.

    The start quality lands in range for nearly every seed at 480x640, so this is usually a
    single encode; other sizes and backgrounds may take a few.
    """
    quality, low, high = _START_QUALITY, 5, 98
    best = b""
    for _ in range(_MAX_ENCODES):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, dpi=(dpi, dpi), progressive=False)
        data = buffer.getvalue()
        if size_range is None:
            return data
        if not best or _distance(len(data), size_range) < _distance(len(best), size_range):
            best = data
        too_small = len(data) < size_range[0]
        if not too_small and len(data) <= size_range[1]:
            return data
        if too_small:
            low = quality + 1
            quality += _QUALITY_STEP
        else:
            high = quality - 1
            quality -= _QUALITY_STEP
        if low > high:
            break
        quality = max(low, min(high, quality))
    return best


def _distance(size: int, size_range: tuple[int, int]) -> int:
    lo, hi = size_range
    return 0 if lo <= size <= hi else (lo - size if size < lo else size - hi)
