"""Turning the bytes a camera, phone or scanner produced into an upright RGB image.

Files reach the clerk from everywhere: phones that store the picture sideways with an EXIF
orientation tag, print shops that send CMYK JPEGs, screenshots with transparency, 16-bit
scans, and now and then a PDF or a Word file by mistake. Everything the rest of the pipeline
sees is RGB and upright, or a :class:`PhotoError` says why not.

Decoding a 12-megapixel JPEG at full size takes about 200 ms on a modest machine, for a
standard photo of only 480x640; so a photo is decoded *at a size*: libjpeg can scale by 1/2,
1/4 or 1/8 while decoding (Pillow's draft mode, 10-20 ms at 1/8), and
:meth:`PhotoSource.decode` picks the smallest scale that is still at least the size asked for.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from learncenter.media import photo_problems as msg
from learncenter.media.photo_problems import PhotoError

MAX_FILE_BYTES = 30 * 1024 * 1024
"""Bytes. A phone JPEG is 2-12 MB; a file over 30 MB is not a portrait worth parsing."""

MAX_PIXELS = 50_000_000
"""Width x height. 50 MP covers every phone and most cameras; a header claiming more is more
likely a decompression bomb than a portrait. Pillow's own, laxer limit also applies."""

READABLE_FORMATS = ("JPEG", "PNG", "BMP", "TIFF", "WEBP", "GIF")
"""Only formats a photo arrives in (JPEG includes the MPO files of some cameras). Pillow could
open more (EPS even runs Ghostscript), and every extra parser is attack surface for no gain."""

_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
"""How the readable formats start: a file that starts so but cannot be opened is damaged, not
some other kind of file."""

_SCALED_DECODERS = ("JPEG", "MPO")
_TRANSPOSED_ORIENTATIONS = (5, 6, 7, 8)
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError)
_WIDE_MODES = ("I", "I;16", "I;16L", "I;16B", "I;16N", "F")
_ISO_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF", b"msf1": "HEIF", b"avif": "AVIF"}
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class DecodedPhoto:
    """An upright RGB image, possibly decoded at reduced scale, and the size it stands for."""

    image: Image.Image
    source_size: tuple[int, int]  # upright, full resolution

    @property
    def scale(self) -> float:
        """Decoded pixels per source pixel (1, 1/2, 1/4 or 1/8 for JPEG, else 1)."""
        return self.image.width / self.source_size[0]


class PhotoSource:
    """A file checked to be a readable photo of sane size, decodable at any scale.

    Opening reads only the header, so the checks for size and format cost nothing; the
    pixels are decoded (possibly more than once, at different scales) by :meth:`decode`.
    ``source_size`` is the upright size at full resolution as the EXIF tag announces it;
    :class:`DecodedPhoto` carries the size the decoder actually produced.
    """

    def __init__(self, data: bytes) -> None:
        if not data:
            raise PhotoError(msg.EMPTY)
        if len(data) > MAX_FILE_BYTES:
            raise PhotoError(msg.FILE_TOO_LARGE, size_mb=round(len(data) / 2**20, 1), limit_mb=MAX_FILE_BYTES // 2**20)
        self._data = data
        with self._open() as img:
            self.format = img.format or ""
            self._raw_size: tuple[int, int] = img.size
            self._transposed = _orientation(img) in _TRANSPOSED_ORIENTATIONS
        raw_w, raw_h = self._raw_size
        self.source_size = (raw_h, raw_w) if self._transposed else (raw_w, raw_h)

    def decode(self, background: tuple[int, int, int], at_least: tuple[int, int] | None = None) -> DecodedPhoto:
        """Decode upright to RGB, compositing transparency onto ``background``.

        ``at_least`` is an upright size the result must not be smaller than; None decodes at
        full resolution. Only JPEG can save work this way; other formats decode in full.
        """
        with self._open() as img:
            loaded_size = img.size
            try:
                if at_least is not None and img.format in _SCALED_DECODERS:
                    want = at_least[::-1] if self._transposed else at_least
                    img.draft("RGB", (max(1, want[0]), max(1, want[1])))
                    loaded_size = img.size
                img.load()
                # In place: returning an upright image would copy every upright one (9 MB at half
                # of 12 MP), and all the decoded image is for is this photo.
                ImageOps.exif_transpose(img, in_place=True)
                upright = img
            except _DECODE_ERRORS:
                raise PhotoError(msg.CORRUPT) from None
        # Trust what exif_transpose did (it also reads XMP) over the tag read at opening.
        swapped = upright.size != loaded_size
        raw_w, raw_h = self._raw_size
        try:
            rgb = _to_rgb(upright, background)
        except (ValueError, OSError):  # a colour mode Pillow cannot convert, e.g. TIFF in LAB
            raise PhotoError(msg.UNSUPPORTED_FORMAT, format=f"{self.format} {upright.mode}") from None
        return DecodedPhoto(rgb, (raw_h, raw_w) if swapped else (raw_w, raw_h))

    def _open(self) -> Image.Image:
        brand = self._data[8:12] if self._data[4:8] == b"ftyp" else b""
        if brand in _ISO_BRANDS:
            raise PhotoError(msg.UNSUPPORTED_FORMAT, format=_ISO_BRANDS[brand])
        try:
            with warnings.catch_warnings():
                # Pillow warns between its two limits; we reject at the lower one anyway. (The
                # filter is process-wide for these few lines; at worst another thread's bomb
                # warning is raised and reported as what it is.)
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                img = Image.open(io.BytesIO(self._data), formats=READABLE_FORMATS)
        except UnidentifiedImageError:
            damaged = self._data.startswith(_SIGNATURES) or (self._data[:4], self._data[8:12]) == (b"RIFF", b"WEBP")
            raise PhotoError(msg.CORRUPT if damaged else msg.NOT_AN_IMAGE) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except _DECODE_ERRORS:
            raise PhotoError(msg.CORRUPT) from None
        if img.width * img.height > pixel_limit():
            img.close()
            raise _too_many_pixels()
        if img.width < 1 or img.height < 1:
            img.close()
            raise PhotoError(msg.CORRUPT)
        return img


def pixel_limit() -> int:
    """MAX_PIXELS, or Pillow's MAX_IMAGE_PIXELS if someone has set that lower."""
    pillow = Image.MAX_IMAGE_PIXELS
    return MAX_PIXELS if pillow is None else min(MAX_PIXELS, int(pillow))


def _too_many_pixels() -> PhotoError:
    return PhotoError(msg.TOO_MANY_PIXELS, limit=round(pixel_limit() / 1e6, 1))


def _orientation(img: Image.Image) -> int:
    try:
        value = img.getexif().get(ExifTags.Base.Orientation, 1)
    except _DECODE_ERRORS:
        return 1  # unreadable EXIF: exif_transpose will ignore it too
    return value if isinstance(value, int) else 1


def _to_rgb(img: Image.Image, background: tuple[int, int, int]) -> Image.Image:
    """8-bit RGB in sRGB; transparent pixels become the backdrop the profile asks for."""
    if img.mode in _WIDE_MODES:
        img = _narrow(img)
    icc = img.info.get("icc_profile")
    has_alpha = img.mode in ("RGBA", "RGBa", "LA", "La", "PA") or "transparency" in img.info
    if has_alpha:
        rgba = img.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (*background, 255))
        canvas.alpha_composite(rgba)
        return canvas.convert("RGB")
    if icc and img.mode in ("RGB", "CMYK"):
        converted = _icc_to_srgb(img, icc)
        if converted is not None:
            return converted
    return img if img.mode == "RGB" else img.convert("RGB")


def _icc_to_srgb(img: Image.Image, icc: bytes) -> Image.Image | None:
    """Colour-manage photos tagged with another space (Display P3 phones, CMYK print files).

    The background check compares colours, so a P3 light blue must be judged as it will look.
    sRGB-tagged files, the common case, are left alone: converting would change nothing.
    """
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if img.mode == "RGB" and "srgb" in ImageCms.getProfileDescription(profile).lower().replace(" ", ""):
            return None
        result = ImageCms.profileToProfile(img, profile, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None  # a broken profile: fall back to the plain conversion
    return result


def _narrow(img: Image.Image) -> Image.Image:
    """16-bit and float greys to 8 bits by range, not by clipping (which would turn a 16-bit
    scan white)."""
    values = np.asarray(img, dtype=np.float64)
    top = float(values.max()) if values.size else 0.0
    if img.mode == "F" and top <= 1.0:
        factor = 255.0
    elif top > 255.0:
        factor = 255.0 / 65535.0
    else:
        factor = 1.0
    narrowed = np.clip(values * factor + 0.5, 0, 255).astype(np.uint8)
    return Image.fromarray(narrowed, "L")
