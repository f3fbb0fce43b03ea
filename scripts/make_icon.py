"""Draw the program's icon: resources/icons/learncenter.png (256 px) and learncenter.ico (16-256).

Usage:  .venv/bin/python scripts/make_icon.py

A graduation cap over a tick, white on the blue of the program's headers, drawn from shapes (no
font, no outside artwork), four times larger than needed and shrunk with Lanczos so the edges stay
smooth. The same script gives the same pictures; they are committed, so a build does not need it.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
BLUE = (31, 95, 168, 255)
WHITE = (255, 255, 255, 255)
GREEN = (46, 160, 67, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = 1024) -> Image.Image:
    s = size / 256  # the drawing is written for 256 px
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((8 * s, 8 * s, 248 * s, 248 * s), radius=44 * s, fill=BLUE)
    # the cap's board, a flat diamond, and its crown beneath
    pen.polygon([(128 * s, 40 * s), (226 * s, 88 * s), (128 * s, 136 * s), (30 * s, 88 * s)], fill=WHITE)
    pen.polygon([(70 * s, 112 * s), (186 * s, 112 * s), (186 * s, 150 * s), (128 * s, 172 * s),
                 (70 * s, 150 * s)], fill=WHITE)
    pen.polygon([(128 * s, 52 * s), (202 * s, 88 * s), (128 * s, 124 * s), (54 * s, 88 * s)], fill=BLUE)
    pen.polygon([(128 * s, 60 * s), (186 * s, 88 * s), (128 * s, 116 * s), (70 * s, 88 * s)], fill=WHITE)
    # the tassel
    pen.line([(128 * s, 88 * s), (204 * s, 100 * s), (204 * s, 150 * s)], fill=WHITE, width=round(7 * s))
    pen.ellipse((196 * s, 146 * s, 212 * s, 162 * s), fill=WHITE)
    # the tick: confirmed
    pen.ellipse((138 * s, 150 * s, 234 * s, 246 * s), fill=GREEN, outline=WHITE, width=round(8 * s))
    pen.line([(160 * s, 198 * s), (180 * s, 218 * s), (214 * s, 178 * s)], fill=WHITE, width=round(12 * s),
             joint="curve")
    return image


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    icon = big.resize((256, 256), Image.Resampling.LANCZOS)
    icon.save(OUT / "learncenter.png", optimize=True)
    icon.save(OUT / "learncenter.ico", sizes=ICO_SIZES)
    print(f"wrote {OUT / 'learncenter.png'} and {OUT / 'learncenter.ico'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
