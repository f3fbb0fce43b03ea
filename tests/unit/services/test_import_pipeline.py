"""The import read in a second process: progress, failures, cancel and the audit chain.

``in_process_below=0`` makes even these small files go through the reading process that a
large file gets; everything else is the real import on a real database file.
"""

from __future__ import annotations

import csv
import multiprocessing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from learncenter.context import AppContext
from learncenter.domain.candidate import CANDIDATE_FIELDS
from learncenter.domain.codes import field_label
from learncenter.domain.messages import DomainError
from learncenter.services.demo.people import generate_rows
from learncenter.services.importing import CHUNK, Importer
from learncenter.services.sheets import SheetError
from learncenter.store import audit
from learncenter.store.models import AuditEntry
from actors import sign_in_as

TODAY = date(2026, 3, 1)  # the ctx fixture's today


def _sheet(path: Path, count: int, *, bad_every: int = 0, broken_at: int = 0) -> Path:
    """Generated people as an office's CSV; every ``bad_every``-th row has a wrong ID number,
    and row ``broken_at`` (of the data) holds a cell too long for any CSV reader."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([field_label(f, "zh") for f in CANDIDATE_FIELDS])
        for index, raw in enumerate(generate_rows(count, seed=7, today=TODAY), 1):
            cells = ["" if raw[f] is None else str(raw[f]) for f in CANDIDATE_FIELDS]
            if bad_every and index % bad_every == 0:
                cells[CANDIDATE_FIELDS.index("id_number")] = "not-an-id"
            if index == broken_at:
                cells[CANDIDATE_FIELDS.index("address")] = "长" * 200_000
            writer.writerow(cells)
    return path


def _readers() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "learncenter-import-reader"]


def _current_records(ctx: AppContext) -> int:
    with ctx.db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM records WHERE is_current = 1").scalar_one())


def test_progress_counts_refused_rows_read_by_the_second_process(ctx: AppContext, tmp_path: Path) -> None:
    importer = Importer(ctx.records, today=lambda: TODAY, in_process_below=0)
    seen: list[tuple[int, int]] = []
    result = importer.run(_sheet(tmp_path / "mixed.csv", 2 * CHUNK + 7, bad_every=3),
                          actor=sign_in_as(ctx.users, "entry"), progress=lambda rows: seen.append((rows, len(_readers()))))
    assert [rows for rows, _ in seen] == [CHUNK, 2 * CHUNK, 2 * CHUNK + 7]
    assert seen[0][1] == 1  # read by the second process
    refused = (2 * CHUNK + 7) // 3
    assert result.refused_rows == refused and result.created == 2 * CHUNK + 7 - refused
    assert all(r.column == "身份证号" and r.value == "not-an-id" for r in result.refusals)
    assert _readers() == []


def test_a_file_broken_midway_is_reported_and_the_chunks_before_it_are_kept(ctx: AppContext, tmp_path: Path) -> None:
    importer = Importer(ctx.records, today=lambda: TODAY, in_process_below=0)
    sheet = _sheet(tmp_path / "broken.csv", 3 * CHUNK, broken_at=2 * CHUNK + 50)
    with pytest.raises(SheetError) as raised:
        importer.run(sheet, actor=sign_in_as(ctx.users, "entry"))
    assert raised.value.problem.code == "sheet.bad_row"
    assert raised.value.problem.params["row"] == 2 * CHUNK + 50 + 1  # the header is row 1
    assert _current_records(ctx) == 2 * CHUNK
    assert _readers() == []


def test_a_reader_that_dies_becomes_a_message_not_a_traceback(ctx: AppContext, tmp_path: Path) -> None:
    importer = Importer(ctx.records, today=lambda: TODAY, in_process_below=0)

    def kill_the_reader(rows: int) -> None:
        for reader in _readers():
            reader.kill()

    with pytest.raises(DomainError) as raised:
        importer.run(_sheet(tmp_path / "people.csv", 4 * CHUNK), actor=sign_in_as(ctx.users, "entry"),
                     progress=kill_the_reader)
    assert raised.value.problem.code == "import.reader_stopped"
    assert "importing again completes them" in raised.value.text("en")
    assert CHUNK <= _current_records(ctx) < 4 * CHUNK  # whole chunks only
    assert _readers() == []


def test_cancel_stops_the_reading_process(ctx: AppContext, tmp_path: Path) -> None:
    importer = Importer(ctx.records, today=lambda: TODAY, in_process_below=0)
    readers: list[multiprocessing.process.BaseProcess] = []
    result = importer.run(_sheet(tmp_path / "people.csv", 5 * CHUNK), actor=sign_in_as(ctx.users, "entry"),
                          progress=lambda rows: readers.extend(_readers()), cancelled=lambda: True)
    assert result.cancelled and result.rows == CHUNK and result.created == CHUNK
    assert len(readers) == 1  # it was running when the first chunk was written ...
    assert _readers() == []  # ... and is gone when run returns, without reading the rest
    assert _current_records(ctx) == CHUNK


def test_the_audit_chain_verifies_after_pipelined_imports(ctx: AppContext, tmp_path: Path) -> None:
    importer = Importer(ctx.records, today=lambda: TODAY, in_process_below=0)
    entry = sign_in_as(ctx.users, "entry")
    sheet = _sheet(tmp_path / "people.csv", CHUNK + 30)
    first = importer.run(sheet, actor=entry)
    again = importer.run(sheet, actor=entry)
    assert (first.created, again.created, again.unchanged) == (CHUNK + 30, 0, CHUNK + 30)
    with sheet.open(encoding="utf-8-sig", newline="") as fh:
        header, *people = list(csv.reader(fh))
    phone = CANDIDATE_FIELDS.index("phone")
    with (tmp_path / "changed.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([header] + [[*p[:phone], "13912345678", *p[phone + 1:]] for p in people[:10]])
    assert importer.run(tmp_path / "changed.csv", actor=entry).updated == 10
    with ctx.db.session() as session:
        verification = audit.verify(session)
        actions = list(session.scalars(select(AuditEntry.action)))
    assert verification.ok
    assert actions.count("record.create") == CHUNK + 30 and actions.count("record.update") == 10


def test_the_pipeline_keeps_name_keys_and_payment_as_the_typed_path_does(ctx: AppContext, tmp_path: Path) -> None:
    """Rows written by the reading process's executemany are found by their other name keys (a
    surname's common reading, a name without its dot), carry the payment of the sheet with the
    digest their content has, and a sheet without payment columns leaves that payment alone."""
    from learncenter.domain.canonical import digest
    from learncenter.store import records as repo
    from learncenter.store.models import Record
    from learncenter.store.search import search

    importer = Importer(ctx.records, today=lambda: TODAY, in_process_below=0)
    entry = sign_in_as(ctx.users, "entry")
    header = "批次,姓名,身份证号,层次,专业代码,专业名称"
    paid = tmp_path / "bank.csv"
    paid.write_text(f"{header},缴费状态,缴费日期\n"
                    "2026春,单田芳,110101198001011013,高起专,530302,大数据与会计,已缴费,2026/2/3\n"
                    "2026春,李·明,11010119800101103X,高起专,530302,大数据与会计,,\n", encoding="utf-8")
    assert importer.run(paid, actor=entry).created == 2
    with ctx.db.session() as session:
        assert [h.name for h in search(session, "shantianfang")] == ["单田芳"]
        assert [h.name for h in search(session, "dantianfang")] == ["单田芳"]  # the common reading too
        assert [h.name for h in search(session, "李明")] == ["李·明"]
        records = {r.name: r for r in session.scalars(select(Record))}
        created = {e.entity_id: e.after_digest for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "record.create"))}
        assert {r.id: digest(repo.content(r)) for r in records.values()} == created
    assert (records["单田芳"].payment_state, str(records["单田芳"].payment_date)) == ("paid", "2026-02-03")
    assert records["李·明"].payment_state is None

    plain = tmp_path / "office.csv"
    plain.write_text(f"{header}\n2026春,单田芳,110101198001011013,高起专,530302,大数据与会计\n", encoding="utf-8")
    assert importer.run(plain, actor=entry).unchanged == 1
    plain.write_text(f"{header},联系电话\n2026春,单田芳,110101198001011013,高起专,530302,大数据与会计,13900139000\n",
                     encoding="utf-8")
    assert importer.run(plain, actor=entry).updated == 1
    with ctx.db.session() as session:
        record = session.scalars(select(Record).where(Record.name == "单田芳")).one()
        assert (record.phone, record.payment_state) == ("13900139000", "paid")
        assert audit.verify(session).ok


def test_a_reader_killed_in_the_middle_of_a_chunk_is_reported_not_waited_for(tmp_path: Path) -> None:
    """The reader is killed while a chunk larger than the pipe is half sent: the read that follows
    must end with the reader's failure, not wait forever for the rest of the message."""
    import threading

    from learncenter.services.importing import sheet_messages
    from learncenter.services.prepared_rows import Opened
    from learncenter.services.row_pipeline import RowPipeline

    path = _sheet(tmp_path / "people.csv", 3000)
    pipeline = RowPipeline(sheet_messages, (path, None, TODAY, "zh", 10_000), in_process=False)
    messages = iter(pipeline)
    assert isinstance(next(messages), Opened)  # the parent reads no further for now
    reader = getattr(pipeline, "_queue")._reader
    assert reader.poll(60)  # the chunk's first bytes are in the pipe: the child waits to send the rest
    child = pipeline.child
    assert child is not None
    child.kill()
    child.join()
    outcome: list[object] = []

    def read_on() -> None:
        try:
            outcome.append(next(messages))
        except DomainError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=read_on, daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), "the read waited forever for the rest of a message"
    pipeline.stop()
    assert isinstance(outcome[0], DomainError) and outcome[0].problem.code == "import.reader_stopped"
