"""What a standard photo must look like (DOMAIN §3), as data.

Provinces and years differ in size, file weight and background colour, so the requirements are
profiles read from a file the administrator can edit or the registry can push; the photo checks
in ``media/`` measure an image against one of them. This module only holds and validates the
numbers, so it needs no imaging library.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from learncenter.domain.codes import Label
from learncenter.domain.messages import DomainError, Problem, define
from learncenter.domain.profile_reading import NON_NEGATIVE, POSITIVE, ProfileReader

define(
    "photo_profile.unknown",
    zh="没有名为“{name}”的照片规格：可选的有 {names}。",
    en="There is no photo profile named \"{name}\": the available ones are {names}.",
)
define(
    "photo_profile.duplicate",
    zh="照片规格“{name}”定义了不止一次：请删除重复的一项。",
    en="Photo profile \"{name}\" is defined more than once: remove the duplicate.",
)
define(
    "photo_profile.inconsistent",
    zh="照片规格“{name}”中“{key}”的范围超出了照片尺寸 {width}×{height}：请改正。",
    en="In photo profile \"{name}\" the range \"{key}\" lies outside the {width}x{height} image: correct it.",
)

_KB_RANGE = Label("大于0且不小于 min_kb 的整数", "an integer above 0 and not below min_kb")
_KEYS = ("name", "width", "height", "dpi", "min_kb", "max_kb", "background", "background_tolerance")
_OPTIONAL_KEYS = ("hairline_top", "eyes_top", "face_width", "title_zh", "title_en")


@dataclass(frozen=True)
class PhotoProfile:
    """Requirements of one kind of standard photo; a range of None is not checked."""

    name: str
    width: int  # pixels
    height: int
    dpi: int
    min_kb: int  # JPEG file size bounds, kilobytes (1 KB = 1024 bytes)
    max_kb: int
    background: tuple[int, int, int]  # RGB
    background_tolerance: int  # largest per-channel difference still counted as background
    hairline_top: tuple[int, int] | None = None  # pixels from the top of the image
    eyes_top: tuple[int, int] | None = None
    face_width: tuple[int, int] | None = None
    title_zh: str = ""
    title_en: str = ""

    def title(self, lang: str = "zh") -> str:
        return (self.title_en if lang == "en" else self.title_zh) or self.name

    @classmethod
    def from_dict(cls, data: Mapping[str, object], path: str = "") -> PhotoProfile:
        reader = ProfileReader(data, path)
        reader.check_keys(_KEYS, _OPTIONAL_KEYS)
        min_kb = reader.integer("min_kb", minimum=0, expected=NON_NEGATIVE)
        profile = cls(
            name=reader.text("name"),
            width=reader.integer("width", minimum=1, expected=POSITIVE),
            height=reader.integer("height", minimum=1, expected=POSITIVE),
            dpi=reader.integer("dpi", minimum=1, expected=POSITIVE),
            min_kb=min_kb,
            max_kb=reader.integer("max_kb", minimum=max(min_kb, 1), expected=_KB_RANGE),
            background=reader.rgb("background"),
            background_tolerance=reader.integer("background_tolerance", minimum=0, expected=NON_NEGATIVE),
            hairline_top=reader.int_range("hairline_top", None),
            eyes_top=reader.int_range("eyes_top", None),
            face_width=reader.int_range("face_width", None),
            title_zh=str(reader.raw("title_zh", "")),
            title_en=str(reader.raw("title_en", "")),
        )
        profile._check_geometry(reader)
        return profile

    def _check_geometry(self, reader: ProfileReader) -> None:
        limits = {"hairline_top": self.height, "eyes_top": self.height, "face_width": self.width}
        for key, limit in limits.items():
            bounds = getattr(self, key)
            if bounds is not None and bounds[1] > limit:
                raise DomainError(Problem(
                    "photo_profile.inconsistent", reader.key_path(key),
                    {"name": self.name, "key": key, "width": self.width, "height": self.height},
                ))


@dataclass(frozen=True)
class PhotoProfiles:
    """The profiles of a file, by name, and which one applies when none is chosen."""

    profiles: Mapping[str, PhotoProfile]
    default: str

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> PhotoProfiles:
        reader = ProfileReader(data)
        reader.check_keys(("default", "profiles"))
        profiles: dict[str, PhotoProfile] = {}
        for index, item in enumerate(reader.items("profiles")):
            profile = PhotoProfile.from_dict(item, f"profiles[{index}]")
            if profile.name in profiles:
                raise DomainError(Problem("photo_profile.duplicate", f"profiles[{index}].name", {"name": profile.name}))
            profiles[profile.name] = profile
        result = cls(profiles, reader.text("default"))
        result.get(result.default)  # the default must name one of them
        return result

    def get(self, name: str | None = None) -> PhotoProfile:
        """The named profile, or the default; DomainError names the ones there are."""
        key = name or self.default
        try:
            return self.profiles[key]
        except KeyError:
            raise DomainError(Problem(
                "photo_profile.unknown", "default" if name is None else "name",
                {"name": key, "names": "、".join(self.profiles) or "-"},
            )) from None

    @property
    def default_profile(self) -> PhotoProfile:
        return self.get()

    def names(self) -> tuple[str, ...]:
        return tuple(self.profiles)
