"""The standard photo's JPEG: inside the profile's byte window near its top, found in a few
encodes, and honest when no quality can fit."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageFilter, JpegImagePlugin
from skimage import data

from learncenter.domain.photo_profile import PhotoProfile, PhotoProfiles
from learncenter.media import encode_jpeg, size_bounds
from learncenter.media.jpeg_encoding import (
    GOOD_ENOUGH,
    HIGHEST_QUALITY,
    LOWEST_QUALITY,
    MAX_ENCODES,
    _encode,
    encodes_made,
    quality_search,
)
from learncenter.media.photo_checks import file_size

Pixels = npt.NDArray[np.uint8]


def test_size_bounds_read_kilobytes_strictly_both_ways(profiles: PhotoProfiles) -> None:
    assert size_bounds(profiles.get("exam")) == (20 * 1024, 40_000)
    assert size_bounds(profiles.get("small")) == (10 * 1024, 50_000)
    assert size_bounds(profiles.get("id_card")) == (14 * 1024, 20_000)


def test_framed_photo_lands_inside_the_exam_window_as_baseline_420_at_300_dpi(
    on_blue: Pixels, exam: PhotoProfile
) -> None:
    framed = Image.fromarray(on_blue).resize((480, 640), Image.Resampling.LANCZOS)
    data = encode_jpeg(framed, exam)
    low, high = size_bounds(exam)
    assert low <= len(data) <= high
    assert file_size(len(data), exam).passed
    with Image.open(io.BytesIO(data)) as photo:
        assert photo.size == (480, 640) and photo.mode == "RGB"
        assert photo.info["dpi"] == (300, 300)
        assert JpegImagePlugin.get_sampling(photo) == 2
        assert "progressive" not in photo.info and "progression" not in photo.info
    assert encode_jpeg(framed, exam) == data  # deterministic


def test_id_card_profile_uses_its_own_dpi_and_window(on_blue: Pixels, profiles: PhotoProfiles) -> None:
    id_card = profiles.get("id_card")
    framed = Image.fromarray(on_blue).resize((id_card.width, id_card.height), Image.Resampling.LANCZOS)
    data = encode_jpeg(framed, id_card)
    assert 14 * 1024 <= len(data) <= 20_000
    with Image.open(io.BytesIO(data)) as photo:
        assert photo.info["dpi"] == (350, 350)


def test_flat_image_is_not_padded_to_reach_the_minimum(exam: PhotoProfile) -> None:
    flat = Image.new("RGB", (480, 640), (100, 197, 255))
    data = encode_jpeg(flat, exam)
    assert len(data) < 20 * 1024  # even quality 95 is small, and nothing was added
    with Image.open(io.BytesIO(data)) as photo:
        photo.load()
        centre = np.asarray(photo)[320, 240].astype(int)
        assert np.abs(centre - (100, 197, 255)).max() <= 2
    check = file_size(len(data), exam)
    assert not check.passed and check.problem is not None and check.problem.code == "photo.jpeg_too_small"
    assert check.problem.text("en") == "Too little detail to reach 20 KB: take a sharp photo again in good light."


def test_pure_noise_cannot_be_squeezed_under_the_maximum(exam: PhotoProfile) -> None:
    """Noise at 480x640 needs about 26 KB even at quality 10: more than a 20 KB window allows."""
    tight = dataclasses.replace(exam, min_kb=10, max_kb=20)
    noise = Image.fromarray(np.random.default_rng(7).integers(0, 256, (640, 480, 3), dtype=np.uint8))
    data = encode_jpeg(noise, tight)
    assert len(data) > 20_000
    assert len(data) < len(encode_jpeg(noise, exam))  # the lowest quality, returned as it is
    check = file_size(len(data), tight)
    assert check.problem is not None and check.problem.code == "photo.jpeg_too_large"
    assert check.problem.text("zh") == "照片噪点太多，文件无法压缩到 20 KB 以内：请在充足光线下重新拍摄。"


def framed(pixels: Pixels, profile: PhotoProfile) -> Image.Image:
    return Image.fromarray(pixels).resize((profile.width, profile.height), Image.Resampling.LANCZOS)


def spread(on_blue: Pixels) -> dict[str, Pixels]:
    """Pictures whose JPEG sizes fall with quality at very different rates."""
    rng = np.random.default_rng(11)
    return {
        "astronaut": on_blue,
        "noisy": np.clip(on_blue + rng.normal(0, 8, on_blue.shape), 0, 255).astype(np.uint8),
        "dark": (on_blue * 0.3).astype(np.uint8),
        "bright": np.clip(255 * (on_blue / 255.0) ** 0.3, 0, 255).astype(np.uint8),
        "large face": np.ascontiguousarray(on_blue[40:200, 150:310]),
        "blurred": np.asarray(Image.fromarray(on_blue).filter(ImageFilter.GaussianBlur(2))),
        "fur": data.chelsea(),
        "coffee": data.coffee(),
        "grainy sky": np.clip(
            np.full((512, 384, 3), (100, 197, 255)) + rng.normal(0, 6, (512, 384, 3)), 0, 255
        ).astype(np.uint8),
    }


@pytest.mark.parametrize("name", ["exam", "small", "id_card"])
def test_every_picture_lands_near_the_top_of_the_window_in_a_few_encodes(
    on_blue: Pixels, profiles: PhotoProfiles, name: str
) -> None:
    """The quality is predicted, not searched: the binary search took nine encodes for each of
    these that did not fit at once. The count is the encoder's own (encodes_made), not a
    stand-in."""
    profile = profiles.get(name)
    low, high = size_bounds(profile)
    counts = []
    for label, pixels in spread(on_blue).items():
        image = framed(pixels, profile)
        before = encodes_made()
        data = encode_jpeg(image, profile)
        used = encodes_made() - before
        counts.append(used)
        assert low <= len(data) <= high, (label, len(data))
        assert used <= 4, (label, used)
        # near the top of the window: no quality step up would still fit
        quality = next(q for q in range(HIGHEST_QUALITY, LOWEST_QUALITY - 1, -1)
                       if len(_encode(image, q, profile.dpi)) == len(data))
        assert quality == HIGHEST_QUALITY or len(data) >= GOOD_ENOUGH * high or len(
            _encode(image, quality + 3, profile.dpi)) > high, (label, quality, len(data))
    assert sum(counts) <= 3 * len(counts), counts


def test_a_photo_that_fits_at_the_highest_quality_takes_one_encode(exam: PhotoProfile) -> None:
    flat = Image.new("RGB", (480, 640), (100, 197, 255))
    before = encodes_made()
    encode_jpeg(flat, exam)
    assert encodes_made() - before == 1


def sizes_from(steps: list[int], start: int) -> dict[int, int]:
    sizes, total = {}, start
    for quality, step in zip(range(LOWEST_QUALITY, HIGHEST_QUALITY + 1), steps, strict=True):
        total += step
        sizes[quality] = total
    return sizes


QUALITIES = HIGHEST_QUALITY - LOWEST_QUALITY + 1


@given(
    steps=st.lists(st.integers(0, 3000), min_size=QUALITIES, max_size=QUALITIES),
    start=st.integers(1, 5000), low=st.integers(0, 60_000), width=st.integers(0, 60_000),
)
def test_search_lands_in_any_window_a_quality_reaches(steps: list[int], start: int, low: int, width: int) -> None:
    """Against any sizes that grow with quality, however far from the typical curve (flat
    stretches, jumps), the predictions may miss but the search still ends in the window when
    some quality lands there, within MAX_ENCODES; otherwise it returns the best quality that
    fits, or the lowest when none does."""
    sizes = sizes_from(steps, start)
    high = low + width
    calls: list[int] = []

    def encode(quality: int) -> bytes:
        calls.append(quality)
        return bytes([quality]) * sizes[quality]

    result = quality_search(encode, (low, high))
    returned = result[0]
    assert len(calls) <= MAX_ENCODES
    assert len(set(calls)) == len(calls)  # no quality encoded twice
    fitting = [q for q, size in sizes.items() if size <= high]
    if sizes[HIGHEST_QUALITY] <= high:
        assert (returned, calls) == (HIGHEST_QUALITY, [HIGHEST_QUALITY])
    elif any(low <= size <= high for size in sizes.values()):
        assert low <= len(result) <= high
        if not len(result) >= GOOD_ENOUGH * high:
            assert returned == max(fitting)  # settled for less only when nothing better fits
    elif fitting:
        assert returned == max(fitting)
    else:
        assert returned == LOWEST_QUALITY


def test_prediction_follows_the_quantiser_scale_not_the_quality_number() -> None:
    """Sizes that go as the quantiser scale to the power -0.55 (the typical photo) are hit by
    the first prediction; a line in quality would have landed far below the window."""
    def encode(quality: int) -> bytes:
        scale = 5000 / quality if quality < 50 else 200 - 2 * quality
        return bytes(round(80_000 * (scale / 10) ** -0.55))

    calls: list[int] = []

    def counted(quality: int) -> bytes:
        calls.append(quality)
        return encode(quality)

    result = quality_search(counted, (20 * 1024, 40_000))
    assert GOOD_ENOUGH * 40_000 <= len(result) <= 40_000
    assert len(calls) == 2
