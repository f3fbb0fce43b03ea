"""Looking where the skin is first: it must find the face sooner, and never lose one."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image

from learncenter.media import face_detection
from learncenter.media.face_detection import find_faces
from learncenter.media.skin_regions import skin_regions

Pixels = npt.NDArray[np.uint8]


def on_canvas(pixels: Pixels, size: tuple[int, int] = (1600, 1200), person: int = 1000) -> Pixels:
    """The astronaut before her light-blue backdrop (``on_blue``) enlarged to ``person`` pixels,
    standing at the bottom middle of a light-blue canvas of ``size``: a standard photo's scene,
    with a face about ``97 * person / 512`` wide."""
    width, height = size
    canvas = np.empty((height, width, 3), np.uint8)
    canvas[:] = (100, 197, 255)
    figure = np.asarray(Image.fromarray(pixels).resize((person, person), Image.Resampling.LANCZOS))
    left, top = (width - person) // 2, height - person
    canvas[top:, left:left + person] = figure[: height - top]
    return canvas


def test_the_region_holds_the_face_and_allows_its_size(on_blue: Pixels) -> None:
    image = Image.fromarray(on_canvas(on_blue))
    scale = 480 / 1600
    regions = skin_regions(image, scale, 48)
    (face,) = find_faces(image)
    box = [face.x * scale, face.y * scale, face.width * scale]
    assert any(
        r.left <= box[0] and box[0] + box[2] <= r.right and r.top <= box[1] and box[1] + box[2] <= r.bottom
        and r.min_face <= box[2] <= r.max_face
        for r in regions
    )
    covered = sum((r.right - r.left) * (r.bottom - r.top) for r in regions)
    assert covered < 0.25 * 480 * 360  # most of the image is never scanned


def test_grey_photos_and_skin_coloured_backdrops_give_no_regions(on_blue: Pixels) -> None:
    colour = Image.fromarray(on_canvas(on_blue))
    assert skin_regions(colour.convert("L").convert("RGB"), 0.3, 48) == ()
    beige = np.full((1200, 1600, 3), (224, 176, 140), np.uint8)  # the whole photo in the band
    assert skin_regions(Image.fromarray(beige), 0.3, 48) == ()


def test_a_backdrop_in_the_skin_band_leaves_the_search_to_the_whole_scan(astronaut: Pixels) -> None:
    """The astronaut's own studio backdrop is a warm grey inside the band: one sprawling region
    with her face in it, not face-shaped, so it is not searched first; the whole scan finds her."""
    image = Image.fromarray(on_canvas(astronaut))
    regions = skin_regions(image, 0.3, 48)
    face_x, face_y = 0.3 * (300 + 226 * 1000 / 512), 0.3 * (200 + 112 * 1000 / 512)
    assert not any(r.left <= face_x <= r.right and r.top <= face_y <= r.bottom for r in regions)
    (face,) = find_faces(image)
    assert face.width == pytest.approx(97 * 1000 / 512, rel=0.12)


@pytest.mark.parametrize("recolour", ["grey", "blue cast"])
def test_a_face_the_skin_band_misses_is_found_by_the_whole_scan(on_blue: Pixels, recolour: str) -> None:
    pixels = on_canvas(on_blue)
    if recolour == "grey":
        image = Image.fromarray(pixels).convert("L").convert("RGB")
    else:  # red and blue swapped: the skin turns blue, the backdrop orange
        image = Image.fromarray(pixels[..., ::-1].copy())
    face_x, face_y = 0.3 * (300 + 226 * 1000 / 512), 0.3 * (200 + 112 * 1000 / 512)
    regions = skin_regions(image, 0.3, 48)
    assert not any(r.left <= face_x <= r.right and r.top <= face_y <= r.bottom for r in regions)
    (face,) = find_faces(image)
    assert face.width == pytest.approx(97 * 1000 / 512, rel=0.12)


def test_the_region_search_finds_the_face_the_whole_scan_finds(
    on_blue: Pixels, monkeypatch: pytest.MonkeyPatch
) -> None:
    image = Image.fromarray(on_canvas(on_blue, person=900))
    (first,) = find_faces(image)
    monkeypatch.setattr(face_detection, "skin_regions", lambda *args: ())
    (whole,) = find_faces(image)
    assert first.width == pytest.approx(whole.width, rel=0.1)
    assert first.centre_x == pytest.approx(whole.centre_x, abs=0.1 * whole.width)
    assert first.eyes_y == pytest.approx(whole.eyes_y, abs=0.1 * whole.width)


def test_only_the_regions_are_scanned_when_they_hold_the_face(
    on_blue: Pixels, monkeypatch: pytest.MonkeyPatch
) -> None:
    scanned: list[object] = []
    real_scan = face_detection._scan

    def counting(grey: object, min_face: int, region: object) -> object:
        scanned.append(region)
        return real_scan(grey, min_face, region)  # type: ignore[arg-type]

    monkeypatch.setattr(face_detection, "_scan", counting)
    find_faces(Image.fromarray(on_canvas(on_blue)))
    assert scanned and None not in scanned
