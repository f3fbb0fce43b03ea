"""Verifying notices from camera frames: what one frame costs the worker, and the GUI thread.

Usage:  .venv/bin/python benchmarks/bench_verify_frames.py [--frames 40] [--width 1280 --height 720]

Data: an admission notice (tests/notice_samples.py, signed with a fixed Ed25519 key) rendered at
150 dpi (the 30 mm code is then about 180 pixels wide, as a notice held 20-30 cm from a 720p
webcam shows it), a ``--width`` x ``--height`` view centred on its QR code, turned 3 degrees
and softened; and an empty grey frame (no code: the
decoder then makes all three of its attempts, the worst case and the common one while nobody
stands at the door).

* **ours**: what the verify page does: the frame's 8-bit grey bytes copied on the GUI thread,
  then ``verify_notice_image(pixels, size=..., quick=True)`` on the worker (no enlarged retry:
  the next frame comes a third of a second later). Also with all three attempts, as for files.
* **baseline**: the frame encoded as PNG on the GUI thread (the obvious way to hand a QImage
  to a function that takes an image file's bytes), then ``verify_notice_image(png)`` as a file.

Prints the median and 90th percentile per frame for each side, GUI-thread part and worker
part apart, and the decodes per second one core sustains (the page asks for one every 300 ms
and drops frames while a decode is running). Fails only if a side misreads the notice.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import pypdfium2  # noqa: E402
import zxingcpp  # noqa: E402
from _common import machine_summary, percentile, table  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402

from learncenter.documents.notice import render_notices  # noqa: E402
from learncenter.documents.notice_qr import trusted_key  # noqa: E402
from learncenter.documents.notice_verify import verify_notice_image  # noqa: E402
from notice_samples import notice  # noqa: E402

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
KEYS = [trusted_key(KEY, "11001", "乌鲁木齐学习中心")]


def frames(width: int, height: int) -> tuple[Image.Image, Image.Image]:
    document = pypdfium2.PdfDocument(render_notices([notice(1)], KEY))
    page = document[0].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    document.close()
    [code] = zxingcpp.read_barcodes(page)  # where the QR is: the frame is centred on it
    corners = [code.position.top_left, code.position.bottom_right]
    cx, cy = (sum(c.x for c in corners) // 2, sum(c.y for c in corners) // 2)
    left, top = max(0, cx - width // 2), max(0, cy - height // 2)
    view = Image.new("L", (width, height), 150)
    view.paste(page.crop((left, top, left + width, top + height)), (0, 0))
    view = view.rotate(3, resample=Image.Resampling.BICUBIC, fillcolor=150).filter(ImageFilter.GaussianBlur(0.8))
    return view, Image.new("L", (width, height), 150)


def measure(frame: Image.Image, runs: int, encode: bool, quick: bool) -> tuple[list[float], list[float], str]:
    gui, worker, status = [], [], ""
    for _ in range(runs):
        t0 = time.perf_counter()
        if encode:
            buffer = io.BytesIO()
            frame.save(buffer, "PNG")
            data, size = buffer.getvalue(), None
        else:
            data, size = frame.tobytes(), frame.size
        t1 = time.perf_counter()
        verdicts = verify_notice_image(data, KEYS, size=size, quick=quick)
        t2 = time.perf_counter()
        gui.append((t1 - t0) * 1000)
        worker.append((t2 - t1) * 1000)
        status = verdicts[0].status
    return gui, worker, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=40)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    args = parser.parse_args()
    print(machine_summary())
    with_notice, empty = frames(args.width, args.height)
    rows = []
    failed = False
    for label, frame, expected in (("notice in view", with_notice, "valid"), ("empty desk", empty, "unreadable")):
        for side, encode, quick in (("ours (grey bytes, quick)", False, True), ("ours, all three attempts", False, False),
                                    ("baseline (PNG, all attempts)", True, False)):
            gui, worker, status = measure(frame, args.frames, encode, quick)
            failed |= status != expected
            total = [g + w for g, w in zip(gui, worker)]
            rows.append((f"{label}, {side}", percentile(gui, 50), percentile(gui, 90), percentile(worker, 50),
                         percentile(worker, 90), 1000 / percentile(total, 50), status))
    print(f"{args.width}x{args.height} frames, {args.frames} each")
    print(table(["frame, side", "GUI ms p50", "GUI ms p90", "worker ms p50", "worker ms p90", "frames/s", "verdict"],
                rows))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
