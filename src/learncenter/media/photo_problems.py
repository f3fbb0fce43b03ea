"""What the photo pipeline can tell the clerk, in both shipped languages.

Two kinds of message live here. A :class:`PhotoError` means the bytes are not a photo we can
work with at all (empty, not an image, damaged, absurdly large); there is nothing to frame and
nothing a supervisor could accept. The check messages describe a photo that *was* framed but
misses one requirement of the profile; each names what to do at the camera, because the clerk
standing there can change the light, the distance or the backdrop, not the pixels.
"""

from __future__ import annotations

from learncenter.domain.codes import Label, label_params
from learncenter.domain.messages import DomainError, Problem, define

FIELD = "photo"

EMPTY = define(
    "photo.empty",
    zh="照片文件是空的：请重新拍摄或重新选择文件。",
    en="The photo file is empty: take the photo again or choose another file.",
)
FILE_TOO_LARGE = define(
    "photo.file_too_large",
    zh="照片文件太大（{size_mb} MB，最多 {limit_mb} MB）：请用相机的普通画质重新拍摄。",
    en="The photo file is too large ({size_mb} MB, at most {limit_mb} MB): take it again at normal quality.",
)
NOT_AN_IMAGE = define(
    "photo.not_an_image",
    zh="这个文件不是照片（可以读取 JPEG、PNG、BMP、TIFF、WebP、GIF）：请选择照片文件。",
    en="This file is not a photo (JPEG, PNG, BMP, TIFF, WebP and GIF can be read): choose a photo file.",
)
UNSUPPORTED_FORMAT = define(
    "photo.unsupported_format",
    zh="无法读取 {format} 格式的照片：请在手机或相机上改为保存 JPEG 格式后重新拍摄。",
    en="{format} photos cannot be read: set the phone or camera to save JPEG and take the photo again.",
)
CORRUPT = define(
    "photo.corrupt",
    zh="照片文件已损坏或不完整：请重新拍摄，或重新复制文件。",
    en="The photo file is damaged or incomplete: take the photo again or copy the file again.",
)
TOO_MANY_PIXELS = define(
    "photo.too_many_pixels",
    zh="照片像素太多（超过 {limit} 百万像素）：请用较低的分辨率重新拍摄。",
    en="The image is too large (over {limit} megapixels): take it again at a lower resolution.",
)

NO_FACE = define(
    "photo.no_face",
    zh="没有找到人脸：请考生正对镜头，摘下帽子和墨镜。",
    en="No face found: have the candidate face the camera, without hat or sunglasses.",
)
SEVERAL_FACES = define(
    "photo.several_faces",
    zh="检测到 {count} 张人脸：请其他人离开镜头，镜头前只能有考生一人。",
    en="{count} faces found: ask everyone else to step out of the picture; only the candidate may be in it.",
)
FACE_TOO_SMALL = define(
    "photo.face_too_small",
    zh="脸部太小：请靠近镜头（脸宽只有 {face_px} 像素，至少要 {needed_px} 像素）。",
    en="Face too small: step closer to the camera (the face is {face_px} pixels wide, {needed_px} needed).",
)
FACE_TOO_LARGE = define(
    "photo.face_too_large",
    zh="脸部太大：请离镜头远一点。",
    en="Face too large: step back from the camera.",
)
FACE_OFF_CENTRE = define(
    "photo.face_off_centre",
    zh="人脸没有居中：请考生站到镜头正中间。",
    en="Face not centred: have the candidate stand in the middle of the frame.",
)
HEAD_TOO_HIGH = define(
    "photo.head_too_high",
    zh="头顶上方空间不够：请把镜头稍微向上移。",
    en="Too little room above the head: aim the camera a little higher.",
)
HEAD_TOO_LOW = define(
    "photo.head_too_low",
    zh="头部太靠下，肩部没有拍全：请把镜头稍微向下移。",
    en="The head is too low and the shoulders are cut off: aim the camera a little lower.",
)
BACKGROUND_COLOUR = define(
    "photo.background_colour",
    zh="背景颜色不符：请站到{colour_zh}背景前。",
    en="Wrong background colour: stand in front of a {colour_en} background.",
)
BACKGROUND_HIDDEN = define(
    "photo.background_hidden",
    zh="照片里几乎看不到背景，无法检查背景：请离镜头远一点。",
    en="Too little background is visible to check it: step back from the camera.",
)
BACKGROUND_UNEVEN = define(
    "photo.background_uneven",
    zh="背景不均匀（有阴影或杂物）：请考生离背景远一点，并把背景照亮均匀。",
    en="Uneven background (shadow or objects): have the candidate stand further from the backdrop and light it evenly.",
)
BLURRY = define(
    "photo.blurry",
    zh="照片模糊：请保持不动并对焦。",
    en="Photo blurred: hold still and focus.",
)
TOO_DARK = define(
    "photo.too_dark",
    zh="光线太暗：请打开灯光，或让考生面向光源。",
    en="Too dark: turn on more light or have the candidate face the light.",
)
TOO_BRIGHT = define(
    "photo.too_bright",
    zh="光线太亮：请避开直射光，或关闭闪光灯。",
    en="Too bright: avoid direct light or switch off the flash.",
)
JPEG_TOO_SMALL = define(
    "photo.jpeg_too_small",
    zh="照片细节太少，文件达不到 {min_kb} KB：请在充足光线下重新拍摄清晰的照片。",
    en="Too little detail to reach {min_kb} KB: take a sharp photo again in good light.",
)
JPEG_TOO_LARGE = define(
    "photo.jpeg_too_large",
    zh="照片噪点太多，文件无法压缩到 {max_kb} KB 以内：请在充足光线下重新拍摄。",
    en="Too much noise to fit in {max_kb} KB: take the photo again in better light.",
)

# Backdrop colours offices actually use; the profile's colour is named by the nearest one.
_COLOUR_NAMES: tuple[tuple[tuple[int, int, int], Label], ...] = (
    ((100, 197, 255), Label("浅蓝色", "light blue")),
    ((67, 142, 219), Label("蓝色", "blue")),
    ((255, 255, 255), Label("白色", "white")),
    ((210, 210, 210), Label("浅灰色", "light grey")),
    ((255, 0, 0), Label("红色", "red")),
)
_COLOUR_NAME_REACH = 48  # largest per-channel difference at which a name still fits


def colour_label(rgb: tuple[int, int, int]) -> Label:
    """A name for a backdrop colour the clerk can act on; the RGB triple when none fits."""
    distance, label = min(
        (max(abs(a - b) for a, b in zip(rgb, named, strict=True)), label) for named, label in _COLOUR_NAMES
    )
    if distance <= _COLOUR_NAME_REACH:
        return label
    code = "RGB({}, {}, {})".format(*rgb)
    return Label(code, code)


def colour_params(rgb: tuple[int, int, int]) -> dict[str, str]:
    return label_params("colour", colour_label(rgb))


def problem(code: str, **params: object) -> Problem:
    return Problem(code, FIELD, params)


class PhotoError(DomainError):
    """The input cannot be treated as a photo at all; carries the one problem that says why."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(problem(code, **params))
