"""ID card scans read offline by the real OCR engine and compared with the record through the
desk's service: drawn cards upright, turned, dim and partly covered (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest

from actors import sign_in_as
from candidates import jpeg as photo, new_record
from card_images import NAME_BOX, back, covered, dimmed, front, jpeg, turned
from learncenter.context import AppContext
from learncenter.domain.card_text import EXPIRED, MISMATCH, NOT_READ

ZHANG_SAN = dict(name="张三", id_number="360426199101010071")  # born 1991-01-01, male


def _check(ctx: AppContext, front_scan: bytes | None, back_scan: bytes | None = None) -> list[tuple[str, str]]:
    clerk = sign_in_as(ctx.users, "clerk1")
    record_id = ctx.records.enter(new_record(photo=photo(), **ZHANG_SAN), actor=sign_in_as(ctx.users, "tester")).record_id
    for kind, scan in (("id_front", front_scan), ("id_back", back_scan)):
        if scan is not None:
            ctx.desk.attach_document(record_id, kind, scan, actor=clerk, media_type="image/jpeg")
    check = ctx.desk.check_card(record_id, actor=clerk)
    assert check is not None
    return [(p.code, p.field or "") for p in check.problems]


def test_a_card_that_agrees_with_the_record(ctx: AppContext) -> None:
    assert _check(ctx, jpeg(front()), jpeg(back())) == []


def test_a_card_of_someone_else_differs_field_by_field(ctx: AppContext) -> None:
    problems = _check(ctx, jpeg(front(name="张山", birth=date(1991, 1, 2), gender="女",
                                      id_number="360426199101020026")))  # female (2), born 1991-01-02
    assert (MISMATCH, "name") in problems and (MISMATCH, "id_number") in problems
    assert (MISMATCH, "birth_date") in problems and (MISMATCH, "gender") in problems


@pytest.mark.parametrize("degrees", [180, 90])
def test_a_card_scanned_turned_is_read_all_the_same(ctx: AppContext, degrees: int) -> None:
    assert _check(ctx, jpeg(turned(front(), degrees))) == []


def test_a_dim_scan_is_read(ctx: AppContext) -> None:
    assert _check(ctx, jpeg(dimmed(front()))) == []


def test_a_covered_name_is_not_read_and_left_to_the_clerk(ctx: AppContext) -> None:
    assert _check(ctx, jpeg(covered(front(), NAME_BOX))) == [(NOT_READ, "name")]


def test_an_expired_card_is_flagged(ctx: AppContext) -> None:
    problems = _check(ctx, jpeg(front()), jpeg(back(since=date(2005, 6, 1), until=date(2025, 6, 1))))
    assert problems == [(EXPIRED, "card")]


def test_the_back_alone_says_nothing_of_the_front(ctx: AppContext) -> None:
    assert _check(ctx, None, jpeg(back(since=date(2004, 5, 1), until=date(2024, 5, 1)))) == [(EXPIRED, "card")]


def test_another_document_or_no_scan_is_not_read(ctx: AppContext) -> None:
    clerk = sign_in_as(ctx.users, "clerk1")
    permit = ctx.records.enter(new_record(name="陈大文", id_number="H12345678", birth_date="1990-01-02", gender="男"),
                               actor=sign_in_as(ctx.users, "tester")).record_id
    ctx.desk.attach_document(permit, "id_front", jpeg(front()), actor=clerk, media_type="image/jpeg")
    assert ctx.desk.check_card(permit, actor=clerk) is None
    bare = ctx.records.enter(new_record(**ZHANG_SAN), actor=sign_in_as(ctx.users, "tester")).record_id
    assert ctx.desk.check_card(bare, actor=clerk) is None


def test_the_reader_keeps_no_memory_pattern_per_line_shape(ctx: AppContext) -> None:
    """Each text line is a new input shape; ONNX Runtime's per-shape memory patterns piled up
    (issue 12: 342 MB against 253 MB reading two cards four ways), and recognising six lines at
    once, each padded to the widest, doubled a read's memory. The engine's real sessions in the
    reader's process, after a real read, say they plan none and take a line at a time."""
    from learncenter.services.helper_process import helper
    from reader_probes import engine_settings

    assert _check(ctx, jpeg(front()), jpeg(back())) == []
    assert helper.run(engine_settings) == ([False, False], 1, "OrtInferSession._init_sess_opts")
