"""Tracebacks that can leave the encrypted store: where it failed, never with what data.

An exception's message is where personal data hides: SQLAlchemy puts the SQL parameters of the
failing statement in it (names, ID numbers, phones, addresses, a password hash), a DomainError
renders a sentence with the candidate's name in it, an OSError names a file that may be called
after a person. So a scrubbed traceback keeps only what is known to be safe and drops the rest,
rather than trying to spot what looks personal:

* every frame's file (shortened to the package, the library or the file name: a home folder
  names its user), line number, function name and source line (program code, not data);
* every exception's type, and its cause or context the same way;
* of messages only the parts that cannot carry data: a DomainError's problem codes and field
  names (not its parameters), an OSError's errno and the system's sentence for it (not the file
  name), the original driver error behind a SQLAlchemy error when its text is one of SQLite's fixed
  sentences (``database is locked``, ``UNIQUE constraint failed: records.id``) or one of our
  triggers' own, and nothing of the statement or its parameters. Anything else is withheld.
"""

from __future__ import annotations

import re
import traceback
from pathlib import PurePath
from types import TracebackType

from learncenter.domain.messages import DomainError

WITHHELD = "(message withheld: it may carry record data)"

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?"
# SQLite's fixed sentences, and the sentences of our own triggers (store/migrations): none of
# them is built from a value.
_SAFE_DATABASE_MESSAGES = re.compile(
    "|".join((
        r"database is locked",
        r"database table is locked(?: \(\d+\))?",
        r"database schema has changed",
        r"disk I/O error",
        r"attempt to write a readonly database",
        r"unable to open database file",
        r"database or disk is full",
        r"file is not a database",
        r"file is encrypted or is not a database",
        r"database disk image is malformed",
        r"interrupted",
        r"out of memory",
        r"not an error",
        r"cannot start a transaction within a transaction",
        r"cannot commit - no transaction is active",
        r"cannot rollback - no transaction is active",
        rf"(?:UNIQUE|NOT NULL|CHECK|FOREIGN KEY|PRIMARY KEY) constraint failed(?:: {_IDENT}(?:, {_IDENT})*)?",
        rf"no such (?:table|column|index|trigger|savepoint): {_IDENT}",
        r"sealed record version cannot change",
        r"sealed record version cannot be deleted",
        r"audit log is append-only",
    )),
    re.ASCII,
)


def format_exception(exc: BaseException) -> str:
    """The whole chain of ``exc`` (causes first, as Python prints it), scrubbed."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "The above exception was the direct cause of the following exception:"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "During handling of the above exception, another exception occurred:"
        else:
            current = None
    lines: list[str] = []
    before = ""  # how the exception printed last led to the next one
    for item, link in reversed(chain):
        if before:
            lines += ["", before, ""]
        lines += _one(item)
        before = link
    return "\n".join(lines)


def _one(exc: BaseException) -> list[str]:
    lines = ["Traceback (most recent call last):"] if exc.__traceback__ is not None else []
    lines += frames(exc.__traceback__)
    lines.append(f"{type_name(exc)}: {safe_message(exc)}")
    return lines


def frames(tb: TracebackType | None) -> list[str]:
    lines: list[str] = []
    for frame in traceback.extract_tb(tb):
        lines.append(f'  File "{short_path(frame.filename)}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    return lines


def type_name(exc: BaseException) -> str:
    kind = type(exc)
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__") else f"{module}.{kind.__qualname__}"


def short_path(filename: str) -> str:
    """The file without the folders above the package or library it belongs to."""
    parts = PurePath(filename).parts
    for anchor in ("learncenter", "site-packages", "dist-packages"):
        if anchor in parts:
            index = len(parts) - 1 - parts[::-1].index(anchor)
            return "/".join(parts[index + (anchor != "learncenter"):])
    for index, part in enumerate(parts):
        if re.fullmatch(r"python3\.\d+", part):
            return "/".join(parts[index:])
    return parts[-1] if parts else filename


def safe_message(exc: BaseException) -> str:
    if isinstance(exc, DomainError):
        return "; ".join(p.code + (f" (field {p.field})" if p.field else "") for p in exc.problems)
    if isinstance(exc, OSError):
        if exc.errno is not None:
            return f"[Errno {exc.errno}] {exc.strerror or ''}".rstrip()
        return WITHHELD
    original = getattr(exc, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's error
    if isinstance(original, BaseException) and original is not exc:
        return f"({type_name(original)}) {safe_message(original)}"
    if type(exc).__module__.split(".")[0] in ("sqlite3", "sqlcipher3"):
        text = str(exc)
        return text if _SAFE_DATABASE_MESSAGES.fullmatch(text) else WITHHELD
    return WITHHELD
