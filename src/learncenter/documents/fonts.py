"""Finding, registering and using a Chinese font that a PDF can embed.

reportlab embeds only TrueType outlines: the CFF-based Noto CJK / Source Han / PingFang files
make it raise, and its built-in CID fonts are not embedded, so a printer without them prints
boxes. We therefore look for a TrueType CJK font in a fixed order (the program's own
``resources/fonts/`` first, so an installer can ship one, then the usual system fonts), embed it
subsetted, and refuse to print at all when none is found: a receipt of empty boxes would look
printed and be worthless.

Names may contain characters that the chosen font lacks, typically CJK Extension B such as 𠮷.
Each character is drawn with the first font that has it (fallback fonts are loaded lazily,
only when a character needs one); characters no font has are reported by
:meth:`FontSet.missing` so the caller can warn, and still go into the PDF's text layer.
"""

from __future__ import annotations

import os
import re
import struct
import sys
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts  # type: ignore[import-untyped, unused-ignore]

from learncenter.domain.messages import DomainError, Problem, define
from learncenter.resources import RESOURCES_ENV, resource_dir

FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
CJK_SAMPLE = "网络教育现场确认回执姓名性别民族"

FONT_NOT_FOUND = define(
    "documents.font_not_found",
    zh="找不到可嵌入 PDF 的中文字体，无法打印。请安装中文字体，如 Debian/Ubuntu: apt-get install "
    "fonts-wqy-zenhei；Windows 自带宋体；也可把 TrueType 字体（.ttf/.ttc）放入 {folder}。",
    en="No Chinese font that can be embedded in a PDF was found, so nothing can be printed. Install a "
    "Chinese font, e.g. on Debian/Ubuntu: apt-get install fonts-wqy-zenhei; Windows ships SimSun; or put "
    "a TrueType font (.ttf/.ttc) into {folder}.",
)
GLYPHS_MISSING = define(
    "documents.glyphs_missing",
    zh="已安装的字体中没有这些字符，打印件上会显示为方框：{chars}。请在打印件上手写补全，或安装含这些字符的"
    "字体（如 Windows 的 SimSun-ExtB，Debian/Ubuntu 的 fonts-hanazono）。",
    en="The installed fonts lack these characters, which print as boxes: {chars}. Write them in by hand on "
    "the printout, or install a font that has them (e.g. SimSun-ExtB on Windows, fonts-hanazono on "
    "Debian/Ubuntu).",
)


class DocumentError(DomainError):
    """A document cannot be produced for a reason the user can fix (font, photo, file)."""


def system_font_paths(platform: str = sys.platform) -> list[Path]:
    """System CJK fonts worth trying, best first. CFF-outline files are listed where they are
    the only CJK font a system may have; loading skips them when reportlab refuses."""
    if platform.startswith("win"):
        fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        return [fonts / "simsun.ttc", fonts / "msyh.ttc", fonts / "simhei.ttf"]
    if platform == "darwin":
        return [Path("/Library/Fonts/Arial Unicode.ttf"),
                Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"),
                Path("/System/Library/Fonts/STHeiti Light.ttc"), Path("/System/Library/Fonts/PingFang.ttc")]
    share = Path("/usr/share/fonts")
    return [share / "truetype/wqy/wqy-zenhei.ttc", share / "truetype/wqy/wqy-microhei.ttc",
            share / "truetype/arphic/uming.ttc", share / "truetype/droid/DroidSansFallbackFull.ttf",
            share / "truetype/noto/NotoSansCJK-Regular.ttc", share / "opentype/noto/NotoSansCJK-Regular.ttc"]


