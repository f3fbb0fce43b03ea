"""process_photo end to end on real photographs: what passes, what fails, and why.

Each failure case changes one thing about the good photo and asserts the exact set of checks
that fail, so a check that starts failing (or passing) for the wrong reason shows up.
"""

from __future__ import annotations

import dataclasses
import io

import cv2
import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image, ImageFilter, JpegImagePlugin
from skimage import data

from learncenter.domain.photo_profile import PhotoProfile, PhotoProfiles
from learncenter.media import PhotoResult, process_photo, size_bounds

Pixels = npt.NDArray[np.uint8]
ALL_CHECKS = (
    "face_found", "single_face", "face_size", "face_centred", "eyes_height",
    "background", "background_uniform", "sharpness", "brightness", "file_size",
)


def jpeg(pixels: Pixels, quality: int = 92) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def failed(result: PhotoResult) -> dict[str, str]:
    """Failing checks by name, with their problem code."""
    return {check.name: check.problem.code for check in result.failed if check.problem is not None}


def test_astronaut_on_light_blue_passes_every_check(on_blue: Pixels, native: PhotoProfile) -> None:
    result = process_photo(jpeg(on_blue), native)
    assert result.passed, failed(result)
    assert tuple(check.name for check in result.checks) == ALL_CHECKS
    assert all(check.problem is None for check in result.checks)
    assert result.source_size == (512, 512)
    assert result.face is not None and 170 <= result.face.x <= 185 and 90 <= result.face.width <= 105
    assert result.jpeg is not None
    low, high = size_bounds(native)
    assert low <= len(result.jpeg) <= high
    with Image.open(io.BytesIO(result.jpeg)) as photo:
        assert (photo.format, photo.mode, photo.size) == ("JPEG", "RGB", (192, 256))
        assert photo.info["dpi"] == pytest.approx((300, 300))
        assert not photo.info.get("progressive") and not photo.info.get("progression")
        assert JpegImagePlugin.get_sampling(photo) == 2  # 4:2:0
        assert "exif" not in photo.info  # the orientation is applied, the camera's metadata dropped
    checks = {check.name: check for check in result.checks}
    assert checks["face_size"].value == pytest.approx(96, abs=1)  # middle of 72-120
    assert checks["eyes_height"].value == pytest.approx(100, abs=3)  # middle of 80-120
    assert checks["face_centred"].value == pytest.approx(0, abs=0.01)


def test_the_original_grey_backdrop_fails_only_the_background_colour(
    astronaut: Pixels, native: PhotoProfile
) -> None:
    result = process_photo(jpeg(astronaut), native)
    assert failed(result) == {"background": "photo.background_colour"}
    assert result.jpeg is not None  # a supervisor may still accept it
    problem = result.failed[0].problem
    assert problem is not None
    assert problem.text("zh") == "背景颜色不符：请站到浅蓝色背景前。"
    assert problem.text("en") == "Wrong background colour: stand in front of a light blue background."


def test_white_backdrop_fails_the_blue_profile_and_passes_a_white_one(
    astronaut: Pixels, backdrop: npt.NDArray[np.bool_], native: PhotoProfile
) -> None:
    on_white = astronaut.copy()
    on_white[backdrop] = 255
    data_ = jpeg(on_white)
    assert failed(process_photo(data_, native)) == {"background": "photo.background_colour"}
    white = dataclasses.replace(native, background=(255, 255, 255), background_tolerance=30)
    result = process_photo(data_, white)
    assert result.passed, failed(result)


def test_shadow_on_one_side_of_the_backdrop_fails_uniformity(
    on_blue: Pixels, backdrop: npt.NDArray[np.bool_], native: PhotoProfile
) -> None:
    shadowed = on_blue.copy()
    shade = backdrop.copy()
    shade[:, :226] = False  # right of the face centre
    shadowed[shade] = (shadowed[shade] * 0.7).astype(np.uint8)
    result = process_photo(jpeg(shadowed), native)
    assert failed(result) == {"background_uniform": "photo.background_uneven"}


