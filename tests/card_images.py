"""Resident ID card scans drawn for the tests, with the real card's layout and a CJK font: the
portrait side (name, gender, ethnicity, birth date, address, citizen ID number) and the emblem
side (issuing office, period of validity). Turned, dimmed or partly covered on request."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw, ImageEnhance, ImageFont

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
SIZE = (856, 540)  # 85.6 x 54 mm at 10 px/mm
LABEL, TEXT = (60, 110, 170), (20, 20, 20)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size)


def _card() -> Image.Image:
    image = Image.new("RGB", SIZE, (232, 240, 247))
    ImageDraw.Draw(image).rounded_rectangle((4, 4, SIZE[0] - 5, SIZE[1] - 5), radius=30, outline=(150, 160, 180),
                                            width=3)
    return image


def front(*, name: str = "张三", gender: str = "男", ethnicity: str = "汉", birth: date = date(1991, 1, 1),
          address: str = "江西省九江市德安县蒲亭镇", id_number: str = "360426199101010071") -> Image.Image:
    image = _card()
    draw = ImageDraw.Draw(image)
    label, value = _font(26), _font(30)
    rows = [("姓名", name, 60), ("性别", gender, 125), ("出生", f"{birth.year}  年  {birth.month}  月  {birth.day}  日", 190),
            ("住址", address, 255)]
    for caption, text, y in rows:
        draw.text((60, y), caption, font=label, fill=LABEL)
        draw.text((150, y - 4), text, font=value, fill=TEXT)
    draw.text((250, 125), "民族", font=label, fill=LABEL)
    draw.text((340, 121), ethnicity, font=value, fill=TEXT)
    draw.text((60, 440), "公民身份号码", font=label, fill=LABEL)
    draw.text((260, 436), id_number, font=_font(34), fill=TEXT)
    draw.rectangle((600, 60, 800, 330), fill=(196, 206, 218))  # the portrait
    return image


def back(*, office: str = "德安县公安局", since: date = date(2015, 3, 2), until: date | None = date(2035, 3, 2)) -> Image.Image:
    image = _card()
    draw = ImageDraw.Draw(image)
    draw.text((300, 90), "中华人民共和国", font=_font(40), fill=TEXT)
    draw.text((330, 160), "居民身份证", font=_font(52), fill=TEXT)
    draw.text((120, 380), "签发机关", font=_font(26), fill=LABEL)
    draw.text((260, 376), office, font=_font(30), fill=TEXT)
    period = f"{since:%Y.%m.%d}-{until:%Y.%m.%d}" if until else f"{since:%Y.%m.%d}-长期"
    draw.text((120, 440), "有效期限", font=_font(26), fill=LABEL)
    draw.text((260, 436), period, font=_font(30), fill=TEXT)
    return image


def turned(image: Image.Image, degrees: int) -> Image.Image:
    return image.rotate(degrees, expand=True, fillcolor=(255, 255, 255))


def dimmed(image: Image.Image, factor: float = 0.35) -> Image.Image:
    """A scan under poor light: everything darker and flatter."""
    return ImageEnhance.Contrast(ImageEnhance.Brightness(image).enhance(factor)).enhance(0.6)


def covered(image: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    """A thumb or a sticker over part of the card."""
    copy = image.copy()
    ImageDraw.Draw(copy).rectangle(box, fill=(205, 170, 150))
    return copy


NAME_BOX = (140, 45, 420, 105)  # where the name is written on the front


def jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()
