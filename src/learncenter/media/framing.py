"""Where to cut the standard photo out of the source, given the face.

The profile fixes the head geometry in output pixels (face width, eye line); the face box
fixes it in source pixels. One scale and one offset map the one onto the other: the face
width goes to the middle of the profile's face-width range, the eye line to the middle of its
eye-line range, the face centre to the middle of the width.

When that rectangle does not fit inside the source, the crop is moved back inside it (and, if
it is larger than the source, shrunk until it fits) instead of being padded with a synthetic
backdrop. Padding would invent pixels, would hide the problem from the background check (the
padding *is* the profile's colour) and would leave a visible seam; keeping the crop real
moves the face off its target instead, and the geometry checks then say what to change at the
camera ("step back", "stand in the middle", "aim lower").
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from learncenter.domain.photo_profile import PhotoProfile
from learncenter.media.photo_result import FaceBox

DEFAULT_FACE_FRACTION = 0.5
"""Face width / photo width when the profile has no face-width range (exam: 240 / 480)."""

DEFAULT_EYES_FRACTION = 0.39
"""Eye line / photo height when the profile has no eye range (exam: 250 / 640)."""


@dataclass(frozen=True)
class Framing:
    """The crop in source pixels and where the face lands in the standard photo."""

    box: tuple[float, float, float, float]  # left, top, right, bottom in the upright source
    scale: float  # output pixels per source pixel; above 1 the face is enlarged
    face: FaceBox  # in output pixels
    fit: float = 1.0  # below 1: the ideal crop was shrunk by this factor to fit the source

    @property
    def ideal_scale(self) -> float:
        """The scale the face alone asked for, before any shrinking to fit."""
        return self.scale * self.fit


def target_face_width(profile: PhotoProfile) -> float:
    if profile.face_width is not None:
        return sum(profile.face_width) / 2
    return DEFAULT_FACE_FRACTION * profile.width


def target_eyes_y(profile: PhotoProfile) -> float:
    if profile.eyes_top is not None:
        return sum(profile.eyes_top) / 2
    return DEFAULT_EYES_FRACTION * profile.height


def plan_framing(face: FaceBox, source_size: tuple[int, int], profile: PhotoProfile) -> Framing:
    """The crop that puts ``face`` (source pixels) where the profile wants it, kept inside
    the source."""
    src_w, src_h = source_size
    scale = target_face_width(profile) / face.width
    crop_w, crop_h = profile.width / scale, profile.height / scale
    fit = min(1.0, src_w / crop_w, src_h / crop_h)
    if fit < 1.0:  # face too close for this frame: a smaller crop, so a larger face
        crop_w, crop_h, scale = crop_w * fit, crop_h * fit, scale / fit
    left = _clamp(face.centre_x - crop_w / 2, 0.0, src_w - crop_w)
    top = _clamp(face.eyes_y - target_eyes_y(profile) / scale, 0.0, src_h - crop_h)
    return Framing((left, top, left + crop_w, top + crop_h), scale, face.mapped(scale, left, top), fit)


def cut(image: Image.Image, image_scale: float, framing: Framing, profile: PhotoProfile) -> Image.Image:
    """The framed standard photo, resampled with Lanczos from ``image``, which shows the
    source at ``image_scale`` (decoded pixels per source pixel)."""
    box = tuple(edge * image_scale for edge in framing.box)
    left, top, right, bottom = box
    return image.resize((profile.width, profile.height), Image.Resampling.LANCZOS, box=(left, top, right, bottom))


def needed_scale(framing: Framing) -> float:
    """The smallest decoding scale at which the crop still has the output's resolution."""
    return min(1.0, framing.scale)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))