def test_no_face_in_a_plain_image_or_a_cup_of_coffee(native: PhotoProfile) -> None:
    for pixels in (np.full((480, 640, 3), 128, np.uint8), data.coffee(), data.chelsea()):
        result = process_photo(jpeg(pixels), native)
        assert not result.passed and result.jpeg is None and result.face is None
        assert [(c.name, c.value) for c in result.checks] == [("face_found", 0)]
        assert failed(result) == {"face_found": "photo.no_face"}
        problem = result.checks[0].problem
        assert problem is not None and problem.text("zh").startswith("没有找到人脸：请考生正对镜头")


def test_two_people_side_by_side_fail_single_face_but_are_still_framed(
    on_blue: Pixels, native: PhotoProfile
) -> None:
    result = process_photo(jpeg(np.concatenate([on_blue, on_blue], axis=1)), native)
    assert failed(result) == {"single_face": "photo.several_faces"}
    assert result.check("single_face") is not None and result.check("single_face").value == 2  # type: ignore[union-attr]
    assert result.jpeg is not None
    problem = result.failed[0].problem
    assert problem is not None and problem.text("zh") == "检测到 2 张人脸：请其他人离开镜头，镜头前只能有考生一人。"


def test_a_thumbnail_has_no_face_large_enough_to_find(on_blue: Pixels, native: PhotoProfile) -> None:
    tiny = cv2.resize(on_blue, (64, 64), interpolation=cv2.INTER_AREA)  # the face is ~12 px
    assert failed(process_photo(jpeg(tiny), native)) == {"face_found": "photo.no_face"}


def test_face_too_small_for_the_exam_size_would_need_enlarging(on_blue: Pixels, exam: PhotoProfile) -> None:
    """97 px of face cannot become 240 px without looking soft. It is in focus, though: the
    sharpness check judges blur relative to the face, so this is the face size's failure."""
    result = process_photo(jpeg(on_blue), exam)
    assert failed(result) == {"face_size": "photo.face_too_small"}
    problem = result.check("face_size").problem  # type: ignore[union-attr]
    assert problem is not None and result.face is not None
    face_px = round(result.face.width)
    assert 90 <= face_px <= 105
    assert problem.text("zh") == f"脸部太小：请靠近镜头（脸宽只有 {face_px} 像素，至少要 192 像素）。"
    assert problem.text("en") == f"Face too small: step closer to the camera (the face is {face_px} pixels wide, 192 needed)."
    assert result.jpeg is not None and Image.open(io.BytesIO(result.jpeg)).size == (480, 640)


def test_face_filling_the_frame_is_too_large_and_hides_the_background(
    on_blue: Pixels, native: PhotoProfile
) -> None:
    result = process_photo(jpeg(np.ascontiguousarray(on_blue[40:200, 150:310])), native)
    assert failed(result) == {
        "face_size": "photo.face_too_large",
        "background": "photo.background_hidden",
        "background_uniform": "photo.background_hidden",
    }
    assert result.crop_box is not None
    left, top, right, bottom = result.crop_box
    assert 0 <= left and 0 <= top and right <= 160 and bottom <= 160  # shrunk to fit, not padded


def test_candidate_at_the_edge_of_the_picture_is_off_centre(on_blue: Pixels, native: PhotoProfile) -> None:
    result = process_photo(jpeg(np.ascontiguousarray(on_blue[:, 150:])), native)
    assert failed(result) == {"face_centred": "photo.face_off_centre"}
    offset = result.check("face_centred").value  # type: ignore[union-attr]
    assert offset is not None and offset < -0.05  # the face sits left of the middle


def test_no_room_above_the_head_puts_the_eyes_too_high(on_blue: Pixels, native: PhotoProfile) -> None:
    result = process_photo(jpeg(np.ascontiguousarray(on_blue[50:])), native)
    assert failed(result) == {"eyes_height": "photo.head_too_high"}


def test_picture_ending_at_the_chin_puts_the_eyes_too_low(on_blue: Pixels, native: PhotoProfile) -> None:
    sky = np.empty((100, 512, 3), np.uint8)
    sky[:] = (100, 197, 255)
    cut_at_chin = np.concatenate([sky, on_blue[:200]])  # room above, none below
    result = process_photo(jpeg(cut_at_chin), native)
    assert failed(result) == {"eyes_height": "photo.head_too_low"}