def extension_font_paths(platform: str = sys.platform) -> list[Path]:
    """Fonts that cover CJK Extension B and beyond (rare name characters such as 𠮷)."""
    if platform.startswith("win"):
        fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        return [fonts / "simsunb.ttf", fonts / "mingliub.ttc"]
    if platform == "darwin":
        return []
    return [Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")]


def default_font_paths() -> list[Path]:
    return [resource_dir() / "fonts", *system_font_paths()]


def default_fallback_paths() -> list[Path]:
    return [resource_dir() / "fonts", *extension_font_paths(), *system_font_paths()]


def _expand(paths: Sequence[Path]) -> list[Path]:
    """Font files named by ``paths``; a folder stands for the font files in it, by name."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in FONT_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
    return files


@dataclass(frozen=True)
class _Font:
    name: str
    path: Path
    ttfont: Any
    covered: frozenset[int]  # taken at load time, before any notdef mapping (see FontSet.runs)

    def is_cjk(self) -> bool:
        """A Latin font found in a fonts folder would print every Chinese word as boxes."""
        return all(ord(char) in self.covered for char in CJK_SAMPLE)


_LOCK = threading.RLock()
_LOADED: dict[Path, _Font | None] = {}  # None: tried, not a usable TrueType font
_SETS: dict[tuple[tuple[Path, ...], tuple[Path, ...]], FontSet] = {}


def _load(path: Path) -> _Font | None:
    """Register the font at ``path`` (subfont 0 of a collection) once per process."""
    key = path.resolve()
    with _LOCK:
        if key in _LOADED:
            return _LOADED[key]
        name = f"LC{len(_LOADED)}-" + re.sub(r"[^A-Za-z0-9]+", "-", key.stem)
        try:
            ttfont = ttfonts.TTFont(name, str(key), subfontIndex=0)
        except (ttfonts.TTFError, OSError, ValueError, LookupError, struct.error):
            _LOADED[key] = None  # CFF outlines, not a font, unreadable: try the next one
            return None
        pdfmetrics.registerFont(ttfont)
        covered = frozenset(code for code, glyph in ttfont.face.charToGlyph.items() if glyph)
        font = _LOADED[key] = _Font(name, key, ttfont, covered)
        return font


class FontSet:
    """The fonts one kind of document draws with: a primary CJK font plus per-character fallbacks.

    Shared by every document of a process (see :func:`cjk_fonts`), so the fallback answers found
    for one receipt serve the next without reloading fonts.
    """

    def __init__(self, primary: _Font, fallback_paths: Sequence[Path]) -> None:
        self._primary = primary
        self._fallback_paths = [p for p in fallback_paths if p.resolve() != primary.path]
        self._fallbacks: list[_Font] | None = None
        self._choice: dict[int, _Font | None] = {}

    @property
    def name(self) -> str:
        """The registered reportlab name of the primary font."""
        return self._primary.name

    @property
    def path(self) -> Path:
        return self._primary.path

    def _font_for(self, code: int) -> _Font | None:
        if code in self._primary.covered:
            return self._primary
        with _LOCK:
            if code not in self._choice:
                if self._fallbacks is None:
                    loaded = (_load(p) for p in self._fallback_paths)
                    self._fallbacks = [f for f in loaded if f is not None and f is not self._primary]
                self._choice[code] = next((f for f in self._fallbacks if code in f.covered), None)
            return self._choice[code]

    def font_for(self, char: str) -> str | None:
        """The registered name of the font that draws ``char``, or None when no font has it."""
        font = self._font_for(ord(char))
        return font.name if font else None

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` no font has, each once, in order: they would print as boxes."""
        seen: list[str] = []
        for char in _printable(text):
            if char not in seen and self._font_for(ord(char)) is None:
                seen.append(char)
        return seen

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``text`` cut into (font name, piece) runs, each piece drawn in one font.

        A character no font has is drawn with the primary font's "missing glyph" box, but it is
        mapped to that box in the font's table first, so the PDF's text layer still holds the
        real character (without this reportlab writes code 0 and the text is lost for search
        and copy). The box is what the font would have drawn anyway.
        """
        if text.isprintable() and self._primary.covered.issuperset(map(ord, text)):
            return [(self._primary.name, text)] if text else []  # the common case, without a loop per character
        result: list[tuple[str, str]] = []
        for char in _printable(text):
            code = ord(char)
            font = self._font_for(code)
            if font is None:
                font = self._primary
                with _LOCK:
                    font.ttfont.face.charToGlyph.setdefault(code, 0)
            if result and result[-1][0] == font.name:
                result[-1] = (font.name, result[-1][1] + char)
            else:
                result.append((font.name, char))
        return result

    def string_width(self, text: str, size: float) -> float:
        return sum(float(pdfmetrics.stringWidth(piece, name, size)) for name, piece in self.runs(text))

    def markup(self, text: str) -> str:
        """``text`` as reportlab paragraph markup, escaped, with a font switch per run."""
        return "".join(
            escape(piece) if name == self.name else f'<font name="{name}">{escape(piece)}</font>'
            for name, piece in self.runs(text)
        )


def _printable(text: str) -> str:
    """Line breaks and tabs become spaces; other control and format characters are invisible
    anyway and would only print as boxes, so they are left out."""
    return "".join(
        " " if char.isspace() else char for char in text
        if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf")
    )


def _font_not_found() -> DocumentError:
    return DocumentError(Problem(FONT_NOT_FOUND, None, {"folder": str(resource_dir() / "fonts")}))


def find_cjk_font(search_paths: Sequence[Path] | None = None) -> str:
    """Register the first TrueType font of ``search_paths`` (files or folders; the default order
    when None) that has Chinese characters, and return its reportlab name.

    Raises DocumentError when there is none: printing boxes instead would look like success.
    """
    return cjk_fonts(search_paths, ()).name


def cjk_fonts(search_paths: Sequence[Path] | None = None,
              fallback_paths: Sequence[Path] | None = None) -> FontSet:
    """The font set for ``search_paths`` (primary) and ``fallback_paths`` (tried per character),
    the defaults when None; the same object for the same paths within a process."""
    primary_files = tuple(_expand(default_font_paths() if search_paths is None else search_paths))
    fallback_files = tuple(_expand(default_fallback_paths() if fallback_paths is None else fallback_paths))
    key = (primary_files, fallback_files)
    with _LOCK:
        if key in _SETS:
            return _SETS[key]
        primary = next((f for f in map(_load, primary_files) if f is not None and f.is_cjk()), None)
        if primary is None:
            raise _font_not_found()
        font_set = _SETS[key] = FontSet(primary, fallback_files)
        return font_set


def missing_glyphs_problem(chars: Sequence[str], field: str | None = None) -> Problem:
    """A warning to show before printing when :meth:`FontSet.missing` found characters."""
    return Problem(GLYPHS_MISSING, field, {"chars": " ".join(chars)})


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap, but writing characters beyond U+FFFF as UTF-16 surrogate
    pairs as the PDF standard requires; reportlab writes e.g. <20BB7>, which readers reject, so
    text drawn from an Extension B font would not be found or copied."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1), "endcodespacerange", "%d beginbfchar" % len(subset),
        *("<%02X> <%s>" % (i, chr(v).encode("utf-16-be").hex().upper()) for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap
