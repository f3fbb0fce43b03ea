"""The standard photo's JPEG: inside the profile's byte window at the best quality that fits,
and honest when no quality can fit."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import numpy.typing as npt
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, JpegImagePlugin

from learncenter.domain.photo_profile import PhotoProfile, PhotoProfiles
from learncenter.media import encode_jpeg, size_bounds
from learncenter.media.jpeg_encoding import (
    HIGHEST_QUALITY,
    LOWEST_QUALITY,
    best_quality,
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


@given(
    steps=st.lists(st.integers(0, 500), min_size=HIGHEST_QUALITY - LOWEST_QUALITY + 1,
                   max_size=HIGHEST_QUALITY - LOWEST_QUALITY + 1),
    start=st.integers(1, 5000), limit=st.integers(0, 40_000),
)
def test_binary_search_finds_the_highest_quality_that_fits(steps: list[int], start: int, limit: int) -> None:
    """Against sizes that grow with quality, the search must return exactly the best fit."""
    sizes = {}
    total = start
    for quality, step in zip(range(LOWEST_QUALITY, HIGHEST_QUALITY + 1), steps, strict=True):
        total += step
        sizes[quality] = total
    calls: list[int] = []

    def encode(quality: int) -> bytes:
        calls.append(quality)
        return bytes([quality]) * sizes[quality]

    result = best_quality(encode, limit)
    fitting = [q for q, size in sizes.items() if size <= limit]
    expected = max(fitting) if fitting else LOWEST_QUALITY  # nothing fits: the smallest file
    assert result == bytes([expected]) * sizes[expected]
    assert len(calls) <= 9  # 95, 10, then a binary search over 11-94
