"""The card reader's own process: the workstation never loads the OCR, the process ends when idle
and gives its memory back, and a process that dies is replaced (issue 12)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from card_images import front, jpeg
from learncenter.domain.card_text import front_fields_read, read_lines
from learncenter.media.card_reader import CardReader
from reader_probes import end_abruptly

HEAVY = ("cv2", "numpy", "rapidocr", "onnxruntime")


def _number(reader: CardReader, scan: bytes) -> str | None:
    lines = reader.read(scan, partial(front_fields_read, today=date.today()), 4)
    return read_lines(lines, today=date.today()).id_number


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_workstation_reads_a_card_without_loading_the_ocr(tmp_path: Path) -> None:
    """In a fresh interpreter, as the workstation is: a card read through the reader leaves
    OpenCV, numpy, RapidOCR and ONNX Runtime out of the caller, and they are in the reader."""
    scan = tmp_path / "front.jpg"  # a drawn card
    scan.write_bytes(jpeg(front()))
    script = f"""
import sys
from datetime import date
from functools import partial
from learncenter.domain.card_text import front_fields_read, read_lines
from learncenter.media.card_reader import reader
from reader_probes import modules_loaded
if __name__ == "__main__":
    lines = reader.read(open({str(scan)!r}, "rb").read(), partial(front_fields_read, today=date.today()), 4)
    print(read_lines(lines, today=date.today()).id_number)
    print(",".join(modules_loaded({HEAVY!r})))
    print(",".join(reader._call(modules_loaded, {HEAVY!r})))
"""
    main = tmp_path / "desk.py"
    main.write_text(script, encoding="utf-8")
    tests = str(Path(__file__).parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(main)], capture_output=True, text=True, env=env, timeout=120,
                          check=True)
    number, here, there = done.stdout.splitlines()
    assert number == "360426199101010071"
    assert here == ""
    assert there.split(",") == list(HEAVY)


def test_the_reader_ends_when_idle_and_starts_again_for_the_next_card() -> None:
    reader = CardReader(idle_seconds=0.5)
    try:
        scan = jpeg(front())
        assert _number(reader, scan) == "360426199101010071"
        first = reader._call(os.getpid)
        assert first != os.getpid()
        deadline = time.monotonic() + 30
        while not _gone(first) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(first)  # its memory given back with it
        assert _number(reader, scan) == "360426199101010071"
        assert reader._call(os.getpid) not in (first, os.getpid())
    finally:
        reader.close()


def test_a_reader_process_that_dies_is_replaced_and_the_card_read() -> None:
    reader = CardReader()
    try:
        pid = reader._call(os.getpid)
        os.kill(pid, 9)  # as a crash in a native library would end it
        assert _number(reader, jpeg(front())) == "360426199101010071"
    finally:
        reader.close()


def test_a_card_whose_reading_kills_the_reader_twice_is_not_read(caplog: pytest.LogCaptureFixture) -> None:
    """Nothing read is what a PDF scan gives too: the desk shows every field "not read" and the clerk
    compares the card by eye. The log says what happened, with nothing of the card."""
    reader = CardReader()
    try:
        with caplog.at_level(logging.ERROR, logger="learncenter.media.card_reader"):
            assert reader.read(jpeg(front()), end_abruptly, 4) == []
        assert [r.getMessage() for r in caplog.records] == [
            "the card reader's process ended unexpectedly (attempt 1 of 2)",
            "the card reader's process ended unexpectedly (attempt 2 of 2)"]
        assert _number(reader, jpeg(front())) == "360426199101010071"  # the next card is read
    finally:
        reader.close()


def test_a_scan_that_is_not_an_image_says_so() -> None:
    reader = CardReader()
    try:
        with pytest.raises(ValueError):
            reader.read(b"%PDF-1.7", partial(front_fields_read, today=date.today()), 4)
    finally:
        reader.close()

