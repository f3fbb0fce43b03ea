"""Admission notices for the document tests: realistic Chinese data, distinct JPEG photos."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, time

from PIL import Image, ImageDraw

from learncenter.documents.notice_data import NoticeData, SubjectSlot

PHOTO_COLOUR = (20, 160, 60)  # a green that neither ink nor paper has
RULES = (
    "考生凭准考证和有效身份证件进入考场，二者缺一不可。",
    "考试开始30分钟后不得入场，考试开始后60分钟内不得交卷离场。",
    "考生只准携带黑色签字笔、2B铅笔、橡皮、直尺等必要文具，严禁携带手机等通讯工具进入考场。",
    "考生须按准考证上的座位号就座，并将准考证和身份证放在桌面左上角，以便监考人员核对。",
    "请妥善保管准考证，考试结束前不得涂改、转借；遗失请立即与学习中心联系补办。",
)
NAMES = ("阿依古丽·买买提", "张伟", "欧阳晓明", "李娜", "王建国", "赵敏", "陈思远", "刘洋")


def photo(index: int = 0, colour: tuple[int, int, int] = PHOTO_COLOUR) -> bytes:
    """A distinct JPEG per index: the photo colour with the index written in a corner."""
    image = Image.new("RGB", (192, 256), colour)
    ImageDraw.Draw(image).text((6, 6), str(index), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def notice(index: int = 0, **overrides: object) -> NoticeData:
    base = NoticeData(
        notice_number=f"2600{index:05d}", name=NAMES[index % len(NAMES)], gender="女" if index % 2 == 0 else "男",
        id_number=f"650102199505{index % 28 + 1:02d}002X", photo_jpeg=photo(index), level="专科起点本科",
        major="工商管理", exam_category="网络教育统考", center_name="北京某某大学网络教育学院乌鲁木齐学习中心",
        session_code="2026-1", session_name="2026年春季网络教育统一考试", venue_name="乌鲁木齐市第一中学",
        venue_address="新疆乌鲁木齐市天山区解放南路123号", room=f"第{index // 30 + 1:02d}考场", seat=str(index % 30 + 1),
        subjects=(SubjectSlot("大学英语B", date(2026, 4, 18), time(9, 0), time(10, 30)),
                  SubjectSlot("计算机应用基础", date(2026, 4, 18), time(14, 0), time(15, 30))),
        rules=RULES, record_id=f"record-{index}",
    )
    return replace(base, **overrides)  # type: ignore[arg-type]
