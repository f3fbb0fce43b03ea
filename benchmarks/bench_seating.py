"""Seat assignment of a whole session: ``ExamService.assign`` against the bare seating rules.

Usage:  .venv/bin/python benchmarks/bench_seating.py [--candidates 20000] [--room-size 30]

A database of N candidates, all sealed as accepted (entered in chunks through
``RecordService.enter_many``; the confirmation path is measured elsewhere), one session with
enough rooms of ``--room-size`` seats (every third with a layout and two seats kept free) is
built. Then, each after one untimed warm-up:

* rules:    ``domain.seating.assign_seats`` on the same candidates and rooms, in memory (baseline);
* preview:  ``ExamService.assign(preview=True, actor=ctx.user)`` (reads the records, plans, rolls back);
* save:     the first ``assign(preview=False)``: every seat and notice number written and audited;
* re-run:   ``assign(preview=False)`` again, with every seat kept (nothing but the check).

A report, never a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _common import bench_user, chunks, machine_summary, new_records, table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=20000)
    parser.add_argument("--room-size", type=int, default=30)
    args = parser.parse_args()

    import keyring
    from keyring_memory import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    from dataclasses import replace

    from learncenter.context import AppContext
    from learncenter.domain.lifecycle import RecordState
    from learncenter.domain.seating import assign_seats
    from learncenter.services.exam_definitions import parse_session
    from learncenter.services.exams import _candidates, _room, _room_specs, _seat_candidate
    from learncenter.store.database import create_database
    from learncenter.store.exam_models import ExamSession
    from learncenter.store.layout import DataDir

    print(machine_summary())
    today = date(2026, 3, 1)
    with tempfile.TemporaryDirectory() as folder:
        db, _ = create_database(DataDir(Path(folder) / "data"), demo=True)
        ctx = AppContext.build(db, today=lambda: today)
        ctx.actor = bench_user(ctx.users)
        started = time.perf_counter()
        terms: dict[str, int] = {}
        for chunk in chunks(new_records(args.candidates, seed=1, today=today)):
            entries = [replace(e, state=RecordState.ACCEPTED) for e in chunk]
            for e in entries:
                terms[e.data.term] = terms.get(e.data.term, 0) + 1
            ctx.records.enter_many(entries, actor=ctx.user, source="bench")
        term, seated = max(terms.items(), key=lambda item: item[1])
        print(f"built {args.candidates} records in {time.perf_counter() - started:.1f} s; "
              f"{seated} of them in term {term}")
        rooms = [{"code": f"R{i + 1}", "capacity": args.room_size,
                  **({"layout_columns": 6, "seats_kept_free": 2} if i % 3 == 2 else {})}
                 for i in range(seated // (args.room_size - 1) + 1)]
        spec = parse_session({"code": "BENCH", "name": "bench", "exam_category": "bench", "term": term,
                              "subjects": [], "venues": [{"code": "V", "name": "V", "address": "A", "rooms": rooms}]})
        ctx.exams.save_session(spec, actor=ctx.user)

        def rules_only() -> int:
            with db.session() as session:
                row = session.query(ExamSession).filter_by(code="BENCH").one()
                people = [_seat_candidate(r) for r in _candidates(session, row.term)]
                halls = [_room(s) for s in _room_specs(session, row.id)]
            started = time.perf_counter()
            plan = assign_seats(people, halls)
            timings["rules"] = time.perf_counter() - started
            return len(plan.assignments)

        timings: dict[str, float] = {}
        rules_only()
        rules_only()
        ctx.exams.assign("BENCH", preview=True, actor=ctx.user)
        for name, call in (("preview", lambda: ctx.exams.assign("BENCH", preview=True, actor=ctx.user)),
                           ("save", lambda: ctx.exams.assign("BENCH", preview=False, actor=ctx.user)),
                           ("re-run", lambda: ctx.exams.assign("BENCH", preview=False, actor=ctx.user))):
            started = time.perf_counter()
            plan = call()
            timings[name] = time.perf_counter() - started
            assert len(plan.assignments) == seated and not plan.unseated
        rows = [(name, f"{seconds:.3f}", f"{seconds / timings['rules']:.1f}x") for name, seconds in timings.items()]
        print(f"{seated} candidates, {len(rooms)} rooms")
        print(table(("step", "seconds", "vs rules"), rows))
        ctx.close()


if __name__ == "__main__":
    main()
