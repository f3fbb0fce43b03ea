"""`learncenter`: the desktop application (by default) and its headless commands.

Every command exits 0 when all went well, 1 when it finished but found something the user must
look at (refused rows, a broken audit chain, a failed integrity check), and 2 with a one-line
reason when the input or the situation did not let it run. No traceback reaches the user: an
unexpected failure is written, scrubbed of record data, to the private log of the data folder
(``learncenter.log_files``), whose path the one-line message names.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from learncenter import argparse_words
from learncenter.cli.output import Output, language_from_env
from learncenter import __version__, log_files
from learncenter.domain.messages import LANGUAGES, DomainError
from learncenter.store.layout import DataDir, default_data_dir


# The module that registers each command, in the order --help lists them. Parsing a known command
# imports its module only (check-id answers without loading the exam, sync and admin commands);
# --help, or a name not listed, builds them all. tests/cli/test_cli.py keeps the table complete.
COMMAND_MODULES = {
    "check-id": "record_commands", "import": "record_commands", "export": "record_commands",
    "search": "record_commands", "unpaid": "record_commands",
    "demo": "admin_commands", "audit": "admin_commands", "db": "admin_commands", "users": "admin_commands",
    "sessions": "exam_commands", "seats": "exam_commands", "notices": "exam_commands",
    "room-lists": "exam_commands", "registration-forms": "exam_commands", "verify-notice": "exam_commands",
    "notice-keys": "exam_commands",
    "sync": "sync_commands",
    "students": "student_commands", "certificates": "student_commands",
    "update": "update_commands",
}


def build_parser(out: Output, *, with_commands: bool = True, command: str | None = None) -> argparse.ArgumentParser:
    """The parser; without commands (starting the GUI) it carries no help texts, since asking
    for help is itself a command and the catalogue of help texts is not worth loading then.
    With ``command`` (the one named on the command line) only its module's commands are built."""
    if not with_commands:
        parser = argparse.ArgumentParser(prog="learncenter", add_help=False)
        parser.add_argument("--data-dir", type=Path)
        parser.add_argument("--lang", choices=LANGUAGES)
        return parser
    from learncenter.cli.help_texts import help_code

    parser = argparse.ArgumentParser(prog="learncenter", description=out.say(help_code("description")))
    parser.add_argument("--data-dir", type=Path, help=out.say(help_code("data_dir")))
    parser.add_argument("--lang", choices=LANGUAGES, help=out.say(help_code("lang")))
    parser.add_argument("--version", action="version", version=f"learncenter {__version__}",
                        help=out.say(help_code("version")))
    from learncenter.cli import signing_in

    signing_in.add_arguments(parser, out)

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = COMMAND_MODULES.get(command or "")
    for name in dict.fromkeys(COMMAND_MODULES.values()):
        if wanted is None or name == wanted:
            importlib.import_module(f"learncenter.cli.{name}").register(commands, out)
    return parser


def _language(argv: Sequence[str]) -> str:
    """The --lang given on the command line, read before parsing so that --help speaks it too."""
    for index, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None)
        if value in LANGUAGES:
            return value
    return language_from_env()


def _command_given(argv: Sequence[str]) -> bool:
    """Whether the arguments name a command (or ask for help); without one the GUI starts, and
    the command modules, which load the database libraries, are not imported at all."""
    return _first_word(argv) is not None


def _first_word(argv: Sequence[str]) -> str | None:
    """The command named (or -h, --help, --version, which come first), or None."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--data-dir", "--lang", "--user"):
            skip = True
        elif arg in ("-h", "--help", "--version") or not arg.startswith("-"):
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out = Output(_language(argv))
    argparse_words.speak(out.lang)
    gui = not _command_given(argv)
    args = build_parser(out, with_commands=not gui, command=_first_word(argv)).parse_args(argv)
    data_dir = DataDir((args.data_dir or default_data_dir()).expanduser().resolve())
    with log_files.installed(log_files.log_folder(data_dir.root)) as log:
        try:
            if gui:
                from learncenter.cli.start import start

                return start(args.lang, out, data_dir)
            return int(args.handler(args, out, data_dir) or 0)
        except DomainError as exc:
            out.error(exc.text(out.lang))
            return 2
        except KeyboardInterrupt:
            out.error(out.say("cli.interrupted"))
            return 130
        except OSError as exc:
            out.error(out.say("cli.os_error", path=exc.filename or "", reason=exc.strerror or str(exc)))
            return 2
        except Exception as exc:  # noqa: BLE001 - the last line of defence: log it, never show a traceback
            log_files.log_unexpected(exc)
            from learncenter.store.engine import BUSY_TIMEOUT_MS, is_busy
            from learncenter.store.errors import DATABASE_BUSY

            if is_busy(exc):  # a write that did not wait its turn: still the user's answer, not a crash
                out.error(out.say(DATABASE_BUSY, path=str(data_dir.database), seconds=BUSY_TIMEOUT_MS // 1000))
                return 2
            out.error(out.say("cli.internal_error", log=log.baseFilename))
            return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
