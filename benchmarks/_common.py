"""Helpers shared by the benchmark scripts (not a test module, not part of the package).

The scripts are run as ``.venv/bin/python benchmarks/bench_*.py``, so this folder is on
``sys.path`` and this module imports as ``_common``.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import platform
import random
import resource
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_SEED = 20261123
CHUNK = 2000  # what the importer commits per transaction


def machine_summary() -> str:
    import sqlcipher3.dbapi2 as sqlcipher

    conn = sqlcipher.connect(":memory:")
    try:
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()
    return (
        f"{datetime.now().isoformat(timespec='seconds')}  Python {platform.python_version()}  "
        f"{platform.system()} {platform.machine()}  {os.cpu_count()} CPUs  "
        f"SQLite {sqlcipher.sqlite_version}  SQLCipher {cipher}"
    )


def _status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return None


def process_tree(pid: int) -> list[int]:
    """``pid`` and its live descendants (Linux /proc); a process that ended meanwhile is left out."""
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
        tree.append(current)
    return tree


def reset_peak_rss() -> float:
    """Start a new peak-RSS window (Linux: clear_refs 5 resets VmHWM); return the RSS now in MB.

    Without it the peak of a spawned child would include its parent's: Linux carries the
    high-water mark across fork and exec.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    now = _status_mb("VmRSS")
    return now if now is not None else peak_rss_mb()


