"""`learncenter`: the desktop application (by default) and its headless commands.

Every command exits 0 when all went well, 1 when it finished but found something the user must
look at (refused rows, a broken audit chain, a failed integrity check), and 2 with a one-line
reason when the input or the situation did not let it run. No traceback reaches the user: an
unexpected failure is written to a log file whose path the one-line message names.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from learncenter.cli import admin_commands, record_commands
from learncenter.cli.output import Output, language_from_env
from learncenter.domain.messages import DomainError
from learncenter.store.layout import DataDir, default_data_dir


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="learncenter",
        description="On-site confirmation and records for learning centers of online education.",
    )
    parser.add_argument("--data-dir", type=Path, help="data folder (default: the user data folder, "
                        "or LEARNCENTER_DATA_DIR)")
    parser.add_argument("--lang", choices=("zh", "en"), help="language of messages (default: zh, "
                        "or LEARNCENTER_LANG)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    record_commands.register(commands)
    admin_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out = Output(args.lang or language_from_env())
    data_dir = DataDir((args.data_dir or default_data_dir()).expanduser().resolve())
    handler = getattr(args, "handler", None) or admin_commands.summary
    try:
        return int(handler(args, out, data_dir) or 0)
    except DomainError as exc:
        out.error(exc.text(out.lang))
        return 2
    except KeyboardInterrupt:
        out.error(out.say("cli.interrupted"))
        return 130
    except OSError as exc:
        out.error(out.say("cli.os_error", path=exc.filename or "", reason=exc.strerror or str(exc)))
        return 2
    except Exception:  # noqa: BLE001 - the last line of defence: log it, never show a traceback
        log = _write_crash_log(data_dir)
        out.error(out.say("cli.internal_error", log=str(log)))
        return 3


def _write_crash_log(data_dir: DataDir) -> Path:
    folder = data_dir.root / "logs" if data_dir.root.exists() else Path(os.getcwd())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"learncenter-error-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.log"
    path.write_text(traceback.format_exc(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
