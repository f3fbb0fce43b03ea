"""Finding the face and planning the crop: geometry that must hold for every face and source."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from skimage import data

from learncenter.domain.photo_profile import PhotoProfile, PhotoProfiles
from learncenter.media.face_detection import find_faces
from learncenter.media.photo_result import FaceBox
from learncenter.media.framing import (
    cut,
    plan_framing,
    target_eyes_y,
    target_face_width,
)

Pixels = npt.NDArray[np.uint8]


def test_the_astronaut_has_one_face_where_she_is(astronaut: Pixels) -> None:
    (face,) = find_faces(Image.fromarray(astronaut))
    # her face spans about x 177-274, y 66-163; the eyes are at y ~ 101
    assert face.x == pytest.approx(177, abs=6) and face.y == pytest.approx(66, abs=6)
    assert face.width == pytest.approx(97, abs=8) and face.height == pytest.approx(face.width)
    assert face.eyes_seen and face.eyes_y == pytest.approx(101, abs=4)


def test_eye_line_is_estimated_when_the_eyes_are_too_small_to_find(astronaut: Pixels) -> None:
    small = Image.fromarray(astronaut).resize((200, 200), Image.Resampling.LANCZOS)
    (face,) = find_faces(small)
    assert not face.eyes_seen
    assert face.eyes_y == pytest.approx(face.y + 0.38 * face.height)
    assert face.eyes_y == pytest.approx(101 * 200 / 512, abs=3)


def test_pictures_without_people_have_no_faces() -> None:
    for pixels in (data.coffee(), data.chelsea(), data.rocket(), data.coins(), data.camera()):
        assert find_faces(Image.fromarray(pixels)) == ()


def test_detection_on_a_shrunk_copy_reports_coordinates_of_the_original(astronaut: Pixels) -> None:
    big = Image.fromarray(astronaut).resize((2048, 2048), Image.Resampling.LANCZOS)
    (face,) = find_faces(big)  # scanned at 480x480
    assert face.x == pytest.approx(177 * 4, abs=30) and face.width == pytest.approx(97 * 4, abs=35)


def test_face_is_framed_at_the_middle_of_the_profile_ranges(exam: PhotoProfile) -> None:
    face = FaceBox(x=1800, y=900, width=400, height=400, eyes_y=1052)
    framing = plan_framing(face, (4000, 3000), exam)
    assert (target_face_width(exam), target_eyes_y(exam)) == (240, 250)
    assert framing.scale == pytest.approx(0.6) and framing.fit == 1
    assert framing.face.width == pytest.approx(240)
    assert framing.face.eyes_y == pytest.approx(250)
    assert framing.face.centre_x == pytest.approx(240)
    left, top, right, bottom = framing.box
    assert (right - left, bottom - top) == pytest.approx((800, 800 * 4 / 3))


def test_crop_is_moved_inside_the_source_rather_than_padded(exam: PhotoProfile) -> None:
    face = FaceBox(x=0, y=900, width=400, height=400, eyes_y=1052)  # at the left edge
    framing = plan_framing(face, (4000, 3000), exam)
    assert framing.box[0] == 0
    assert framing.face.centre_x == pytest.approx(200 * 0.6)  # left of the middle (240)
    assert framing.face.width == pytest.approx(240)


def test_face_too_close_shrinks_the_crop_and_grows_the_face(exam: PhotoProfile) -> None:
    face = FaceBox(x=100, y=100, width=400, height=400, eyes_y=252)
    framing = plan_framing(face, (600, 600), exam)  # the ideal crop is 800x1067
    left, top, right, bottom = framing.box
    assert bottom - top == pytest.approx(600) and right - left == pytest.approx(450)
    assert framing.fit == pytest.approx(600 / (800 * 4 / 3))
    assert framing.face.width == pytest.approx(400 * 640 / 600)
    assert framing.ideal_scale == pytest.approx(0.6)


def test_cut_resamples_the_crop_from_a_reduced_decode(exam: PhotoProfile) -> None:
    source = np.zeros((300, 400, 3), np.uint8)
    source[:, 200:] = 255  # right half white, at a quarter of a 1600x1200 source
    framing = plan_framing(FaceBox(700, 300, 200, 200, 376), (1600, 1200), exam)
    framed = np.asarray(cut(Image.fromarray(source), 0.25, framing, exam))
    assert framed.shape == (640, 480, 3)
    assert framed[:, :230].max() < 10 and framed[:, 250:].min() > 245  # the edge stays at x=800


@settings(max_examples=200, deadline=None)
@given(
    src_w=st.integers(40, 6000), src_h=st.integers(40, 6000),
    fx=st.floats(0, 1), fy=st.floats(0, 1), fw=st.floats(0.05, 1.0), eye=st.floats(0.3, 0.45),
    profile_name=st.sampled_from(["exam", "small", "id_card"]),
)
def test_every_crop_is_inside_the_source_with_the_profile_aspect(
    profiles: PhotoProfiles,
    src_w: int, src_h: int, fx: float, fy: float, fw: float, eye: float, profile_name: str,
) -> None:
    profile = profiles.get(profile_name)
    width = fw * min(src_w, src_h)
    x, y = fx * (src_w - width), fy * (src_h - width)
    face = FaceBox(x, y, width, width, y + eye * width)
    framing = plan_framing(face, (src_w, src_h), profile)
    left, top, right, bottom = framing.box
    tolerance = 1e-6 * max(src_w, src_h)
    assert -tolerance <= left < right <= src_w + tolerance
    assert -tolerance <= top < bottom <= src_h + tolerance
    assert (right - left) / (bottom - top) == pytest.approx(profile.width / profile.height)
    assert framing.scale * (right - left) == pytest.approx(profile.width)
    # the face is never made smaller than the target: only a crop that does not fit grows it
    assert framing.face.width >= target_face_width(profile) * (1 - 1e-9)
    assert framing.fit <= 1
