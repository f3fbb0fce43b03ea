"""The helper process: the workstation never loads the OCR, OpenCV, numpy or reportlab itself;
the process ends when idle and gives its memory back, and a process that dies is replaced
(issue 12)."""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from card_images import front, jpeg
from faces import NATIVE_PROFILE, face_photo
from learncenter.documents.fonts import DocumentError
from learncenter.domain.card_text import front_fields_read, read_lines
from learncenter.domain.messages import DomainError, Problem
from learncenter.domain.photo_profile import PhotoProfile
from learncenter.media import in_helper
from learncenter.media.photo_problems import NOT_AN_IMAGE, PhotoError
from learncenter.services.helper_process import HELPER_LOST, HelperLost, HelperProcess
from process_ends import all_end
from reader_probes import end_abruptly

HEAVY = ("cv2", "numpy", "rapidocr", "onnxruntime", "reportlab")


def _number(helper: HelperProcess, scan: bytes) -> str | None:
    lines = helper.run(in_helper.read_card, scan, partial(front_fields_read, today=date.today()), 4)
    return read_lines(lines, today=date.today()).id_number


def test_the_workstation_reads_a_card_takes_a_photo_and_makes_a_receipt_without_loading_them(tmp_path: Path) -> None:
    """In a fresh interpreter, as the workstation is: a card read, a photo processed and a receipt
    drawn through the helper leave OpenCV, numpy, RapidOCR, ONNX Runtime and reportlab out of the
    caller, and they are in the helper."""
    (tmp_path / "front.jpg").write_bytes(jpeg(front()))  # a drawn card
    (tmp_path / "face.jpg").write_bytes(face_photo())
    script = f"""
import sys
from datetime import date, datetime
from functools import partial
from learncenter.documents import in_helper as documents
from learncenter.documents.receipt_data import ReceiptData
from learncenter.domain.card_text import front_fields_read, read_lines
from learncenter.domain.photo_profile import PhotoProfile
from learncenter.media import in_helper as media
from learncenter.services.helper_process import helper
from reader_probes import modules_loaded
if __name__ == "__main__":
    folder = {str(tmp_path)!r}
    lines = helper.run(media.read_card, open(folder + "/front.jpg", "rb").read(),
                       partial(front_fields_read, today=date.today()), 4)
    print(read_lines(lines, today=date.today()).id_number)
    profile = PhotoProfile.from_dict({NATIVE_PROFILE!r})
    photo = helper.run(media.process_photo, open(folder + "/face.jpg", "rb").read(), profile)
    print(photo.passed, photo.jpeg[:2] == b"\\xff\\xd8")
    data = ReceiptData(registration_no="2026110105001234", term="2026", name="张三", gender="男",
                       birth_date=date(1990, 1, 1), id_number="110101199001011237", ethnicity="汉族", level="专升本",
                       major_code="120201", major_name="工商管理", learning_form="网络教育", prior_school="某学院",
                       prior_certificate_no="128561201906001234", photo_jpeg=photo.jpeg, center_name="某学习中心",
                       confirmed_at=datetime(2026, 3, 1, 14, 32), clerk="clerk1", record_id="r1", version=1)
    print(helper.run(documents.render_receipt, data)[:5])
    print(",".join(modules_loaded({HEAVY!r})))
    print(",".join(helper.run(modules_loaded, {HEAVY!r})))
"""
    main = tmp_path / "desk.py"
    main.write_text(script, encoding="utf-8")
    tests = str(Path(__file__).parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(main)], capture_output=True, text=True, env=env, timeout=180,
                          check=True)
    number, photo, pdf, here, there = done.stdout.splitlines()
    assert number == "360426199101010071"
    assert photo == "True True"
    assert pdf == "b'%PDF-'"
    assert here == ""
    assert there.split(",") == list(HEAVY)


def test_the_helper_ends_when_idle_and_starts_again_for_the_next_card() -> None:
    helper = HelperProcess(idle_seconds=0.5)
    try:
        scan = jpeg(front())
        assert _number(helper, scan) == "360426199101010071"
        first = helper.run(os.getpid)
        assert first != os.getpid()
        assert all_end([first])  # its memory given back with it
        assert _number(helper, scan) == "360426199101010071"
        assert helper.run(os.getpid) not in (first, os.getpid())
    finally:
        helper.close()


def test_a_multiprocessing_child_that_used_the_helper_ends() -> None:
    """Multiprocessing ends its own children before Python's exit runs, closing the queues a pool
    talks through: a child that used the helper without closing it waited for ever for it."""
    import multiprocessing

    from reader_probes import use_the_helper_and_return

    child = multiprocessing.get_context("spawn").Process(target=use_the_helper_and_return)
    child.start()
    child.join(60)
    try:
        assert child.exitcode == 0
    finally:
        if child.is_alive():
            child.kill()


def test_a_helper_process_that_dies_is_replaced_and_the_card_read() -> None:
    helper = HelperProcess()
    try:
        pid = helper.run(os.getpid)
        os.kill(pid, 9)  # as a crash in a native library would end it
        assert _number(helper, jpeg(front())) == "360426199101010071"
    finally:
        helper.close()


def test_work_that_kills_the_helper_twice_is_lost_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    """The log says what happened, with nothing of the card; the next work is done."""
    helper = HelperProcess()
    try:
        with caplog.at_level(logging.ERROR, logger="learncenter.services.helper_process"):
            with pytest.raises(HelperLost) as lost:
                helper.run(in_helper.read_card, jpeg(front()), end_abruptly, 4, field="photo")
        assert lost.value.problems == (Problem(HELPER_LOST, "photo"),)
        assert "restart learncenter" in lost.value.text("en")
        assert [r.getMessage() for r in caplog.records] == [
            "the helper process ended unexpectedly during read_card (attempt 1 of 2)",
            "the helper process ended unexpectedly during read_card (attempt 2 of 2)"]
        assert _number(helper, jpeg(front())) == "360426199101010071"  # the next card is read
    finally:
        helper.close()


def test_errors_raised_in_the_helper_arrive_as_they_were() -> None:
    """A scan that is no image, a photo file that is no photo: the desk gets the same error, with
    its problems, as if the work had been done in its own process."""
    helper = HelperProcess()
    try:
        with pytest.raises(ValueError):
            helper.run(in_helper.read_card, b"%PDF-1.7", partial(front_fields_read, today=date.today()), 4)
        with pytest.raises(PhotoError) as not_a_photo:
            helper.run(in_helper.process_photo, b"not a photo", PhotoProfile.from_dict(NATIVE_PROFILE))
        assert not_a_photo.value.problem.code == NOT_AN_IMAGE
        assert not_a_photo.value.problem.field == "photo"
    finally:
        helper.close()


@pytest.mark.parametrize("error", [DomainError(Problem("x.y", "name", {"n": 1}), Problem("x.z")),
                                   PhotoError(NOT_AN_IMAGE), DocumentError(Problem("documents.font_missing"))])
def test_domain_errors_pickle_with_their_problems(error: DomainError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert again.problems == error.problems
    assert str(again) == str(error)
