"""Admission notices in bulk: ours against naive reportlab, in the same run.

Usage:  .venv/bin/python benchmarks/notices.py [--count 10000] [--workers N] [--tmp-dir DIR]

Data: ``--count`` notices with distinct photos (a 192x256 crop of scikit-image's astronaut,
tinted and numbered per candidate, JPEG quality 85, about 10 KB each), made before any timing,
in each side's own process from the same seed; each notice gets its signed QR code (Ed25519,
``sign_notice``) on both sides.

* **ours**: ``write_notices`` over all cores: the static page drawn once per part as a Form
  XObject, photos embedded as their JPEG bytes, QR codes from zxing-cpp as vector runs, no
  ASCII85 armour, parts joined with pypdf into one PDF.
* **ours, 1 process**: the same page drawing (``NoticePages``) in one process and one canvas,
  to show how much comes from doing less per page rather than from more cores.
* **naive**: one process, one canvas, every element drawn on every page with the same layout
  code (frame, labels, grid, the wrapped rules), the photo through ``drawImage(ImageReader)``,
  the QR code with reportlab's own widget (``reportlab.graphics.barcode.qr``), reportlab's
  defaults otherwise. It also reports where its time goes, part by part.

Each side runs in a fresh spawned interpreter; peak memory is that process's peak RSS (and for
ours the largest worker's). **Target: ours >= 5x faster than naive.**
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, time as clock
from pathlib import Path
from typing import Any

from _common import DEFAULT_SEED, peak_rss_mb, reset_peak_rss, run_isolated, table

TARGET = 5.0
RULES = (
    "考生凭准考证和有效身份证件进入考场，二者缺一不可。",
    "考试开始30分钟后不得入场，考试开始后60分钟内不得交卷离场。",
    "考生只准携带黑色签字笔、2B铅笔、橡皮、直尺等必要文具，严禁携带手机等通讯工具进入考场。",
    "考生须按准考证上的座位号就座，并将准考证和身份证放在桌面左上角，以便监考人员核对。",
    "请妥善保管准考证，考试结束前不得涂改、转借；遗失请立即与学习中心联系补办。",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"


def make_notices(count: int, seed: int) -> list[Any]:
    """Distinct notices with distinct photos (not timed)."""
    import random

    from PIL import Image, ImageDraw, ImageEnhance
    from skimage import data as skdata

    from learncenter.documents.notice_data import NoticeData, SubjectSlot

    rng = random.Random(seed)
    base = Image.fromarray(skdata.astronaut()).crop((106, 0, 346, 320)).resize((192, 256))
    subjects = (SubjectSlot("大学英语B", date(2026, 4, 18), clock(9, 0), clock(10, 30)),
                SubjectSlot("计算机应用基础", date(2026, 4, 18), clock(14, 0), clock(15, 30)),
                SubjectSlot("高等数学（一）", date(2026, 4, 19), clock(9, 0), clock(11, 0)))
    notices = []
    for index in range(count):
        photo = ImageEnhance.Color(base).enhance(0.6 + rng.random() * 0.8)
        ImageDraw.Draw(photo).text((6, 240), f"{index:05d}", fill=(255, 255, 255))
        buffer = io.BytesIO()
        photo.save(buffer, "JPEG", quality=85)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        notices.append(NoticeData(
            notice_number=f"26{index:07d}", name=name, gender=rng.choice("男女"),
            id_number=f"6501021990{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{rng.randrange(1000):03d}X",
            photo_jpeg=buffer.getvalue(), level="专科起点本科", major="工商管理", exam_category="网络教育统考",
            center_name="北京某某大学网络教育学院乌鲁木齐学习中心", session_code="2026-1",
            session_name="2026年春季网络教育统一考试", venue_name="乌鲁木齐市第一中学",
            venue_address="新疆乌鲁木齐市天山区解放南路123号", room=f"第{index // 30 + 1:03d}考场",
            seat=str(index % 30 + 1), subjects=subjects, rules=RULES))
    return notices


def _key() -> Any:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_ours(count: int, seed: int, workers: int | None, tmp: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    from learncenter.documents.fonts import cjk_fonts
    from learncenter.documents.notices import write_notices

    notices = make_notices(count, seed)
    cjk_fonts()  # as for the naive side: the font is loaded before timing (workers load their own)
    key = _key().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    out = Path(tmp) / "ours.pdf"
    reset_peak_rss()
    start = time.perf_counter()
    run = write_notices(notices, out, signing_key=key, workers=workers)
    seconds = time.perf_counter() - start
    assert run.written == count
    return {"seconds": seconds, "peak": peak_rss_mb(), "children": _children_peak_mb(), "size": out.stat().st_size}


def run_ours_single(count: int, seed: int, tmp: str) -> dict[str, Any]:
    from reportlab import rl_config

    from learncenter.documents.fonts import cjk_fonts
    from learncenter.documents.notice import NoticePages

    notices = make_notices(count, seed)
    cjk_fonts()
    rl_config.useA85 = 0  # as in our worker processes
    out = Path(tmp) / "ours-single.pdf"
    reset_peak_rss()
    start = time.perf_counter()
    with open(out, "wb") as target:
        pages = NoticePages(target, _key())
        for notice in notices:
            pages.add(notice)
        pages.save()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak": peak_rss_mb(), "children": 0.0, "size": out.stat().st_size}


def run_naive(count: int, seed: int, tmp: str) -> dict[str, Any]:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.utils import ImageReader

    from learncenter.documents import notice as layout
    from learncenter.documents.fonts import cjk_fonts
    from learncenter.documents.layout import CONTENT, MM, PAGE_HEIGHT, draw_line, fit_text, new_canvas
    from learncenter.documents.notice_qr import sign_notice

    notices = make_notices(count, seed)
    fonts = cjk_fonts()
    key = _key()
    parts: dict[str, float] = defaultdict(float)

    @contextmanager
    def part(name: str) -> Iterator[None]:
        begin = time.perf_counter()
        yield
        parts[name] += time.perf_counter() - begin

    out = Path(tmp) / "naive.pdf"
    reset_peak_rss()
    start = time.perf_counter()
    with open(out, "wb") as target:
        canvas = new_canvas(target, fonts, title="准考证")
        for notice in notices:
            with part("static parts (frame, labels, grid, rules)"):
                layout._draw_template(canvas, fonts, notice.rules)
            with part("candidate's text"):
                draw_line(canvas, fonts, notice.session_name, CONTENT.x + CONTENT.width / 2,
                          PAGE_HEIGHT - CONTENT.y - 20 * MM, 13, align="center")
                for name, box in layout.value_boxes().items():
                    fit_text(canvas, fonts, str(getattr(notice, name)), box,
                             size=layout.NAME_SIZE if name == "name" else layout.VALUE_SIZE)
                layout._draw_subjects(canvas, fonts, notice.subjects)
            with part("photo (drawImage)"):
                slot = layout.PHOTO_SLOT
                canvas.drawImage(ImageReader(io.BytesIO(notice.photo_jpeg)), slot.x, slot.y, slot.width,
                                 slot.height, preserveAspectRatio=True, anchor="c")
            with part("sign"):
                text = sign_notice(notice, key)
            with part("QR (reportlab widget)"):
                widget = QrCodeWidget(text, barLevel="M", barBorder=4)
                x0, y0, x1, y1 = widget.getBounds()
                size = layout.QR_AREA.width
                drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
                drawing.add(widget)
                renderPDF.draw(drawing, canvas, layout.QR_AREA.x, layout.QR_AREA.y)
            with part("page end"):
                canvas.showPage()
        with part("save (streams, fonts)"):
            canvas.save()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak": peak_rss_mb(), "children": 0.0, "size": out.stat().st_size,
            "parts": dict(parts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=None, help="worker processes for ours (default: all cores)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--tmp-dir", type=Path, default=None)
    parser.add_argument("--skip-single", action="store_true", help="leave out the one-process run of ours")
    args = parser.parse_args()
    print(f"{args.count:,} notices, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(dir=args.tmp_dir) as tmp:
        ours = run_isolated(run_ours, args.count, args.seed, args.workers, tmp)
        print(f"ours done: {ours['seconds']:.1f} s", flush=True)
        single = None if args.skip_single else run_isolated(run_ours_single, args.count, args.seed, tmp)
        if single is not None:
            print(f"ours in one process done: {single['seconds']:.1f} s", flush=True)
        naive = run_isolated(run_naive, args.count, args.seed, tmp)
        print(f"naive done: {naive['seconds']:.1f} s", flush=True)
    rows = []
    for label, result in (("naive reportlab (1 process)", naive), ("ours (1 process)", single),
                          (f"ours ({args.workers or os.cpu_count()} workers)", ours)):
        if result is None:
            continue
        rows.append((label, result["seconds"], args.count / result["seconds"], f"{naive['seconds'] / result['seconds']:.2f}×",
                     result["peak"], result["children"] or "-", result["size"] / 2**20))
    print()
    print(table(("side", "wall s", "pages/s", "speed-up", "peak RSS MB", "worker peak MB", "PDF MB"), rows))
    ratio = naive["seconds"] / ours["seconds"]
    print(f"\nours vs naive: {ratio:.2f}× faster (target ≥ {TARGET:.0f}×): {'PASS' if ratio >= TARGET else 'MISS'}")
    print("\nwhere the naive side spends its time:")
    total = naive["seconds"]
    print(table(("part", "s", "ms/page", "share"), [
        (name, value, value / args.count * 1000, f"{value / total:.0%}")
        for name, value in sorted(naive["parts"].items(), key=lambda kv: -kv[1])]))


if __name__ == "__main__":
    main()
