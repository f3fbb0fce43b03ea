"""What reaches the pipeline as a file: refused inputs, odd colour modes, sideways phones,
and decoding a large JPEG at reduced scale."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms

from learncenter.domain.messages import DomainError
from learncenter.domain.photo_profile import PhotoProfile
from learncenter.media import PhotoError, process_photo
from learncenter.media.decoding import MAX_FILE_BYTES, PhotoSource

Pixels = npt.NDArray[np.uint8]
BLUE = (100, 197, 255)


def encoded(image: Image.Image, fmt: str = "JPEG", **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A valid 8x8 PNG whose header claims another size (CRC recomputed, so only the size lies)."""
    data = bytearray(encoded(Image.new("RGB", (8, 8), BLUE), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF)
    return bytes(data)


def refusal(data: bytes, profile: PhotoProfile) -> str:
    with pytest.raises(PhotoError) as error:
        process_photo(data, profile)
    assert isinstance(error.value, DomainError) and len(error.value.problems) == 1
    problem = error.value.problem
    assert problem.field == "photo"
    assert problem.text("zh") != problem.code and problem.text("en") != problem.code  # defined
    return problem.code


def test_files_that_are_not_photos_are_refused_with_one_clear_reason(native: PhotoProfile) -> None:
    assert refusal(b"", native) == "photo.empty"
    assert refusal("考生名单\n张三,110101199003077777\n".encode(), native) == "photo.not_an_image"
    pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    assert refusal(pdf, native) == "photo.not_an_image"
    assert refusal(bytes(range(256)) * 40, native) == "photo.not_an_image"
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"
    assert refusal(eps, native) == "photo.not_an_image"  # Pillow could, but we never run Ghostscript


def test_iphone_heic_is_named_so_the_clerk_can_switch_the_phone_to_jpeg(native: PhotoProfile) -> None:
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    with pytest.raises(PhotoError) as error:
        process_photo(heic, native)
    assert error.value.problem.code == "photo.unsupported_format"
    assert "HEIC" in error.value.problem.text("zh") and "JPEG" in error.value.problem.text("en")


def test_a_file_over_30_mb_is_refused_before_it_is_parsed(native: PhotoProfile) -> None:
    huge = b"\xff\xd8\xff\xe0" + bytes(MAX_FILE_BYTES)
    with pytest.raises(PhotoError) as error:
        process_photo(huge, native)
    assert error.value.problem.code == "photo.file_too_large"
    assert error.value.problem.text("en").startswith("The photo file is too large (30.0 MB, at most 30 MB)")


def test_truncated_and_damaged_files_are_corrupt(on_blue: Pixels, native: PhotoProfile) -> None:
    whole = encoded(Image.fromarray(on_blue))
    assert refusal(whole[: len(whole) // 2], native) == "photo.corrupt"
    assert refusal(whole[:400], native) == "photo.corrupt"  # header cut inside the tables
    png = bytearray(encoded(Image.fromarray(on_blue), "PNG"))
    png[40] ^= 0xFF  # inside the first chunk after IHDR: its CRC no longer matches
    assert refusal(bytes(png), native) == "photo.corrupt"


def test_decompression_bombs_are_refused_from_the_header(native: PhotoProfile) -> None:
    # 10 gigapixels: Pillow's own DecompressionBombError
    assert refusal(png_claiming(100_000, 100_000), native) == "photo.too_many_pixels"
    # 64 MP: under Pillow's limits, over ours
    with pytest.raises(PhotoError) as error:
        process_photo(png_claiming(8000, 8000), native)
    assert error.value.problem.text("zh") == "照片像素太多（超过 50.0 百万像素）：请用较低的分辨率重新拍摄。"


def test_a_lower_pillow_limit_set_by_the_application_is_respected(
    monkeypatch: pytest.MonkeyPatch, on_blue: Pixels, native: PhotoProfile
) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 200_000)  # the 512x512 photo is 262,144
    assert refusal(encoded(Image.fromarray(on_blue)), native) == "photo.too_many_pixels"
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)  # now Pillow itself warns
    assert refusal(encoded(Image.fromarray(on_blue)), native) == "photo.too_many_pixels"


def test_cmyk_jpeg_from_a_print_shop_is_read_as_rgb(on_blue: Pixels, native: PhotoProfile) -> None:
    cmyk = encoded(Image.fromarray(on_blue).convert("CMYK"), quality=95)
    with Image.open(io.BytesIO(cmyk)) as check:
        assert check.mode == "CMYK"
    decoded = PhotoSource(cmyk).decode(BLUE)
    assert decoded.image.mode == "RGB"
    assert np.abs(np.asarray(decoded.image)[5, 256].astype(int) - BLUE).max() <= 6  # the backdrop
    result = process_photo(cmyk, native)
    assert result.passed, [(c.name, c.value) for c in result.failed]


def test_transparency_becomes_the_profile_background(
    on_blue: Pixels, backdrop: npt.NDArray[np.bool_], native: PhotoProfile
) -> None:
    """A cut-out portrait: the backdrop is transparent (and red underneath, which must not show)."""
    rgba = np.dstack([on_blue, np.full(on_blue.shape[:2], 255, np.uint8)])
    rgba[backdrop] = (255, 0, 0, 0)
    result = process_photo(encoded(Image.fromarray(rgba, "RGBA"), "PNG"), native)
    assert result.passed, [(c.name, c.value) for c in result.failed]
    background = result.check("background")
    assert background is not None and background.value is not None and background.value <= 2


@pytest.mark.parametrize("mode", ["LA", "P", "RGBA"])
def test_grey_and_palette_images_with_transparency(mode: str) -> None:
    base = Image.new("RGBA", (40, 30), (10, 20, 30, 255))
    base.paste((0, 0, 0, 0), (0, 0, 20, 30))  # left half transparent
    image = base.convert(mode) if mode != "P" else base.convert("P", palette=Image.Palette.ADAPTIVE)
    if mode == "P":
        image.info["transparency"] = image.getpixel((0, 0))
    decoded = PhotoSource(encoded(image, "PNG")).decode(BLUE).image
    assert decoded.mode == "RGB"
    assert decoded.getpixel((5, 5)) == BLUE
    assert decoded.getpixel((35, 5)) != BLUE


def test_16_bit_greyscale_is_scaled_not_clipped() -> None:
    ramp = (np.arange(64, dtype=np.uint16) * 1024).reshape(8, 8)  # 0 .. 64512
    image = Image.fromarray(ramp)
    assert image.mode.startswith("I")
    decoded = np.asarray(PhotoSource(encoded(image, "PNG")).decode(BLUE).image)
    assert decoded[..., 0].tolist() == np.round(ramp / 257).astype(np.uint8).tolist()


def test_broken_or_srgb_icc_profiles_do_not_change_the_colours(on_blue: Pixels) -> None:
    plain = np.asarray(PhotoSource(encoded(Image.fromarray(on_blue), quality=95)).decode(BLUE).image)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for icc in (srgb, b"not a colour profile"):
        tagged = encoded(Image.fromarray(on_blue), quality=95, icc_profile=icc)
        assert np.array_equal(np.asarray(PhotoSource(tagged).decode(BLUE).image), plain)


@pytest.mark.parametrize(
    ("orientation", "stored_as"),
    [(3, Image.Transpose.ROTATE_180), (6, Image.Transpose.ROTATE_90), (8, Image.Transpose.ROTATE_270)],
)
def test_phone_photo_stored_sideways_is_turned_upright_by_its_exif_tag(
    on_blue: Pixels, native: PhotoProfile, orientation: int, stored_as: Image.Transpose
) -> None:
    upright = Image.fromarray(np.ascontiguousarray(on_blue[:, 40:440]))  # 400x512: turning shows
    stored = upright.transpose(stored_as)
    exif = Image.Exif()
    exif[0x0112] = orientation
    expected = process_photo(encoded(upright, quality=95), native)
    result = process_photo(encoded(stored, quality=95, exif=exif), native)
    assert result.source_size == (400, 512)
    assert result.passed, [(c.name, c.value) for c in result.failed]
    assert result.face is not None and expected.face is not None
    assert result.face.x == pytest.approx(expected.face.x, abs=6)
    assert result.face.y == pytest.approx(expected.face.y, abs=6)


def test_large_jpeg_is_decoded_at_the_smallest_scale_that_is_big_enough() -> None:
    photo = encoded(Image.new("RGB", (4000, 3000), BLUE), quality=80)
    source = PhotoSource(photo)
    assert source.format == "JPEG" and source.source_size == (4000, 3000)
    small = source.decode(BLUE, at_least=(480, 360))
    assert small.image.size == (500, 375) and small.scale == 0.125
    assert source.decode(BLUE, at_least=(1001, 751)).image.size == (2000, 1500)
    assert source.decode(BLUE).image.size == (4000, 3000)


def test_reduced_decoding_of_a_sideways_jpeg_asks_in_upright_terms() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = encoded(Image.new("RGB", (3000, 4000), BLUE), quality=80, exif=exif)  # stored portrait
    source = PhotoSource(photo)
    assert source.source_size == (4000, 3000)
    decoded = source.decode(BLUE, at_least=(480, 360))
    assert decoded.image.size == (500, 375) and decoded.source_size == (4000, 3000)


def test_png_and_other_formats_decode_in_full() -> None:
    source = PhotoSource(encoded(Image.new("RGB", (900, 600), BLUE), "PNG"))
    assert source.decode(BLUE, at_least=(90, 60)).image.size == (900, 600)
    for fmt in ("BMP", "TIFF", "WEBP", "GIF"):
        assert PhotoSource(encoded(Image.new("RGB", (30, 20), BLUE), fmt)).decode(BLUE).image.size == (30, 20)


def test_degenerate_images_have_no_face_rather_than_an_error(native: PhotoProfile) -> None:
    for image in (Image.new("RGB", (1, 1), BLUE), Image.new("L", (6000, 40), 128), Image.new("1", (300, 400), 1)):
        result = process_photo(encoded(image, "PNG"), native)
        assert [check.name for check in result.failed] == ["face_found"]


@pytest.fixture(scope="module")
def small_files(on_blue: Pixels) -> dict[str, bytes]:
    small = Image.fromarray(on_blue).resize((128, 128))
    return {fmt: encoded(small, fmt) for fmt in ("JPEG", "PNG", "GIF", "BMP", "TIFF", "WEBP")}


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow reports the TIFF damage it skips
@settings(max_examples=150, deadline=None)
@given(fmt=st.sampled_from(["JPEG", "PNG", "GIF", "BMP", "TIFF", "WEBP"]), damage=st.data())
def test_damaged_files_give_a_result_or_a_photo_error_and_nothing_else(
    small_files: dict[str, bytes], native: PhotoProfile, fmt: str, damage: st.DataObject
) -> None:
    data = bytearray(small_files[fmt])
    for _ in range(damage.draw(st.integers(1, 8))):
        at = damage.draw(st.integers(0, len(data) - 1))
        data[at] = damage.draw(st.integers(0, 255))
    cut = damage.draw(st.integers(1, len(data)))
    try:
        result = process_photo(bytes(data[:cut]), native)
    except PhotoError as error:
        assert error.problem.code in {"photo.corrupt", "photo.not_an_image", "photo.too_many_pixels"}
    else:
        assert isinstance(result.passed, bool)
