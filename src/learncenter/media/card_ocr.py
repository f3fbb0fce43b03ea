"""Reading the text of an ID card scan offline, with RapidOCR (issue 13).

RapidOCR's wheel carries its detection and recognition models (PP-OCR, ONNX), so nothing is
downloaded and nothing leaves the machine; the scan is decoded in memory and handed over as
pixels, never written to a file. The engine is built once per process, on the first card, and
shared: loading the models is most of a first read's time. The orientation classifier is off
(a scanner gives upright text); a card scanned sideways or upside down is turned and read
again when the first pass finds no ID number. A dim scan is read again after its contrast is
stretched.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

_LONG_SIDE = 1024  # pixels: a card's text is still well over the detector's smallest size here
_lock = threading.Lock()
_engine: Any = None

Image = npt.NDArray[np.uint8]


def _ocr() -> Any:
    global _engine
    with _lock:
        if _engine is None:
            from rapidocr import RapidOCR

            # The detector sees the card with its long side at most 640 pixels (by default it
            # enlarges a card's short side to 736, which took most of a read); the recogniser
            # reads the lines it finds from the full-size scan, one line at a time: by default it
            # reads six at once, each padded to the widest, and the highest memory of a read was
            # 160 MB above the loaded engine against 80 MB line by line, no slower.
            engine = RapidOCR(params={"Global.use_cls": False, "Global.log_level": "error",
                                      "Det.limit_type": "max", "Det.limit_side_len": 640,
                                      "Rec.rec_batch_num": 1})
            with _without_memory_patterns():  # RapidOCR loads its models when first asked
                engine._load_det_model()  # type: ignore[no-untyped-call]
                engine._load_rec_model()  # type: ignore[no-untyped-call]
            _engine = engine
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)  # its words, never the text it read
        return _engine


@contextmanager
def _without_memory_patterns() -> Iterator[None]:
    """ONNX Runtime's sessions made meanwhile plan no memory pattern. A pattern is a block laid out
    for every intermediate tensor of an input shape, kept per shape; a card's text lines are each
    a new shape, so the blocks piled up: the highest memory of reading two cards four ways fell
    from 342 to 253 MB without them, and the reads were no slower. RapidOCR makes its sessions'
    options in ``OrtInferSession._init_sess_opts`` and takes no setting for this one; its options
    are amended there while the engine loads its models (tested: the sessions say so)."""
    from rapidocr.inference_engine.onnxruntime.main import OrtInferSession

    made = OrtInferSession.__dict__["_init_sess_opts"]

    def options(cfg: Any) -> Any:
        opts = made.__func__(cfg)
        opts.enable_mem_pattern = False
        return opts

    OrtInferSession._init_sess_opts = staticmethod(options)  # type: ignore[method-assign]
    try:
        yield
    finally:
        OrtInferSession._init_sess_opts = made  # type: ignore[method-assign]


def decode(data: bytes) -> Image:
    """The scan's pixels (BGR), no larger than the reader needs; ValueError if unreadable."""
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("not an image")
    height, width = image.shape[:2]
    scale = _LONG_SIDE / max(height, width)
    if scale < 1:
        image = cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(image)


def text_lines(image: Image) -> list[str]:
    """The lines of text found, top to bottom."""
    result = _ocr()(image)
    return [str(text) for text in (result.txts or ())]


def _stretched(image: Image) -> Image:
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    low, high = np.percentile(grey, (2, 98))
    if high - low < 1:
        return image
    scaled = np.clip((image.astype(np.float32) - low) * (255.0 / (high - low)), 0, 255)
    stretched: Image = scaled.astype(np.uint8)
    return stretched


_TURNS = (None, cv2.ROTATE_180, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE)


def read_card(data: bytes, fields_read: Callable[[list[str]], int], wanted: int) -> list[str]:
    """The lines of a card scan: as scanned, then stretched and turned, until ``fields_read``
    counts ``wanted`` fields in them (the front's name, number, birth date and gender; the back's
    dates); otherwise the attempt that read the most. A sideways scan read as it lies gives a few
    fragments, or whole lines in the wrong order: the count tells them from the upright reading."""
    try:
        return _read_card(data, fields_read, wanted)
    finally:
        give_back_freed_memory()


def give_back_freed_memory() -> None:
    """Return to the system what the reader allocated and freed. An inference allocates well over
    100 MB of buffers and frees them, but glibc keeps freed memory of that shape for the process:
    without this the workstation stayed 150-200 MB heavier for the rest of the day after its first
    card. Only where glibc is the allocator; a few milliseconds."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # another C library (musl): nothing to ask
        pass


def _read_card(data: bytes, fields_read: Callable[[list[str]], int], wanted: int) -> list[str]:
    image = decode(data)
    best = text_lines(image)
    best_count = fields_read(best)
    if best_count >= wanted:
        return best
    stretched = _stretched(image)
    for turn in _TURNS:
        candidate: Image = stretched if turn is None else np.asarray(cv2.rotate(stretched, turn), dtype=np.uint8)
        attempt = text_lines(candidate)
        count = fields_read(attempt)
        if count >= wanted:
            return attempt
        if count > best_count:
            best, best_count = attempt, count
    return best
