"""Functions the tests run inside the workstation's child processes: its helper, an import's reader,
a spawned child (importable there by name: the children are spawned, so a test module's own
functions would not be found)."""

from __future__ import annotations

import os
from collections.abc import Iterator


def engine_settings() -> tuple[list[bool], int, str]:
    """The card reader's engine, as the reads in this process used it: whether its detection and
    recognition sessions plan memory patterns, how many lines it recognises at once, and
    whether RapidOCR's own session options were left as they were for others."""
    from rapidocr.inference_engine.onnxruntime.main import OrtInferSession

    from learncenter.media import card_ocr

    engine = card_ocr._ocr()
    sessions = [engine.text_det.session.session, engine.text_rec.session.session]
    return ([s.get_session_options().enable_mem_pattern for s in sessions], engine.text_rec.rec_batch_num,
            OrtInferSession._init_sess_opts.__qualname__)


def modules_loaded(names: tuple[str, ...]) -> list[str]:
    import sys

    return [name for name in names if name in sys.modules]


def end_abruptly(lines: list[str]) -> int:
    """A fields counter that ends its process, as a crash in a native library would."""
    os._exit(3)


def endless() -> Iterator[int]:
    """An import's reader that never ends: it fills the pipeline's queue and waits for room."""
    count = 0
    while True:
        yield count
        count += 1


def use_the_helper_and_return() -> None:
    """A multiprocessing child's main that starts the workstation's helper and ends without
    closing it, as a bench's isolated run does."""
    from learncenter.services.helper_process import helper

    assert helper.run(os.getpid) != os.getpid()
