"""Where in a photo a face can be: the skin-coloured regions, and the face sizes each allows.

Skin of every tone falls in a narrow band of chroma (YCbCr's Cb and Cr), whatever its
brightness; the profile's light-blue backdrop, clothes and hair mostly do not. A mask of that
band on a thumbnail, its connected regions, and a box around each with room for hair, chin and
cheeks in shadow tell the face cascade where to look first and at which sizes — a few thousand
windows instead of the whole image's hundreds of thousands.

This is only a guide to the search order: a face whose skin the band misses (coloured light,
a strong white balance, a grey photo) is found by the whole-image scan that follows an empty
result, so a region missed costs time, never a face.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

MASK_LONG_SIDE = 128
"""Pixels. The skin mask is made on a thumbnail this long: a face that can fill a standard
photo is at least a tenth of the long side, a dozen pixels here."""

CB_RANGE = (77, 135)
CR_RANGE = (133, 180)
"""YCbCr chroma of skin (Chai and Ngan's band, Cr and Cb each widened a little for warm and
cool lighting); 8-bit values as Pillow's ``YCbCr`` mode gives them."""

MIN_LUMA = 35
"""Below this the chroma of a pixel is mostly noise."""

MAX_REGIONS = 4
"""The largest skin regions searched; a photo with more is not a standard photo."""

MAX_SHARE = 0.5
"""When the regions' boxes cover more than this share of the image, the skin band has taken
in the backdrop or the clothes: the whole image is scanned at once instead."""

FACE_SHAPE = (0.35, 0.6, 2.5)
"""A region that can be a face: it fills at least this share of its box (an oval fills 0.79,
a face with its neck about 0.6), and its height is this many times its width, from a face
turned a little to a face with its throat. Sprawling shapes are clothes, wood or a flag."""

PAD = 0.3
"""Room around a region, as a fraction of its larger side: hair above, cheeks in shadow."""

SIZE_RANGE = (0.5, 1.6)
"""Face box sizes searched in a region, from this fraction of the region's smaller side to
this fraction of its larger side (a face alone, or a face with neck and throat)."""


@dataclass(frozen=True)
class SearchRegion:
    """A part of the detection image to scan, and the face sizes to scan it for (pixels)."""

    left: int
    top: int
    right: int
    bottom: int
    min_face: int
    max_face: int


def skin_regions(image: Image.Image, scale: float, min_face: int) -> tuple[SearchRegion, ...]:
    """The regions of ``image`` (an RGB photo) to search first, in detection pixels.

    ``scale`` maps ``image`` pixels to detection pixels; ``min_face`` is the smallest face
    wanted, in detection pixels. Empty when the mask finds no skin that could be a face of
    that size, or finds so much that searching regions would save nothing.
    """
    if image.mode != "RGB":
        return ()
    factor = max(1, round(max(image.size) / MASK_LONG_SIDE))
    small = image.reduce(factor) if factor > 1 else image
    per_mask_px = scale * image.width / small.width  # detection pixels per mask pixel
    width, height = round(image.width * scale), round(image.height * scale)
    ycc = np.asarray(small.convert("YCbCr"), dtype=np.uint8)
    luma, cb, cr = ycc[..., 0], ycc[..., 1], ycc[..., 2]
    mask = ((cb >= CB_RANGE[0]) & (cb <= CB_RANGE[1]) & (cr >= CR_RANGE[0]) & (cr <= CR_RANGE[1])
            & (luma >= MIN_LUMA)).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    smallest = min_face / per_mask_px
    blobs = sorted(
        (stats[label] for label in range(1, count)
         if stats[label][cv2.CC_STAT_AREA] >= 0.25 * smallest * smallest
         and stats[label][cv2.CC_STAT_WIDTH] >= 0.5 * smallest and _face_shaped(stats[label])),
        key=lambda row: -int(row[cv2.CC_STAT_AREA]),
    )[:MAX_REGIONS]
    regions = tuple(_region(blob, per_mask_px, min_face, width, height) for blob in blobs)
    covered = sum((r.right - r.left) * (r.bottom - r.top) for r in regions)
    return () if covered > MAX_SHARE * width * height else regions


def _face_shaped(blob: np.ndarray) -> bool:
    width, height = int(blob[cv2.CC_STAT_WIDTH]), int(blob[cv2.CC_STAT_HEIGHT])
    fill, low, high = FACE_SHAPE
    return int(blob[cv2.CC_STAT_AREA]) >= fill * width * height and low * width <= height <= high * width


def _region(blob: np.ndarray, per_mask_px: float, min_face: int, width: int, height: int) -> SearchRegion:
    x, y = blob[cv2.CC_STAT_LEFT] * per_mask_px, blob[cv2.CC_STAT_TOP] * per_mask_px
    w, h = blob[cv2.CC_STAT_WIDTH] * per_mask_px, blob[cv2.CC_STAT_HEIGHT] * per_mask_px
    pad = PAD * max(w, h)
    return SearchRegion(
        left=max(0, int(x - pad)), top=max(0, int(y - pad)),
        right=min(width, int(x + w + pad) + 1), bottom=min(height, int(y + h + pad) + 1),
        min_face=max(min_face, int(SIZE_RANGE[0] * min(w, h))),
        max_face=int(SIZE_RANGE[1] * max(w, h)) + 1,
    )
