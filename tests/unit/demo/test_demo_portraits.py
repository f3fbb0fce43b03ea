"""Demo portraits: real JPEGs that meet the exam-photo profile, reproducibly and quickly."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys

import pytest
from PIL import Image, ImageStat

from conftest import TODAY
from learncenter.context import AppContext
from learncenter.domain.candidate import Gender
from learncenter.services.demo import portrait_pool, render_portrait
from learncenter.services.demo.portraits import BACKGROUND, DEFAULT_SIZE_RANGE, face_layout

SEEDS = range(200)


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def top_corner_means(image: Image.Image, patch: int = 12) -> list[list[float]]:
    """The top corners: the bottom ones are usually covered by the shoulders, as in life."""
    w = image.width
    return [ImageStat.Stat(image.crop((x, 0, x + patch, patch))).mean for x in (0, w - patch)]


def distance_from_background(image: Image.Image, xy: tuple[int, int]) -> int:
    pixel = image.getpixel(xy)
    assert isinstance(pixel, tuple)
    return sum(abs(int(p) - b) for p, b in zip(pixel, BACKGROUND))


@pytest.fixture(scope="module")
def photos() -> list[bytes]:
    return [render_portrait(seed) for seed in SEEDS]


def test_same_seed_gives_the_same_bytes() -> None:
    assert render_portrait(42) == render_portrait(42)
    assert render_portrait(42) != render_portrait(43)
    assert render_portrait(42, gender="1") != render_portrait(42, gender="2")


def test_bytes_do_not_depend_on_the_process() -> None:
    """The noise comes from a seeded stream, not from Pillow's unseeded generator."""
    code = ("import hashlib; from learncenter.services.demo import render_portrait as r; "
            "print(hashlib.sha256(r(5) + r(6, gender='2')).hexdigest())")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout.strip()
    assert out == hashlib.sha256(render_portrait(5) + render_portrait(6, gender="2")).hexdigest()


def test_photos_are_baseline_jpegs_at_300_dpi(photos: list[bytes]) -> None:
    for data in photos[:50]:
        image = decode(data)
        assert image.format == "JPEG"
        assert image.size == (480, 640) and image.mode == "RGB"
        assert tuple(round(v) for v in image.info["dpi"]) == (300, 300)
        assert not image.info.get("progressive") and not image.info.get("progression")


def test_file_sizes_are_within_20_to_40_kb(photos: list[bytes]) -> None:
    sizes = [len(p) for p in photos]
    lo, hi = DEFAULT_SIZE_RANGE
    print(f"\nportrait sizes over {len(sizes)} seeds: {min(sizes)}-{max(sizes)} bytes")
    assert lo >= 20 * 1024 and hi <= 40_000
    assert all(lo <= s <= hi for s in sizes), (min(sizes), max(sizes))


def test_background_is_light_blue_in_the_corners(photos: list[bytes]) -> None:
    for data in photos[:50]:
        for mean in top_corner_means(decode(data)):
            assert all(abs(m - b) <= 8 for m, b in zip(mean, BACKGROUND)), mean


def test_face_geometry_fits_the_exam_profile() -> None:
    for seed in range(500):
        layout = face_layout(seed)
        assert 50 <= layout.head_top <= 110
        assert 200 <= layout.eye_y <= 300
        assert 180 <= layout.face_width <= 300
        assert abs(layout.centre_x - 240) <= 10
        assert layout.shoulder_top < 640


def test_the_face_is_drawn_where_the_layout_says(photos: list[bytes]) -> None:
    for seed, data in list(zip(SEEDS, photos))[:30]:
        layout = face_layout(seed)
        image = decode(data)
        cheek_y = layout.eye_y + layout.face_height // 6
        offset = layout.face_width // 3
        for x in (layout.centre_x - offset, layout.centre_x + offset):
            assert distance_from_background(image, (x, cheek_y)) > 80, seed
        # Beside the head at eye level is background again.
        assert distance_from_background(image, (15, layout.eye_y)) < 40, seed


def test_gender_codes() -> None:
    assert render_portrait(1, gender=Gender.FEMALE) == render_portrait(1, gender="2")
    with pytest.raises(ValueError):
        render_portrait(1, gender="女")


def test_other_profiles() -> None:
    white = (255, 255, 255)
    for seed in range(20):
        data = render_portrait(seed, width=358, height=441, background=white,
                               size_range=(14 * 1024, 20_000), dpi=350)
        image = decode(data)
        assert image.size == (358, 441) and 14 * 1024 <= len(data) <= 20_000
        assert tuple(round(v) for v in image.info["dpi"]) == (350, 350)
        assert all(min(mean) > 245 for mean in top_corner_means(image))
        small = render_portrait(seed, width=360, height=480, background=white,
                                size_range=(10 * 1024, 50_000))
        assert decode(small).size == (360, 480) and 10 * 1024 <= len(small) <= 50_000


def test_pool_is_deterministic_and_alternates_gender() -> None:
    pool = portrait_pool(6, seed=9)
    assert len(pool) == len(set(pool)) == 6
    assert pool == portrait_pool(6, seed=9)
    assert pool != portrait_pool(6, seed=10)
    assert pool[1] == portrait_pool(2, seed=9, gender="2")[1]
    assert portrait_pool(0, seed=1) == []


def test_each_demo_candidate_gets_a_portrait_of_their_gender(ctx: AppContext) -> None:
    from sqlalchemy import select

    from learncenter.services.demo_setup import PORTRAITS, fill_demo
    from learncenter.store.models import Record

    fill_demo(ctx.db, ctx.records, ctx.users, candidates=12, confirmed=0, seed=7, today=TODAY, exams=ctx.exams)
    pool = portrait_pool(max(2, min(PORTRAITS, 12)), seed=7)
    female_of = {hashlib.sha256(photo).hexdigest(): index % 2 == 1 for index, photo in enumerate(pool)}
    with ctx.db.session() as session:
        people = session.execute(select(Record.gender, Record.photo_sha256)).all()
    assert len(people) == 12 and {gender for gender, _ in people} == {"1", "2"}
    assert all(female_of[sha256] == (gender == "2") for gender, sha256 in people)