def peak_rss_mb() -> float:
    """Peak resident set size since the last reset_peak_rss() (or since start where it cannot
    be reset: ru_maxrss, in KiB on Linux and bytes on macOS)."""
    hwm = _status_mb("VmHWM")
    if hwm is not None:
        return hwm
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_isolated(fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` in a fresh interpreter (spawned, not forked).

    Each side of a comparison then starts equally cold (imports, caches, pypinyin's
    dictionaries) and its peak RSS is its own, not the parent's generated rows.
    """
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of ``values`` (any order)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain-text table: the first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(
            (c.ljust(w) if i == 0 else c.rjust(w)) for i, (c, w) in enumerate(zip(row, widths))
        ).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def file_size_mb(path: Path) -> float:
    total = path.stat().st_size
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            total += extra.stat().st_size
    return total / (1024 * 1024)


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# -- candidates and queries shared by bench_search and bench_encryption -------------------------


def new_records(count: int, *, seed: int, today: date) -> Iterator[Any]:
    """Generated candidates, validated exactly as demo_setup does, as NewRecord entries."""
    from learncenter.domain.lifecycle import RecordState
    from learncenter.domain.validation import validate_candidate
    from learncenter.services.demo.people import generate_rows

    try:  # NewRecord moved from services.records to services.record_entry
        from learncenter.services.record_entry import NewRecord
    except ImportError:
        from learncenter.services.records import NewRecord

    for raw in generate_rows(count, seed=seed, today=today):
        checked = validate_candidate(raw, today=today)
        if checked.candidate is None or checked.id_number is None:
            raise SystemExit(f"generator made an invalid row: {checked.problems}")
        yield NewRecord(checked.candidate, checked.id_number.entered, RecordState.PRE_REGISTERED)


# (id_number in 18 characters, as entered, name) of one candidate
Person = tuple[str, str, str]

KINDS = ("id", "name", "initials")


def pick_queries(people: Sequence[Person], per_kind: int, *, seed: int) -> dict[str, list[tuple[str, str]]]:
    """A fixed, seeded query set: kind -> [(query text, value for the floor query)].

    * id: full 18-character ID numbers of existing people; a person whose ID was entered in
      the legacy 15-digit form is asked for by that form (about one in ten of these queries,
      or as many as exist), the floor query gets the 18-character form; a person with another
      document (回乡证, 台胞证 ...) is asked for by its number as printed, the floor query gets
      the stored key;
    * name: two-character names that exist;
    * initials: pinyin initials of existing people ("zs", "wlb").
    """
    from learncenter.domain.identity_documents import KEY_SEPARATOR
    from learncenter.store.name_keys import name_keys
    from learncenter.store.search import document_key

    def asked_as(key: str) -> str | None:
        """What a clerk types for another document than the ID card: its number as printed;
        None where the number alone is no key (a foreign passport, found by the holder's name)."""
        number = key.split(KEY_SEPARATOR, 1)[1]
        return number if document_key(number) == key else None

    rng = random.Random(seed)
    legacy: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    for key, entered, _ in people:
        if KEY_SEPARATOR in key:
            if (asked := asked_as(key)) is not None:
                others.append((asked, key))
        elif len(entered) == 15:
            legacy.append((entered, key))
        else:
            others.append((key, key))
    n_legacy = min(len(legacy), max(1, per_kind // 10)) if legacy else 0
    ids = rng.sample(legacy, n_legacy) + rng.sample(others, min(len(others), per_kind - n_legacy))
    rng.shuffle(ids)

    two = sorted({name for _, _, name in people if len(name) == 2})
    names = [(n, n) for n in (rng.sample(two, per_kind) if len(two) >= per_kind
                              else [rng.choice(two) for _ in range(per_kind)])] if two else []

    initials = []
    for _, _, name in rng.sample(list(people), min(len(people), per_kind * 3)):
        letters = name_keys(name)[1]
        if 2 <= len(letters) <= 3:
            initials.append((letters, letters))
        if len(initials) == per_kind:
            break
    return {"id": ids, "name": names, "initials": initials}


BENCH_USER = ("bench", "bench password")


def bench_user(users: Any, role: Any = None) -> Any:
    """A signed-in user for a benchmark's database: the demo's administrator on a demo database,
    else an administrator "bench" made as the first user (then one of ``role`` if asked)."""
    from learncenter.domain.roles import Role

    if not users.any_user():
        users.add_first_admin(BENCH_USER[0], password=BENCH_USER[1])
    try:
        admin = users.authenticate(*BENCH_USER)
    except Exception:  # noqa: BLE001 - a demo database: its own administrator
        admin = users.authenticate("admin", "admin-demo")
    if role is None or role is Role.ADMIN:
        return admin
    name = f"bench-{role.value}"
    if name not in {n for n, _r, _a in users.list(actor=admin)}:
        users.add(name, role, actor=admin, password=BENCH_USER[1], must_change=False)
    return users.authenticate(name, BENCH_USER[1])


def bench_user_of(db: Any, role: Any = None) -> Any:
    """:func:`bench_user` for code that holds only the database."""
    from learncenter.services.users import UserService

    return bench_user(UserService(db), role)


def learncenter_command() -> list[str]:
    script = Path(sys.executable).with_name("learncenter")
    return [str(script)] if script.exists() else [sys.executable, "-m", "learncenter"]


def demo_database(cache: Path, candidates: int, confirmed: int, seed: int, *, marker: str) -> Path:
    """The cached demo database of (candidates, confirmed, seed), made by ``learncenter demo``
    first if needed (into a ``building-`` folder, renamed when the command succeeded); ``marker``
    names the file that says the folder is complete."""
    import shutil
    import subprocess
    import time

    folder = cache / f"demo-{candidates}-{confirmed}-{seed}"
    ready = folder / marker
    if ready.exists() or (folder / "demo-ready").exists():  # made by this benchmark or another one
        return folder
    building = cache / f"building-{folder.name}-{os.getpid()}"  # two benchmarks may build at once
    shutil.rmtree(building, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    print(f"building the demo database of {candidates:,} candidates ({confirmed:,} confirmed) in {folder} ...",
          flush=True)
    started = time.perf_counter()
    subprocess.run([*learncenter_command(), "--data-dir", str(building), "demo", "--candidates", str(candidates),
                    "--confirmed", str(confirmed), "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if (folder / "demo-ready").exists():  # another run finished first: use its copy
        shutil.rmtree(building, ignore_errors=True)
        return folder
    shutil.rmtree(folder, ignore_errors=True)  # an incomplete one, left by a run that was stopped
    building.rename(folder)
    ready.write_text(f"built by `learncenter demo` in {seconds:.0f} s on {datetime.now():%Y-%m-%d %H:%M}\n")
    (folder / "demo-ready").write_text(ready.read_text())
    print(f"  built in {seconds:.0f} s", flush=True)
    return folder