def test_blurred_photo_fails_sharpness_only(on_blue: Pixels, native: PhotoProfile) -> None:
    blurred = np.asarray(Image.fromarray(on_blue).filter(ImageFilter.GaussianBlur(2.5)))
    assert failed(process_photo(jpeg(blurred), native)) == {"sharpness": "photo.blurry"}


def test_dark_photo_is_too_dark_not_blurred(on_blue: Pixels, native: PhotoProfile) -> None:
    dark = (on_blue * 0.25).astype(np.uint8)
    # the backdrop is dark too, so it no longer looks light blue
    assert failed(process_photo(jpeg(dark), native)) == {
        "brightness": "photo.too_dark", "background": "photo.background_colour",
    }


def test_overexposed_photo_is_too_bright(on_blue: Pixels, native: PhotoProfile) -> None:
    bright = np.clip(255 * (on_blue / 255.0) ** 0.3, 0, 255).astype(np.uint8)
    assert failed(process_photo(jpeg(bright), native)) == {
        "brightness": "photo.too_bright", "background": "photo.background_colour",
    }


def test_twelve_megapixel_photo_passes(on_blue: Pixels, native: PhotoProfile) -> None:
    canvas = np.empty((3000, 4000, 3), np.uint8)
    canvas[:] = (100, 197, 255)
    canvas[200:, 600:3400] = cv2.resize(on_blue, (2800, 2800), interpolation=cv2.INTER_LANCZOS4)[:2800]
    result = process_photo(jpeg(canvas, 90), native)
    assert result.passed, failed(result)
    assert result.source_size == (4000, 3000)
    assert result.face is not None and result.face.width == pytest.approx(97 * 2800 / 512, rel=0.1)


def test_profile_without_an_eye_range_does_not_check_it(on_blue: Pixels, profiles: PhotoProfiles) -> None:
    id_card = profiles.get("id_card")
    assert id_card.eyes_top is None
    names = [check.name for check in process_photo(jpeg(on_blue), id_card).checks]
    assert "eyes_height" not in names and "face_size" in names


def test_every_failed_check_carries_a_problem_and_every_passed_one_none(
    astronaut: Pixels, exam: PhotoProfile
) -> None:
    result = process_photo(jpeg(astronaut), exam)
    assert not result.passed
    for check in result.checks:
        assert (check.problem is None) == check.passed, check
    assert result.problems == tuple(check.problem for check in result.failed)


def test_sensor_noise_neither_hides_blur_nor_is_taken_for_it(
    on_blue: Pixels, native: PhotoProfile, exam: PhotoProfile
) -> None:
    rng = np.random.default_rng(3)

    def noisy(pixels: Pixels) -> Pixels:
        return np.clip(pixels + rng.normal(0, 8, pixels.shape), 0, 255).astype(np.uint8)

    enlarged = cv2.resize(on_blue, (1280, 1280), interpolation=cv2.INTER_LANCZOS4)  # face ~240 px
    blurred = np.asarray(Image.fromarray(enlarged).filter(ImageFilter.GaussianBlur(3)))
    assert failed(process_photo(jpeg(noisy(blurred)), exam)) == {"sharpness": "photo.blurry"}
    assert failed(process_photo(jpeg(noisy(on_blue)), native)) == {}


@pytest.mark.parametrize("name", ["exam", "small", "id_card"])
def test_sharpness_means_the_same_at_every_profile_size(
    on_blue: Pixels, profiles: PhotoProfiles, name: str
) -> None:
    """The same photo is as sharp for a 358x441 as for a 480x640 profile; so is its blur."""
    profile = profiles.get(name)
    enlarged = cv2.resize(on_blue, (1280, 1280), interpolation=cv2.INTER_LANCZOS4)
    blurred = np.asarray(Image.fromarray(enlarged).filter(ImageFilter.GaussianBlur(3)))
    sharp_check = process_photo(jpeg(enlarged), profile).check("sharpness")
    blurred_check = process_photo(jpeg(blurred), profile).check("sharpness")
    assert sharp_check is not None and sharp_check.passed
    assert blurred_check is not None and not blurred_check.passed
    assert blurred_check.problem is not None and blurred_check.problem.text("zh") == "照片模糊：请保持不动并对焦。"
